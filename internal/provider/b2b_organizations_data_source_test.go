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

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// ---------------------------------------------------------------------------
// Unit tests: the search query built from the configuration.

func stringSetOf(values ...string) types.Set {
	elems := make([]attr.Value, 0, len(values))
	for _, v := range values {
		elems = append(elems, types.StringValue(v))
	}
	return types.SetValueMust(types.StringType, elems)
}

// nullSearchModel is a configuration that sets no argument.
func nullSearchModel() b2bOrganizationsDataSourceModel {
	null := types.SetNull(types.StringType)
	str := types.StringNull()
	return b2bOrganizationsDataSourceModel{
		OrganizationIDs: null, OrganizationSlugs: null, OrganizationSlugFuzzy: str, OrganizationNameFuzzy: str,
		MemberEmails: null, MemberEmailFuzzy: str, AllowedDomains: null, AllowedDomainFuzzy: str,
		ClaimedEmailDomains: null, HasActiveSSOConnection: types.BoolNull(), SSOConnectionID: str,
		MaxResults: types.Int64Null(), PageSize: types.Int64Null(),
		Organizations: types.ListNull(organizationObjectType()), Total: types.Int64Null(),
	}
}

func TestSearchQuery_noFilterSearchesEverything(t *testing.T) {
	m := nullSearchModel()
	q, diags := m.searchQuery(context.Background())
	if diags.HasError() {
		t.Fatal(diags)
	}
	if q != nil {
		t.Errorf("no filter set, but query %+v", q)
	}
}

func TestSearchQuery_everyFilter(t *testing.T) {
	m := nullSearchModel()
	m.OrganizationIDs = stringSetOf("organization-test-2", "organization-test-1")
	m.OrganizationSlugs = stringSetOf("acme")
	m.OrganizationSlugFuzzy = types.StringValue("acm")
	m.OrganizationNameFuzzy = types.StringValue("Acme Corp")
	m.MemberEmails = stringSetOf("bob@acme.com", "alice@acme.com")
	m.MemberEmailFuzzy = types.StringValue("alice")
	m.AllowedDomains = stringSetOf("acme.com")
	m.AllowedDomainFuzzy = types.StringValue("acme")
	m.ClaimedEmailDomains = stringSetOf("acme.io", "acme.com")
	m.HasActiveSSOConnection = types.BoolValue(true)
	m.SSOConnectionID = types.StringValue("saml-connection-test-1")
	m.PageSize = types.Int64Value(2) // paging arguments are no filters
	m.MaxResults = types.Int64Value(10)

	q, diags := m.searchQuery(context.Background())
	if diags.HasError() {
		t.Fatal(diags)
	}
	want := &stytch.SearchQuery{Operator: "AND", Operands: []stytch.SearchOperand{
		{FilterName: "organization_ids", FilterValue: []string{"organization-test-1", "organization-test-2"}},
		{FilterName: "organization_slugs", FilterValue: []string{"acme"}},
		{FilterName: "organization_slug_fuzzy", FilterValue: "acm"},
		{FilterName: "organization_name_fuzzy", FilterValue: "Acme Corp"},
		{FilterName: "member_emails", FilterValue: []string{"alice@acme.com", "bob@acme.com"}},
		{FilterName: "member_email_fuzzy", FilterValue: "alice"},
		{FilterName: "allowed_domains", FilterValue: []string{"acme.com"}},
		{FilterName: "allowed_domain_fuzzy", FilterValue: "acme"},
		{FilterName: "claimed_email_domains", FilterValue: []string{"acme.com", "acme.io"}},
		{FilterName: "has_active_sso_connection", FilterValue: true},
		{FilterName: "sso_connection_id", FilterValue: "saml-connection-test-1"},
	}}
	if !reflect.DeepEqual(q, want) {
		t.Errorf("query\n got %#v\nwant %#v", q, want)
	}
	// The wire form: arrays of strings, strings and a JSON boolean.
	body, err := json.Marshal(stytch.SearchRequest{Limit: 2, Query: q})
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range []string{
		`"operator":"AND"`,
		`{"filter_name":"organization_ids","filter_value":["organization-test-1","organization-test-2"]}`,
		`{"filter_name":"organization_name_fuzzy","filter_value":"Acme Corp"}`,
		`{"filter_name":"has_active_sso_connection","filter_value":true}`,
		`{"filter_name":"sso_connection_id","filter_value":"saml-connection-test-1"}`,
	} {
		if !strings.Contains(string(body), part) {
			t.Errorf("request body %s lacks %s", body, part)
		}
	}
}

