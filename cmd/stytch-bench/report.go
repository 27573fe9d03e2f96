package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// report is everything one run measured.
type report struct {
	Started       time.Time     `json:"started"`
	N             int           `json:"n"`
	Members       int           `json:"members,omitempty"`
	Tenants       int           `json:"tenants,omitempty"`
	ShardSize     int           `json:"shard_size,omitempty"`
	Latency       time.Duration `json:"latency_ns"`
	Parallelism   int           `json:"parallelism"`
	RateLimit     float64       `json:"rate_limit"`
	Refresh       bool          `json:"refresh"`
	Env           []string      `json:"env,omitempty"`
	Machine       machine       `json:"machine"`
	ProviderBuild time.Duration `json:"provider_build_ns"`
	Total         time.Duration `json:"total_ns"`
	Measurements  []measurement `json:"measurements"`

	// outDir is the -out flag: where write puts the files.
	outDir string
}

// newReport starts the report of a run with opts.
func newReport(opts options) *report {
	r := &report{Started: time.Now(), N: opts.n, Members: opts.members, Tenants: opts.tenants, Latency: opts.latency,
		Parallelism: opts.parallelism, RateLimit: opts.rateLimit, Refresh: opts.refresh, Env: opts.env, outDir: opts.outDir}
	if opts.tenants > 0 {
		r.ShardSize = opts.shardSize
	}
	return r
}

// add appends measurements.
func (r *report) add(ms ...measurement) { r.Measurements = append(r.Measurements, ms...) }

// find returns the measurement of subject and phase outside the tenant
// phase, or nil.
func (r *report) find(subject, phase string) *measurement {
	return r.findIn("", "", subject, phase)
}

// findIn returns the measurement of subject and phase in scenario and
// layout, or nil.
func (r *report) findIn(scenario, layout, subject, phase string) *measurement {
	for i := range r.Measurements {
		m := &r.Measurements[i]
		if m.Scenario == scenario && m.Layout == layout && m.Subject == subject && m.Phase == phase {
			return m
		}
	}
	return nil
}

// failedPhases counts the phases that failed.
func (r *report) failedPhases() int {
	n := 0
	for i := range r.Measurements {
		if r.Measurements[i].failed() {
			n++
		}
	}
	return n
}

// latencyFloor is the least time n sequential-per-worker calls of latency L
// take with P in flight: n·L/P.
func (r *report) latencyFloor(n int) time.Duration {
	return time.Duration(n) * r.Latency / time.Duration(r.Parallelism)
}

// title names the run.
func (r *report) title() string {
	t := fmt.Sprintf("N = %d organizations, L = %s, P = %d", r.N, r.Latency, r.Parallelism)
	if r.Members > 0 {
		t += fmt.Sprintf(", M = %d members in one more organization", r.Members)
	}
	if r.Tenants > 0 {
		t += fmt.Sprintf(", T = %d tenants", r.Tenants)
		if r.ShardSize > 0 {
			t += fmt.Sprintf(" (one state, and shards of G = %d)", r.ShardSize)
		}
	}
	if r.RateLimit > 0 {
		t += fmt.Sprintf(", rate limit %g req/s (emulator and provider)", r.RateLimit)
	}
	if !r.Refresh {
		t += ", update and destroy with -refresh=false"
	}
	if len(r.Env) > 0 {
		t += ", provider environment " + strings.Join(r.Env, " ")
	}
	return t
}

// markdown renders the whole report.
func (r *report) markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# stytch-bench: %s\n\n", r.title())
	fmt.Fprintf(&b, "Run %s. %s\n", r.Started.Format(time.RFC3339), r.Machine.summary())
	fmt.Fprintf(&b, "Provider build %s; whole run %s. %s\n\n", fmtDuration(r.ProviderBuild), fmtDuration(r.Total), r.noiseSummary())
	if r.N > 0 {
		b.WriteString("## Provider against the references\n\n")
		b.WriteString(r.mainTable().markdown())
		b.WriteString("\n(a) = the same phase for N terraform_data resources; (b) = the N calls of the phase from P workers " +
			"through internal/stytch; (c) = the same configuration with stytch_noop_b2b_organization, the organization's " +
			"no-op twin (same schema, no API call) from a benchmark build of the provider: the plugin framework's own cost. " +
			"N·L/P is the latency floor of N calls; req·L/P that of the calls the phase really made. " +
			"Peak RSS is the largest VmHWM of the provider processes of the command; provider CPU adds up their " +
			"user+system time, (c) CPU that of the no-op build's processes.\n\n")
	}
	if r.Members > 0 {
		fmt.Fprintf(&b, "## Members: one organization with M = %d stytch_b2b_member resources\n\n", r.Members)
		b.WriteString(r.membersTable().markdown())
		b.WriteString("\nMember routes are the routes below /v1/b2b/organizations/{organization_id}/member(s); the organization's " +
			"routes are counted apart. Create makes the organization and the members, refresh reads them, update renames every " +
			"member (Terraform refreshes every resource first unless -refresh=false), destroy deletes the members and the " +
			"organization. M·L/P is the latency floor of M member calls.\n\n")
	}
	if r.Tenants > 0 {
		b.WriteString(r.tenantsMarkdown())
	}
	if r.RateLimit > 0 {
		b.WriteString("## Rate limit\n\n")
		b.WriteString(r.rateTable().markdown())
		b.WriteString("\nAchieved rate = 2xx answers / API window (first request to last answer); over wall = 2xx answers / wall time.\n\n")
	}
	b.WriteString("## Every phase\n\n")
	b.WriteString(r.detailTable().markdown())
	return b.String()
}

