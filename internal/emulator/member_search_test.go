package emulator

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"testing"
)

// memberSearch runs a member search that must succeed and checks the
// answer's shape.
func (h *harness) memberSearch(body any) memberSearchResponse {
	h.t.Helper()
	raw := h.ok(http.MethodPost, memberSearchPath, body)
	wantKeys(h.t, "member search", raw, []string{"request_id", "members", "results_metadata", "organizations", "status_code"})
	var shape struct {
		Members         json.RawMessage            `json:"members"`
		ResultsMetadata map[string]json.RawMessage `json:"results_metadata"`
	}
	decodeInto(h.t, raw, &shape)
	if string(shape.Members) == "null" || len(shape.ResultsMetadata) != 2 {
		h.t.Fatalf("member search shape: %s", raw)
	}
	var resp memberSearchResponse
	decodeInto(h.t, raw, &resp)
	return resp
}

func emails(ms []member) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.EmailAddress
	}
	return out
}

// memberSearchFixture: two organizations with members of every kind.
func memberSearchFixture(t *testing.T) (*harness, string, string) {
	h := newHarnessWith(t, Options{ProjectRoles: []string{"editor"}})
	acme := h.create(base(map[string]any{"rbac_email_implicit_role_assignments": []map[string]string{{"domain": "acme.io", "role_id": "editor"}}}))
	beta := h.create(base(map[string]any{"organization_slug": "beta"}))
	h.createMember("acme", map[string]any{"email_address": "ann@acme.io", "external_id": "ann", "roles": []string{"stytch_admin"}})
	h.createMember("beta", map[string]any{"email_address": "ben@beta.io", "is_breakglass": true, "mfa_phone_number": "+14155550101"})
	h.createMember("acme", map[string]any{"email_address": "cat@example.com", "create_member_as_pending": true})
	d := h.createMember("acme", map[string]any{"email_address": "dan@example.com", "mfa_phone_number": "+14155550102"})
	h.ok(http.MethodDelete, membersPath("acme", d.MemberID), nil)
	h.createMember("beta", map[string]any{"email_address": "eve@example.com", "external_id": "eve"})
	return h, acme.OrganizationID, beta.OrganizationID
}