func TestSearchQuery_valueTypes(t *testing.T) {
	cases := map[string]struct {
		set  func(*b2bOrganizationsDataSourceModel)
		want stytch.SearchOperand
	}{
		"false is a filter, not an unset value": {
			set:  func(m *b2bOrganizationsDataSourceModel) { m.HasActiveSSOConnection = types.BoolValue(false) },
			want: stytch.SearchOperand{FilterName: "has_active_sso_connection", FilterValue: false},
		},
		"a set becomes a sorted array": {
			set: func(m *b2bOrganizationsDataSourceModel) {
				m.AllowedDomains = stringSetOf("b.example.com", "a.example.com")
			},
			want: stytch.SearchOperand{FilterName: "allowed_domains", FilterValue: []string{"a.example.com", "b.example.com"}},
		},
		"a fuzzy term is a string": {
			set:  func(m *b2bOrganizationsDataSourceModel) { m.MemberEmailFuzzy = types.StringValue("@acme") },
			want: stytch.SearchOperand{FilterName: "member_email_fuzzy", FilterValue: "@acme"},
		},
		"an empty set is sent as [] for Stytch to refuse": {
			set:  func(m *b2bOrganizationsDataSourceModel) { m.OrganizationSlugs = stringSetOf() },
			want: stytch.SearchOperand{FilterName: "organization_slugs", FilterValue: []string{}},
		},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			m := nullSearchModel()
			c.set(&m)
			m.OrganizationNameFuzzy = types.StringUnknown() // unknown: left out
			q, diags := m.searchQuery(context.Background())
			if diags.HasError() {
				t.Fatal(diags)
			}
			if q == nil || q.Operator != "AND" || len(q.Operands) != 1 || !reflect.DeepEqual(q.Operands[0], c.want) {
				t.Errorf("query %+v, want the single operand %#v", q, c.want)
			}
		})
	}
}

// TestSearchFilters_matchSchemaAndModel checks that each filter of the table
// is an argument of the schema and reads the model field of the same name.
func TestSearchFilters_matchSchemaAndModel(t *testing.T) {
	var resp datasource.SchemaResponse
	NewB2BOrganizationsDataSource().Schema(context.Background(), datasource.SchemaRequest{}, &resp)
	typ := reflect.TypeOf(b2bOrganizationsDataSourceModel{})
	var tags []string
	for i := range typ.NumField() {
		tags = append(tags, typ.Field(i).Tag.Get("tfsdk"))
	}
	if len(tags) != len(resp.Schema.Attributes) {
		t.Errorf("model has %d fields, schema %d attributes", len(tags), len(resp.Schema.Attributes))
	}
	for _, tag := range tags {
		if _, ok := resp.Schema.Attributes[tag]; !ok {
			t.Errorf("model field %s has no attribute", tag)
		}
	}
	// Every filter Stytch documents is offered, and no other.
	var offered []string
	for _, f := range organizationSearchFilters {
		offered = append(offered, f.name)
	}
	documented := []string{
		stytch.FilterOrganizationIDs, stytch.FilterOrganizationSlugs, stytch.FilterOrganizationSlugFuzzy,
		stytch.FilterOrganizationNameFuzzy, stytch.FilterMemberEmails, stytch.FilterMemberEmailFuzzy,
		stytch.FilterAllowedDomains, stytch.FilterAllowedDomainFuzzy, stytch.FilterClaimedEmailDomains,
		stytch.FilterHasActiveSSOConnection, stytch.FilterSSOConnectionID,
	}
	slices.Sort(offered)
	slices.Sort(documented)
	if !slices.Equal(offered, documented) {
		t.Errorf("filters offered %v, Stytch documents %v", offered, documented)
	}
	for _, f := range organizationSearchFilters {
		a, ok := resp.Schema.Attributes[f.name]
		if !ok || !a.IsOptional() || a.GetMarkdownDescription() == "" {
			t.Errorf("filter %s: attribute %v", f.name, a)
		}
		// Only the field tagged with the filter's name is set: the getter must see it.
		m := nullSearchModel()
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
		if f.value(&m).IsNull() {
			t.Errorf("filter %s does not read the model field tagged %q", f.name, f.name)
		}
	}
}

