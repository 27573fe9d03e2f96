package stytch

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// failingServer answers the first `failures` requests with status (a Stytch
// JSON error whose request_id is "req-<n>") and the rest with success.
func failingServer(t *testing.T, failures int32, status int, success string) (*atomic.Int32, string) {
	t.Helper()
	var hits atomic.Int32
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		n := hits.Add(1)
		_, _ = io.Copy(io.Discard, r.Body)
		if n <= failures {
			writeJSON(w, status, errorJSON(status, "some_error", fmt.Sprintf("req-%d", n)))
			return
		}
		w.Header().Set("X-Request-Id", fmt.Sprintf("req-%d", n))
		writeJSON(w, http.StatusOK, success)
	})
	return &hits, srv.URL
}

func TestGetRetriedOnTransientStatus(t *testing.T) {
	for _, status := range []int{429, 500, 502, 503, 504} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			hits, url := failingServer(t, 2, status, orgEnvelope("org-1"))
			c := newTestClient(t, url, func(cfg *Config) { cfg.MaxRetries = 3 })
			org, err := c.GetOrganization(testContext(t), "org-1")
			if err != nil {
				t.Fatalf("GetOrganization: %v", err)
			}
			if org.OrganizationID != "org-1" {
				t.Errorf("OrganizationID = %q", org.OrganizationID)
			}
			if n := hits.Load(); n != 3 {
				t.Errorf("server hits = %d, want 3", n)
			}
		})
	}
}

func TestRetriesStopAfterMaxRetries(t *testing.T) {
	for _, maxRetries := range []int{1, 2, 4} {
		t.Run(fmt.Sprint(maxRetries), func(t *testing.T) {
			hits, url := failingServer(t, 1000, http.StatusServiceUnavailable, "")
			c := newTestClient(t, url, func(cfg *Config) { cfg.MaxRetries = maxRetries })
			_, err := c.GetOrganization(testContext(t), "org-1")
			want := int32(maxRetries + 1)
			if n := hits.Load(); n != want {
				t.Errorf("server hits = %d, want %d", n, want)
			}
			apiErr, ok := AsError(err)
			if !ok {
				t.Fatalf("err = %T %v, want *Error", err, err)
			}
			if apiErr.StatusCode != 503 {
				t.Errorf("StatusCode = %d, want 503", apiErr.StatusCode)
			}
			if wantID := fmt.Sprintf("req-%d", want); apiErr.RequestID != wantID {
				t.Errorf("RequestID = %q, want %q (the last attempt's error)", apiErr.RequestID, wantID)
			}
		})
	}
}

func TestClientErrorsNotRetried(t *testing.T) {
	for _, status := range []int{400, 401, 403, 404, 409} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			hits, url := failingServer(t, 1000, status, "")
			c := newTestClient(t, url, func(cfg *Config) { cfg.MaxRetries = 5 })
			_, err := c.GetOrganization(testContext(t), "org-1")
			if n := hits.Load(); n != 1 {
				t.Errorf("server hits = %d, want 1", n)
			}
			if apiErr, ok := AsError(err); !ok || apiErr.StatusCode != status {
				t.Errorf("err = %v, want *Error with status %d", err, status)
			}
			// A 404 without Stytch's not-found error type (here
			// "some_error") says nothing about the organization.
			if IsNotFound(err) {
				t.Errorf("IsNotFound = true for %d %v", status, err)
			}
		})
	}
}

