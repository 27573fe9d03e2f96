package provider

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

const samlAddr = "stytch_b2b_saml_connection.test"

// testAccSAMLConfig is an organization and a SAML connection of it whose
// arguments, besides organization_id, are body.
func testAccSAMLConfig(slug, body string) string {
	return fmt.Sprintf(`
resource "stytch_b2b_organization" "test" {
  organization_name = "SAML"
  organization_slug = %q
}

resource "stytch_b2b_saml_connection" "test" {
  organization_id = stytch_b2b_organization.test.organization_id
%s
}
`, slug, body)
}

// samlIdPFields are the three IdP arguments that, with Stytch's default
// attribute mapping, make a connection active.
func samlIdPFields(entityID, cert string) string {
	return fmt.Sprintf(`  idp_entity_id    = %q
  idp_sso_url      = "https://idp.example.com/sso/saml"
  x509_certificate = %q
`, entityID, cert)
}

// samlConnection reads the SAML connection of a resource in state straight
// from the API.
func (e *testEnv) samlConnection(s *terraform.State, addr string) (*stytch.SAMLConnection, error) {
	return connectionInState(e, s, addr, "SAML", (*stytch.SSOConnections).SAML)
}

// checkSAML runs assertions on the connection of samlAddr as Stytch holds it.
func (e *testEnv) checkSAML(check func(*stytch.SAMLConnection) error) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		conn, err := e.samlConnection(s, samlAddr)
		if err != nil {
			return err
		}
		return check(conn)
	}
}

// verificationCertificatesAre checks that Stytch verifies with exactly the
// given certificates, compared by their DER bytes.
func verificationCertificatesAre(conn *stytch.SAMLConnection, want ...string) error {
	var got []string
	for _, c := range conn.VerificationCertificates {
		got = append(got, c.Issuer)
	}
	if len(conn.VerificationCertificates) != len(want) {
		return fmt.Errorf("connection has %d verification certificates (issuers %v), want %d", len(got), got, len(want))
	}
	for _, w := range want {
		if !slices.ContainsFunc(conn.VerificationCertificates, func(c stytch.X509Certificate) bool { return sameCertificate(c.Certificate, w) }) {
			return fmt.Errorf("connection lacks a wanted certificate; it has issuers %v", got)
		}
	}
	return nil
}

// wrappedError matches an error message that Terraform may have wrapped
// over several lines: each space of pattern matches any white space.
func wrappedError(pattern string) *regexp.Regexp {
	return regexp.MustCompile("(?s)" + strings.ReplaceAll(pattern, " ", `\s+`))
}

// samlImportID is the import id organization_id/connection_id of samlAddr;
// byslug puts the organization's slug in place of its id.
func samlImportID(slug string) resource.ImportStateIdFunc {
	return func(s *terraform.State) (string, error) {
		rs, ok := s.RootModule().Resources[samlAddr]
		if !ok {
			return "", fmt.Errorf("%s is not in state", samlAddr)
		}
		org := rs.Primary.Attributes["organization_id"]
		if slug != "" {
			org = slug
		}
		return org + "/" + rs.Primary.ID, nil
	}
}