// TestOrganizationObjectType checks that the element type of organizations,
// derived from the shared definitions, is the type of the model and of the
// object types of b2b_organization_model.go, and that fromAPI fills it.
func TestOrganizationObjectType(t *testing.T) {
	ctx := context.Background()
	objectType := organizationObjectType()
	for name, want := range map[string]attr.Type{
		"rbac_email_implicit_role_assignments": types.SetType{ElemType: types.ObjectType{AttrTypes: roleAssignmentAttrTypes}},
		"allowed_oauth_tenants":                types.MapType{ElemType: oauthTenantsElemType},
		"sso_active_connections":               types.ListType{ElemType: types.ObjectType{AttrTypes: ssoConnectionAttrTypes}},
		"scim_active_connection":               types.ObjectType{AttrTypes: scimConnectionAttrTypes},
		"custom_roles":                         types.ListType{ElemType: types.ObjectType{AttrTypes: customRoleAttrTypes}},
	} {
		if got := objectType.AttrTypes[name]; got == nil || !got.Equal(want) {
			t.Errorf("%s: derived type %v, model type %v", name, got, want)
		}
	}
	var m b2bOrganizationModel
	diags := m.fromAPI(ctx, &stytch.Organization{
		OrganizationID: "organization-test-1", OrganizationSlug: "acme",
		TrustedMetadata:                  map[string]json.RawMessage{"plan": json.RawMessage(`"gold"`)},
		AllowedOAuthTenants:              map[string][]string{"slack": {"T1"}},
		SSOActiveConnections:             []stytch.ActiveSSOConnection{{ConnectionID: "saml-connection-test-1"}},
		SCIMActiveConnection:             &stytch.ActiveSCIMConnection{ConnectionID: "scim-connection-test-1", BearerTokenExpiresAt: "2030-01-01T00:00:00Z"},
		CustomRoles:                      []stytch.CustomRole{{RoleID: "admin", Permissions: []stytch.RolePermission{{ResourceID: "docs", Actions: []string{"read"}}}}},
		RBACEmailImplicitRoleAssignments: []stytch.RoleAssignment{{Domain: "acme.com", RoleID: "admin"}},
	})
	obj, d := types.ObjectValueFrom(ctx, objectType.AttrTypes, m)
	diags.Append(d...)
	if diags.HasError() {
		t.Fatal(diags)
	}
	if got := obj.Attributes()["organization_slug"]; !got.Equal(types.StringValue("acme")) {
		t.Errorf("organization_slug in the object is %v", got)
	}
}

// TestDataSourceSchemasAreValid has the framework validate every schema of the
// provider, as Terraform's first call does.
func TestDataSourceSchemasAreValid(t *testing.T) {
	server := providerserver.NewProtocol6(New("test")())()
	resp, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		t.Errorf("%s: %s: %s", d.Severity, d.Summary, d.Detail)
	}
	for _, name := range []string{"stytch_b2b_organization", "stytch_b2b_organizations"} {
		if resp.DataSourceSchemas[name] == nil {
			t.Errorf("data source %s is not registered", name)
		}
	}
}

// ---------------------------------------------------------------------------
// Acceptance tests.

// searchCounter counts the search calls that reach the emulator.
type searchCounter struct {
	first atomic.Int64 // calls without a cursor: one per read of the data source
	next  atomic.Int64 // calls with a cursor: one per further page
}

