package provider

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

const oidcAddr = "stytch_b2b_oidc_connection.test"

// testAccOIDCConfig is an organization and an OIDC connection of it with the
// given arguments besides organization_id.
func testAccOIDCConfig(slug, arguments string) string {
	return fmt.Sprintf(`
resource "stytch_b2b_organization" "test" {
  organization_name = "OIDC"
  organization_slug = %q
}

resource "stytch_b2b_oidc_connection" "test" {
  organization_id = stytch_b2b_organization.test.organization_id
%s
}
`, slug, arguments)
}

// oidcActiveArguments are the arguments that make a connection active, with
// the secret in client_secret.
const oidcActiveArguments = `
  client_id         = "client-1"
  client_secret     = "secret-1"
  issuer            = "https://idp1.example.com/"
  authorization_url = "https://idp1.example.com/authorize"
  token_url         = "https://idp1.example.com/token"
  userinfo_url      = "https://idp1.example.com/userinfo"
  jwks_url          = "https://idp1.example.com/jwks"
`

// fetchOIDC reads the connection behind a resource from Stytch's list.
func (e *testEnv) fetchOIDC(s *terraform.State, addr string) (*stytch.OIDCConnection, error) {
	return connectionInState(e, s, addr, "OIDC", (*stytch.SSOConnections).OIDC)
}

// checkOIDC runs assertions on the connection of oidcAddr as Stytch holds it.
func (e *testEnv) checkOIDC(check func(*stytch.OIDCConnection) error) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		conn, err := e.fetchOIDC(s, oidcAddr)
		if err != nil {
			return err
		}
		return check(conn)
	}
}

// checkOIDCExternalDestroyed verifies that the organizations, OIDC and
// external connections of the test are gone from Stytch.
func (e *testEnv) checkOIDCExternalDestroyed(s *terraform.State) error {
	if err := e.checkDestroyed(s); err != nil {
		return err
	}
	for _, rs := range s.RootModule().Resources {
		if rs.Type != "stytch_b2b_oidc_connection" && rs.Type != "stytch_b2b_external_connection" {
			continue
		}
		conns, err := e.client.ListSSOConnections(context.Background(), rs.Primary.Attributes["organization_id"])
		if stytch.IsNotFound(err) {
			continue // deleted with its organization
		}
		if err != nil {
			return err
		}
		_, oidc := conns.OIDC(rs.Primary.ID)
		_, external := conns.External(rs.Primary.ID)
		if oidc || external {
			return fmt.Errorf("connection %s still exists after destroy", rs.Primary.ID)
		}
	}
	return nil
}

// connectionImportID returns the import id ORGANIZATION/CONNECTION_ID of a
// connection in state, the organization named by organization (its slug) or
// by its id when organization is "".
func connectionImportID(addr, organization string) resource.ImportStateIdFunc {
	return func(s *terraform.State) (string, error) {
		rs, ok := s.RootModule().Resources[addr]
		if !ok {
			return "", fmt.Errorf("%s is not in state", addr)
		}
		if organization == "" {
			organization = rs.Primary.Attributes["organization_id"]
		}
		return organization + "/" + rs.Primary.ID, nil
	}
}

// expectOnlyAttributesChanged checks that the planned change of addr alters
// exactly the given top-level attributes and nothing else.
func expectOnlyAttributesChanged(addr string, attributes ...string) plancheck.PlanCheck {
	return onlyAttributesChanged{addr: addr, want: attributes}
}

type onlyAttributesChanged struct {
	addr string
	want []string
}

func (c onlyAttributesChanged) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != c.addr {
			continue
		}
		before, _ := rc.Change.Before.(map[string]any)
		after, _ := rc.Change.After.(map[string]any)
		unknown, _ := rc.Change.AfterUnknown.(map[string]any)
		// An unknown value is absent from After and true in AfterUnknown.
		keys := maps.Clone(after)
		maps.Copy(keys, unknown)
		var changed []string
		for _, k := range slices.Sorted(maps.Keys(keys)) {
			if u, _ := unknown[k].(bool); u || !reflect.DeepEqual(before[k], after[k]) {
				changed = append(changed, k)
			}
		}
		want := slices.Sorted(slices.Values(c.want))
		if !slices.Equal(changed, want) {
			resp.Error = fmt.Errorf("%s: the plan changes %v, want exactly %v", c.addr, changed, want)
		}
		return
	}
	resp.Error = fmt.Errorf("%s is not in the plan", c.addr)
}

