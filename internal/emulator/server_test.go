package emulator

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

func TestAuth(t *testing.T) {
	h := newHarness(t)
	h.create(base(nil))
	cases := []struct {
		name   string
		header string
	}{
		{"missing", ""},
		{"wrong secret", "Basic " + base64.StdEncoding.EncodeToString([]byte(testProjectID+":wrong"))},
		{"wrong project", "Basic " + base64.StdEncoding.EncodeToString([]byte("project-test-other:"+testSecret))},
		{"secret prefix", "Basic " + base64.StdEncoding.EncodeToString([]byte(testProjectID+":"+testSecret[:5]))},
		{"bearer", "Bearer " + testSecret},
		{"not base64", "Basic !!!"},
	}
	routes := []struct{ method, path, body string }{
		{http.MethodPost, basePath, `{"organization_name":"x","organization_slug":"xx"}`},
		{http.MethodGet, basePath + "/acme", ""},
		{http.MethodPut, basePath + "/acme", `{}`},
		{http.MethodDelete, basePath + "/acme", ""},
		{http.MethodPost, basePath + "/search", `{}`},
		{http.MethodDelete, basePath + "/acme/external_id", ""},
	}
	for _, tc := range cases {
		for _, rt := range routes {
			t.Run(tc.name+" "+rt.method+" "+rt.path, func(t *testing.T) {
				req := httptest.NewRequestWithContext(context.Background(), rt.method, rt.path, strings.NewReader(rt.body))
				if tc.header != "" {
					req.Header.Set("Authorization", tc.header)
				}
				rec := httptest.NewRecorder()
				h.srv.ServeHTTP(rec, req)
				e := wantError(t, rec.Code, rec.Body.Bytes(), 401, "unauthorized_credentials")
				if e.ErrorMessage != "Unauthorized credentials." {
					t.Errorf("message = %q", e.ErrorMessage)
				}
			})
		}
	}
	if h.srv.Len() != 1 {
		t.Fatalf("unauthenticated requests changed the store: Len = %d", h.srv.Len())
	}
}

func TestDefaultCredentials(t *testing.T) {
	srv := New(Options{})
	req := httptest.NewRequestWithContext(context.Background(), http.MethodPost, basePath+"/search", strings.NewReader("{}"))
	req.SetBasicAuth(DefaultProjectID, DefaultSecret)
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Fatalf("default credentials rejected: %d %s", rec.Code, rec.Body)
	}
	if DefaultProjectID != "project-test-00000000-0000-0000-0000-000000000000" || DefaultSecret != "secret-test-emulator" {
		t.Fatal("default credentials changed")
	}
}

func TestRouting(t *testing.T) {
	h := newHarness(t)
	h.create(base(nil))
	cases := []struct {
		method, path string
		status       int
		errType      string
		allow        string
	}{
		{http.MethodGet, "/", 404, "route_not_found", ""},
		{http.MethodGet, "/v1/b2b/organization", 404, "route_not_found", ""},
		{http.MethodGet, "/v1/b2b/organizationsX", 404, "route_not_found", ""},
		{http.MethodGet, basePath + "/", 404, "route_not_found", ""},
		{http.MethodGet, basePath + "/acme/metrics", 404, "route_not_found", ""},
		{http.MethodGet, basePath + "/acme/external_id/x", 404, "route_not_found", ""},
		{http.MethodGet, basePath + "//external_id", 404, "route_not_found", ""},
		{http.MethodGet, basePath, 405, "method_not_allowed", "POST"},
		{http.MethodPatch, basePath + "/acme", 405, "method_not_allowed", "GET, PUT, DELETE"},
		{http.MethodPost, basePath + "/acme", 405, "method_not_allowed", "GET, PUT, DELETE"},
		{http.MethodPatch, basePath + "/search", 405, "method_not_allowed", "GET, POST, PUT, DELETE"},
		{http.MethodGet, basePath + "/acme/external_id", 405, "method_not_allowed", "DELETE"},
	}
	for _, tc := range cases {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			code, raw := h.do(tc.method, tc.path, nil, noAuth{})
			wantError(t, code, raw, tc.status, tc.errType)
			code, raw = h.do(tc.method, tc.path, nil)
			wantError(t, code, raw, tc.status, tc.errType)
		})
	}
	t.Run("Allow header", func(t *testing.T) {
		for _, tc := range cases {
			if tc.allow == "" {
				continue
			}
			req := httptest.NewRequestWithContext(context.Background(), tc.method, tc.path, nil)
			rec := httptest.NewRecorder()
			h.srv.ServeHTTP(rec, req)
			if got := rec.Header().Get("Allow"); got != tc.allow {
				t.Errorf("%s %s: Allow = %q, want %q", tc.method, tc.path, got, tc.allow)
			}
		}
	})
}