// search_timeout is a 400 that Stytch documents as transient: a search is
// repeated on it, with the bounded backoff of a 5xx, and nothing else is.
func TestSearchTimeoutRetried(t *testing.T) {
	var hits atomic.Int32
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		n := hits.Add(1)
		_, _ = io.Copy(io.Discard, r.Body)
		if n <= 2 {
			writeJSON(w, http.StatusBadRequest, errorJSON(http.StatusBadRequest, ErrorTypeSearchTimeout, fmt.Sprintf("req-%d", n)))
			return
		}
		writeJSON(w, http.StatusOK, `{"request_id":"req-3","status_code":200,"organizations":[],"results_metadata":{"total":0,"next_cursor":null}}`)
	})
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.MaxRetries = 3 })
	if _, err := c.SearchOrganizations(testContext(t), SearchRequest{}); err != nil {
		t.Fatalf("SearchOrganizations: %v", err)
	}
	if n := hits.Load(); n != 3 {
		t.Errorf("server hits = %d, want 3 (two search_timeout answers, then success)", n)
	}

	hits.Store(-1000) // every answer a search_timeout from now on
	_, err := c.SearchOrganizations(testContext(t), SearchRequest{})
	if !IsErrorType(err, ErrorTypeSearchTimeout) {
		t.Fatalf("err = %v, want search_timeout after the retries", err)
	}
	if n := hits.Load() + 1000; n != 4 {
		t.Errorf("server hits = %d, want 4 (the first try and MaxRetries = 3 retries)", n)
	}
}

func TestMaxRetriesZeroDisablesRetries(t *testing.T) {
	for _, status := range []int{429, 500, 503} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			hits, url := failingServer(t, 1000, status, "")
			c := newTestClient(t, url, func(cfg *Config) { cfg.MaxRetries = 0 })
			if _, err := c.GetOrganization(testContext(t), "org-1"); err == nil {
				t.Fatal("want an error")
			}
			if n := hits.Load(); n != 1 {
				t.Errorf("server hits = %d, want 1", n)
			}
		})
	}
}

func TestCreateRetryPolicyOnStatus(t *testing.T) {
	tests := []struct {
		status   int
		wantHits int32
		wantOK   bool
	}{
		{429, 2, true},  // Stytch refused before doing anything: safe to repeat
		{500, 1, false}, // the create may have happened
		{502, 1, false},
		{503, 1, false},
		{504, 1, false},
		{400, 1, false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.status), func(t *testing.T) {
			hits, url := failingServer(t, 1, tt.status, orgEnvelope("org-new"))
			c := newTestClient(t, url, func(cfg *Config) { cfg.MaxRetries = 3 })
			org, err := c.CreateOrganization(testContext(t), CreateRequest{OrganizationName: "Acme"})
			if n := hits.Load(); n != tt.wantHits {
				t.Errorf("server hits = %d, want %d", n, tt.wantHits)
			}
			if tt.wantOK {
				if err != nil || org.OrganizationID != "org-new" {
					t.Fatalf("CreateOrganization = %+v, %v", org, err)
				}
				return
			}
			if apiErr, ok := AsError(err); !ok || apiErr.StatusCode != tt.status {
				t.Errorf("err = %v, want *Error with status %d", err, tt.status)
			}
		})
	}
}

// scriptedTransport returns errs[i] for the i-th round trip while it has one
// (nil meaning "delegate"), then delegates to next.
type scriptedTransport struct {
	calls atomic.Int32
	errs  []error
	next  http.RoundTripper
}

func (s *scriptedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	i := int(s.calls.Add(1)) - 1
	if i < len(s.errs) && s.errs[i] != nil {
		if r.Body != nil {
			_ = r.Body.Close()
		}
		return nil, s.errs[i]
	}
	return s.next.RoundTrip(r)
}

func dialRefused() error {
	return &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
}

