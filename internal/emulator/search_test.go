package emulator

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"slices"
	"testing"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// search runs a search that must succeed and returns the response and the
// raw next_cursor JSON.
func (h *harness) search(body any) (stytch.SearchResponse, string) {
	h.t.Helper()
	raw := h.ok(http.MethodPost, basePath+"/search", body)
	var resp stytch.SearchResponse
	if err := json.Unmarshal(raw, &resp); err != nil {
		h.t.Fatal(err)
	}
	var meta struct {
		ResultsMetadata map[string]json.RawMessage `json:"results_metadata"`
		Organizations   json.RawMessage            `json:"organizations"`
	}
	if err := json.Unmarshal(raw, &meta); err != nil {
		h.t.Fatal(err)
	}
	if string(meta.Organizations) == "null" {
		h.t.Fatal("organizations is null")
	}
	return resp, string(meta.ResultsMetadata["next_cursor"])
}

func slugs(orgs []stytch.Organization) []string {
	out := make([]string, len(orgs))
	for i, o := range orgs {
		out[i] = o.OrganizationSlug
	}
	return out
}

func query(operator string, operands ...map[string]any) map[string]any {
	return map[string]any{"query": map[string]any{"operator": operator, "operands": operands}}
}

func operand(name string, value any) map[string]any {
	return map[string]any{"filter_name": name, "filter_value": value}
}

// addConnection gives the organization an active SAML connection, through the
// SSO API, and returns its id.
func addConnection(h *harness, slug string) string {
	h.t.Helper()
	return h.activeSAML(slug, "IdP").ConnectionID
}

func searchFixture(t *testing.T) (*harness, map[string]stytch.Organization) {
	h := newHarness(t)
	orgs := map[string]stytch.Organization{}
	for _, body := range []map[string]any{
		{"organization_name": "Acme Corporation", "organization_slug": "acme", "email_allowed_domains": []string{"acme.com"}, "claimed_email_domains": []string{"acme.com"}},
		{"organization_name": "Globex", "organization_slug": "globex-inc", "email_allowed_domains": []string{"globex.com", "globex.io"}},
		{"organization_name": "Initech ACME Partners", "organization_slug": "initech", "claimed_email_domains": []string{"initech.net"}},
		{"organization_name": "Umbrella", "organization_slug": "umbrella", "email_allowed_domains": []string{"Umbrella.org"}},
	} {
		o := h.create(body)
		orgs[o.OrganizationSlug] = o
	}
	addConnection(h, "globex-inc")
	orgs["globex-inc"] = h.get("globex-inc")
	return h, orgs
}

func TestSearchFilters(t *testing.T) {
	h, orgs := searchFixture(t)
	cases := []struct {
		name string
		body any
		want []string
	}{
		{"no body", nil, []string{"acme", "globex-inc", "initech", "umbrella"}},
		{"empty body", map[string]any{}, []string{"acme", "globex-inc", "initech", "umbrella"}},
		{"null query", map[string]any{"query": nil}, []string{"acme", "globex-inc", "initech", "umbrella"}},
		{"no operands", query("AND"), []string{"acme", "globex-inc", "initech", "umbrella"}},
		{"OR no operands", query("OR"), []string{"acme", "globex-inc", "initech", "umbrella"}},
		{"null operands", map[string]any{"query": map[string]any{"operator": "AND", "operands": nil}}, []string{"acme", "globex-inc", "initech", "umbrella"}},
		{"organization_ids", query("AND", operand("organization_ids", []string{orgs["initech"].OrganizationID, orgs["acme"].OrganizationID, "organization-test-missing"})), []string{"acme", "initech"}},
		{"organization_slugs", query("AND", operand("organization_slugs", []string{"umbrella", "ACME"})), []string{"umbrella"}},
		{"organization_slug_fuzzy", query("AND", operand("organization_slug_fuzzy", "BEX")), []string{"globex-inc"}},
		{"organization_name_fuzzy", query("AND", operand("organization_name_fuzzy", "acm")), []string{"acme", "initech"}},
		{"member_emails", query("AND", operand("member_emails", []string{"a@acme.com"})), []string{}},
		{"member_email_fuzzy", query("AND", operand("member_email_fuzzy", "acme")), []string{}},
		{"allowed_domains", query("AND", operand("allowed_domains", []string{"GLOBEX.io", "umbrella.org"})), []string{"globex-inc", "umbrella"}},
		{"allowed_domain_fuzzy", query("AND", operand("allowed_domain_fuzzy", ".co")), []string{"acme", "globex-inc"}},
		{"claimed_email_domains", query("AND", operand("claimed_email_domains", []string{"initech.net"})), []string{"initech"}},
		{"has_active_sso_connection true", query("AND", operand("has_active_sso_connection", true)), []string{"globex-inc"}},
		{"has_active_sso_connection false", query("AND", operand("has_active_sso_connection", false)), []string{"acme", "initech", "umbrella"}},
		{"sso_connection_id", query("AND", operand("sso_connection_id", orgs["globex-inc"].SSOActiveConnections[0].ConnectionID)), []string{"globex-inc"}},
		{"sso_connection_id miss", query("AND", operand("sso_connection_id", "saml-connection-test-x")), []string{}},
		{"AND", query("AND", operand("organization_name_fuzzy", "acme"), operand("claimed_email_domains", []string{"acme.com"})), []string{"acme"}},
		{"AND disjoint", query("AND", operand("organization_slugs", []string{"acme"}), operand("organization_slugs", []string{"umbrella"})), []string{}},
		{"OR", query("OR", operand("organization_slugs", []string{"acme"}), operand("allowed_domain_fuzzy", "umbrella")), []string{"acme", "umbrella"}},
		{"OR overlapping", query("OR", operand("organization_name_fuzzy", "acme"), operand("organization_slugs", []string{"acme"})), []string{"acme", "initech"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, next := h.search(tc.body)
			if got := slugs(resp.Organizations); !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
			if resp.ResultsMetadata.Total != len(tc.want) || next != "null" {
				t.Errorf("total %d next %s", resp.ResultsMetadata.Total, next)
			}
		})
	}
}

