package stytch

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// fullOrgJSON is an organization as the docs render it, with nulls and empties.
const fullOrgJSON = `{
  "organization_id": "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931",
  "organization_name": "Acme Co",
  "organization_slug": "acme-co",
  "organization_logo_url": "",
  "organization_external_id": "ext-1",
  "trusted_metadata": {"tier": "gold", "limits": {"seats": 10}},
  "sso_default_connection_id": null,
  "sso_jit_provisioning": "ALL_ALLOWED",
  "sso_jit_provisioning_allowed_connections": [],
  "sso_active_connections": [{"connection_id": "saml-connection-test-1", "display_name": "Okta", "identity_provider": "okta"}],
  "scim_active_connection": null,
  "email_allowed_domains": ["acme.com"],
  "email_jit_provisioning": "RESTRICTED",
  "email_invites": "ALL_ALLOWED",
  "auth_methods": "RESTRICTED",
  "allowed_auth_methods": ["sso", "magic_link"],
  "mfa_policy": "OPTIONAL",
  "mfa_methods": "ALL_ALLOWED",
  "allowed_mfa_methods": [],
  "rbac_email_implicit_role_assignments": [{"domain": "acme.com", "role_id": "admin"}],
  "oauth_tenant_jit_provisioning": "NOT_ALLOWED",
  "allowed_oauth_tenants": {"slack": ["T123"]},
  "claimed_email_domains": ["acme.com"],
  "first_party_connected_apps_allowed_type": "ALL_ALLOWED",
  "allowed_first_party_connected_apps": [],
  "third_party_connected_apps_allowed_type": "RESTRICTED",
  "allowed_third_party_connected_apps": ["connected-app-test-1"],
  "custom_roles": [{"role_id": "auditor", "description": "reads", "permissions": [{"resource_id": "stytch.member", "actions": ["search"]}]}],
  "created_at": "2021-12-29T12:33:09Z",
  "updated_at": "2022-01-01T00:00:00Z"
}`

func checkFullOrg(t *testing.T, org *Organization) {
	t.Helper()
	if org == nil {
		t.Fatal("organization is nil")
	}
	if org.OrganizationID != "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931" || org.OrganizationName != "Acme Co" || org.OrganizationSlug != "acme-co" || org.OrganizationExternalID != "ext-1" {
		t.Errorf("identity fields = %q %q %q %q", org.OrganizationID, org.OrganizationName, org.OrganizationSlug, org.OrganizationExternalID)
	}
	if org.SSODefaultConnectionID != nil || org.SCIMActiveConnection != nil {
		t.Errorf("null singletons decoded as %v / %v, want nil", org.SSODefaultConnectionID, org.SCIMActiveConnection)
	}
	if got := string(org.TrustedMetadata["tier"]); got != `"gold"` {
		t.Errorf(`trusted_metadata["tier"] = %s`, got)
	}
	var limits map[string]int
	if err := json.Unmarshal(org.TrustedMetadata["limits"], &limits); err != nil || limits["seats"] != 10 {
		t.Errorf(`trusted_metadata["limits"] = %s (%v)`, org.TrustedMetadata["limits"], err)
	}
	if org.SSOJITProvisioningAllowedConnections == nil || len(org.SSOJITProvisioningAllowedConnections) != 0 {
		t.Errorf("empty list decoded as %#v, want empty non-nil", org.SSOJITProvisioningAllowedConnections)
	}
	if !reflect.DeepEqual(org.AllowedAuthMethods, []string{"sso", "magic_link"}) {
		t.Errorf("AllowedAuthMethods = %v", org.AllowedAuthMethods)
	}
	if !reflect.DeepEqual(org.RBACEmailImplicitRoleAssignments, []RoleAssignment{{Domain: "acme.com", RoleID: "admin"}}) {
		t.Errorf("RBACEmailImplicitRoleAssignments = %+v", org.RBACEmailImplicitRoleAssignments)
	}
	if !reflect.DeepEqual(org.AllowedOAuthTenants, map[string][]string{"slack": {"T123"}}) {
		t.Errorf("AllowedOAuthTenants = %v", org.AllowedOAuthTenants)
	}
	if len(org.SSOActiveConnections) != 1 || org.SSOActiveConnections[0].IdentityProvider != "okta" {
		t.Errorf("SSOActiveConnections = %+v", org.SSOActiveConnections)
	}
	if len(org.CustomRoles) != 1 || org.CustomRoles[0].Permissions[0].Actions[0] != "search" {
		t.Errorf("CustomRoles = %+v", org.CustomRoles)
	}
	if org.EmailJITProvisioning != "RESTRICTED" || org.MFAPolicy != "OPTIONAL" || org.ThirdPartyConnectedAppsAllowedType != "RESTRICTED" {
		t.Errorf("enums = %q %q %q", org.EmailJITProvisioning, org.MFAPolicy, org.ThirdPartyConnectedAppsAllowedType)
	}
	if org.CreatedAt != "2021-12-29T12:33:09Z" || org.UpdatedAt != "2022-01-01T00:00:00Z" {
		t.Errorf("timestamps = %q %q", org.CreatedAt, org.UpdatedAt)
	}
}