func TestCreateRetriedOnDialError(t *testing.T) {
	var hits atomic.Int32
	var bodies sync.Map
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		n := hits.Add(1)
		b, _ := io.ReadAll(r.Body)
		bodies.Store(n, string(b))
		writeJSON(w, http.StatusOK, orgEnvelope("org-new"))
	})
	tr := &scriptedTransport{errs: []error{dialRefused(), dialRefused()}, next: srv.Client().Transport}
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.HTTPClient = &http.Client{Transport: tr} })
	org, err := c.CreateOrganization(testContext(t), CreateRequest{OrganizationName: "Acme"})
	if err != nil {
		t.Fatalf("CreateOrganization: %v", err)
	}
	if org.OrganizationID != "org-new" {
		t.Errorf("OrganizationID = %q", org.OrganizationID)
	}
	if n := tr.calls.Load(); n != 3 {
		t.Errorf("transport calls = %d, want 3", n)
	}
	if n := hits.Load(); n != 1 {
		t.Errorf("server hits = %d, want 1", n)
	}
	// The body must be sent in full on the attempt that reaches the server.
	if b, _ := bodies.Load(int32(1)); b != `{"organization_name":"Acme"}` {
		t.Errorf("body = %v", b)
	}
}

func TestCreateNotRetriedOnOtherTransportErrors(t *testing.T) {
	tests := []struct {
		name string
		err  error
	}{
		{"unexpected EOF", io.ErrUnexpectedEOF},
		{"read reset", &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}},
		{"write broken pipe", &net.OpError{Op: "write", Net: "tcp", Err: syscall.EPIPE}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hits atomic.Int32
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				writeJSON(w, http.StatusOK, orgEnvelope("org-new"))
			})
			tr := &scriptedTransport{errs: []error{tt.err, tt.err, tt.err, tt.err, tt.err}, next: srv.Client().Transport}
			c := newTestClient(t, srv.URL, func(cfg *Config) {
				cfg.HTTPClient = &http.Client{Transport: tr}
				cfg.MaxRetries = 3
			})
			_, err := c.CreateOrganization(testContext(t), CreateRequest{OrganizationName: "Acme"})
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want it to wrap %v", err, tt.err)
			}
			if n := tr.calls.Load(); n != 1 {
				t.Errorf("transport calls = %d, want 1 (a create that may have been sent is not repeated)", n)
			}
			if !strings.Contains(err.Error(), "POST /v1/b2b/organizations") {
				t.Errorf("err = %q, want it to name the call", err)
			}

			// The same failure is retried for a read, which is idempotent.
			tr2 := &scriptedTransport{errs: []error{tt.err, tt.err}, next: srv.Client().Transport}
			c2 := newTestClient(t, srv.URL, func(cfg *Config) {
				cfg.HTTPClient = &http.Client{Transport: tr2}
				cfg.MaxRetries = 3
			})
			if _, err := c2.GetOrganization(testContext(t), "org-new"); err != nil {
				t.Fatalf("GetOrganization: %v", err)
			}
			if n := tr2.calls.Load(); n != 3 {
				t.Errorf("GET transport calls = %d, want 3", n)
			}
		})
	}
}