func TestMemberSearchFilters(t *testing.T) {
	h, acme, beta := memberSearchFixture(t)
	both := []string{acme, beta}
	ann := h.getMember("acme", "member_id", "ann")
	ben := h.getMember("beta", "email_address", "ben@beta.io")
	cases := []struct {
		name string
		orgs []string
		q    map[string]any
		want []string
	}{
		{"no query", both, nil, []string{"ann@acme.io", "ben@beta.io", "cat@example.com", "eve@example.com"}},
		{"one organization", []string{acme}, nil, []string{"ann@acme.io", "cat@example.com"}},
		{"repeated organization", []string{beta, beta}, nil, []string{"ben@beta.io", "eve@example.com"}},
		{"no operands", both, map[string]any{"query": map[string]any{"operator": "AND"}}, []string{"ann@acme.io", "ben@beta.io", "cat@example.com", "eve@example.com"}},
		{"member ids", both, query("AND", operand("member_ids", []string{ann.MemberID, ben.MemberID})), []string{"ann@acme.io", "ben@beta.io"}},
		{"external ids", both, query("AND", operand("member_ids", []string{"eve", "ann", "nobody"})), []string{"ann@acme.io", "eve@example.com"}},
		{"emails", both, query("AND", operand("member_emails", []string{"ANN@acme.io", "dan@example.com"})), []string{"ann@acme.io"}},
		{"email fuzzy", both, query("AND", operand("member_email_fuzzy", "EXAMPLE")), []string{"cat@example.com", "eve@example.com"}},
		{"breakglass", both, query("AND", operand("member_is_breakglass", true)), []string{"ben@beta.io"}},
		{"not breakglass", both, query("AND", operand("member_is_breakglass", false)), []string{"ann@acme.io", "cat@example.com", "eve@example.com"}},
		{"statuses", both, query("AND", operand("statuses", []string{"pending"})), []string{"cat@example.com"}},
		{"statuses deleted", both, query("AND", operand("statuses", []string{"deleted"})), []string{"dan@example.com"}},
		{"statuses active and deleted", []string{acme}, query("AND", operand("statuses", []string{"active", "deleted"})), []string{"ann@acme.io", "dan@example.com"}},
		{"phone numbers", both, query("AND", operand("member_mfa_phone_numbers", []string{"+14155550101", "+14155550102"})), []string{"ben@beta.io"}},
		{"phone fuzzy", both, query("AND", operand("member_mfa_phone_number_fuzzy", "5550")), []string{"ben@beta.io"}},
		{"password exists", both, query("AND", operand("member_password_exists", true)), []string{}},
		{"no password", both, query("AND", operand("member_password_exists", false)), []string{"ann@acme.io", "ben@beta.io", "cat@example.com", "eve@example.com"}},
		{"roles direct", both, query("AND", operand("member_roles", []string{"stytch_admin"})), []string{"ann@acme.io"}},
		{"roles by email", both, query("AND", operand("member_roles", []string{"editor"})), []string{"ann@acme.io"}},
		{"and", both, query("AND", operand("member_email_fuzzy", "example"), operand("statuses", []string{"active"})), []string{"eve@example.com"}},
		{"or", both, query("OR", operand("member_is_breakglass", true), operand("member_ids", []string{"eve"})), []string{"ben@beta.io", "eve@example.com"}},
		{"or with deleted", both, query("OR", operand("statuses", []string{"deleted"}), operand("member_emails", []string{"ann@acme.io"})), []string{"ann@acme.io", "dan@example.com"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			body := map[string]any{"organization_ids": tc.orgs}
			maps.Copy(body, tc.q)
			res := h.memberSearch(body)
			if got := emails(res.Members); !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
			if res.ResultsMetadata.Total != len(tc.want) || res.ResultsMetadata.NextCursor != nil {
				t.Errorf("results_metadata %+v", res.ResultsMetadata)
			}
			// organizations holds exactly the organizations of the members.
			wantOrgs := map[string]bool{}
			for _, m := range res.Members {
				wantOrgs[m.OrganizationID] = true
			}
			if len(res.Organizations) != len(wantOrgs) {
				t.Errorf("organizations %v", slices.Collect(maps.Keys(res.Organizations)))
			}
			for id, org := range res.Organizations {
				if !wantOrgs[id] || org.OrganizationID != id {
					t.Errorf("organizations[%s] = %s", id, org.OrganizationID)
				}
			}
		})
	}
	// Members answered by the search have their computed roles.
	res := h.memberSearch(map[string]any{"organization_ids": []string{acme}, "query": query("AND", operand("member_ids", []string{"ann"}))["query"]})
	if got := roleView(res.Members[0]); !slices.Equal(got, []string{"stytch_admin:direct_assignment", "editor:email_assignment email_domain=acme.io"}) || !res.Members[0].IsAdmin {
		t.Errorf("roles in search %v", got)
	}
}