// newCountingTestEnv is newTestEnv with the emulator's search calls counted.
// Against the real API the counter is nil.
func newCountingTestEnv(t *testing.T) (*testEnv, *searchCounter) {
	t.Helper()
	counter := &searchCounter{}
	env := newWrappedTestEnv(t, func(emu http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/organizations/search") {
				body, _ := io.ReadAll(r.Body)
				r.Body = io.NopCloser(bytes.NewReader(body))
				var req stytch.SearchRequest
				_ = json.Unmarshal(body, &req)
				if req.Cursor == "" {
					counter.first.Add(1)
				} else {
					counter.next.Add(1)
				}
			}
			emu.ServeHTTP(w, r)
		})
	})
	if env.emulator == nil {
		return env, nil
	}
	return env, counter
}

// testAccFiveOrgs creates five organizations one after the other (depends_on),
// so that their creation order, Stytch's search order in the emulator, is known:
// alpha, bravo, charlie, delta, echo.
func testAccFiveOrgs(prefix string) string {
	return fmt.Sprintf(`
resource "stytch_b2b_organization" "alpha" {
  organization_name     = "Alpha Widgets"
  organization_slug     = "%[1]s-alpha"
  email_allowed_domains = ["alpha-%[1]s.example.com"]
  claimed_email_domains = ["alpha-%[1]s.example.com"]
  trusted_metadata      = jsonencode({ tier = "gold" })
}

resource "stytch_b2b_organization" "bravo" {
  organization_name     = "Bravo Gadgets"
  organization_slug     = "%[1]s-bravo"
  email_allowed_domains = ["bravo-%[1]s.example.com", "shared-%[1]s.example.com"]
  claimed_email_domains = ["bravo-%[1]s.example.com"]
  depends_on            = [stytch_b2b_organization.alpha]
}

resource "stytch_b2b_organization" "charlie" {
  organization_name     = "Charlie Widgets"
  organization_slug     = "%[1]s-charlie"
  email_allowed_domains = ["shared-%[1]s.example.com"]
  depends_on            = [stytch_b2b_organization.bravo]
}

resource "stytch_b2b_organization" "delta" {
  organization_name = "Delta Tools"
  organization_slug = "%[1]s-delta"
  depends_on        = [stytch_b2b_organization.charlie]
}

resource "stytch_b2b_organization" "echo" {
  organization_name     = "Echo Widgets Ltd"
  organization_slug     = "%[1]s-echo"
  email_allowed_domains = ["echo-%[1]s.example.org"]
  claimed_email_domains = ["echo-%[1]s.example.org"]
  depends_on            = [stytch_b2b_organization.delta]
}
`, prefix)
}

// searchDataSource is a stytch_b2b_organizations data source that reads after
// the five organizations exist.
func searchDataSource(name, args string) string {
	return fmt.Sprintf(`
data "stytch_b2b_organizations" %q {
%s
  depends_on = [stytch_b2b_organization.echo]
}
`, name, args)
}

// expectSlugs checks the exact organizations a search returned, in order, and total.
func expectSlugs(name, prefix string, suffixes ...string) []statecheck.StateCheck {
	addr := "data.stytch_b2b_organizations." + name
	items := make([]knownvalue.Check, 0, len(suffixes))
	for _, s := range suffixes {
		items = append(items, knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"organization_slug": knownvalue.StringExact(prefix + "-" + s),
		}))
	}
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("organizations"), knownvalue.ListExact(items)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("total"), knownvalue.Int64Exact(int64(len(suffixes)))),
	}
}