func TestCreateRetriedWhenConnectionRefused(t *testing.T) {
	// A real refused connection: listen, note the address, close.
	ln, err := (&net.ListenConfig{}).Listen(t.Context(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()

	var (
		mu    sync.Mutex
		infos []CallInfo
	)
	c := newTestClient(t, "http://"+addr, func(cfg *Config) {
		cfg.MaxRetries = 2
		cfg.OnCall = func(_ context.Context, info CallInfo) {
			mu.Lock()
			infos = append(infos, info)
			mu.Unlock()
		}
	})
	_, err = c.CreateOrganization(testContext(t), CreateRequest{OrganizationName: "Acme"})
	if err == nil {
		t.Fatal("want an error from a closed port")
	}
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("err = %v, want it to wrap ECONNREFUSED", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(infos) != 3 {
		t.Fatalf("attempts = %d, want 3 (a refused connection sent nothing, so even a create is retried)", len(infos))
	}
	for i, info := range infos {
		if info.Attempt != i+1 || info.Err == nil || info.Status != 0 {
			t.Errorf("attempt %d: %+v", i+1, info)
		}
	}
}

func TestIdempotentCallsRetriedOn5xx(t *testing.T) {
	str := func(s string) *string { return &s }
	searchOK := `{"request_id":"r","status_code":200,"organizations":[` + orgJSON("org-1") + `],"results_metadata":{"total":1,"next_cursor":null}}`
	tests := []struct {
		name    string
		success string
		call    func(ctx context.Context, c *Client) error
	}{
		{"update", orgEnvelope("org-1"), func(ctx context.Context, c *Client) error {
			_, err := c.UpdateOrganization(ctx, "org-1", UpdateRequest{OrganizationName: str("x")})
			return err
		}},
		{"delete", `{"request_id":"r","status_code":200,"organization_id":"org-1"}`, func(ctx context.Context, c *Client) error {
			return c.DeleteOrganization(ctx, "org-1")
		}},
		{"delete external id", orgEnvelope("org-1"), func(ctx context.Context, c *Client) error {
			_, err := c.DeleteOrganizationExternalID(ctx, "org-1")
			return err
		}},
		{"search", searchOK, func(ctx context.Context, c *Client) error {
			_, err := c.SearchOrganizations(ctx, SearchRequest{Limit: 5})
			return err
		}},
		{"search all", searchOK, func(ctx context.Context, c *Client) error {
			_, _, err := c.SearchAllOrganizations(ctx, nil, 5, 0)
			return err
		}},
	}
	for _, tt := range tests {
		for _, status := range []int{500, 503} {
			t.Run(fmt.Sprintf("%s/%d", tt.name, status), func(t *testing.T) {
				hits, url := failingServer(t, 2, status, tt.success)
				c := newTestClient(t, url, func(cfg *Config) { cfg.MaxRetries = 3 })
				if err := tt.call(testContext(t), c); err != nil {
					t.Fatalf("call: %v", err)
				}
				if n := hits.Load(); n != 3 {
					t.Errorf("server hits = %d, want 3", n)
				}
			})
		}
	}
}

func TestRetryBodyResentIdentically(t *testing.T) {
	var (
		mu     sync.Mutex
		bodies []string
	)
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, string(b))
		n := len(bodies)
		mu.Unlock()
		if n < 3 {
			writeJSON(w, http.StatusServiceUnavailable, errorJSON(503, "unavailable", "r"))
			return
		}
		writeJSON(w, http.StatusOK, orgEnvelope("org-1"))
	})
	name := "Renamed"
	c := newTestClient(t, srv.URL, nil)
	if _, err := c.UpdateOrganization(testContext(t), "org-1", UpdateRequest{OrganizationName: &name}); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	want := `{"organization_name":"Renamed"}`
	if len(bodies) != 3 {
		t.Fatalf("bodies = %q", bodies)
	}
	for i, b := range bodies {
		if b != want {
			t.Errorf("attempt %d body = %q, want %q", i+1, b, want)
		}
	}
}

func TestRetryAfterHonored(t *testing.T) {
	var (
		hits  atomic.Int32
		mu    sync.Mutex
		times []time.Time
	)
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		times = append(times, time.Now())
		mu.Unlock()
		if hits.Add(1) == 1 {
			w.Header().Set("Retry-After", "1")
			writeJSON(w, http.StatusTooManyRequests, errorJSON(429, "too_many_requests", "r1"))
			return
		}
		writeJSON(w, http.StatusOK, orgEnvelope("org-1"))
	})
	// MaxBackoff bounds a server-given wait at 4×MaxBackoff, so it must allow 1s.
	c := newTestClient(t, srv.URL, func(cfg *Config) {
		cfg.MinBackoff = time.Millisecond
		cfg.MaxBackoff = time.Second
	})
	if _, err := c.CreateOrganization(testContext(t), CreateRequest{OrganizationName: "Acme"}); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(times) != 2 {
		t.Fatalf("server hits = %d, want 2", len(times))
	}
	if gap := times[1].Sub(times[0]); gap < 950*time.Millisecond {
		t.Errorf("retry came %v after a Retry-After: 1, want about 1s", gap)
	}
}