func TestMemberSearchErrors(t *testing.T) {
	h, acme, _ := memberSearchFixture(t)
	ann := h.getMember("acme", "member_id", "ann")
	orgs := []string{acme}
	withQuery := func(q map[string]any) map[string]any {
		body := map[string]any{"organization_ids": orgs}
		maps.Copy(body, q)
		return body
	}
	cases := []struct {
		name    string
		body    any
		status  int
		errType string
	}{
		{"no organization ids", map[string]any{}, 400, "member_search_organization_ids_empty"},
		{"null organization ids", map[string]any{"organization_ids": nil}, 400, "member_search_organization_ids_empty"},
		{"empty organization ids", map[string]any{"organization_ids": []string{}}, 400, "member_search_organization_ids_empty"},
		{"organization ids not array", map[string]any{"organization_ids": acme}, 400, "bad_request"},
		{"unknown organization", map[string]any{"organization_ids": []string{acme, "organization-test-nope"}}, 404, "organization_not_found"},
		{"slug is not an id", map[string]any{"organization_ids": []string{"acme"}}, 404, "organization_not_found"},
		{"negative limit", map[string]any{"organization_ids": orgs, "limit": -1}, 400, "bad_request"},
		{"bad cursor", map[string]any{"organization_ids": orgs, "cursor": "nope"}, 400, "user_search_invalid_cursor"},
		{"no operator", withQuery(map[string]any{"query": map[string]any{"operands": []any{}}}), 400, "user_search_invalid_operator"},
		{"unknown filter", withQuery(query("AND", operand("organization_slugs", []string{"acme"}))), 400, "member_search_filter_name_not_recognized"},
		{"legacy status filter", withQuery(query("AND", operand("status", "active"))), 400, "member_search_filter_name_not_recognized"},
		{"no filter name", withQuery(query("AND", map[string]any{"filter_value": []string{"x"}})), 400, "member_search_missing_filter_name"},
		{"filter name not string", withQuery(query("AND", map[string]any{"filter_name": 1, "filter_value": "x"})), 400, "member_search_filter_name_must_be_string"},
		{"no filter value", withQuery(query("AND", map[string]any{"filter_name": "member_ids"})), 400, "member_search_missing_filter_value"},
		{"ids not array", withQuery(query("AND", operand("member_ids", "x"))), 400, "member_search_expected_array_of_strings"},
		{"fuzzy not string", withQuery(query("AND", operand("member_email_fuzzy", []string{"x"}))), 400, "member_search_expected_string"},
		{"breakglass not bool", withQuery(query("AND", operand("member_is_breakglass", "true"))), 400, "member_search_expected_boolean"},
		{"password not bool", withQuery(query("AND", operand("member_password_exists", 1))), 400, "member_search_expected_boolean"},
		{"empty ids", withQuery(query("AND", operand("member_ids", []string{}))), 400, "member_search_missing_member_ids"},
		{"empty emails", withQuery(query("AND", operand("member_emails", []string{}))), 400, "member_search_missing_member_emails"},
		{"empty email fuzzy", withQuery(query("AND", operand("member_email_fuzzy", ""))), 400, "member_search_missing_member_email_fuzzy"},
		{"short email fuzzy", withQuery(query("AND", operand("member_email_fuzzy", "an"))), 400, "member_search_member_email_fuzzy_too_short"},
		{"empty statuses", withQuery(query("AND", operand("statuses", []string{}))), 400, "member_search_missing_statuses"},
		{"bad status", withQuery(query("AND", operand("statuses", []string{"gone"}))), 400, "search_invalid_status_filter"},
		{"empty phones", withQuery(query("AND", operand("member_mfa_phone_numbers", []string{}))), 400, "member_search_missing_mfa_member_phone_numbers"},
		{"empty phone fuzzy", withQuery(query("AND", operand("member_mfa_phone_number_fuzzy", ""))), 400, "member_search_missing_mfa_member_phone_number_fuzzy"},
		{"short phone fuzzy", withQuery(query("AND", operand("member_mfa_phone_number_fuzzy", "+1"))), 400, "member_search_member_mfa_phone_number_fuzzy_too_short"},
		{"empty roles", withQuery(query("AND", operand("member_roles", []string{}))), 400, "member_search_missing_member_roles"},
		{"mixed ids", withQuery(query("AND", operand("member_ids", []string{ann.MemberID, "ann"}))), 400, "member_search_cannot_mix_internal_and_external_member_ids"},
		{"invalid email", withQuery(query("AND", operand("member_emails", []string{"Ann <ann@acme.io>"}))), 400, "invalid_email"},
		{"body not object", rawBody(`[]`), 400, "bad_request"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, raw := h.do(http.MethodPost, memberSearchPath, tc.body)
			wantError(t, code, raw, tc.status, tc.errType)
		})
	}
}

// collectMembers follows every page of a member search and returns the
// emails in order; between runs after each page.
func collectMembers(t *testing.T, h *harness, body map[string]any, between func(page int)) []string {
	t.Helper()
	var all []string
	cursor := ""
	for page := 0; ; page++ {
		req := maps.Clone(body)
		if cursor != "" {
			req["cursor"] = cursor
		}
		res := h.memberSearch(req)
		all = append(all, emails(res.Members)...)
		if res.ResultsMetadata.NextCursor == nil {
			return all
		}
		cursor = *res.ResultsMetadata.NextCursor
		if page > 100 {
			t.Fatal("too many pages")
		}
		if between != nil {
			between(page)
		}
	}
}

