package provider

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
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

// adaptToCLI sets TF_ACC_PROVIDER_HOST for OpenTofu unless it is set already.
func adaptToCLI() error {
	if os.Getenv(resource.EnvTfAcc) == "" || os.Getenv(resource.EnvTfAccProviderHost) != "" {
		return nil
	}
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		// terraform-plugin-testing then uses (or installs) Terraform.
		return nil
	}
	tofu, err := isOpenTofu(cli)
	if err != nil {
		return err
	}
	if tofu {
		return os.Setenv(resource.EnvTfAccProviderHost, openTofuRegistryHost)
	}
	return nil
}

// isOpenTofu reports whether the CLI at path is OpenTofu: `tofu version`
// starts with "OpenTofu v", `terraform version` with "Terraform v".
func isOpenTofu(path string) (bool, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, "version")
	// An empty CLI configuration keeps the output to the version lines.
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE=/dev/null", "CHECKPOINT_DISABLE=1")
	out, err := cmd.Output()
	if err != nil {
		return false, fmt.Errorf("%s version: %w", path, err)
	}
	return strings.HasPrefix(strings.TrimSpace(string(out)), "OpenTofu v"), nil
}

func TestIsOpenTofu(t *testing.T) {
	dir := t.TempDir()
	for name, line := range map[string]string{"tofu": "OpenTofu v1.10.10", "terraform": "Terraform v1.8.5"} {
		script := dir + "/" + name
		if err := os.WriteFile(script, []byte("#!/bin/sh\necho '"+line+"'\necho 'on linux_amd64'\n"), 0o755); err != nil {
			t.Fatal(err)
		}
		got, err := isOpenTofu(script)
		if err != nil {
			t.Fatal(err)
		}
		if got != (name == "tofu") {
			t.Errorf("isOpenTofu(%q) = %v", line, got)
		}
	}
}