func TestBackoff(t *testing.T) {
	c := newTestClient(t, "https://test.stytch.com", func(cfg *Config) {
		cfg.MinBackoff = 100 * time.Millisecond
		cfg.MaxBackoff = time.Second
	})
	ceilings := map[int]time.Duration{
		1: 100 * time.Millisecond, 2: 200 * time.Millisecond, 3: 400 * time.Millisecond,
		4: 800 * time.Millisecond, 5: time.Second, 10: time.Second, 64: time.Second, 1000: time.Second,
	}
	for attempt, ceiling := range ceilings {
		for range 200 {
			if d := c.backoff(attempt, 0); d <= 0 || d > ceiling {
				t.Fatalf("backoff(%d) = %v, want in (0, %v]", attempt, d, ceiling)
			}
		}
	}
	if d := c.backoff(1, 3*time.Second); d != 3*time.Second {
		t.Errorf("backoff with Retry-After 3s = %v, want 3s", d)
	}
	if d := c.backoff(1, time.Hour); d != 4*time.Second {
		t.Errorf("backoff with Retry-After 1h = %v, want the 4×MaxBackoff cap (4s)", d)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		header string
		want   time.Duration
	}{
		{"", 0},
		{"   ", 0},
		{"0", 0},
		{"1", time.Second},
		{"120", 2 * time.Minute},
		{" 7 ", 7 * time.Second},
		{"-5", 0},
		{"1.5", 0},
		{"soon", 0},
		{"5s", 0},
		{now.Add(30 * time.Second).Format(http.TimeFormat), 30 * time.Second},
		{now.Add(2 * time.Hour).Format(time.RFC850), 2 * time.Hour},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0},
		{now.Format(http.TimeFormat), 0},
		{"Sat, 99 Mar 2025 12:00:00 GMT", 0},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			if got := parseRetryAfter(tt.header, now); got != tt.want {
				t.Errorf("parseRetryAfter(%q) = %v, want %v", tt.header, got, tt.want)
			}
		})
	}
}

func TestContextCanceledDuringBackoff(t *testing.T) {
	var hits atomic.Int32
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Retry-After", "30")
		writeJSON(w, http.StatusServiceUnavailable, errorJSON(503, "unavailable", "req-1"))
	})
	ctx, cancel := context.WithCancel(testContext(t))
	defer cancel()
	c := newTestClient(t, srv.URL, func(cfg *Config) {
		cfg.MaxRetries = 5
		cfg.MaxBackoff = 30 * time.Second // the 30s Retry-After is honored in full
		cfg.OnCall = func(context.Context, CallInfo) {
			time.AfterFunc(50*time.Millisecond, cancel)
		}
	})
	start := time.Now()
	_, err := c.GetOrganization(ctx, "org-1")
	elapsed := time.Since(start)
	if elapsed > 5*time.Second {
		t.Errorf("GetOrganization returned after %v, want promptly after cancellation", elapsed)
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want it to wrap context.Canceled", err)
	}
	if apiErr, ok := AsError(err); !ok || apiErr.StatusCode != 503 {
		t.Errorf("err = %v, want it to still carry the 503 that caused the wait", err)
	}
	if n := hits.Load(); n != 1 {
		t.Errorf("server hits = %d, want 1", n)
	}
}

func TestContextCanceledDuringRequest(t *testing.T) {
	release := make(chan struct{})
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	defer close(release)
	ctx, cancel := context.WithTimeout(testContext(t), 100*time.Millisecond)
	defer cancel()
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.MaxRetries = 5 })
	start := time.Now()
	_, err := c.GetOrganization(ctx, "org-1")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want it to wrap context.DeadlineExceeded", err)
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("returned after %v", elapsed)
	}
}

