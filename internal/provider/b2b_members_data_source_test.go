package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// ---------------------------------------------------------------------------
// Unit tests: the search query built from the configuration.

// nullMemberSearchModel is a configuration that sets no filter.
func nullMemberSearchModel() b2bMembersDataSourceModel {
	null := types.SetNull(types.StringType)
	str := types.StringNull()
	return b2bMembersDataSourceModel{
		OrganizationIDs: stringSetOf("organization-test-1"),
		MemberIDs:       null, MemberEmails: null, MemberEmailFuzzy: str, MemberIsBreakglass: types.BoolNull(),
		Statuses: null, MemberMFAPhoneNumbers: null, MemberMFAPhoneNumberFuzzy: str, MemberPasswordExists: types.BoolNull(),
		MemberRoles: null, MaxResults: types.Int64Null(), PageSize: types.Int64Null(),
		Members: types.ListNull(memberObjectType()), Total: types.Int64Null(),
	}
}

func TestMemberSearchQuery_noFilterMatchesEveryMember(t *testing.T) {
	m := nullMemberSearchModel()
	q, diags := m.searchQuery(context.Background())
	if diags.HasError() || q != nil {
		t.Errorf("no filter set, but query %+v (%v)", q, diags)
	}
}

func TestMemberSearchQuery_everyFilter(t *testing.T) {
	m := nullMemberSearchModel()
	m.MemberIDs = stringSetOf("member-test-2", "member-test-1")
	m.MemberEmails = stringSetOf("bob@acme.com", "alice@acme.com")
	m.MemberEmailFuzzy = types.StringValue("alice")
	m.MemberIsBreakglass = types.BoolValue(false)
	m.Statuses = stringSetOf("pending", "active")
	m.MemberMFAPhoneNumbers = stringSetOf("+14155550123")
	m.MemberMFAPhoneNumberFuzzy = types.StringValue("555")
	m.MemberPasswordExists = types.BoolValue(true)
	m.MemberRoles = stringSetOf("stytch_admin")
	m.PageSize = types.Int64Value(2) // paging arguments are no filters
	q, diags := m.searchQuery(context.Background())
	if diags.HasError() {
		t.Fatal(diags)
	}
	want := &stytch.SearchQuery{Operator: "AND", Operands: []stytch.SearchOperand{
		{FilterName: "member_ids", FilterValue: []string{"member-test-1", "member-test-2"}},
		{FilterName: "member_emails", FilterValue: []string{"alice@acme.com", "bob@acme.com"}},
		{FilterName: "member_email_fuzzy", FilterValue: "alice"},
		{FilterName: "member_is_breakglass", FilterValue: false},
		{FilterName: "statuses", FilterValue: []string{"active", "pending"}},
		{FilterName: "member_mfa_phone_numbers", FilterValue: []string{"+14155550123"}},
		{FilterName: "member_mfa_phone_number_fuzzy", FilterValue: "555"},
		{FilterName: "member_password_exists", FilterValue: true},
		{FilterName: "member_roles", FilterValue: []string{"stytch_admin"}},
	}}
	if !reflect.DeepEqual(q, want) {
		t.Errorf("query\n got %#v\nwant %#v", q, want)
	}
}

