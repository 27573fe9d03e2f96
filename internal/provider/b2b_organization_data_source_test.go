package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// sameOrganization checks that every attribute of an organization (the shared
// definitions: all of them, nested ones included) is equal in the resource or
// data source at addrA and in the object at pathB of addrB, such as a data
// source that read it (tfjsonpath.Path{} for addrB's own attributes).
func sameOrganization(addrA, addrB string, pathB tfjsonpath.Path) []statecheck.StateCheck {
	names := organizationAttributeNames()
	checks := make([]statecheck.StateCheck, 0, len(names))
	for _, name := range names {
		checks = append(checks, statecheck.CompareValuePairs(
			addrA, tfjsonpath.New(name), addrB, pathB.AtMapKey(name), compare.ValuesSame()))
	}
	return checks
}

// phrase matches text that Terraform may have wrapped over several lines.
func phrase(text string) string {
	return strings.ReplaceAll(regexp.QuoteMeta(text), " ", `\s+`)
}

// TestAccB2BOrganizationDataSource_lookups reads an organization created in the
// same configuration by id, by slug and by external id: each data source holds
// exactly the resource's values.
func TestAccB2BOrganizationDataSource_lookups(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	config := env.config(testAccOrgConfigFull(slug) + `
data "stytch_b2b_organization" "by_id" {
  organization_id = stytch_b2b_organization.test.organization_id
}

data "stytch_b2b_organization" "by_slug" {
  organization_slug = stytch_b2b_organization.test.organization_slug
}

data "stytch_b2b_organization" "by_external_id" {
  organization_external_id = stytch_b2b_organization.test.organization_external_id
}
`)
	var checks []statecheck.StateCheck
	for _, ds := range []string{"data.stytch_b2b_organization.by_id", "data.stytch_b2b_organization.by_slug", "data.stytch_b2b_organization.by_external_id"} {
		// Every attribute equals the resource's (trusted_metadata, email_allowed_domains,
		// allowed_oauth_tenants, created_at, the nested ones...).
		checks = append(checks, sameOrganization(orgAddr, ds, tfjsonpath.Path{})...)
		checks = append(checks,
			statecheck.ExpectKnownValue(ds, tfjsonpath.New("organization_slug"), knownvalue.StringExact(slug)),
			statecheck.ExpectKnownValue(ds, tfjsonpath.New("organization_external_id"), knownvalue.StringExact("ext|"+slug)),
			statecheck.ExpectKnownValue(ds, tfjsonpath.New("trusted_metadata"),
				knownvalue.StringExact(`{"plan":"enterprise","region":{"primary":"eu-west-1"},"seats":50}`)),
			statecheck.ExpectKnownValue(ds, tfjsonpath.New("email_allowed_domains"), knownvalue.SetExact([]knownvalue.Check{
				knownvalue.StringExact(slug + ".example.com"), knownvalue.StringExact("acme-" + slug + ".example.org"),
			})),
			statecheck.ExpectKnownValue(ds, tfjsonpath.New("allowed_oauth_tenants"), knownvalue.MapExact(map[string]knownvalue.Check{
				"slack":  knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("T0123ABCD")}),
				"github": knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("acme-engineering")}),
			})),
			statecheck.ExpectKnownValue(ds, tfjsonpath.New("rbac_email_implicit_role_assignments"), knownvalue.SetSizeExact(1)),
			statecheck.ExpectKnownValue(ds, tfjsonpath.New("scim_active_connection"), knownvalue.Null()),
			statecheck.ExpectKnownValue(ds, tfjsonpath.New("created_at"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT`))),
		)
	}
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed,
		Steps: []tfresource.TestStep{
			{Config: config, ConfigStateChecks: checks},
			// Read again on a later plan: nothing changes.
			{Config: config, PlanOnly: true},
		},
	})
}

// TestAccB2BOrganizationDataSource_lookupGuard covers values that Stytch's
// path parameter resolves to another organization: id, then slug, then
// external id. A slug that equals another organization's id still finds the
// organization with that slug; an external id that equals another
// organization's id is refused rather than answered with the wrong organization.
func TestAccB2BOrganizationDataSource_lookupGuard(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	orgs := fmt.Sprintf(`
resource "stytch_b2b_organization" "first" {
  organization_name = "First"
  organization_slug = %[1]q
}

# Its slug is the first organization's id.
resource "stytch_b2b_organization" "second" {
  organization_name = "Second"
  organization_slug = stytch_b2b_organization.first.organization_id
}

# Its external id is the first organization's id.
resource "stytch_b2b_organization" "third" {
  organization_name        = "Third"
  organization_slug        = "%[1]s-third"
  organization_external_id = stytch_b2b_organization.first.organization_id
}
`, slug)
	const ds = "data.stytch_b2b_organization.by_slug"
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed,
		Steps: []tfresource.TestStep{
			{
				Config: env.config(orgs + `
data "stytch_b2b_organization" "by_slug" {
  organization_slug = stytch_b2b_organization.second.organization_slug
}
`),
				ConfigStateChecks: sameOrganization("stytch_b2b_organization.second", ds, tfjsonpath.Path{}),
			},
			{
				Config: env.config(orgs + `
data "stytch_b2b_organization" "by_external_id" {
  organization_external_id = stytch_b2b_organization.third.organization_external_id
}
`),
				ExpectError: regexp.MustCompile(`(?s)Ambiguous B2B Organization Lookup.*organization_external_id.*` + phrase("by organization_id or organization_slug instead")),
			},
		},
	})
}

// TestAccB2BOrganizationDataSource_notFound checks that an organization that
// does not exist is an error naming the value looked up, for each key.
func TestAccB2BOrganizationDataSource_notFound(t *testing.T) {
	env := newTestEnv(t)
	missing := randomSlug() + "-missing"
	step := func(key string) tfresource.TestStep {
		return tfresource.TestStep{
			Config: env.config(fmt.Sprintf(`
data "stytch_b2b_organization" "missing" {
  %s = %q
}
`, key, missing)),
			ExpectError: regexp.MustCompile(fmt.Sprintf(`(?s)B2B Organization Not Found.*%s\s+"%s".*organization_not_found.*request_id`, key, regexp.QuoteMeta(missing))),
		}
	}
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    []tfresource.TestStep{step("organization_slug"), step("organization_id"), step("organization_external_id")},
	})
}

// TestAccB2BOrganizationDataSource_invalidConfig checks the plan-time errors:
// no lookup key, two keys, an empty key.
func TestAccB2BOrganizationDataSource_invalidConfig(t *testing.T) {
	env := newTestEnv(t)
	exactlyOne := phrase("Exactly one of these attributes must be configured: [organization_id,organization_slug,organization_external_id]")
	none, two := `(?s)Missing Attribute Configuration.*`+exactlyOne, `(?s)Invalid Attribute Combination.*`+exactlyOne
	cases := []struct {
		body string
		want string
	}{
		{``, none},
		{`organization_id = "organization-test-1"
  organization_slug = "acme"`, two},
		{`organization_slug = "acme"
  organization_external_id = "crm|1"`, two},
		{`organization_id = ""`, `(?s)organization_id.*` + phrase("string length must be at least 1")},
		{`organization_external_id = ""`, `(?s)organization_external_id.*` + phrase("string length must be at least 1")},
		{`organization_slug = "has space"`, `(?s)organization_slug.*` + phrase("may only contain alphanumerics")},
	}
	steps := make([]tfresource.TestStep, 0, len(cases))
	for _, c := range cases {
		steps = append(steps, tfresource.TestStep{
			Config:      env.config("data \"stytch_b2b_organization\" \"test\" {\n  " + c.body + "\n}\n"),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(c.want),
		})
	}
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    steps,
	})
}

// TestB2BOrganizationDataSourceSchema checks that the data source schema is
// the computed form of the resource's, derived from the shared definitions:
// the same attributes and types, the resource's descriptions, and the three
// lookup keys Optional as well. The resource's Terraform-only settings, which
// are not part of the organization, are left out of the data source.
func TestB2BOrganizationDataSourceSchema(t *testing.T) {
	ctx := context.Background()
	var rresp resource.SchemaResponse
	NewB2BOrganizationResource().Schema(ctx, resource.SchemaRequest{}, &rresp)
	var dresp datasource.SchemaResponse
	NewB2BOrganizationDataSource().Schema(ctx, datasource.SchemaRequest{}, &dresp)
	if rresp.Diagnostics.HasError() || dresp.Diagnostics.HasError() {
		t.Fatal(rresp.Diagnostics, dresp.Diagnostics)
	}
	resourceOnly := map[string]bool{"deletion_protection": true}
	for name := range resourceOnly {
		if _, ok := rresp.Schema.Attributes[name]; !ok {
			t.Errorf("resource lacks %s", name)
		}
		if _, ok := dresp.Schema.Attributes[name]; ok {
			t.Errorf("data source has the resource-only %s", name)
		}
	}
	if len(dresp.Schema.Attributes) != len(rresp.Schema.Attributes)-len(resourceOnly) {
		t.Errorf("data source has %d attributes, resource %d (%d of them resource-only)",
			len(dresp.Schema.Attributes), len(rresp.Schema.Attributes), len(resourceOnly))
	}
	for name, ra := range rresp.Schema.Attributes {
		if resourceOnly[name] {
			continue
		}
		da, ok := dresp.Schema.Attributes[name]
		if !ok {
			t.Errorf("data source lacks %s", name)
			continue
		}
		if !da.GetType().Equal(ra.GetType()) {
			t.Errorf("%s: data source type %s, resource type %s", name, da.GetType(), ra.GetType())
		}
		if !da.IsComputed() {
			t.Errorf("%s is not Computed in the data source", name)
		}
		lookup := name == "organization_id" || name == "organization_slug" || name == "organization_external_id"
		if da.IsOptional() != lookup || da.IsRequired() {
			t.Errorf("%s: Optional = %v, Required = %v in the data source", name, da.IsOptional(), da.IsRequired())
		}
		shared := sharedDescription(name)
		for where, desc := range map[string]string{"resource": ra.GetMarkdownDescription(), "data source": da.GetMarkdownDescription()} {
			if len(desc) < len(shared) || desc[:len(shared)] != shared {
				t.Errorf("%s: the %s description %q does not start with the shared one %q", name, where, desc, shared)
			}
		}
	}
}
