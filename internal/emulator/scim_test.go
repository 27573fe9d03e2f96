package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// ---------------------------------------------------------------------------
// Helpers.

var (
	scimConnIDPattern  = regexp.MustCompile(`^scim-connection-test-` + uuidPattern + `$`)
	scimGroupIDPattern = regexp.MustCompile(`^scim-group-test-` + uuidPattern + `$`)
	scimTokenPattern   = regexp.MustCompile(`^[A-Za-z0-9]{48}$`)
)

// The JSON keys of the three SCIM connection objects (tenant spec 4.1).
var (
	scimKeys = []string{
		"organization_id", "connection_id", "status", "display_name", "identity_provider", "base_url",
		"bearer_token_last_four", "scim_group_implicit_role_assignments", "next_bearer_token_last_four",
		"bearer_token_expires_at",
	}
	scimRotatingKeys  = append(slices.Clone(scimKeys), "next_bearer_token_expires_at")
	scimWithTokenKeys = []string{
		"organization_id", "connection_id", "status", "display_name", "identity_provider", "base_url",
		"bearer_token", "scim_group_implicit_role_assignments", "bearer_token_expires_at",
	}
	scimWithNextTokenKeys = []string{
		"organization_id", "connection_id", "status", "display_name", "base_url", "identity_provider",
		"bearer_token_last_four", "next_bearer_token", "scim_group_implicit_role_assignments",
		"bearer_token_expires_at", "next_bearer_token_expires_at",
	}
)

// scimPath is a management path: /v1/b2b/scim/{org}/connection[/rest...].
func scimPath(org string, rest ...string) string {
	return scimBasePath + "/" + org + "/connection" + strings.Join(append([]string{""}, rest...), "/")
}

// scimConnection sends a management request that must succeed, checks the
// keys of its connection object and decodes it into v.
func (h *harness) scimConnection(method, path string, body any, keys []string, v any) {
	h.t.Helper()
	var env struct {
		Connection json.RawMessage `json:"connection"`
	}
	decodeInto(h.t, h.ok(method, path, body), &env)
	var obj map[string]json.RawMessage
	decodeInto(h.t, env.Connection, &obj)
	if _, ok := obj["next_bearer_token_expires_at"]; ok && !slices.Contains(keys, "next_bearer_token_expires_at") {
		keys = append(slices.Clone(keys), "next_bearer_token_expires_at")
	}
	wantKeys(h.t, path, env.Connection, keys)
	decodeInto(h.t, env.Connection, v)
}

func (h *harness) createSCIM(org string, body any) scimConnectionWithToken {
	h.t.Helper()
	var c scimConnectionWithToken
	h.scimConnection(http.MethodPost, scimPath(org), body, scimWithTokenKeys, &c)
	if !scimTokenPattern.MatchString(c.BearerToken) {
		h.t.Fatalf("bearer_token %q is not 48 alphanumerics", c.BearerToken)
	}
	return c
}

func (h *harness) getSCIM(org string) scimConnectionWire {
	h.t.Helper()
	var c scimConnectionWire
	h.scimConnection(http.MethodGet, scimPath(org), nil, scimKeys, &c)
	return c
}

func (h *harness) updateSCIM(org, id string, body any) scimConnectionWire {
	h.t.Helper()
	var c scimConnectionWire
	h.scimConnection(http.MethodPut, scimPath(org, id), body, scimKeys, &c)
	return c
}

func (h *harness) rotate(org, id, step string) scimConnectionWire {
	h.t.Helper()
	var c scimConnectionWire
	h.scimConnection(http.MethodPost, scimPath(org, id, "rotate", step), map[string]any{}, scimKeys, &c)
	return c
}

func (h *harness) rotateStart(org, id string) scimConnectionWithNextToken {
	h.t.Helper()
	var c scimConnectionWithNextToken
	h.scimConnection(http.MethodPost, scimPath(org, id, "rotate", "start"), nil, scimWithNextTokenKeys, &c)
	if !scimTokenPattern.MatchString(c.NextBearerToken) {
		h.t.Fatalf("next_bearer_token %q is not 48 alphanumerics", c.NextBearerToken)
	}
	return c
}

// scimResult is the answer of a SCIM protocol request.
type scimResult struct {
	code   int
	body   []byte
	header http.Header
}

// scimDo sends a SCIM protocol request to /v1/b2b/scim/{connID}/{rest} with
// the given Authorization header ("" for none) and checks the media type.
func (h *harness) scimDo(method, connID, rest, authorization string, body any) scimResult {
	h.t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case rawBody:
		r = strings.NewReader(string(b))
	default:
		data, err := json.Marshal(b)
		if err != nil {
			h.t.Fatal(err)
		}
		r = bytes.NewReader(data)
	}
	req := httptest.NewRequestWithContext(context.Background(), method, scimBasePath+"/"+connID+"/"+rest, r)
	req.Header.Set("Content-Type", scimMediaType)
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	rec := httptest.NewRecorder()
	h.srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusNoContent {
		if ct := rec.Header().Get("Content-Type"); ct != scimMediaType {
			h.t.Errorf("%s %s: Content-Type %q", method, rest, ct)
		}
	}
	return scimResult{code: rec.Code, body: rec.Body.Bytes(), header: rec.Header()}
}

// scimAs sends a SCIM protocol request with a bearer token.
func (h *harness) scimAs(method, connID, rest, token string, body any) scimResult {
	h.t.Helper()
	return h.scimDo(method, connID, rest, "Bearer "+token, body)
}

// wantSCIMError checks a SCIM Error answer.
func wantSCIMError(t *testing.T, res scimResult, status int, scimType string) scimError {
	t.Helper()
	var e scimError
	decodeInto(t, res.body, &e)
	if res.code != status || e.Status != itoa(status) || e.SCIMType != scimType ||
		!slices.Equal(e.Schemas, []string{scimSchemaError}) || e.Detail == "" {
		t.Fatalf("got %d %s, want %d scimType %q", res.code, res.body, status, scimType)
	}
	return e
}

// tokenWorks reports whether the SCIM protocol API accepts token for connID.
func (h *harness) tokenWorks(connID, token string) bool {
	h.t.Helper()
	res := h.scimAs(http.MethodGet, connID, "ServiceProviderConfig", token, nil)
	switch res.code {
	case http.StatusOK:
		return true
	case http.StatusUnauthorized:
		wantSCIMError(h.t, res, http.StatusUnauthorized, "")
		return false
	}
	h.t.Fatalf("ServiceProviderConfig: %d %s", res.code, res.body)
	return false
}

