// Command stytch-bench measures what the provider costs when a configuration
// holds hundreds of organizations: the wall time, the API requests and the
// provider's peak memory and CPU of four Terraform phases, measured side by
// side in one run with three references.
//
// It builds the provider from this module, serves the emulator in-process on
// 127.0.0.1 with a fixed latency L on every API request, and drives the real
// Terraform CLI (with -parallelism P) through a dev_overrides CLI
// configuration, as a user would:
//
//	create   terraform apply     N organizations, every common argument set
//	refresh  terraform plan      nothing changed (exit 0 expected)
//	update   terraform apply     one argument changed on every organization
//	destroy  terraform destroy
//
// The references, in the same run, against the same emulator:
//
//	(a) terraform_data   the same phases for N terraform_data resources:
//	                     Terraform's own per-resource cost, no provider, no API
//	(b) direct client    the N API calls of each phase (POST, GET, PUT, DELETE)
//	                     made by P workers through internal/stytch: what a
//	                     script would cost
//	(c) no-op twins      the same configuration with stytch_noop_b2b_organization,
//	                     a twin of the resource with the same schema and no API
//	                     call, from a build of the provider with the build tag
//	                     stytchbench: what the plugin framework costs
//	                     (-noop=false leaves it out)
//
// A tenant phase runs after the organizations: T tenants (-tenants T,
// default 100; 0 leaves it out), each an organization, its SAML connection
// (by fields), its SSO settings and 3 members (6 resources), keyed by
// tenant with for_each, through the same four phases (update renames the
// organization, the connection and the members). It is measured with the
// provider, (a), (b) and (c), in two state layouts: one state with every
// tenant, and shards of G tenants (-shard-size G, default 10; 0 leaves the
// shards out), one state each, applied one after the other; the report adds
// the shards up and lists each one. -n 0 leaves the organizations out.
//
// With -members M a fourth subject runs after the provider in every phase:
// one organization and M stytch_b2b_member resources in it, through the
// provider (create: 1 organization POST + M member POSTs; refresh: 1 + M
// GETs; update renames every member: M PUTs; destroy: M member DELETEs and
// the organization's). The report adds a table of its phases with the
// requests of the member routes apart from the organization's. Without
// -members (or with 0) the run is what it was.
//
// With -rate-limit R the emulator allows R requests per second, the provider
// and the direct client pace themselves at R (STYTCH_REQUESTS_PER_SECOND), and
// the report adds failures, 429s and the achieved request rate; references
// (a) and (c) are skipped (they make no API calls).
//
// The report is printed and written, as Markdown and JSON, to -out (default
// .bench/, git-ignored); -json FILE writes the JSON to FILE as well, for a
// script that compares runs or holds them to thresholds of its own (the
// report itself states measurements, not verdicts). BENCHMARKS.md explains
// the method and the numbers.
//
// Usage:
//
//	go run ./cmd/stytch-bench [flags]
//	make bench N=100
//	make bench N=1000 RATE_LIMIT=50
//	make bench N=20 MEMBERS=1000
//	make bench N=0 TENANTS=100
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/platformkit/terraform-provider-stytch/internal/tfrun"
)

// options are the command-line flags.
type options struct {
	n           int
	members     int
	tenants     int
	shardSize   int
	noop        bool
	latency     time.Duration
	parallelism int
	rateLimit   float64
	refresh     bool
	terraform   string
	outDir      string
	jsonPath    string
	keep        bool
	poll        time.Duration
	timeout     time.Duration
	references  bool
	env         envList
	providerPkg string
}

// envList is a repeatable KEY=VALUE flag.
type envList []string

func (e *envList) String() string { return strings.Join(*e, " ") }

func (e *envList) Set(v string) error {
	if k, _, ok := strings.Cut(v, "="); !ok || k == "" {
		return fmt.Errorf("want KEY=VALUE, got %q", v)
	}
	*e = append(*e, v)
	return nil
}