// noiseSummary says how busy other processes kept the machine.
func (r *report) noiseSummary() string {
	lo, hi := -1.0, 0.0
	for i := range r.Measurements {
		c := r.Measurements[i].backgroundCores()
		hi = max(hi, c)
		if lo < 0 || c < lo {
			lo = c
		}
	}
	if lo < 0 {
		return ""
	}
	return fmt.Sprintf("Other processes kept %.2f to %.2f of the %d CPUs busy during the phases (background load).", lo, hi, r.Machine.CPUs)
}

// mainTable is the provider's phases next to references (a) and (b).
func (r *report) mainTable() *table {
	t := &table{header: []string{"phase", "wall", "API requests", "req/org", "(a) tf_data", "÷ (a)+N·L/P", "÷ (a)+req·L/P",
		"(b) direct", "÷ (b)", "(c) noop", "÷ (c)", "provider peak RSS", "provider CPU", "(c) CPU", "CPU ÷ (c)", "provider procs"}}
	for _, phase := range phases {
		p := r.find(subjectProvider, phase)
		if p == nil {
			continue
		}
		row := []string{phase + failMark(p), fmtDuration(p.Wall), p.methodsLabel(), fmtFloat(float64(p.total())/float64(r.N), 2)}
		if a := r.find(subjectData, phase); a != nil {
			row = append(row, fmtDuration(a.Wall),
				fmtRatio(p.Wall, a.Wall+r.latencyFloor(r.N)),
				fmtRatio(p.Wall, a.Wall+r.latencyFloor(p.total())))
		} else {
			row = append(row, "—", "—", "—")
		}
		if d := r.find(subjectDirect, phase); d != nil {
			row = append(row, fmtDuration(d.Wall), fmtRatio(p.Wall, d.Wall))
		} else {
			row = append(row, "—", "—")
		}
		c := r.find(subjectNoop, phase)
		row = append(row, noopWall(c), noopRatio(p.Wall, c, false), fmtMiB(p.ProviderPeakRSS), fmtDuration(p.ProviderCPU),
			noopCPU(c), noopRatio(p.ProviderCPU, c, true), strconv.Itoa(p.ProviderProcesses))
		t.rows = append(t.rows, row)
	}
	return t
}

// membersTable is the members subject's phases, member routes apart from
// the organization's.
func (r *report) membersTable() *table {
	t := &table{header: []string{"phase", "wall", "API requests", "member routes", "organization routes", "member req/member",
		"M·L/P", "provider peak RSS", "provider CPU", "provider procs", "state file"}}
	for _, phase := range phases {
		m := r.find(subjectMembers, phase)
		if m == nil {
			continue
		}
		members, others := m.splitMemberRoutes()
		n := 0
		for _, c := range members {
			n += c
		}
		t.rows = append(t.rows, []string{phase + failMark(m), fmtDuration(m.Wall), m.methodsLabel(), routesLabel(members),
			routesLabel(others), fmtFloat(float64(n)/float64(r.Members), 2), fmtDuration(r.latencyFloor(r.Members)),
			fmtMiB(m.ProviderPeakRSS), fmtDuration(m.ProviderCPU), strconv.Itoa(m.ProviderProcesses), fmtKiB(m.StateBytes)})
	}
	return t
}

// noopWall renders the wall time of reference (c), "—" without it.
func noopWall(c *measurement) string {
	if c == nil {
		return "—"
	}
	return fmtDuration(c.Wall)
}

// noopCPU renders the provider CPU of reference (c), "—" without it.
func noopCPU(c *measurement) string {
	if c == nil {
		return "—"
	}
	return fmtDuration(c.ProviderCPU)
}

// noopRatio renders v ÷ reference (c)'s wall time, or ÷ its provider CPU.
func noopRatio(v time.Duration, c *measurement, cpu bool) string {
	if c == nil {
		return "—"
	}
	if cpu {
		return fmtRatio(v, c.ProviderCPU)
	}
	return fmtRatio(v, c.Wall)
}