func TestSearchErrors(t *testing.T) {
	h, _ := searchFixture(t)
	cases := []struct {
		name    string
		body    any
		errType string
	}{
		{"bad operator", query("XOR"), "user_search_invalid_operator"},
		{"lowercase operator", query("and"), "user_search_invalid_operator"},
		{"empty operator", query("", operand("organization_name_fuzzy", "acme")), "user_search_invalid_operator"},
		{"absent operator", map[string]any{"query": map[string]any{"operands": []any{operand("organization_slug_fuzzy", "umb")}}}, "user_search_invalid_operator"},
		{"null operator", map[string]any{"query": map[string]any{"operator": nil}}, "user_search_invalid_operator"},
		{"empty query object", map[string]any{"query": map[string]any{}}, "user_search_invalid_operator"},
		{"missing filter_name", query("AND", map[string]any{"filter_value": []string{"x"}}), "organization_search_missing_filter_name"},
		{"empty filter_name", query("AND", operand("", []string{"x"})), "organization_search_missing_filter_name"},
		{"null filter_name", query("AND", map[string]any{"filter_name": nil, "filter_value": "x"}), "organization_search_missing_filter_name"},
		{"filter_name number", query("AND", map[string]any{"filter_name": 3, "filter_value": "x"}), "organization_search_filter_name_must_be_string"},
		{"unknown filter", query("AND", operand("organization_names", []string{"x"})), "organization_search_filter_name_not_recognized"},
		{"missing filter_value", query("AND", map[string]any{"filter_name": "organization_ids"}), "organization_search_missing_filter_value"},
		{"null filter_value", query("AND", operand("organization_slug_fuzzy", nil)), "organization_search_missing_filter_value"},
		{"invalid email", query("AND", operand("member_emails", []string{"not-an-email"})), "invalid_email"},
		{"email with name", query("AND", operand("member_emails", []string{"Bob <bob@acme.com>"})), "invalid_email"},
		{"bool as string", query("AND", operand("has_active_sso_connection", "true")), "organization_search_expected_boolean"},
		{"empty sso_connection_id", query("AND", operand("sso_connection_id", "")), "organization_search_missing_sso_connection_id"},
		{"sso_connection_id array", query("AND", operand("sso_connection_id", []string{"x"})), "organization_search_expected_string"},
		{"invalid cursor", map[string]any{"cursor": "garbage!"}, "user_search_invalid_cursor"},
		{"forged cursor", map[string]any{"cursor": base64.RawURLEncoding.EncodeToString([]byte("v1.1.0000000000000000.000000000000000000000000"))}, "user_search_invalid_cursor"},
		{"second operand invalid", query("AND", operand("organization_slugs", []string{"acme"}), operand("organization_name_fuzzy", "ab")), "organization_search_organization_name_fuzzy_too_short"},
	}
	for _, name := range []string{"organization_ids", "organization_slugs", "member_emails", "allowed_domains", "claimed_email_domains"} {
		cases = append(cases,
			struct {
				name    string
				body    any
				errType string
			}{name + " empty", query("AND", operand(name, []string{})), "organization_search_missing_" + name},
			struct {
				name    string
				body    any
				errType string
			}{name + " string", query("AND", operand(name, "x")), "organization_search_expected_array_of_strings"},
			struct {
				name    string
				body    any
				errType string
			}{name + " numbers", query("AND", operand(name, []int{1})), "organization_search_expected_array_of_strings"},
		)
	}
	for _, name := range []string{"organization_slug_fuzzy", "organization_name_fuzzy", "member_email_fuzzy", "allowed_domain_fuzzy"} {
		cases = append(cases,
			struct {
				name    string
				body    any
				errType string
			}{name + " too short", query("AND", operand(name, "ab")), "organization_search_" + name + "_too_short"},
			struct {
				name    string
				body    any
				errType string
			}{name + " empty", query("AND", operand(name, "")), "organization_search_missing_" + name},
			struct {
				name    string
				body    any
				errType string
			}{name + " array", query("AND", operand(name, []string{"abc"})), "organization_search_expected_string"},
		)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, raw := h.do(http.MethodPost, basePath+"/search", tc.body)
			wantError(t, code, raw, 400, tc.errType)
		})
	}
	// Fuzzy filters accept exactly three characters, counted as runes.
	h.search(query("AND", operand("organization_name_fuzzy", "ééé")))
}

