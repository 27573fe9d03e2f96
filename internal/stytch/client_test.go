package stytch

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestDefaultBaseURL(t *testing.T) {
	tests := []struct {
		projectID string
		want      string
	}{
		{"project-live-4f1c0f4e-aaaa-bbbb-cccc-000000000000", LiveBaseURL},
		{"project-test-4f1c0f4e-aaaa-bbbb-cccc-000000000000", TestBaseURL},
		{"project-live", TestBaseURL}, // the prefix includes the trailing dash
		{"PROJECT-LIVE-abc", TestBaseURL},
		{"my-project-live-abc", TestBaseURL},
		{"", TestBaseURL},
	}
	for _, tt := range tests {
		t.Run(tt.projectID, func(t *testing.T) {
			if got := DefaultBaseURL(tt.projectID); got != tt.want {
				t.Errorf("DefaultBaseURL(%q) = %q, want %q", tt.projectID, got, tt.want)
			}
		})
	}
	if LiveBaseURL != "https://api.stytch.com" || TestBaseURL != "https://test.stytch.com" {
		t.Errorf("base URL constants changed: live %q, test %q", LiveBaseURL, TestBaseURL)
	}
}

func TestValidateBaseURL(t *testing.T) {
	tests := []struct {
		url     string
		wantErr string // substring of the error; "" means valid
	}{
		{"https://test.stytch.com", ""},
		{"https://api.stytch.com/", ""},
		{"https://proxy.internal:8443/stytch", ""},
		{"HTTPS://test.stytch.com", ""},
		{"http://127.0.0.1:8080", ""},
		{"http://127.0.0.1", ""},
		{"http://127.5.6.7:9000", ""},
		{"http://[::1]:8080", ""},
		{"http://localhost:3000", ""},
		{"http://LocalHost:3000/", ""},
		{"http://example.com", "clear text"},
		{"http://10.0.0.1:8080", "clear text"},
		{"http://[2001:db8::1]:80", "clear text"},
		{"http://localhost.example.com", "clear text"},
		{"http://127.0.0.1.nip.io", "clear text"},
		{"ftp://test.stytch.com", "https://"},
		{"ws://127.0.0.1:8080", "https://"},
		{"test.stytch.com", "no host"},
		{"https://", "no host"},
		{"", "no host"},
		{"/v1/b2b", "no host"},
		{"https://bad host", "not a valid URL"},
		{"http://[::1", "not a valid URL"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			err := ValidateBaseURL(tt.url)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("ValidateBaseURL(%q) = %v, want nil", tt.url, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("ValidateBaseURL(%q) = nil, want an error containing %q", tt.url, tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ValidateBaseURL(%q) = %q, want it to contain %q", tt.url, err, tt.wantErr)
			}
		})
	}
}

func TestIsLoopbackHost(t *testing.T) {
	tests := map[string]bool{
		"localhost": true, "LOCALHOST": true, "127.0.0.1": true, "127.1.2.3": true, "::1": true,
		"": false, "0.0.0.0": false, "10.0.0.1": false, "example.com": false, "localhost.": false,
		"[::1]": false, // Hostname() strips brackets; a bracketed value is not an IP
	}
	for host, want := range tests {
		if got := IsLoopbackHost(host); got != want {
			t.Errorf("IsLoopbackHost(%q) = %v, want %v", host, got, want)
		}
	}
}

