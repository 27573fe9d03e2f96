package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/platformkit/terraform-provider-stytch/internal/emulator"
	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// lockedBuffer collects stderr safely across goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// start runs the command and returns its base URL, a stop function that
// returns run's error, and its stderr.
func start(t *testing.T, args []string, env map[string]string) (string, func() error, *lockedBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	stderr := &lockedBuffer{}
	done := make(chan error, 1)
	go func() {
		err := run(ctx, args, func(k string) string { return env[k] }, pw, stderr)
		pw.Close()
		done <- err
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		cancel()
		t.Fatalf("reading first line: %v (stderr %q)", err, stderr.String())
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	base, ok := strings.CutPrefix(strings.TrimSuffix(line, "\n"), "listening on ")
	if !ok || !strings.HasPrefix(base, "http://127.0.0.1:") || strings.HasSuffix(base, ":0") {
		cancel()
		t.Fatalf("first line = %q", line)
	}
	stopped := false
	stop := func() error {
		if stopped {
			return nil
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(10 * time.Second):
			t.Fatal("run did not return after cancel")
			return nil
		}
	}
	t.Cleanup(func() { _ = stop() })
	return base, stop, stderr
}

func post(t *testing.T, url, user, pass, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.SetBasicAuth(user, pass)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, data
}

func TestRunServesAndShutsDown(t *testing.T) {
	const secret = "secret-test-flag-value"
	base, stop, stderr := start(t, []string{"-addr", "127.0.0.1:0", "-project-id", "project-test-cli", "-secret", secret}, nil)
	code, body := post(t, base+"/v1/b2b/organizations", "project-test-cli", secret, `{"organization_name":"CLI","organization_slug":"cli"}`)
	if code != 200 {
		t.Fatalf("create: %d %s", code, body)
	}
	var resp stytch.OrganizationResponse
	if err := json.Unmarshal(body, &resp); err != nil || resp.Organization.OrganizationSlug != "cli" {
		t.Fatalf("create response %s", body)
	}
	if code, _ := post(t, base+"/v1/b2b/organizations/search", "project-test-cli", "wrong", `{}`); code != 401 {
		t.Fatalf("wrong secret: %d", code)
	}
	if err := stop(); err != nil {
		t.Fatalf("run: %v", err)
	}
	logs := stderr.String()
	if !strings.Contains(logs, "POST /v1/b2b/organizations 200 request-id-test-") || !strings.Contains(logs, "POST /v1/b2b/organizations/search 401 ") {
		t.Errorf("request log missing: %q", logs)
	}
	if strings.Contains(logs, secret) {
		t.Error("stderr contains the secret")
	}
}

func TestRunEnvAndQuiet(t *testing.T) {
	env := map[string]string{"STYTCH_PROJECT_ID": "project-test-env", "STYTCH_SECRET": "secret-from-env"}
	base, stop, stderr := start(t, []string{"-quiet"}, env)
	if code, body := post(t, base+"/v1/b2b/organizations/search", "project-test-env", "secret-from-env", `{}`); code != 200 {
		t.Fatalf("env credentials: %d %s", code, body)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if stderr.String() != "" {
		t.Errorf("-quiet still logged: %q", stderr.String())
	}
	// A flag wins over the environment; defaults apply without either.
	base, _, _ = start(t, []string{"-secret", "flag-secret"}, env)
	if code, _ := post(t, base+"/v1/b2b/organizations/search", "project-test-env", "flag-secret", `{}`); code != 200 {
		t.Fatalf("flag over env: %d", code)
	}
	base, _, _ = start(t, nil, nil)
	if code, _ := post(t, base+"/v1/b2b/organizations/search", emulator.DefaultProjectID, emulator.DefaultSecret, `{}`); code != 200 {
		t.Fatalf("defaults: %d", code)
	}
}

func TestRunUsage(t *testing.T) {
	var stdout, stderr strings.Builder
	env := func(k string) string { return map[string]string{"STYTCH_SECRET": "secret-env-hidden"}[k] }
	if err := run(context.Background(), []string{"-h"}, env, &stdout, &stderr); err != nil {
		t.Fatalf("-h: %v", err)
	}
	usage := stderr.String()
	for _, want := range []string{"Usage: stytch-emulator", "-addr", "-project-id", "-secret", "-quiet", "STYTCH_PROJECT_ID", "STYTCH_SECRET", "listening on http://HOST:PORT"} {
		if !strings.Contains(usage, want) {
			t.Errorf("usage lacks %q:\n%s", want, usage)
		}
	}
	if strings.Contains(usage, "secret-env-hidden") || strings.Contains(usage, emulator.DefaultSecret) {
		t.Error("usage prints a secret")
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout %q", stdout.String())
	}
	for _, args := range [][]string{{"-nope"}, {"extra"}} {
		if err := run(context.Background(), args, env, &stdout, &stderr); !errors.Is(err, errUsage) {
			t.Errorf("%v: err = %v", args, err)
		}
	}
	if err := run(context.Background(), []string{"-addr", "256.0.0.1:bad"}, env, &stdout, &stderr); err == nil {
		t.Error("bad address accepted")
	}
}

func TestRunFaultFlagsUsage(t *testing.T) {
	var stdout, stderr strings.Builder
	if err := run(context.Background(), []string{"-h"}, func(string) string { return "" }, &stdout, &stderr); err != nil {
		t.Fatalf("-h: %v", err)
	}
	for _, want := range []string{"-latency", "-rate-limit", "-retry-after", "-fail-rate", "-drop-rate", "-garbage-rate", "-seed", "(default 1)", "/_emulator/stats", "Retry-After"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("usage lacks %q", want)
		}
	}
	cases := []struct {
		args []string
		want string // in stderr
	}{
		{[]string{"-fail-rate", "1.5"}, "invalid -fail-rate 1.5"},
		{[]string{"-fail-rate", "-0.1"}, "invalid -fail-rate -0.1"},
		{[]string{"-drop-rate", "2"}, "invalid -drop-rate 2"},
		{[]string{"-garbage-rate", "NaN"}, "invalid -garbage-rate NaN"},
		{[]string{"-garbage-rate", "x"}, "invalid value"},
		{[]string{"-fail-rate", "0.6", "-drop-rate", "0.5"}, "must be at most 1"},
		{[]string{"-rate-limit", "-1"}, "invalid -rate-limit -1"},
		{[]string{"-rate-limit", "+Inf"}, "invalid -rate-limit +Inf"},
		{[]string{"-latency", "-1s"}, "invalid -latency -1s"},
		{[]string{"-latency", "soon"}, "invalid value"},
		{[]string{"-seed", "1.5"}, "invalid value"},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			var stdout, stderr strings.Builder
			if err := run(context.Background(), tc.args, func(string) string { return "" }, &stdout, &stderr); !errors.Is(err, errUsage) {
				t.Fatalf("err = %v, want errUsage", err)
			}
			if !strings.Contains(stderr.String(), tc.want) || !strings.Contains(stderr.String(), "Usage: stytch-emulator") {
				t.Errorf("stderr lacks %q:\n%s", tc.want, stderr.String())
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout %q", stdout.String())
			}
		})
	}
}

