package emulator

import (
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
)

// zeroFaults is Stats.Faults with nothing injected.
var zeroFaults = map[string]int{FaultRateLimited: 0, FaultFailed: 0, FaultDropped: 0, FaultGarbage: 0}

func TestStatsCounts(t *testing.T) {
	h := newHarness(t)
	if st := h.srv.Stats(); len(st.Requests) != 0 || len(st.Statuses) != 0 || !maps.Equal(st.Faults, zeroFaults) || st.Organizations != 0 {
		t.Fatalf("fresh stats %+v", st)
	}
	org := h.create(base(map[string]any{"organization_external_id": "ext"}))
	h.create(base(map[string]any{"organization_slug": "search"}))
	h.get("acme")
	h.get(org.OrganizationID)
	h.update("acme", map[string]any{"organization_name": "New"})
	h.ok(http.MethodPost, basePath+"/search", map[string]any{})
	h.ok(http.MethodGet, basePath+"/search", nil) // the slug "search"
	h.ok(http.MethodDelete, basePath+"/acme/external_id", nil)
	h.ok(http.MethodDelete, basePath+"/search", nil)
	h.do(http.MethodGet, basePath+"/missing", nil)
	h.do(http.MethodPatch, basePath+"/acme", nil)
	h.do(http.MethodGet, basePath+"/acme", nil, noAuth{})
	h.do(http.MethodGet, "/", nil)
	h.do(http.MethodGet, basePath+"/a/b/c", nil)
	h.do("BREW", basePath, nil)

	want := Stats{
		Requests: map[string]int{
			"POST " + routeCollection:     2,
			"GET " + routeOrganization:    5,
			"PUT " + routeOrganization:    1,
			"POST " + routeSearch:         1,
			"DELETE " + routeExternalID:   1,
			"DELETE " + routeOrganization: 1,
			"PATCH " + routeOrganization:  1,
			"GET (unmatched)":             2,
			"OTHER " + routeCollection:    1,
		},
		Statuses:      map[int]int{200: 9, 404: 3, 405: 2, 401: 1},
		Faults:        zeroFaults,
		Organizations: 1,
	}
	if got := h.srv.Stats(); !reflect.DeepEqual(got, want) {
		t.Fatalf("Stats() =\n%+v\nwant\n%+v", got, want)
	}

	// The HTTP endpoint answers the same, in the documented JSON shape, and
	// is not counted itself.
	for range 2 {
		code, raw := h.do(http.MethodGet, statsPath, nil)
		if code != 200 {
			t.Fatalf("GET %s: %d %s", statsPath, code, raw)
		}
		var got Stats
		if err := json.Unmarshal(raw, &got); err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("GET %s = %s (%v)", statsPath, raw, err)
		}
		var shape map[string]json.RawMessage
		_ = json.Unmarshal(raw, &shape)
		if len(shape) != 4 || !strings.Contains(string(shape["statuses"]), `"200":9`) ||
			!strings.Contains(string(shape["requests"]), `"POST /v1/b2b/organizations":2`) ||
			!strings.Contains(string(shape["requests"]), `"DELETE /v1/b2b/organizations/{organization_id}/external_id":1`) ||
			string(shape["organizations"]) != "1" || !strings.Contains(string(shape["faults"]), `"rate_limited":0`) {
			t.Errorf("JSON shape %s", raw)
		}
	}
	if !strings.Contains(h.logs.String(), "GET "+statsPath+" 200 request-id-test-") {
		t.Errorf("stats request not logged")
	}
}

