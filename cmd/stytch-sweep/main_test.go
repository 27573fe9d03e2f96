package main

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/platformkit/terraform-provider-stytch/internal/emulator"
	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

const (
	testProjectID = "project-test-sweep0000-0000-4000-8000-000000000000"
	testSecret    = "secret-test-sweep-Kx81"
)

// testAPI is an in-process emulator with a client of its own for seeding.
type testAPI struct {
	emu      *emulator.Server
	url      string
	client   *stytch.Client
	requests atomic.Int64 // requests that reached the server
}

func startAPI(t *testing.T, opts emulator.Options) *testAPI {
	t.Helper()
	if opts.ProjectID == "" {
		opts.ProjectID = testProjectID
	}
	if opts.Secret == "" {
		opts.Secret = testSecret
	}
	api := &testAPI{emu: emulator.New(opts)}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		api.requests.Add(1)
		api.emu.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	api.url = srv.URL
	client, err := stytch.New(stytch.Config{ProjectID: opts.ProjectID, Secret: opts.Secret, BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	api.client = client
	return api
}

// create adds an organization and returns its id.
func (a *testAPI) create(t *testing.T, slug, name string) string {
	t.Helper()
	org, err := a.client.CreateOrganization(t.Context(), stytch.CreateRequest{OrganizationSlug: slug, OrganizationName: name})
	if err != nil {
		t.Fatalf("creating %s: %v", slug, err)
	}
	return org.OrganizationID
}

// slugs lists the slugs the emulator holds, sorted.
func (a *testAPI) slugs() []string {
	var out []string
	for _, org := range a.emu.Organizations() {
		out = append(out, org.OrganizationSlug)
	}
	slices.Sort(out)
	return out
}

func (a *testAPI) env() map[string]string {
	return map[string]string{envProjectID: testProjectID, envSecret: testSecret, envBaseURL: a.url}
}

// sweepRun runs the command and returns its stdout, stderr and error.
func sweepRun(t *testing.T, env map[string]string, args ...string) (string, string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(t.Context(), args, func(k string) string { return env[k] }, &stdout, &stderr)
	t.Logf("stytch-sweep %s\nerror: %v\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
	return stdout.String(), stderr.String(), err
}

// seed creates the organizations of a test project after failed runs: two
// left behind by acceptance tests, and others the sweeper must never touch,
// three of which organization_slug_fuzzy "tf-acc" also returns.
func seed(t *testing.T, api *testAPI) (leftovers map[string]string) {
	t.Helper()
	leftovers = map[string]string{
		"tf-acc-1234567890123456789":         api.create(t, "tf-acc-1234567890123456789", "Acme Corp"),
		"tf-acc-9876543210987654321-renamed": api.create(t, "tf-acc-9876543210987654321-renamed", "Drift"),
	}
	api.create(t, "acme", "Acme Corporation")
	api.create(t, "my-tf-acc-app", "Contains the prefix elsewhere")
	api.create(t, "TF-ACC-UPPER", "Another case")
	api.create(t, "tf-ac", "One letter short")
	return leftovers
}

var untouched = []string{"TF-ACC-UPPER", "acme", "my-tf-acc-app", "tf-ac"}

func TestDryRunListsMatchesAndDeletesNothing(t *testing.T) {
	api := startAPI(t, emulator.Options{})
	leftovers := seed(t, api)
	before := api.slugs()

	stdout, _, err := sweepRun(t, api.env())
	if err != nil {
		t.Fatalf("dry run failed: %v", err)
	}
	if got := api.slugs(); !slices.Equal(got, before) {
		t.Fatalf("a dry run changed the project: %v, want %v", got, before)
	}
	lines := linesStarting(stdout, "would delete")
	if len(lines) != len(leftovers) {
		t.Fatalf("dry run listed %d organizations, want %d:\n%s", len(lines), len(leftovers), stdout)
	}
	for slug, id := range leftovers {
		if !slices.ContainsFunc(lines, func(l string) bool { return strings.Contains(l, id) && strings.Contains(l, slug) }) {
			t.Errorf("no 'would delete' line with id %s and slug %s:\n%s", id, slug, stdout)
		}
	}
	for _, name := range []string{`"Acme Corp"`, `"Drift"`} {
		if !strings.Contains(stdout, name) {
			t.Errorf("the listing does not show the name %s", name)
		}
	}
	for _, slug := range untouched {
		if strings.Contains(stdout, " "+slug+" ") {
			t.Errorf("the listing mentions %s, which does not start with tf-acc", slug)
		}
	}
	if !strings.Contains(stdout, "SWEEP_APPLY=1 make sweep") || !strings.Contains(stdout, "nothing was") {
		t.Errorf("the dry run does not say that nothing was deleted and how to delete:\n%s", stdout)
	}
}

func TestApplyDeletesOnlyPrefixedOrganizations(t *testing.T) {
	api := startAPI(t, emulator.Options{})
	leftovers := seed(t, api)

	stdout, _, err := sweepRun(t, api.env(), "-apply")
	if err != nil {
		t.Fatalf("-apply failed: %v", err)
	}
	if got := api.slugs(); !slices.Equal(got, untouched) {
		t.Fatalf("after -apply the project holds %v, want exactly %v", got, untouched)
	}
	if n := len(linesStarting(stdout, "deleted ")); n != len(leftovers) {
		t.Errorf("%d 'deleted' lines, want %d:\n%s", n, len(leftovers), stdout)
	}
	if !strings.Contains(stdout, "Deleted 2 of 2 organizations.") {
		t.Errorf("no summary line:\n%s", stdout)
	}

	// A second run finds nothing left.
	stdout, _, err = sweepRun(t, api.env(), "-apply")
	if err != nil || !strings.Contains(stdout, "Nothing to sweep.") {
		t.Fatalf("second run: error %v, output:\n%s", err, stdout)
	}
}

func TestCustomPrefix(t *testing.T) {
	api := startAPI(t, emulator.Options{})
	seed(t, api)
	api.create(t, "sweepme-1", "Other suite")

	if _, _, err := sweepRun(t, api.env(), "-apply", "-prefix", "sweepme-"); err != nil {
		t.Fatal(err)
	}
	if got := api.slugs(); slices.Contains(got, "sweepme-1") || !slices.Contains(got, "tf-acc-1234567890123456789") {
		t.Fatalf("after -prefix sweepme- the project holds %v", got)
	}
}

// TestSearchFollowsEveryPage makes the search span several pages.
func TestSearchFollowsEveryPage(t *testing.T) {
	defer func(n int) { searchPageSize = n }(searchPageSize)
	searchPageSize = 2
	api := startAPI(t, emulator.Options{})
	for _, s := range []string{"a", "b", "c", "d", "e"} {
		api.create(t, "tf-acc-page-"+s, "Page "+s)
	}
	api.create(t, "keep-me", "Keep")

	if _, _, err := sweepRun(t, api.env(), "-apply"); err != nil {
		t.Fatal(err)
	}
	if got := api.slugs(); !slices.Equal(got, []string{"keep-me"}) {
		t.Fatalf("after -apply the project holds %v, want [keep-me]", got)
	}
}

func TestOlderThanKeepsRecentOrganizations(t *testing.T) {
	var mu sync.Mutex
	clock := time.Now().Add(-48 * time.Hour)
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	api := startAPI(t, emulator.Options{Now: now})
	api.create(t, "tf-acc-old", "Two days old")
	mu.Lock()
	clock = time.Now()
	mu.Unlock()
	api.create(t, "tf-acc-new", "Running test")

	stdout, _, err := sweepRun(t, api.env(), "-apply", "-older-than", "24h")
	if err != nil {
		t.Fatal(err)
	}
	if got := api.slugs(); !slices.Equal(got, []string{"tf-acc-new"}) {
		t.Fatalf("after -older-than 24h the project holds %v, want [tf-acc-new]", got)
	}
	if keep := linesStarting(stdout, "keep"); len(keep) != 1 || !strings.Contains(keep[0], "tf-acc-new") {
		t.Errorf("want one 'keep' line for tf-acc-new:\n%s", stdout)
	}
}

func TestRefusesLiveProject(t *testing.T) {
	live := "project-live-00000000-0000-4000-8000-000000000000"
	api := startAPI(t, emulator.Options{ProjectID: live})
	api.create(t, "tf-acc-live", "Must survive")
	api.requests.Store(0)

	for _, args := range [][]string{nil, {"-apply"}} {
		env := api.env()
		env[envProjectID] = live
		_, _, err := sweepRun(t, env, args...)
		if err == nil || !strings.Contains(err.Error(), "refusing") || !strings.Contains(err.Error(), "live project") {
			t.Errorf("args %v: error %v, want a refusal naming the live project", args, err)
		}
	}
	if n := api.requests.Load(); n != 0 {
		t.Errorf("the sweeper sent %d requests for a live project, want none", n)
	}
	if api.emu.Len() != 1 {
		t.Errorf("the live project lost organizations")
	}
}

func TestRefusesLiveAPIHost(t *testing.T) {
	env := map[string]string{envProjectID: testProjectID, envSecret: testSecret, envBaseURL: "https://API.stytch.com/"}
	_, _, err := sweepRun(t, env, "-apply")
	if err == nil || !strings.Contains(err.Error(), "live API") {
		t.Fatalf("error %v, want a refusal of the live API host", err)
	}
}

func TestRefusesMissingCredentials(t *testing.T) {
	api := startAPI(t, emulator.Options{})
	api.create(t, "tf-acc-1", "Leftover")
	api.requests.Store(0)

	cases := map[string]struct {
		unset []string
		want  string
	}{
		"no project id": {[]string{envProjectID}, "STYTCH_PROJECT_ID not set"},
		"no secret":     {[]string{envSecret}, "STYTCH_SECRET not set"},
		"neither":       {[]string{envProjectID, envSecret}, "STYTCH_PROJECT_ID and STYTCH_SECRET not set"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			env := api.env()
			for _, k := range tc.unset {
				delete(env, k)
			}
			_, _, err := sweepRun(t, env, "-apply")
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "TEST project") {
				t.Fatalf("error %v, want it to contain %q and say which credentials to set", err, tc.want)
			}
		})
	}
	if n := api.requests.Load(); n != 0 || api.emu.Len() != 1 {
		t.Errorf("without credentials the sweeper sent %d requests and left %d organizations", n, api.emu.Len())
	}
}

func TestWrongSecretFailsWithTheAPIError(t *testing.T) {
	api := startAPI(t, emulator.Options{})
	env := api.env()
	env[envSecret] = "wrong"
	_, _, err := sweepRun(t, env)
	if err == nil || !strings.Contains(err.Error(), "unauthorized_credentials") {
		t.Fatalf("error %v, want Stytch's unauthorized_credentials", err)
	}
}

func TestBadFlags(t *testing.T) {
	api := startAPI(t, emulator.Options{})
	for _, args := range [][]string{
		{"-prefix", ""},
		{"-prefix", "tf"},
		{"-older-than", "-1h"},
		{"-older-than", "soon"},
		{"extra"},
	} {
		_, stderr, err := sweepRun(t, api.env(), args...)
		if !errors.Is(err, errUsage) || stderr == "" {
			t.Errorf("args %v: error %v, stderr %q; want a usage error explained on stderr", args, err, stderr)
		}
	}
	if n := api.requests.Load(); n != 0 {
		t.Errorf("bad flags sent %d requests, want none", n)
	}
}

func TestHelpSaysWhatItMatches(t *testing.T) {
	_, stderr, err := sweepRun(t, nil, "-h")
	if err != nil {
		t.Fatalf("-h: %v", err)
	}
	for _, want := range []string{`starts with PREFIX`, `default "tf-acc"`, "case-sensitively", "-apply", "project-live-", "STYTCH_BASE_URL", "SWEEP_APPLY=1 make sweep"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("the help does not mention %q", want)
		}
	}
}

func linesStarting(out, prefix string) []string {
	var lines []string
	for l := range strings.SplitSeq(out, "\n") {
		if strings.HasPrefix(l, prefix) {
			lines = append(lines, l)
		}
	}
	return lines
}