func TestNew(t *testing.T) {
	t.Run("missing project id", func(t *testing.T) {
		_, err := New(Config{Secret: testSecret})
		if err == nil || !strings.Contains(err.Error(), "project id") {
			t.Fatalf("err = %v, want a project id error", err)
		}
	})
	t.Run("missing secret", func(t *testing.T) {
		_, err := New(Config{ProjectID: testProjectID})
		if err == nil || !strings.Contains(err.Error(), "secret") {
			t.Fatalf("err = %v, want a secret error", err)
		}
	})
	t.Run("unsafe base URL", func(t *testing.T) {
		_, err := New(Config{ProjectID: testProjectID, Secret: testSecret, BaseURL: "http://example.com"})
		if err == nil || !strings.Contains(err.Error(), "clear text") {
			t.Fatalf("err = %v, want a clear text error", err)
		}
	})
	t.Run("error does not leak the secret", func(t *testing.T) {
		_, err := New(Config{ProjectID: testProjectID, Secret: testSecret, BaseURL: "ftp://x"})
		if err == nil || strings.Contains(err.Error(), testSecret) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("trailing slashes trimmed", func(t *testing.T) {
		c := newTestClient(t, "https://proxy.example.com/stytch///", nil)
		if got, want := c.BaseURL(), "https://proxy.example.com/stytch"; got != want {
			t.Errorf("BaseURL() = %q, want %q", got, want)
		}
	})
	t.Run("base URL derived from project id", func(t *testing.T) {
		live, err := New(Config{ProjectID: "project-live-abc", Secret: "s"})
		if err != nil {
			t.Fatal(err)
		}
		if live.BaseURL() != LiveBaseURL {
			t.Errorf("live BaseURL() = %q", live.BaseURL())
		}
		test, err := New(Config{ProjectID: "project-test-abc", Secret: "s"})
		if err != nil {
			t.Fatal(err)
		}
		if test.BaseURL() != TestBaseURL {
			t.Errorf("test BaseURL() = %q", test.BaseURL())
		}
	})
	t.Run("defaults", func(t *testing.T) {
		c, err := New(Config{ProjectID: testProjectID, Secret: testSecret, MaxRetries: -1})
		if err != nil {
			t.Fatal(err)
		}
		if c.maxRetries != DefaultMaxRetries {
			t.Errorf("maxRetries = %d, want %d", c.maxRetries, DefaultMaxRetries)
		}
		if c.minBackoff != 250*time.Millisecond || c.maxBackoff != 15*time.Second {
			t.Errorf("backoff = %v..%v, want 250ms..15s", c.minBackoff, c.maxBackoff)
		}
		if c.httpClient == nil || c.httpClient.Timeout == 0 {
			t.Errorf("httpClient = %+v, want a client with a timeout", c.httpClient)
		}
		if c.userAgent == "" {
			t.Error("userAgent is empty")
		}
		zero, err := New(Config{ProjectID: testProjectID, Secret: testSecret})
		if err != nil {
			t.Fatal(err)
		}
		if zero.maxRetries != 0 {
			t.Errorf("MaxRetries 0 became %d, want 0 (retries disabled)", zero.maxRetries)
		}
	})
}

// recordedRequest is what the fake server saw.
type recordedRequest struct {
	method        string
	requestURI    string
	header        http.Header
	body          []byte
	contentLength int64
	user, pass    string
	basicOK       bool
}

func record(r *http.Request) recordedRequest {
	body, _ := io.ReadAll(r.Body)
	user, pass, ok := r.BasicAuth()
	return recordedRequest{
		method: r.Method, requestURI: r.RequestURI, header: r.Header.Clone(),
		body: body, contentLength: r.ContentLength, user: user, pass: pass, basicOK: ok,
	}
}

func TestRequestShape(t *testing.T) {
	str := func(s string) *string { return &s }
	tests := []struct {
		name       string
		call       func(ctx context.Context, c *Client) error
		response   string
		wantMethod string
		wantURI    string
		wantBody   string // "" means no body at all
	}{
		{
			name: "create",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.CreateOrganization(ctx, CreateRequest{OrganizationName: "Acme", OrganizationSlug: "acme", EmailAllowedDomains: []string{"acme.com"}})
				return err
			},
			response:   orgEnvelope("org-1"),
			wantMethod: http.MethodPost,
			wantURI:    "/v1/b2b/organizations",
			wantBody:   `{"organization_name":"Acme","organization_slug":"acme","email_allowed_domains":["acme.com"]}`,
		},
		{
			name: "get by id",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.GetOrganization(ctx, "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931")
				return err
			},
			response:   orgEnvelope("org-1"),
			wantMethod: http.MethodGet,
			wantURI:    "/v1/b2b/organizations/organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931",
		},
		{
			name: "get escapes slash and space",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.GetOrganization(ctx, "a/b c")
				return err
			},
			response:   orgEnvelope("org-1"),
			wantMethod: http.MethodGet,
			wantURI:    "/v1/b2b/organizations/a%2Fb%20c",
		},
		{
			name: "get escapes query and fragment characters",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.GetOrganization(ctx, "x?y#z%")
				return err
			},
			response:   orgEnvelope("org-1"),
			wantMethod: http.MethodGet,
			wantURI:    "/v1/b2b/organizations/x%3Fy%23z%25",
		},
		{
			name: "get keeps external id characters",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.GetOrganization(ctx, "ext_1.a-b~c")
				return err
			},
			response:   orgEnvelope("org-1"),
			wantMethod: http.MethodGet,
			wantURI:    "/v1/b2b/organizations/ext_1.a-b~c",
		},
		{
			name: "update",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.UpdateOrganization(ctx, "a/b c", UpdateRequest{OrganizationName: str("New"), EmailAllowedDomains: &[]string{}})
				return err
			},
			response:   orgEnvelope("org-1"),
			wantMethod: http.MethodPut,
			wantURI:    "/v1/b2b/organizations/a%2Fb%20c",
			wantBody:   `{"organization_name":"New","email_allowed_domains":[]}`,
		},
		{
			name: "delete",
			call: func(ctx context.Context, c *Client) error {
				return c.DeleteOrganization(ctx, "a/b c")
			},
			response:   `{"request_id":"r","status_code":200,"organization_id":"org-1"}`,
			wantMethod: http.MethodDelete,
			wantURI:    "/v1/b2b/organizations/a%2Fb%20c",
		},
		{
			name: "delete external id",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.DeleteOrganizationExternalID(ctx, "a/b c")
				return err
			},
			response:   orgEnvelope("org-1"),
			wantMethod: http.MethodDelete,
			wantURI:    "/v1/b2b/organizations/a%2Fb%20c/external_id",
		},
		{
			name: "search",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.SearchOrganizations(ctx, SearchRequest{Cursor: "cur", Limit: 10, Query: &SearchQuery{
					Operator: "AND",
					Operands: []SearchOperand{{FilterName: FilterOrganizationSlugs, FilterValue: []string{"acme"}}, {FilterName: FilterHasActiveSSOConnection, FilterValue: true}},
				}})
				return err
			},
			response:   `{"request_id":"r","status_code":200,"organizations":[],"results_metadata":{"total":0,"next_cursor":null}}`,
			wantMethod: http.MethodPost,
			wantURI:    "/v1/b2b/organizations/search",
			wantBody:   `{"cursor":"cur","limit":10,"query":{"operator":"AND","operands":[{"filter_name":"organization_slugs","filter_value":["acme"]},{"filter_name":"has_active_sso_connection","filter_value":true}]}}`,
		},
		{
			name: "search without query",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.SearchOrganizations(ctx, SearchRequest{})
				return err
			},
			response:   `{"request_id":"r","status_code":200,"organizations":[],"results_metadata":{"total":0,"next_cursor":null}}`,
			wantMethod: http.MethodPost,
			wantURI:    "/v1/b2b/organizations/search",
			wantBody:   `{}`,
		},
	}
	wantAuth := "Basic " + base64.StdEncoding.EncodeToString([]byte(testProjectID+":"+testSecret))
	for _, tt := range tests {
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
			// A trailing slash on the base URL must not produce "//v1/...".
			c := newTestClient(t, srv.URL+"/", nil)
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
			if a := got.header.Get("Authorization"); a != wantAuth {
				t.Errorf("Authorization = %q, want %q", a, wantAuth)
			}
			if !got.basicOK || got.user != testProjectID || got.pass != testSecret {
				t.Errorf("basic auth = (%q, %q, %v), want (%q, secret, true)", got.user, got.pass, got.basicOK, testProjectID)
			}
			if ct := got.header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q, want application/json", ct)
			}
			if ua := got.header.Get("User-Agent"); ua != testUserAgent {
				t.Errorf("User-Agent = %q, want %q", ua, testUserAgent)
			}
			if acc := got.header.Get("Accept"); acc != "application/json" {
				t.Errorf("Accept = %q, want application/json", acc)
			}
			if tt.wantBody == "" {
				if len(got.body) != 0 || got.contentLength > 0 {
					t.Errorf("body = %q (Content-Length %d), want none", got.body, got.contentLength)
				}
				if te := got.header.Get("Transfer-Encoding"); te != "" {
					t.Errorf("Transfer-Encoding = %q, want none", te)
				}
			} else {
				assertJSONEqual(t, got.body, tt.wantBody)
			}
		})
	}
}

