package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/platformkit/terraform-provider-stytch/internal/tfrun"
)

// bench holds what every phase needs.
type bench struct {
	opts     options
	tf       string // Terraform CLI
	work     string // temporary folder
	provider *tfrun.Provider
	// noopProvider is the provider built with the tag stytchbench, which
	// adds the no-op twins of reference (c); nil when (c) is not measured.
	noopProvider *tfrun.Provider
	emu          *emulatorServer
	// certificate is the IdP certificate of the tenants' SAML connections.
	certificate string
}

// tfSubject is a Terraform configuration to measure.
type tfSubject struct {
	name string
	// scenario and layout place its measurements in the report: "" for the
	// organizations, scenarioTenants with layoutSingle or layoutSharded.
	scenario, layout string
	// shard names the tenants of one shard, such as "t0000-t0009".
	shard string
	// dir is its working directory below the run's temporary folder; name
	// when empty.
	dir string
	// slugPrefix starts the slug of each of its organizations (none for
	// terraform_data).
	slugPrefix string
	config     func(renamed bool) string
	// env is added to the environment of the Terraform commands.
	env []string
	// noop runs it with the benchmark build of the provider (reference (c)).
	noop bool
}

// providerSubject is n organizations through the provider; with rateLimit > 0
// the provider paces itself at that rate; env is added to its environment.
func providerSubject(n int, rateLimit float64, env []string) tfSubject {
	return tfSubject{name: subjectProvider, slugPrefix: slugPrefix, config: func(renamed bool) string { return orgConfig(n, renamed) },
		env: providerEnv(rateLimit, env)}
}

// membersSubject is one organization and m members in it through the
// provider (-members m), with the provider's environment.
func membersSubject(m int, rateLimit float64, env []string) tfSubject {
	return tfSubject{name: subjectMembers, slugPrefix: membersPrefix, config: func(renamed bool) string { return membersConfig(m, renamed) },
		env: providerEnv(rateLimit, env)}
}

// measurement is an empty measurement of phase for s.
func (s tfSubject) measurement(phase string) measurement {
	return measurement{Subject: s.name, Scenario: s.scenario, Layout: s.layout, Shard: s.shard, Phase: phase}
}

// providerEnv is the environment of the provider's Terraform commands: the
// request rate with rateLimit > 0, then env.
func providerEnv(rateLimit float64, env []string) []string {
	var out []string
	if rateLimit > 0 {
		out = append(out, "STYTCH_REQUESTS_PER_SECOND="+strconv.FormatFloat(rateLimit, 'f', -1, 64))
	}
	return append(out, env...)
}

// noopSubject is n no-op twins of the organization (reference (c)),
// through the benchmark build of the provider, with the provider's
// environment.
func noopSubject(n int, rateLimit float64, env []string) tfSubject {
	return tfSubject{name: subjectNoop, noop: true, config: func(renamed bool) string { return noopOrgConfig(n, renamed) },
		env: providerEnv(rateLimit, env)}
}

// dataSubject is n terraform_data resources: reference (a).
func dataSubject(n int) tfSubject {
	return tfSubject{name: subjectData, config: func(renamed bool) string { return dataConfig(n, renamed) }}
}

// newWorkspace prepares the working directory of subject s: its own folder
// with a logs folder for the output of each phase, and an environment that
// does not depend on the caller's shell (logging, other credentials or limits
// would change what is measured), plus the subject's variables.
func (b *bench) newWorkspace(s tfSubject) (*tfrun.Workspace, error) {
	dir := s.dir
	if dir == "" {
		dir = s.name
	}
	dir = filepath.Join(b.work, dir)
	if err := os.MkdirAll(filepath.Join(dir, "logs"), 0o755); err != nil {
		return nil, err
	}
	return &tfrun.Workspace{CLI: b.tf, Dir: dir, Env: b.providerOf(s).Env(tfrun.Isolated(os.Environ()), b.emu.API, s.env...)}, nil
}

