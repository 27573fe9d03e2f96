package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// The data source never has a token: no attribute holds one, none is
// sensitive, and rotation_trigger, an argument of the resource, is left out.
func TestSCIMConnectionDataSource_schemaHasNoToken(t *testing.T) {
	var resp datasource.SchemaResponse
	NewB2BSCIMConnectionDataSource().Schema(context.Background(), datasource.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	for name, a := range resp.Schema.Attributes {
		if a.IsSensitive() || name == "bearer_token" || name == "next_bearer_token" || name == "rotation_trigger" {
			t.Errorf("the data source has attribute %s (sensitive %t)", name, a.IsSensitive())
		}
	}
	for _, want := range []string{"bearer_token_last_four", "next_bearer_token_last_four", "groups", "scim_group_implicit_role_assignments", "base_url"} {
		if _, ok := resp.Schema.Attributes[want]; !ok {
			t.Errorf("the data source has no attribute %s", want)
		}
	}
	// Argument-only sentences of the resource are cut.
	for name, a := range resp.Schema.Attributes {
		for _, note := range scimResourceNotes {
			if strings.Contains(a.GetMarkdownDescription(), strings.TrimSpace(note)) {
				t.Errorf("%s keeps the resource note %q", name, note)
			}
		}
	}
}

// The data source, by slug and by id, holds the resource's values and no
// token, and shows a rotation started outside Terraform while it is pending;
// the token in the resource's state still works meanwhile, so its plan stays
// empty.
func TestAccB2BSCIMConnectionDataSource_basic(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	const bySlug, byID = "data.stytch_b2b_scim_connection.by_slug", "data.stytch_b2b_scim_connection.by_id"
	cfg := env.config(testAccSCIMConfig(slug, `  display_name      = "Read me"
  identity_provider = "okta"`) + `
data "stytch_b2b_scim_connection" "by_slug" {
  organization_id = stytch_b2b_organization.test.organization_slug
  depends_on      = [stytch_b2b_scim_connection.test]
}

data "stytch_b2b_scim_connection" "by_id" {
  organization_id = stytch_b2b_scim_connection.test.organization_id
}
`)
	same := func(ds, attr string) statecheck.StateCheck {
		return statecheck.CompareValuePairs(ds, tfjsonpath.New(attr), scimAddr, tfjsonpath.New(attr), compare.ValuesSame())
	}
	var checks []statecheck.StateCheck
	for _, ds := range []string{bySlug, byID} {
		for _, attr := range []string{"id", "organization_id", "connection_id", "status", "display_name", "identity_provider", "base_url",
			"bearer_token_last_four", "bearer_token_expires_at", "scim_group_implicit_role_assignments"} {
			checks = append(checks, same(ds, attr))
		}
		checks = append(checks,
			statecheck.ExpectKnownValue(ds, tfjsonpath.New("groups"), knownvalue.ListSizeExact(0)),
			statecheck.ExpectKnownValue(ds, tfjsonpath.New("next_bearer_token_last_four"), knownvalue.StringExact("")),
			statecheck.ExpectKnownValue(ds, tfjsonpath.New("next_bearer_token_expires_at"), knownvalue.Null()),
		)
	}
	var nextToken string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkSCIMDestroyed,
		Steps: []resource.TestStep{
			{Config: cfg, ConfigStateChecks: checks},
			{
				PreConfig: func() {
					ctx := context.Background()
					org, err := env.client.GetOrganization(ctx, slug)
					if err != nil {
						t.Fatal(err)
					}
					conn, err := env.client.GetSCIMConnection(ctx, org.OrganizationID)
					if err != nil {
						t.Fatal(err)
					}
					started, err := env.client.StartSCIMTokenRotation(ctx, org.OrganizationID, conn.ConnectionID)
					if err != nil {
						t.Fatal(err)
					}
					nextToken = started.NextBearerToken
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(scimAddr, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					same(bySlug, "bearer_token_last_four"),
					statecheck.ExpectKnownValue(bySlug, tfjsonpath.New("next_bearer_token_expires_at"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(scimAddr, tfjsonpath.New("bearer_token"), knownvalue.NotNull()),
				},
				Check: func(s *terraform.State) error {
					got := s.RootModule().Resources[bySlug].Primary.Attributes["next_bearer_token_last_four"]
					if got != tokenLastFour(nextToken) {
						return fmt.Errorf("next_bearer_token_last_four is %q, want %q", got, tokenLastFour(nextToken))
					}
					return nil
				},
			},
		},
	})
}

// An organization without a SCIM connection, or no organization, is an
// error that says so and what to do.
func TestAccB2BSCIMConnectionDataSource_notFound(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	org := fmt.Sprintf(`
resource "stytch_b2b_organization" "test" {
  organization_name = "No SCIM"
  organization_slug = %q
}
`, slug)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			{Config: env.config(org)},
			{
				Config: env.config(org + `
data "stytch_b2b_scim_connection" "test" {
  organization_id = stytch_b2b_organization.test.organization_id
}
`),
				ExpectError: regexp.MustCompile(`(?s)SCIM Connection Not Found.*` + phrase("has no SCIM connection. Create one with the stytch_b2b_scim_connection resource")),
			},
			{
				Config: env.config(org + fmt.Sprintf(`
data "stytch_b2b_scim_connection" "test" {
  organization_id = "%s-missing"
}
`, slug)),
				ExpectError: regexp.MustCompile(`(?s)B2B Organization Not Found.*` + phrase("Check organization_id") + `.*organization_not_found`),
			},
			{
				Config: env.config(org + `
data "stytch_b2b_scim_connection" "test" {
  organization_id = ""
}
`),
				ExpectError: regexp.MustCompile(`(?s)organization_id.*length must be at least 1`),
			},
			// A valid configuration again, for the destroy at the end.
			{Config: env.config(org)},
		},
	})
}