// scenarioLabel names the scenario of a measurement in the detail table.
func (r *report) scenarioLabel(m *measurement) string {
	switch {
	case m.Scenario != scenarioTenants && m.Subject == subjectMembers:
		return "members"
	case m.Scenario != scenarioTenants:
		return "organizations"
	}
	return "tenants" + r.layoutLabel(m.Layout)
}

// layoutLabel names a state layout of the tenant phase, with a leading
// comma: ", one state" or ", shards of G"; "" for none.
func (r *report) layoutLabel(layout string) string {
	switch layout {
	case layoutSingle:
		return ", one state"
	case layoutSharded:
		return fmt.Sprintf(", shards of %d", r.ShardSize)
	}
	return ""
}

// rateTable is the rate-limit scenario's view of every API-calling phase.
func (r *report) rateTable() *table {
	t := &table{header: []string{"scenario", "subject", "phase", "wall", "API requests", "429s", "failures", "API window",
		"achieved req/s", "% of limit", "req/s over wall"}}
	for _, m := range r.Measurements {
		if m.Subject == subjectData || m.Subject == subjectNoop {
			continue
		}
		ok := float64(m.successes())
		rate := perSecond(ok, m.APIWindow)
		t.rows = append(t.rows, []string{r.scenarioLabel(&m), m.Subject, m.Phase, fmtDuration(m.Wall), m.methodsLabel(), strconv.Itoa(m.RateLimited),
			strconv.Itoa(failures(&m)), fmtDuration(m.APIWindow), fmtFloat(rate, 1),
			fmtFloat(100*rate/r.RateLimit, 0) + " %", fmtFloat(perSecond(ok, m.Wall), 1)})
	}
	return t
}

// detailTable lists every measured phase of every subject.
func (r *report) detailTable() *table {
	t := &table{header: []string{"scenario", "subject", "phase", "wall", "requests by route", "statuses", "API window", "orgs after",
		"exit", "errors", "CPU (tf + children)", "terraform peak RSS", "state file", "background load"}}
	for _, m := range r.Measurements {
		row := []string{r.scenarioLabel(&m), m.Subject, m.Phase, fmtDuration(m.Wall), routesLabel(m.Requests), statusesLabel(m.Statuses),
			fmtDuration(m.APIWindow), strconv.Itoa(m.OrganizationsAfter), strconv.Itoa(m.ExitCode), strconv.Itoa(m.Errors)}
		if m.Subject == subjectDirect {
			row = append(row, "—", "—", "—")
		} else {
			row = append(row, fmtDuration(m.CPU), fmtMiB(m.TerraformPeakRSS), fmtKiB(m.StateBytes))
		}
		row = append(row, fmtFloat(m.backgroundCores(), 2)+" cores")
		t.rows = append(t.rows, row)
	}
	return t
}

// print writes the report to w.
func (r *report) print(w io.Writer) { fmt.Fprint(w, "\n"+r.markdown()) }

// write stores the report as Markdown and JSON under the output folder and
// returns the Markdown file's path.
func (r *report) write(root string) (string, error) {
	dir := r.outDir
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(root, dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	name := fmt.Sprintf("bench-%s-n%d-l%s-p%d", r.Started.Format("20060102-150405"), r.N, r.Latency, r.Parallelism)
	if r.Members > 0 {
		name += fmt.Sprintf("-m%d", r.Members)
	}
	if r.Tenants > 0 {
		name += fmt.Sprintf("-t%d-g%d", r.Tenants, r.ShardSize)
	}
	if r.RateLimit > 0 {
		name += fmt.Sprintf("-rps%g", r.RateLimit)
	}
	if !r.Refresh {
		name += "-norefresh"
	}
	if len(r.Env) > 0 {
		name += "-env"
	}
	md := filepath.Join(dir, name+".md")
	if err := os.WriteFile(md, []byte(r.markdown()), 0o644); err != nil {
		return "", err
	}
	return md, r.writeJSON(filepath.Join(dir, name+".json"))
}

// writeJSON writes the report as indented JSON to path.
func (r *report) writeJSON(path string) error {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

// failures is the number of failed operations of a phase: Terraform error
// diagnostics or failed direct calls, at least 1 when the command failed.
func failures(m *measurement) int {
	if m.Errors == 0 && m.failed() {
		return 1
	}
	return m.Errors
}

// failMark flags a failed phase in a table.
func failMark(m *measurement) string {
	if !m.failed() {
		return ""
	}
	if m.Phase == phaseRefresh && m.ExitCode == 2 && m.Errors == 0 {
		return " (plan NOT empty)"
	}
	return " (FAILED)"
}

// machine describes where the run happened.
type machine struct {
	CPUs      int    `json:"cpus"`
	CPUModel  string `json:"cpu_model"`
	MemTotal  string `json:"mem_total"`
	Kernel    string `json:"kernel"`
	GoVersion string `json:"go_version"`
	Terraform string `json:"terraform_version"`
	TFPath    string `json:"terraform_path"`
}

// describeMachine gathers the CPU, memory, kernel, Go and Terraform versions.
func describeMachine(ctx context.Context, tf string) machine {
	m := machine{CPUs: runtime.NumCPU(), GoVersion: runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH, TFPath: tf}
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		m.CPUModel = procField(data, "model name")
	}
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		// "MemTotal:       24576000 kB"
		kb, _, _ := strings.Cut(procField(data, "MemTotal"), " ")
		if n, err := strconv.ParseUint(kb, 10, 64); err == nil {
			m.MemTotal = fmt.Sprintf("%.1f GiB", float64(n)/(1<<20))
		}
	}
	if data, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = strings.TrimSpace(string(data))
	}
	cmd := exec.CommandContext(ctx, tf, "version", "-json")
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+os.DevNull, "CHECKPOINT_DISABLE=1")
	if out, err := cmd.Output(); err == nil {
		var v struct {
			Version string `json:"terraform_version"`
		}
		if json.Unmarshal(out, &v) == nil {
			m.Terraform = v.Version
		}
	}
	return m
}