func TestDefaultUserAgent(t *testing.T) {
	var ua atomic.Value
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		ua.Store(r.Header.Get("User-Agent"))
		writeJSON(w, http.StatusOK, orgEnvelope("org-1"))
	})
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.UserAgent = "" })
	if _, err := c.GetOrganization(testContext(t), "org-1"); err != nil {
		t.Fatal(err)
	}
	if got := ua.Load(); got != "terraform-provider-stytch" {
		t.Errorf("User-Agent = %q, want terraform-provider-stytch", got)
	}
}

func TestEmptyIdentifierRejectedWithoutRequest(t *testing.T) {
	var hits atomic.Int32
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		writeJSON(w, http.StatusOK, orgEnvelope("org-1"))
	})
	c := newTestClient(t, srv.URL, nil)
	ctx := testContext(t)
	calls := map[string]func() error{
		"get":                func() error { _, err := c.GetOrganization(ctx, ""); return err },
		"update":             func() error { _, err := c.UpdateOrganization(ctx, "", UpdateRequest{}); return err },
		"delete":             func() error { return c.DeleteOrganization(ctx, "") },
		"delete external id": func() error { _, err := c.DeleteOrganizationExternalID(ctx, ""); return err },
	}
	for name, call := range calls {
		if err := call(); err == nil || !strings.Contains(err.Error(), "required") {
			t.Errorf("%s(\"\") = %v, want a 'required' error", name, err)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("server saw %d requests, want 0", n)
	}
}