// pushGroup creates a group through the SCIM protocol API, as an identity
// provider does, and returns its id.
func (h *harness) pushGroup(connID, token, name string) string {
	h.t.Helper()
	res := h.scimAs(http.MethodPost, connID, "Groups", token, map[string]any{"schemas": []string{scimSchemaGroup}, "displayName": name})
	if res.code != http.StatusCreated {
		h.t.Fatalf("push group %q: %d %s", name, res.code, res.body)
	}
	var g scimGroupResource
	decodeInto(h.t, res.body, &g)
	return g.ID
}

// groupsPage is a decoded group listing.
type groupsPage struct {
	RequestID  string          `json:"request_id"`
	SCIMGroups []scimGroupWire `json:"scim_groups"`
	NextCursor *string         `json:"next_cursor"`
}

func (h *harness) listGroups(org, connID, query string) groupsPage {
	h.t.Helper()
	var p groupsPage
	raw := h.ok(http.MethodGet, scimPath(org, connID)+query, nil)
	decodeInto(h.t, raw, &p)
	if !strings.Contains(string(raw), `"next_cursor":`) || p.SCIMGroups == nil {
		h.t.Fatalf("group listing %s", raw)
	}
	return p
}

// ---------------------------------------------------------------------------
// Management API.

func TestSCIMCreateAndGet(t *testing.T) {
	h := newHarness(t)
	org := h.create(base(map[string]any{"organization_external_id": "acme-ext"}))
	if org.SCIMActiveConnection != nil {
		t.Fatalf("new organization has scim_active_connection %+v", org.SCIMActiveConnection)
	}
	h.wantFail(http.MethodGet, scimPath("acme"), nil, http.StatusNotFound, "no_active_scim_connection")

	c := h.createSCIM("acme", map[string]any{"organization_id": "echoed", "unknown": 1})
	wantExpiry := h.clock.Now().UTC().Truncate(time.Second).AddDate(5, 0, 0).Format(time.RFC3339)
	if !scimConnIDPattern.MatchString(c.ConnectionID) || c.OrganizationID != org.OrganizationID || c.Status != "active" ||
		c.DisplayName != "" || c.IdentityProvider != "generic" ||
		c.BaseURL != "https://test.stytch.com/v1/b2b/scim/"+c.ConnectionID ||
		c.BearerTokenExpiresAt != wantExpiry || c.SCIMGroupImplicitRoleAssignments == nil || len(c.SCIMGroupImplicitRoleAssignments) != 0 {
		t.Errorf("created %+v", c)
	}
	// Get by id, slug and external id; the token is never answered again.
	for _, key := range []string{org.OrganizationID, "acme", "acme-ext"} {
		got := h.getSCIM(key)
		if got.ConnectionID != c.ConnectionID || got.BearerTokenLastFour != c.BearerToken[44:] || got.NextBearerTokenLastFour != "" ||
			got.BearerTokenExpiresAt != wantExpiry || got.BaseURL != c.BaseURL {
			t.Errorf("Get %s = %+v", key, got)
		}
	}
	if raw := h.ok(http.MethodGet, scimPath("acme"), nil); bytes.Contains(raw, []byte(c.BearerToken)) {
		t.Errorf("Get answered the token: %s", raw)
	}
	// The organization mirrors it.
	want := `{"connection_id":"` + c.ConnectionID + `","display_name":"","bearer_token_last_four":"` + c.BearerToken[44:] + `","bearer_token_expires_at":"` + wantExpiry + `"}`
	raw := h.ok(http.MethodGet, basePath+"/acme", nil)
	if !strings.Contains(string(raw), `"scim_active_connection":`+want) {
		t.Errorf("organization %s lacks %s", raw, want)
	}

	// One connection per organization.
	e := h.wantFail(http.MethodPost, scimPath("acme"), map[string]any{"display_name": "Second"}, http.StatusBadRequest, "active_scim_connection_exists")
	if !strings.Contains(e.ErrorMessage, c.ConnectionID) {
		t.Errorf("message %q does not name the existing connection", e.ErrorMessage)
	}

	// Another organization, with every field and Entra's base_url suffix.
	h.create(base(map[string]any{"organization_slug": "beta"}))
	for _, bad := range []any{"", "google-workspace", "Okta"} {
		h.wantFail(http.MethodPost, scimPath("beta"), map[string]any{"identity_provider": bad}, http.StatusBadRequest, "invalid_scim_idp")
	}
	h.wantFail(http.MethodPost, scimPath("beta"), map[string]any{"display_name": 1}, http.StatusBadRequest, "bad_request")
	h.wantFail(http.MethodPost, scimPath("beta"), rawBody("[]"), http.StatusBadRequest, "bad_request")
	entra := h.createSCIM("beta", map[string]any{"display_name": "Entra", "identity_provider": "microsoft-entra"})
	if entra.BaseURL != "https://test.stytch.com/v1/b2b/scim/"+entra.ConnectionID+"?aadOptscim062020" || entra.DisplayName != "Entra" || entra.BearerToken == c.BearerToken {
		t.Errorf("entra %+v", entra)
	}

	h.wantFail(http.MethodPost, scimPath("missing"), nil, http.StatusNotFound, "organization_not_found")
	h.wantFail(http.MethodGet, scimPath("missing"), nil, http.StatusNotFound, "organization_not_found")
	code, body := h.do(http.MethodGet, scimPath("acme"), nil, noAuth{})
	wantError(t, code, body, http.StatusUnauthorized, "unauthorized_credentials")
	h.wantFail(http.MethodPut, scimPath("acme"), nil, http.StatusMethodNotAllowed, "method_not_allowed")
}

func TestSCIMPublicBaseURL(t *testing.T) {
	h := newHarnessWith(t, Options{PublicBaseURL: "http://127.0.0.1:8080/"})
	h.create(base(nil))
	c := h.createSCIM("acme", nil)
	if c.BaseURL != "http://127.0.0.1:8080/v1/b2b/scim/"+c.ConnectionID {
		t.Errorf("base_url %q", c.BaseURL)
	}
	// The base URL's path is where the SCIM protocol API answers.
	u, _ := url.Parse(c.BaseURL)
	if !strings.HasPrefix(u.Path, scimBasePath+"/") || !h.tokenWorks(strings.TrimPrefix(u.Path, scimBasePath+"/"), c.BearerToken) {
		t.Errorf("base_url path %q does not serve the SCIM API", u.Path)
	}
}