func TestFaultsFromFlags(t *testing.T) {
	got, err := faultsFromFlags(50*time.Millisecond, 2.5, true, 0.1, 0.2, 0.3, 0, 7)
	want := emulator.Faults{Latency: 50 * time.Millisecond, RateLimit: 2.5, RetryAfterHeader: true, FailRate: 0.1, DropRate: 0.2, GarbageRate: 0.3, Seed: 7}
	if err != nil || got != want {
		t.Fatalf("got %+v, %v", got, err)
	}
	if _, err := faultsFromFlags(0, 0, false, 1, 0, 0, 0, 1); err != nil {
		t.Fatalf("fail-rate 1 rejected: %v", err)
	}
	if _, err := faultsFromFlags(0, 0, false, 0.4, 0.3, 0.3, 0, 1); err != nil {
		t.Fatalf("rates summing to 1 rejected: %v", err)
	}
}

func TestRunWithFaults(t *testing.T) {
	base, stop, stderr := start(t, []string{"-fail-rate", "1", "-seed", "3", "-rate-limit", "100", "-retry-after", "-latency", "10ms"}, nil)
	began := time.Now()
	code, body := post(t, base+"/v1/b2b/organizations", emulator.DefaultProjectID, emulator.DefaultSecret, `{"organization_name":"CLI","organization_slug":"cli"}`)
	if code != 500 && code != 503 {
		t.Fatalf("create with -fail-rate 1: %d %s", code, body)
	}
	if el := time.Since(began); el < 10*time.Millisecond {
		t.Errorf("-latency ignored: %s", el)
	}
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, base+"/_emulator/stats", nil)
	req.SetBasicAuth(emulator.DefaultProjectID, emulator.DefaultSecret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var st emulator.Stats
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil || resp.StatusCode != 200 {
		t.Fatalf("stats: %d %v", resp.StatusCode, err)
	}
	if st.Faults[emulator.FaultFailed] != 1 || st.Requests["POST /v1/b2b/organizations"] != 1 || st.Organizations != 0 {
		t.Fatalf("stats %+v", st)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	logs := stderr.String()
	if !strings.Contains(logs, "fault injection: latency=10ms rate-limit=100 retry-after=true fail-rate=1 drop-rate=0 garbage-rate=0 throttle-rate=0 seed=3") {
		t.Errorf("fault configuration not logged: %q", logs)
	}
}

// send sends a request with the default credentials and returns the status
// and body.
func send(t *testing.T, method, url, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.SetBasicAuth(emulator.DefaultProjectID, emulator.DefaultSecret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, data
}

// samlConnectionURLs creates an organization and a SAML connection and returns
// the connection's id and acs_url.
func samlConnectionURLs(t *testing.T, base string) (string, string) {
	t.Helper()
	if code, body := send(t, http.MethodPost, base+"/v1/b2b/organizations", `{"organization_name":"CLI","organization_slug":"cli"}`); code != 200 {
		t.Fatalf("create organization: %d %s", code, body)
	}
	code, body := send(t, http.MethodPost, base+"/v1/b2b/sso/saml/cli", `{"display_name":"CLI"}`)
	var resp struct {
		Connection struct {
			ConnectionID string `json:"connection_id"`
			ACSURL       string `json:"acs_url"`
		} `json:"connection"`
	}
	if code != 200 || json.Unmarshal(body, &resp) != nil {
		t.Fatalf("create SAML connection: %d %s", code, body)
	}
	return resp.Connection.ConnectionID, resp.Connection.ACSURL
}

func TestRunSSOFlags(t *testing.T) {
	// The default public base URL is Stytch's test host.
	base, _, _ := start(t, []string{"-quiet"}, nil)
	id, acs := samlConnectionURLs(t, base)
	if acs != "https://test.stytch.com/v1/b2b/sso/callback/"+id {
		t.Errorf("default acs_url %q", acs)
	}
	base, _, _ = start(t, []string{"-quiet", "-public-base-url", "http://127.0.0.1:9999/"}, nil)
	if id, acs := samlConnectionURLs(t, base); acs != "http://127.0.0.1:9999/v1/b2b/sso/callback/"+id {
		t.Errorf("-public-base-url: acs_url %q", acs)
	}
	for _, bad := range []string{"test.stytch.com", "ftp://x", "https://", "https://x/?a=b", "https://x/#f"} {
		var stdout, stderr strings.Builder
		if err := run(context.Background(), []string{"-public-base-url", bad}, func(string) string { return "" }, &stdout, &stderr); !errors.Is(err, errUsage) || !strings.Contains(stderr.String(), "invalid -public-base-url") {
			t.Errorf("-public-base-url %q: %v %q", bad, err, stderr.String())
		}
	}
	var stdout, stderr strings.Builder
	if err := run(context.Background(), []string{"-h"}, func(string) string { return "" }, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"-public-base-url", "-allow-remote-metadata", "loopback", "/v1/b2b/sso"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("usage lacks %q", want)
		}
	}

	// -allow-remote-metadata: 0.0.0.0 reaches the local metadata server but
	// is not a loopback address, so only the flag lets it be fetched.
	hits := 0
	var mu sync.Mutex
	idp := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits++
		mu.Unlock()
		http.NotFound(w, r)
	}))
	defer idp.Close()
	_, port, _ := net.SplitHostPort(idp.Listener.Addr().String())
	metadata := `{"metadata_url":"http://0.0.0.0:` + port + `/metadata"}`
	for _, tc := range []struct {
		args []string
		hits int
	}{{nil, 0}, {[]string{"-allow-remote-metadata"}, 1}} {
		base, _, _ := start(t, append([]string{"-quiet"}, tc.args...), nil)
		id, _ := samlConnectionURLs(t, base)
		code, body := send(t, http.MethodPut, base+"/v1/b2b/sso/saml/cli/connections/"+id+"/url", metadata)
		mu.Lock()
		got := hits
		hits = 0
		mu.Unlock()
		if code != 400 || !strings.Contains(string(body), "invalid_saml_metadata_url") || got != tc.hits {
			t.Errorf("%v: %d %s, %d fetches, want %d", tc.args, code, body, got, tc.hits)
		}
	}
}

