package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

const orgAddr = "stytch_b2b_organization.test"

func testAccOrgConfigMinimal(slug, name string) string {
	return fmt.Sprintf(`
resource "stytch_b2b_organization" "test" {
  organization_name = %[2]q
  organization_slug = %[1]q
}
`, slug, name)
}

// testAccOrgConfigFull sets every argument that the emulator can accept.
func testAccOrgConfigFull(slug string) string {
	return fmt.Sprintf(`
resource "stytch_b2b_organization" "test" {
  organization_name        = "Acme Corp"
  organization_slug        = %[1]q
  organization_logo_url    = "https://cdn.example.com/acme.png"
  organization_external_id = "ext|%[1]s"
  trusted_metadata = jsonencode({
    plan   = "enterprise"
    seats  = 50
    region = { primary = "eu-west-1" }
  })
  mfa_policy             = "REQUIRED_FOR_ALL"
  email_jit_provisioning = "RESTRICTED"
  email_invites          = "RESTRICTED"
  email_allowed_domains  = ["%[1]s.example.com", "acme-%[1]s.example.org"]
  sso_jit_provisioning   = "ALL_ALLOWED"
  auth_methods           = "RESTRICTED"
  allowed_auth_methods   = ["sso", "magic_link"]
  mfa_methods            = "RESTRICTED"
  allowed_mfa_methods    = ["totp"]
  rbac_email_implicit_role_assignments = [
    { domain = "%[1]s.example.com", role_id = "stytch_admin" },
  ]
  oauth_tenant_jit_provisioning = "RESTRICTED"
  allowed_oauth_tenants = {
    slack  = ["T0123ABCD"]
    github = ["acme-engineering"]
  }
  claimed_email_domains                   = ["%[1]s.example.com"]
  first_party_connected_apps_allowed_type = "RESTRICTED"
  allowed_first_party_connected_apps      = ["connected-app-test-first"]
  third_party_connected_apps_allowed_type = "NOT_ALLOWED"
  allowed_third_party_connected_apps      = []
}
`, slug)
}

// testAccOrgConfigFullChanged changes every argument of testAccOrgConfigFull.
func testAccOrgConfigFullChanged(slug string) string {
	return fmt.Sprintf(`
resource "stytch_b2b_organization" "test" {
  organization_name        = "Acme Corporation"
  organization_slug        = "%[1]s-renamed"
  organization_logo_url    = "https://cdn.example.com/acme-v2.png"
  organization_external_id = "ext2|%[1]s"
  trusted_metadata = jsonencode({
    plan   = "growth"
    region = { primary = "us-east-1", backup = "us-west-2" }
    owner  = "platform-team"
  })
  mfa_policy             = "OPTIONAL"
  email_jit_provisioning = "NOT_ALLOWED"
  email_invites          = "ALL_ALLOWED"
  email_allowed_domains  = ["%[1]s.example.net"]
  sso_jit_provisioning   = "RESTRICTED"
  auth_methods           = "ALL_ALLOWED"
  allowed_auth_methods   = ["password", "google_oauth"]
  mfa_methods            = "ALL_ALLOWED"
  allowed_mfa_methods    = ["sms_otp", "totp"]
  rbac_email_implicit_role_assignments = [
    { domain = "%[1]s.example.net", role_id = "stytch_member" },
    { domain = "%[1]s.example.net", role_id = "billing-admin" },
  ]
  oauth_tenant_jit_provisioning = "NOT_ALLOWED"
  allowed_oauth_tenants = {
    hubspot = ["Hub2345"]
  }
  claimed_email_domains                   = ["%[1]s.example.net"]
  first_party_connected_apps_allowed_type = "ALL_ALLOWED"
  allowed_first_party_connected_apps      = []
  third_party_connected_apps_allowed_type = "RESTRICTED"
  allowed_third_party_connected_apps      = ["connected-app-test-third"]
}
`, slug)
}

// fetchOrg reads the organization behind a resource straight from the API.
func (e *testEnv) fetchOrg(s *terraform.State, addr string) (*stytch.Organization, error) {
	rs, ok := s.RootModule().Resources[addr]
	if !ok {
		return nil, fmt.Errorf("%s is not in state", addr)
	}
	return e.client.GetOrganization(context.Background(), rs.Primary.ID)
}