// oidcRequireWriteOnlyCLI reports whether the CLI the acceptance tests drive
// accepts write-only arguments (Terraform 1.11, OpenTofu 1.11 and newer), and
// its version line.
func oidcRequireWriteOnlyCLI(t *testing.T) (supported bool, line string) {
	t.Helper()
	if os.Getenv(resource.EnvTfAcc) == "" {
		return false, "TF_ACC is not set"
	}
	info, found, err := testCLI()
	if err != nil {
		t.Fatal(err)
	}
	if !found {
		return false, "no terraform on PATH"
	}
	return info.AtLeast([3]int{1, 11, 0}), info.Line
}

// Every argument set, then every updatable argument changed in place, import
// by the organization's id and by its slug, and a move to another
// organization, which replaces the connection.
func TestAccB2BOIDCConnection_everyArgument(t *testing.T) {
	env := newTestEnv(t)
	slug, otherSlug := randomSlug(), randomSlug()
	withOther := func(organization, arguments string) string {
		return env.config(fmt.Sprintf(`
resource "stytch_b2b_organization" "test" {
  organization_name = "OIDC"
  organization_slug = %q
}

resource "stytch_b2b_organization" "other" {
  organization_name = "OIDC Other"
  organization_slug = %q
}

resource "stytch_b2b_oidc_connection" "test" {
  organization_id = stytch_b2b_organization.%s.organization_id
%s
}
`, slug, otherSlug, organization, arguments))
	}
	first := `
  display_name      = "Okta OIDC"
  identity_provider = "okta"
  client_id         = "client-1"
  client_secret     = "secret-1"
  issuer            = "https://idp1.example.com/"
  authorization_url = "https://idp1.example.com/authorize"
  token_url         = "https://idp1.example.com/token"
  userinfo_url      = "https://idp1.example.com/userinfo"
  jwks_url          = "https://idp1.example.com/jwks"
  custom_scopes     = "openid email profile groups"
  attribute_mapping = { email = "email", full_name = "name" }
`
	second := `
  display_name      = "Entra OIDC"
  identity_provider = "microsoft-entra"
  client_id         = "client-2"
  client_secret     = "secret-2"
  issuer            = "https://idp2.example.com/v2.0"
  authorization_url = "https://idp2.example.com/oauth2/authorize"
  token_url         = "https://idp2.example.com/oauth2/token"
  userinfo_url      = "http://idp2.example.com/oidc/userinfo"
  jwks_url          = "https://idp2.example.com/discovery/keys"
  custom_scopes     = "openid email"
  attribute_mapping = { email = "upn", first_name = "given_name", last_name = "family_name" }
`
	sameID := statecheck.CompareValue(compare.ValuesSame())
	newID := statecheck.CompareValue(compare.ValuesDiffer())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkOIDCExternalDestroyed,
		Steps: []resource.TestStep{
			// Create: everything reaches Stytch, and the connection is active.
			{
				Config: withOther("test", first),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(oidcAddr, tfjsonpath.New("id")),
					newID.AddStateValue(oidcAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(oidcAddr, tfjsonpath.New("connection_id"), knownvalue.StringRegexp(regexp.MustCompile(`^oidc-connection-`))),
					statecheck.ExpectKnownValue(oidcAddr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
					statecheck.ExpectKnownValue(oidcAddr, tfjsonpath.New("redirect_url"), knownvalue.StringRegexp(regexp.MustCompile(`^https://.+/v1/b2b/sso/callback/oidc-connection-`))),
					statecheck.ExpectKnownValue(oidcAddr, tfjsonpath.New("identity_provider"), knownvalue.StringExact("okta")),
					statecheck.ExpectKnownValue(oidcAddr, tfjsonpath.New("client_secret"), knownvalue.StringExact("secret-1")),
					statecheck.ExpectKnownValue(oidcAddr, tfjsonpath.New("client_secret_wo"), knownvalue.Null()),
					statecheck.ExpectKnownValue(oidcAddr, tfjsonpath.New("attribute_mapping"), knownvalue.MapExact(map[string]knownvalue.Check{
						"email": knownvalue.StringExact("email"), "full_name": knownvalue.StringExact("name"),
					})),
				},
				Check: env.checkOIDC(func(c *stytch.OIDCConnection) error {
					got := []string{c.DisplayName, c.IdentityProvider, c.ClientID, c.ClientSecret, c.Issuer, c.AuthorizationURL,
						c.TokenURL, c.UserinfoURL, c.JWKSURL, c.CustomScopes, c.AttributeMapping["full_name"], c.Status}
					want := []string{"Okta OIDC", "okta", "client-1", "secret-1", "https://idp1.example.com/", "https://idp1.example.com/authorize",
						"https://idp1.example.com/token", "https://idp1.example.com/userinfo", "https://idp1.example.com/jwks",
						"openid email profile groups", "name", "active"}
					if !slices.Equal(got, want) {
						return fmt.Errorf("Stytch holds %q, want %q", got, want)
					}
					return nil
				}),
			},
			// Every updatable argument changes in place: same connection.
			{
				Config: withOther("test", second),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(oidcAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(oidcAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(oidcAddr, tfjsonpath.New("identity_provider"), knownvalue.StringExact("microsoft-entra")),
					statecheck.ExpectKnownValue(oidcAddr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
				},
				Check: env.checkOIDC(func(c *stytch.OIDCConnection) error {
					got := []string{c.DisplayName, c.IdentityProvider, c.ClientID, c.ClientSecret, c.Issuer, c.AuthorizationURL,
						c.TokenURL, c.UserinfoURL, c.JWKSURL, c.CustomScopes, c.AttributeMapping["first_name"], fmt.Sprint(len(c.AttributeMapping))}
					want := []string{"Entra OIDC", "microsoft-entra", "client-2", "secret-2", "https://idp2.example.com/v2.0",
						"https://idp2.example.com/oauth2/authorize", "https://idp2.example.com/oauth2/token",
						"http://idp2.example.com/oidc/userinfo", "https://idp2.example.com/discovery/keys", "openid email", "given_name", "3"}
					if !slices.Equal(got, want) {
						return fmt.Errorf("Stytch holds %q, want %q", got, want)
					}
					return nil
				}),
			},
			// Import by the organization's id and by its slug: the same state,
			// except the secret, which import cannot know.
			{
				ResourceName:            oidcAddr,
				ImportState:             true,
				ImportStateIdFunc:       connectionImportID(oidcAddr, ""),
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"client_secret"},
			},
			{
				ResourceName:            oidcAddr,
				ImportState:             true,
				ImportStateIdFunc:       connectionImportID(oidcAddr, slug),
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"client_secret"},
			},
			// A connection cannot move: another organization replaces it.
			{
				Config: withOther("other", second),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(oidcAddr, plancheck.ResourceActionReplace),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					newID.AddStateValue(oidcAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(oidcAddr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
				},
				Check: func(s *terraform.State) error {
					conns, err := env.client.ListSSOConnections(context.Background(), s.RootModule().Resources[orgAddr].Primary.ID)
					if err != nil {
						return err
					}
					if n := len(conns.OIDCConnections); n != 0 {
						return fmt.Errorf("the first organization still has %d OIDC connections", n)
					}
					return nil
				},
			},
		},
	})
}

