package provider

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/platformkit/terraform-provider-stytch/internal/tfcli"
)

// openTofuRegistryHost is where OpenTofu resolves provider sources without a
// hostname, such as the implied "stytch" of a provider block.
const openTofuRegistryHost = "registry.opentofu.org"

// TestMain lets the acceptance tests run on OpenTofu as well as on Terraform.
//
// terraform-plugin-testing serves the provider in-process and hands its
// address to the CLI in TF_REATTACH_PROVIDERS, under the host
// registry.terraform.io unless TF_ACC_PROVIDER_HOST says otherwise. The test
// configurations name no source, so OpenTofu looks the provider up as
// registry.opentofu.org/hashicorp/stytch, finds no reattached provider of that
// name and fails at init ("The legacy provider namespace "-" can be used only
// with hostname registry.opentofu.org"). When the CLI under test is OpenTofu,
// the provider is therefore reattached under OpenTofu's default host.
func TestMain(m *testing.M) {
	if err := adaptToCLI(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// adaptToCLI sets TF_ACC_PROVIDER_HOST for OpenTofu unless it is set already,
// and replaces a TF_CLI_CONFIG_FILE that names a missing file with an empty
// configuration: OpenTofu 1.12 then prints a warning before its version,
// which terraform-plugin-testing's version check cannot parse. The tests
// need nothing from a CLI configuration (the provider is reattached).
func adaptToCLI() error {
	if os.Getenv(resource.EnvTfAcc) == "" {
		return nil
	}
	if f := os.Getenv("TF_CLI_CONFIG_FILE"); f != "" {
		if _, err := os.Stat(f); errors.Is(err, fs.ErrNotExist) {
			if err := os.Setenv("TF_CLI_CONFIG_FILE", os.DevNull); err != nil {
				return err
			}
		}
	}
	if os.Getenv(resource.EnvTfAccProviderHost) != "" {
		return nil
	}
	if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		// terraform-plugin-testing then uses (or installs) Terraform.
		return nil
	}
	info, _, err := testCLI()
	if err != nil {
		return err
	}
	if info.IsOpenTofu() {
		return os.Setenv(resource.EnvTfAccProviderHost, openTofuRegistryHost)
	}
	return nil
}

// removedBlock is a `removed` block that makes the CLI forget address without
// destroying it. OpenTofu before 1.10 has no lifecycle block there (its
// removed blocks always forget); Terraform and later OpenTofu need
// `destroy = false` to forget.
func removedBlock(t *testing.T, address string) string {
	t.Helper()
	info, found, err := testCLI()
	if err != nil {
		t.Fatal(err)
	}
	if found && info.IsOpenTofu() && !info.AtLeast([3]int{1, 10, 0}) {
		return fmt.Sprintf("removed {\n  from = %s\n}\n", address)
	}
	return fmt.Sprintf("removed {\n  from = %s\n  lifecycle {\n    destroy = false\n  }\n}\n", address)
}

// testCLI identifies, once per test binary, the CLI the acceptance tests
// drive: TF_ACC_TERRAFORM_PATH, or else the terraform on PATH. found is false
// when there is neither (terraform-plugin-testing then installs one).
func testCLI() (info tfcli.Info, found bool, err error) {
	cli, err := identifiedCLI()
	return cli.info, cli.found, err
}

type identified struct {
	info  tfcli.Info
	found bool
}

var identifiedCLI = sync.OnceValues(func() (identified, error) {
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		p, err := exec.LookPath("terraform")
		if err != nil {
			return identified{}, nil
		}
		cli = p
	}
	info, err := tfcli.Identify(cli)
	return identified{info: info, found: err == nil}, err
})
