package stytch

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sync"
	"testing"
	"time"
)

const (
	testProjectID = "project-test-00000000-1111-2222-3333-444444444444"
	testSecret    = "secret-test-Zm9vYmFyYmF6cXV4-do-not-log"
	testUserAgent = "terraform-provider-stytch/9.9.9-test"
)

// newTestServer starts an httptest server that is closed when the test ends.
func newTestServer(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// newTestClient builds a client for baseURL with fast backoff; mod may adjust
// the config before New is called.
func newTestClient(t *testing.T, baseURL string, mod func(*Config)) *Client {
	t.Helper()
	cfg := Config{
		ProjectID:  testProjectID,
		Secret:     testSecret,
		BaseURL:    baseURL,
		UserAgent:  testUserAgent,
		MaxRetries: 3,
		MinBackoff: time.Millisecond,
		MaxBackoff: 2 * time.Millisecond,
	}
	if mod != nil {
		mod(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// writeJSON writes body with the given status as application/json.
func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

// orgJSON is a minimal organization object.
func orgJSON(id string) string {
	return fmt.Sprintf(`{"organization_id":%q,"organization_name":"Org %s","organization_slug":"slug-%s"}`, id, id, id)
}

// orgEnvelope is the Create/Get/Update/DeleteExternalID success envelope.
func orgEnvelope(id string) string {
	return fmt.Sprintf(`{"request_id":"request-id-test-ok","status_code":200,"organization":%s}`, orgJSON(id))
}

// errorJSON is a Stytch error body.
func errorJSON(status int, errorType, requestID string) string {
	return fmt.Sprintf(`{"status_code":%d,"request_id":%q,"error_type":%q,"error_message":"message for %s","error_url":"https://stytch.com/docs/b2b/api/errors/%d#%s"}`,
		status, requestID, errorType, errorType, status, errorType)
}

// assertJSONEqual compares two JSON documents semantically.
func assertJSONEqual(t *testing.T, got []byte, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("body %q is not JSON: %v", got, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("bad expected JSON %q: %v", want, err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("JSON mismatch\n got: %s\nwant: %s", got, want)
	}
}

// testContext returns a context that ends with the test and after a generous
// deadline, so that a retry bug cannot hang the suite.
func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// requestCase is one call of the client and the request Stytch should see.
type requestCase struct {
	name       string
	call       func(ctx context.Context, c *Client) error
	response   string
	wantMethod string
	wantURI    string
	wantBody   string // "" means no body at all
}

// checkRequests runs each case against a server that records the request
// and answers its response, and checks the method, the URI, the credentials,
// the Content-Type and the body, byte for byte: no key beyond the documented
// ones, never the ids of the path, and Stytch's field order.
func checkRequests(t *testing.T, cases []requestCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			var (
				mu   sync.Mutex
				reqs []recordedRequest
			)
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				rec := record(r)
				mu.Lock()
				reqs = append(reqs, rec)
				mu.Unlock()
				writeJSON(w, http.StatusOK, tt.response)
			})
			c := newTestClient(t, srv.URL, nil)
			if err := tt.call(testContext(t), c); err != nil {
				t.Fatalf("call: %v", err)
			}
			mu.Lock()
			defer mu.Unlock()
			if len(reqs) != 1 {
				t.Fatalf("server saw %d requests, want 1", len(reqs))
			}
			got := reqs[0]
			if got.method != tt.wantMethod {
				t.Errorf("method = %s, want %s", got.method, tt.wantMethod)
			}
			if got.requestURI != tt.wantURI {
				t.Errorf("request URI = %q, want %q", got.requestURI, tt.wantURI)
			}
			if !got.basicOK || got.user != testProjectID || got.pass != testSecret {
				t.Errorf("basic auth = (%q, %v), want the project's credentials", got.user, got.basicOK)
			}
			if ct := got.header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q, want application/json", ct)
			}
			if tt.wantBody == "" {
				if len(got.body) != 0 || got.contentLength > 0 {
					t.Errorf("body = %q (Content-Length %d), want none", got.body, got.contentLength)
				}
				return
			}
			if string(got.body) != tt.wantBody {
				t.Errorf("body =\n %s\nwant\n %s", got.body, tt.wantBody)
			}
		})
	}
}