// createMany creates n organizations with slugs org-0000.. and returns them in order.
func createMany(h *harness, n int) []stytch.Organization {
	out := make([]stytch.Organization, n)
	for i := range n {
		out[i] = h.create(map[string]any{"organization_name": "Org " + itoa(i), "organization_slug": "org-" + pad(i)})
	}
	return out
}

func pad(i int) string {
	s := itoa(i)
	for len(s) < 4 {
		s = "0" + s
	}
	return s
}

// seed stores n valid organizations directly, bypassing HTTP for speed.
func seed(t *testing.T, s *Server, n int) {
	t.Helper()
	for i := range n {
		org := newOrganization("organization-test-"+newUUID(), s.now())
		org.OrganizationName = "Seeded " + itoa(i)
		org.OrganizationSlug = "seed-" + pad(i)
		if err := validateOrganization(&org); err != nil {
			t.Fatal(err)
		}
		if _, err := s.store.create(org); err != nil {
			t.Fatal(err)
		}
	}
}

func TestSearchLimits(t *testing.T) {
	h := newHarness(t)
	seed(t, h.srv, 1005)
	for _, tc := range []struct {
		name string
		body map[string]any
		want int
	}{
		{"default", map[string]any{}, 100},
		{"zero", map[string]any{"limit": 0}, 100},
		{"null", map[string]any{"limit": nil}, 100},
		{"explicit", map[string]any{"limit": 7}, 7},
		{"max", map[string]any{"limit": 1000}, 1000},
		{"above max is clamped", map[string]any{"limit": 5000}, 1000},
		{"huge is clamped", map[string]any{"limit": json.Number("99999999999999999999999")}, 1000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, next := h.search(tc.body)
			if len(resp.Organizations) != tc.want || resp.ResultsMetadata.Total != 1005 || next == "null" {
				t.Fatalf("got %d orgs, total %d, next %s", len(resp.Organizations), resp.ResultsMetadata.Total, next)
			}
		})
	}
}

// collect pages through a search with the given limit and query.
func collect(t *testing.T, h *harness, limit int, q map[string]any, between func(page int)) []stytch.Organization {
	t.Helper()
	var all []stytch.Organization
	cursor := ""
	for page := 0; ; page++ {
		body := map[string]any{"limit": limit}
		if q != nil {
			body["query"] = q["query"]
		}
		if cursor != "" {
			body["cursor"] = cursor
		}
		resp, next := h.search(body)
		if len(resp.Organizations) > limit {
			t.Fatalf("page %d has %d > %d", page, len(resp.Organizations), limit)
		}
		all = append(all, resp.Organizations...)
		if next == "null" {
			if resp.ResultsMetadata.NextCursor != nil {
				t.Fatal("next_cursor not null")
			}
			return all
		}
		if len(resp.Organizations) == 0 {
			t.Fatalf("empty page %d with a next cursor", page)
		}
		cursor = *resp.ResultsMetadata.NextCursor
		if between != nil {
			between(page)
		}
		if page > 1000 {
			t.Fatal("pagination does not end")
		}
	}
}

func TestSearchPagination(t *testing.T) {
	h := newHarness(t)
	created := createMany(h, 53)
	for _, limit := range []int{1, 7, 10, 53, 100} {
		all := collect(t, h, limit, nil, nil)
		if len(all) != 53 {
			t.Fatalf("limit %d: %d results", limit, len(all))
		}
		for i, o := range all {
			if o.OrganizationID != created[i].OrganizationID {
				t.Fatalf("limit %d: result %d out of order", limit, i)
			}
		}
	}
	// Exact multiple: the last full page has a null next_cursor.
	resp, next := h.search(map[string]any{"limit": 53})
	if len(resp.Organizations) != 53 || next != "null" {
		t.Fatalf("exact page: %d %s", len(resp.Organizations), next)
	}
	// Filtered pagination: total counts all matches, pages cover them.
	q := query("AND", operand("organization_name_fuzzy", "Org 1"))
	filtered := collect(t, h, 3, q, nil)
	if got := len(filtered); got != 11 { // Org 1, Org 10..19
		t.Fatalf("filtered %d", got)
	}
	first, _ := h.search(map[string]any{"limit": 3, "query": q["query"]})
	if first.ResultsMetadata.Total != 11 {
		t.Fatalf("total %d", first.ResultsMetadata.Total)
	}
}