func TestEnvelopeDecoding(t *testing.T) {
	envelope := `{"request_id":"request-id-test-1","status_code":200,"organization":` + fullOrgJSON + `}`
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodDelete && strings.HasSuffix(r.URL.Path, "/external_id"):
			writeJSON(w, http.StatusOK, strings.Replace(envelope, `"ext-1"`, `""`, 1))
		case r.Method == http.MethodDelete:
			writeJSON(w, http.StatusOK, `{"request_id":"request-id-test-2","organization_id":"organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931","status_code":200}`)
		case r.URL.Path == "/v1/b2b/organizations/search":
			writeJSON(w, http.StatusOK, `{"request_id":"r","status_code":200,"organizations":[`+fullOrgJSON+`,`+orgJSON("org-2")+`],"results_metadata":{"total":42,"next_cursor":"cursor-abc"}}`)
		default:
			// Create answers 201 in the new overview page; any 2xx is success.
			status := http.StatusOK
			if r.Method == http.MethodPost {
				status = http.StatusCreated
			}
			writeJSON(w, status, envelope)
		}
	})
	c := newTestClient(t, srv.URL, nil)
	ctx := testContext(t)

	t.Run("create", func(t *testing.T) {
		org, err := c.CreateOrganization(ctx, CreateRequest{OrganizationName: "Acme Co"})
		if err != nil {
			t.Fatal(err)
		}
		checkFullOrg(t, org)
	})
	t.Run("get", func(t *testing.T) {
		org, err := c.GetOrganization(ctx, "acme-co")
		if err != nil {
			t.Fatal(err)
		}
		checkFullOrg(t, org)
	})
	t.Run("update", func(t *testing.T) {
		name := "Acme Co"
		org, err := c.UpdateOrganization(ctx, "acme-co", UpdateRequest{OrganizationName: &name})
		if err != nil {
			t.Fatal(err)
		}
		checkFullOrg(t, org)
	})
	t.Run("delete", func(t *testing.T) {
		if err := c.DeleteOrganization(ctx, "acme-co"); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("delete external id", func(t *testing.T) {
		org, err := c.DeleteOrganizationExternalID(ctx, "acme-co")
		if err != nil {
			t.Fatal(err)
		}
		if org.OrganizationExternalID != "" || org.OrganizationID != "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931" {
			t.Errorf("org = %q external %q", org.OrganizationID, org.OrganizationExternalID)
		}
	})
	t.Run("search", func(t *testing.T) {
		resp, err := c.SearchOrganizations(ctx, SearchRequest{Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		if len(resp.Organizations) != 2 {
			t.Fatalf("organizations = %d, want 2", len(resp.Organizations))
		}
		checkFullOrg(t, &resp.Organizations[0])
		if resp.Organizations[1].OrganizationID != "org-2" {
			t.Errorf("second organization = %q", resp.Organizations[1].OrganizationID)
		}
		if resp.ResultsMetadata.Total != 42 || resp.ResultsMetadata.NextCursor == nil || *resp.ResultsMetadata.NextCursor != "cursor-abc" {
			t.Errorf("results_metadata = %+v", resp.ResultsMetadata)
		}
		if resp.RequestID != "r" || resp.StatusCode != 200 {
			t.Errorf("envelope = %q %d", resp.RequestID, resp.StatusCode)
		}
	})
}

func TestDeleteNotFound(t *testing.T) {
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, errorJSON(404, "organization_not_found", "req-404"))
	})
	c := newTestClient(t, srv.URL, nil)
	err := c.DeleteOrganization(testContext(t), "gone")
	if !IsNotFound(err) {
		t.Fatalf("err = %v, want IsNotFound", err)
	}
	apiErr, _ := AsError(err)
	if apiErr.Method != http.MethodDelete || apiErr.Path != "/v1/b2b/organizations/gone" || apiErr.RequestID != "req-404" {
		t.Errorf("error = %+v", apiErr)
	}
}

