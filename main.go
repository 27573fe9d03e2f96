// Command terraform-provider-stytch is a Terraform provider that manages Stytch
// B2B organizations.
package main

import (
	"flag"
	"log"
	"os"

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