func TestRunProjectRoles(t *testing.T) {
	if got := splitRoles(" editor, ,viewer ,"); len(got) != 2 || got[0] != "editor" || got[1] != "viewer" {
		t.Fatalf("splitRoles = %q", got)
	}
	if got := splitRoles(""); got != nil {
		t.Fatalf("splitRoles(\"\") = %q", got)
	}
	for _, tc := range []struct {
		args   []string
		status int
	}{{nil, 400}, {[]string{"-project-roles", "viewer, editor"}, 200}} {
		base, _, _ := start(t, append([]string{"-quiet"}, tc.args...), nil)
		if code, body := send(t, http.MethodPost, base+"/v1/b2b/organizations", `{"organization_name":"CLI","organization_slug":"cli"}`); code != 200 {
			t.Fatalf("create organization: %d %s", code, body)
		}
		code, body := send(t, http.MethodPost, base+"/v1/b2b/organizations/cli/members", `{"email_address":"a@example.com","roles":["editor"]}`)
		if code != tc.status || (code == 400 && !strings.Contains(string(body), "invalid_rbac_role_id")) {
			t.Errorf("%v: %d %s", tc.args, code, body)
		}
	}
	var stdout, stderr strings.Builder
	if err := run(context.Background(), []string{"-h"}, func(string) string { return "" }, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"-project-roles", "stytch_admin", "/members"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("usage lacks %q", want)
		}
	}
}