func TestSCIMUpdate(t *testing.T) {
	h := newPolicyHarness(t)
	org := h.create(base(nil))
	h.setOrgPolicy("acme", []any{role("writer", "", "documents", []string{"write"})})
	c := h.createSCIM("acme", map[string]any{"display_name": "Okta", "identity_provider": "okta"})
	eng := h.pushGroup(c.ConnectionID, c.BearerToken, "Engineering")
	ops := h.pushGroup(c.ConnectionID, c.BearerToken, "Ops")

	// Partial: only what is sent changes.
	got := h.updateSCIM(org.OrganizationID, c.ConnectionID, map[string]any{"display_name": "Renamed", "identity_provider": nil})
	if got.DisplayName != "Renamed" || got.IdentityProvider != "okta" || got.BearerTokenLastFour != c.BearerToken[44:] {
		t.Errorf("display_name update %+v", got)
	}
	if o := h.get("acme"); o.SCIMActiveConnection == nil || o.SCIMActiveConnection.DisplayName != "Renamed" {
		t.Errorf("scim_active_connection %+v", o.SCIMActiveConnection)
	}
	got = h.updateSCIM("acme", c.ConnectionID, map[string]any{"identity_provider": "microsoft-entra", "connection_id": c.ConnectionID})
	if got.DisplayName != "Renamed" || !strings.HasSuffix(got.BaseURL, "?aadOptscim062020") {
		t.Errorf("identity_provider update %+v", got)
	}
	got = h.updateSCIM("acme", c.ConnectionID, map[string]any{"identity_provider": "generic", "display_name": ""})
	if got.DisplayName != "" || strings.Contains(got.BaseURL, "?") {
		t.Errorf("back to generic %+v", got)
	}

	// Group role assignments replace the list; group_name comes from the
	// group; a repeated assignment counts once.
	assign := []map[string]string{
		{"group_id": eng, "role_id": "writer", "group_name": "ignored"},
		{"group_id": ops, "role_id": "editor"},
		{"group_id": eng, "role_id": "stytch_admin"},
		{"group_id": eng, "role_id": "writer"},
	}
	got = h.updateSCIM("acme", c.ConnectionID, map[string]any{"scim_group_implicit_role_assignments": assign})
	want := []scimRoleAssignment{
		{RoleID: "writer", GroupID: eng, GroupName: "Engineering"},
		{RoleID: "editor", GroupID: ops, GroupName: "Ops"},
		{RoleID: "stytch_admin", GroupID: eng, GroupName: "Engineering"},
	}
	if !slices.Equal(got.SCIMGroupImplicitRoleAssignments, want) || !slices.Equal(h.getSCIM("acme").SCIMGroupImplicitRoleAssignments, want) {
		t.Errorf("assignments %+v", got.SCIMGroupImplicitRoleAssignments)
	}
	// null leaves them; a failed update changes nothing.
	if got = h.updateSCIM("acme", c.ConnectionID, map[string]any{"scim_group_implicit_role_assignments": nil}); len(got.SCIMGroupImplicitRoleAssignments) != 3 {
		t.Errorf("null cleared the assignments")
	}
	for _, tc := range []struct {
		body    map[string]any
		errType string
	}{
		{map[string]any{"display_name": "X", "scim_group_implicit_role_assignments": []map[string]string{{"role_id": "writer"}}}, "scim_group_role_assignment_does_not_contain_group_id"},
		{map[string]any{"scim_group_implicit_role_assignments": []map[string]string{{"role_id": "writer", "group_id": ""}}}, "scim_group_role_assignment_does_not_contain_group_id"},
		{map[string]any{"scim_group_implicit_role_assignments": []map[string]string{{"role_id": "writer", "group_id": "scim-group-test-unknown"}}}, "scim_group_role_assignment_group_does_not_exist"},
		{map[string]any{"scim_group_implicit_role_assignments": []map[string]string{{"group_id": eng}}}, "invalid_rbac_role_id"},
		{map[string]any{"scim_group_implicit_role_assignments": []map[string]string{{"group_id": eng, "role_id": "undefined"}}}, "invalid_rbac_role_id"},
		{map[string]any{"scim_group_implicit_role_assignments": []map[string]string{{"group_id": eng, "role_id": "stytch_member"}}}, "cannot_assign_default_rbac_role_id"},
		{map[string]any{"scim_group_implicit_role_assignments": "x"}, "bad_request"},
		{map[string]any{"scim_group_implicit_role_assignments": []any{"x"}}, "bad_request"},
		{map[string]any{"scim_group_implicit_role_assignments": []map[string]any{{"group_id": 1}}}, "bad_request"},
		{map[string]any{"display_name": "X", "identity_provider": "shibboleth"}, "invalid_scim_idp"},
		{map[string]any{"display_name": "X", "identity_provider": ""}, "invalid_scim_idp"},
		{map[string]any{"display_name": false}, "bad_request"},
	} {
		h.wantFail(http.MethodPut, scimPath("acme", c.ConnectionID), tc.body, http.StatusBadRequest, tc.errType)
	}
	if got := h.getSCIM("acme"); got.DisplayName != "" || got.IdentityProvider != "generic" || len(got.SCIMGroupImplicitRoleAssignments) != 3 {
		t.Errorf("failed updates changed the connection: %+v", got)
	}
	// Another connection's group does not exist in this one.
	h.create(base(map[string]any{"organization_slug": "beta"}))
	other := h.createSCIM("beta", nil)
	foreign := h.pushGroup(other.ConnectionID, other.BearerToken, "Engineering")
	h.wantFail(http.MethodPut, scimPath("acme", c.ConnectionID), map[string]any{"scim_group_implicit_role_assignments": []map[string]string{{"group_id": foreign, "role_id": "editor"}}},
		http.StatusBadRequest, "scim_group_role_assignment_group_does_not_exist")
	// [] clears.
	if got = h.updateSCIM("acme", c.ConnectionID, map[string]any{"scim_group_implicit_role_assignments": []any{}}); got.SCIMGroupImplicitRoleAssignments == nil || len(got.SCIMGroupImplicitRoleAssignments) != 0 {
		t.Errorf("[] did not clear: %+v", got.SCIMGroupImplicitRoleAssignments)
	}

	// A connection id that is not the organization's connection.
	h.wantFail(http.MethodPut, scimPath("acme", other.ConnectionID), map[string]any{}, http.StatusNotFound, "no_active_scim_connection")
	h.wantFail(http.MethodPut, scimPath("acme", "scim-connection-test-unknown"), map[string]any{}, http.StatusNotFound, "no_active_scim_connection")
	h.wantFail(http.MethodPut, scimPath("missing", c.ConnectionID), map[string]any{}, http.StatusNotFound, "organization_not_found")
}