func TestSearchPaginationUnderChanges(t *testing.T) {
	h := newHarness(t)
	created := createMany(h, 30)
	deleted := map[string]bool{}
	all := collect(t, h, 4, nil, func(page int) {
		// Delete one already-returned org and one not yet returned, and
		// create a new one, between pages.
		if page == 1 {
			for _, o := range []stytch.Organization{created[0], created[20]} {
				h.ok(http.MethodDelete, basePath+"/"+o.OrganizationID, nil)
				deleted[o.OrganizationID] = true
			}
			h.create(map[string]any{"organization_name": "Late", "organization_slug": "late"})
		}
	})
	seen := map[string]bool{}
	for _, o := range all {
		if seen[o.OrganizationID] {
			t.Fatalf("duplicate %s", o.OrganizationSlug)
		}
		seen[o.OrganizationID] = true
	}
	for i, o := range created {
		if !deleted[o.OrganizationID] && !seen[o.OrganizationID] {
			t.Fatalf("omitted %d", i)
		}
	}
	if all[len(all)-1].OrganizationSlug != "late" {
		t.Fatalf("org created during pagination not last: %s", all[len(all)-1].OrganizationSlug)
	}
}

func TestSearchCursorBinding(t *testing.T) {
	h := newHarness(t)
	createMany(h, 5)
	q := query("AND", operand("organization_name_fuzzy", "org"))
	resp, _ := h.search(map[string]any{"limit": 2, "query": q["query"]})
	cursor := *resp.ResultsMetadata.NextCursor
	// Same query with different white space: accepted.
	code, raw := h.do(http.MethodPost, basePath+"/search", rawBody(`{"limit":2,"cursor":"`+cursor+`","query": {"operator": "AND", "operands": [ {"filter_name":"organization_name_fuzzy","filter_value":"org"} ]}}`))
	if code != 200 {
		t.Fatalf("same query rejected: %s", raw)
	}
	// Another query: rejected.
	code, raw = h.do(http.MethodPost, basePath+"/search", map[string]any{"limit": 2, "cursor": cursor})
	wantError(t, code, raw, 400, "user_search_invalid_cursor")
	// Tampered cursor: rejected.
	dec, _ := base64.RawURLEncoding.DecodeString(cursor)
	dec[3] = '9'
	code, raw = h.do(http.MethodPost, basePath+"/search", map[string]any{"limit": 2, "query": q["query"], "cursor": base64.RawURLEncoding.EncodeToString(dec)})
	wantError(t, code, raw, 400, "user_search_invalid_cursor")
	// A cursor of another server: rejected.
	other := newHarness(t)
	createMany(other, 5)
	code, raw = other.do(http.MethodPost, basePath+"/search", map[string]any{"limit": 2, "query": q["query"], "cursor": cursor})
	wantError(t, code, raw, 400, "user_search_invalid_cursor")
	// An empty cursor means the first page.
	first, _ := h.search(map[string]any{"limit": 2, "cursor": ""})
	if first.Organizations[0].OrganizationSlug != "org-0000" {
		t.Fatal("empty cursor is not the first page")
	}
}

func TestSSOConnectionReferences(t *testing.T) {
	h := newHarness(t)
	h.create(base(nil))
	id := addConnection(h, "acme")
	got := h.update("acme", map[string]any{"sso_default_connection_id": id, "sso_jit_provisioning": "RESTRICTED", "sso_jit_provisioning_allowed_connections": []string{id}})
	if got.SSODefaultConnectionID == nil || *got.SSODefaultConnectionID != id || len(got.SSOJITProvisioningAllowedConnections) != 1 || len(got.SSOActiveConnections) != 1 {
		t.Fatalf("%+v", got)
	}
	code, raw := h.do(http.MethodPut, basePath+"/acme", map[string]any{"sso_jit_provisioning_allowed_connections": []string{id, "oidc-connection-test-2"}})
	wantError(t, code, raw, 400, "invalid_connection_for_jit_provisioning")
	got = h.update("acme", map[string]any{"sso_default_connection_id": ""})
	if got.SSODefaultConnectionID != nil {
		t.Fatal("not cleared")
	}
}