// checkAPI runs assertions on the organization of orgAddr as the API holds it.
func (e *testEnv) checkAPI(check func(*stytch.Organization) error) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		org, err := e.fetchOrg(s, orgAddr)
		if err != nil {
			return err
		}
		return check(org)
	}
}

// checkDestroyed verifies that every organization of the test is gone.
func (e *testEnv) checkDestroyed(s *terraform.State) error {
	for _, rs := range s.RootModule().Resources {
		if rs.Type != "stytch_b2b_organization" {
			continue
		}
		_, err := e.client.GetOrganization(context.Background(), rs.Primary.ID)
		if err == nil {
			return fmt.Errorf("organization %s still exists after destroy", rs.Primary.ID)
		}
		if !stytch.IsNotFound(err) {
			return err
		}
	}
	return nil
}

func metadataOf(org *stytch.Organization) map[string]any {
	out := map[string]any{}
	for k, v := range org.TrustedMetadata {
		var x any
		_ = json.Unmarshal(v, &x)
		out[k] = x
	}
	return out
}

func TestAccB2BOrganization_basic(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			// Create and Read with only the required arguments.
			{
				Config: env.config(testAccOrgConfigMinimal(slug, "Minimal Org")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("organization_id"), knownvalue.StringRegexp(regexp.MustCompile(`^organization-`))),
					statecheck.CompareValuePairs(orgAddr, tfjsonpath.New("id"), orgAddr, tfjsonpath.New("organization_id"), compare.ValuesSame()),
					statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("organization_slug"), knownvalue.StringExact(slug)),
					statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("trusted_metadata"), knownvalue.StringExact("{}")),
					statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("email_allowed_domains"), knownvalue.SetSizeExact(0)),
					statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("rbac_email_implicit_role_assignments"), knownvalue.SetSizeExact(0)),
					statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("allowed_oauth_tenants"), knownvalue.MapSizeExact(0)),
					statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("organization_logo_url"), knownvalue.StringExact("")),
					statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("sso_active_connections"), knownvalue.ListSizeExact(0)),
					statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("scim_active_connection"), knownvalue.Null()),
					statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("custom_roles"), knownvalue.ListSizeExact(0)),
					statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("created_at"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT`))),
					statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("updated_at"), knownvalue.NotNull()),
					// Stytch's defaults are read back, never hard-coded by the provider.
					statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("mfa_policy"), knownvalue.StringRegexp(regexp.MustCompile(`^(OPTIONAL|REQUIRED_FOR_ALL)$`))),
					statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("email_invites"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("auth_methods"), knownvalue.NotNull()),
				},
				Check: env.checkAPI(func(org *stytch.Organization) error {
					if org.OrganizationName != "Minimal Org" || org.OrganizationSlug != slug {
						return fmt.Errorf("API holds name %q slug %q", org.OrganizationName, org.OrganizationSlug)
					}
					return nil
				}),
			},
			// ImportState by organization id.
			{
				ResourceName:      orgAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			// ImportState by slug: the id in state is still the organization id.
			{
				ResourceName:      orgAddr,
				ImportState:       true,
				ImportStateId:     slug,
				ImportStateVerify: true,
			},
			// Import with an import {} block, which must end in an empty plan.
			{
				ResourceName:     orgAddr,
				ImportState:      true,
				ImportStateKind:  resource.ImportBlockWithID,
				ImportStateId:    slug,
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(orgAddr, plancheck.ResourceActionNoop)}},
				Config:           env.config(testAccOrgConfigMinimal(slug, "Minimal Org")),
			},
		},
	})
}

func TestAccB2BOrganization_everyArgument(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			// Create with every argument.
			{
				Config: env.config(testAccOrgConfigFull(slug)),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(orgAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("organization_external_id"), knownvalue.StringExact("ext|"+slug)),
					statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("mfa_policy"), knownvalue.StringExact("REQUIRED_FOR_ALL")),
					statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("email_allowed_domains"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact(slug + ".example.com"), knownvalue.StringExact("acme-" + slug + ".example.org"),
					})),
					statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("allowed_oauth_tenants"), knownvalue.MapExact(map[string]knownvalue.Check{
						"slack":  knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("T0123ABCD")}),
						"github": knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("acme-engineering")}),
					})),
					statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("rbac_email_implicit_role_assignments"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"domain": knownvalue.StringExact(slug + ".example.com"), "role_id": knownvalue.StringExact("stytch_admin"),
						}),
					})),
				},
				Check: env.checkAPI(func(org *stytch.Organization) error {
					md := metadataOf(org)
					if md["plan"] != "enterprise" || md["seats"] != float64(50) {
						return fmt.Errorf("API metadata is %v", md)
					}
					if org.AuthMethods != "RESTRICTED" || !slices.Equal(sorted(org.AllowedAuthMethods), []string{"magic_link", "sso"}) {
						return fmt.Errorf("API auth methods %s %v", org.AuthMethods, org.AllowedAuthMethods)
					}
					if org.EmailInvites != "RESTRICTED" || org.ThirdPartyConnectedAppsAllowedType != "NOT_ALLOWED" {
						return fmt.Errorf("API email_invites %s third party %s", org.EmailInvites, org.ThirdPartyConnectedAppsAllowedType)
					}
					return nil
				}),
			},
			// Update every argument in place: one update, never a replacement.
			{
				Config: env.config(testAccOrgConfigFullChanged(slug)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(orgAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(orgAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("organization_slug"), knownvalue.StringExact(slug+"-renamed")),
					statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("allowed_oauth_tenants"), knownvalue.MapExact(map[string]knownvalue.Check{
						"hubspot": knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("Hub2345")}),
					})),
				},
				Check: env.checkAPI(func(org *stytch.Organization) error {
					md := metadataOf(org)
					if _, ok := md["seats"]; ok || md["owner"] != "platform-team" || md["plan"] != "growth" {
						return fmt.Errorf("API metadata after update is %v, want seats deleted and owner added", md)
					}
					if region, _ := md["region"].(map[string]any); region["backup"] != "us-west-2" {
						return fmt.Errorf("nested metadata was not replaced: %v", md["region"])
					}
					want := map[string]string{
						"name": "Acme Corporation", "slug": slug + "-renamed", "logo": "https://cdn.example.com/acme-v2.png",
						"ext": "ext2|" + slug, "mfa_policy": "OPTIONAL", "email_jit": "NOT_ALLOWED", "invites": "ALL_ALLOWED",
						"sso_jit": "RESTRICTED", "auth": "ALL_ALLOWED", "mfa_methods": "ALL_ALLOWED", "oauth": "NOT_ALLOWED",
						"first": "ALL_ALLOWED", "third": "RESTRICTED",
					}
					got := map[string]string{
						"name": org.OrganizationName, "slug": org.OrganizationSlug, "logo": org.OrganizationLogoURL,
						"ext": org.OrganizationExternalID, "mfa_policy": org.MFAPolicy, "email_jit": org.EmailJITProvisioning,
						"invites": org.EmailInvites, "sso_jit": org.SSOJITProvisioning, "auth": org.AuthMethods,
						"mfa_methods": org.MFAMethods, "oauth": org.OAuthTenantJITProvisioning,
						"first": org.FirstPartyConnectedAppsAllowedType, "third": org.ThirdPartyConnectedAppsAllowedType,
					}
					for k, v := range want {
						if got[k] != v {
							return fmt.Errorf("API %s = %q, want %q", k, got[k], v)
						}
					}
					if len(org.RBACEmailImplicitRoleAssignments) != 2 || len(org.AllowedFirstPartyConnectedApps) != 0 ||
						!slices.Equal(org.AllowedThirdPartyConnectedApps, []string{"connected-app-test-third"}) ||
						!slices.Equal(sorted(org.AllowedMFAMethods), []string{"sms_otp", "totp"}) {
						return fmt.Errorf("API lists after update: roles %v first %v third %v mfa %v", org.RBACEmailImplicitRoleAssignments,
							org.AllowedFirstPartyConnectedApps, org.AllowedThirdPartyConnectedApps, org.AllowedMFAMethods)
					}
					return nil
				}),
			},
			// Removing the optional arguments clears them in Stytch.
			{
				Config: env.config(testAccOrgConfigMinimal(slug+"-renamed", "Acme Corporation")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(orgAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(orgAddr, tfjsonpath.New("id"))},
				Check: env.checkAPI(func(org *stytch.Organization) error {
					lists := map[string]int{
						"email_allowed_domains":                len(org.EmailAllowedDomains),
						"allowed_auth_methods":                 len(org.AllowedAuthMethods),
						"allowed_mfa_methods":                  len(org.AllowedMFAMethods),
						"rbac_email_implicit_role_assignments": len(org.RBACEmailImplicitRoleAssignments),
						"allowed_oauth_tenants":                len(org.AllowedOAuthTenants),
						"claimed_email_domains":                len(org.ClaimedEmailDomains),
						"allowed_third_party_connected_apps":   len(org.AllowedThirdPartyConnectedApps),
						"trusted_metadata":                     len(org.TrustedMetadata),
					}
					for name, n := range lists {
						if n != 0 {
							return fmt.Errorf("%s still has %d entries in the API after it left the configuration", name, n)
						}
					}
					if org.OrganizationLogoURL != "" || org.OrganizationExternalID != "" {
						return fmt.Errorf("logo %q / external id %q not cleared", org.OrganizationLogoURL, org.OrganizationExternalID)
					}
					// Settings that Stytch defaults keep their value when omitted.
					if org.MFAPolicy != "OPTIONAL" || org.ThirdPartyConnectedAppsAllowedType != "RESTRICTED" {
						return fmt.Errorf("omitted settings changed: mfa_policy %s third party %s", org.MFAPolicy, org.ThirdPartyConnectedAppsAllowedType)
					}
					return nil
				}),
			},
		},
	})
}

func sorted(in []string) []string {
	out := slices.Clone(in)
	slices.Sort(out)
	return out
}

func TestAccB2BOrganization_trustedMetadata(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	withMetadata := func(metadata string) string {
		return env.config(fmt.Sprintf(`
resource "stytch_b2b_organization" "test" {
  organization_name = "Metadata"
  organization_slug = %q
  trusted_metadata  = %s
}
`, slug, metadata))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config: withMetadata(`jsonencode({ tier = "gold", region = "eu", limits = { seats = 10 } })`),
			},
			// The same object with its keys written in another order: no diff.
			{
				Config: withMetadata(`jsonencode({ limits = { seats = 10 }, region = "eu", tier = "gold" })`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
			// Removing one key deletes exactly that key in Stytch.
			{
				Config: withMetadata(`jsonencode({ tier = "gold", limits = { seats = 10 } })`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(orgAddr, plancheck.ResourceActionUpdate),
				}},
				Check: env.checkAPI(func(org *stytch.Organization) error {
					md := metadataOf(org)
					if _, ok := md["region"]; ok || md["tier"] != "gold" || len(md) != 2 {
						return fmt.Errorf("API metadata is %v, want region deleted and the rest kept", md)
					}
					return nil
				}),
			},
			// Hand-written JSON that differs from Stytch's rendering only in
			// formatting and key order: applied once, then the plan stays empty.
			{
				Config: withMetadata("<<-EOT\n    {\n      \"tier\":   \"gold\",\n      \"limits\": { \"seats\": 10 }\n    }\n  EOT"),
				Check: env.checkAPI(func(org *stytch.Organization) error {
					if md := metadataOf(org); len(md) != 2 || md["tier"] != "gold" {
						return fmt.Errorf("API metadata is %v", md)
					}
					return nil
				}),
			},
		},
	})
}

func TestAccB2BOrganization_disappears(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	cfg := env.config(testAccOrgConfigMinimal(slug, "Disappearing"))
	differentID := statecheck.CompareValue(compare.ValuesDiffer())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			// Delete the organization behind Terraform's back: the plan is not empty.
			{
				Config:            cfg,
				ConfigStateChecks: []statecheck.StateCheck{differentID.AddStateValue(orgAddr, tfjsonpath.New("id"))},
				Check: func(s *terraform.State) error {
					org, err := env.fetchOrg(s, orgAddr)
					if err != nil {
						return err
					}
					return env.client.DeleteOrganization(context.Background(), org.OrganizationID)
				},
				ExpectNonEmptyPlan: true,
			},
			// The next apply creates it again.
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(orgAddr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{differentID.AddStateValue(orgAddr, tfjsonpath.New("id"))},
			},
		},
	})
}

func TestAccB2BOrganization_outOfBandChange(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	cfg := env.config(fmt.Sprintf(`
resource "stytch_b2b_organization" "test" {
  organization_name     = "Drift"
  organization_slug     = %q
  email_allowed_domains = ["%s.example.com"]
  trusted_metadata      = jsonencode({ owner = "terraform" })
}
`, slug, slug))
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(s *terraform.State) error {
					id = s.RootModule().Resources[orgAddr].Primary.ID
					return nil
				},
			},
			// Someone changes the organization in the Stytch dashboard: the plan
			// shows the drift as an in-place update, and apply restores the configuration.
			{
				PreConfig: func() {
					name, domains := "Renamed by hand", []string{}
					_, err := env.client.UpdateOrganization(context.Background(), id, stytch.UpdateRequest{
						OrganizationName:    &name,
						EmailAllowedDomains: &domains,
						TrustedMetadata:     map[string]json.RawMessage{"rogue": json.RawMessage(`true`)},
					})
					if err != nil {
						t.Errorf("out-of-band update: %v", err)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(orgAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(orgAddr, tfjsonpath.New("organization_name"), knownvalue.StringExact("Drift")),
				}},
				Check: env.checkAPI(func(org *stytch.Organization) error {
					md := metadataOf(org)
					if org.OrganizationName != "Drift" || len(org.EmailAllowedDomains) != 1 || len(md) != 1 || md["owner"] != "terraform" {
						return fmt.Errorf("configuration not restored: name %q domains %v metadata %v", org.OrganizationName, org.EmailAllowedDomains, md)
					}
					return nil
				}),
			},
		},
	})
}

func TestAccB2BOrganization_duplicateSlug(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{{
			Config: env.config(fmt.Sprintf(`
resource "stytch_b2b_organization" "first" {
  organization_name = "First"
  organization_slug = %[1]q
}

resource "stytch_b2b_organization" "second" {
  organization_name = "Second"
  organization_slug = %[1]q
  depends_on        = [stytch_b2b_organization.first]
}
`, slug)),
			ExpectError: regexp.MustCompile(`(?s)Unable to Create B2B Organization.*organization_slug_already_used.*request_id: +request-id-`),
		}},
	})
}

// TestAccB2BOrganization_invalidConfig checks that bad input fails at plan
// time, before any API call, with a message naming the problem, and that the
// state of an existing organization is unchanged afterwards.
func TestAccB2BOrganization_invalidConfig(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	valid := env.config(testAccOrgConfigMinimal(slug, "Invalid Input"))
	org := func(extra string) string {
		return env.config(fmt.Sprintf(`
resource "stytch_b2b_organization" "test" {
  organization_name = "Invalid Input"
  organization_slug = %q
  %s
}
`, slug, extra))
	}
	withNameSlug := func(name, slug string) string {
		return env.config(fmt.Sprintf(`
resource "stytch_b2b_organization" "test" {
  organization_name = %q
  organization_slug = %q
}
`, name, slug))
	}
	manyKeys := "{"
	for i := range 21 {
		if i > 0 {
			manyKeys += ","
		}
		manyKeys += fmt.Sprintf(`\"k%d\":%d`, i, i)
	}
	manyKeys += "}"
	cases := []struct {
		config string
		want   string
	}{
		// Enumerations.
		{org(`mfa_policy = "SOMETIMES"`), `(?s)mfa_policy.*value must be one of`},
		{org(`email_invites = "EVERYONE"`), `(?s)email_invites.*value must be one of`},
		{org(`email_jit_provisioning = "ALL_ALLOWED"`), `(?s)email_jit_provisioning.*value must be one of`},
		{org(`sso_jit_provisioning = "SOME"`), `(?s)sso_jit_provisioning.*value must be one of`},
		{org(`auth_methods = "NONE"`), `(?s)auth_methods.*value must be one of`},
		{org(`mfa_methods = "ANY"`), `(?s)mfa_methods.*value must be one of`},
		{org(`oauth_tenant_jit_provisioning = "ALL_ALLOWED"`), `(?s)oauth_tenant_jit_provisioning.*value must be one of`},
		{org(`first_party_connected_apps_allowed_type = "SOME"`), `(?s)first_party_connected_apps_allowed_type.*value must be one of`},
		{org(`third_party_connected_apps_allowed_type = "SOME"`), `(?s)third_party_connected_apps_allowed_type.*value must be one of`},
		{org(`allowed_auth_methods = ["carrier_pigeon"]`), `(?s)allowed_auth_methods.*value must be one of`},
		{org(`allowed_mfa_methods = ["email"]`), `(?s)allowed_mfa_methods.*value must be one of`},
		// Name and slug.
		{withNameSlug("", slug), `(?s)organization_name.*length must be between 1 and 128`},
		{withNameSlug(strings.Repeat("n", 129), slug), `(?s)organization_name.*length must be between 1 and 128`},
		{withNameSlug("Invalid Input", "a"), `(?s)organization_slug.*length must be between 2 and 128`},
		{withNameSlug("Invalid Input", strings.Repeat("s", 129)), `(?s)organization_slug.*length must be between 2 and 128`},
		{withNameSlug("Invalid Input", "has space"), `(?s)organization_slug.*may only contain alphanumerics`},
		{withNameSlug("Invalid Input", "acme/corp"), `(?s)organization_slug.*may only contain alphanumerics`},
		{withNameSlug("Invalid Input", "---"), `(?s)organization_slug.*at least one alphanumeric`},
		// Cross-field rules.
		{org(`auth_methods = "RESTRICTED"`), `(?s)Missing Allowed Auth Methods`},
		{org("mfa_methods = \"RESTRICTED\"\nallowed_mfa_methods = []"), `(?s)Missing Allowed MFA Methods`},
		{org(`email_invites = "RESTRICTED"`), `(?s)Missing Email Allowed Domains`},
		{org(`email_jit_provisioning = "RESTRICTED"`), `(?s)Missing Email Allowed Domains`},
		{org(`oauth_tenant_jit_provisioning = "RESTRICTED"`), `(?s)Missing Allowed OAuth Tenants`},
		{org("sso_jit_provisioning = \"NOT_ALLOWED\"\nemail_jit_provisioning = \"NOT_ALLOWED\"\nemail_invites = \"NOT_ALLOWED\""), `(?s)No Way to Add Members`},
		// OAuth tenants.
		{org(`allowed_oauth_tenants = { gitlab = ["x"] }`), `(?s)allowed_oauth_tenants.*value must be one of.*gitlab`},
		{org(`allowed_oauth_tenants = { slack = [] }`), `(?s)allowed_oauth_tenants.*set must contain at least 1`},
		{org(`allowed_oauth_tenants = { slack = [""] }`), `(?s)allowed_oauth_tenants.*length must be at least 1`},
		// Metadata.
		{org(`trusted_metadata = "[1, 2]"`), `(?s)trusted_metadata must be a JSON object`},
		{org(`trusted_metadata = "{not json"`), `(?s)Invalid JSON String Value`},
		{org(`trusted_metadata = "` + manyKeys + `"`), `(?s)at most 20 top-level keys`},
		{org(`trusted_metadata = jsonencode({ blob = "` + strings.Repeat("x", 4200) + `" })`), `(?s)at most 4 KB`},
		// URLs, ids and domains.
		{org(`organization_logo_url = "https://cdn.example.com/` + strings.Repeat("x", 2100) + `"`), `(?s)Invalid Attribute Value Length`},
		{org(`organization_external_id = "has space"`), `(?s)organization_external_id.*may only contain`},
		{org(`organization_external_id = "` + strings.Repeat("e", 129) + `"`), `(?s)organization_external_id.*length must be at most 128`},
		{org(`email_allowed_domains = ["https://acme.com"]`), `(?s)must be a domain\s+name`},
		{org(`claimed_email_domains = ["user@acme.com"]`), `(?s)claimed_email_domains.*must be a domain\s+name`},
		{org(`rbac_email_implicit_role_assignments = [{ domain = "not a domain", role_id = "stytch_admin" }]`), `(?s)domain.*must be a domain\s+name`},
		{org(`rbac_email_implicit_role_assignments = [{ domain = "acme.com", role_id = "" }]`), `(?s)role_id.*length must be at least 1`},
		{org(`sso_default_connection_id = "saml-connection-test-1"`), `(?s)sso_default_connection_id.*(read-only|Invalid Configuration for Read-Only)`},
	}
	sameID := statecheck.CompareValue(compare.ValuesSame())
	steps := []resource.TestStep{{
		Config:            valid,
		ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(orgAddr, tfjsonpath.New("id"))},
	}}
	for _, c := range cases {
		// Terraform wraps long messages: a space in a pattern matches any white space.
		want := regexp.MustCompile(strings.ReplaceAll(c.want, " ", `\s+`))
		steps = append(steps, resource.TestStep{Config: c.config, PlanOnly: true, ExpectError: want})
	}
	// Nothing was changed by the failed plans: the state and the organization
	// are as they were, and the valid configuration plans empty.
	steps = append(steps, resource.TestStep{
		Config:            valid,
		ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(orgAddr, tfjsonpath.New("id"))},
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed,
		Steps:                    steps,
	})
}