// Every argument set, changed in place, imported, then removed from the
// configuration: what a user sees in state and what Stytch holds after each.
func TestAccB2BSAMLConnection_everyArgument(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	certA, certB := testCertificatePEM(t, "idp-a"), testCertificatePEM(t, "idp-b")
	signingA, signingB := testRSAPrivateKeyPEM(t), testRSAPrivateKeyPEM(t)
	encryptionA, encryptionB := testRSAPrivateKeyPEM(t), testRSAPrivateKeyPEM(t)
	full := fmt.Sprintf(`  display_name      = "Okta"
  identity_provider = "okta"
  idp_entity_id     = "http://www.okta.com/exk1"
  idp_sso_url       = "https://acme.okta.com/app/sso/saml"
  x509_certificate  = %q
  attribute_mapping = {
    email      = "email"
    first_name = "given"
    last_name  = "family"
    groups     = "groups"
  }
  saml_connection_implicit_role_assignments = [{ role_id = "stytch_member" }]
  saml_group_implicit_role_assignments = [
    { role_id = "stytch_admin", group = "admins" },
    { role_id = "billing", group = "finance" },
  ]
  alternative_audience_uri    = "https://legacy.example.com/saml/metadata"
  alternative_acs_url         = "https://auth.example.com/saml/acs"
  nameid_format               = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"
  idp_initiated_auth_disabled = true
  allow_gateway_callback      = true
  signing_private_key         = %q
  saml_encryption_private_key = %q
`, certA, signingA, encryptionA)
	changed := fmt.Sprintf(`  display_name      = "Okta (EU)"
  identity_provider = "microsoft-entra"
  idp_entity_id     = "https://sts.windows.net/tenant-2/"
  idp_sso_url       = "https://login.microsoftonline.com/tenant-2/saml2"
  x509_certificate  = %q
  attribute_mapping = {
    email     = "mail"
    full_name = "displayName"
    groups    = "memberOf"
  }
  saml_connection_implicit_role_assignments = [{ role_id = "viewer" }, { role_id = "stytch_admin" }]
  saml_group_implicit_role_assignments      = [{ role_id = "billing", group = "accounting" }]
  alternative_audience_uri    = "https://legacy2.example.com/saml/metadata"
  alternative_acs_url         = "https://auth2.example.com/saml/acs"
  nameid_format               = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"
  idp_initiated_auth_disabled = false
  allow_gateway_callback      = false
  signing_private_key         = %q
  saml_encryption_private_key = %q
`, certB, signingB, encryptionB)
	// Without the optional arguments, only what keeps the connection active.
	cleared := `  idp_entity_id = "https://sts.windows.net/tenant-2/"
  idp_sso_url   = "https://login.microsoftonline.com/tenant-2/saml2"
`
	sameID := statecheck.CompareValue(compare.ValuesSame())
	callbackURL := regexp.MustCompile(`^https://test\.stytch\.com/v1/b2b/sso/callback/saml-connection-test-`)
	str := func(name, want string) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(samlAddr, tfjsonpath.New(name), knownvalue.StringExact(want))
	}
	boolean := func(name string, want bool) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(samlAddr, tfjsonpath.New(name), knownvalue.Bool(want))
	}
	size := func(name string, n int) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(samlAddr, tfjsonpath.New(name), knownvalue.ListSizeExact(n))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config: env.config(testAccSAMLConfig(slug, full)),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(samlAddr, tfjsonpath.New("id")),
					statecheck.CompareValuePairs(samlAddr, tfjsonpath.New("id"), samlAddr, tfjsonpath.New("connection_id"), compare.ValuesSame()),
					statecheck.CompareValuePairs(samlAddr, tfjsonpath.New("organization_id"), orgAddr, tfjsonpath.New("organization_id"), compare.ValuesSame()),
					str("status", "active"),
					statecheck.ExpectKnownValue(samlAddr, tfjsonpath.New("acs_url"), knownvalue.StringRegexp(callbackURL)),
					statecheck.ExpectKnownValue(samlAddr, tfjsonpath.New("audience_uri"), knownvalue.StringRegexp(callbackURL)),
					str("display_name", "Okta"),
					str("identity_provider", "okta"),
					str("idp_entity_id", "http://www.okta.com/exk1"),
					str("x509_certificate", certA),
					statecheck.ExpectKnownValue(samlAddr, tfjsonpath.New("attribute_mapping"), knownvalue.MapExact(map[string]knownvalue.Check{
						"email": knownvalue.StringExact("email"), "first_name": knownvalue.StringExact("given"),
						"last_name": knownvalue.StringExact("family"), "groups": knownvalue.StringExact("groups"),
					})),
					statecheck.ExpectKnownValue(samlAddr, tfjsonpath.New("saml_group_implicit_role_assignments"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{"role_id": knownvalue.StringExact("stytch_admin"), "group": knownvalue.StringExact("admins")}),
						knownvalue.ObjectExact(map[string]knownvalue.Check{"role_id": knownvalue.StringExact("billing"), "group": knownvalue.StringExact("finance")}),
					})),
					statecheck.ExpectKnownValue(samlAddr, tfjsonpath.New("saml_connection_implicit_role_assignments"), knownvalue.SetSizeExact(1)),
					str("nameid_format", "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"),
					boolean("idp_initiated_auth_disabled", true),
					boolean("allow_gateway_callback", true),
					// Stytch's own signing certificate, and one of the key sent.
					size("signing_certificates", 2),
					size("verification_certificates", 1),
					statecheck.ExpectKnownValue(samlAddr, tfjsonpath.New("verification_certificates").AtSliceIndex(0).AtMapKey("issuer"), knownvalue.StringExact("idp-a")),
					size("encryption_private_keys", 1),
					statecheck.ExpectKnownValue(samlAddr, tfjsonpath.New("encryption_private_keys").AtSliceIndex(0).AtMapKey("private_key_id"), knownvalue.StringRegexp(regexp.MustCompile(`.`))),
				},
				Check: env.checkSAML(func(conn *stytch.SAMLConnection) error {
					if conn.DisplayName != "Okta" || conn.AlternativeACSURL != "https://auth.example.com/saml/acs" || !conn.AllowGatewayCallback {
						return fmt.Errorf("Stytch holds display_name %q, alternative_acs_url %q, allow_gateway_callback %v",
							conn.DisplayName, conn.AlternativeACSURL, conn.AllowGatewayCallback)
					}
					return verificationCertificatesAre(conn, certA)
				}),
			},
			// Every argument changes in place: same connection, same id.
			{
				Config: env.config(testAccSAMLConfig(slug, changed)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(samlAddr, plancheck.ResourceActionUpdate),
					// Only the attributes that change are unknown in the plan.
					plancheck.ExpectKnownValue(samlAddr, tfjsonpath.New("acs_url"), knownvalue.StringRegexp(callbackURL)),
					plancheck.ExpectUnknownValue(samlAddr, tfjsonpath.New("verification_certificates")),
					plancheck.ExpectUnknownValue(samlAddr, tfjsonpath.New("signing_certificates")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(samlAddr, tfjsonpath.New("id")),
					str("status", "active"),
					str("display_name", "Okta (EU)"),
					str("identity_provider", "microsoft-entra"),
					str("idp_entity_id", "https://sts.windows.net/tenant-2/"),
					str("idp_sso_url", "https://login.microsoftonline.com/tenant-2/saml2"),
					str("x509_certificate", certB),
					str("alternative_audience_uri", "https://legacy2.example.com/saml/metadata"),
					str("alternative_acs_url", "https://auth2.example.com/saml/acs"),
					str("nameid_format", "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"),
					boolean("idp_initiated_auth_disabled", false),
					boolean("allow_gateway_callback", false),
					statecheck.ExpectKnownValue(samlAddr, tfjsonpath.New("saml_connection_implicit_role_assignments"), knownvalue.SetSizeExact(2)),
					statecheck.ExpectKnownValue(samlAddr, tfjsonpath.New("saml_group_implicit_role_assignments"), knownvalue.SetSizeExact(1)),
					statecheck.ExpectKnownValue(samlAddr, tfjsonpath.New("attribute_mapping").AtMapKey("groups"), knownvalue.StringExact("memberOf")),
					// The rotation deleted certificate A; the new keys added a
					// signing certificate and an encryption key.
					size("verification_certificates", 1),
					statecheck.ExpectKnownValue(samlAddr, tfjsonpath.New("verification_certificates").AtSliceIndex(0).AtMapKey("issuer"), knownvalue.StringExact("idp-b")),
					size("signing_certificates", 3),
					size("encryption_private_keys", 2),
				},
				Check: env.checkSAML(func(conn *stytch.SAMLConnection) error {
					if conn.IdentityProvider != "microsoft-entra" || conn.AttributeMapping["email"] != "mail" || len(conn.AttributeMapping) != 3 {
						return fmt.Errorf("Stytch holds identity_provider %q, attribute_mapping %v", conn.IdentityProvider, conn.AttributeMapping)
					}
					return verificationCertificatesAre(conn, certB)
				}),
			},
			// Import by organization id: the keys cannot be read back.
			{
				ResourceName:            samlAddr,
				ImportState:             true,
				ImportStateIdFunc:       samlImportID(""),
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"signing_private_key", "saml_encryption_private_key"},
			},
			// Every optional argument removed: the free strings and role
			// assignments are cleared, the booleans back to false, Stytch's
			// defaulted settings kept; the certificate stays on the
			// connection, which is active and must keep one.
			{
				Config: env.config(testAccSAMLConfig(slug, cleared)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(samlAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(samlAddr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
					plancheck.ExpectKnownValue(samlAddr, tfjsonpath.New("verification_certificates"), knownvalue.ListSizeExact(1)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(samlAddr, tfjsonpath.New("id")),
					str("status", "active"),
					str("display_name", ""),
					str("alternative_audience_uri", ""),
					str("alternative_acs_url", ""),
					boolean("idp_initiated_auth_disabled", false),
					boolean("allow_gateway_callback", false),
					statecheck.ExpectKnownValue(samlAddr, tfjsonpath.New("saml_connection_implicit_role_assignments"), knownvalue.SetSizeExact(0)),
					statecheck.ExpectKnownValue(samlAddr, tfjsonpath.New("saml_group_implicit_role_assignments"), knownvalue.SetSizeExact(0)),
					str("identity_provider", "microsoft-entra"),
					str("nameid_format", "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"),
					statecheck.ExpectKnownValue(samlAddr, tfjsonpath.New("attribute_mapping").AtMapKey("email"), knownvalue.StringExact("mail")),
					statecheck.ExpectKnownValue(samlAddr, tfjsonpath.New("x509_certificate"), knownvalue.Null()),
					statecheck.ExpectKnownValue(samlAddr, tfjsonpath.New("signing_private_key"), knownvalue.Null()),
					statecheck.ExpectKnownValue(samlAddr, tfjsonpath.New("saml_encryption_private_key"), knownvalue.Null()),
					size("verification_certificates", 1),
					size("signing_certificates", 3),
				},
				Check: env.checkSAML(func(conn *stytch.SAMLConnection) error {
					if conn.DisplayName != "" || len(conn.SAMLGroupImplicitRoleAssignments) != 0 || conn.AlternativeACSURL != "" {
						return fmt.Errorf("Stytch still holds display_name %q, group assignments %v, alternative_acs_url %q",
							conn.DisplayName, conn.SAMLGroupImplicitRoleAssignments, conn.AlternativeACSURL)
					}
					return verificationCertificatesAre(conn, certB)
				}),
			},
			// Stytch refuses to take idp_sso_url from an active connection;
			// the refusal leaves state as it was.
			{
				Config:      env.config(testAccSAMLConfig(slug, `  idp_entity_id = "https://sts.windows.net/tenant-2/"`)),
				ExpectError: wrappedError(`Unable to Update SAML Connection.*saml_connection_idp_sso_url_required.*request_id`),
			},
			{
				Config:   env.config(testAccSAMLConfig(slug, cleared)),
				PlanOnly: true,
			},
		},
	})
}

