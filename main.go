// Command terraform-provider-stytch is a Terraform provider that manages Stytch
// B2B organizations.
package main

import (
	"flag"
	"log"
	"os"
	runtimedebug "runtime/debug"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/platformkit/terraform-provider-stytch/internal/provider"
)

// version is set at build time with -ldflags "-X main.version=1.2.3".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	// In debug mode the provider's log goes straight to the developer's
	// terminal, so it keeps the libraries' defaults there.
	if !debug {
		for name, level := range unreadLogLevels(os.Getenv) {
			if err := os.Setenv(name, level); err != nil {
				log.Fatal(err.Error())
			}
		}
	}

	// The plugin framework allocates a lot per RPC (it rebuilds the schema's
	// attribute map at every step of every attribute path), so about a quarter
	// of the provider's CPU went to the garbage collector (a CPU profile of
	// `make bench N=200`), while the live heap stays
	// at a few MiB now that server.go frees each RPC's context. GOGC=200
	// trades some of that small heap for CPU: `make bench N=200` measured 17%
	// less provider CPU on create, and peak RSS 40 MiB instead of 32 MiB. A
	// GOGC set by the user wins.
	if os.Getenv("GOGC") == "" {
		runtimedebug.SetGCPercent(200)
	}

	// What providerserver.Serve does, with the framework's server wrapped so
	// that it does not keep every RPC's context (server.go).
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	framework := providerserver.NewProtocol6(provider.New(version)())
	serve := func() tfprotov6.ProviderServer { return releaseContexts(framework()) }
	if err := tf6server.Serve(provider.Address, serve, opts...); err != nil {
		log.Fatal(err.Error())
	}
}