func TestSearchIsAlsoASlug(t *testing.T) {
	h := newHarness(t)
	org := h.create(base(map[string]any{"organization_slug": "search"}))
	if got := h.get("search"); got.OrganizationID != org.OrganizationID {
		t.Fatalf("GET /search did not address the org with slug search")
	}
	var resp stytch.SearchResponse
	if err := json.Unmarshal(h.ok(http.MethodPost, basePath+"/search", nil), &resp); err != nil || len(resp.Organizations) != 1 {
		t.Fatalf("POST /search is not Search: %v %+v", err, resp)
	}
}

func TestPathEscaping(t *testing.T) {
	h := newHarness(t)
	org := h.create(base(map[string]any{"organization_slug": "a~b.c_d-e", "organization_external_id": "tenant|42"}))
	for _, path := range []string{
		basePath + "/a~b.c_d-e",
		basePath + "/a%7Eb.c_d-e",
		basePath + "/tenant%7C42",
		basePath + "/tenant|42",
		basePath + "/" + strings.ReplaceAll(org.OrganizationID, "-", "%2D"),
	} {
		code, raw := h.do(http.MethodGet, path, nil)
		if code != 200 || orgOf(t, raw).OrganizationID != org.OrganizationID {
			t.Errorf("GET %s: %d %s", path, code, raw)
		}
	}
	// An escaped slash stays inside one segment.
	code, raw := h.do(http.MethodGet, basePath+"/acme%2Fexternal_id", nil)
	wantError(t, code, raw, 404, "organization_not_found")
	if segs, ok := splitPath(basePath + "/bad%zzescape"); ok {
		t.Errorf("undecodable segment accepted: %q", segs)
	}
}