// Removing each optional argument clears it in Stytch: the strings become "",
// the mapping {}. The connection stays pending (no userinfo or JWKS URL), as
// Stytch refuses to clear what an active connection needs. Endpoint URLs are
// cleared with "", and a removed identity_provider keeps its value.
func TestAccB2BOIDCConnection_clearing(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	full := env.config(testAccOIDCConfig(slug, `
  display_name      = "To Clear"
  identity_provider = "okta"
  client_id         = "client-1"
  client_secret     = "secret-1"
  issuer            = "https://idp.example.com/"
  authorization_url = "https://idp.example.com/authorize"
  token_url         = "https://idp.example.com/token"
  custom_scopes     = "openid groups"
  attribute_mapping = { email = "email" }
`))
	cleared := env.config(testAccOIDCConfig(slug, `
  client_secret     = "secret-1"
  authorization_url = ""
  token_url         = ""
`))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkOIDCExternalDestroyed,
		Steps: []resource.TestStep{
			{
				Config: full,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(oidcAddr, tfjsonpath.New("status"), knownvalue.StringExact("pending")),
					statecheck.ExpectKnownValue(oidcAddr, tfjsonpath.New("userinfo_url"), knownvalue.StringExact("")),
				},
			},
			{
				Config: cleared,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(oidcAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(oidcAddr, tfjsonpath.New("display_name"), knownvalue.StringExact("")),
					statecheck.ExpectKnownValue(oidcAddr, tfjsonpath.New("client_id"), knownvalue.StringExact("")),
					statecheck.ExpectKnownValue(oidcAddr, tfjsonpath.New("issuer"), knownvalue.StringExact("")),
					statecheck.ExpectKnownValue(oidcAddr, tfjsonpath.New("custom_scopes"), knownvalue.StringExact("")),
					statecheck.ExpectKnownValue(oidcAddr, tfjsonpath.New("attribute_mapping"), knownvalue.MapSizeExact(0)),
					statecheck.ExpectKnownValue(oidcAddr, tfjsonpath.New("identity_provider"), knownvalue.StringExact("okta")),
				},
				Check: env.checkOIDC(func(c *stytch.OIDCConnection) error {
					if c.DisplayName != "" || c.ClientID != "" || c.Issuer != "" || c.AuthorizationURL != "" || c.TokenURL != "" ||
						c.CustomScopes != "" || len(c.AttributeMapping) != 0 {
						return fmt.Errorf("not cleared in Stytch: %+v", *c)
					}
					if c.IdentityProvider != "okta" || c.ClientSecret != "secret-1" {
						return fmt.Errorf("identity_provider %q, secret changed: kept values were lost", c.IdentityProvider)
					}
					return nil
				}),
			},
		},
	})
}