// TestMemberSearchFilters_matchSchemaAndModel checks that each filter is an
// argument of the schema, reads the model field of the same name, and that
// every filter Stytch documents is offered.
func TestMemberSearchFilters_matchSchemaAndModel(t *testing.T) {
	var resp datasource.SchemaResponse
	NewB2BMembersDataSource().Schema(context.Background(), datasource.SchemaRequest{}, &resp)
	typ := reflect.TypeOf(b2bMembersDataSourceModel{})
	if typ.NumField() != len(resp.Schema.Attributes) {
		t.Errorf("model has %d fields, schema %d attributes", typ.NumField(), len(resp.Schema.Attributes))
	}
	for i := range typ.NumField() {
		if _, ok := resp.Schema.Attributes[typ.Field(i).Tag.Get("tfsdk")]; !ok {
			t.Errorf("model field %s has no attribute", typ.Field(i).Name)
		}
	}
	var offered []string
	for _, f := range memberSearchFilters {
		offered = append(offered, f.name)
		a, ok := resp.Schema.Attributes[f.name]
		if !ok || !a.IsOptional() || a.GetMarkdownDescription() == "" {
			t.Errorf("filter %s: attribute %v", f.name, a)
		}
		m := nullMemberSearchModel()
		v := reflect.ValueOf(&m).Elem()
		for i := range typ.NumField() {
			if typ.Field(i).Tag.Get("tfsdk") != f.name {
				continue
			}
			switch v.Field(i).Interface().(type) {
			case types.Set:
				v.Field(i).Set(reflect.ValueOf(stringSetOf("x")))
			case types.String:
				v.Field(i).Set(reflect.ValueOf(types.StringValue("xyz")))
			case types.Bool:
				v.Field(i).Set(reflect.ValueOf(types.BoolValue(true)))
			}
		}
		if f.memberValue(&m).IsNull() {
			t.Errorf("filter %s does not read the model field tagged %q", f.name, f.name)
		}
	}
	documented := []string{
		stytch.MemberFilterIDs, stytch.MemberFilterEmails, stytch.MemberFilterEmailFuzzy, stytch.MemberFilterIsBreakglass,
		stytch.MemberFilterStatuses, stytch.MemberFilterMFAPhoneNumbers, stytch.MemberFilterMFAPhoneNumberFuzzy,
		stytch.MemberFilterPasswordExists, stytch.MemberFilterRoles,
	}
	slices.Sort(offered)
	slices.Sort(documented)
	if !slices.Equal(offered, documented) {
		t.Errorf("filters offered %v, Stytch documents %v", offered, documented)
	}
}

// ---------------------------------------------------------------------------
// Acceptance tests.

// testAccSearchMembers creates two organizations and five members, one after
// the other (depends_on), so that Stytch's order in the emulator is known:
// a1, a2, a3 in alpha, b1, b2 in bravo.
func testAccSearchMembers(p string) string {
	cfg := fmt.Sprintf(`
resource "stytch_b2b_organization" "alpha" {
  organization_name = "Alpha"
  organization_slug = "%[1]s-alpha"
}

resource "stytch_b2b_organization" "bravo" {
  organization_name = "Bravo"
  organization_slug = "%[1]s-bravo"
}
`, p)
	members := []struct{ name, org, args string }{
		{"a1", "alpha", "email_address = \"alice@%[1]s.example.com\"\n  roles = [\"stytch_admin\"]\n  is_breakglass = true\n  mfa_phone_number = \"+14155550001\""},
		{"a2", "alpha", "email_address = \"bob@%[1]s.example.com\"\n  roles = [\"auditor\"]\n  mfa_phone_number = \"+14155550002\""},
		{"a3", "alpha", "email_address = \"carol@%[1]s.example.com\"\n  create_as_pending = true"},
		{"b1", "bravo", "email_address = \"dave@%[1]s.example.com\"\n  roles = [\"billing-admin\"]\n  external_id = \"ext-dave\""},
		{"b2", "bravo", "email_address = \"erin@%[1]s.example.com\""},
	}
	previous := ""
	for _, m := range members {
		dependsOn := ""
		if previous != "" {
			dependsOn = "depends_on = [stytch_b2b_member." + previous + "]"
		}
		cfg += fmt.Sprintf(`
resource "stytch_b2b_member" %q {
  organization_id = stytch_b2b_organization.%s.organization_id
  %s
  %s
}
`, m.name, m.org, fmt.Sprintf(m.args, p), dependsOn)
		previous = m.name
	}
	return cfg
}

// memberSearch is a stytch_b2b_members data source over both organizations
// (unless args names others), read after the members exist.
func memberSearch(name, args string) string {
	if !strings.Contains(args, "organization_ids") {
		args = "  organization_ids = [stytch_b2b_organization.alpha.organization_id, stytch_b2b_organization.bravo.organization_id]\n" + args
	}
	return fmt.Sprintf(`
data "stytch_b2b_members" %q {
%s
  depends_on = [stytch_b2b_member.b2]
}
`, name, args)
}

// expectMembers checks the exact members a search returned, in order, by
// the local part of their addresses, and total.
func expectMembers(name, p string, locals ...string) []statecheck.StateCheck {
	addr := "data.stytch_b2b_members." + name
	items := make([]knownvalue.Check, 0, len(locals))
	for _, l := range locals {
		items = append(items, knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"email_address": knownvalue.StringExact(fmt.Sprintf("%s@%s.example.com", l, p)),
		}))
	}
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("members"), knownvalue.ListExact(items)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("total"), knownvalue.Int64Exact(int64(len(locals)))),
	}
}