func TestAPIErrorDecoding(t *testing.T) {
	const body = `{"status_code":400,"request_id":"request-id-test-ed75082c-ac1d-4cdb-83d8-b226bfd92f92",
 "error_type":"organization_slug_already_used",
 "error_message":"The provided organization_slug is already used in another organization.",
 "error_url":"https://stytch.com/docs/b2b/api/errors/400#organization_slug_already_used",
 "error_details":{"field":"organization_slug"}}`
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusBadRequest, body)
	})
	c := newTestClient(t, srv.URL, nil)
	org, err := c.CreateOrganization(testContext(t), CreateRequest{OrganizationName: "Acme", OrganizationSlug: "acme"})
	if org != nil {
		t.Errorf("org = %+v, want nil on error", org)
	}
	apiErr, ok := AsError(err)
	if !ok {
		t.Fatalf("err = %T %v, want *Error", err, err)
	}
	want := Error{
		StatusCode:   400,
		ErrorType:    "organization_slug_already_used",
		ErrorMessage: "The provided organization_slug is already used in another organization.",
		RequestID:    "request-id-test-ed75082c-ac1d-4cdb-83d8-b226bfd92f92",
		ErrorURL:     "https://stytch.com/docs/b2b/api/errors/400#organization_slug_already_used",
		Method:       http.MethodPost,
		Path:         "/v1/b2b/organizations",
	}
	if *apiErr != want {
		t.Errorf("error =\n %+v\nwant\n %+v", *apiErr, want)
	}
	msg := err.Error()
	for _, s := range []string{"HTTP 400", "POST /v1/b2b/organizations", "organization_slug_already_used", "request-id-test-ed75082c-ac1d-4cdb-83d8-b226bfd92f92", "already used"} {
		if !strings.Contains(msg, s) {
			t.Errorf("Error() = %q, missing %q", msg, s)
		}
	}
	if strings.Contains(msg, testSecret) {
		t.Errorf("Error() leaks the secret: %q", msg)
	}
	if !IsErrorType(err, "organization_slug_already_used") || IsErrorType(err, "organization_not_found") {
		t.Error("IsErrorType gives the wrong answer")
	}
	if IsNotFound(err) || IsRateLimited(err) {
		t.Error("a 400 is neither not-found nor rate-limited")
	}
}

func TestErrorString(t *testing.T) {
	full := &Error{StatusCode: 404, ErrorType: "organization_not_found", ErrorMessage: "gone", RequestID: "req-9", ErrorURL: "https://stytch.com/docs/x", Method: "GET", Path: "/v1/b2b/organizations/o"}
	want := `GET /v1/b2b/organizations/o: HTTP 404, error_type "organization_not_found", error_message "gone", request_id "req-9" (see https://stytch.com/docs/x)`
	if got := full.Error(); got != want {
		t.Errorf("Error() =\n %s\nwant\n %s", got, want)
	}
	bare := &Error{StatusCode: 500, Method: "GET", Path: "/p"}
	if got := bare.Error(); got != "GET /p: HTTP 500" {
		t.Errorf("Error() = %q", got)
	}
}