// A connection with only the issuer and the client credentials stays pending
// (the emulator, like Stytch when the discovery document cannot be read,
// leaves the endpoint URLs empty) and becomes active once the four URLs are
// set, which the organization's active connections show. URLs removed from the
// configuration keep their values; a new issuer leaves them to Stytch.
func TestAccB2BOIDCConnection_pendingToActive(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	credentials := `
  client_id     = "client-1"
  client_secret = "secret-1"
  issuer        = "https://idp.example.com/"
`
	urls := `
  authorization_url = "https://idp.example.com/authorize"
  token_url         = "https://idp.example.com/token"
  userinfo_url      = "https://idp.example.com/userinfo"
  jwks_url          = "https://idp.example.com/jwks"
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkOIDCExternalDestroyed,
		Steps: []resource.TestStep{
			{
				Config: env.config(testAccOIDCConfig(slug, credentials)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(oidcAddr, tfjsonpath.New("status"), knownvalue.StringExact("pending")),
					statecheck.ExpectKnownValue(oidcAddr, tfjsonpath.New("authorization_url"), knownvalue.StringExact("")),
					statecheck.ExpectKnownValue(oidcAddr, tfjsonpath.New("identity_provider"), knownvalue.StringExact("generic")),
				},
			},
			{
				Config: env.config(testAccOIDCConfig(slug, credentials+urls)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(oidcAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(oidcAddr, tfjsonpath.New("status")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(oidcAddr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
				},
				Check: func(s *terraform.State) error {
					org, err := env.fetchOrg(s, orgAddr)
					if err != nil {
						return err
					}
					id := s.RootModule().Resources[oidcAddr].Primary.ID
					if len(org.SSOActiveConnections) != 1 || org.SSOActiveConnections[0].ConnectionID != id {
						return fmt.Errorf("the organization's active connections are %+v, want %s", org.SSOActiveConnections, id)
					}
					return nil
				},
			},
			// The URLs leave the configuration: Stytch keeps them, so does the plan.
			{
				Config: env.config(testAccOIDCConfig(slug, credentials)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(oidcAddr, tfjsonpath.New("jwks_url"), knownvalue.StringExact("https://idp.example.com/jwks")),
				},
			},
			// A new issuer: the omitted URLs are Stytch's to discover (the
			// emulator keeps them), so the plan shows them as unknown.
			{
				Config: env.config(testAccOIDCConfig(slug, strings.Replace(credentials, "https://idp.example.com/", "https://idp.example.com/tenant-2", 1))),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(oidcAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(oidcAddr, tfjsonpath.New("authorization_url")),
					plancheck.ExpectUnknownValue(oidcAddr, tfjsonpath.New("jwks_url")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(oidcAddr, tfjsonpath.New("issuer"), knownvalue.StringExact("https://idp.example.com/tenant-2")),
					statecheck.ExpectKnownValue(oidcAddr, tfjsonpath.New("jwks_url"), knownvalue.StringExact("https://idp.example.com/jwks")),
					statecheck.ExpectKnownValue(oidcAddr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
				},
			},
		},
	})
}

// Changes made in Stytch show in the plan, the client secret included, and
// apply restores the configuration.
func TestAccB2BOIDCConnection_drift(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	cfg := env.config(testAccOIDCConfig(slug, `  display_name  = "Drift"
  custom_scopes = "openid email"
`+oidcActiveArguments))
	var organizationID, connectionID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkOIDCExternalDestroyed,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(s *terraform.State) error {
					organizationID = s.RootModule().Resources[orgAddr].Primary.ID
					connectionID = s.RootModule().Resources[oidcAddr].Primary.ID
					return nil
				},
			},
			{
				PreConfig: func() {
					name, secret, scopes := "Renamed by hand", "rotated-by-hand", "openid"
					mapping := map[string]string{"email": "mail"}
					_, _, err := env.client.UpdateOIDCConnection(context.Background(), organizationID, connectionID, stytch.UpdateOIDCConnectionRequest{
						DisplayName: &name, ClientSecret: &secret, CustomScopes: &scopes, AttributeMapping: &mapping,
					})
					if err != nil {
						t.Errorf("out-of-band update: %v", err)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(oidcAddr, plancheck.ResourceActionUpdate),
					expectOnlyAttributesChanged(oidcAddr, "display_name", "client_secret", "custom_scopes", "attribute_mapping", "status"),
				}},
				Check: env.checkOIDC(func(c *stytch.OIDCConnection) error {
					if c.DisplayName != "Drift" || c.ClientSecret != "secret-1" || c.CustomScopes != "openid email" || len(c.AttributeMapping) != 0 {
						return fmt.Errorf("configuration not restored: %q %q %q %v", c.DisplayName, c.ClientSecret, c.CustomScopes, c.AttributeMapping)
					}
					return nil
				}),
			},
		},
	})
}

// A connection deleted outside Terraform leaves state, and apply creates it again.
func TestAccB2BOIDCConnection_disappears(t *testing.T) {
	env := newTestEnv(t)
	cfg := env.config(testAccOIDCConfig(randomSlug(), oidcActiveArguments))
	newID := statecheck.CompareValue(compare.ValuesDiffer())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkOIDCExternalDestroyed,
		Steps: []resource.TestStep{
			{
				Config:            cfg,
				ConfigStateChecks: []statecheck.StateCheck{newID.AddStateValue(oidcAddr, tfjsonpath.New("id"))},
				Check: func(s *terraform.State) error {
					rs := s.RootModule().Resources[oidcAddr].Primary
					return env.client.DeleteSSOConnection(context.Background(), rs.Attributes["organization_id"], rs.ID)
				},
				ExpectNonEmptyPlan: true,
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(oidcAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction(orgAddr, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{newID.AddStateValue(oidcAddr, tfjsonpath.New("id"))},
			},
		},
	})
}

// An organization deleted outside Terraform takes its connection along: both
// leave state, and apply creates both again.
func TestAccB2BOIDCConnection_organizationDeletedOutside(t *testing.T) {
	env := newTestEnv(t)
	cfg := env.config(testAccOIDCConfig(randomSlug(), oidcActiveArguments))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkOIDCExternalDestroyed,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(s *terraform.State) error {
					return env.client.DeleteOrganization(context.Background(), s.RootModule().Resources[orgAddr].Primary.ID)
				},
				ExpectNonEmptyPlan: true,
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(orgAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction(oidcAddr, plancheck.ResourceActionCreate),
				}},
			},
		},
	})
}

// An import block with the organization's slug: the only change the plan
// then shows is the client secret, which an import cannot read into state;
// after apply the plan is empty.
func TestAccB2BOIDCConnection_importBlock(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	cfg := env.config(testAccOIDCConfig(slug, oidcActiveArguments))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkOIDCExternalDestroyed,
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				Config:             cfg,
				ResourceName:       oidcAddr,
				ImportState:        true,
				ImportStateKind:    resource.ImportBlockWithID,
				ImportStateIdFunc:  connectionImportID(oidcAddr, slug),
				ExpectNonEmptyPlan: true,
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(oidcAddr, plancheck.ResourceActionUpdate),
					expectOnlyAttributesChanged(oidcAddr, "client_secret", "status"),
				}},
			},
			{
				ResourceName:  oidcAddr,
				ImportState:   true,
				ImportStateId: slug,
				ExpectError:   regexp.MustCompile(`(?s)Invalid Import ID.*ORGANIZATION/CONNECTION_ID`),
			},
		},
	})
}

// Deleting the organization's default connection fails with an error that
// says what to do, and leaves the connection in state.
func TestAccB2BOIDCConnection_deleteDefaultConnection(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	var connectionID string
	withSettings := env.config(testAccOIDCConfig(slug, oidcActiveArguments) + `
resource "stytch_b2b_organization_sso_settings" "test" {
  organization_id       = stytch_b2b_organization.test.organization_id
  default_connection_id = stytch_b2b_oidc_connection.test.connection_id
}
`)
	// The settings keep naming the connection while it leaves the configuration.
	withoutConnection := env.config(fmt.Sprintf(`
resource "stytch_b2b_organization" "test" {
  organization_name = "OIDC"
  organization_slug = %q
}

variable "default_connection_id" {
  type = string
}

resource "stytch_b2b_organization_sso_settings" "test" {
  organization_id       = stytch_b2b_organization.test.organization_id
  default_connection_id = var.default_connection_id
}
`, slug))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkOIDCExternalDestroyed,
		Steps: []resource.TestStep{
			{
				Config: withSettings,
				Check: func(s *terraform.State) error {
					connectionID = s.RootModule().Resources[oidcAddr].Primary.ID
					return nil
				},
			},
			{
				Config:          withoutConnection,
				ConfigVariables: config.Variables{"default_connection_id": lazyString{&connectionID}},
				ExpectError:     regexp.MustCompile(`(?s)Unable to Delete OIDC Connection.*default SSO connection.*default_connection_id.*cannot_delete_default_sso_connection`),
			},
			// The connection is still in state and in Stytch: the plan is empty.
			{
				Config:            withSettings,
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(oidcAddr, tfjsonpath.New("status"), knownvalue.StringExact("active"))},
			},
		},
	})
}

// The secret as a write-only argument: never in state, sent on create and
// whenever client_secret_wo_version changes (a changed value alone is not
// noticed, as documented), and either form can replace the other.
func TestAccB2BOIDCConnection_writeOnlySecret(t *testing.T) {
	if ok, line := oidcRequireWriteOnlyCLI(t); !ok {
		t.Skipf("%s does not support write-only arguments (Terraform or OpenTofu 1.11 and newer do)", line)
	}
	env := newTestEnv(t)
	slug := randomSlug()
	urls := strings.Join(slices.DeleteFunc(strings.Split(oidcActiveArguments, "\n"), func(l string) bool {
		return strings.Contains(l, "client_secret")
	}), "\n")
	withWriteOnly := func(secret string, version int) string {
		return env.config(testAccOIDCConfig(slug, urls+fmt.Sprintf("  client_secret_wo         = %q\n  client_secret_wo_version = %d\n", secret, version)))
	}
	secretIs := func(want string) resource.TestCheckFunc {
		return env.checkOIDC(func(c *stytch.OIDCConnection) error {
			if c.ClientSecret != want {
				return fmt.Errorf("Stytch holds client secret %q, want %q", c.ClientSecret, want)
			}
			return nil
		})
	}
	notInState := []statecheck.StateCheck{
		statecheck.ExpectKnownValue(oidcAddr, tfjsonpath.New("client_secret"), knownvalue.Null()),
		statecheck.ExpectKnownValue(oidcAddr, tfjsonpath.New("client_secret_wo"), knownvalue.Null()),
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkOIDCExternalDestroyed,
		Steps: []resource.TestStep{
			{
				Config:            withWriteOnly("wo-secret-1", 1),
				ConfigStateChecks: append(notInState, statecheck.ExpectKnownValue(oidcAddr, tfjsonpath.New("status"), knownvalue.StringExact("active"))),
				Check:             secretIs("wo-secret-1"),
			},
			// A new value without a new version: Terraform cannot see it.
			{
				Config:           withWriteOnly("wo-secret-2", 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            secretIs("wo-secret-1"),
			},
			// The new version sends it.
			{
				Config: withWriteOnly("wo-secret-2", 2),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(oidcAddr, plancheck.ResourceActionUpdate),
					expectOnlyAttributesChanged(oidcAddr, "client_secret_wo_version", "status"),
				}},
				ConfigStateChecks: notInState,
				Check:             secretIs("wo-secret-2"),
			},
			// Import by slug: the version cannot be imported.
			{
				ResourceName:            oidcAddr,
				ImportState:             true,
				ImportStateIdFunc:       connectionImportID(oidcAddr, slug),
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"client_secret_wo_version"},
			},
			// To the sensitive form, and back.
			{
				Config: env.config(testAccOIDCConfig(slug, urls+`  client_secret = "plain-3"`+"\n")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(oidcAddr, tfjsonpath.New("client_secret"), knownvalue.StringExact("plain-3")),
					statecheck.ExpectKnownValue(oidcAddr, tfjsonpath.New("client_secret_wo_version"), knownvalue.Null()),
				},
				Check: secretIs("plain-3"),
			},
			{
				Config:            withWriteOnly("wo-secret-4", 1),
				ConfigStateChecks: notInState,
				Check:             secretIs("wo-secret-4"),
			},
		},
	})
}

// Bad input fails at plan time with a message that names the problem, and
// leaves the existing connection and its state as they were.
func TestAccB2BOIDCConnection_invalidConfig(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	valid := env.config(testAccOIDCConfig(slug, oidcActiveArguments))
	with := func(arguments string) string { return env.config(testAccOIDCConfig(slug, arguments)) }
	replace := func(old, replacement string) string {
		return with(strings.Replace(oidcActiveArguments, old, replacement, 1))
	}
	cases := []struct {
		config string
		want   string
	}{
		{with(oidcActiveArguments + `  identity_provider = "auth0"`), `(?s)identity_provider.*value must be one of`},
		{replace(`client_secret     = "secret-1"`, ""), `(?s)Missing OIDC Client Secret.*client_secret_wo.*pending`},
		{with(oidcActiveArguments + `  client_secret_wo_version = 1`), `(?s)Client Secret Version Without Write-Only Secret`},
		{replace(`"secret-1"`, `""`), `(?s)client_secret.*length must be at least 1`},
		{replace(`"https://idp1.example.com/"`, `"http://idp1.example.com/"`), `(?s)Invalid URL.*issuer.*https://`},
		{replace(`"https://idp1.example.com/"`, `"idp1.example.com"`), `(?s)Invalid URL.*issuer`},
		{replace(`"https://idp1.example.com/token"`, `"not a url"`), `(?s)Invalid URL.*token_url`},
		{replace(`"https://idp1.example.com/jwks"`, `"ftp://idp1.example.com/jwks"`), `(?s)Invalid URL.*jwks_url`},
		{replace(`"https://idp1.example.com/authorize"`, `"/authorize"`), `(?s)Invalid URL.*authorization_url`},
		{env.config(strings.Replace(testAccOIDCConfig(slug, oidcActiveArguments), "stytch_b2b_organization.test.organization_id", `""`, 1)),
			`(?s)organization_id.*length must be at least 1`},
	}
	if ok, _ := oidcRequireWriteOnlyCLI(t); ok {
		cases = append(cases,
			struct{ config, want string }{with(oidcActiveArguments + "  client_secret_wo = \"wo\"\n  client_secret_wo_version = 1"),
				`(?s)Conflicting OIDC Client Secret Arguments`},
			struct{ config, want string }{replace(`client_secret     = "secret-1"`, `client_secret_wo = "wo"`),
				`(?s)Missing Client Secret Version.*client_secret_wo_version`},
		)
	} else {
		// An older CLI cannot send a write-only value; the framework says so.
		cases = append(cases, struct{ config, want string }{
			replace(`client_secret     = "secret-1"`, "client_secret_wo = \"wo\"\n  client_secret_wo_version = 1"),
			`(?s)WriteOnly Attribute Not Allowed`,
		})
	}
	sameID := statecheck.CompareValue(compare.ValuesSame())
	steps := []resource.TestStep{{
		Config:            valid,
		ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(oidcAddr, tfjsonpath.New("id"))},
	}}
	for _, c := range cases {
		want := regexp.MustCompile(strings.ReplaceAll(c.want, " ", `\s+`))
		steps = append(steps, resource.TestStep{Config: c.config, PlanOnly: true, ExpectError: want})
	}
	steps = append(steps, resource.TestStep{
		Config:            valid,
		ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(oidcAddr, tfjsonpath.New("id"))},
		Check: env.checkOIDC(func(c *stytch.OIDCConnection) error {
			if c.Status != "active" || c.ClientSecret != "secret-1" || c.Issuer != "https://idp1.example.com/" {
				return fmt.Errorf("the connection changed: %+v", *c)
			}
			return nil
		}),
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkOIDCExternalDestroyed,
		Steps:                    steps,
	})
}