func TestStatsEndpoints(t *testing.T) {
	h := newHarness(t)
	h.create(base(nil))
	h.get("acme")
	before := h.srv.Stats()

	// Authentication, methods and unknown control paths; none is counted.
	cases := []struct {
		method, path string
		auth         bool
		status       int
		errType      string
		allow        string
	}{
		{http.MethodGet, statsPath, false, 401, "unauthorized_credentials", ""},
		{http.MethodPost, statsResetPath, false, 401, "unauthorized_credentials", ""},
		{http.MethodDelete, statsPath, false, 401, "unauthorized_credentials", ""},
		{http.MethodPut, statsPath, true, 405, "method_not_allowed", "GET, DELETE"},
		{http.MethodPost, statsPath, true, 405, "method_not_allowed", "GET, DELETE"},
		{http.MethodGet, statsResetPath, true, 405, "method_not_allowed", "POST"},
		{http.MethodGet, controlPrefix, true, 404, "route_not_found", ""},
		{http.MethodGet, controlPrefix + "/other", true, 404, "route_not_found", ""},
		{http.MethodGet, statsPath + "/", true, 404, "route_not_found", ""},
	}
	for _, tc := range cases {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			req := httptest.NewRequestWithContext(context.Background(), tc.method, tc.path, nil)
			if tc.auth {
				req.SetBasicAuth(testProjectID, testSecret)
			}
			rec := httptest.NewRecorder()
			h.srv.ServeHTTP(rec, req)
			wantError(t, rec.Code, rec.Body.Bytes(), tc.status, tc.errType)
			if got := rec.Header().Get("Allow"); got != tc.allow {
				t.Errorf("Allow = %q, want %q", got, tc.allow)
			}
			if tc.status == 401 && strings.Contains(rec.Body.String(), "requests") {
				t.Errorf("401 leaks stats: %s", rec.Body)
			}
		})
	}
	if got := h.srv.Stats(); !reflect.DeepEqual(got, before) {
		t.Fatalf("control requests were counted: %+v, want %+v", got, before)
	}

	// Every way of resetting; the HTTP ones answer the stats before the reset.
	resets := []struct {
		name  string
		reset func() (Stats, bool)
	}{
		{"POST reset", func() (Stats, bool) { return httpReset(t, h, http.MethodPost, statsResetPath), true }},
		{"DELETE stats", func() (Stats, bool) { return httpReset(t, h, http.MethodDelete, statsPath), true }},
		{"ResetStats", func() (Stats, bool) { h.srv.ResetStats(); return Stats{}, false }},
	}
	for _, tc := range resets {
		t.Run(tc.name, func(t *testing.T) {
			h.get("acme")
			h.do(http.MethodGet, basePath+"/missing", nil)
			pre := h.srv.Stats()
			if pre.Requests["GET "+routeOrganization] == 0 || pre.Statuses[404] != 1 {
				t.Fatalf("before reset %+v", pre)
			}
			answered, hasAnswer := tc.reset()
			if hasAnswer && !reflect.DeepEqual(answered, pre) {
				t.Errorf("reset answered %+v, want %+v", answered, pre)
			}
			want := Stats{Requests: map[string]int{}, Statuses: map[int]int{}, Faults: zeroFaults, Organizations: 1}
			if got := h.srv.Stats(); !reflect.DeepEqual(got, want) {
				t.Fatalf("after reset %+v", got)
			}
			code, raw := h.do(http.MethodGet, statsPath, nil)
			if code != 200 || !strings.Contains(string(raw), `"requests":{}`) || !strings.Contains(string(raw), `"statuses":{}`) {
				t.Fatalf("after reset: %d %s", code, raw)
			}
		})
	}
}

func httpReset(t *testing.T, h *harness, method, path string) Stats {
	t.Helper()
	code, raw := h.do(method, path, nil)
	if code != 200 {
		t.Fatalf("%s %s: %d %s", method, path, code, raw)
	}
	var st Stats
	if err := json.Unmarshal(raw, &st); err != nil {
		t.Fatal(err)
	}
	return st
}

func TestStatsWithFaults(t *testing.T) {
	h, _ := faultHarness(t, Faults{RateLimit: 2, FailRate: 1})
	for range 5 {
		h.do(http.MethodPost, basePath, base(nil))
	}
	want := Stats{
		Requests:      map[string]int{"POST " + routeCollection: 5},
		Faults:        map[string]int{FaultRateLimited: 3, FaultFailed: 2, FaultDropped: 0, FaultGarbage: 0},
		Organizations: 0,
	}
	st := h.srv.Stats()
	if !maps.Equal(st.Requests, want.Requests) || !maps.Equal(st.Faults, want.Faults) || st.Organizations != 0 ||
		st.Statuses[429] != 3 || st.Statuses[500]+st.Statuses[503] != 2 {
		t.Fatalf("stats %+v", st)
	}
	// Faults off at runtime: the same request succeeds.
	h.srv.SetFaults(Faults{})
	h.create(base(nil))
	if st := h.srv.Stats(); st.Statuses[200] != 1 || st.Organizations != 1 || st.Requests["POST "+routeCollection] != 6 {
		t.Fatalf("stats %+v", st)
	}
}

func TestStatsKey(t *testing.T) {
	cases := []struct{ method, path, want string }{
		{http.MethodPost, basePath, "POST /v1/b2b/organizations"},
		{http.MethodGet, basePath + "/organization-test-1", "GET /v1/b2b/organizations/{organization_id}"},
		{http.MethodPut, basePath + "/acme", "PUT /v1/b2b/organizations/{organization_id}"},
		{http.MethodDelete, basePath + "/acme", "DELETE /v1/b2b/organizations/{organization_id}"},
		{http.MethodPost, basePath + "/search", "POST /v1/b2b/organizations/search"},
		{http.MethodGet, basePath + "/search", "GET /v1/b2b/organizations/{organization_id}"},
		{http.MethodDelete, basePath + "/acme/external_id", "DELETE /v1/b2b/organizations/{organization_id}/external_id"},
		{http.MethodDelete, basePath + "/a%2Fb", "DELETE /v1/b2b/organizations/{organization_id}"},
		{http.MethodGet, "/v1/b2b/members", "GET (unmatched)"},
		{"brew", basePath, "OTHER /v1/b2b/organizations"},
	}
	for _, tc := range cases {
		if got := statsKey(tc.method, tc.path); got != tc.want {
			t.Errorf("statsKey(%s, %s) = %q, want %q", tc.method, tc.path, got, tc.want)
		}
	}
}