// searchPage is a decoded search request body.
type searchPage struct {
	Cursor *string      `json:"cursor"`
	Limit  int          `json:"limit"`
	Query  *SearchQuery `json:"query"`
}

// pagingServer serves orgs in pages of the requested limit; the cursor is the
// offset of the next page. total is what results_metadata reports (use
// len(orgs) for a truthful server).
func pagingServer(t *testing.T, ids []string, total int) (*sync.Mutex, *[]searchPage, string) {
	t.Helper()
	var (
		mu   sync.Mutex
		seen []searchPage
	)
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/v1/b2b/organizations/search" {
			t.Errorf("unexpected %s %s", r.Method, r.URL.Path)
		}
		var req searchPage
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			t.Errorf("decoding search body: %v", err)
		}
		mu.Lock()
		seen = append(seen, req)
		mu.Unlock()
		start := 0
		if req.Cursor != nil {
			n, err := strconv.Atoi(strings.TrimPrefix(*req.Cursor, "offset-"))
			if err != nil {
				writeJSON(w, http.StatusBadRequest, errorJSON(400, "user_search_invalid_cursor", "r"))
				return
			}
			start = n
		}
		limit := req.Limit
		if limit <= 0 {
			limit = 100
		}
		end := min(start+limit, len(ids))
		orgs := make([]string, 0, end-start)
		for _, id := range ids[start:end] {
			orgs = append(orgs, orgJSON(id))
		}
		next := "null"
		if end < len(ids) {
			next = strconv.Quote(fmt.Sprintf("offset-%d", end))
		}
		writeJSON(w, http.StatusOK, fmt.Sprintf(`{"request_id":"r","status_code":200,"organizations":[%s],"results_metadata":{"total":%d,"next_cursor":%s}}`,
			strings.Join(orgs, ","), total, next))
	})
	return &mu, &seen, srv.URL
}