func TestSCIMDelete(t *testing.T) {
	h := newHarness(t)
	h.create(base(nil))
	h.create(base(map[string]any{"organization_slug": "beta"}))
	c := h.createSCIM("acme", nil)
	other := h.createSCIM("beta", nil)

	h.wantFail(http.MethodDelete, scimPath("acme", other.ConnectionID), nil, http.StatusNotFound, "no_active_scim_connection")
	h.wantFail(http.MethodDelete, scimPath("acme", "unknown"), nil, http.StatusNotFound, "no_active_scim_connection")
	raw := h.ok(http.MethodDelete, scimPath("acme", c.ConnectionID), map[string]any{})
	if !strings.Contains(string(raw), `"connection_id":"`+c.ConnectionID+`"`) {
		t.Errorf("delete answered %s", raw)
	}
	if o := h.get("acme"); o.SCIMActiveConnection != nil {
		t.Errorf("scim_active_connection %+v after delete", o.SCIMActiveConnection)
	}
	if raw := h.ok(http.MethodGet, basePath+"/acme", nil); !strings.Contains(string(raw), `"scim_active_connection":null`) {
		t.Errorf("organization %s", raw)
	}
	h.wantFail(http.MethodGet, scimPath("acme"), nil, http.StatusNotFound, "no_active_scim_connection")
	h.wantFail(http.MethodDelete, scimPath("acme", c.ConnectionID), nil, http.StatusNotFound, "no_active_scim_connection")
	if h.tokenWorks(c.ConnectionID, c.BearerToken) {
		t.Errorf("the deleted connection's token still works")
	}
	if !h.tokenWorks(other.ConnectionID, other.BearerToken) {
		t.Errorf("the other organization's token stopped working")
	}
	// A new connection may be created.
	if again := h.createSCIM("acme", nil); again.ConnectionID == c.ConnectionID {
		t.Errorf("same id reused")
	}
}

func TestSCIMTokenRotation(t *testing.T) {
	h := newHarness(t)
	org := h.create(base(map[string]any{"organization_external_id": "acme-ext"}))
	c := h.createSCIM("acme", map[string]any{"display_name": "IdP"})
	id, first := c.ConnectionID, c.BearerToken

	for _, step := range []string{"complete", "cancel"} {
		e := h.wantFail(http.MethodPost, scimPath("acme", id, "rotate", step), nil, http.StatusBadRequest, "scim_connection_not_rotating_token")
		if !strings.Contains(e.ErrorMessage, id) {
			t.Errorf("%s: message %q", step, e.ErrorMessage)
		}
	}

	// Start: a new token; both work while the rotation is pending.
	h.clock.Advance(time.Hour)
	st := h.rotateStart("acme-ext", id) // the organization by its external id
	second := st.NextBearerToken
	wantNextExpiry := h.clock.Now().UTC().Truncate(time.Second).AddDate(5, 0, 0).Format(time.RFC3339)
	if second == first || st.BearerTokenLastFour != first[44:] || st.NextBearerTokenExpiresAt != wantNextExpiry ||
		st.BearerTokenExpiresAt != c.BearerTokenExpiresAt || st.DisplayName != "IdP" || st.BaseURL != c.BaseURL {
		t.Errorf("start %+v", st)
	}
	if !h.tokenWorks(id, first) || !h.tokenWorks(id, second) {
		t.Errorf("a token is refused during the rotation")
	}
	var pending scimConnectionWire
	h.scimConnection(http.MethodGet, scimPath("acme"), nil, scimRotatingKeys, &pending)
	if pending.NextBearerTokenLastFour != second[44:] || pending.NextBearerTokenExpiresAt != wantNextExpiry || pending.BearerTokenLastFour != first[44:] {
		t.Errorf("get during the rotation %+v", pending)
	}
	if o := h.get("acme"); o.SCIMActiveConnection.BearerTokenLastFour != first[44:] {
		t.Errorf("the organization shows the pending token: %+v", o.SCIMActiveConnection)
	}

	// A second start replaces the pending token.
	third := h.rotateStart("acme", id).NextBearerToken
	if h.tokenWorks(id, second) || !h.tokenWorks(id, third) || !h.tokenWorks(id, first) {
		t.Errorf("second start: the replaced token works, or a live one does not")
	}

	// Cancel: the pending token stops working, the current one stays.
	got := h.rotate(org.OrganizationID, id, "cancel")
	if got.NextBearerTokenLastFour != "" || got.NextBearerTokenExpiresAt != "" || got.BearerTokenLastFour != first[44:] {
		t.Errorf("cancel %+v", got)
	}
	if h.tokenWorks(id, third) || !h.tokenWorks(id, first) {
		t.Errorf("after cancel: the next token works, or the current one does not")
	}
	h.wantFail(http.MethodPost, scimPath("acme", id, "rotate", "cancel"), nil, http.StatusBadRequest, "scim_connection_not_rotating_token")

	// Complete: the new token is the only one.
	fourth := h.rotateStart("acme", id).NextBearerToken
	got = h.rotate("acme", id, "complete")
	if got.BearerTokenLastFour != fourth[44:] || got.NextBearerTokenLastFour != "" || got.NextBearerTokenExpiresAt != "" || got.BearerTokenExpiresAt != wantNextExpiry {
		t.Errorf("complete %+v", got)
	}
	if h.tokenWorks(id, first) || !h.tokenWorks(id, fourth) {
		t.Errorf("after complete: the old token works, or the new one does not")
	}
	if o := h.get("acme"); o.SCIMActiveConnection.BearerTokenLastFour != fourth[44:] || o.SCIMActiveConnection.BearerTokenExpiresAt != wantNextExpiry {
		t.Errorf("scim_active_connection after complete %+v", o.SCIMActiveConnection)
	}
	h.wantFail(http.MethodPost, scimPath("acme", id, "rotate", "complete"), nil, http.StatusBadRequest, "scim_connection_not_rotating_token")

	// Wrong connection id, wrong method.
	h.wantFail(http.MethodPost, scimPath("acme", "scim-connection-test-x", "rotate", "start"), nil, http.StatusNotFound, "no_active_scim_connection")
	h.wantFail(http.MethodGet, scimPath("acme", id, "rotate", "start"), nil, http.StatusMethodNotAllowed, "method_not_allowed")
	h.wantFail(http.MethodPost, scimPath("acme", id, "rotate", "other"), nil, http.StatusNotFound, "route_not_found")

	// Tokens expire.
	h.clock.Advance(5*365*24*time.Hour + 48*time.Hour)
	if h.tokenWorks(id, fourth) {
		t.Errorf("an expired token works")
	}
	// Tokens never reach the log.
	for _, tok := range []string{first, second, third, fourth} {
		if strings.Contains(h.logs.String(), tok) {
			t.Errorf("a token is in the log")
		}
	}
}

