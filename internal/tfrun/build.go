// Package tfrun runs the Terraform or OpenTofu CLI the way a user of this
// provider would, but offline: against a provider binary built from this
// module, which a dev_overrides CLI configuration hands to the CLI (no
// registry, no `init`), and against an in-process emulator of Stytch's API.
//
// The end-to-end tests (internal/e2e), the benchmark (cmd/stytch-bench) and
// the demo (cmd/stytch-demo) all drive the CLI through it, so that what they
// prove holds for one set-up:
//
//	p, _ := tfrun.BuildProvider(ctx, root, ".", dir)  // dir/bin/terraform-provider-stytch, dir/terraformrc
//	emu, _ := tfrun.StartEmulator(tfrun.EmulatorOptions{})
//	ws := &tfrun.Workspace{CLI: cli, Dir: work, Env: p.Env(os.Environ(), emu.API)}
//	res := ws.Run(ctx, "apply", "-auto-approve", "-input=false")
package tfrun

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Source is the provider's source address. As the dev_overrides key the
// short form matches under Terraform and OpenTofu alike, although their
// default registry hosts differ; a full registry.terraform.io/... key does
// not match under OpenTofu (README, "Supported CLIs").
const Source = "platformkit/stytch"

// modulePath is this module, where the provider is built from.
const modulePath = "github.com/platformkit/terraform-provider-stytch"

// binaryName is the file name the CLI looks for in a dev_overrides folder.
const binaryName = "terraform-provider-stytch"

// Provider is a provider binary built from this module and the CLI
// configuration that makes a CLI use it.
type Provider struct {
	// Binary is the built executable.
	Binary string
	// CLIConfig is the CLI configuration file, for TF_CLI_CONFIG_FILE.
	CLIConfig string
}

// BuildProvider builds the main package pkg of the module at root ("." is
// the provider; another package builds a variant of it, e.g. one that writes
// profiles) into dir/bin, and writes dir/terraformrc, a CLI configuration
// whose dev_overrides resolve Source to that binary. Build tags, if any, are
// passed to go build -tags (the benchmark's stytchbench adds no-op resources).
func BuildProvider(ctx context.Context, root, pkg, dir string, tags ...string) (*Provider, error) {
	bin := filepath.Join(dir, "bin", binaryName)
	args := buildArgs(bin, pkg, tags)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("building the provider (go %s, in %s): %w\n%s", strings.Join(args, " "), root, err, out)
	}
	rc := filepath.Join(dir, "terraformrc")
	if err := os.WriteFile(rc, []byte(cliConfig(filepath.Dir(bin))), 0o600); err != nil {
		return nil, fmt.Errorf("writing the CLI configuration: %w", err)
	}
	return &Provider{Binary: bin, CLIConfig: rc}, nil
}

// buildArgs are the arguments of go that build pkg into bin with tags.
func buildArgs(bin, pkg string, tags []string) []string {
	args := []string{"build"}
	if len(tags) > 0 {
		args = append(args, "-tags", strings.Join(tags, ","))
	}
	return append(args, "-o", bin, pkg)
}

// cliConfig is the CLI configuration that resolves Source to the binary in
// providerDir; `direct {}` keeps every other provider installable as usual.
func cliConfig(providerDir string) string {
	return fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n", Source, providerDir)
}

// ModuleRoot is the folder of this module's go.mod, found from the current
// directory as the go command finds it.
func ModuleRoot(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	const where = "run it from inside a clone of " + modulePath + " (the make targets do)"
	if gomod == "" || gomod == os.DevNull {
		return "", errors.New("not inside a Go module: " + where)
	}
	data, err := os.ReadFile(gomod)
	if err != nil {
		return "", err
	}
	if got := moduleLine(data); got != modulePath {
		return "", fmt.Errorf("%s is module %q, not %s: %s", gomod, got, modulePath, where)
	}
	return filepath.Dir(gomod), nil
}

// moduleLine returns the module path that go.mod data declares.
func moduleLine(data []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "//")
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "module "); ok {
			return strings.Trim(strings.TrimSpace(rest), `"`)
		}
	}
	return ""
}