// summary is one line about the machine.
func (m machine) summary() string {
	return fmt.Sprintf("Machine: %d CPUs (%s), %s RAM, Linux %s; %s; Terraform %s (%s).",
		m.CPUs, orUnknown(m.CPUModel), orUnknown(m.MemTotal), orUnknown(m.Kernel), m.GoVersion, orUnknown(m.Terraform), m.TFPath)
}

// procField returns the value of the first "key: value" line of a /proc file.
func procField(data []byte, key string) string {
	for _, line := range bytes.Split(data, []byte("\n")) {
		k, v, ok := strings.Cut(string(line), ":")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

// table is a Markdown table with aligned columns.
type table struct {
	header []string
	rows   [][]string
}

// markdown renders the table with every column padded to its widest cell.
func (t *table) markdown() string {
	widths := make([]int, len(t.header))
	for _, row := range append([][]string{t.header}, t.rows...) {
		for i, cell := range row {
			widths[i] = max(widths[i], utf8.RuneCountInString(cell))
		}
	}
	var b strings.Builder
	line := func(cells []string) {
		b.WriteString("|")
		for i, cell := range cells {
			fmt.Fprintf(&b, " %s%s |", cell, strings.Repeat(" ", widths[i]-utf8.RuneCountInString(cell)))
		}
		b.WriteString("\n")
	}
	line(t.header)
	sep := make([]string, len(widths))
	for i, w := range widths {
		sep[i] = strings.Repeat("-", w)
	}
	line(sep)
	for _, row := range t.rows {
		line(row)
	}
	return b.String()
}

// routesLabel renders requests by route, sorted, e.g. "500 GET /v1/b2b/organizations/{organization_id}".
func routesLabel(requests map[string]int) string {
	if len(requests) == 0 {
		return "0"
	}
	var parts []string
	for _, key := range slices.Sorted(maps.Keys(requests)) {
		parts = append(parts, fmt.Sprintf("%d %s", requests[key], key))
	}
	return strings.Join(parts, "; ")
}

// statusesLabel renders answers by status, e.g. "200×1000, 429×3".
func statusesLabel(statuses map[int]int) string {
	if len(statuses) == 0 {
		return "—"
	}
	var parts []string
	for _, s := range slices.Sorted(maps.Keys(statuses)) {
		parts = append(parts, fmt.Sprintf("%d×%d", s, statuses[s]))
	}
	return strings.Join(parts, ", ")
}

// fmtDuration renders a duration in seconds (or milliseconds below one second).
func fmtDuration(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return fmt.Sprintf("%.2f s", d.Seconds())
}

// fmtMiB renders bytes in MiB.
func fmtMiB(b uint64) string {
	if b == 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20))
}

// fmtKiB renders a file size in KiB.
func fmtKiB(n int64) string {
	if n == 0 {
		return "—"
	}
	return fmt.Sprintf("%.0f KiB", float64(n)/1024)
}

// fmtRatio renders a/b.
func fmtRatio(a, b time.Duration) string {
	if b <= 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f", float64(a)/float64(b))
}

// fmtFloat renders f with prec decimals.
func fmtFloat(f float64, prec int) string { return strconv.FormatFloat(f, 'f', prec, 64) }

// perSecond is n per d, 0 when d is 0.
func perSecond(n float64, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return n / d.Seconds()
}

func itoa(n int) string { return strconv.Itoa(n) }
