package tfrun

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// gracePeriod is how long a canceled command may take to stop after its
// interrupt before it is killed.
const gracePeriod = 10 * time.Second

// Env is the environment of a CLI command that uses p against api: base
// (os.Environ(), or Isolated(os.Environ()) when the caller's shell must not
// matter), then the CLI configuration, the settings of an unattended offline
// run (no prompts meant for people, no version check over the network), the
// API's URL and credentials, then extra. A later entry wins over an earlier
// one of the same name, so extra can override anything before it.
func (p *Provider) Env(base []string, api API, extra ...string) []string {
	env := append(slices.Clone(base),
		"TF_CLI_CONFIG_FILE="+p.CLIConfig,
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1",
		"STYTCH_PROJECT_ID="+api.ProjectID,
		"STYTCH_SECRET="+api.Secret,
		"STYTCH_BASE_URL="+api.BaseURL,
	)
	return append(env, extra...)
}

// Isolated returns environ without the variables that change what the CLI or
// the provider does (TF_*, STYTCH_*, CHECKPOINT_DISABLE): logging, other
// credentials, retries, rate limits.
func Isolated(environ []string) []string {
	var out []string
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "TF_") || strings.HasPrefix(name, "STYTCH_") || name == "CHECKPOINT_DISABLE" {
			continue
		}
		out = append(out, kv)
	}
	return out
}

// Workspace is a working directory in which CLI commands run.
type Workspace struct {
	// CLI is the path of the terraform or tofu executable.
	CLI string
	// Dir is the working directory; it holds the configuration and the state.
	Dir string
	// Env is the whole environment of each command (see Provider.Env).
	Env []string
	// Timeout bounds each Run; 0 leaves it to the caller's context.
	Timeout time.Duration
	// Stdout and Stderr, when set, also receive what Run's commands print,
	// as they print it.
	Stdout, Stderr io.Writer
}

// WriteFile writes a file (a configuration, usually) into the workspace.
func (w *Workspace) WriteFile(name, content string) error {
	return os.WriteFile(filepath.Join(w.Dir, name), []byte(content), 0o600)
}

// Command is one CLI command in the workspace, with its directory and
// environment set; its output is the caller's to connect. When ctx ends the
// CLI first gets an interrupt, as from Ctrl-C, so that it stops cleanly and
// saves its state, and is killed only if it has not stopped after a grace
// period.
func (w *Workspace) Command(ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, w.CLI, args...)
	cmd.Dir, cmd.Env = w.Dir, w.Env
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = gracePeriod
	return cmd
}

// Result is what one CLI command printed and how it ended.
type Result struct {
	// Command is the command line, with the CLI's file name, for messages.
	Command string
	Stdout  string
	Stderr  string
	// Code is the exit code; -1 when the CLI did not start or was stopped by
	// a signal.
	Code int
	// Err says why the command did not run to its own end (it could not
	// start, it timed out, it was canceled); nil when it exited by itself,
	// with whatever code.
	Err error
}

// Run runs one CLI command and captures its output. It reports every
// outcome in the Result; ExpectExit turns one into an error.
func (w *Workspace) Run(ctx context.Context, args ...string) Result {
	if w.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, w.Timeout)
		defer cancel()
	}
	cmd := w.Command(ctx, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = tee(&stdout, w.Stdout), tee(&stderr, w.Stderr)
	err := cmd.Run()
	r := Result{
		Command: strings.Join(append([]string{filepath.Base(w.CLI)}, args...), " "),
		Stdout:  stdout.String(),
		Stderr:  stderr.String(),
	}
	r.Code = -1
	if cmd.ProcessState != nil {
		r.Code = cmd.ProcessState.ExitCode()
	}
	var exitErr *exec.ExitError
	switch {
	case err == nil:
	case errors.Is(ctx.Err(), context.DeadlineExceeded) && w.Timeout > 0:
		r.Err = fmt.Errorf("stopped after the timeout of %s: %w", w.Timeout, ctx.Err())
	case ctx.Err() != nil:
		r.Err = fmt.Errorf("stopped: %w", ctx.Err())
	case !errors.As(err, &exitErr):
		r.Err = err
	}
	return r
}

// ExpectExit returns nil when the command exited by itself with one of codes
// (0 when none are given), otherwise an error that names the command and how
// it ended.
func (r Result) ExpectExit(codes ...int) error {
	if len(codes) == 0 {
		codes = []int{0}
	}
	if r.Err != nil {
		return fmt.Errorf("%s: %w", r.Command, r.Err)
	}
	if slices.Contains(codes, r.Code) {
		return nil
	}
	want := make([]string, len(codes))
	for i, c := range codes {
		want[i] = fmt.Sprint(c)
	}
	return fmt.Errorf("%s exited %d, want %s", r.Command, r.Code, strings.Join(want, " or "))
}

// tee is buf, also copying to echo when it is set.
func tee(buf *bytes.Buffer, echo io.Writer) io.Writer {
	if echo == nil {
		return buf
	}
	return io.MultiWriter(buf, echo)
}

// FindCLI returns the absolute path of the CLI that choice names, as the
// make targets take it in TF: "" or "terraform" is scripts/terraform.sh's
// Terraform (the one on PATH when it is 1.8 or newer, otherwise v1.13.3
// built once), "tofu" or "opentofu" is scripts/tofu.sh's OpenTofu, anything
// else the path or name of a CLI. The scripts' build progress goes to
// stderr.
func FindCLI(ctx context.Context, root, choice string, stderr io.Writer) (string, error) {
	var script string
	switch choice {
	case "", "terraform":
		script = "terraform.sh"
	case "tofu", "opentofu":
		script = "tofu.sh"
	default:
		p, err := exec.LookPath(choice)
		if err != nil {
			return "", fmt.Errorf("no CLI %q: give terraform, tofu, or the path or name of a Terraform or OpenTofu executable (%w)", choice, err)
		}
		return filepath.Abs(p)
	}
	cmd := exec.CommandContext(ctx, filepath.Join(root, "scripts", script))
	cmd.Stderr = stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("scripts/%s could not provide the CLI (its output is above): %w", script, err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	path := strings.TrimSpace(lines[len(lines)-1])
	if path == "" {
		return "", fmt.Errorf("scripts/%s printed no path", script)
	}
	return filepath.Abs(path)
}

// TestCLI is the CLI that tests which run the real CLI drive: the one in
// TF_ACC_TERRAFORM_PATH, else terraform on PATH. skip is why such a test
// must skip instead (TF_ACC is not set, or there is no CLI); empty otherwise.
func TestCLI() (path, skip string) {
	if os.Getenv("TF_ACC") == "" {
		return "", "tests that run the real CLI need TF_ACC=1 (make test sets it)"
	}
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p, ""
	}
	p, err := exec.LookPath("terraform")
	if err != nil {
		return "", "no terraform on PATH: set TF_ACC_TERRAFORM_PATH to a Terraform or OpenTofu CLI (make test does)"
	}
	return p, ""
}
