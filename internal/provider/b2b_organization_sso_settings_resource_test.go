package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

const settingsAddr = "stytch_b2b_organization_sso_settings.test"

func testAccSettingsConfig(slug, settings string) string {
	return fmt.Sprintf(`
resource "stytch_b2b_organization" "test" {
  organization_name = "Settings"
  organization_slug = %q
}

resource "stytch_b2b_organization_sso_settings" "test" {
  organization_id = stytch_b2b_organization.test.organization_id
%s
}
`, slug, settings)
}

// The settings resource without connections: an empty default and list, import
// by slug with an empty plan after, a connection that does not exist refused
// by Stytch at apply with its error name, and the organization's own view of
// the fields read-only.
func TestAccB2BOrganizationSSOSettings_basic(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config: env.config(testAccSettingsConfig(slug, "")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(settingsAddr, tfjsonpath.New("default_connection_id"), knownvalue.Null()),
					statecheck.ExpectKnownValue(settingsAddr, tfjsonpath.New("jit_provisioning_allowed_connections"), knownvalue.SetSizeExact(0)),
					statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("sso_default_connection_id"), knownvalue.Null()),
				},
			},
			{
				ResourceName:      settingsAddr,
				ImportState:       true,
				ImportStateId:     slug,
				ImportStateVerify: true,
			},
			{
				Config:      env.config(testAccSettingsConfig(slug, `  default_connection_id = "saml-connection-test-missing"`)),
				ExpectError: regexp.MustCompile(`(?s)Unable to Update B2B Organization SSO Settings.*invalid_sso_default_connection_id.*request_id`),
			},
			{
				Config:      env.config(testAccSettingsConfig(slug, `  jit_provisioning_allowed_connections = [""]`)),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)jit_provisioning_allowed_connections.*length must\s+be at least 1`),
			},
			// The refused update left state as it was: the plan is empty.
			{
				Config:   env.config(testAccSettingsConfig(slug, "")),
				PlanOnly: true,
			},
		},
	})
}

// An organization deleted outside Terraform takes its settings along: both
// leave state on the next refresh, and apply creates them again.
func TestAccB2BOrganizationSSOSettings_organizationDeletedOutside(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config: env.config(testAccSettingsConfig(slug, "")),
				Check: func(s *terraform.State) error {
					return env.client.DeleteOrganization(context.Background(), s.RootModule().Resources[orgAddr].Primary.ID)
				},
				ExpectNonEmptyPlan: true,
			},
			{
				Config: env.config(testAccSettingsConfig(slug, "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(orgAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction(settingsAddr, plancheck.ResourceActionCreate),
				}},
			},
		},
	})
}

// Resource identity (Terraform 1.12 and later): the organization's id, set
// at create, unchanged by an update (a default connection set) and a
// refresh, importable with an identity block (by id or by slug, with an
// empty plan after); an identity naming no organization is an error.
func TestAccB2BOrganizationSSOSettings_resourceIdentity(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	idp := samlIdPFields("https://idp.example.com/settings-identity", testCertificatePEM(t, "idp-settings-identity"))
	withConnection := func(settings string) string {
		return env.config(testAccSettingsConfig(slug, settings) + `
resource "stytch_b2b_saml_connection" "test" {
  organization_id = stytch_b2b_organization.test.organization_id
` + idp + `}
`)
	}
	updated := withConnection(`  default_connection_id = stytch_b2b_saml_connection.test.connection_id`)
	tracker := newIdentityTracker(settingsAddr, map[string]*regexp.Regexp{"organization_id": organizationIDPattern})
	it := identityTest{
		tracker:      tracker,
		config:       updated,
		bySlug:       hclObject("organization_id", slug),
		missing:      hclObject("organization_id", "organization-test-00000000-0000-4000-8000-000000000000"),
		missingError: wrappedError(`Cannot import non-existent remote object`),
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   identityCLI,
		CheckDestroy:             env.checkDestroyed,
		Steps: append([]resource.TestStep{
			{Config: withConnection(""), ConfigStateChecks: tracker.created()},
			{
				Config:            updated,
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(settingsAddr, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: []statecheck.StateCheck{tracker.check()},
			},
		}, it.steps()...),
	})
}
