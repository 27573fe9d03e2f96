// Command stytch-demo is `make demo`: it builds the provider, serves the
// emulator of Stytch's API on a loopback port, and with the chosen CLI
// applies examples/demo, shows the outputs, proves that the plan after the
// apply is empty and destroys everything. Any failing step ends the demo
// with a message that names the step.
//
// The emulator runs inside this process (internal/tfrun) rather than as the
// cmd/stytch-emulator binary: nothing has to be scraped from another
// process's output to find its port, and it stops with the demo whatever
// way the demo ends.
//
// Usage:
//
//	go run ./cmd/stytch-demo [-cli terraform|tofu|PATH]
//	make demo [TF=tofu]
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/platformkit/terraform-provider-stytch/internal/tfcli"
	"github.com/platformkit/terraform-provider-stytch/internal/tfrun"
)

// commandTimeout bounds each CLI command, so that a hung CLI fails the demo
// instead of stalling it; the demo's commands take seconds.
const commandTimeout = 10 * time.Minute

func main() {
	fs := flag.NewFlagSet("stytch-demo", flag.ExitOnError)
	cli := fs.String("cli", os.Getenv("TF"), "CLI to run: terraform (scripts/terraform.sh), tofu or opentofu (scripts/tofu.sh),\n"+
		"or a CLI's path or name (default $TF, else terraform)")
	_ = fs.Parse(os.Args[1:])
	if fs.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "stytch-demo: unexpected arguments %v\n", fs.Args())
		fs.Usage()
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *cli, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "\nstytch-demo: FAILED:", err)
		os.Exit(1)
	}
}

// run performs the demo with the CLI that choice names (see tfrun.FindCLI),
// printing its steps and the CLI's output to stdout and stderr.
func run(ctx context.Context, choice string, stdout, stderr io.Writer) error {
	step := func(title string) { fmt.Fprintf(stdout, "\n==> %s\n", title) }
	root, err := tfrun.ModuleRoot(ctx)
	if err != nil {
		return err
	}
	cli, err := tfrun.FindCLI(ctx, root, choice, stderr)
	if err != nil {
		return err
	}
	info, err := tfcli.Identify(cli)
	if err != nil {
		return fmt.Errorf("the demo runs Terraform or OpenTofu: %w", err)
	}
	work, err := os.MkdirTemp("", "stytch-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)

	step("Building the provider")
	provider, err := tfrun.BuildProvider(ctx, root, ".", work)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, provider.Binary)

	step("Starting the emulator")
	logPath := filepath.Join(work, "emulator.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return err
	}
	defer logFile.Close()
	emu, err := tfrun.StartEmulator(tfrun.EmulatorOptions{Logger: log.New(logFile, "", log.LstdFlags|log.LUTC)})
	if err != nil {
		return fmt.Errorf("starting the emulator: %w", err)
	}
	defer emu.Close()
	fmt.Fprintf(stdout, "emulator at %s (in this process; fresh credentials in STYTCH_PROJECT_ID and STYTCH_SECRET)\n", emu.API.BaseURL)

	ws := &tfrun.Workspace{
		CLI:     cli,
		Dir:     filepath.Join(work, "demo"),
		Env:     provider.Env(os.Environ(), emu.API),
		Timeout: commandTimeout,
		Stdout:  stdout,
		Stderr:  stderr,
	}
	if err := copyConfiguration(filepath.Join(root, "examples", "demo"), ws.Dir); err != nil {
		return err
	}
	// runStep runs one CLI command of the demo; its own output, errors
	// included, is already on the screen when it fails.
	runStep := func(name string, args ...string) error {
		if err := ws.Run(ctx, args...).ExpectExit(); err != nil {
			return fmt.Errorf("%s: %w (the CLI's output is above)", name, err)
		}
		return nil
	}

	step(fmt.Sprintf("%s (%s): apply", info.Line, cli))
	if err := runStep("apply", "apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		return err
	}

	step("Outputs")
	if err := runStep("outputs", "output", "-no-color"); err != nil {
		return err
	}

	step("Plan after apply (must be empty)")
	plan := ws.Run(ctx, "plan", "-detailed-exitcode", "-input=false", "-no-color")
	if plan.Code == 2 && plan.Err == nil {
		return errors.New("the plan after apply is not empty (exit 2): the provider would change what it has just applied; " +
			"the plan above shows the attributes that differ")
	}
	if err := plan.ExpectExit(); err != nil {
		return fmt.Errorf("plan after apply: %w (the CLI's output is above)", err)
	}

	step("Destroy")
	if err := runStep("destroy", "destroy", "-auto-approve", "-input=false", "-no-color"); err != nil {
		return err
	}
	if n := emu.Len(); n != 0 {
		return fmt.Errorf("destroy: %d organizations are left in the emulator; the destroy above should have deleted them all", n)
	}

	step("Emulator requests")
	requests, err := os.ReadFile(logPath)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d requests served\n", bytes.Count(requests, []byte("\n")))
	if bytes.Contains(requests, []byte(emu.API.Secret)) {
		return errors.New("the secret appeared in the emulator's request log")
	}

	step("Demo finished: apply, empty plan and destroy all succeeded")
	return nil
}

// copyConfiguration copies the .tf files of from into the new folder to.
func copyConfiguration(from, to string) error {
	files, err := filepath.Glob(filepath.Join(from, "*.tf"))
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("no .tf files in %s: the demo's configuration is missing", from)
	}
	if err := os.MkdirAll(to, 0o755); err != nil {
		return err
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(to, filepath.Base(f)), data, 0o600); err != nil {
			return err
		}
	}
	return nil
}