// TestAccB2BMembersDataSource_filters runs one search per filter over five
// members of two organizations and checks exactly which come back.
func TestAccB2BMembersDataSource_filters(t *testing.T) {
	env := newMemberTestEnv(t, nil)
	if env.emulator == nil {
		t.Skip("exact results need a project that holds only this test's members: emulator only")
	}
	p := randomSlug()
	searches := []struct {
		name, args string
		want       []string
	}{
		{"all", ``, []string{"alice", "bob", "carol", "dave", "erin"}},
		{"alpha_only", `  organization_ids = [stytch_b2b_organization.alpha.organization_id]`, []string{"alice", "bob", "carol"}},
		{"ids", `  member_ids = [stytch_b2b_member.b1.member_id, stytch_b2b_member.a2.member_id]`, []string{"bob", "dave"}},
		{"external_ids", `  member_ids = ["ext-dave"]`, []string{"dave"}},
		{"emails", fmt.Sprintf(`  member_emails = ["ERIN@%[1]s.example.com", "alice@%[1]s.example.com"]`, p), []string{"alice", "erin"}},
		{"email_fuzzy", `  member_email_fuzzy = "BOB"`, []string{"bob"}},
		{"breakglass", `  member_is_breakglass = true`, []string{"alice"}},
		{"not_breakglass", `  member_is_breakglass = false`, []string{"bob", "carol", "dave", "erin"}},
		{"pending", `  statuses = ["pending"]`, []string{"carol"}},
		{"phones", `  member_mfa_phone_numbers = ["+14155550002"]`, []string{"bob"}},
		{"phone_fuzzy", `  member_mfa_phone_number_fuzzy = "5550001"`, []string{"alice"}},
		{"no_password", `  member_password_exists = false`, []string{"alice", "bob", "carol", "dave", "erin"}},
		{"password", `  member_password_exists = true`, nil},
		{"roles", `  member_roles = ["auditor"]`, []string{"bob"}},
		{"and", "  member_email_fuzzy = \"example\"\n  member_roles = [\"stytch_admin\", \"billing-admin\"]", []string{"alice", "dave"}},
		{"none", fmt.Sprintf(`  member_emails = ["nobody@%s.example.com"]`, p), nil},
	}
	config := testAccSearchMembers(p)
	var checks []statecheck.StateCheck
	for _, s := range searches {
		config += memberSearch(s.name, s.args)
		checks = append(checks, expectMembers(s.name, p, s.want...)...)
	}
	// Each member found holds the resource's values: every attribute.
	checks = append(checks, sameMember("stytch_b2b_member.a2", "data.stytch_b2b_members.ids", tfjsonpath.New("members").AtSliceIndex(0))...)
	checks = append(checks, sameMember("stytch_b2b_member.b1", "data.stytch_b2b_members.ids", tfjsonpath.New("members").AtSliceIndex(1))...)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkMembersDestroyed,
		Steps:                    []resource.TestStep{{Config: env.config(config), ConfigStateChecks: checks}},
	})
}

// countMemberSearches wraps the emulator to count the member search calls,
// without (first) and with (next) a cursor.
func countMemberSearches(first, next *atomic.Int64) func(http.Handler) http.Handler {
	return func(emu http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/members/search") {
				body, _ := io.ReadAll(r.Body)
				r.Body = io.NopCloser(bytes.NewReader(body))
				var req stytch.SearchMembersRequest
				_ = json.Unmarshal(body, &req)
				if req.Cursor == "" {
					first.Add(1)
				} else {
					next.Add(1)
				}
			}
			emu.ServeHTTP(w, r)
		})
	}
}