// A connection starts pending; the IdP fields can be set and cleared while it
// is; with all of them and Stytch's default attribute mapping it turns active.
func TestAccB2BSAMLConnection_pendingToActive(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	cert := testCertificatePEM(t, "idp-pending")
	str := func(name, want string) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(samlAddr, tfjsonpath.New(name), knownvalue.StringExact(want))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config: env.config(testAccSAMLConfig(slug, `  display_name = "Pending"`)),
				ConfigStateChecks: []statecheck.StateCheck{
					str("status", "pending"),
					str("idp_entity_id", ""),
					str("idp_sso_url", ""),
					str("identity_provider", "generic"),
					str("nameid_format", "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"),
					statecheck.ExpectKnownValue(samlAddr, tfjsonpath.New("attribute_mapping"), knownvalue.MapExact(map[string]knownvalue.Check{
						"email": knownvalue.StringExact("email"), "full_name": knownvalue.StringExact("name"),
					})),
					statecheck.ExpectKnownValue(samlAddr, tfjsonpath.New("verification_certificates"), knownvalue.ListSizeExact(0)),
					statecheck.ExpectKnownValue(samlAddr, tfjsonpath.New("signing_certificates").AtSliceIndex(0).AtMapKey("issuer"), knownvalue.StringExact("Stytch")),
					statecheck.ExpectKnownValue(samlAddr, tfjsonpath.New("x509_certificate"), knownvalue.Null()),
				},
			},
			// Two of the three IdP fields: still pending.
			{
				Config: env.config(testAccSAMLConfig(slug, `  display_name  = "Pending"
  idp_entity_id = "https://idp.example.com/entity"
  idp_sso_url   = "https://idp.example.com/sso/saml"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(samlAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(samlAddr, tfjsonpath.New("status")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					str("status", "pending"),
					str("idp_entity_id", "https://idp.example.com/entity"),
				},
			},
			// A pending connection may lose them again: omitted means cleared.
			{
				Config: env.config(testAccSAMLConfig(slug, `  display_name = "Pending"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(samlAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(samlAddr, tfjsonpath.New("idp_entity_id"), knownvalue.StringExact("")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{str("status", "pending"), str("idp_entity_id", ""), str("idp_sso_url", "")},
				Check: env.checkSAML(func(conn *stytch.SAMLConnection) error {
					if conn.IdPEntityID != "" || conn.IdPSSOURL != "" {
						return fmt.Errorf("Stytch still holds idp_entity_id %q and idp_sso_url %q", conn.IdPEntityID, conn.IdPSSOURL)
					}
					return nil
				}),
			},
			// All three: active, in place.
			{
				Config: env.config(testAccSAMLConfig(slug, `  display_name = "Pending"
`+samlIdPFields("https://idp.example.com/entity", cert))),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(samlAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					str("status", "active"),
					statecheck.ExpectKnownValue(samlAddr, tfjsonpath.New("verification_certificates"), knownvalue.ListSizeExact(1)),
				},
				Check: env.checkSAML(func(conn *stytch.SAMLConnection) error {
					if conn.Status != "active" {
						return fmt.Errorf("Stytch says the connection is %q", conn.Status)
					}
					return nil
				}),
			},
		},
	})
}

// Import by organization id, by slug, and with an import block (which must
// plan nothing but the import), each followed by an empty plan.
func TestAccB2BSAMLConnection_import(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	body := `  display_name      = "Imported"
  identity_provider = "onelogin"
  saml_connection_implicit_role_assignments = [{ role_id = "stytch_member" }]
` + samlIdPFields("https://app.onelogin.com/saml/metadata/1", testCertificatePEM(t, "idp-import"))
	config := env.config(testAccSAMLConfig(slug, body))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			{Config: config},
			{
				ResourceName:      samlAddr,
				ImportState:       true,
				ImportStateIdFunc: samlImportID(""),
				ImportStateVerify: true,
			},
			// By slug: state records the organization's id all the same.
			{
				ResourceName:      samlAddr,
				ImportState:       true,
				ImportStateIdFunc: samlImportID(slug),
				ImportStateVerify: true,
			},
			{
				ResourceName:      samlAddr,
				ImportState:       true,
				ImportStateKind:   resource.ImportBlockWithID,
				ImportStateIdFunc: samlImportID(slug),
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(samlAddr, plancheck.ResourceActionNoop),
				}},
				Config: config,
			},
			{
				ResourceName:  samlAddr,
				ImportState:   true,
				ImportStateId: slug + "/saml-connection-test-missing",
				ExpectError:   wrappedError(`Cannot import non-existent remote object`),
			},
			{
				ResourceName:  samlAddr,
				ImportState:   true,
				ImportStateId: "saml-connection-test-without-organization",
				ExpectError:   wrappedError(`Invalid Import ID.*ORGANIZATION/CONNECTION_ID`),
			},
		},
	})
}