func TestRunRBACPolicy(t *testing.T) {
	const policyFile = "../../internal/emulator/testdata/rbac-policy.json"
	base, _, stderr := start(t, []string{"-rbac-policy", policyFile, "-project-roles", "viewer"}, nil)
	code, body := send(t, http.MethodGet, base+"/v1/b2b/rbac/policy", "")
	var resp struct {
		Policy emulator.ProjectPolicy `json:"policy"`
	}
	if err := json.Unmarshal(body, &resp); code != 200 || err != nil {
		t.Fatalf("policy: %d %s", code, body)
	}
	var roles []string
	for _, r := range resp.Policy.Roles {
		roles = append(roles, r.RoleID)
	}
	if strings.Join(roles, ",") != "stytch_member,stytch_admin,editor,auditor,viewer" || len(resp.Policy.Resources) != 7 {
		t.Errorf("policy %s", body)
	}
	// The file's roles may be given to members; an organization may not
	// redefine them.
	if code, body := send(t, http.MethodPost, base+"/v1/b2b/organizations", `{"organization_name":"CLI","organization_slug":"cli"}`); code != 200 {
		t.Fatalf("create organization: %d %s", code, body)
	}
	if code, body := send(t, http.MethodPost, base+"/v1/b2b/organizations/cli/members", `{"email_address":"a@example.com","roles":["auditor","viewer"]}`); code != 200 {
		t.Errorf("member with the file's roles: %d %s", code, body)
	}
	code, body = send(t, http.MethodPut, base+"/v1/b2b/rbac/organizations/cli", `{"org_policy":{"roles":[{"role_id":"editor","description":"","permissions":[]}]}}`)
	if code != 400 || !strings.Contains(string(body), "rbac_org_custom_roles_only") {
		t.Errorf("org role named like a project role: %d %s", code, body)
	}
	code, body = send(t, http.MethodPut, base+"/v1/b2b/rbac/organizations/cli", `{"org_policy":{"roles":[{"role_id":"exporter","description":"","permissions":[{"resource_id":"reports","actions":["export"]}]}]}}`)
	if code != 200 {
		t.Errorf("org role on the file's resource: %d %s", code, body)
	}
	if !strings.Contains(stderr.String(), "project RBAC policy from "+policyFile+": 7 resources, 4 roles") {
		t.Errorf("startup log %q", stderr.String())
	}

	dir := t.TempDir()
	bad := dir + "/bad.json"
	if err := os.WriteFile(bad, []byte(`{"resources": [], "roles": [], "extra": 1}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ file, want string }{
		{bad, `unknown field "extra"`},
		{dir + "/missing.json", "no such file"},
	} {
		var stdout, stderr strings.Builder
		err := run(context.Background(), []string{"-rbac-policy", tc.file}, func(string) string { return "" }, &stdout, &stderr)
		if !errors.Is(err, errUsage) || !strings.Contains(stderr.String(), "invalid -rbac-policy") || !strings.Contains(stderr.String(), tc.want) || stdout.Len() != 0 {
			t.Errorf("%s: %v %q", tc.file, err, stderr.String())
		}
	}
	var stdout, stderr2 strings.Builder
	if err := run(context.Background(), []string{"-h"}, func(string) string { return "" }, &stdout, &stderr2); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"-rbac-policy", "stytch.scim", "/v1/b2b/scim", "/v1/b2b/rbac"} {
		if !strings.Contains(stderr2.String(), want) {
			t.Errorf("usage lacks %q", want)
		}
	}
}