func TestSearchAllOrganizationsPages(t *testing.T) {
	ids := []string{"o1", "o2", "o3", "o4", "o5", "o6", "o7"}
	mu, seen, url := pagingServer(t, ids, len(ids))
	c := newTestClient(t, url, nil)
	query := &SearchQuery{Operator: "AND", Operands: []SearchOperand{{FilterName: FilterOrganizationNameFuzzy, FilterValue: "acme"}}}
	orgs, total, err := c.SearchAllOrganizations(testContext(t), query, 3, 100)
	if err != nil {
		t.Fatal(err)
	}
	if total != 7 {
		t.Errorf("total = %d, want 7", total)
	}
	got := make([]string, len(orgs))
	for i, o := range orgs {
		got[i] = o.OrganizationID
	}
	if !reflect.DeepEqual(got, ids) {
		t.Errorf("organizations = %v, want %v (each once, in order)", got, ids)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(*seen) != 3 {
		t.Fatalf("search calls = %d, want 3", len(*seen))
	}
	wantCursors := []string{"", "offset-3", "offset-6"}
	for i, req := range *seen {
		cursor := ""
		if req.Cursor != nil {
			cursor = *req.Cursor
		}
		if cursor != wantCursors[i] {
			t.Errorf("call %d cursor = %q, want %q", i+1, cursor, wantCursors[i])
		}
		if i == 0 && req.Cursor != nil {
			t.Errorf("first call sent a cursor field: %q", *req.Cursor)
		}
		if req.Limit != 3 {
			t.Errorf("call %d limit = %d, want 3", i+1, req.Limit)
		}
		if !reflect.DeepEqual(req.Query, &SearchQuery{Operator: "AND", Operands: []SearchOperand{{FilterName: FilterOrganizationNameFuzzy, FilterValue: "acme"}}}) {
			t.Errorf("call %d query = %+v, want the caller's query on every page", i+1, req.Query)
		}
	}
}

func TestSearchAllOrganizationsEmpty(t *testing.T) {
	for _, body := range []string{
		`{"request_id":"r","status_code":200,"organizations":[],"results_metadata":{"total":0,"next_cursor":null}}`,
		`{"request_id":"r","status_code":200,"organizations":null,"results_metadata":{"total":0,"next_cursor":""}}`,
		`{"request_id":"r","status_code":200,"results_metadata":{"total":0}}`,
	} {
		var hits atomic.Int32
		srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
			hits.Add(1)
			writeJSON(w, http.StatusOK, body)
		})
		c := newTestClient(t, srv.URL, nil)
		orgs, total, err := c.SearchAllOrganizations(testContext(t), nil, 100, 10)
		if err != nil {
			t.Fatalf("%s: %v", body, err)
		}
		if orgs == nil || len(orgs) != 0 || total != 0 {
			t.Errorf("%s: orgs = %#v, total = %d; want empty non-nil slice and 0", body, orgs, total)
		}
		if hits.Load() != 1 {
			t.Errorf("%s: search calls = %d, want 1", body, hits.Load())
		}
	}
}

func TestSearchAllOrganizationsTooManyResults(t *testing.T) {
	ids := []string{"o1", "o2", "o3", "o4", "o5", "o6", "o7"}
	tests := []struct {
		name      string
		total     int
		max       int
		wantTotal int
		wantCalls int
	}{
		{"total reported up front", 7, 5, 7, 1},
		{"totals disabled", -1, 5, 6, 2}, // found by counting once past the limit
		{"exactly max", 7, 7, 0, 3},      // not an error
		{"no limit", 7, 0, 0, 3},         // maxResults 0 means no limit
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mu, seen, url := pagingServer(t, ids, tt.total)
			c := newTestClient(t, url, nil)
			orgs, _, err := c.SearchAllOrganizations(testContext(t), nil, 3, tt.max)
			mu.Lock()
			calls := len(*seen)
			mu.Unlock()
			if calls != tt.wantCalls {
				t.Errorf("search calls = %d, want %d", calls, tt.wantCalls)
			}
			if tt.wantTotal == 0 {
				if err != nil || len(orgs) != 7 {
					t.Fatalf("got %d orgs, %v; want all 7", len(orgs), err)
				}
				return
			}
			var tooMany *ErrTooManyResults
			if !errors.As(err, &tooMany) {
				t.Fatalf("err = %v, want *ErrTooManyResults", err)
			}
			if tooMany.Max != tt.max || tooMany.Total != tt.wantTotal {
				t.Errorf("ErrTooManyResults = %+v, want Max %d Total %d", tooMany, tt.max, tt.wantTotal)
			}
			if orgs != nil {
				t.Errorf("orgs = %v, want nil (no truncated result)", orgs)
			}
			if !strings.Contains(err.Error(), strconv.Itoa(tt.max)) {
				t.Errorf("Error() = %q, want it to name the limit", err)
			}
		})
	}
}