func TestMemberSearchPagination(t *testing.T) {
	h := newHarness(t)
	org := h.create(base(nil))
	other := h.create(base(map[string]any{"organization_slug": "other"}))
	var want []string
	for i := range 250 {
		slug := "acme"
		if i%5 == 4 {
			slug = "other"
		}
		e := "m" + pad(i) + "@example.com"
		h.createMember(slug, map[string]any{"email_address": e})
		want = append(want, e)
	}
	body := map[string]any{"organization_ids": []string{other.OrganizationID, org.OrganizationID}, "limit": 100}
	first := h.memberSearch(body)
	if len(first.Members) != 100 || first.ResultsMetadata.Total != 250 || first.ResultsMetadata.NextCursor == nil || len(first.Organizations) != 2 {
		t.Fatalf("first page: %d members, metadata %+v", len(first.Members), first.ResultsMetadata)
	}
	var sizes []int
	got := collectMembers(t, h, body, nil)
	cursor := first.ResultsMetadata.NextCursor
	for cursor != nil {
		req := maps.Clone(body)
		req["cursor"] = *cursor
		res := h.memberSearch(req)
		sizes = append(sizes, len(res.Members))
		cursor = res.ResultsMetadata.NextCursor
	}
	if !slices.Equal(got, want) || !slices.Equal(sizes, []int{100, 50}) {
		t.Fatalf("pages %v; %d members in order %t", sizes, len(got), slices.Equal(got, want))
	}
	// Default and clamped limits.
	if res := h.memberSearch(map[string]any{"organization_ids": []string{org.OrganizationID}}); len(res.Members) != 100 {
		t.Errorf("default limit: %d", len(res.Members))
	}
	if res := h.memberSearch(map[string]any{"organization_ids": []string{org.OrganizationID}, "limit": 5000}); len(res.Members) != 200 || res.ResultsMetadata.NextCursor != nil {
		t.Errorf("clamped limit: %d", len(res.Members))
	}

	// A cursor is bound to its organizations and query, and to the server.
	next := *first.ResultsMetadata.NextCursor
	for _, b := range []map[string]any{
		{"organization_ids": []string{org.OrganizationID}, "limit": 100, "cursor": next},
		{"organization_ids": []string{other.OrganizationID, org.OrganizationID}, "cursor": next, "query": query("AND", operand("statuses", []string{"active"}))["query"]},
	} {
		code, raw := h.do(http.MethodPost, memberSearchPath, b)
		wantError(t, code, raw, 400, "user_search_invalid_cursor")
	}
	// Organization search cursors and member search cursors do not mix.
	_, rawCursor := h.search(map[string]any{"limit": 1})
	var orgCursor string
	decodeInto(t, []byte(rawCursor), &orgCursor)
	code, raw := h.do(http.MethodPost, memberSearchPath, map[string]any{"organization_ids": []string{org.OrganizationID}, "cursor": orgCursor})
	wantError(t, code, raw, 400, "user_search_invalid_cursor")
	code, raw = h.do(http.MethodPost, basePath+"/search", map[string]any{"cursor": next})
	wantError(t, code, raw, 400, "user_search_invalid_cursor")
}

// Members created and deleted between pages cause no duplicates and no
// omissions among the members that exist throughout.
func TestMemberSearchPaginationUnderChanges(t *testing.T) {
	h := newHarness(t)
	org := h.create(base(nil))
	var stable []string
	var doomed []string
	for i := range 60 {
		e := "m" + pad(i) + "@example.com"
		m := h.createMember("acme", map[string]any{"email_address": e})
		if i%3 == 0 {
			doomed = append(doomed, m.MemberID)
		} else {
			stable = append(stable, e)
		}
	}
	body := map[string]any{"organization_ids": []string{org.OrganizationID}, "limit": 7}
	got := collectMembers(t, h, body, func(page int) {
		h.createMember("acme", map[string]any{"email_address": "new" + itoa(page) + "@example.com"})
		if page < len(doomed) {
			h.ok(http.MethodDelete, membersPath("acme", doomed[page]), nil)
		}
	})
	seen := map[string]bool{}
	for _, e := range got {
		if seen[e] {
			t.Fatalf("%s answered twice", e)
		}
		seen[e] = true
	}
	for _, e := range stable {
		if !seen[e] {
			t.Errorf("%s missing", e)
		}
	}
}