func TestErrorPredicates(t *testing.T) {
	notFound404 := &Error{StatusCode: 404, ErrorType: "organization_not_found"}
	notFoundType := &Error{StatusCode: 400, ErrorType: "organization_not_found"}
	other404 := &Error{StatusCode: 404, ErrorType: "connected_app_not_found"}
	rateLimited := &Error{StatusCode: 429, ErrorType: "too_many_requests"}
	badRequest := &Error{StatusCode: 400, ErrorType: "bad_request"}
	tests := []struct {
		name        string
		err         error
		notFound    bool
		rateLimited bool
		errorType   string
	}{
		{"nil", nil, false, false, ""},
		{"plain error", errors.New("organization_not_found"), false, false, ""},
		{"404 organization_not_found", notFound404, true, false, "organization_not_found"},
		{"wrapped 404", fmt.Errorf("reading: %w", notFound404), true, false, "organization_not_found"},
		{"organization_not_found with another status", notFoundType, true, false, "organization_not_found"},
		{"another object's not-found type", other404, false, false, "connected_app_not_found"},
		{"404 route_not_found from a wrong base_url path", &Error{StatusCode: 404, ErrorType: "route_not_found"}, false, false, "route_not_found"},
		{"404 page from a proxy", &Error{StatusCode: 404, ErrorType: errorTypeUnexpected}, false, false, errorTypeUnexpected},
		{"429", rateLimited, false, true, "too_many_requests"},
		{"wrapped twice 429", fmt.Errorf("a: %w", fmt.Errorf("b: %w", rateLimited)), false, true, "too_many_requests"},
		{"400", badRequest, false, false, "bad_request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsNotFound(tt.err); got != tt.notFound {
				t.Errorf("IsNotFound = %v, want %v", got, tt.notFound)
			}
			if got := IsRateLimited(tt.err); got != tt.rateLimited {
				t.Errorf("IsRateLimited = %v, want %v", got, tt.rateLimited)
			}
			if tt.errorType != "" && !IsErrorType(tt.err, tt.errorType) {
				t.Errorf("IsErrorType(%q) = false", tt.errorType)
			}
			if IsErrorType(tt.err, "some_other_type") {
				t.Error("IsErrorType(some_other_type) = true")
			}
			apiErr, ok := AsError(tt.err)
			if ok != (tt.errorType != "") || (ok && apiErr.ErrorType != tt.errorType) {
				t.Errorf("AsError = %v, %v", apiErr, ok)
			}
		})
	}
}

func TestNonJSONErrorBody(t *testing.T) {
	longHTML := "<html><head><title>502 Bad Gateway</title></head><body>" + strings.Repeat("<p>upstream connect error</p>\n", 50) + "</body></html>"
	tests := []struct {
		name         string
		status       int
		body         string
		wantInMsg    []string
		wantNotInMsg []string
	}{
		{
			name:      "html 502",
			status:    http.StatusBadGateway,
			body:      "<html>\n<head><title>502 Bad Gateway</title></head>\n<body><center><h1>502 Bad Gateway</h1></center></body>\n</html>\n",
			wantInMsg: []string{"Bad Gateway", "not Stytch JSON", "<h1>502 Bad Gateway</h1>"},
		},
		{
			name:         "long html 502 is truncated",
			status:       http.StatusBadGateway,
			body:         longHTML,
			wantInMsg:    []string{"502 Bad Gateway", "…"},
			wantNotInMsg: []string{"</html>", "\n"},
		},
		{
			name:      "empty 503",
			status:    http.StatusServiceUnavailable,
			body:      "",
			wantInMsg: []string{"Service Unavailable", "(empty body)"},
		},
		{
			name:      "json without error_type",
			status:    http.StatusInternalServerError,
			body:      `{"message":"Internal server error"}`,
			wantInMsg: []string{"Internal server error"},
		},
		{
			name:      "plain text 404 from a proxy",
			status:    http.StatusNotFound,
			body:      "404 page not found",
			wantInMsg: []string{"404 page not found"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				w.Header().Set("X-Request-Id", "proxy-req-1")
				w.WriteHeader(tt.status)
				_, _ = io.WriteString(w, tt.body)
			})
			c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.MaxRetries = 0 })
			_, err := c.GetOrganization(testContext(t), "org-1")
			apiErr, ok := AsError(err)
			if !ok {
				t.Fatalf("err = %T %v, want *Error", err, err)
			}
			if apiErr.StatusCode != tt.status {
				t.Errorf("StatusCode = %d, want %d", apiErr.StatusCode, tt.status)
			}
			if apiErr.ErrorType != "unexpected_response" {
				t.Errorf("ErrorType = %q, want unexpected_response", apiErr.ErrorType)
			}
			if apiErr.RequestID != "proxy-req-1" {
				t.Errorf("RequestID = %q, want the X-Request-Id header", apiErr.RequestID)
			}
			for _, s := range tt.wantInMsg {
				if !strings.Contains(apiErr.ErrorMessage, s) {
					t.Errorf("ErrorMessage = %q, missing %q", apiErr.ErrorMessage, s)
				}
			}
			for _, s := range tt.wantNotInMsg {
				if strings.Contains(apiErr.ErrorMessage, s) {
					t.Errorf("ErrorMessage = %q, should not contain %q", apiErr.ErrorMessage, s)
				}
			}
			if len(apiErr.ErrorMessage) > 400 {
				t.Errorf("ErrorMessage is %d bytes long, want a short excerpt", len(apiErr.ErrorMessage))
			}
			if !strings.Contains(err.Error(), "unexpected_response") || !strings.Contains(err.Error(), fmt.Sprintf("HTTP %d", tt.status)) {
				t.Errorf("Error() = %q", err.Error())
			}
		})
	}
}