// Changes made outside Terraform show in the plan: a renamed connection, and
// a configured certificate deleted from Stytch (the plan adds it again).
func TestAccB2BSAMLConnection_drift(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	cert, other := testCertificatePEM(t, "idp-drift"), testCertificatePEM(t, "idp-other")
	config := env.config(testAccSAMLConfig(slug, `  display_name = "Drift"
`+samlIdPFields("https://idp.example.com/drift", cert)))
	ctx := context.Background()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: func(s *terraform.State) error {
					conn, err := env.samlConnection(s, samlAddr)
					if err != nil {
						return err
					}
					name := "Renamed in the dashboard"
					_, err = env.client.UpdateSAMLConnection(ctx, conn.OrganizationID, conn.ConnectionID, stytch.UpdateSAMLConnectionRequest{DisplayName: &name})
					return err
				},
				ExpectNonEmptyPlan: true,
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(samlAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(samlAddr, tfjsonpath.New("display_name"), knownvalue.StringExact("Drift")),
				}},
				// An IdP rotation done in the dashboard: a second certificate
				// added, the configured one deleted.
				Check: func(s *terraform.State) error {
					conn, err := env.samlConnection(s, samlAddr)
					if err != nil {
						return err
					}
					if conn.DisplayName != "Drift" {
						return fmt.Errorf("display_name is %q after apply", conn.DisplayName)
					}
					if conn, err = env.client.UpdateSAMLConnection(ctx, conn.OrganizationID, conn.ConnectionID, stytch.UpdateSAMLConnectionRequest{X509Certificate: &other}); err != nil {
						return err
					}
					for _, c := range conn.VerificationCertificates {
						if sameCertificate(c.Certificate, cert) {
							return env.client.DeleteSAMLVerificationCertificate(ctx, conn.OrganizationID, conn.ConnectionID, c.CertificateID)
						}
					}
					return fmt.Errorf("the configured certificate is not on the connection")
				},
				ExpectNonEmptyPlan: true,
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(samlAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(samlAddr, tfjsonpath.New("x509_certificate"), knownvalue.StringExact(cert)),
				}},
				// The certificate added in the dashboard is left alone: it
				// came from no x509_certificate of this configuration.
				Check: env.checkSAML(func(conn *stytch.SAMLConnection) error { return verificationCertificatesAre(conn, cert, other) }),
			},
		},
	})
}

// A connection deleted outside Terraform leaves state, and apply creates it
// again; so does one deleted with its organization.
func TestAccB2BSAMLConnection_deletedOutside(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	config := env.config(testAccSAMLConfig(slug, samlIdPFields("https://idp.example.com/gone", testCertificatePEM(t, "idp-gone"))))
	ctx := context.Background()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: func(s *terraform.State) error {
					rs := s.RootModule().Resources[samlAddr]
					return env.client.DeleteSSOConnection(ctx, rs.Primary.Attributes["organization_id"], rs.Primary.ID)
				},
				ExpectNonEmptyPlan: true,
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(samlAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction(orgAddr, plancheck.ResourceActionNoop),
				}},
				Check: func(s *terraform.State) error {
					return env.client.DeleteOrganization(ctx, s.RootModule().Resources[orgAddr].Primary.ID)
				},
				ExpectNonEmptyPlan: true,
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(orgAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction(samlAddr, plancheck.ResourceActionCreate),
				}},
				Check: env.checkSAML(func(conn *stytch.SAMLConnection) error {
					if conn.Status != "active" {
						return fmt.Errorf("the new connection is %q", conn.Status)
					}
					return nil
				}),
			},
		},
	})
}

// organization_id forces replacement: the connection is deleted from the
// old organization and created in the new one.
func TestAccB2BSAMLConnection_organizationChangeReplaces(t *testing.T) {
	env := newTestEnv(t)
	slugA, slugB := randomSlug(), randomSlug()
	config := func(org string) string {
		return env.config(fmt.Sprintf(`
resource "stytch_b2b_organization" "a" {
  organization_name = "A"
  organization_slug = %q
}

resource "stytch_b2b_organization" "b" {
  organization_name = "B"
  organization_slug = %q
}

resource "stytch_b2b_saml_connection" "test" {
  organization_id = stytch_b2b_organization.%s.organization_id
  display_name    = "Moving"
}
`, slugA, slugB, org))
	}
	countIn := func(s *terraform.State, org string, want int) error {
		conns, err := env.client.ListSSOConnections(context.Background(), s.RootModule().Resources["stytch_b2b_organization."+org].Primary.ID)
		if err != nil {
			return err
		}
		if len(conns.SAMLConnections) != want {
			return fmt.Errorf("organization %s has %d SAML connections, want %d", org, len(conns.SAMLConnections), want)
		}
		return nil
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config: config("a"),
				Check:  func(s *terraform.State) error { return countIn(s, "a", 1) },
			},
			{
				Config: config("b"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(samlAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: resource.ComposeTestCheckFunc(
					func(s *terraform.State) error { return countIn(s, "a", 0) },
					func(s *terraform.State) error { return countIn(s, "b", 1) },
				),
			},
		},
	})
}

// organization_id written as the organization's slug: the connection is
// created (with a warning), and the next plan refuses the replacement that
// comparing the slug with the recorded id would cause, saying what to write.
func TestAccB2BSAMLConnection_organizationBySlug(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	config := func(ref string) string {
		return env.config(fmt.Sprintf(`
resource "stytch_b2b_organization" "test" {
  organization_name = "Slug"
  organization_slug = %q
}

resource "stytch_b2b_saml_connection" "test" {
  organization_id = stytch_b2b_organization.test.%s
  display_name    = "By slug"
}
`, slug, ref))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config:      config("organization_slug"),
				ExpectError: wrappedError(`Organization Given By Slug.*the connection's own organization.*stytch_b2b_organization.example.organization_id`),
			},
			{
				Config: config("organization_id"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(samlAddr, plancheck.ResourceActionNoop),
				}},
			},
		},
	})
}

// samlRequestLog records the SAML update and certificate delete requests
// that reach the emulator, in order.
type samlRequestLog struct {
	mu    sync.Mutex
	calls []string
}

func (l *samlRequestLog) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/v1/b2b/sso/saml/") && r.Method != http.MethodPost {
			body, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
			call := r.Method
			switch {
			case strings.Contains(r.URL.Path, "/verification_certificates/"):
				call += " certificate"
			case strings.HasSuffix(r.URL.Path, "/url"):
				call += " url"
			case bytes.Contains(body, []byte(`"x509_certificate"`)):
				call += " with certificate"
			}
			l.mu.Lock()
			l.calls = append(l.calls, call)
			l.mu.Unlock()
		}
		next.ServeHTTP(w, r)
	})
}

// take returns the calls recorded since the last take.
func (l *samlRequestLog) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	calls := l.calls
	l.calls = nil
	return calls
}

