package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

const ssoListAddr = "data.stytch_b2b_sso_connections.test"

// The data source lists every connection of an organization by type, looked up
// by slug, with each connection's attributes and without its secrets; an
// organization without connections has three empty lists, and an unknown one
// is an error that names Stytch's error type.
func TestAccB2BSSOConnectionsDataSource(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	orgConfig := fmt.Sprintf(`
resource "stytch_b2b_organization" "test" {
  organization_name = "Connections"
  organization_slug = %q
}
`, slug)
	list := func(organization string) string {
		return orgConfig + fmt.Sprintf(`
data "stytch_b2b_sso_connections" "test" {
  organization_id = %s
}
`, organization)
	}
	var samlID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config: env.config(list("stytch_b2b_organization.test.organization_id")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ssoListAddr, tfjsonpath.New("saml_connections"), knownvalue.ListSizeExact(0)),
					statecheck.ExpectKnownValue(ssoListAddr, tfjsonpath.New("oidc_connections"), knownvalue.ListSizeExact(0)),
					statecheck.ExpectKnownValue(ssoListAddr, tfjsonpath.New("external_connections"), knownvalue.ListSizeExact(0)),
				},
				// Connections made outside Terraform, for the next step to find.
				Check: func(s *terraform.State) error {
					orgID := s.RootModule().Resources[orgAddr].Primary.ID
					samlID = createActiveSAMLConnection(t, env.client, orgID, "Okta").ConnectionID
					ctx := context.Background()
					oidc, err := env.client.CreateOIDCConnection(ctx, orgID, stytch.CreateOIDCConnectionRequest{DisplayName: "Entra", IdentityProvider: "microsoft-entra"})
					if err != nil {
						return err
					}
					secret, clientID := "oidc-client-secret-3141", "client-entra"
					_, _, err = env.client.UpdateOIDCConnection(ctx, orgID, oidc.ConnectionID, stytch.UpdateOIDCConnectionRequest{ClientID: &clientID, ClientSecret: &secret})
					return err
				},
			},
			{
				Config: env.config(list(fmt.Sprintf("%q", slug))),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.CompareValuePairs(ssoListAddr, tfjsonpath.New("id"), orgAddr, tfjsonpath.New("organization_id"), compare.ValuesSame()),
					statecheck.ExpectKnownValue(ssoListAddr, tfjsonpath.New("saml_connections"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"connection_id":             knownvalue.StringFunc(func(v string) error { return expectEqual(v, samlID) }),
							"display_name":              knownvalue.StringExact("Okta"),
							"identity_provider":         knownvalue.StringExact("okta"),
							"status":                    knownvalue.StringExact("active"),
							"idp_sso_url":               knownvalue.StringExact("https://idp.example.com/sso"),
							"verification_certificates": knownvalue.ListSizeExact(1),
						}),
					})),
					statecheck.ExpectKnownValue(ssoListAddr, tfjsonpath.New("oidc_connections"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"display_name": knownvalue.StringExact("Entra"),
							"client_id":    knownvalue.StringExact("client-entra"),
							"status":       knownvalue.StringExact("pending"),
						}),
					})),
				},
				Check: resource.ComposeTestCheckFunc(
					// No secret of any connection reaches state.
					resource.TestCheckNoResourceAttr(ssoListAddr, "oidc_connections.0.client_secret"),
					resource.TestCheckNoResourceAttr(ssoListAddr, "saml_connections.0.signing_private_key"),
					resource.TestCheckNoResourceAttr(ssoListAddr, "saml_connections.0.x509_certificate"),
				),
			},
			{
				Config:      env.config(orgConfig + `data "stytch_b2b_sso_connections" "missing" { organization_id = "no-such-organization-slug" }`),
				ExpectError: regexp.MustCompile(`(?s)Unable to Read B2B SSO Connections.*organization_not_found`),
			},
		},
	})
}

func expectEqual(got, want string) error {
	if got != want {
		return fmt.Errorf("got %q, want %q", got, want)
	}
	return nil
}
