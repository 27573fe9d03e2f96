package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseFlags(t *testing.T) {
	o, err := parseFlags(nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if o.n != 500 || o.latency != 20*time.Millisecond || o.parallelism != 10 || o.rateLimit != 0 || !o.refresh || o.outDir != ".bench" {
		t.Errorf("defaults = %+v", o)
	}
	o, err = parseFlags([]string{"-n", "1000", "-latency", "5ms", "-parallelism", "4", "-rate-limit", "50", "-refresh=false", "-json", "r.json"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if o.n != 1000 || o.latency != 5*time.Millisecond || o.parallelism != 4 || o.rateLimit != 50 || o.refresh || o.jsonPath != "r.json" {
		t.Errorf("parsed = %+v", o)
	}
	for _, bad := range [][]string{{"-n", "0"}, {"-parallelism", "0"}, {"-latency", "-1s"}, {"-rate-limit", "-1"}, {"extra"}} {
		if _, err := parseFlags(bad, io.Discard); err == nil {
			t.Errorf("parseFlags(%v) accepted", bad)
		}
	}
}

func TestParseStat(t *testing.T) {
	// The command name may hold spaces and parentheses.
	stat := []byte("4242 (terraform-provider (x)) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 37 0 0 20 0 12 0 987654 1000 200 18446744073709551615")
	ticks, start, err := parseStat(stat)
	if err != nil {
		t.Fatal(err)
	}
	if ticks != 287 || start != 987654 {
		t.Errorf("ticks, start = %d, %d; want 287, 987654", ticks, start)
	}
	if _, _, err := parseStat([]byte("4242 (x) S 1")); err == nil {
		t.Error("short stat accepted")
	}
}

func TestParsePeakRSS(t *testing.T) {
	status := []byte("Name:\tterraform-provi\nVmPeak:\t 1300000 kB\nVmHWM:\t   40960 kB\nVmRSS:\t   30720 kB\nThreads:\t12\n")
	got, err := parsePeakRSS(status)
	if err != nil {
		t.Fatal(err)
	}
	if got != 40960*1024 {
		t.Errorf("peak = %d, want %d", got, 40960*1024)
	}
	if _, err := parsePeakRSS([]byte("Name:\tkthreadd\nState:\tS\n")); err == nil {
		t.Error("status without VmHWM accepted")
	}
}

func TestProcWatcherSeesThisProcess(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	w := watchProcesses(exe, 5*time.Millisecond)
	w.follow(os.Getpid())
	time.Sleep(20 * time.Millisecond)
	procs, peak, _, rootPeak := w.finish()
	// The test binary is both the followed process and a process of exe;
	// the followed one is not counted as a provider.
	if procs != 0 || peak != 0 {
		t.Errorf("provider processes = %d (peak %d); the followed process must not count", procs, peak)
	}
	if rootPeak == 0 {
		t.Error("no peak RSS for the followed process")
	}
}

func TestParseMachineBusy(t *testing.T) {
	stat := []byte("cpu  100 5 50 1000 20 3 2 1 0 0\ncpu0 50 2 25 500 10 1 1 0 0 0\n")
	got, err := parseMachineBusy(stat)
	if err != nil {
		t.Fatal(err)
	}
	if want := 161 * time.Second / clockTicks; got != want {
		t.Errorf("busy = %s, want %s", got, want)
	}
	if bg := backgroundCPU(cpuMark{machine: time.Second}, cpuMark{machine: 3 * time.Second, self: 500 * time.Millisecond}, time.Second); bg != 500*time.Millisecond {
		t.Errorf("background = %s, want 500ms", bg)
	}
}

func TestCountErrors(t *testing.T) {
	stderr := []byte("╷\n│ Error: Failed to Create B2B Organization\n│\n│   with stytch_b2b_organization.tenant[3],\n╵\n╷\n│ Error: another\n╵\n")
	n, first := countErrors(stderr)
	if n != 2 || first != "Error: Failed to Create B2B Organization" {
		t.Errorf("countErrors = %d, %q", n, first)
	}
}

func TestConfigs(t *testing.T) {
	for name, hcl := range map[string]string{"org": orgConfig(7, false), "data": dataConfig(7, false)} {
		if !strings.Contains(hcl, "count = 7") || !strings.Contains(hcl, `"Tenant ${count.index}"`) {
			t.Errorf("%s config lacks the count or the name:\n%s", name, hcl)
		}
	}
	if !strings.Contains(orgConfig(7, true), `"Tenant ${count.index}`+renamedSuffix+`"`) {
		t.Error("renamed org config does not change the name")
	}
	if !strings.Contains(dataConfig(7, true), `"Tenant ${count.index}`+renamedSuffix+`"`) {
		t.Error("renamed data config does not change the name")
	}
	// The direct client's create sets the same arguments as the configuration.
	body, err := json.Marshal(createRequest(3))
	if err != nil {
		t.Fatal(err)
	}
	var fields map[string]any
	if err := json.Unmarshal(body, &fields); err != nil {
		t.Fatal(err)
	}
	hcl := orgConfig(1, false)
	for key := range fields {
		if !strings.Contains(hcl, key+" ") {
			t.Errorf("the direct client sends %s, which the configuration does not set", key)
		}
	}
	if fields["organization_slug"] != "go-tenant-3" || fields["organization_name"] != "Tenant 3" {
		t.Errorf("create request = %s", body)
	}
	if got := *updateRequest(3).OrganizationName; got != "Tenant 3"+renamedSuffix {
		t.Errorf("update name = %q", got)
	}
}

func TestPhaseArgs(t *testing.T) {
	b := &bench{opts: options{parallelism: 7, refresh: true}}
	if got := strings.Join(b.phaseArgs(phaseRefresh), " "); got != "plan -detailed-exitcode -input=false -no-color -parallelism=7" {
		t.Errorf("refresh args = %s", got)
	}
	b.opts.refresh = false
	if got := strings.Join(b.phaseArgs(phaseDestroy), " "); !strings.Contains(got, "destroy -auto-approve -refresh=false") {
		t.Errorf("destroy args = %s", got)
	}
	if got := strings.Join(b.phaseArgs(phaseCreate), " "); strings.Contains(got, "-refresh") {
		t.Errorf("create args = %s", got)
	}
}

func TestMeasurementLabels(t *testing.T) {
	m := measurement{Subject: subjectProvider, Phase: phaseUpdate, Requests: map[string]int{
		"PUT /v1/b2b/organizations/{organization_id}": 5,
		"GET /v1/b2b/organizations/{organization_id}": 5,
	}, Statuses: map[int]int{200: 9, 429: 1}}
	if got := m.methodsLabel(); got != "5 GET + 5 PUT" {
		t.Errorf("methodsLabel = %q", got)
	}
	if m.total() != 10 || m.successes() != 9 {
		t.Errorf("total, successes = %d, %d", m.total(), m.successes())
	}
	if m.failed() {
		t.Error("a phase without errors and exit 0 counts as failed")
	}
	plan := measurement{Subject: subjectProvider, Phase: phaseRefresh, ExitCode: 2}
	if !plan.failed() || failMark(&plan) != " (plan NOT empty)" {
		t.Error("a non-empty plan must count as failed")
	}
}

func TestTableMarkdown(t *testing.T) {
	tb := &table{header: []string{"a", "÷ b"}, rows: [][]string{{"long cell", "1"}}}
	want := "| a         | ÷ b |\n| --------- | --- |\n| long cell | 1   |\n"
	if got := tb.markdown(); got != want {
		t.Errorf("markdown =\n%s\nwant\n%s", got, want)
	}
}

// TestReportStatesNoVerdicts checks that the report states measurements
// only: thresholds belong to whoever reads the JSON.
func TestReportStatesNoVerdicts(t *testing.T) {
	r := &report{N: 10, Latency: 20 * time.Millisecond, Parallelism: 10, RateLimit: 50, Refresh: true, Machine: machine{CPUs: 2}}
	for _, phase := range phases {
		r.add(measurement{Subject: subjectProvider, Phase: phase, Wall: 2 * time.Second, APIWindow: time.Second,
			Requests: map[string]int{expectedMethod[phase] + " /v1/b2b/organizations": 10}, Statuses: map[int]int{200: 10},
			ProviderPeakRSS: 30 << 20})
		r.add(measurement{Subject: subjectData, Phase: phase, Wall: time.Second})
	}
	md := r.markdown()
	for _, want := range []string{"## Provider against the references", "## Rate limit", "## Every phase", "| create",
		"30.0 MiB", // the provider's peak RSS
		"1.96",     // create: 2 s ÷ ((a) 1 s + N·L/P 20 ms)
		"20 %",     // 10 answers in a 1 s window is 10 req/s, 20% of 50
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the report lacks %q:\n%s", want, md)
		}
	}
	for _, verdict := range []string{"Target", "target", "met**", "missed"} {
		if strings.Contains(md, verdict) {
			t.Errorf("the report holds a verdict (%q):\n%s", verdict, md)
		}
	}
}

func TestWriteJSON(t *testing.T) {
	r := &report{N: 3, Latency: 5 * time.Millisecond, Parallelism: 2, Refresh: true, Env: []string{"GOMEMLIMIT=48MiB"}}
	r.add(measurement{Subject: subjectProvider, Phase: phaseCreate, Command: "terraform apply", Wall: 1500 * time.Millisecond,
		Requests: map[string]int{"POST /v1/b2b/organizations": 3}, Statuses: map[int]int{200: 3}, ProviderPeakRSS: 40 << 20})
	path := filepath.Join(t.TempDir(), "results.json")
	if err := r.writeJSON(path); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		N            int      `json:"n"`
		LatencyNS    int64    `json:"latency_ns"`
		Env          []string `json:"env"`
		Measurements []struct {
			Subject  string         `json:"subject"`
			Phase    string         `json:"phase"`
			WallNS   int64          `json:"wall_ns"`
			Requests map[string]int `json:"requests"`
			PeakRSS  uint64         `json:"provider_peak_rss_bytes"`
		} `json:"measurements"`
	}
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatalf("%v:\n%s", err, data)
	}
	if got.N != 3 || got.LatencyNS != int64(5*time.Millisecond) || len(got.Env) != 1 || len(got.Measurements) != 1 {
		t.Fatalf("decoded %+v", got)
	}
	m := got.Measurements[0]
	if m.Subject != subjectProvider || m.Phase != phaseCreate || m.WallNS != int64(1500*time.Millisecond) ||
		m.Requests["POST /v1/b2b/organizations"] != 3 || m.PeakRSS != 40<<20 {
		t.Errorf("measurement %+v", m)
	}
	if err := r.writeJSON(filepath.Join(t.TempDir(), "missing", "results.json")); err == nil {
		t.Error("writing into a missing folder succeeded")
	}
}