// When Stytch creates the connection but refuses its settings, the error says
// so and the connection stays in state, tainted: the next apply replaces it,
// and no connection is left behind.
func TestAccB2BOIDCConnection_settingsRefusedAfterCreate(t *testing.T) {
	var refuse atomic.Bool
	refuse.Store(true)
	env := newWrappedTestEnv(t, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPut && strings.HasPrefix(r.URL.Path, "/v1/b2b/sso/oidc/") && refuse.CompareAndSwap(true, false) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusBadRequest)
				_, _ = w.Write([]byte(`{"status_code":400,"request_id":"request-id-test-refused","error_type":"client_secret_too_long",` +
					`"error_message":"The client_secret is too long.","error_url":"https://stytch.com/docs/api/errors/400"}`))
				return
			}
			next.ServeHTTP(w, r)
		})
	})
	cfg := env.config(testAccOIDCConfig(randomSlug(), oidcActiveArguments))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkOIDCExternalDestroyed,
		Steps: []resource.TestStep{
			{
				Config:      cfg,
				ExpectError: regexp.MustCompile(`(?s)Unable to Create OIDC Connection.*created OIDC connection\s+oidc-connection-.*kept in\s+Terraform state.*tainted.*client_secret_too_long`),
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(oidcAddr, plancheck.ResourceActionReplace),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(oidcAddr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
				},
				Check: func(s *terraform.State) error {
					conns, err := env.client.ListSSOConnections(context.Background(), s.RootModule().Resources[orgAddr].Primary.ID)
					if err != nil {
						return err
					}
					if n := len(conns.OIDCConnections); n != 1 {
						return fmt.Errorf("the organization has %d OIDC connections, want 1: the tainted one was not deleted", n)
					}
					return nil
				},
			},
		},
	})
}