// Certificate rotation: the new certificate is added before the previous one
// is deleted (Stytch would refuse to delete the only certificate of an active
// connection the other way round), and a change of formatting alone sends
// nothing.
func TestAccB2BSAMLConnection_certificateRotation(t *testing.T) {
	var log samlRequestLog
	env := newWrappedTestEnv(t, log.wrap)
	slug := randomSlug()
	certA, certB := testCertificatePEM(t, "idp-2025"), testCertificatePEM(t, "idp-2026")
	config := func(cert string) string {
		return env.config(testAccSAMLConfig(slug, samlIdPFields("https://idp.example.com/rotation", cert)))
	}
	expectCalls := func(want ...string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			if got := log.take(); !slices.Equal(got, want) {
				return fmt.Errorf("SAML calls %q, want %q", got, want)
			}
			return nil
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config: config(certA),
				Check: resource.ComposeTestCheckFunc(
					expectCalls("PUT with certificate"),
					env.checkSAML(func(conn *stytch.SAMLConnection) error { return verificationCertificatesAre(conn, certA) }),
				),
			},
			{
				Config: config(certB),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(samlAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(samlAddr, tfjsonpath.New("verification_certificates")),
				}},
				Check: resource.ComposeTestCheckFunc(
					expectCalls("PUT with certificate", "DELETE certificate"),
					env.checkSAML(func(conn *stytch.SAMLConnection) error { return verificationCertificatesAre(conn, certB) }),
					resource.TestCheckResourceAttr(samlAddr, "verification_certificates.0.issuer", "idp-2026"),
				),
			},
			// The same certificate with other line breaks and white space.
			{
				Config: config("\n" + strings.ReplaceAll(certB, "\n", "\r\n") + "\n\n"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(samlAddr, tfjsonpath.New("verification_certificates"), knownvalue.ListSizeExact(1)),
				}},
				Check: resource.ComposeTestCheckFunc(
					expectCalls(),
					env.checkSAML(func(conn *stytch.SAMLConnection) error { return verificationCertificatesAre(conn, certB) }),
				),
			},
		},
	})
}