// parseFlags reads the flags of args (without the program name).
func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("stytch-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&o.n, "n", 500, "number of organizations (and of terraform_data resources, and of direct API calls per phase);\n"+
		"0 leaves the organizations out")
	fs.IntVar(&o.tenants, "tenants", 100, "tenants of the tenant phase (T), each an organization, a SAML connection, SSO settings and\n"+
		"3 members (6 resources), measured in one state and in shards of -shard-size tenants after the organizations; 0 leaves it out")
	fs.IntVar(&o.shardSize, "shard-size", 10, "tenants per state in the tenant phase's sharded layout (G), the shards applied one after\n"+
		"the other; 0 measures the one-state layout only")
	fs.BoolVar(&o.noop, "noop", true, "measure reference (c): the same configurations with no-op twins of the resource types\n"+
		"(same schema, no API call), from a build of the provider with the tag stytchbench")
	fs.IntVar(&o.members, "members", 0, "when > 0, also measure one organization holding this many stytch_b2b_member resources (M),\n"+
		"through the provider, after the organizations in every phase")
	fs.DurationVar(&o.latency, "latency", 20*time.Millisecond, "latency the emulator adds to every API request (L)")
	fs.IntVar(&o.parallelism, "parallelism", 10, "terraform -parallelism, and the number of workers of the direct client (P)")
	fs.Float64Var(&o.rateLimit, "rate-limit", 0, "rate-limit scenario when > 0: the emulator allows this many requests per second and\n"+
		"the provider and the direct client are limited to it (STYTCH_REQUESTS_PER_SECOND); skips references (a) and (c)")
	fs.BoolVar(&o.refresh, "refresh", true, "let the update and destroy phases refresh first, as Terraform does by default;\n"+
		"false passes -refresh=false to them (for terraform_data too)")
	fs.StringVar(&o.terraform, "terraform", "", "CLI to run: terraform (scripts/terraform.sh), tofu (scripts/tofu.sh), or a CLI's path or name\n"+
		"(default $TF, else terraform)")
	fs.StringVar(&o.outDir, "out", ".bench", "folder for the report (.md and .json), relative to the module root")
	fs.StringVar(&o.jsonPath, "json", "", "also write the results as JSON to this `file` (relative to the current directory)")
	fs.BoolVar(&o.keep, "keep", false, "keep the temporary working directories, configurations and Terraform logs")
	fs.DurationVar(&o.poll, "poll", 20*time.Millisecond, "how often /proc is polled for the provider's memory and CPU")
	fs.DurationVar(&o.timeout, "timeout", 30*time.Minute, "limit for one Terraform command")
	fs.StringVar(&o.providerPkg, "provider-pkg", ".", "main package the provider is built from, relative to the module root\n"+
		"(another one compares a variant of the provider, e.g. one that writes profiles)")
	fs.BoolVar(&o.references, "references", true, "measure references (a), (b) and (c); false measures the provider only")
	fs.Var(&o.env, "env", "KEY=VALUE added to the environment of the provider's Terraform commands, which the provider\n"+
		"inherits (repeatable; e.g. -env GOMEMLIMIT=48MiB, -env GODEBUG=gctrace=1 with -env TF_LOG_PROVIDER=DEBUG)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: stytch-bench [flags]\n\n"+
			"Measures terraform apply/plan/apply(change)/destroy of N stytch_b2b_organization resources against the\n"+
			"in-process emulator, next to N terraform_data resources (a), a direct API client (b) and N no-op twins of the\n"+
			"resource (c); with -tenants T, also T tenants of 6 resources each, in one state and in shards of -shard-size;\n"+
			"with -members M, also one organization with M stytch_b2b_member resources.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	switch {
	case o.n < 0:
		return o, errors.New("-n must not be negative")
	case o.n == 0 && o.tenants == 0 && o.members == 0:
		return o, errors.New("nothing to measure: -n, -tenants and -members are all 0")
	case o.tenants < 0:
		return o, errors.New("-tenants must not be negative")
	case o.shardSize < 0:
		return o, errors.New("-shard-size must not be negative")
	case o.members < 0:
		return o, errors.New("-members must not be negative")
	case o.parallelism < 1:
		return o, errors.New("-parallelism must be at least 1")
	case o.latency < 0:
		return o, errors.New("-latency must not be negative")
	case o.rateLimit < 0:
		return o, errors.New("-rate-limit must not be negative")
	case o.poll <= 0:
		return o, errors.New("-poll must be positive")
	}
	return o, nil
}

func main() {
	opts, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "stytch-bench:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, opts); err != nil {
		fmt.Fprintln(os.Stderr, "stytch-bench:", err)
		os.Exit(1)
	}
}