func TestSearchAllOrganizationsTotalsDisabled(t *testing.T) {
	ids := []string{"o1", "o2", "o3", "o4", "o5"}
	_, _, url := pagingServer(t, ids, -1)
	c := newTestClient(t, url, nil)
	orgs, total, err := c.SearchAllOrganizations(testContext(t), nil, 2, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(orgs) != 5 || total != 5 {
		t.Errorf("got %d orgs, total %d; want 5 and 5", len(orgs), total)
	}
}

func TestSearchAllOrganizationsRepeatedCursor(t *testing.T) {
	tests := []struct {
		name    string
		cursors []string // next_cursor for each page, by call
		orgs    bool     // whether pages carry organizations
		max     int
	}{
		{"same cursor as the request", []string{"A", "A"}, true, 0},
		{"cycle with empty pages", []string{"A", "B", "A", "B"}, false, 10},
		{"cycle without a limit", []string{"A", "B", "C", "A", "B", "C"}, true, 0},
	}
	const guard = 20 // a looping client is stopped by the server after this many calls
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hits atomic.Int32
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				n := int(hits.Add(1))
				next := "null"
				if n < guard {
					next = strconv.Quote(tt.cursors[(n-1)%len(tt.cursors)])
				}
				orgs := ""
				if tt.orgs {
					orgs = orgJSON(fmt.Sprintf("o%d", n))
				}
				writeJSON(w, http.StatusOK, fmt.Sprintf(`{"request_id":"r","status_code":200,"organizations":[%s],"results_metadata":{"total":-1,"next_cursor":%s}}`, orgs, next))
			})
			c := newTestClient(t, srv.URL, nil)
			_, _, err := c.SearchAllOrganizations(testContext(t), nil, 1, tt.max)
			if err == nil {
				t.Fatalf("want an error for a repeating cursor (server called %d times)", hits.Load())
			}
			var tooMany *ErrTooManyResults
			if errors.As(err, &tooMany) {
				t.Errorf("err = %v, want a repeated-cursor error, not a result-count error", err)
			}
			if !strings.Contains(err.Error(), "cursor") {
				t.Errorf("err = %q, want it to mention the cursor", err)
			}
			if n := hits.Load(); n > int32(len(tt.cursors)+1) {
				t.Errorf("server called %d times, want the loop detected at the first repeated cursor", n)
			}
		})
	}
}

func TestSearchAllOrganizationsErrorMidway(t *testing.T) {
	var hits atomic.Int32
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 {
			writeJSON(w, http.StatusOK, `{"request_id":"r","status_code":200,"organizations":[`+orgJSON("o1")+`],"results_metadata":{"total":2,"next_cursor":"c1"}}`)
			return
		}
		writeJSON(w, http.StatusBadRequest, errorJSON(400, "user_search_invalid_cursor", "req-2"))
	})
	c := newTestClient(t, srv.URL, nil)
	orgs, total, err := c.SearchAllOrganizations(testContext(t), nil, 1, 10)
	if !IsErrorType(err, "user_search_invalid_cursor") {
		t.Fatalf("err = %v, want user_search_invalid_cursor", err)
	}
	if orgs != nil || total != 0 {
		t.Errorf("got %v, %d; want nothing on error", orgs, total)
	}
}

// Stytch refuses a query without an operator and returns at most 1000
// results a page, so the client never sends either.
func TestSearchRequestNormalized(t *testing.T) {
	var got []byte
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		got, _ = io.ReadAll(r.Body)
		writeJSON(w, http.StatusOK, `{"request_id":"r","status_code":200,"organizations":[],"results_metadata":{"total":0,"next_cursor":null}}`)
	})
	c := newTestClient(t, srv.URL, nil)
	query := &SearchQuery{Operands: []SearchOperand{{FilterName: FilterOrganizationSlugs, FilterValue: []string{"acme"}}}}
	if _, err := c.SearchOrganizations(testContext(t), SearchRequest{Limit: 5000, Query: query}); err != nil {
		t.Fatal(err)
	}
	assertJSONEqual(t, got, `{"limit":1000,"query":{"operator":"AND","operands":[{"filter_name":"organization_slugs","filter_value":["acme"]}]}}`)
	if query.Operator != "" {
		t.Errorf("the caller's query was modified: operator %q", query.Operator)
	}
}