// idpMetadata is a SAML metadata document of an IdP, as Okta or Entra serve it.
func idpMetadata(t *testing.T, entityID, ssoURL, certPEM string) string {
	t.Helper()
	block, _ := pem.Decode([]byte(certPEM))
	if block == nil {
		t.Fatal("not a PEM certificate")
	}
	if _, err := x509.ParseCertificate(block.Bytes); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID=%q>
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo><ds:X509Data><ds:X509Certificate>%s</ds:X509Certificate></ds:X509Data></ds:KeyInfo>
    </md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location=%q/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`, entityID, base64.StdEncoding.EncodeToString(block.Bytes), ssoURL)
}

// metadataServer serves one IdP metadata document on loopback, whatever the
// path or query, and lets the test replace it.
type metadataServer struct {
	mu  sync.Mutex
	doc string
	*httptest.Server
}

func newMetadataServer(t *testing.T, doc string) *metadataServer {
	m := &metadataServer{doc: doc}
	m.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		m.mu.Lock()
		defer m.mu.Unlock()
		w.Header().Set("Content-Type", "application/samlmetadata+xml")
		_, _ = io.WriteString(w, m.doc)
	}))
	t.Cleanup(m.Close)
	return m
}

func (m *metadataServer) serve(doc string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.doc = doc
}

// metadata_url: Stytch fetches the IdP's metadata and the IdP fields are read
// back; a new URL (with a new document behind it) fetches again and replaces
// the certificate; going back to the individual fields replaces the
// metadata's certificate with the configured one.
func TestAccB2BSAMLConnection_metadataURL(t *testing.T) {
	env := newTestEnv(t)
	if env.emulator == nil {
		t.Skip("Stytch cannot fetch metadata from this machine's loopback address")
	}
	slug := randomSlug()
	certV1, certV2, certFields := testCertificatePEM(t, "idp-md-1"), testCertificatePEM(t, "idp-md-2"), testCertificatePEM(t, "idp-fields")
	md := newMetadataServer(t, idpMetadata(t, "https://idp.example.com/md/1", "https://idp.example.com/md/1/sso", certV1))
	config := func(body string) string {
		return env.config(testAccSAMLConfig(slug, `  display_name = "Metadata"
`+body))
	}
	str := func(name, want string) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(samlAddr, tfjsonpath.New(name), knownvalue.StringExact(want))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config: config(fmt.Sprintf("  metadata_url = %q\n", md.URL+"/metadata?v=1")),
				ConfigStateChecks: []statecheck.StateCheck{
					str("status", "active"),
					str("idp_entity_id", "https://idp.example.com/md/1"),
					str("idp_sso_url", "https://idp.example.com/md/1/sso"),
					str("metadata_url", md.URL+"/metadata?v=1"),
					statecheck.ExpectKnownValue(samlAddr, tfjsonpath.New("x509_certificate"), knownvalue.Null()),
				},
				Check: env.checkSAML(func(conn *stytch.SAMLConnection) error { return verificationCertificatesAre(conn, certV1) }),
			},
			// The IdP rotated its certificate and moved; a new URL fetches again.
			{
				PreConfig: func() {
					md.serve(idpMetadata(t, "https://idp.example.com/md/2", "https://idp.example.com/md/2/sso", certV2))
				},
				Config: config(fmt.Sprintf("  metadata_url = %q\n", md.URL+"/metadata?v=2")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(samlAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(samlAddr, tfjsonpath.New("idp_entity_id")),
					plancheck.ExpectUnknownValue(samlAddr, tfjsonpath.New("idp_sso_url")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					str("status", "active"),
					str("idp_entity_id", "https://idp.example.com/md/2"),
					str("idp_sso_url", "https://idp.example.com/md/2/sso"),
					statecheck.ExpectKnownValue(samlAddr, tfjsonpath.New("verification_certificates"), knownvalue.ListSizeExact(1)),
				},
				Check: env.checkSAML(func(conn *stytch.SAMLConnection) error { return verificationCertificatesAre(conn, certV2) }),
			},
			// A changed document behind an unchanged URL is not fetched.
			{
				PreConfig: func() {
					md.serve(idpMetadata(t, "https://idp.example.com/md/3", "https://idp.example.com/md/3/sso", certFields))
				},
				Config:   config(fmt.Sprintf("  metadata_url = %q\n", md.URL+"/metadata?v=2")),
				PlanOnly: true,
			},
			// Back to the individual fields.
			{
				Config: config(samlIdPFields("https://idp.example.com/fields", certFields)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(samlAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					str("idp_entity_id", "https://idp.example.com/fields"),
					str("status", "active"),
					statecheck.ExpectKnownValue(samlAddr, tfjsonpath.New("metadata_url"), knownvalue.Null()),
				},
				Check: env.checkSAML(func(conn *stytch.SAMLConnection) error { return verificationCertificatesAre(conn, certFields) }),
			},
			// And to metadata again: the fetch replaces the configured certificate.
			{
				PreConfig: func() {
					md.serve(idpMetadata(t, "https://idp.example.com/md/4", "https://idp.example.com/md/4/sso", certV1))
				},
				Config: config(fmt.Sprintf("  metadata_url = %q\n", md.URL+"/metadata?v=4")),
				ConfigStateChecks: []statecheck.StateCheck{
					str("idp_entity_id", "https://idp.example.com/md/4"),
					statecheck.ExpectKnownValue(samlAddr, tfjsonpath.New("x509_certificate"), knownvalue.Null()),
				},
				Check: env.checkSAML(func(conn *stytch.SAMLConnection) error { return verificationCertificatesAre(conn, certV1) }),
			},
			// Stytch's refusal of a document that is not metadata.
			{
				PreConfig:   func() { md.serve("<html>not metadata</html>") },
				Config:      config(fmt.Sprintf("  metadata_url = %q\n", md.URL+"/metadata?v=5")),
				ExpectError: wrappedError(`Unable to Update SAML Connection.*saml_connection_metadata_invalid_format.*request_id`),
			},
		},
	})
}

// The organization's default connection cannot be deleted; the error says
// where the default is set.
func TestAccB2BSAMLConnection_defaultConnectionDelete(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	org := `
resource "stytch_b2b_organization" "test" {
  organization_name = "SAML"
  organization_slug = "` + slug + `"
}
`
	ctx := context.Background()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config: env.config(testAccSAMLConfig(slug, samlIdPFields("https://idp.example.com/default", testCertificatePEM(t, "idp-default")))),
				// The default set outside Terraform.
				Check: func(s *terraform.State) error {
					rs := s.RootModule().Resources[samlAddr]
					id := rs.Primary.ID
					_, err := env.client.UpdateOrganization(ctx, rs.Primary.Attributes["organization_id"], stytch.UpdateRequest{SSODefaultConnectionID: &id})
					return err
				},
			},
			{
				Config:      env.config(org),
				ExpectError: wrappedError(`Unable to Delete SAML Connection.*is the default SSO connection.*stytch_b2b_organization_sso_settings.*cannot_delete_default_sso_connection`),
			},
			{
				PreConfig: func() {
					empty := ""
					if _, err := env.client.UpdateOrganization(ctx, slug, stytch.UpdateRequest{SSODefaultConnectionID: &empty}); err != nil {
						t.Fatal(err)
					}
				},
				Config: env.config(org),
			},
		},
	})
}

// Bad input is refused at plan time, before any call to Stytch, and leaves
// state as it was.
func TestAccB2BSAMLConnection_invalidConfig(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	cert, key := testCertificatePEM(t, "idp-invalid"), testRSAPrivateKeyPEM(t)
	pkcs8 := func() string {
		block, _ := pem.Decode([]byte(key))
		parsed, err := x509.ParsePKCS1PrivateKey(block.Bytes)
		if err != nil {
			t.Fatal(err)
		}
		der, err := x509.MarshalPKCS8PrivateKey(parsed)
		if err != nil {
			t.Fatal(err)
		}
		return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	}()
	valid := `  display_name = "Valid"`
	steps := []resource.TestStep{{Config: env.config(testAccSAMLConfig(slug, valid))}}
	for _, tc := range []struct {
		body string
		want string
	}{
		{`  identity_provider = "azure-ad"`, `identity_provider.*value must be one of`},
		{`  metadata_url  = "https://idp.example.com/metadata"
  idp_entity_id = "https://idp.example.com"`, `Invalid Attribute Combination.*idp_entity_id`},
		{fmt.Sprintf("  metadata_url     = \"https://idp.example.com/metadata\"\n  x509_certificate = %q", cert), `Invalid Attribute Combination.*x509_certificate`},
		{`  metadata_url = "https://idp.example.com/metadata"
  idp_sso_url  = "https://idp.example.com/sso"`, `Invalid Attribute Combination.*idp_sso_url`},
		{`  metadata_url = "idp.example.com/metadata"`, `Invalid URL.*absolute http or https URL`},
		{`  idp_sso_url = "http://idp.example.com/sso"`, `Invalid URL.*absolute https URL`},
		{`  signing_private_key_wo_version = 1`, `Invalid Attribute Combination.*signing_private_key_wo`},
		{`  saml_encryption_private_key_wo_version = 2`, `Invalid Attribute Combination.*saml_encryption_private_key_wo`},
		{`  x509_certificate = "MIIC...not a certificate"`, `Invalid X.509 Certificate.*not PEM`},
		{fmt.Sprintf("  x509_certificate = %q", key), `Invalid X.509 Certificate.*"RSA PRIVATE KEY", not a "CERTIFICATE"`},
		{fmt.Sprintf("  x509_certificate = %q", cert+cert), `Invalid X.509 Certificate.*more than one PEM block`},
		{fmt.Sprintf("  signing_private_key = %q", pkcs8), `Invalid RSA Private Key.*"PRIVATE KEY", not an "RSA PRIVATE KEY".*openssl rsa`},
		{`  saml_encryption_private_key = "-----BEGIN RSA PRIVATE KEY-----\nbm90IGEga2V5\n-----END RSA PRIVATE KEY-----\n"`, `Invalid RSA Private Key.*not hold a valid PKCS #1`},
		{fmt.Sprintf("  signing_private_key = %q", cert), `Invalid RSA Private Key.*"CERTIFICATE"`},
		{`  saml_connection_implicit_role_assignments = [{ role_id = "" }]`, `role_id.*length must be at least 1`},
		{`  attribute_mapping = { email = "email", groups = "groups" }
  saml_group_implicit_role_assignments = [{ role_id = "stytch_admin", group = "" }]`, `group.*length must be at least 1`},
		{`  attribute_mapping = { email = "email", full_name = "name" }
  saml_group_implicit_role_assignments = [{ role_id = "stytch_admin", group = "admins" }]`, `Missing Groups Attribute Mapping.*"groups" key`},
	} {
		steps = append(steps, resource.TestStep{
			Config:      env.config(testAccSAMLConfig(slug, tc.body)),
			PlanOnly:    true,
			ExpectError: wrappedError(tc.want),
		})
	}
	steps = append(steps,
		resource.TestStep{
			Config: env.config(`
resource "stytch_b2b_saml_connection" "empty_org" {
  organization_id = ""
}
`),
			PlanOnly:    true,
			ExpectError: wrappedError(`organization_id.*length must be at least 1`),
		},
		resource.TestStep{Config: env.config(testAccSAMLConfig(slug, valid)), PlanOnly: true},
	)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed,
		Steps:                    steps,
	})
}