func TestSCIMGroupListing(t *testing.T) {
	h := newHarness(t)
	org := h.create(base(nil))
	c := h.createSCIM("acme", nil)
	if p := h.listGroups(org.OrganizationID, c.ConnectionID, ""); len(p.SCIMGroups) != 0 || p.NextCursor != nil || !requestIDPattern.MatchString(p.RequestID) {
		t.Errorf("empty listing %+v", p)
	}
	var ids []string
	for _, name := range []string{"a", "b", "c", "d", "e"} {
		ids = append(ids, h.pushGroup(c.ConnectionID, c.BearerToken, name))
	}
	p := h.listGroups("acme", c.ConnectionID, "?limit=0&organization_id=x")
	if len(p.SCIMGroups) != 5 || p.NextCursor != nil {
		t.Fatalf("limit=0 %+v", p)
	}
	if g := p.SCIMGroups[1]; g != (scimGroupWire{GroupID: ids[1], GroupName: "b", OrganizationID: c.OrganizationID, ConnectionID: c.ConnectionID}) {
		t.Errorf("group %+v", g)
	}
	// Pages of two, in creation order; a group deleted between pages does
	// not disturb the rest.
	var seen []string
	query := "?limit=2"
	for page := 0; ; page++ {
		p := h.listGroups("acme", c.ConnectionID, query)
		for _, g := range p.SCIMGroups {
			seen = append(seen, g.GroupID)
		}
		if page == 0 {
			if res := h.scimAs(http.MethodDelete, c.ConnectionID, "Groups/"+ids[2], c.BearerToken, nil); res.code != http.StatusNoContent {
				t.Fatalf("delete group: %d", res.code)
			}
		}
		if p.NextCursor == nil {
			break
		}
		query = "?limit=2&cursor=" + url.QueryEscape(*p.NextCursor)
	}
	if want := []string{ids[0], ids[1], ids[3], ids[4]}; !slices.Equal(seen, want) {
		t.Errorf("pages %v, want %v", seen, want)
	}
	if p := h.listGroups("acme", c.ConnectionID, "?limit=5000"); len(p.SCIMGroups) != 4 {
		t.Errorf("limit above the maximum %+v", p)
	}

	first := h.listGroups("acme", c.ConnectionID, "?limit=1")
	h.create(base(map[string]any{"organization_slug": "beta"}))
	other := h.createSCIM("beta", nil)
	for _, tc := range []struct {
		path    string
		status  int
		errType string
	}{
		{scimPath("acme", c.ConnectionID) + "?limit=x", 400, "bad_request"},
		{scimPath("acme", c.ConnectionID) + "?limit=-1", 400, "bad_request"},
		{scimPath("acme", c.ConnectionID) + "?cursor=forged", 400, "user_search_invalid_cursor"},
		{scimPath("beta", other.ConnectionID) + "?cursor=" + url.QueryEscape(*first.NextCursor), 400, "user_search_invalid_cursor"},
		{scimPath("acme", other.ConnectionID), 404, "no_active_scim_connection"},
		{scimPath("missing", c.ConnectionID), 404, "organization_not_found"},
	} {
		h.wantFail(http.MethodGet, tc.path, nil, tc.status, tc.errType)
	}
	// A cursor of another emulator is refused too.
	h2 := newHarness(t)
	h2.create(base(nil))
	c2 := h2.createSCIM("acme", nil)
	h2.wantFail(http.MethodGet, scimPath("acme", c2.ConnectionID)+"?cursor="+url.QueryEscape(*first.NextCursor), nil, 400, "user_search_invalid_cursor")
}

// ---------------------------------------------------------------------------
// SCIM protocol API.

func TestSCIMProtocolAuthentication(t *testing.T) {
	h := newHarness(t)
	h.create(base(nil))
	h.create(base(map[string]any{"organization_slug": "beta"}))
	c := h.createSCIM("acme", nil)
	other := h.createSCIM("beta", nil)
	id := c.ConnectionID

	basic := "Basic " + basicAuth(testProjectID, testSecret)
	for _, tc := range []struct{ name, conn, auth string }{
		{"no header", id, ""},
		{"project credentials", id, basic},
		{"other scheme", id, "Token " + c.BearerToken},
		{"no token", id, "Bearer "},
		{"wrong token", id, "Bearer " + strings.Repeat("A", 48)},
		{"token with a suffix", id, "Bearer " + c.BearerToken + "x"},
		{"another connection's token", id, "Bearer " + other.BearerToken},
		{"unknown connection", "scim-connection-test-unknown", "Bearer " + c.BearerToken},
		{"organization instead of connection", "acme", "Bearer " + c.BearerToken},
	} {
		for _, rt := range []struct{ method, rest string }{
			{http.MethodGet, "ServiceProviderConfig"}, {http.MethodGet, "Groups"}, {http.MethodPost, "Groups"},
			{http.MethodGet, "Groups/x"}, {http.MethodDelete, "Groups/x"},
		} {
			res := h.scimDo(rt.method, tc.conn, rt.rest, tc.auth, map[string]any{"displayName": "G"})
			e := wantSCIMError(t, res, http.StatusUnauthorized, "")
			if res.header.Get("WWW-Authenticate") == "" || strings.Contains(e.Detail, c.BearerToken) {
				t.Errorf("%s %s %s: %v %s", tc.name, rt.method, rt.rest, res.header, res.body)
			}
		}
	}
	// The scheme is case-insensitive.
	if res := h.scimDo(http.MethodGet, id, "ServiceProviderConfig", "bearer "+c.BearerToken, nil); res.code != http.StatusOK {
		t.Errorf("lower-case scheme: %d", res.code)
	}
	// Nothing was created by the refused requests.
	if p := h.listGroups("acme", id, ""); len(p.SCIMGroups) != 0 {
		t.Errorf("refused requests created groups: %+v", p.SCIMGroups)
	}
	// A wrong method is 405 before authentication.
	res := h.scimDo(http.MethodPut, id, "Groups", "", nil)
	wantSCIMError(t, res, http.StatusMethodNotAllowed, "")
	if res.header.Get("Allow") != "GET, POST" {
		t.Errorf("Allow %q", res.header.Get("Allow"))
	}
	// Routes the emulator does not serve.
	for _, rest := range []string{"Users", "Groups/a/b", "ServiceProviderConfig/x", "Schemas"} {
		code, body := h.do(http.MethodGet, scimBasePath+"/"+id+"/"+rest, nil)
		wantError(t, code, body, http.StatusNotFound, "route_not_found")
	}
}

// basicAuth encodes HTTP Basic credentials.
func basicAuth(user, pass string) string {
	req := httptest.NewRequestWithContext(context.Background(), http.MethodGet, "/", nil)
	req.SetBasicAuth(user, pass)
	return strings.TrimPrefix(req.Header.Get("Authorization"), "Basic ")
}

