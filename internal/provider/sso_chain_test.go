package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// The whole chain of a customer's SSO setup in one configuration, against a
// fresh emulator: organization, SAML and OIDC connections, and the settings
// that name them. It applies, plans empty, and destroys in the right order
// (settings first, so no connection is deleted while it is the default).
func TestAccSSOChain(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	cert := testCertificatePEM(t, "idp.chain.example.com")
	chain := func(name string) string {
		return fmt.Sprintf(`
resource "stytch_b2b_organization" "test" {
  organization_name    = %[3]q
  organization_slug    = %[1]q
  sso_jit_provisioning = "RESTRICTED"
}

resource "stytch_b2b_saml_connection" "okta" {
  organization_id   = stytch_b2b_organization.test.organization_id
  display_name      = "Okta"
  identity_provider = "okta"
  idp_entity_id     = "http://www.okta.com/%[1]s"
  idp_sso_url       = "https://%[1]s.okta.example.com/sso/saml"
  x509_certificate  = %[2]q
  attribute_mapping = {
    email     = "email"
    full_name = "name"
  }
}

resource "stytch_b2b_oidc_connection" "entra" {
  organization_id   = stytch_b2b_organization.test.organization_id
  display_name      = "Entra ID"
  identity_provider = "microsoft-entra"
  client_id         = "client-%[1]s"
  client_secret     = "secret-%[1]s"
  issuer            = "https://login.example.com/%[1]s/v2.0"
  authorization_url = "https://login.example.com/%[1]s/oauth2/v2.0/authorize"
  token_url         = "https://login.example.com/%[1]s/oauth2/v2.0/token"
  userinfo_url      = "https://graph.example.com/oidc/userinfo"
  jwks_url          = "https://login.example.com/%[1]s/discovery/v2.0/keys"
}

resource "stytch_b2b_organization_sso_settings" "test" {
  organization_id                      = stytch_b2b_organization.test.organization_id
  default_connection_id                = stytch_b2b_saml_connection.okta.connection_id
  jit_provisioning_allowed_connections = [stytch_b2b_saml_connection.okta.connection_id, stytch_b2b_oidc_connection.entra.connection_id]
}
`, slug, cert, name)
	}
	config := chain("Chain")
	// The same chain with the organization renamed and without the OIDC
	// connection: one apply updates the organization while the connection
	// (and so one of its sso_active_connections) goes away.
	smaller := strings.Replace(chain("Chain Renamed"), ", stytch_b2b_oidc_connection.entra.connection_id]", "]", 1)
	smaller = smaller[:strings.Index(smaller, `resource "stytch_b2b_oidc_connection"`)] + smaller[strings.Index(smaller, `resource "stytch_b2b_organization_sso_settings"`):]
	var orgID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config: env.config(config),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("stytch_b2b_saml_connection.okta", tfjsonpath.New("status"), knownvalue.StringExact("active")),
					statecheck.ExpectKnownValue("stytch_b2b_oidc_connection.entra", tfjsonpath.New("status"), knownvalue.StringExact("active")),
					statecheck.ExpectKnownValue(settingsAddr, tfjsonpath.New("jit_provisioning_allowed_connections"), knownvalue.SetSizeExact(2)),
				},
				Check: func(s *terraform.State) error {
					org, err := env.client.GetOrganization(context.Background(), s.RootModule().Resources[orgAddr].Primary.ID)
					if err != nil {
						return err
					}
					saml := s.RootModule().Resources["stytch_b2b_saml_connection.okta"].Primary.Attributes["connection_id"]
					if org.SSODefaultConnectionID == nil || *org.SSODefaultConnectionID != saml || len(org.SSOActiveConnections) != 2 {
						return fmt.Errorf("Stytch's organization: default %v, active connections %v", org.SSODefaultConnectionID, org.SSOActiveConnections)
					}
					return nil
				},
			},
			{
				// The organization's read-only view of the settings agrees after a refresh.
				Config:           env.config(config),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.CompareValuePairs(orgAddr, tfjsonpath.New("sso_default_connection_id"),
						"stytch_b2b_saml_connection.okta", tfjsonpath.New("connection_id"), compare.ValuesSame()),
					statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("sso_active_connections"), knownvalue.ListSizeExact(2)),
				},
				Check: func(s *terraform.State) error {
					orgID = s.RootModule().Resources[orgAddr].Primary.ID
					return nil
				},
			},
			{
				// Someone clears the settings in Stytch: the plan shows it and
				// the apply restores them.
				PreConfig: func() {
					if _, err := env.client.UpdateOrganization(context.Background(), orgID, settingsUpdate(context.Background(), "", nil)); err != nil {
						t.Fatal(err)
					}
				},
				Config: env.config(config),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(settingsAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.CompareValuePairs(settingsAddr, tfjsonpath.New("default_connection_id"),
						"stytch_b2b_saml_connection.okta", tfjsonpath.New("connection_id"), compare.ValuesSame()),
					statecheck.ExpectKnownValue(settingsAddr, tfjsonpath.New("jit_provisioning_allowed_connections"), knownvalue.SetSizeExact(2)),
				},
			},
			{
				Config: env.config(smaller),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(orgAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("stytch_b2b_oidc_connection.entra", plancheck.ResourceActionDestroy),
				}},
			},
			{
				Config:           env.config(smaller),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("sso_active_connections"), knownvalue.ListSizeExact(1)),
				},
			},
		},
	})
}