// run performs the whole benchmark and writes the report. It fails when the
// set-up fails or when any measured phase failed; the report is written
// either way once measuring started.
func run(ctx context.Context, opts options) error {
	start := time.Now()
	root, err := tfrun.ModuleRoot(ctx)
	if err != nil {
		return err
	}
	choice := opts.terraform
	if choice == "" {
		choice = os.Getenv("TF")
	}
	tf, err := tfrun.FindCLI(ctx, root, choice, os.Stderr)
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "stytch-bench-")
	if err != nil {
		return err
	}
	if opts.keep {
		logf("keeping the working directories in %s", work)
	} else {
		defer os.RemoveAll(work)
	}

	rep := newReport(opts)
	rep.Machine = describeMachine(ctx, tf)
	logf("%s", rep.Machine.summary())

	buildStart := time.Now()
	provider, err := tfrun.BuildProvider(ctx, root, opts.providerPkg, filepath.Join(work, "provider"))
	if err != nil {
		return err
	}
	rep.ProviderBuild = time.Since(buildStart)
	logf("provider built in %s: %s", fmtDuration(rep.ProviderBuild), provider.Binary)
	var noopProvider *tfrun.Provider
	if opts.measuresNoop() {
		noopProvider, err = tfrun.BuildProvider(ctx, root, opts.providerPkg, filepath.Join(work, "noop-provider"), noopBuildTag)
		if err != nil {
			return err
		}
		logf("benchmark build of the provider (-tags %s, reference (c)): %s", noopBuildTag, noopProvider.Binary)
	}
	var certificate string
	if opts.tenants > 0 {
		if certificate, err = idpCertificate(); err != nil {
			return fmt.Errorf("making the IdP certificate of the tenants: %w", err)
		}
	}

	emu, err := startEmulator(opts.latency, opts.rateLimit)
	if err != nil {
		return err
	}
	defer emu.Close()
	logf("emulator at %s (latency %s, rate limit %s)", emu.API.BaseURL, opts.latency, rateLabel(opts.rateLimit))

	b := &bench{opts: opts, tf: tf, work: work, provider: provider, noopProvider: noopProvider, emu: emu, certificate: certificate}
	runners, err := b.runners(ctx)
	if err != nil {
		return err
	}
	rep.add(runPhases(ctx, runners)...)
	// The tenant phase comes after the organizations; if it cannot be set
	// up, the organizations' report is still written.
	var tenantErr error
	if opts.tenants > 0 && ctx.Err() == nil {
		runners, err := b.tenantRunners(ctx)
		if err != nil {
			tenantErr = fmt.Errorf("tenant phase: %w", err)
			logf("%s", tenantErr)
		} else {
			rep.add(runPhases(ctx, runners)...)
		}
	}
	rep.Total = time.Since(start)

	rep.print(os.Stdout)
	paths, err := rep.write(root)
	if err != nil {
		return err
	}
	logf("report written to %s", paths)
	if opts.jsonPath != "" {
		if err := rep.writeJSON(opts.jsonPath); err != nil {
			return fmt.Errorf("-json: %w", err)
		}
		logf("results written as JSON to %s", opts.jsonPath)
	}
	if n := rep.failedPhases(); n > 0 {
		return fmt.Errorf("%d phase(s) failed; see the report", n)
	}
	return tenantErr
}

// noopBuildTag is the build tag that adds the no-op twins of the resources
// to the provider (internal/provider/noop_resources_bench.go).
const noopBuildTag = "stytchbench"

// measuresNoop reports whether the run measures reference (c), which needs
// the benchmark build of the provider.
func (o *options) measuresNoop() bool {
	return o.noop && o.references && o.rateLimit == 0 && (o.n > 0 || o.tenants > 0)
}

// runPhases runs each phase for every subject back to back, so that
// whatever else the machine does affects them alike.
func runPhases(ctx context.Context, runners []runner) []measurement {
	var out []measurement
	for _, phase := range phases {
		for _, r := range runners {
			m := r.run(ctx, phase)
			logPhase(&m)
			out = append(out, m)
		}
	}
	return out
}

// runner measures the phases of one subject.
type runner interface {
	name() string
	run(ctx context.Context, phase string) measurement
}

// runners prepares the subjects of the organizations in the order each
// phase runs them: (a) terraform_data and (c) the no-op twins (neither in
// the rate-limit scenario), (b) the direct client, the provider, and with
// -members the members subject; -references=false leaves out (a), (b) and
// (c), -noop=false (c), and -n 0 every subject but the members.
func (b *bench) runners(ctx context.Context) ([]runner, error) {
	var out []runner
	if b.opts.n > 0 {
		subjects, err := b.orgRunners(ctx)
		if err != nil {
			return nil, err
		}
		out = subjects
	}
	if b.opts.members > 0 {
		r, err := b.newTFRunner(ctx, membersSubject(b.opts.members, b.opts.rateLimit, b.opts.env))
		if err != nil {
			return nil, fmt.Errorf("preparing the members: %w", err)
		}
		out = append(out, r)
	}
	return out, nil
}

// orgRunners prepares the subjects of the N organizations.
func (b *bench) orgRunners(ctx context.Context) ([]runner, error) {
	var out []runner
	if b.opts.references && b.opts.rateLimit == 0 {
		r, err := b.newTFRunner(ctx, dataSubject(b.opts.n))
		if err != nil {
			return nil, fmt.Errorf("preparing terraform_data: %w", err)
		}
		out = append(out, r)
	}
	if b.noopProvider != nil {
		r, err := b.newTFRunner(ctx, noopSubject(b.opts.n, b.opts.rateLimit, b.opts.env))
		if err != nil {
			return nil, fmt.Errorf("preparing the no-op organizations: %w", err)
		}
		out = append(out, r)
	}
	if b.opts.references {
		r, err := b.newDirectRunner()
		if err != nil {
			return nil, fmt.Errorf("preparing the direct client: %w", err)
		}
		out = append(out, r)
	}
	r, err := b.newTFRunner(ctx, providerSubject(b.opts.n, b.opts.rateLimit, b.opts.env))
	if err != nil {
		return nil, fmt.Errorf("preparing the provider: %w", err)
	}
	return append(out, r), nil
}

// logf prints a progress line to stderr.
func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "[%s] %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
}

// rateLabel renders a rate limit for messages.
func rateLabel(r float64) string {
	if r <= 0 {
		return "off"
	}
	return fmt.Sprintf("%g req/s", r)
}