func TestNonJSONSuccessBody(t *testing.T) {
	tests := []struct {
		name string
		body string
		want string
	}{
		{"html", "<html><body>Welcome to nginx!</body></html>", "Welcome to nginx!"},
		{"empty", "", "(empty body)"},
		{"truncated json", `{"organization":{"organization_id":`, `organization_id`},
		{"wrong shape", `{"organization":"not an object"}`, "not an object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hits atomic.Int32
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				w.WriteHeader(http.StatusOK)
				_, _ = io.WriteString(w, tt.body)
			})
			c := newTestClient(t, srv.URL, nil)
			org, err := c.GetOrganization(testContext(t), "org-1")
			if err == nil {
				t.Fatalf("GetOrganization = %+v, nil; want an error", org)
			}
			if org != nil {
				t.Errorf("org = %+v, want nil", org)
			}
			msg := err.Error()
			for _, s := range []string{"GET /v1/b2b/organizations/org-1", "HTTP 200", "not the expected JSON", tt.want} {
				if !strings.Contains(msg, s) {
					t.Errorf("error %q is missing %q", msg, s)
				}
			}
			if _, ok := AsError(err); ok {
				t.Error("a 2xx decode failure should not be an API *Error")
			}
			if n := hits.Load(); n != 1 {
				t.Errorf("server saw %d requests, want 1 (a bad 2xx body is not retried)", n)
			}
		})
	}
}

func TestExcerpt(t *testing.T) {
	if got := excerpt(nil); got != "(empty body)" {
		t.Errorf("excerpt(nil) = %q", got)
	}
	if got := excerpt([]byte(" \n\t ")); got != "(empty body)" {
		t.Errorf("excerpt(whitespace) = %q", got)
	}
	if got := excerpt([]byte("a\n  b\tc")); got != `"a b c"` {
		t.Errorf("excerpt collapses whitespace: got %q", got)
	}
	long := excerpt([]byte(strings.Repeat("x", 1000)))
	if !strings.HasSuffix(long, `…"`) || len(long) > maxErrorExcerpt+10 {
		t.Errorf("excerpt(long) = %q (%d bytes)", long, len(long))
	}
}

func TestConcurrentGetOrganization(t *testing.T) {
	var hits atomic.Int32
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		id := strings.TrimPrefix(r.URL.Path, "/v1/b2b/organizations/")
		writeJSON(w, http.StatusOK, orgEnvelope(id))
	})
	var calls atomic.Int32
	c := newTestClient(t, srv.URL, func(cfg *Config) {
		cfg.OnCall = func(context.Context, CallInfo) { calls.Add(1) }
	})
	ctx := testContext(t)
	const n = 50
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			id := fmt.Sprintf("org-%d", i)
			org, err := c.GetOrganization(ctx, id)
			if err != nil {
				errs <- err
				return
			}
			if org.OrganizationID != id {
				errs <- fmt.Errorf("got organization %q, want %q", org.OrganizationID, id)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if hits.Load() != n || calls.Load() != n {
		t.Errorf("server hits = %d, OnCall calls = %d, want %d each", hits.Load(), calls.Load(), n)
	}
}
