package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
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
	go io.Copy(io.Discard, pr)
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
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
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
		if err := run(context.Background(), args, env, &stdout, &stderr); err != errUsage {
			t.Errorf("%v: err = %v", args, err)
		}
	}
	if err := run(context.Background(), []string{"-addr", "256.0.0.1:bad"}, env, &stdout, &stderr); err == nil {
		t.Error("bad address accepted")
	}
}
