// Package e2e drives the real Terraform CLI against the emulator the way a
// user does, through internal/tfrun: a provider binary built from this
// repository, handed to the CLI by its CLI configuration, and plain
// `terraform apply`. It is for scenarios the terraform-plugin-testing harness
// cannot observe: the text of errors next to the state, logs written with
// TF_LOG, and runs of hundreds of resources under injected faults.
package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/platformkit/terraform-provider-stytch/internal/emulator"
	"github.com/platformkit/terraform-provider-stytch/internal/tfrun"
)

const (
	projectID = "project-test-e2e00000-0000-4000-8000-000000000000"
	secret    = "secret-test-e2e-Vb7Qk2NwX9"
)

var (
	buildOnce   sync.Once
	providerDir string // created and removed by TestMain
	provider    *tfrun.Provider
	buildErr    error
)

// TestMain owns the directory the provider binary is built into, which
// outlives any single test, and removes it after the run.
func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	dir, err := os.MkdirTemp("", "stytch-e2e-provider")
	if err != nil {
		fmt.Fprintln(os.Stderr, "creating the provider build directory:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	providerDir = dir
	return m.Run()
}

// terraformPath is the CLI the tests drive (make test sets it).
func terraformPath(t *testing.T) string {
	t.Helper()
	path, skip := tfrun.TestCLI()
	if skip != "" {
		t.Skip(skip)
	}
	return path
}

// buildProvider builds the provider binary once per test process, into the
// directory TestMain created.
func buildProvider(t *testing.T) *tfrun.Provider {
	t.Helper()
	buildOnce.Do(func() {
		// Not the test's context: the build serves every later test too.
		ctx := context.Background()
		root, err := tfrun.ModuleRoot(ctx)
		if err == nil {
			provider, err = tfrun.BuildProvider(ctx, root, ".", providerDir)
		}
		buildErr = err
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return provider
}

// workspace is one Terraform working directory using the built provider.
type workspace struct {
	t *testing.T
	*tfrun.Workspace
}

// newWorkspace prepares a working directory whose provider talks to baseURL.
func newWorkspace(t *testing.T, baseURL string, extraEnv ...string) *workspace {
	t.Helper()
	tf := terraformPath(t)
	api := tfrun.API{BaseURL: baseURL, ProjectID: projectID, Secret: secret}
	return &workspace{t: t, Workspace: &tfrun.Workspace{
		CLI:     tf,
		Dir:     t.TempDir(),
		Env:     buildProvider(t).Env(os.Environ(), api, extraEnv...),
		Timeout: 10 * time.Minute,
	}}
}

// write puts a configuration (after the provider requirements) in main.tf.
func (w *workspace) write(hcl string) {
	w.t.Helper()
	header := "terraform {\n  required_providers {\n    stytch = { source = \"platformkit/stytch\" }\n  }\n}\n\n"
	if err := w.WriteFile("main.tf", header+hcl); err != nil {
		w.t.Fatal(err)
	}
}

// run runs the CLI with args and returns its output; it never fails the test.
func (w *workspace) run(args ...string) tfrun.Result {
	w.t.Helper()
	return w.Run(w.t.Context(), args...)
}

// mustRun runs the CLI and fails the test unless it exits with 0.
func (w *workspace) mustRun(args ...string) tfrun.Result {
	w.t.Helper()
	r := w.run(args...)
	if err := r.ExpectExit(); err != nil {
		w.t.Fatalf("%v\nstdout:\n%s\nstderr:\n%s", err, tail(r.Stdout), r.Stderr)
	}
	return r
}

// stateOrganizations maps organization id to slug for every organization in state.
func (w *workspace) stateOrganizations() map[string]string {
	w.t.Helper()
	r := w.mustRun("show", "-json", "-no-color")
	var show struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Type   string         `json:"type"`
					Values map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(r.Stdout), &show); err != nil {
		w.t.Fatalf("terraform show -json: %v", err)
	}
	out := map[string]string{}
	for _, res := range show.Values.RootModule.Resources {
		if res.Type == "stytch_b2b_organization" {
			out[fmt.Sprint(res.Values["organization_id"])] = fmt.Sprint(res.Values["organization_slug"])
		}
	}
	return out
}

// startEmulator serves a fresh emulator on loopback for the test.
func startEmulator(t *testing.T, faults emulator.Faults) (*emulator.Server, string) {
	t.Helper()
	emu, err := tfrun.StartEmulator(tfrun.EmulatorOptions{ProjectID: projectID, Secret: secret, Faults: faults})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = emu.Close() })
	return emu.Server, emu.API.BaseURL
}

func tail(s string) string {
	if len(s) > 4000 {
		return "…" + s[len(s)-4000:]
	}
	return s
}