// TestAccB2BOrganizationsDataSource_filters runs one search per filter over
// five organizations and checks exactly which come back. The emulator holds no
// members and no SSO connections: the member filters, sso_connection_id and
// has_active_sso_connection = true match nothing there, and
// has_active_sso_connection = false matches every organization.
func TestAccB2BOrganizationsDataSource_filters(t *testing.T) {
	env := newTestEnv(t)
	if env.emulator == nil {
		t.Skip("exact results need a project that holds only this test's organizations: emulator only")
	}
	p := randomSlug()
	searches := []struct {
		name, args string
		want       []string
	}{
		{"all", ``, []string{"alpha", "bravo", "charlie", "delta", "echo"}},
		{"ids", `  organization_ids = [stytch_b2b_organization.charlie.organization_id, stytch_b2b_organization.alpha.organization_id]`, []string{"alpha", "charlie"}},
		{"slugs", fmt.Sprintf(`  organization_slugs = ["%[1]s-delta", "%[1]s-bravo", "%[1]s-nobody"]`, p), []string{"bravo", "delta"}},
		{"slug_fuzzy", `  organization_slug_fuzzy = "LPH"`, []string{"alpha"}},
		{"name_fuzzy", `  organization_name_fuzzy = "widgets"`, []string{"alpha", "charlie", "echo"}},
		{"member_emails", fmt.Sprintf(`  member_emails = ["alice@alpha-%s.example.com"]`, p), nil},
		{"member_email_fuzzy", `  member_email_fuzzy = "alice"`, nil},
		{"allowed_domains", fmt.Sprintf(`  allowed_domains = ["shared-%s.example.com"]`, p), []string{"bravo", "charlie"}},
		{"allowed_domain_fuzzy", `  allowed_domain_fuzzy = "example.org"`, []string{"echo"}},
		{"claimed_email_domains", fmt.Sprintf(`  claimed_email_domains = ["echo-%[1]s.example.org", "bravo-%[1]s.example.com"]`, p), []string{"bravo", "echo"}},
		{"has_sso", `  has_active_sso_connection = true`, nil},
		{"has_no_sso", `  has_active_sso_connection = false`, []string{"alpha", "bravo", "charlie", "delta", "echo"}},
		{"sso_connection_id", `  sso_connection_id = "saml-connection-test-00000000-0000-0000-0000-000000000000"`, nil},
		{"and", fmt.Sprintf("  organization_name_fuzzy = \"widgets\"\n  allowed_domains         = [\"shared-%s.example.com\"]", p), []string{"charlie"}},
		{"none", fmt.Sprintf(`  organization_slugs = ["%s-nobody"]`, p), nil},
	}
	config := testAccFiveOrgs(p)
	var checks []statecheck.StateCheck
	for _, s := range searches {
		config += searchDataSource(s.name, s.args)
		checks = append(checks, expectSlugs(s.name, p, s.want...)...)
	}
	// Each organization found holds the resource's values: every attribute.
	checks = append(checks, sameOrganization("stytch_b2b_organization.alpha",
		"data.stytch_b2b_organizations.ids", tfjsonpath.New("organizations").AtSliceIndex(0))...)
	checks = append(checks, sameOrganization("stytch_b2b_organization.charlie",
		"data.stytch_b2b_organizations.ids", tfjsonpath.New("organizations").AtSliceIndex(1))...)
	checks = append(checks, statecheck.ExpectKnownValue("data.stytch_b2b_organizations.none",
		tfjsonpath.New("organizations"), knownvalue.ListSizeExact(0)))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed,
		Steps:                    []resource.TestStep{{Config: env.config(config), ConfigStateChecks: checks}},
	})
}

