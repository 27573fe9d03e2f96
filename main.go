// Command terraform-provider-stytch is a Terraform provider that manages Stytch
// B2B organizations.
package main

import (
	"flag"
	"log"

	"github.com/platformkit/terraform-provider-stytch/internal/pluginserver"
	"github.com/platformkit/terraform-provider-stytch/internal/provider"
)

// version is set at build time with -ldflags "-X main.version=1.2.3".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	err := pluginserver.Serve(provider.New(version), pluginserver.Options{Address: provider.Address, Debug: debug})
	if err != nil {
		log.Fatal(err.Error())
	}
}
