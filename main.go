// Command terraform-provider-stytch is a Terraform provider that manages Stytch
// B2B organizations.
package main

import (
	"context"
	"flag"
	"log"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

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

	opts := providerserver.ServeOpts{
		Address:         provider.Address,
		Debug:           debug,
		ProtocolVersion: 6,
	}
	if err := providerserver.Serve(context.Background(), provider.New(version), opts); err != nil {
		log.Fatal(err.Error())
	}
}