func TestSCIMProtocolGroups(t *testing.T) {
	h := newHarness(t)
	h.create(base(nil))
	c := h.createSCIM("acme", nil)
	id, tok := c.ConnectionID, c.BearerToken

	res := h.scimAs(http.MethodGet, id, "ServiceProviderConfig", tok, nil)
	var cfg scimServiceProviderConfig
	decodeInto(t, res.body, &cfg)
	if res.code != 200 || !slices.Equal(cfg.Schemas, []string{scimSchemaSPConfig}) || !cfg.Filter.Supported || cfg.Patch.Supported ||
		len(cfg.AuthenticationSchemes) != 1 || cfg.AuthenticationSchemes[0].Type != "oauthbearertoken" ||
		cfg.Meta.Location != "https://test.stytch.com/v1/b2b/scim/"+id+"/ServiceProviderConfig" {
		t.Errorf("ServiceProviderConfig %d %s", res.code, res.body)
	}

	// Create, as an IdP does.
	res = h.scimAs(http.MethodPost, id, "Groups", tok, map[string]any{"schemas": []string{scimSchemaGroup}, "displayName": "Engineering", "members": []any{}})
	if res.code != http.StatusCreated {
		t.Fatalf("create group: %d %s", res.code, res.body)
	}
	var g scimGroupResource
	decodeInto(t, res.body, &g)
	wantLocation := "https://test.stytch.com/v1/b2b/scim/" + id + "/Groups/" + g.ID
	wantCreated := h.clock.Now().UTC().Truncate(time.Second).Format(time.RFC3339)
	if !scimGroupIDPattern.MatchString(g.ID) || g.DisplayName != "Engineering" || !slices.Equal(g.Schemas, []string{scimSchemaGroup}) ||
		g.Meta != (scimMeta{ResourceType: "Group", Created: wantCreated, LastModified: wantCreated, Location: wantLocation}) ||
		res.header.Get("Location") != wantLocation {
		t.Errorf("created group %s, Location %q", res.body, res.header.Get("Location"))
	}
	// Without schemas it is accepted too.
	ops := h.scimAs(http.MethodPost, id, "Groups", tok, map[string]any{"displayName": "Ops"})
	if ops.code != http.StatusCreated {
		t.Fatalf("create without schemas: %d %s", ops.code, ops.body)
	}

	for _, tc := range []struct {
		body     any
		status   int
		scimType string
	}{
		{map[string]any{"displayName": "engineering"}, 409, "uniqueness"},
		{map[string]any{"displayName": ""}, 400, "invalidValue"},
		{map[string]any{"displayName": "  "}, 400, "invalidValue"},
		{map[string]any{"schemas": []string{scimSchemaGroup}}, 400, "invalidValue"},
		{map[string]any{"displayName": 1}, 400, "invalidSyntax"},
		{map[string]any{"schemas": []string{"urn:ietf:params:scim:schemas:core:2.0:User"}, "displayName": "X"}, 400, "invalidSyntax"},
		{rawBody("[]"), 400, "invalidSyntax"},
		{rawBody("{"), 400, "invalidSyntax"},
		{nil, 400, "invalidSyntax"},
	} {
		wantSCIMError(t, h.scimAs(http.MethodPost, id, "Groups", tok, tc.body), tc.status, tc.scimType)
	}

	// List, filter, page.
	list := func(query string) scimListResponse {
		t.Helper()
		res := h.scimAs(http.MethodGet, id, "Groups"+query, tok, nil)
		var l scimListResponse
		decodeInto(t, res.body, &l)
		if res.code != 200 || !slices.Equal(l.Schemas, []string{scimSchemaListResponse}) || l.Resources == nil {
			t.Fatalf("list %s: %d %s", query, res.code, res.body)
		}
		return l
	}
	if l := list(""); l.TotalResults != 2 || l.ItemsPerPage != 2 || l.StartIndex != 1 || l.Resources[0].ID != g.ID || l.Resources[1].DisplayName != "Ops" {
		t.Errorf("list %+v", l)
	}
	if l := list("?filter=" + url.QueryEscape(`displayName eq "ENGINEERING"`)); l.TotalResults != 1 || l.Resources[0].ID != g.ID {
		t.Errorf("filter %+v", l)
	}
	if l := list("?filter=" + url.QueryEscape(`displayname EQ "nobody"`)); l.TotalResults != 0 || len(l.Resources) != 0 {
		t.Errorf("filter without match %+v", l)
	}
	if l := list("?startIndex=2&count=5"); l.TotalResults != 2 || l.ItemsPerPage != 1 || l.StartIndex != 2 || l.Resources[0].DisplayName != "Ops" {
		t.Errorf("startIndex %+v", l)
	}
	if l := list("?startIndex=0&count=1"); l.StartIndex != 1 || l.ItemsPerPage != 1 {
		t.Errorf("startIndex 0 %+v", l)
	}
	if l := list("?startIndex=9"); l.TotalResults != 2 || l.ItemsPerPage != 0 {
		t.Errorf("startIndex past the end %+v", l)
	}
	wantSCIMError(t, h.scimAs(http.MethodGet, id, "Groups?filter="+url.QueryEscape(`displayName co "E"`), tok, nil), 400, "invalidFilter")
	wantSCIMError(t, h.scimAs(http.MethodGet, id, "Groups?count=x", tok, nil), 400, "invalidValue")

	// Get and delete one.
	res = h.scimAs(http.MethodGet, id, "Groups/"+g.ID, tok, nil)
	var got scimGroupResource
	decodeInto(t, res.body, &got)
	if res.code != 200 || got.ID != g.ID || got.DisplayName != "Engineering" {
		t.Errorf("get group %d %s", res.code, res.body)
	}
	wantSCIMError(t, h.scimAs(http.MethodGet, id, "Groups/scim-group-test-unknown", tok, nil), 404, "")
	res = h.scimAs(http.MethodDelete, id, "Groups/"+g.ID, tok, nil)
	if res.code != http.StatusNoContent || len(res.body) != 0 {
		t.Errorf("delete group %d %s", res.code, res.body)
	}
	wantSCIMError(t, h.scimAs(http.MethodDelete, id, "Groups/"+g.ID, tok, nil), 404, "")
	wantSCIMError(t, h.scimAs(http.MethodGet, id, "Groups/"+g.ID, tok, nil), 404, "")
	// The name is free again.
	h.pushGroup(id, tok, "Engineering")
}

// Deleting a group deletes the role assignments that name it.
func TestSCIMGroupDeleteRemovesAssignments(t *testing.T) {
	h := newHarness(t)
	h.create(base(nil))
	c := h.createSCIM("acme", nil)
	eng := h.pushGroup(c.ConnectionID, c.BearerToken, "Engineering")
	ops := h.pushGroup(c.ConnectionID, c.BearerToken, "Ops")
	h.updateSCIM("acme", c.ConnectionID, map[string]any{"scim_group_implicit_role_assignments": []map[string]string{
		{"group_id": eng, "role_id": "stytch_admin"}, {"group_id": ops, "role_id": "stytch_admin"},
	}})
	if res := h.scimAs(http.MethodDelete, c.ConnectionID, "Groups/"+eng, c.BearerToken, nil); res.code != http.StatusNoContent {
		t.Fatalf("delete: %d", res.code)
	}
	if got := h.getSCIM("acme").SCIMGroupImplicitRoleAssignments; len(got) != 1 || got[0].GroupID != ops {
		t.Errorf("assignments %+v", got)
	}
}