// providerOf is the provider build that subject s runs with.
func (b *bench) providerOf(s tfSubject) *tfrun.Provider {
	if s.noop {
		return b.noopProvider
	}
	return b.provider
}

// phaseArgs are the Terraform arguments of a phase.
func (b *bench) phaseArgs(phase string) []string {
	common := []string{"-input=false", "-no-color", "-parallelism=" + strconv.Itoa(b.opts.parallelism)}
	var args []string
	switch phase {
	case phaseCreate:
		args = []string{"apply", "-auto-approve"}
	case phaseRefresh:
		args = []string{"plan", "-detailed-exitcode"}
	case phaseUpdate:
		args = []string{"apply", "-auto-approve"}
	case phaseDestroy:
		args = []string{"destroy", "-auto-approve"}
	}
	if !b.opts.refresh && (phase == phaseUpdate || phase == phaseDestroy) {
		args = append(args, "-refresh=false")
	}
	return append(args, common...)
}

// tfRunner measures the phases of one Terraform configuration.
type tfRunner struct {
	b  *bench
	s  tfSubject
	ws *tfrun.Workspace
}

// newTFRunner prepares the working directory of s, writes its configuration
// and warms up.
func (b *bench) newTFRunner(ctx context.Context, s tfSubject) (*tfRunner, error) {
	return b.prepareTFRunner(ctx, s, true)
}

// prepareTFRunner prepares the working directory of s and writes its
// configuration; warm runs terraform validate once, unmeasured.
func (b *bench) prepareTFRunner(ctx context.Context, s tfSubject, warm bool) (*tfRunner, error) {
	ws, err := b.newWorkspace(s)
	if err != nil {
		return nil, err
	}
	if err := ws.WriteFile("main.tf", s.config(false)); err != nil {
		return nil, err
	}
	if warm {
		if err := b.warmUp(ctx, ws); err != nil {
			return nil, err
		}
	}
	return &tfRunner{b: b, s: s, ws: ws}, nil
}

func (r *tfRunner) name() string { return r.s.name }

// run measures one phase. The update phase first writes the configuration
// with every organization (members subject: every member) renamed.
func (r *tfRunner) run(ctx context.Context, phase string) measurement {
	if phase == phaseUpdate {
		if err := r.ws.WriteFile("main.tf", r.s.config(true)); err != nil {
			m := r.s.measurement(phase)
			m.ExitCode, m.Errors, m.FirstError = -1, 1, err.Error()
			return m
		}
	}
	return r.b.measureCommand(ctx, r.ws, r.s, phase)
}

// warmUp runs terraform validate once, unmeasured, so that the first measured
// command does not pay for loading Terraform and the provider from disk, and
// a broken configuration fails early.
func (b *bench) warmUp(ctx context.Context, ws *tfrun.Workspace) error {
	r := ws.Run(ctx, "validate", "-no-color")
	if err := r.ExpectExit(); err != nil {
		return fmt.Errorf("%w\n%s%s", err, r.Stdout, r.Stderr)
	}
	return nil
}

