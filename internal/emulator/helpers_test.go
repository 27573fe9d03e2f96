package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log"
	"maps"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

const (
	testProjectID = "project-test-11111111-2222-3333-4444-555555555555"
	testSecret    = "secret-test-do-not-log-me"
)

var (
	requestIDPattern = regexp.MustCompile(`^request-id-test-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	orgIDPattern     = regexp.MustCompile(`^organization-test-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
)

// fakeClock is a settable clock safe for concurrent use.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// harness drives a Server through ServeHTTP with valid credentials.
type harness struct {
	t     *testing.T
	srv   *Server
	clock *fakeClock
	logs  *syncBuffer
}

// syncBuffer is a bytes.Buffer safe for concurrent writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	clock := &fakeClock{t: time.Date(2026, 1, 2, 3, 4, 5, 678_000_000, time.FixedZone("X", 3600))}
	logs := &syncBuffer{}
	srv := New(Options{
		ProjectID: testProjectID,
		Secret:    testSecret,
		Logger:    log.New(logs, "", 0),
		Now:       clock.Now,
	})
	return &harness{t: t, srv: srv, clock: clock, logs: logs}
}

// noAuth marks a request sent without credentials.
type noAuth struct{}

// rawBody is sent verbatim as the request body.
type rawBody string

// do sends a request; body is nil (no body), rawBody, or a value to marshal.
func (h *harness) do(method, path string, body any, opts ...any) (int, []byte) {
	h.t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case rawBody:
		r = strings.NewReader(string(b))
	default:
		data, err := json.Marshal(b)
		if err != nil {
			h.t.Fatalf("marshal body: %v", err)
		}
		r = bytes.NewReader(data)
	}
	req := httptest.NewRequestWithContext(context.Background(), method, path, r)
	req.Header.Set("Content-Type", "application/json")
	auth := true
	for _, o := range opts {
		if _, ok := o.(noAuth); ok {
			auth = false
		}
	}
	if auth {
		req.SetBasicAuth(testProjectID, testSecret)
	}
	rec := httptest.NewRecorder()
	h.srv.ServeHTTP(rec, req)
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		h.t.Errorf("%s %s: Content-Type = %q, want application/json", method, path, ct)
	}
	return rec.Code, rec.Body.Bytes()
}

// ok sends a request that must succeed and returns the body.
func (h *harness) ok(method, path string, body any) []byte {
	h.t.Helper()
	code, raw := h.do(method, path, body)
	if code != http.StatusOK {
		h.t.Fatalf("%s %s: status %d, body %s", method, path, code, raw)
	}
	var env struct {
		RequestID  string `json:"request_id"`
		StatusCode int    `json:"status_code"`
	}
	if err := json.Unmarshal(raw, &env); err != nil {
		h.t.Fatalf("decode envelope: %v", err)
	}
	if env.StatusCode != 200 || !requestIDPattern.MatchString(env.RequestID) {
		h.t.Fatalf("bad envelope %s", raw)
	}
	return raw
}

// orgOf decodes an {organization} envelope.
func orgOf(t *testing.T, raw []byte) stytch.Organization {
	t.Helper()
	var resp stytch.OrganizationResponse
	if err := json.Unmarshal(raw, &resp); err != nil {
		t.Fatalf("decode organization: %v: %s", err, raw)
	}
	return resp.Organization
}

func (h *harness) create(body map[string]any) stytch.Organization {
	h.t.Helper()
	return orgOf(h.t, h.ok(http.MethodPost, basePath, body))
}

func (h *harness) get(key string) stytch.Organization {
	h.t.Helper()
	return orgOf(h.t, h.ok(http.MethodGet, basePath+"/"+key, nil))
}

func (h *harness) update(key string, body any) stytch.Organization {
	h.t.Helper()
	return orgOf(h.t, h.ok(http.MethodPut, basePath+"/"+key, body))
}

// wantError checks a full Stytch error body.
func wantError(t *testing.T, code int, raw []byte, status int, errType string) stytch.ErrorBody {
	t.Helper()
	var e stytch.ErrorBody
	if err := json.Unmarshal(raw, &e); err != nil {
		t.Fatalf("decode error body: %v: %s", err, raw)
	}
	if code != status || e.StatusCode != status || e.ErrorType != errType {
		t.Fatalf("got HTTP %d status_code %d error_type %q, want %d %q; body %s", code, e.StatusCode, e.ErrorType, status, errType, raw)
	}
	if !requestIDPattern.MatchString(e.RequestID) {
		t.Errorf("request_id %q has the wrong format", e.RequestID)
	}
	if e.ErrorMessage == "" {
		t.Errorf("empty error_message")
	}
	if want := "https://stytch.com/docs/b2b/api/errors/" + itoa(status) + "#" + errType; e.ErrorURL != want {
		t.Errorf("error_url = %q, want %q", e.ErrorURL, want)
	}
	return e
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// base returns a valid create body with overrides applied; an override of
// absent{} removes the key.
type absent struct{}

func base(overrides map[string]any) map[string]any {
	body := map[string]any{"organization_name": "Acme Corp", "organization_slug": "acme"}
	maps.Copy(body, overrides)
	for k, v := range body {
		if _, ok := v.(absent); ok {
			delete(body, k)
		}
	}
	return body
}