// TestAccB2BMembersDataSource_pagination reads five members two by two: every
// member comes back once, in order, after three search calls per read. A
// max_results below the matches is an error, never a cut list.
func TestAccB2BMembersDataSource_pagination(t *testing.T) {
	var first, next atomic.Int64
	env := newMemberTestEnv(t, countMemberSearches(&first, &next))
	p := randomSlug()
	all := []string{"alice", "bob", "carol", "dave", "erin"}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkMembersDestroyed,
		Steps: []resource.TestStep{
			{
				Config: env.config(testAccSearchMembers(p) + memberSearch("paged", "  page_size = 2") +
					memberSearch("one_page", "  page_size = 1000\n  max_results = 5")),
				ConfigStateChecks: append(expectMembers("paged", p, all...), expectMembers("one_page", p, all...)...),
			},
			// Only the paged search, counted from here on.
			{
				PreConfig: func() { first.Store(0); next.Store(0) },
				Config:    env.config(testAccSearchMembers(p) + memberSearch("paged", "  page_size = 2")),
				Check: func(*terraform.State) error {
					if env.emulator == nil {
						return nil
					}
					// Each read: one call for the first page and two with a cursor (5 = 2 + 2 + 1).
					if f, n := first.Load(), next.Load(); f == 0 || n != 2*f {
						return fmt.Errorf("%d searches without and %d with a cursor; want 2 cursor calls per first call", f, n)
					}
					return nil
				},
			},
			{
				Config: env.config(testAccSearchMembers(p) + memberSearch("capped", "  page_size = 2\n  max_results = 4")),
				ExpectError: regexp.MustCompile(`(?s)Too Many B2B Members Match.*` +
					phrase("At least 5 members match the search (no filter), more than max_results = 4.") +
					`.*` + phrase("raise max_results to at least 5.")),
			},
		},
	})
}

// TestAccB2BMembersDataSource_empty checks that a search matching nothing is
// an empty list and total 0, not an error.
func TestAccB2BMembersDataSource_empty(t *testing.T) {
	env := newMemberTestEnv(t, nil)
	const addr = "data.stytch_b2b_members.none"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkMembersDestroyed,
		Steps: []resource.TestStep{{
			Config: env.config(testAccMemberOrg(randomSlug(), "") + `
data "stytch_b2b_members" "none" {
  organization_ids = [stytch_b2b_organization.org.organization_id]
}
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("members"), knownvalue.ListExact([]knownvalue.Check{})),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("total"), knownvalue.Int64Exact(0)),
			},
		}},
	})
}

// TestAccB2BMembersDataSource_invalidConfig checks that values Stytch would
// refuse fail at plan time, before any search.
func TestAccB2BMembersDataSource_invalidConfig(t *testing.T) {
	var first, next atomic.Int64
	env := newMemberTestEnv(t, countMemberSearches(&first, &next))
	const orgs = "organization_ids = [\"organization-test-1\"]\n  "
	cases := []struct{ args, want string }{
		{`organization_ids = []`, `(?s)organization_ids.*` + phrase("set must contain at least 1 elements")},
		{`organization_ids = [""]`, `(?s)organization_ids.*` + phrase("string length must be at least 1")},
		{`member_email_fuzzy = "al"`, `(?s)organization_ids.*(required|Missing required argument)`},
		{orgs + `member_email_fuzzy = "al"`, `(?s)member_email_fuzzy.*` + phrase("UTF-8 character count must be at least 3, got: 2")},
		{orgs + `member_mfa_phone_number_fuzzy = "55"`, `(?s)member_mfa_phone_number_fuzzy.*` + phrase("must be at least 3")},
		{orgs + `statuses = ["gone"]`, `(?s)statuses.*` + phrase("value must be one of")},
		{orgs + `statuses = []`, `(?s)statuses.*` + phrase("set must contain at least 1 elements")},
		{orgs + `member_emails = ["alice"]`, `(?s)member_emails.*` + phrase("must be an email address")},
		{orgs + `member_roles = [""]`, `(?s)member_roles.*` + phrase("string length must be at least 1")},
		{orgs + `member_ids = []`, `(?s)member_ids.*` + phrase("set must contain at least 1 elements")},
		{orgs + `member_mfa_phone_numbers = [""]`, `(?s)member_mfa_phone_numbers.*` + phrase("string length must be at least 1")},
		{orgs + `page_size = 0`, `(?s)page_size.*` + phrase("must be between 1 and 1000")},
		{orgs + `page_size = 1001`, `(?s)page_size.*` + phrase("must be between 1 and 1000")},
		{orgs + `max_results = 0`, `(?s)max_results.*` + phrase("must be at least 1")},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      env.config("data \"stytch_b2b_members\" \"test\" {\n  " + c.args + "\n}\n"),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(c.want),
		})
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
	if n := first.Load() + next.Load(); env.emulator != nil && n != 0 {
		t.Errorf("invalid configurations reached the API: %d searches", n)
	}
}