// The write-only keys (Terraform 1.11 or newer): never in state, sent at
// creation and again only when their version changes; the same checks at
// plan time as for the Sensitive form.
func TestAccB2BSAMLConnection_writeOnlyKeys(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	signing1, signing2, encryption := testRSAPrivateKeyPEM(t), testRSAPrivateKeyPEM(t), testRSAPrivateKeyPEM(t)
	config := func(signingKey string, version int) string {
		return env.config(testAccSAMLConfig(slug, fmt.Sprintf(`  signing_private_key_wo                 = %q
  signing_private_key_wo_version         = %d
  saml_encryption_private_key_wo         = %q
  saml_encryption_private_key_wo_version = 1
`, signingKey, version, encryption)))
	}
	signingCertificates := func(want int) resource.TestCheckFunc {
		return env.checkSAML(func(conn *stytch.SAMLConnection) error {
			if len(conn.SigningCertificates) != want {
				return fmt.Errorf("Stytch has %d signing certificates, want %d", len(conn.SigningCertificates), want)
			}
			return nil
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		Steps: []resource.TestStep{
			{
				Config: config(signing1, 1),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(samlAddr, tfjsonpath.New("signing_private_key_wo"), knownvalue.Null()),
					statecheck.ExpectKnownValue(samlAddr, tfjsonpath.New("saml_encryption_private_key_wo"), knownvalue.Null()),
					statecheck.ExpectKnownValue(samlAddr, tfjsonpath.New("signing_private_key_wo_version"), knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue(samlAddr, tfjsonpath.New("signing_certificates"), knownvalue.ListSizeExact(2)),
					statecheck.ExpectKnownValue(samlAddr, tfjsonpath.New("encryption_private_keys"), knownvalue.ListSizeExact(1)),
				},
				Check: signingCertificates(2),
			},
			// A new key without a new version: Terraform cannot see it, so
			// nothing is sent.
			{
				Config: config(signing2, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(samlAddr, plancheck.ResourceActionNoop),
				}},
				Check: signingCertificates(2),
			},
			// A new version sends it.
			{
				Config: config(signing2, 2),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(samlAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(samlAddr, tfjsonpath.New("encryption_private_keys"), knownvalue.ListSizeExact(1)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(samlAddr, tfjsonpath.New("signing_certificates"), knownvalue.ListSizeExact(3)),
					statecheck.ExpectKnownValue(samlAddr, tfjsonpath.New("encryption_private_keys"), knownvalue.ListSizeExact(1)),
				},
				Check: signingCertificates(3),
			},
			{
				Config: env.config(testAccSAMLConfig(slug, fmt.Sprintf(`  signing_private_key            = %q
  signing_private_key_wo         = %q
  signing_private_key_wo_version = 3`, signing1, signing1))),
				PlanOnly:    true,
				ExpectError: wrappedError(`Invalid Attribute Combination.*signing_private_key`),
			},
			{
				Config:      env.config(testAccSAMLConfig(slug, fmt.Sprintf(`  saml_encryption_private_key_wo = %q`, encryption))),
				PlanOnly:    true,
				ExpectError: wrappedError(`Invalid Attribute Combination.*saml_encryption_private_key_wo_version`),
			},
			// The write-only value is checked at plan time too.
			{
				Config: env.config(testAccSAMLConfig(slug, `  signing_private_key_wo         = "not a key"
  signing_private_key_wo_version = 9`)),
				PlanOnly:    true,
				ExpectError: wrappedError(`Invalid RSA Private Key.*not PEM`),
			},
			{Config: config(signing2, 2), PlanOnly: true},
		},
	})
}

// When Stytch refuses the Update that follows the create, the connection it
// created stays in state, tainted, and the next apply replaces it: nothing is
// left behind in Stytch.
func TestAccB2BSAMLConnection_createFollowUpFails(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	groups := `  saml_group_implicit_role_assignments = [{ role_id = "stytch_admin", group = "admins" }]
`
	connections := func(want int) resource.TestCheckFunc {
		return func(s *terraform.State) error {
			conns, err := env.client.ListSSOConnections(context.Background(), s.RootModule().Resources[orgAddr].Primary.ID)
			if err != nil {
				return err
			}
			if len(conns.SAMLConnections) != want {
				return fmt.Errorf("the organization has %d SAML connections, want %d", len(conns.SAMLConnections), want)
			}
			return nil
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			// Stytch's default attribute mapping has no groups key, which
			// only Stytch can tell at this point.
			{
				Config: env.config(testAccSAMLConfig(slug, groups)),
				ExpectError: wrappedError(`Unable to Create SAML Connection.*Stytch created SAML connection saml-connection-test-.*` +
					`kept in state and marked tainted.*saml_connection_attribute_mapping_missing_groups_key`),
			},
			{
				Config: env.config(testAccSAMLConfig(slug, groups+`  attribute_mapping = { email = "email", full_name = "name", groups = "groups" }
`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(samlAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: connections(1),
			},
		},
	})
}

// A rotation whose delete fails keeps the new certificate, says which
// certificate is left, and the next apply deletes it.
func TestAccB2BSAMLConnection_rotationDeleteFails(t *testing.T) {
	var refuse sync.Mutex
	refusing := false
	env := newWrappedTestEnv(t, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			refuse.Lock()
			fail := refusing && r.Method == http.MethodDelete && strings.Contains(r.URL.Path, "/verification_certificates/")
			refuse.Unlock()
			if fail {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusBadRequest)
				_, _ = io.WriteString(w, `{"status_code":400,"request_id":"request-id-test-refused","error_type":"bad_request",`+
					`"error_message":"The submitted request is invalid."}`)
				return
			}
			next.ServeHTTP(w, r)
		})
	})
	setRefusing := func(v bool) {
		refuse.Lock()
		defer refuse.Unlock()
		refusing = v
	}
	slug := randomSlug()
	certA, certB := testCertificatePEM(t, "idp-old"), testCertificatePEM(t, "idp-new")
	config := func(cert string) string {
		return env.config(testAccSAMLConfig(slug, samlIdPFields("https://idp.example.com/retry", cert)))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			{Config: config(certA)},
			{
				PreConfig:   func() { setRefusing(true) },
				Config:      config(certB),
				ExpectError: wrappedError(`Unable to Update SAML Connection.*has its new certificate.*did not delete the certificates it replaces \(certificate-test-.*Run terraform apply again.*bad_request`),
			},
			{
				PreConfig: func() { setRefusing(false) },
				Config:    config(certB),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(samlAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(samlAddr, tfjsonpath.New("x509_certificate"), knownvalue.StringExact(certB)),
				}},
				Check: env.checkSAML(func(conn *stytch.SAMLConnection) error { return verificationCertificatesAre(conn, certB) }),
			},
		},
	})
}

// testModel is a connection in state or plan with the given certificate
// source: an x509_certificate, a metadata_url, or neither ("").
func testModel(x509Certificate, metadataURL string) *b2bSAMLConnectionModel {
	m := &b2bSAMLConnectionModel{X509Certificate: types.StringNull(), MetadataURL: types.StringNull()}
	if x509Certificate != "" {
		m.X509Certificate = types.StringValue(x509Certificate)
	}
	if metadataURL != "" {
		m.MetadataURL = types.StringValue(metadataURL)
	}
	return m
}