func TestOnCallHook(t *testing.T) {
	var hits atomic.Int32
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch hits.Add(1) {
		case 1:
			writeJSON(w, http.StatusInternalServerError, errorJSON(500, "internal_server_error", "req-1"))
		case 2:
			writeJSON(w, http.StatusTooManyRequests, errorJSON(429, "too_many_requests", "req-2"))
		default:
			w.Header().Set("X-Request-Id", "req-3")
			writeJSON(w, http.StatusOK, orgEnvelope("org-1"))
		}
	})
	type key struct{}
	var (
		mu    sync.Mutex
		infos []CallInfo
	)
	c := newTestClient(t, srv.URL, func(cfg *Config) {
		cfg.OnCall = func(ctx context.Context, info CallInfo) {
			if ctx.Value(key{}) != "marker" {
				t.Errorf("OnCall got a context without the caller's values")
			}
			mu.Lock()
			infos = append(infos, info)
			mu.Unlock()
		}
	})
	ctx := context.WithValue(testContext(t), key{}, "marker")
	if _, err := c.GetOrganization(ctx, "a/b c"); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(infos) != 3 {
		t.Fatalf("OnCall called %d times, want 3", len(infos))
	}
	wantStatus := []int{500, 429, 200}
	for i, info := range infos {
		if info.Attempt != i+1 {
			t.Errorf("info[%d].Attempt = %d, want %d", i, info.Attempt, i+1)
		}
		if info.Method != http.MethodGet || info.Path != "/v1/b2b/organizations/a%2Fb%20c" {
			t.Errorf("info[%d] = %s %s", i, info.Method, info.Path)
		}
		if info.Status != wantStatus[i] {
			t.Errorf("info[%d].Status = %d, want %d", i, info.Status, wantStatus[i])
		}
		want := fmt.Sprintf("req-%d", i+1)
		if i == 2 {
			want = "request-id-test-ok" // a success body's request_id wins over the header
		}
		if info.RequestID != want {
			t.Errorf("info[%d].RequestID = %q, want %q", i, info.RequestID, want)
		}
		if (info.Err != nil) != (i < 2) {
			t.Errorf("info[%d].Err = %v", i, info.Err)
		}
		if info.Duration < 0 {
			t.Errorf("info[%d].Duration = %v", i, info.Duration)
		}
		assertNoSecret(t, info)
	}
}

func TestOnCallNeverSeesSecret(t *testing.T) {
	// Transport failures put the request URL into the error; make sure nothing
	// secret is in it either.
	tr := &scriptedTransport{errs: []error{dialRefused(), errors.New("boom")}, next: http.DefaultTransport}
	var infos []CallInfo
	c := newTestClient(t, "https://test.stytch.com", func(cfg *Config) {
		cfg.HTTPClient = &http.Client{Transport: tr}
		cfg.MaxRetries = 1
		cfg.OnCall = func(_ context.Context, info CallInfo) { infos = append(infos, info) }
	})
	_, err := c.GetOrganization(testContext(t), "org-1")
	if err == nil {
		t.Fatal("want an error")
	}
	if len(infos) != 2 {
		t.Fatalf("OnCall called %d times, want 2", len(infos))
	}
	for _, info := range infos {
		assertNoSecret(t, info)
	}
	if s := err.Error(); strings.Contains(s, testSecret) {
		t.Errorf("error leaks the secret: %s", s)
	}
}

func assertNoSecret(t *testing.T, info CallInfo) {
	t.Helper()
	encoded := base64.StdEncoding.EncodeToString([]byte(testProjectID + ":" + testSecret))
	rendered := fmt.Sprintf("%+v %#v", info, info)
	if info.Err != nil {
		rendered += info.Err.Error()
	}
	for _, s := range []string{testSecret, encoded, "Basic "} {
		if strings.Contains(rendered, s) {
			t.Errorf("CallInfo contains %q: %s", s, rendered)
		}
	}
}