func TestAccB2BOrganization_deletionProtection(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	protected := func(on bool) string {
		return env.config(fmt.Sprintf(`
resource "stytch_b2b_organization" "test" {
  organization_name   = "Protected"
  organization_slug   = %q
  deletion_protection = %t
}

resource "stytch_b2b_member" "test" {
  organization_id = stytch_b2b_organization.test.organization_id
  email_address   = "guarded@example.com"
}
`, slug, on))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkMembersDestroyed,
		Steps: []resource.TestStep{
			{
				Config: protected(true),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(orgAddr, tfjsonpath.New("deletion_protection"), knownvalue.Bool(true)),
				},
			},
			// Destroy fails at plan time, before any API call: the
			// organization is still there, and so is the member, which
			// Terraform would destroy first.
			{
				Config:      protected(true),
				Destroy:     true,
				ExpectError: regexp.MustCompile(`(?s)Protected From Deletion.*this plan destroys it.*deletion_protection = false`),
			},
			{
				Config: protected(true),
				Check: resource.ComposeTestCheckFunc(
					env.checkAPI(func(org *stytch.Organization) error {
						if org.OrganizationSlug != slug {
							return fmt.Errorf("unexpected organization %s", org.OrganizationSlug)
						}
						return nil
					}),
					env.checkMemberAPI(func(m *stytch.Member) error {
						if m.Status == stytch.MemberStatusDeleted {
							return fmt.Errorf("member %s was deleted although its organization is protected", m.MemberID)
						}
						return nil
					}),
				),
			},
			// Turning protection off is an in-place update; then destroy works.
			{
				Config: protected(false),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(orgAddr, plancheck.ResourceActionUpdate),
				}},
			},
			{
				ResourceName:      orgAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
		},
	})
}