// Which verification certificates an update deletes after adding, for each
// way the certificate's source can change.
func TestReplacedCertificates(t *testing.T) {
	a, b, c := testCertificatePEM(t, "a"), testCertificatePEM(t, "b"), testCertificatePEM(t, "c")
	cert := func(id, pem string) stytch.X509Certificate {
		return stytch.X509Certificate{CertificateID: id, Certificate: pem}
	}
	reformatted := "\n" + strings.ReplaceAll(a, "\n", "\r\n")
	for name, tc := range map[string]struct {
		prior, plan   *b2bSAMLConnectionModel
		before, after []stytch.X509Certificate
		fetched       bool
		want          []string
	}{
		"new x509_certificate replaces the previous one only": {
			prior: testModel(a, ""), plan: testModel(b, ""),
			before: []stytch.X509Certificate{cert("A", a), cert("C", c)},
			after:  []stytch.X509Certificate{cert("A", a), cert("C", c), cert("B", b)},
			want:   []string{"A"},
		},
		"a new certificate already on the connection still replaces the previous one": {
			prior: testModel(a, ""), plan: testModel(b, ""),
			before: []stytch.X509Certificate{cert("A", a), cert("B", b)},
			after:  []stytch.X509Certificate{cert("A", a), cert("B", b)},
			want:   []string{"A"},
		},
		"other line breaks are the same certificate": {
			prior: testModel(a, ""), plan: testModel(reformatted, ""),
			before: []stytch.X509Certificate{cert("A", a)}, after: []stytch.X509Certificate{cert("A", a)},
		},
		"removing x509_certificate deletes nothing": {
			prior: testModel(a, ""), plan: testModel("", ""),
			before: []stytch.X509Certificate{cert("A", a)}, after: []stytch.X509Certificate{cert("A", a)},
		},
		"a certificate deleted outside Terraform comes back and replaces nothing": {
			prior: testModel("", ""), plan: testModel(a, ""),
			before: []stytch.X509Certificate{cert("C", c)}, after: []stytch.X509Certificate{cert("C", c), cert("A", a)},
		},
		"a fetch with a new certificate replaces every earlier one": {
			prior: testModel("", "https://idp/1"), plan: testModel("", "https://idp/2"), fetched: true,
			before: []stytch.X509Certificate{cert("A", a), cert("C", c)},
			after:  []stytch.X509Certificate{cert("A", a), cert("C", c), cert("B", b)},
			want:   []string{"A", "C"},
		},
		"a fetch of a certificate the connection has replaces nothing": {
			prior: testModel("", "https://idp/1"), plan: testModel("", "https://idp/2"), fetched: true,
			before: []stytch.X509Certificate{cert("A", a)}, after: []stytch.X509Certificate{cert("A", a)},
		},
		"from x509_certificate to metadata_url": {
			prior: testModel(a, ""), plan: testModel("", "https://idp/1"), fetched: true,
			before: []stytch.X509Certificate{cert("A", a), cert("C", c)},
			after:  []stytch.X509Certificate{cert("A", a), cert("C", c), cert("B", b)},
			want:   []string{"A"},
		},
		"from metadata_url to x509_certificate": {
			prior: testModel("", "https://idp/1"), plan: testModel(b, ""),
			before: []stytch.X509Certificate{cert("A", a), cert("C", c)},
			after:  []stytch.X509Certificate{cert("A", a), cert("C", c), cert("B", b)},
			want:   []string{"A", "C"},
		},
		"from metadata_url to the certificate it had": {
			prior: testModel("", "https://idp/1"), plan: testModel(a, ""),
			before: []stytch.X509Certificate{cert("A", a), cert("C", c)},
			after:  []stytch.X509Certificate{cert("A", a), cert("C", c)},
			want:   []string{"C"},
		},
	} {
		t.Run(name, func(t *testing.T) {
			if got := replacedCertificates(tc.prior, tc.plan, tc.before, tc.after, tc.fetched); !slices.Equal(got, tc.want) {
				t.Errorf("replaced %v, want %v", got, tc.want)
			}
		})
	}
}

// Which private key an update sends: the Sensitive form when it changes, the
// write-only form when its version changes, never a key Terraform cannot see
// change.
func TestKeyToSend(t *testing.T) {
	key, other := types.StringValue("key"), types.StringValue("other")
	null, v1, v2 := types.Int64Null(), types.Int64Value(1), types.Int64Value(2)
	for name, tc := range map[string]struct {
		sensitive, priorSensitive types.String
		version, priorVersion     types.Int64
		writeOnly                 types.String
		want                      string
	}{
		"new sensitive key":          {key, other, null, null, types.StringNull(), "key"},
		"unchanged sensitive key":    {key, key, null, null, types.StringNull(), ""},
		"removed sensitive key":      {types.StringNull(), key, null, null, types.StringNull(), ""},
		"first write-only version":   {types.StringNull(), types.StringNull(), v1, null, key, "key"},
		"new write-only version":     {types.StringNull(), types.StringNull(), v2, v1, other, "other"},
		"same write-only version":    {types.StringNull(), types.StringNull(), v1, v1, other, ""},
		"write-only version removed": {types.StringNull(), types.StringNull(), null, v1, types.StringNull(), ""},
	} {
		t.Run(name, func(t *testing.T) {
			got := keyToSend(tc.sensitive, tc.priorSensitive, tc.version, tc.priorVersion, tc.writeOnly)
			if (got == nil) != (tc.want == "") || (got != nil && *got != tc.want) {
				t.Errorf("keyToSend = %v, want %q", got, tc.want)
			}
		})
	}
}

// Resource identity (Terraform 1.12 and later): the organization's id and
// the connection id, set at create, unchanged by an update and a refresh,
// importable with an identity block (the organization by id or by slug, with
// an empty plan after); an identity naming no connection is an error.
func TestAccB2BSAMLConnection_resourceIdentity(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	idp := samlIdPFields("https://idp.example.com/identity", testCertificatePEM(t, "idp-identity"))
	updated := env.config(testAccSAMLConfig(slug, `  display_name = "Identity (renamed)"
`+idp))
	tracker := newIdentityTracker(samlAddr, map[string]*regexp.Regexp{
		"organization_id": organizationIDPattern,
		"connection_id":   connectionIDPattern("saml"),
	})
	it := identityTest{
		tracker:      tracker,
		config:       updated,
		bySlug:       hclObject("organization_id", slug, "connection_id", "var.identity_connection_id"),
		missing:      hclObject("organization_id", "var.identity_organization_id", "connection_id", "saml-connection-test-00000000-0000-4000-8000-000000000000"),
		missingError: wrappedError(`Cannot import non-existent remote object`),
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   identityCLI,
		CheckDestroy:             env.checkDestroyed,
		Steps: append([]resource.TestStep{
			{Config: env.config(testAccSAMLConfig(slug, `  display_name = "Identity"
`+idp)), ConfigStateChecks: tracker.created()},
			{
				Config:            updated,
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(samlAddr, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: []statecheck.StateCheck{tracker.check()},
			},
		}, it.steps()...),
	})
}