// ---------------------------------------------------------------------------
// Routing, organization delete, statistics.

func TestSCIMRouting(t *testing.T) {
	for _, tc := range []struct {
		method, path, tmpl string
		want               routeParams
	}{
		{"POST", "/v1/b2b/scim/acme/connection", routeSCIMConnection, routeParams{org: "acme"}},
		{"GET", "/v1/b2b/scim/acme/connection/c1", routeSCIMConnectionID, routeParams{org: "acme", conn: "c1"}},
		{"POST", "/v1/b2b/scim/acme/connection/c1/rotate/start", routeSCIMRotateStart, routeParams{org: "acme", conn: "c1"}},
		{"POST", "/v1/b2b/scim/acme/connection/c1/rotate/complete", routeSCIMRotateComplete, routeParams{org: "acme", conn: "c1"}},
		{"POST", "/v1/b2b/scim/acme/connection/c1/rotate/cancel", routeSCIMRotateCancel, routeParams{org: "acme", conn: "c1"}},
		// Organizations whose slug is a protocol segment keep their routes,
		// and the protocol routes never address an organization.
		{"GET", "/v1/b2b/scim/Groups/connection", routeSCIMConnection, routeParams{org: "Groups"}},
		{"GET", "/v1/b2b/scim/ServiceProviderConfig/connection/c1", routeSCIMConnectionID, routeParams{org: "ServiceProviderConfig", conn: "c1"}},
		{"GET", "/v1/b2b/scim/c1/ServiceProviderConfig", routeSCIMServiceProviderConfig, routeParams{conn: "c1"}},
		{"GET", "/v1/b2b/scim/connection/Groups", routeSCIMGroups, routeParams{conn: "connection"}},
		{"GET", "/v1/b2b/scim/c1/Groups/g%2F1", routeSCIMGroup, routeParams{conn: "c1", sub: "g/1"}},
		{"GET", "/v1/b2b/rbac/policy", routeRBACPolicy, routeParams{}},
		{"PUT", "/v1/b2b/rbac/organizations/acme", routeRBACOrganization, routeParams{org: "acme"}},
	} {
		tmpl, p, ok := matchRoute(tc.method, tc.path)
		if !ok || tmpl != tc.tmpl || p != tc.want {
			t.Errorf("%s %s = %q %+v %v, want %q %+v", tc.method, tc.path, tmpl, p, ok, tc.tmpl, tc.want)
		}
	}
	for _, path := range []string{
		"/v1/b2b/scim", "/v1/b2b/scim/acme", "/v1/b2b/scim/acme/connection/c1/rotate", "/v1/b2b/scim/acme/connection/c1/groups",
		"/v1/b2b/scim/acme/connection/c1/rotate/start/x", "/v1/b2b/scim/c1/groups", "/v1/b2b/scim/c1/Users",
		"/v1/b2b/rbac", "/v1/b2b/rbac/policy/x", "/v1/b2b/rbac/organizations", "/v1/b2b/rbac/organizations/a/b",
		"/v1/b2b/scim//connection",
	} {
		if tmpl, _, ok := matchRoute(http.MethodGet, path); ok {
			t.Errorf("%s matched %q", path, tmpl)
		}
	}

	// Through the server: an organization whose slug is "Groups" has a SCIM
	// connection, and its protocol path is not a management path.
	h := newHarness(t)
	h.create(base(map[string]any{"organization_slug": "Groups"}))
	c := h.createSCIM("Groups", nil)
	if got := h.getSCIM("Groups"); got.ConnectionID != c.ConnectionID {
		t.Errorf("get by the slug Groups: %+v", got)
	}
	wantSCIMError(t, h.scimDo(http.MethodGet, "Groups", "Groups", "Bearer "+c.BearerToken, nil), http.StatusUnauthorized, "")
}

func TestOrganizationDeleteDeletesSCIMConnection(t *testing.T) {
	h := newHarness(t)
	h.create(base(nil))
	c := h.createSCIM("acme", nil)
	h.pushGroup(c.ConnectionID, c.BearerToken, "Engineering")
	h.ok(http.MethodDelete, basePath+"/acme", nil)
	if h.tokenWorks(c.ConnectionID, c.BearerToken) {
		t.Errorf("the token of a deleted organization's connection works")
	}
	h.create(base(nil))
	h.wantFail(http.MethodGet, scimPath("acme"), nil, http.StatusNotFound, "no_active_scim_connection")
	h.wantFail(http.MethodGet, scimPath("acme", c.ConnectionID), nil, http.StatusNotFound, "no_active_scim_connection")
	if n := len(h.srv.store.scim); n != 0 {
		t.Errorf("%d SCIM connections left in the store", n)
	}
	// The new organization gets its own connection.
	h.createSCIM("acme", nil)
}

func TestSCIMAndRBACStats(t *testing.T) {
	h := newHarness(t)
	h.create(base(nil))
	h.srv.ResetStats()
	c := h.createSCIM("acme", nil)
	h.getSCIM("acme")
	h.updateSCIM("acme", c.ConnectionID, map[string]any{"display_name": "X"})
	h.listGroups("acme", c.ConnectionID, "")
	h.rotateStart("acme", c.ConnectionID)
	h.rotate("acme", c.ConnectionID, "cancel")
	h.rotateStart("acme", c.ConnectionID)
	h.rotate("acme", c.ConnectionID, "complete")
	h.tokenWorks(c.ConnectionID, c.BearerToken) // 401: rotated out
	g := h.pushGroup(c.ConnectionID, h.rotateStart("acme", c.ConnectionID).NextBearerToken, "G")
	h.ok(http.MethodGet, rbacPolicyPath, nil)
	h.getOrgPolicy("acme")
	h.setOrgPolicy("acme", []any{})
	h.ok(http.MethodDelete, scimPath("acme", c.ConnectionID), nil)
	h.scimDo(http.MethodGet, c.ConnectionID, "Groups/"+g, "", nil)
	h.scimDo(http.MethodGet, c.ConnectionID, "Groups", "", nil)

	want := map[string]int{
		"POST " + routeSCIMConnection:           1,
		"GET " + routeSCIMConnection:            1,
		"PUT " + routeSCIMConnectionID:          1,
		"GET " + routeSCIMConnectionID:          1,
		"DELETE " + routeSCIMConnectionID:       1,
		"POST " + routeSCIMRotateStart:          3,
		"POST " + routeSCIMRotateCancel:         1,
		"POST " + routeSCIMRotateComplete:       1,
		"GET " + routeSCIMServiceProviderConfig: 1,
		"POST " + routeSCIMGroups:               1,
		"GET " + routeSCIMGroups:                1,
		"GET " + routeSCIMGroup:                 1,
		"GET " + routeRBACPolicy:                1,
		"GET " + routeRBACOrganization:          1,
		"PUT " + routeRBACOrganization:          1,
	}
	st := h.srv.Stats()
	if !maps.Equal(st.Requests, want) {
		t.Errorf("requests %v, want %v", st.Requests, want)
	}
	if st.Statuses[401] != 3 || st.Statuses[201] != 1 {
		t.Errorf("statuses %v", st.Statuses)
	}
	for _, k := range []string{
		"GET /v1/b2b/scim/{connection_id}/Groups/{group_id}",
		"POST /v1/b2b/scim/{organization_id}/connection/{connection_id}/rotate/start",
		"PUT /v1/b2b/rbac/organizations/{organization_id}",
		"GET /v1/b2b/rbac/policy",
	} {
		if _, ok := st.Requests[k]; !ok {
			t.Errorf("no %q in %v", k, st.Requests)
		}
	}
}

