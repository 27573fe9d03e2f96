// Package e2e drives the real Terraform CLI against the emulator the way a
// user does: a provider binary built from this repository, a CLI
// configuration with dev_overrides, and plain `terraform apply`. It is for
// scenarios the terraform-plugin-testing harness cannot observe: the text of
// errors next to the state, logs written with TF_LOG, and runs of hundreds
// of resources under injected faults.
package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/platformkit/terraform-provider-stytch/internal/emulator"
)

const (
	projectID = "project-test-e2e00000-0000-4000-8000-000000000000"
	secret    = "secret-test-e2e-Vb7Qk2NwX9"
)

var (
	buildOnce   sync.Once
	providerDir string // created and removed by TestMain
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
	if os.Getenv("TF_ACC") == "" {
		t.Skip("end-to-end CLI tests run with TF_ACC=1 (make test sets it)")
	}
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p
	}
	p, err := exec.LookPath("terraform")
	if err != nil {
		t.Skip("no terraform CLI: set TF_ACC_TERRAFORM_PATH (make test does)")
	}
	return p
}

// buildProvider builds the provider binary once per test process, into the
// directory TestMain created.
func buildProvider(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		cmd := exec.CommandContext(t.Context(), "go", "build", "-o", filepath.Join(providerDir, "terraform-provider-stytch"), ".")
		cmd.Dir = filepath.Join("..", "..")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %w\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return providerDir
}

// workspace is one Terraform working directory using the built provider.
type workspace struct {
	t   *testing.T
	tf  string
	dir string
	env []string
}

// newWorkspace prepares a working directory whose provider talks to baseURL.
func newWorkspace(t *testing.T, baseURL string, extraEnv ...string) *workspace {
	t.Helper()
	tf := terraformPath(t)
	bin := buildProvider(t)
	dir := t.TempDir()
	rc := filepath.Join(dir, ".terraformrc")
	cfg := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"platformkit/stytch\" = %q\n  }\n  direct {}\n}\n", bin)
	if err := os.WriteFile(rc, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+rc,
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1",
		"STYTCH_PROJECT_ID="+projectID,
		"STYTCH_SECRET="+secret,
		"STYTCH_BASE_URL="+baseURL,
	)
	return &workspace{t: t, tf: tf, dir: dir, env: append(env, extraEnv...)}
}

// write puts a configuration (after the provider requirements) in main.tf.
func (w *workspace) write(hcl string) {
	w.t.Helper()
	header := "terraform {\n  required_providers {\n    stytch = { source = \"platformkit/stytch\" }\n  }\n}\n\n"
	if err := os.WriteFile(filepath.Join(w.dir, "main.tf"), []byte(header+hcl), 0o600); err != nil {
		w.t.Fatal(err)
	}
}

// result is what one CLI command printed and how it exited.
type result struct {
	stdout, stderr string
	code           int
}

// run runs the CLI with args and returns its output; it never fails the test.
func (w *workspace) run(args ...string) result {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, w.tf, args...)
	cmd.Dir = w.dir
	cmd.Env = w.env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if err != nil {
		code = -1
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			code = exitErr.ExitCode()
		}
	}
	return result{stdout: stdout.String(), stderr: stderr.String(), code: code}
}

// mustRun runs the CLI and fails the test unless it exits with 0.
func (w *workspace) mustRun(args ...string) result {
	w.t.Helper()
	r := w.run(args...)
	if r.code != 0 {
		w.t.Fatalf("terraform %s exited %d, want 0\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), r.code, tail(r.stdout), r.stderr)
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
	if err := json.Unmarshal([]byte(r.stdout), &show); err != nil {
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
	emu := emulator.New(emulator.Options{ProjectID: projectID, Secret: secret, Faults: faults})
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	return emu, srv.URL
}

func tail(s string) string {
	if len(s) > 4000 {
		return "…" + s[len(s)-4000:]
	}
	return s
}