func TestDirectAgainstEmulator(t *testing.T) {
	emu, err := startEmulator(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Close()
	b := &bench{opts: options{n: 12, parallelism: 3}, emu: emu}
	d, err := b.newDirectRunner()
	if err != nil {
		t.Fatal(err)
	}
	var ms []measurement
	for _, phase := range phases {
		ms = append(ms, d.run(context.Background(), phase))
	}
	for i, m := range ms {
		want := expectedMethod[phases[i]]
		if m.failed() || m.byMethod()[want] != 12 || m.total() != 12 {
			t.Errorf("%s: failed=%v requests=%v (%s)", m.Phase, m.failed(), m.Requests, m.FirstError)
		}
	}
	if ms[0].OrganizationsAfter != 12 || ms[3].OrganizationsAfter != 0 {
		t.Errorf("organizations after create, destroy = %d, %d", ms[0].OrganizationsAfter, ms[3].OrganizationsAfter)
	}
}

func TestAPIWindowIgnoresControlPaths(t *testing.T) {
	var w apiWindow
	h := w.wrap(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { time.Sleep(2 * time.Millisecond) }))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequestWithContext(context.Background(), http.MethodGet, "/_emulator/stats", nil))
	if w.duration() != 0 {
		t.Errorf("control request counted: %s", w.duration())
	}
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequestWithContext(context.Background(), http.MethodGet, "/v1/b2b/organizations/x", nil))
	if w.duration() < 2*time.Millisecond {
		t.Errorf("window = %s, want at least 2ms", w.duration())
	}
	w.reset()
	if w.duration() != 0 {
		t.Error("reset kept the window")
	}
}