// Identity providers push groups while the token rotates, role assignments
// change and the organization's policy changes; every answer is one the
// state machine allows, and the stored state stays consistent.
func TestSCIMConcurrency(t *testing.T) {
	h := newPolicyHarness(t)
	h.create(base(nil))
	c := h.createSCIM("acme", nil)
	id := c.ConnectionID
	var mu sync.Mutex
	tokens := []string{c.BearerToken} // every token ever issued
	var created atomic.Int32
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				mu.Lock()
				tok := tokens[len(tokens)-1]
				mu.Unlock()
				switch res := h.scimAs(http.MethodPost, id, "Groups", tok, map[string]any{"displayName": "g" + itoa(w) + "-" + itoa(i)}); res.code {
				case http.StatusCreated:
					created.Add(1)
				case http.StatusUnauthorized: // rotated out meanwhile
				default:
					t.Errorf("push: %d %s", res.code, res.body)
				}
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for range 10 {
			code, raw := h.do(http.MethodPost, scimPath("acme", id, "rotate", "start"), nil)
			if code != 200 {
				t.Errorf("start: %d %s", code, raw)
				return
			}
			var env struct {
				Connection scimConnectionWithNextToken `json:"connection"`
			}
			_ = json.Unmarshal(raw, &env)
			mu.Lock()
			tokens = append(tokens, env.Connection.NextBearerToken)
			mu.Unlock()
			if code, raw := h.do(http.MethodPost, scimPath("acme", id, "rotate", "complete"), nil); code != 200 {
				t.Errorf("complete: %d %s", code, raw)
			}
		}
	}()
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range 20 {
			roles := []any{role("writer", "", "documents", []string{"write"})}
			if i%2 == 0 {
				roles = []any{}
			}
			if code, raw := h.do(http.MethodPut, orgPolicyPrefix+"acme", map[string]any{"org_policy": map[string]any{"roles": roles}}); code != 200 {
				t.Errorf("set policy: %d %s", code, raw)
			}
			var p groupsPage
			code, raw := h.do(http.MethodGet, scimPath("acme", id)+"?limit=1000", nil)
			if code != 200 || json.Unmarshal(raw, &p) != nil {
				t.Errorf("list: %d %s", code, raw)
				continue
			}
			var assign []map[string]string
			for _, g := range p.SCIMGroups {
				assign = append(assign, map[string]string{"group_id": g.GroupID, "role_id": "writer"})
			}
			// writer may be gone by now: 200 or invalid_rbac_role_id.
			if code, raw := h.do(http.MethodPut, scimPath("acme", id), map[string]any{"scim_group_implicit_role_assignments": assign}); code != 200 && !strings.Contains(string(raw), "invalid_rbac_role_id") {
				t.Errorf("assign: %d %s", code, raw)
			}
		}
	}()
	wg.Wait()

	if got := len(h.listGroups("acme", id, "?limit=1000").SCIMGroups); got != int(created.Load()) {
		t.Errorf("%d groups listed, %d created", got, created.Load())
	}
	final := h.getSCIM("acme")
	policy := h.getOrgPolicy("acme")
	for _, a := range final.SCIMGroupImplicitRoleAssignments {
		if a.GroupName == "" || !slices.ContainsFunc(policy, func(r stytch.CustomRole) bool { return r.RoleID == a.RoleID }) {
			t.Errorf("assignment %+v names a missing group or role (policy %+v)", a, policy)
		}
	}
	mu.Lock()
	last := tokens[len(tokens)-1]
	mu.Unlock()
	if final.BearerTokenLastFour != last[44:] || !h.tokenWorks(id, last) || h.tokenWorks(id, tokens[0]) {
		t.Errorf("final token state %+v", final)
	}
}

// A request whose connection disappears between authentication and
// handling is refused like one with a wrong token.
func TestSCIMConnectionGoneAfterAuthentication(t *testing.T) {
	h := newHarness(t)
	for _, handler := range []orgHandler{h.srv.handleSCIMListGroups, h.srv.handleSCIMCreateGroup, h.srv.handleSCIMGetGroup, h.srv.handleSCIMDeleteGroup} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequestWithContext(context.Background(), http.MethodPost, "/", strings.NewReader(`{"displayName":"G"}`))
		handler(rec, req, routeParams{conn: "gone", sub: "g"})
		wantSCIMError(t, scimResult{code: rec.Code, body: rec.Body.Bytes()}, http.StatusUnauthorized, "")
	}
}

// Bodies that are not JSON objects are refused on every SCIM and RBAC
// write, before anything changes.
func TestSCIMAndRBACBodies(t *testing.T) {
	h := newHarness(t)
	h.create(base(nil))
	c := h.createSCIM("acme", nil)
	for _, path := range []string{
		scimPath("acme"), scimPath("acme", c.ConnectionID, "rotate", "start"),
		scimPath("acme", c.ConnectionID, "rotate", "complete"), scimPath("acme", c.ConnectionID, "rotate", "cancel"),
	} {
		h.wantFail(http.MethodPost, path, rawBody(`"x"`), http.StatusBadRequest, "bad_request")
	}
	h.wantFail(http.MethodPut, scimPath("acme", c.ConnectionID), rawBody(`[`), http.StatusBadRequest, "bad_request")
	h.wantFail(http.MethodDelete, scimPath("acme", c.ConnectionID), rawBody(`1`), http.StatusBadRequest, "bad_request")
	h.wantFail(http.MethodPut, orgPolicyPrefix+"acme", rawBody(`{`), http.StatusBadRequest, "bad_request")
	if got := h.getSCIM("acme"); got.NextBearerTokenLastFour != "" {
		t.Errorf("a refused start began a rotation: %+v", got)
	}
	// Nothing was deleted.
	if !h.tokenWorks(c.ConnectionID, c.BearerToken) {
		t.Errorf("the connection is gone")
	}
}