func TestMalformedBodies(t *testing.T) {
	h := newHarness(t)
	h.create(base(nil))
	cases := []struct {
		name, method, path string
		body               string
	}{
		{"create not json", http.MethodPost, basePath, `{"organization_name":`},
		{"create array", http.MethodPost, basePath, `[]`},
		{"create null", http.MethodPost, basePath, `null`},
		{"create trailing", http.MethodPost, basePath, `{"organization_name":"a","organization_slug":"bb"} {}`},
		{"create name number", http.MethodPost, basePath, `{"organization_name":5,"organization_slug":"bb"}`},
		{"create slug bool", http.MethodPost, basePath, `{"organization_name":"a","organization_slug":true}`},
		{"create list not array", http.MethodPost, basePath, `{"organization_name":"a","organization_slug":"bb","email_allowed_domains":"acme.com"}`},
		{"create list number entry", http.MethodPost, basePath, `{"organization_name":"a","organization_slug":"bb","allowed_auth_methods":[1]}`},
		{"create list null entry", http.MethodPost, basePath, `{"organization_name":"a","organization_slug":"bb","allowed_auth_methods":[null]}`},
		{"create enum number", http.MethodPost, basePath, `{"organization_name":"a","organization_slug":"bb","mfa_policy":1}`},
		{"create rbac not objects", http.MethodPost, basePath, `{"organization_name":"a","organization_slug":"bb","rbac_email_implicit_role_assignments":["acme.com"]}`},
		{"create rbac domain number", http.MethodPost, basePath, `{"organization_name":"a","organization_slug":"bb","rbac_email_implicit_role_assignments":[{"domain":1,"role_id":"r"}]}`},
		{"update not json", http.MethodPut, basePath + "/acme", `{`},
		{"update string", http.MethodPut, basePath + "/acme", `"x"`},
		{"update logo number", http.MethodPut, basePath + "/acme", `{"organization_logo_url":1}`},
		{"update default connection number", http.MethodPut, basePath + "/acme", `{"sso_default_connection_id":1}`},
		{"delete garbage", http.MethodDelete, basePath + "/acme", `nope`},
		{"search not json", http.MethodPost, basePath + "/search", `{"limit":`},
		{"search limit string", http.MethodPost, basePath + "/search", `{"limit":"10"}`},
		{"search limit float", http.MethodPost, basePath + "/search", `{"limit":1.5}`},
		{"search limit negative", http.MethodPost, basePath + "/search", `{"limit":-1}`},
		{"search cursor number", http.MethodPost, basePath + "/search", `{"cursor":1}`},
		{"search query array", http.MethodPost, basePath + "/search", `{"query":[]}`},
		{"search operands object", http.MethodPost, basePath + "/search", `{"query":{"operator":"AND","operands":{}}}`},
		{"search operand string", http.MethodPost, basePath + "/search", `{"query":{"operator":"AND","operands":["x"]}}`},
		{"search operator number", http.MethodPost, basePath + "/search", `{"query":{"operator":1}}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, raw := h.do(tc.method, tc.path, rawBody(tc.body))
			e := wantError(t, code, raw, 400, "bad_request")
			if !strings.HasPrefix(e.ErrorMessage, "The submitted request is invalid.") {
				t.Errorf("message = %q", e.ErrorMessage)
			}
		})
	}
	if h.srv.Len() != 1 {
		t.Fatalf("Len = %d after bad requests", h.srv.Len())
	}
	if got := h.get("acme"); got.OrganizationLogoURL != "" {
		t.Fatal("bad update changed the organization")
	}
}

func TestUnknownFieldsIgnored(t *testing.T) {
	h := newHarness(t)
	org := h.create(base(map[string]any{"unknown_field": []int{1}, "organization_id": "organization-test-ignored"}))
	if org.OrganizationID == "organization-test-ignored" {
		t.Fatal("create took organization_id from the body")
	}
	// The Go and Python SDKs send organization_id in the Update body.
	got := h.update(org.OrganizationID, map[string]any{"organization_id": org.OrganizationID, "organization_name": "New", "whatever": true})
	if got.OrganizationName != "New" || got.OrganizationID != org.OrganizationID {
		t.Fatalf("update: %+v", got)
	}
	got = h.update("acme", map[string]any{"organization_id": "organization-test-someone-else"})
	if got.OrganizationID != org.OrganizationID {
		t.Fatalf("update took organization_id from the body")
	}
}

func TestRequestLogging(t *testing.T) {
	h := newHarness(t)
	h.create(base(nil))
	h.do(http.MethodGet, basePath+"/missing", nil)
	h.do(http.MethodGet, basePath+"/acme", nil, noAuth{})
	lines := strings.Split(strings.TrimSpace(h.logs.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("want 3 log lines, got %q", lines)
	}
	wants := []string{"POST " + basePath + " 200 request-id-test-", "GET " + basePath + "/missing 404 request-id-test-", "GET " + basePath + "/acme 401 request-id-test-"}
	for i, want := range wants {
		if !strings.HasPrefix(lines[i], want) {
			t.Errorf("line %d = %q, want prefix %q", i, lines[i], want)
		}
	}
	if strings.Contains(h.logs.String(), testSecret) || strings.Contains(h.logs.String(), "Basic") {
		t.Fatal("log contains credentials")
	}
}

func TestRequestIDsMatchLog(t *testing.T) {
	h := newHarness(t)
	_, raw := h.do(http.MethodGet, basePath+"/missing", nil)
	e := wantError(t, 404, raw, 404, "organization_not_found")
	if !strings.Contains(h.logs.String(), e.RequestID) {
		t.Fatalf("log %q lacks request id %s", h.logs.String(), e.RequestID)
	}
}

func TestNilLoggerAndRealServer(t *testing.T) {
	ts := httptest.NewServer(New(Options{ProjectID: "p", Secret: "s"}))
	defer ts.Close()
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, ts.URL+basePath, strings.NewReader(`{"organization_name":"A","organization_slug":"a-slug"}`))
	req.SetBasicAuth("p", "s")
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	var out stytch.OrganizationResponse
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.Organization.OrganizationSlug != "a-slug" {
		t.Fatalf("decode: %v %+v", err, out)
	}
	_ = log.Default()
}

func TestUUIDFormat(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		id := "organization-test-" + newUUID()
		if !orgIDPattern.MatchString(id) || seen[id] {
			t.Fatalf("bad or repeated uuid %s", id)
		}
		seen[id] = true
	}
}