// measureCommand runs the Terraform command of one phase and measures it:
// wall time, API requests, provider processes' peak RSS and CPU.
func (b *bench) measureCommand(ctx context.Context, ws *tfrun.Workspace, s tfSubject, phase string) measurement {
	args := b.phaseArgs(phase)
	m := s.measurement(phase)
	m.Command = "terraform " + strings.Join(args, " ")
	ctx, cancel := context.WithTimeout(ctx, b.opts.timeout)
	defer cancel()

	stdout, stderr, err := openLogs(ws.Dir, phase)
	if err != nil {
		m.ExitCode, m.Errors, m.FirstError = -1, 1, err.Error()
		return m
	}
	defer stdout.Close()
	defer stderr.Close()

	cmd := ws.Command(ctx, args...)
	cmd.Stdout, cmd.Stderr = stdout, stderr

	b.emu.reset()
	watcher := watchProcesses(b.providerOf(s).Binary, b.opts.poll)
	cpuStart := markCPU()
	start := time.Now()
	err = cmd.Start()
	if err == nil {
		watcher.follow(cmd.Process.Pid)
		err = cmd.Wait()
	}
	m.Wall = time.Since(start)
	cpuEnd := markCPU()
	m.ProviderProcesses, m.ProviderPeakRSS, m.ProviderCPU, m.TerraformPeakRSS = watcher.finish()
	b.recordAPI(&m, s.slugPrefix)

	if cmd.ProcessState != nil {
		m.ExitCode = cmd.ProcessState.ExitCode()
		m.CPU = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		m.BackgroundCPU = backgroundCPU(cpuStart, cpuEnd, m.CPU)
	} else if err != nil {
		m.ExitCode = -1
	}
	if fi, err := os.Stat(filepath.Join(ws.Dir, "terraform.tfstate")); err == nil {
		m.StateBytes = fi.Size()
	}
	m.Errors, m.FirstError = terraformErrors(stderr.Name())
	if err != nil && m.FirstError == "" && m.ExitCode != 2 {
		m.FirstError = err.Error()
		switch {
		case errors.Is(ctx.Err(), context.DeadlineExceeded):
			m.FirstError += fmt.Sprintf(" (stytch-bench stopped it after -timeout %s)", b.opts.timeout)
		case ctx.Err() != nil:
			m.FirstError += " (stytch-bench was interrupted)"
		default:
			m.FirstError += " (by a signal from outside stytch-bench)"
		}
	}
	return m
}

// recordAPI copies the emulator's statistics of the phase into m, and counts
// the organizations whose slug starts with prefix.
func (b *bench) recordAPI(m *measurement, prefix string) {
	st := b.emu.Stats()
	m.Requests = st.Requests
	m.Statuses = st.Statuses
	m.RateLimited = st.Faults["rate_limited"]
	m.APIWindow = b.emu.window.duration()
	if prefix != "" {
		for _, org := range b.emu.Organizations() {
			if strings.HasPrefix(org.OrganizationSlug, prefix+"-") {
				m.OrganizationsAfter++
			}
		}
	}
}

// openLogs creates the files that receive a command's output.
func openLogs(dir, phase string) (stdout, stderr *os.File, err error) {
	stdout, err = os.Create(filepath.Join(dir, "logs", phase+".stdout"))
	if err != nil {
		return nil, nil, err
	}
	stderr, err = os.Create(filepath.Join(dir, "logs", phase+".stderr"))
	if err != nil {
		stdout.Close()
		return nil, nil, err
	}
	return stdout, stderr, nil
}

// terraformErrors counts the "Error: " diagnostics in a Terraform stderr log
// and returns the first one's summary line.
func terraformErrors(path string) (int, string) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, ""
	}
	return countErrors(data)
}

// countErrors counts the diagnostics starting with "Error: " (after the box
// drawing of -no-color output) and returns the first one's line.
func countErrors(data []byte) (int, string) {
	n, first := 0, ""
	for _, line := range bytes.Split(data, []byte("\n")) {
		text := strings.TrimLeft(string(line), "│╷╵ ")
		if strings.HasPrefix(text, "Error: ") {
			if n == 0 {
				first = text
			}
			n++
		}
	}
	return n, first
}

// logPhase prints a progress line for a measured phase.
func logPhase(m *measurement) {
	status := "ok"
	if m.failed() {
		status = fmt.Sprintf("FAILED (exit %d, %d errors: %s)", m.ExitCode, m.Errors, m.FirstError)
	}
	logf("[%s] %-7s %8s  requests %-22s peak RSS %s  %s", m.label(), m.Phase, fmtDuration(m.Wall), m.methodsLabel(), fmtMiB(m.ProviderPeakRSS), status)
}