// TestAccB2BOrganizationsDataSource_pagination reads five organizations two by
// two: every organization comes back once, in creation order, after three
// search calls per read. A max_results below the matches is an error.
func TestAccB2BOrganizationsDataSource_pagination(t *testing.T) {
	env, counter := newCountingTestEnv(t)
	p := randomSlug()
	scope := fmt.Sprintf("  organization_slug_fuzzy = %q\n", p)
	all := []string{"alpha", "bravo", "charlie", "delta", "echo"}
	checkCalls := func(*terraform.State) error {
		if counter == nil {
			return nil
		}
		first, next := counter.first.Load(), counter.next.Load()
		// Each read: one call for the first page and two with a cursor (5 = 2 + 2 + 1).
		if first == 0 || next != 2*first {
			return fmt.Errorf("%d searches without and %d with a cursor; want 2 cursor calls per first call", first, next)
		}
		return nil
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config: env.config(testAccFiveOrgs(p) +
					searchDataSource("paged", scope+"  page_size = 2") +
					searchDataSource("one_page", scope+"  page_size = 1000\n  max_results = 5")),
				ConfigStateChecks: append(expectSlugs("paged", p, all...), expectSlugs("one_page", p, all...)...),
			},
			// Only the paged search, counted from here on.
			{
				PreConfig: func() {
					if counter != nil {
						counter.first.Store(0)
						counter.next.Store(0)
					}
				},
				Config: env.config(testAccFiveOrgs(p) + searchDataSource("paged", scope+"  page_size = 2")),
				Check:  checkCalls,
			},
			{
				Config: env.config(testAccFiveOrgs(p) + searchDataSource("capped", scope+"  page_size = 2\n  max_results = 4")),
				ExpectError: regexp.MustCompile(`(?s)Too Many B2B Organizations Match.*` +
					phrase("At least 5 organizations match the search (filters organization_slug_fuzzy), more than max_results = 4.") +
					`.*` + phrase("raise max_results to at least 5.")),
			},
		},
	})
}

// TestAccB2BOrganizationsDataSource_empty checks that a search matching
// nothing is an empty list and total 0, not an error.
func TestAccB2BOrganizationsDataSource_empty(t *testing.T) {
	env := newTestEnv(t)
	const addr = "data.stytch_b2b_organizations.none"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: env.config(fmt.Sprintf(`
data "stytch_b2b_organizations" "none" {
  organization_slugs = [%q]
}
`, randomSlug()+"-nobody")),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("organizations"), knownvalue.ListExact([]knownvalue.Check{})),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("total"), knownvalue.Int64Exact(0)),
			},
		}},
	})
}

// TestAccB2BOrganizationsDataSource_invalidConfig checks that filter values
// Stytch would refuse fail at plan time, before any API call.
func TestAccB2BOrganizationsDataSource_invalidConfig(t *testing.T) {
	env, counter := newCountingTestEnv(t)
	cases := []struct {
		args string
		want string
	}{
		{`organization_name_fuzzy = "ab"`, `(?s)organization_name_fuzzy.*` + phrase("UTF-8 character count must be at least 3, got: 2")},
		{`allowed_domain_fuzzy = "éé"`, `(?s)allowed_domain_fuzzy.*` + phrase("UTF-8 character count must be at least 3, got: 2")},
		{`organization_slug_fuzzy = ""`, `(?s)organization_slug_fuzzy.*` + phrase("must be at least 3, got: 0")},
		{`member_email_fuzzy = "al"`, `(?s)member_email_fuzzy.*` + phrase("must be at least 3")},
		{`organization_slugs = []`, `(?s)organization_slugs.*` + phrase("set must contain at least 1 elements")},
		{`organization_ids = []`, `(?s)organization_ids.*` + phrase("set must contain at least 1 elements")},
		{`claimed_email_domains = [""]`, `(?s)claimed_email_domains.*` + phrase("string length must be at least 1")},
		{`member_emails = ["alice"]`, `(?s)member_emails.*` + phrase("must be an email address")},
		{`sso_connection_id = ""`, `(?s)sso_connection_id.*` + phrase("string length must be at least 1")},
		{`page_size = 0`, `(?s)page_size.*` + phrase("must be between 1 and 1000")},
		{`page_size = 1001`, `(?s)page_size.*` + phrase("must be between 1 and 1000")},
		{`max_results = 0`, `(?s)max_results.*` + phrase("must be at least 1")},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      env.config("data \"stytch_b2b_organizations\" \"test\" {\n  " + c.args + "\n}\n"),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(c.want),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    steps,
	})
	if counter != nil && counter.first.Load()+counter.next.Load() != 0 {
		t.Errorf("invalid configurations reached the API: %d searches", counter.first.Load()+counter.next.Load())
	}
}
