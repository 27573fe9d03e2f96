// Package pluginserver serves a terraform-plugin-framework provider over the
// plugin protocol the way providerserver.Serve does, with two process-level
// settings that keep a large apply cheap: log levels that stop the plugin
// libraries from writing lines Terraform discards (loglevels.go), and a
// wrapper that frees each RPC's context, which the framework keeps (release.go).
package pluginserver

import (
	"os"
	runtimedebug "runtime/debug"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// Options are the settings of Serve.
type Options struct {
	// Address is the provider's registry address, such as
	// "registry.terraform.io/platformkit/stytch".
	Address string
	// Debug runs the provider for a debugger (terraform-plugin-go's managed
	// debug mode). The libraries' own log defaults are kept then, since the
	// log goes to the developer's terminal and not through Terraform.
	Debug bool
}

// defaultGCPercent is the GOGC used unless the user sets GOGC: the framework
// allocates heavily per RPC while the live heap stays small, so collecting
// less often trades a few MiB of heap for CPU (BENCHMARKS.md, "What changed
// in this round, and its effect", item 3).
const defaultGCPercent = 200

// Serve serves the provider until Terraform stops it.
func Serve(p func() provider.Provider, opts Options) error {
	if !opts.Debug {
		for name, level := range unreadLogLevels(os.Getenv) {
			if err := os.Setenv(name, level); err != nil {
				return err
			}
		}
	}
	if os.Getenv("GOGC") == "" {
		runtimedebug.SetGCPercent(defaultGCPercent)
	}
	var serveOpts []tf6server.ServeOpt
	if opts.Debug {
		serveOpts = append(serveOpts, tf6server.WithManagedDebug())
	}
	framework := providerserver.NewProtocol6(p())
	server := func() tfprotov6.ProviderServer { return releaseContexts(framework()) }
	return tf6server.Serve(opts.Address, server, serveOpts...)
}