// Resource identity (Terraform 1.12 and later): set at create, unchanged by
// an update and a refresh, importable with an identity block (by id or by
// slug, with an empty plan after), and an identity that names no
// organization, or an empty one, is an error.
func TestAccB2BOrganization_resourceIdentity(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	renamed := env.config(testAccOrgConfigMinimal(slug, "Identity Org (renamed)"))
	tracker := newIdentityTracker(orgAddr, map[string]*regexp.Regexp{"organization_id": organizationIDPattern})
	it := identityTest{
		tracker:      tracker,
		config:       renamed,
		bySlug:       hclObject("organization_id", slug),
		missing:      hclObject("organization_id", "organization-test-00000000-0000-4000-8000-000000000000"),
		missingError: wrappedError(`Cannot import non-existent remote object`),
	}
	steps := []resource.TestStep{
		{Config: env.config(testAccOrgConfigMinimal(slug, "Identity Org")), ConfigStateChecks: tracker.created()},
		{
			Config:            renamed,
			ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(orgAddr, plancheck.ResourceActionUpdate)}},
			ConfigStateChecks: []statecheck.StateCheck{tracker.check()},
		},
	}
	steps = append(steps, it.steps()...)
	steps = append(steps, resource.TestStep{
		ResourceName:           orgAddr,
		ImportState:            true,
		ImportStateKind:        resource.ImportBlockWithResourceIdentity,
		ImportStateConfigExact: true,
		Config:                 renamed + "\nimport {\n  to       = " + orgAddr + "\n  identity = " + hclObject("organization_id", "") + "\n}\n",
		ExpectError:            wrappedError(`Invalid Import Identity.*no value for organization_id`),
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   identityCLI,
		CheckDestroy:             env.checkDestroyed,
		Steps:                    steps,
	})
}