// Resource identity (Terraform 1.12 and later), as for SAML connections. The
// client secret cannot be imported, so the plan after an import updates it.
func TestAccB2BOIDCConnection_resourceIdentity(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	updated := env.config(testAccOIDCConfig(slug, `  display_name = "Identity (renamed)"`+oidcActiveArguments))
	tracker := newIdentityTracker(oidcAddr, map[string]*regexp.Regexp{
		"organization_id": organizationIDPattern,
		"connection_id":   connectionIDPattern("oidc"),
	})
	it := identityTest{
		tracker:      tracker,
		config:       updated,
		bySlug:       hclObject("organization_id", slug, "connection_id", "var.identity_connection_id"),
		missing:      hclObject("organization_id", "var.identity_organization_id", "connection_id", "oidc-connection-test-00000000-0000-4000-8000-000000000000"),
		missingError: wrappedError(`Unable to Import OIDC Connection.*has no OIDC connection oidc-connection-test-00000000`),
		nonEmptyPlan: true,
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   identityCLI,
		CheckDestroy:             env.checkOIDCExternalDestroyed,
		Steps: append([]resource.TestStep{
			{Config: env.config(testAccOIDCConfig(slug, `  display_name = "Identity"`+oidcActiveArguments)), ConfigStateChecks: tracker.created()},
			{
				Config:            updated,
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(oidcAddr, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: []statecheck.StateCheck{tracker.check()},
			},
		}, it.steps()...),
	})
}
