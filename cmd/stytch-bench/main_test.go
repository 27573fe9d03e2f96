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

	"github.com/platformkit/terraform-provider-stytch/internal/tfrun"
)

func TestParseFlags(t *testing.T) {
	o, err := parseFlags(nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if o.n != 500 || o.members != 0 || o.latency != 20*time.Millisecond || o.parallelism != 10 || o.rateLimit != 0 || !o.refresh || o.outDir != ".bench" ||
		o.tenants != 100 || o.shardSize != 10 || !o.noop {
		t.Errorf("defaults = %+v", o)
	}
	if !o.measuresNoop() {
		t.Error("the defaults do not measure reference (c)")
	}
	// The tenant phase alone.
	o, err = parseFlags([]string{"-n", "0", "-tenants", "100", "-shard-size", "25", "-noop=false"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if o.n != 0 || o.tenants != 100 || o.shardSize != 25 || o.noop || o.measuresNoop() {
		t.Errorf("parsed tenant flags = %+v", o)
	}
	for _, c := range []struct {
		args []string
		noop bool
	}{
		{[]string{"-tenants", "5"}, true},
		{[]string{"-rate-limit", "50"}, false},
		{[]string{"-references=false"}, false},
		{[]string{"-n", "0", "-tenants", "0", "-members", "10"}, false},
	} {
		o, err := parseFlags(c.args, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if o.measuresNoop() != c.noop {
			t.Errorf("%v: measuresNoop = %v", c.args, o.measuresNoop())
		}
	}
	o, err = parseFlags([]string{"-n", "1000", "-latency", "5ms", "-parallelism", "4", "-rate-limit", "50", "-refresh=false", "-json", "r.json"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if o.n != 1000 || o.latency != 5*time.Millisecond || o.parallelism != 4 || o.rateLimit != 50 || o.refresh || o.jsonPath != "r.json" {
		t.Errorf("parsed = %+v", o)
	}
	// make bench passes -members $(MEMBERS) before $(BENCHARGS): the last one wins.
	o, err = parseFlags([]string{"-n", "20", "-members", "0", "-members", "1000"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if o.n != 20 || o.members != 1000 {
		t.Errorf("parsed -members: n = %d, members = %d", o.n, o.members)
	}
	for _, bad := range [][]string{{"-n", "0", "-tenants", "0"}, {"-n", "-1"}, {"-tenants", "-1"}, {"-shard-size", "-1"}, {"-parallelism", "0"}, {"-latency", "-1s"}, {"-rate-limit", "-1"}, {"-members", "-1"},
		{"-members", "many"}, {"extra"}} {
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
	// Reference (c) is the same configuration with the organization's no-op twin.
	for _, renamed := range []bool{false, true} {
		noop := noopOrgConfig(7, renamed)
		if !strings.Contains(noop, `resource "stytch_noop_b2b_organization" "tenant" {`) ||
			strings.Replace(noop, "stytch_noop_b2b_organization", "stytch_b2b_organization", 1) != orgConfig(7, renamed) {
			t.Errorf("noop config:\n%s", noop)
		}
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

func TestMembersConfig(t *testing.T) {
	hcl := membersConfig(1000, false)
	for _, want := range []string{
		orgConfigHeader,
		`resource "stytch_b2b_organization" "members" {`,
		`organization_slug   = "` + membersPrefix + `-members"`,
		"deletion_protection = false",
		`resource "stytch_b2b_member" "member" {`,
		"count = 1000\n",
		"organization_id = stytch_b2b_organization.members.organization_id\n",
		`email_address   = format("member-%04d@bench.example.com", count.index + 1)`,
		`name            = "Member ${count.index + 1}"`,
		`roles           = ["stytch_admin"]`,
	} {
		if !strings.Contains(hcl, want) {
			t.Errorf("members config lacks %q:\n%s", want, hcl)
		}
	}
	// Exactly one organization: one resource block, no count on it.
	if got := strings.Count(hcl, `resource "stytch_b2b_organization"`); got != 1 {
		t.Errorf("%d organization blocks, want 1", got)
	}
	if got := strings.Count(hcl, "count ="); got != 1 {
		t.Errorf("%d count arguments, want 1 (the members')", got)
	}
	// The update phase renames every member and nothing else.
	renamed := membersConfig(1000, true)
	if want := `name            = "Member ${count.index + 1}` + renamedSuffix + `"`; !strings.Contains(renamed, want) {
		t.Errorf("renamed members config lacks %q:\n%s", want, renamed)
	}
	if strings.Replace(renamed, renamedSuffix, "", 1) != hcl {
		t.Errorf("the renamed config differs in more than the members' name:\n%s", renamed)
	}
	// What format() makes of the first and the last address.
	for i, want := range map[int]string{0: "member-0001@bench.example.com", 999: "member-1000@bench.example.com", 10000: "member-10001@bench.example.com"} {
		if got := memberEmail(i); got != want {
			t.Errorf("memberEmail(%d) = %q, want %q", i, got, want)
		}
	}
	if got := membersConfig(3, false); !strings.Contains(got, "count = 3\n") {
		t.Errorf("members config of 3:\n%s", got)
	}
	// The organizations' configuration is what it was: no member in it.
	if strings.Contains(orgConfig(7, false), "stytch_b2b_member") {
		t.Error("the organizations' configuration holds members")
	}
}

func TestSubjects(t *testing.T) {
	env := []string{"GOMEMLIMIT=48MiB"}
	m := membersSubject(5, 50, env)
	if m.name != subjectMembers || m.slugPrefix != membersPrefix || m.config(false) != membersConfig(5, false) ||
		m.config(true) != membersConfig(5, true) {
		t.Errorf("members subject = %+v", m)
	}
	p := providerSubject(5, 50, env)
	if p.name != subjectProvider || p.slugPrefix != slugPrefix || p.config(false) != orgConfig(5, false) {
		t.Errorf("provider subject = %+v", p)
	}
	want := "STYTCH_REQUESTS_PER_SECOND=50 GOMEMLIMIT=48MiB"
	if got := strings.Join(m.env, " "); got != want {
		t.Errorf("members env = %s, want %s", got, want)
	}
	if got := strings.Join(p.env, " "); got != want {
		t.Errorf("provider env = %s, want %s", got, want)
	}
	if got := providerSubject(5, 0, nil).env; len(got) != 0 {
		t.Errorf("provider env without rate limit = %v", got)
	}
	n := noopSubject(5, 0, env)
	if n.name != subjectNoop || !n.noop || n.config(false) != noopOrgConfig(5, false) || n.config(true) != noopOrgConfig(5, true) ||
		strings.Join(n.env, " ") != "GOMEMLIMIT=48MiB" {
		t.Errorf("noop subject = %+v", n)
	}
	if p.noop || dataSubject(5).noop || m.noop {
		t.Error("a subject other than (c) runs with the benchmark build")
	}
	b := &bench{provider: &tfrun.Provider{Binary: "real"}, noopProvider: &tfrun.Provider{Binary: "noop"}}
	if b.providerOf(n).Binary != "noop" || b.providerOf(p).Binary != "real" {
		t.Error("providerOf picks the wrong build")
	}
}

func TestMemberRoutes(t *testing.T) {
	for key, want := range map[string]bool{
		"POST /v1/b2b/organizations/{organization_id}/members":               true,
		"GET /v1/b2b/organizations/{organization_id}/member":                 true,
		"PUT /v1/b2b/organizations/{organization_id}/members/{member_id}":    true,
		"DELETE /v1/b2b/organizations/{organization_id}/members/{member_id}": true,
		"POST /v1/b2b/organizations":                                         false,
		"GET /v1/b2b/organizations/{organization_id}":                        false,
		"DELETE /v1/b2b/organizations/{organization_id}/external_id":         false,
		"GET /v1/b2b/sso/{organization_id}":                                  false,
	} {
		if got := isMemberRoute(key); got != want {
			t.Errorf("isMemberRoute(%q) = %v", key, got)
		}
	}
	m := measurement{Requests: map[string]int{
		"GET /v1/b2b/organizations/{organization_id}/member": 7,
		"GET /v1/b2b/organizations/{organization_id}":        1,
	}}
	members, others := m.splitMemberRoutes()
	if len(members) != 1 || members["GET /v1/b2b/organizations/{organization_id}/member"] != 7 ||
		len(others) != 1 || others["GET /v1/b2b/organizations/{organization_id}"] != 1 {
		t.Errorf("split = %v, %v", members, others)
	}
}

// TestReportMembers checks the members table: member routes apart from the
// organization's, per phase, and no section without -members.
func TestReportMembers(t *testing.T) {
	const (
		org      = "/v1/b2b/organizations/{organization_id}"
		create   = "POST /v1/b2b/organizations/{organization_id}/members"
		get      = "GET /v1/b2b/organizations/{organization_id}/member"
		update   = "PUT /v1/b2b/organizations/{organization_id}/members/{member_id}"
		deletion = "DELETE /v1/b2b/organizations/{organization_id}/members/{member_id}"
	)
	requests := map[string]map[string]int{
		phaseCreate:  {create: 1000, "POST /v1/b2b/organizations": 1},
		phaseRefresh: {get: 1000, "GET " + org: 1},
		phaseUpdate:  {get: 1000, "GET " + org: 1, update: 1000},
		phaseDestroy: {get: 1000, "GET " + org: 1, deletion: 1000, "DELETE " + org: 1},
	}
	r := &report{N: 20, Members: 1000, Latency: 20 * time.Millisecond, Parallelism: 10, Refresh: true, Machine: machine{CPUs: 2}}
	for _, phase := range phases {
		r.add(measurement{Subject: subjectProvider, Phase: phase, Wall: time.Second,
			Requests: map[string]int{expectedMethod[phase] + " /v1/b2b/organizations": 20}, Statuses: map[int]int{200: 20}})
		r.add(measurement{Subject: subjectMembers, Phase: phase, Wall: 30 * time.Second, Requests: requests[phase],
			Statuses: map[int]int{200: 1}, ProviderPeakRSS: 50 << 20, StateBytes: 600 << 10, OrganizationsAfter: 1})
	}
	md := r.markdown()
	if !strings.Contains(r.title(), "M = 1000 members") {
		t.Errorf("title = %s", r.title())
	}
	section := md[strings.Index(md, "## Members"):strings.Index(md, "## Every phase")]
	for _, want := range []string{
		"## Members: one organization with M = 1000 stytch_b2b_member resources",
		"| create  | 30.00 s | 1001 POST ",
		"| 1000 " + create + " ",
		"| 1 POST /v1/b2b/organizations ",
		"| 1000 " + get + " ",
		"| 1 GET " + org + " ",
		"| 1000 " + get + "; 1000 " + update + " ",
		"| 1000 " + deletion + "; 1000 " + get + " ",
		"| 1 DELETE " + org + "; 1 GET " + org + " ",
		"| 1.00 ", "| 2.00 ", // member requests per member
		"| 2.00 s ", // M·L/P = 1000 × 20 ms / 10
		"50.0 MiB", "600 KiB",
	} {
		if !strings.Contains(section, want) {
			t.Errorf("the members section lacks %q:\n%s", want, section)
		}
	}
	// The organizations' table holds the provider only.
	orgs := md[strings.Index(md, "## Provider against the references"):strings.Index(md, "## Members")]
	if strings.Contains(orgs, "1001") || strings.Contains(orgs, "30.00 s") {
		t.Errorf("the members leak into the organizations' table:\n%s", orgs)
	}
	for _, verdict := range []string{"Target", "target", "met**", "missed"} {
		if strings.Contains(md, verdict) {
			t.Errorf("the report holds a verdict (%q)", verdict)
		}
	}
	r.Members = 0
	if md := r.markdown(); strings.Contains(md, "## Members") || strings.Contains(r.title(), "members") {
		t.Errorf("a report without -members has a members section or title:\n%s", md)
	}
}

func TestReportFileName(t *testing.T) {
	root := t.TempDir()
	started := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	for members, want := range map[int]string{0: "bench-20261201-100000-n20-l20ms-p10.md", 1000: "bench-20261201-100000-n20-l20ms-p10-m1000.md"} {
		r := &report{Started: started, N: 20, Members: members, Latency: 20 * time.Millisecond, Parallelism: 10, Refresh: true, outDir: "out"}
		path, err := r.write(root)
		if err != nil {
			t.Fatal(err)
		}
		if filepath.Base(path) != want {
			t.Errorf("members %d: report %s, want %s", members, filepath.Base(path), want)
		}
		data, err := os.ReadFile(strings.TrimSuffix(path, ".md") + ".json")
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(string(data), `"members": 1000`); got != (members == 1000) {
			t.Errorf("members %d: JSON holds members = %v:\n%s", members, got, data)
		}
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
		r.add(measurement{Subject: subjectNoop, Phase: phase, Wall: 500 * time.Millisecond, ProviderCPU: 250 * time.Millisecond})
	}
	md := r.markdown()
	for _, want := range []string{"## Provider against the references", "## Rate limit", "## Every phase", "| create",
		"30.0 MiB",                // the provider's peak RSS
		"1.96",                    // create: 2 s ÷ ((a) 1 s + N·L/P 20 ms)
		"20 %",                    // 10 answers in a 1 s window is 10 req/s, 20% of 50
		"| 500 ms   | 4.00  |",    // (c) and provider wall ÷ (c)
		"| 250 ms  | 0.00      |", // (c) CPU; the provider's CPU was not set
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
