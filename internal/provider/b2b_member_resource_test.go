package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/platformkit/terraform-provider-stytch/internal/emulator"
	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

const memberAddr = "stytch_b2b_member.test"

// memberTestRoles are the custom project roles the member tests assign. The
// emulator of newMemberTestEnv defines them; against Stytch
// (STYTCH_ACC_REAL=1) the test project's RBAC policy must define them too.
var memberTestRoles = []string{"billing-admin", "support-agent", "auditor"}

// newMemberTestEnv is newWrappedTestEnv with an emulator whose project
// defines memberTestRoles, since Stytch refuses roles that do not exist.
func newMemberTestEnv(t *testing.T, wrap func(http.Handler) http.Handler) *testEnv {
	t.Helper()
	if os.Getenv("STYTCH_ACC_REAL") == "1" {
		return newWrappedTestEnv(t, wrap)
	}
	emu := emulator.New(emulator.Options{ProjectID: testProjectID, Secret: testSecret, ProjectRoles: memberTestRoles})
	var handler http.Handler = emu
	if wrap != nil {
		handler = wrap(emu)
	}
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	client, err := stytch.New(stytch.Config{ProjectID: testProjectID, Secret: testSecret, BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	return &testEnv{
		client:   client,
		emulator: emu,
		providerBlock: fmt.Sprintf(`provider "stytch" {
  project_id = %q
  secret     = %q
  base_url   = %q
}
`, testProjectID, testSecret, srv.URL),
	}
}

// memberEmail is an address of the test's own domain, so that tests against
// Stytch never collide.
func memberEmail(local, slug string) string {
	return fmt.Sprintf("%s@%s.example.com", local, slug)
}

// testAccMemberOrg is the organization the member tests add members to.
func testAccMemberOrg(slug, extra string) string {
	return fmt.Sprintf(`
resource "stytch_b2b_organization" "org" {
  organization_name = "Members"
  organization_slug = %q
  %s
}
`, slug, extra)
}

// testAccMember is the organization and the member stytch_b2b_member.test
// with the given arguments besides organization_id.
func testAccMember(slug, args string) string {
	return testAccMemberOrg(slug, "") + fmt.Sprintf(`
resource "stytch_b2b_member" "test" {
  organization_id = stytch_b2b_organization.org.organization_id
  %s
}
`, args)
}

// fetchMember reads the member behind a resource straight from the API.
func (e *testEnv) fetchMember(s *terraform.State, addr string) (*stytch.Member, error) {
	rs, ok := s.RootModule().Resources[addr]
	if !ok {
		return nil, fmt.Errorf("%s is not in state", addr)
	}
	return e.client.GetMember(context.Background(), rs.Primary.Attributes["organization_id"], rs.Primary.ID)
}

// checkMemberAPI runs assertions on the member of memberAddr as the API holds it.
func (e *testEnv) checkMemberAPI(check func(*stytch.Member) error) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		m, err := e.fetchMember(s, memberAddr)
		if err != nil {
			return err
		}
		return check(m)
	}
}

// checkMembersDestroyed verifies that every member of the test is gone from
// Stytch (not found, or deleted), then that every organization is.
func (e *testEnv) checkMembersDestroyed(s *terraform.State) error {
	for _, rs := range s.RootModule().Resources {
		if rs.Type != "stytch_b2b_member" {
			continue
		}
		m, err := e.client.GetMember(context.Background(), rs.Primary.Attributes["organization_id"], rs.Primary.ID)
		switch {
		case stytch.IsNotFound(err):
		case err != nil:
			return err
		case m.Status != stytch.MemberStatusDeleted:
			return fmt.Errorf("member %s still exists after destroy, status %s", rs.Primary.ID, m.Status)
		}
	}
	return e.checkDestroyed(s)
}

func memberMetadataOf(raw map[string]json.RawMessage) map[string]any {
	out := map[string]any{}
	for k, v := range raw {
		var x any
		_ = json.Unmarshal(v, &x)
		out[k] = x
	}
	return out
}

// roleSourcesOf returns, for each role of the member, its source types.
func roleSourcesOf(m *stytch.Member) map[string][]string {
	out := map[string][]string{}
	for _, r := range m.Roles {
		for _, s := range r.Sources {
			out[r.RoleID] = append(out[r.RoleID], s.Type)
		}
	}
	return out
}

func stringSetCheck(values ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, 0, len(values))
	for _, v := range values {
		checks = append(checks, knownvalue.StringExact(v))
	}
	return knownvalue.SetExact(checks)
}

func TestAccB2BMember_basic(t *testing.T) {
	env := newMemberTestEnv(t, nil)
	slug := randomSlug()
	email := memberEmail("alice", slug)
	cfg := env.config(testAccMember(slug, fmt.Sprintf("email_address = %q", email)))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkMembersDestroyed,
		Steps: []resource.TestStep{
			// Create and Read with only the required arguments: the defaults
			// are Stytch's empty forms.
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("member_id"), knownvalue.StringRegexp(regexp.MustCompile(`^member-`))),
					statecheck.CompareValuePairs(memberAddr, tfjsonpath.New("id"), memberAddr, tfjsonpath.New("member_id"), compare.ValuesSame()),
					statecheck.CompareValuePairs(memberAddr, tfjsonpath.New("organization_id"), "stytch_b2b_organization.org", tfjsonpath.New("organization_id"), compare.ValuesSame()),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("email_address"), knownvalue.StringExact(email)),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("name"), knownvalue.StringExact("")),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("roles"), knownvalue.SetSizeExact(0)),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("roles_with_sources"), knownvalue.ListSizeExact(0)),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("trusted_metadata"), knownvalue.StringExact("{}")),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("untrusted_metadata"), knownvalue.StringExact("{}")),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("is_breakglass"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("mfa_enrolled"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("mfa_phone_number"), knownvalue.StringExact("")),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("default_mfa_method"), knownvalue.Null()),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("external_id"), knownvalue.StringExact("")),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("create_as_pending"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("email_address_verified"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("is_admin"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("sso_registrations"), knownvalue.ListSizeExact(0)),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("oauth_registrations"), knownvalue.ListSizeExact(0)),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("scim_registration"), knownvalue.Null()),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("retired_email_addresses"), knownvalue.ListSizeExact(0)),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("created_at"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT`))),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("updated_at"), knownvalue.NotNull()),
				},
				Check: env.checkMemberAPI(func(m *stytch.Member) error {
					if m.EmailAddress != email || m.Status != stytch.MemberStatusActive {
						return fmt.Errorf("API holds %q with status %s", m.EmailAddress, m.Status)
					}
					return nil
				}),
			},
			// Import by ORGANIZATION_ID/MEMBER_ID.
			{
				ResourceName:      memberAddr,
				ImportState:       true,
				ImportStateIdFunc: memberImportID(memberAddr, "organization_id", "member_id"),
				ImportStateVerify: true,
			},
			// Import by ORGANIZATION_SLUG/EMAIL_ADDRESS: the state holds the ids.
			{
				ResourceName:      memberAddr,
				ImportState:       true,
				ImportStateId:     slug + "/" + email,
				ImportStateVerify: true,
			},
			// The other two combinations: id/email and slug/member id.
			{
				ResourceName:      memberAddr,
				ImportState:       true,
				ImportStateIdFunc: memberImportID(memberAddr, "organization_id", "email_address"),
				ImportStateVerify: true,
			},
			{
				ResourceName: memberAddr,
				ImportState:  true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					return slug + "/" + s.RootModule().Resources[memberAddr].Primary.ID, nil
				},
				ImportStateVerify: true,
			},
			// An import id without the organization is refused with the forms to use.
			{
				ResourceName:  memberAddr,
				ImportState:   true,
				ImportStateId: email,
				ExpectError:   regexp.MustCompile(`(?s)Invalid Import ID.*` + phrase("is not ORGANIZATION/MEMBER")),
			},
			// An import {} block by slug and email must end in an empty plan.
			{
				ResourceName:     memberAddr,
				ImportState:      true,
				ImportStateKind:  resource.ImportBlockWithID,
				ImportStateId:    slug + "/" + email,
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(memberAddr, plancheck.ResourceActionNoop)}},
				Config:           cfg,
			},
		},
	})
}

// memberImportID builds ORGANIZATION/MEMBER from two attributes of a resource in state.
func memberImportID(addr, orgAttr, memberAttr string) resource.ImportStateIdFunc {
	return func(s *terraform.State) (string, error) {
		rs, ok := s.RootModule().Resources[addr]
		if !ok {
			return "", fmt.Errorf("%s is not in state", addr)
		}
		return rs.Primary.Attributes[orgAttr] + "/" + rs.Primary.Attributes[memberAttr], nil
	}
}

// TestAccB2BMember_generatedConfig imports a member with every argument set
// through an import block with `plan -generate-config-out`: the generated
// configuration plans no change, so it applies with an empty plan.
func TestAccB2BMember_generatedConfig(t *testing.T) {
	skipUnlessMemberConfigGeneration(t)
	env := newMemberTestEnv(t, nil)
	slug := randomSlug()
	email := memberEmail("gen", slug)
	cfg := env.config(testAccMember(slug, fmt.Sprintf(`email_address    = %q
  name             = "Generated"
  roles            = ["stytch_admin", "auditor"]
  trusted_metadata = jsonencode({ team = "platform", level = 3 })
  mfa_phone_number = "+14155550101"
  mfa_enrolled     = true
  is_breakglass    = true
  external_id      = "gen-%s"`, email, slug)))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkMembersDestroyed,
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				ResourceName:    memberAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:   slug + "/" + email,
				GenerateConfig:  true,
				Config:          cfg,
			},
		},
	})
}

// skipUnlessMemberConfigGeneration skips a test on CLIs whose
// `plan -generate-config-out` cannot handle this resource: OpenTofu before
// 1.11.2 crashes on read-only nested attributes (opentofu/opentofu#3555),
// which stytch_b2b_member has (roles_with_sources, the registrations).
func skipUnlessMemberConfigGeneration(t *testing.T) {
	t.Helper()
	if os.Getenv(resource.EnvTfAcc) == "" {
		return
	}
	info, found, err := testCLI()
	if err != nil {
		t.Fatal(err)
	}
	if found && info.IsOpenTofu() && !info.AtLeast([3]int{1, 11, 2}) {
		t.Skipf("%s crashes in plan -generate-config-out on read-only nested attributes (opentofu/opentofu#3555, "+
			"fixed in OpenTofu 1.11.2); TestAccB2BMember_basic covers import blocks without generation", info.Line)
	}
}

// testAccMemberFull sets every argument.
func testAccMemberFull(slug string) string {
	return testAccMember(slug, fmt.Sprintf(`email_address      = %q
  name               = "Alice Admin"
  roles              = ["stytch_admin", "billing-admin"]
  trusted_metadata   = jsonencode({ employee_id = 1234, team = "platform", access = { tier = "gold" } })
  untrusted_metadata = jsonencode({ theme = "dark", locale = "en-GB" })
  is_breakglass      = true
  mfa_phone_number   = "+14155550123"
  mfa_enrolled       = true
  default_mfa_method = "sms_otp"
  external_id        = "hr|%s-1"
  create_as_pending  = false`, memberEmail("alice", slug), slug))
}

// testAccMemberFullChanged changes every argument of testAccMemberFull.
func testAccMemberFullChanged(slug string) string {
	return testAccMember(slug, fmt.Sprintf(`email_address      = %q
  name               = "Alice Operator"
  roles              = ["support-agent", "billing-admin"]
  trusted_metadata   = jsonencode({ employee_id = 1234, team = "security", manager = "bob" })
  untrusted_metadata = jsonencode({ theme = "light" })
  is_breakglass      = false
  mfa_phone_number   = "+14155550199"
  mfa_enrolled       = false
  default_mfa_method = "sms_otp"
  external_id        = "hr|%s-2"
  create_as_pending  = true`, memberEmail("alice.new", slug), slug))
}

func TestAccB2BMember_everyArgument(t *testing.T) {
	env := newMemberTestEnv(t, nil)
	slug := randomSlug()
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkMembersDestroyed,
		Steps: []resource.TestStep{
			// Create with every argument (default_mfa_method in a second call).
			{
				Config: env.config(testAccMemberFull(slug)),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(memberAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("roles"), stringSetCheck("stytch_admin", "billing-admin")),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("is_admin"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("default_mfa_method"), knownvalue.StringExact("sms_otp")),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("mfa_phone_number_verified"), knownvalue.Bool(false)),
					// Roles are sent sorted, and Stytch lists them in the order assigned.
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("roles_with_sources"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"role_id": knownvalue.StringExact("billing-admin")}),
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"role_id": knownvalue.StringExact("stytch_admin"),
							"sources": knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
								"type": knownvalue.StringExact("direct_assignment"), "details": knownvalue.MapSizeExact(0),
							})}),
						}),
					})),
				},
				Check: env.checkMemberAPI(func(m *stytch.Member) error {
					md := memberMetadataOf(m.TrustedMetadata)
					if md["team"] != "platform" || md["employee_id"] != float64(1234) {
						return fmt.Errorf("API trusted_metadata %v", md)
					}
					if u := memberMetadataOf(m.UntrustedMetadata); u["theme"] != "dark" {
						return fmt.Errorf("API untrusted_metadata %v", u)
					}
					if m.Name != "Alice Admin" || !m.IsBreakglass || !m.MFAEnrolled || m.MFAPhoneNumber != "+14155550123" ||
						m.DefaultMFAMethod != "sms_otp" || m.ExternalID != "hr|"+slug+"-1" || m.Status != stytch.MemberStatusActive {
						return fmt.Errorf("API member %+v", m)
					}
					if got := sorted(m.DirectRoleIDs()); !slices.Equal(got, []string{"billing-admin", "stytch_admin"}) {
						return fmt.Errorf("API direct roles %v", got)
					}
					return nil
				}),
			},
			// Update every argument in place: never a replacement. The new
			// email address retires the old one; the new phone number replaces
			// the old one; create_as_pending changes nothing in Stytch.
			{
				Config: env.config(testAccMemberFullChanged(slug)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(memberAddr, plancheck.ResourceActionUpdate),
					// The update leaves the status alone, so the plan knows it.
					plancheck.ExpectKnownValue(memberAddr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(memberAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("email_address"), knownvalue.StringExact(memberEmail("alice.new", slug))),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("retired_email_addresses"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"email_address": knownvalue.StringExact(memberEmail("alice", slug))}),
					})),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("is_admin"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("create_as_pending"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
				},
				Check: env.checkMemberAPI(func(m *stytch.Member) error {
					md := memberMetadataOf(m.TrustedMetadata)
					if _, ok := md["access"]; ok || md["team"] != "security" || md["manager"] != "bob" || md["employee_id"] != float64(1234) {
						return fmt.Errorf("API trusted_metadata after update %v, want access deleted, team and manager set", md)
					}
					if u := memberMetadataOf(m.UntrustedMetadata); len(u) != 1 || u["theme"] != "light" {
						return fmt.Errorf("API untrusted_metadata after update %v", u)
					}
					if m.Name != "Alice Operator" || m.IsBreakglass || m.MFAEnrolled || m.MFAPhoneNumber != "+14155550199" ||
						m.DefaultMFAMethod != "sms_otp" || m.ExternalID != "hr|"+slug+"-2" || m.EmailAddressVerified {
						return fmt.Errorf("API member after update %+v", m)
					}
					if got := sorted(m.DirectRoleIDs()); !slices.Equal(got, []string{"billing-admin", "support-agent"}) {
						return fmt.Errorf("API direct roles %v", got)
					}
					return nil
				}),
			},
			// Removing the optional arguments clears them in Stytch.
			{
				Config: env.config(testAccMember(slug, fmt.Sprintf("email_address = %q", memberEmail("alice.new", slug)))),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(memberAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(memberAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("default_mfa_method"), knownvalue.Null()),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("roles"), knownvalue.SetSizeExact(0)),
				},
				Check: env.checkMemberAPI(func(m *stytch.Member) error {
					if m.Name != "" || m.IsBreakglass || m.MFAEnrolled || m.MFAPhoneNumber != "" || m.DefaultMFAMethod != "" ||
						m.ExternalID != "" || len(m.TrustedMetadata) != 0 || len(m.UntrustedMetadata) != 0 || len(m.DirectRoleIDs()) != 0 {
						return fmt.Errorf("API member after clearing %+v", m)
					}
					return nil
				}),
			},
		},
	})
}

// TestAccB2BMember_roles adds roles one at a time, then removes them one at a
// time: each change is one in-place update of the member's direct roles.
func TestAccB2BMember_roles(t *testing.T) {
	env := newMemberTestEnv(t, nil)
	slug := randomSlug()
	email := memberEmail("roles", slug)
	withRoles := func(roles ...string) string {
		quoted := make([]string, len(roles))
		for i, r := range roles {
			quoted[i] = fmt.Sprintf("%q", r)
		}
		return env.config(testAccMember(slug, fmt.Sprintf("email_address = %q\n  roles = [%s]", email, strings.Join(quoted, ", "))))
	}
	sequence := [][]string{
		{}, {"billing-admin"}, {"billing-admin", "support-agent"}, {"billing-admin", "support-agent", "stytch_admin"},
		{"support-agent", "stytch_admin"}, {"stytch_admin"}, {},
	}
	sameID := statecheck.CompareValue(compare.ValuesSame())
	var steps []resource.TestStep
	for i, roles := range sequence {
		step := resource.TestStep{
			Config: withRoles(roles...),
			ConfigStateChecks: []statecheck.StateCheck{
				sameID.AddStateValue(memberAddr, tfjsonpath.New("id")),
				statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("roles"), stringSetCheck(roles...)),
				statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("roles_with_sources"), knownvalue.ListSizeExact(len(roles))),
				statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("is_admin"), knownvalue.Bool(slices.Contains(roles, "stytch_admin"))),
			},
			Check: env.checkMemberAPI(func(m *stytch.Member) error {
				if got, want := sorted(m.DirectRoleIDs()), sorted(roles); !slices.Equal(got, want) {
					return fmt.Errorf("API direct roles %v, want %v", got, want)
				}
				return nil
			}),
		}
		if i > 0 {
			step.ConfigPlanChecks = resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(memberAddr, plancheck.ResourceActionUpdate),
			}}
		}
		steps = append(steps, step)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkMembersDestroyed,
		Steps:                    steps,
	})
}

// TestAccB2BMember_implicitRoles checks that roles the organization grants by
// email domain appear in roles_with_sources only, never as a diff of roles,
// also when the organization changes its assignments in the same apply as an
// update of the member.
func TestAccB2BMember_implicitRoles(t *testing.T) {
	env := newMemberTestEnv(t, nil)
	slug := randomSlug()
	domain := slug + ".example.com"
	email := memberEmail("implicit", slug)
	config := func(assignments, memberArgs string) string {
		return env.config(testAccMemberOrg(slug, "rbac_email_implicit_role_assignments = ["+assignments+"]") + fmt.Sprintf(`
resource "stytch_b2b_member" "test" {
  organization_id = stytch_b2b_organization.org.organization_id
  email_address   = %q
  %s
}
`, email, memberArgs))
	}
	admin := fmt.Sprintf(`{ domain = %q, role_id = "stytch_admin" }`, domain)
	auditor := fmt.Sprintf(`{ domain = %q, role_id = "auditor" }`, domain)
	sources := func(role string, types ...string) knownvalue.Check {
		checks := make([]knownvalue.Check, 0, len(types))
		for _, typ := range types {
			checks = append(checks, knownvalue.ObjectPartial(map[string]knownvalue.Check{"type": knownvalue.StringExact(typ)}))
		}
		return knownvalue.ObjectExact(map[string]knownvalue.Check{"role_id": knownvalue.StringExact(role), "sources": knownvalue.ListExact(checks)})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkMembersDestroyed,
		Steps: []resource.TestStep{
			// The organization grants stytch_admin by domain: the member has it,
			// roles stays empty, and the plan after apply is empty.
			{
				Config: config(admin, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("roles"), knownvalue.SetSizeExact(0)),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("is_admin"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("roles_with_sources"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"role_id": knownvalue.StringExact("stytch_admin"),
							"sources": knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
								"type":    knownvalue.StringExact("email_assignment"),
								"details": knownvalue.MapExact(map[string]knownvalue.Check{"email_domain": knownvalue.StringExact(domain)}),
							})}),
						}),
					})),
				},
			},
			// Assigning the same role directly too: two sources, one role.
			{
				Config: config(admin, `roles = ["stytch_admin"]`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("roles"), stringSetCheck("stytch_admin")),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("roles_with_sources"), knownvalue.ListExact([]knownvalue.Check{
						sources("stytch_admin", "direct_assignment", "email_assignment"),
					})),
				},
			},
			// Removing the direct assignment leaves the implicit one.
			{
				Config: config(admin, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("roles"), knownvalue.SetSizeExact(0)),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("roles_with_sources"), knownvalue.ListExact([]knownvalue.Check{
						sources("stytch_admin", "email_assignment"),
					})),
				},
				Check: env.checkMemberAPI(func(m *stytch.Member) error {
					if got := roleSourcesOf(m); !slices.Equal(got["stytch_admin"], []string{"email_assignment"}) || len(m.DirectRoleIDs()) != 0 {
						return fmt.Errorf("API roles %v", got)
					}
					return nil
				}),
			},
			// The organization adds an assignment in the same apply as an
			// update of the member: the member's answer already has it.
			{
				Config: config(admin+", "+auditor, `name = "Renamed"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("roles"), knownvalue.SetSizeExact(0)),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("roles_with_sources"), knownvalue.ListSizeExact(2)),
				},
			},
			// And an organization change alone shows no diff on the member.
			{
				Config: config(auditor, `name = "Renamed"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(memberAddr, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("roles"), knownvalue.SetSizeExact(0)),
				},
			},
		},
	})
}

// TestAccB2BMember_drift changes the member outside Terraform: the plan shows
// the drift as an in-place update, and apply restores the configuration.
func TestAccB2BMember_drift(t *testing.T) {
	env := newMemberTestEnv(t, nil)
	slug := randomSlug()
	cfg := env.config(testAccMember(slug, fmt.Sprintf(`email_address    = %q
  name             = "Configured"
  roles            = ["billing-admin"]
  trusted_metadata = jsonencode({ owner = "terraform" })`, memberEmail("drift", slug))))
	var orgID, memberID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkMembersDestroyed,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(s *terraform.State) error {
					rs := s.RootModule().Resources[memberAddr]
					orgID, memberID = rs.Primary.Attributes["organization_id"], rs.Primary.ID
					return nil
				},
			},
			{
				PreConfig: func() {
					name, roles, breakglass := "Renamed by hand", []string{"support-agent"}, true
					_, err := env.client.UpdateMember(context.Background(), orgID, memberID, stytch.UpdateMemberRequest{
						Name: &name, Roles: &roles, IsBreakglass: &breakglass,
						TrustedMetadata: map[string]json.RawMessage{"rogue": json.RawMessage(`true`)},
					})
					if err != nil {
						t.Errorf("out-of-band update: %v", err)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(memberAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(memberAddr, tfjsonpath.New("name"), knownvalue.StringExact("Configured")),
					plancheck.ExpectKnownValue(memberAddr, tfjsonpath.New("roles"), stringSetCheck("billing-admin")),
				}},
				Check: env.checkMemberAPI(func(m *stytch.Member) error {
					md := memberMetadataOf(m.TrustedMetadata)
					if m.Name != "Configured" || m.IsBreakglass || !slices.Equal(m.DirectRoleIDs(), []string{"billing-admin"}) ||
						len(md) != 1 || md["owner"] != "terraform" {
						return fmt.Errorf("configuration not restored: %+v, metadata %v", m, md)
					}
					return nil
				}),
			},
		},
	})
}

// TestAccB2BMember_disappears deletes the member outside Terraform: the
// refresh removes it from state and the next apply creates a new one. Then
// the organization is deleted outside Terraform, with its members.
func TestAccB2BMember_disappears(t *testing.T) {
	env := newMemberTestEnv(t, nil)
	slug := randomSlug()
	cfg := env.config(testAccMember(slug, fmt.Sprintf("email_address = %q", memberEmail("gone", slug))))
	differentID := statecheck.CompareValue(compare.ValuesDiffer())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkMembersDestroyed,
		Steps: []resource.TestStep{
			{
				Config:            cfg,
				ConfigStateChecks: []statecheck.StateCheck{differentID.AddStateValue(memberAddr, tfjsonpath.New("id"))},
				Check: func(s *terraform.State) error {
					rs := s.RootModule().Resources[memberAddr]
					return env.client.DeleteMember(context.Background(), rs.Primary.Attributes["organization_id"], rs.Primary.ID)
				},
				ExpectNonEmptyPlan: true,
			},
			// The deleted member (status deleted in Stytch) left state: the plan creates it again.
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(memberAddr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{differentID.AddStateValue(memberAddr, tfjsonpath.New("id"))},
			},
			// The organization is deleted outside Terraform: both leave state on refresh.
			{
				Config: cfg,
				Check: func(s *terraform.State) error {
					return env.client.DeleteOrganization(context.Background(),
						s.RootModule().Resources["stytch_b2b_organization.org"].Primary.ID)
				},
				ExpectNonEmptyPlan: true,
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("stytch_b2b_organization.org", plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction(memberAddr, plancheck.ResourceActionCreate),
				}},
			},
		},
	})
}

// answerDeleted makes the member reads answer status deleted while on is
// set, as Stytch may for a soft-deleted member (the emulator answers
// member_not_found).
func answerDeleted(on *atomic.Bool) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !on.Load() || r.Method != http.MethodGet || !strings.HasSuffix(r.URL.Path, "/member") {
				next.ServeHTTP(w, r)
				return
			}
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r)
			var body map[string]any
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err == nil {
				if m, ok := body["member"].(map[string]any); ok {
					m["status"] = stytch.MemberStatusDeleted
				}
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(rec.Code)
			_ = json.NewEncoder(w).Encode(body)
		})
	}
}

// TestAccB2BMember_deletedStatus checks that a member Stytch answers with
// status deleted leaves state on refresh, and the plan creates it again.
func TestAccB2BMember_deletedStatus(t *testing.T) {
	var deleted atomic.Bool
	env := newMemberTestEnv(t, answerDeleted(&deleted))
	if env.emulator == nil {
		t.Skip("the deleted status is simulated in front of the emulator")
	}
	slug := randomSlug()
	cfg := env.config(testAccMember(slug, fmt.Sprintf("email_address = %q", memberEmail("soft", slug))))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkMembersDestroyed,
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() { deleted.Store(true) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(memberAddr, plancheck.ResourceActionCreate),
				}},
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{PreConfig: func() { deleted.Store(false) }, Config: cfg},
		},
	})
}

// TestAccB2BMember_withOrganization creates an organization and its members
// in one apply, plans empty, and destroys them in one destroy.
func TestAccB2BMember_withOrganization(t *testing.T) {
	env := newMemberTestEnv(t, nil)
	slug := randomSlug()
	cfg := testAccMemberOrg(slug, fmt.Sprintf(`rbac_email_implicit_role_assignments = [{ domain = "%s.example.com", role_id = "auditor" }]`, slug))
	for _, name := range []string{"admin", "ops", "viewer"} {
		cfg += fmt.Sprintf(`
resource "stytch_b2b_member" %q {
  organization_id = stytch_b2b_organization.org.organization_id
  email_address   = %q
  name            = %q
  roles           = %s
}
`, name, memberEmail(name, slug), strings.ToUpper(name[:1])+name[1:], map[string]string{
			"admin": `["stytch_admin"]`, "ops": `["support-agent", "billing-admin"]`, "viewer": `[]`,
		}[name])
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkMembersDestroyed,
		Steps: []resource.TestStep{
			{
				Config: env.config(cfg),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("stytch_b2b_member.viewer", tfjsonpath.New("roles"), knownvalue.SetSizeExact(0)),
					statecheck.ExpectKnownValue("stytch_b2b_member.viewer", tfjsonpath.New("roles_with_sources"), knownvalue.ListSizeExact(1)),
					statecheck.ExpectKnownValue("stytch_b2b_member.ops", tfjsonpath.New("roles_with_sources"), knownvalue.ListSizeExact(3)),
				},
			},
			{
				Config:           env.config(cfg),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// TestAccB2BMember_emailCase checks that email addresses compare without
// regard to case: Stytch's casing never shows as a diff, and a change of case
// in the configuration sends nothing.
func TestAccB2BMember_emailCase(t *testing.T) {
	var writes atomic.Int64
	env := newMemberTestEnv(t, countWrites(&writes))
	slug := randomSlug()
	mixed := "Alice.Smith@" + strings.ToUpper(slug) + ".Example.com"
	withEmail := func(email string) string {
		return env.config(testAccMember(slug, fmt.Sprintf("email_address = %q", email)))
	}
	var orgID, memberID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkMembersDestroyed,
		Steps: []resource.TestStep{
			{
				Config: withEmail(mixed),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("email_address"), knownvalue.StringExact(mixed)),
				},
				Check: func(s *terraform.State) error {
					rs := s.RootModule().Resources[memberAddr]
					orgID, memberID = rs.Primary.Attributes["organization_id"], rs.Primary.ID
					return nil
				},
			},
			// Stytch now spells it in lower case: no diff.
			{
				PreConfig: func() {
					lower := strings.ToLower(mixed)
					if _, err := env.client.UpdateMember(context.Background(), orgID, memberID, stytch.UpdateMemberRequest{EmailAddress: &lower}); err != nil {
						t.Errorf("out-of-band update: %v", err)
					}
				},
				Config:           withEmail(mixed),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			// The configuration changes case only: Terraform records the new
			// spelling, and nothing is sent to Stytch.
			{
				PreConfig: func() { writes.Store(0) },
				Config:    withEmail(strings.ToUpper(mixed)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("email_address"), knownvalue.StringExact(strings.ToUpper(mixed))),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("retired_email_addresses"), knownvalue.ListSizeExact(0)),
				},
				Check: func(*terraform.State) error {
					if n := writes.Load(); env.emulator != nil && n != 0 {
						return fmt.Errorf("a change of case made %d write requests", n)
					}
					return nil
				},
			},
		},
	})
}

// countWrites counts the requests that are not GETs.
func countWrites(n *atomic.Int64) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodGet {
				n.Add(1)
			}
			next.ServeHTTP(w, r)
		})
	}
}

// TestAccB2BMember_pending creates a pending member; changing
// create_as_pending afterwards only changes state; Stytch's rules for members
// that are not active are checked at plan time.
func TestAccB2BMember_pending(t *testing.T) {
	env := newMemberTestEnv(t, nil)
	slug := randomSlug()
	email := memberEmail("pending", slug)
	withArgs := func(args string) string {
		return env.config(testAccMember(slug, fmt.Sprintf("email_address = %q\n  %s", email, args)))
	}
	routes := func() map[string]int {
		if env.emulator == nil {
			return nil
		}
		return env.emulator.Stats().Requests
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkMembersDestroyed,
		Steps: []resource.TestStep{
			{
				Config: withArgs("create_as_pending = true"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("status"), knownvalue.StringExact("pending")),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("create_as_pending"), knownvalue.Bool(true)),
				},
			},
			// A pending member cannot get an MFA phone number or a new address.
			{
				Config:      withArgs("create_as_pending = true\n  mfa_phone_number = \"+14155550123\""),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)MFA Phone Number Needs an Active Member.*` + phrase(`has status "pending"`)),
			},
			{
				Config: env.config(testAccMember(slug, fmt.Sprintf("email_address = %q\n  create_as_pending = true",
					memberEmail("pending2", slug)))),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Email Address Change Needs an Active Member`),
			},
			// create_as_pending = false is an update of state only: no call to Stytch.
			{
				PreConfig: func() {
					if env.emulator != nil {
						env.emulator.ResetStats()
					}
				},
				Config: withArgs("create_as_pending = false"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(memberAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(memberAddr, tfjsonpath.New("updated_at"), knownvalue.NotNull()),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("create_as_pending"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("status"), knownvalue.StringExact("pending")),
				},
				Check: func(*terraform.State) error {
					for route, n := range routes() {
						if !strings.HasPrefix(route, "GET ") && n != 0 {
							return fmt.Errorf("changing create_as_pending made %d %s requests", n, route)
						}
					}
					return nil
				},
			},
		},
	})
}

// TestAccB2BMember_newMemberRules checks at plan time what Stytch refuses of a
// new member: an MFA phone number with create_as_pending, and totp.
func TestAccB2BMember_newMemberRules(t *testing.T) {
	env := newMemberTestEnv(t, nil)
	slug := randomSlug()
	withArgs := func(args string) string {
		return env.config(testAccMember(slug, fmt.Sprintf("email_address = %q\n  %s", memberEmail("new", slug), args)))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      withArgs("create_as_pending = true\n  mfa_phone_number = \"+14155550123\""),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Pending Member Cannot Have an MFA Phone Number`),
			},
			{
				Config:      withArgs("default_mfa_method = \"totp\""),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Missing TOTP Registration.*` + phrase("a new member cannot have it")),
			},
		},
	})
}

// TestAccB2BMember_requestCounts checks the calls each phase makes: create is
// one POST (and one PUT for default_mfa_method), refresh one GET, update one
// PUT, destroy one DELETE.
func TestAccB2BMember_requestCounts(t *testing.T) {
	env := newMemberTestEnv(t, nil)
	if env.emulator == nil {
		t.Skip("request counts come from the emulator")
	}
	slug := randomSlug()
	const (
		post   = "POST /v1/b2b/organizations/{organization_id}/members"
		get    = "GET /v1/b2b/organizations/{organization_id}/member"
		put    = "PUT /v1/b2b/organizations/{organization_id}/members/{member_id}"
		del    = "DELETE /v1/b2b/organizations/{organization_id}/members/{member_id}"
		phone  = "DELETE /v1/b2b/organizations/{organization_id}/members/mfa_phone_numbers/{member_id}"
		extDel = "DELETE /v1/b2b/organizations/{organization_id}/members/{member_id}/external_id"
	)
	members := func(args string) string {
		return env.config(testAccMemberOrg(slug, "") + fmt.Sprintf(`
resource "stytch_b2b_member" "test" {
  organization_id = stytch_b2b_organization.org.organization_id
  email_address   = %q
  %s
}
`, memberEmail("count", slug), args))
	}
	// expect checks the member calls since the last reset, then resets.
	expect := func(want map[string]int) resource.TestCheckFunc {
		return func(*terraform.State) error {
			got := env.emulator.Stats().Requests
			env.emulator.ResetStats()
			for _, route := range []string{post, get, put, del, phone, extDel} {
				if got[route] != want[route] {
					return fmt.Errorf("%s: %d requests, want %d (all: %v)", route, got[route], want[route], got)
				}
			}
			return nil
		}
	}
	reset := func() { env.emulator.ResetStats() }
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkMembersDestroyed,
		Steps: []resource.TestStep{
			// Create: one POST; the plan after apply refreshes with one GET.
			{PreConfig: reset, Config: members(`name = "A"`), Check: expect(map[string]int{post: 1})},
			// A refresh and an update: one GET, one PUT.
			{PreConfig: reset, Config: members(`name = "B"`), Check: expect(map[string]int{get: 1, put: 1})},
			// Replacing the phone number: delete, then the PUT that sets it.
			{PreConfig: reset, Config: members("name = \"B\"\n  mfa_phone_number = \"+14155550100\"\n  external_id = \"x1\""), Check: expect(map[string]int{get: 1, put: 1})},
			{PreConfig: reset, Config: members("name = \"B\"\n  mfa_phone_number = \"+14155550111\"\n  external_id = \"x1\""), Check: expect(map[string]int{get: 1, phone: 1, put: 1})},
			// Removing the phone number and the external id: their deletes only.
			{PreConfig: reset, Config: members(`name = "B"`), Check: expect(map[string]int{get: 1, phone: 1, extDel: 1})},
			// Destroy: one DELETE. The three GETs are refreshes: the destroy plan's,
			// and the refresh and second plan plugin-testing runs for a Check.
			{PreConfig: reset, Config: members(`name = "B"`), Destroy: true, Check: expect(map[string]int{get: 3, del: 1})},
		},
	})
}

// TestAccB2BMember_organizationBySlug gives organization_id as the slug: the
// member is created with a warning, and the next plan refuses the
// replacement the slug would cause.
func TestAccB2BMember_organizationBySlug(t *testing.T) {
	env := newMemberTestEnv(t, nil)
	slug := randomSlug()
	cfg := env.config(testAccMemberOrg(slug, "") + fmt.Sprintf(`
resource "stytch_b2b_member" "test" {
  organization_id = stytch_b2b_organization.org.organization_slug
  email_address   = %q
}
`, memberEmail("slug", slug)))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkMembersDestroyed,
		Steps: []resource.TestStep{{
			Config:      cfg,
			ExpectError: regexp.MustCompile(`(?s)Organization Given By Slug.*` + phrase("Write the organization's id instead")),
		}},
	})
}

// TestAccB2BMember_invalidConfig checks that bad input fails at plan time,
// before any API call, with a message naming the problem, and that the state
// of an existing member is unchanged afterwards.
func TestAccB2BMember_invalidConfig(t *testing.T) {
	env := newMemberTestEnv(t, nil)
	slug := randomSlug()
	email := memberEmail("invalid", slug)
	valid := env.config(testAccMember(slug, fmt.Sprintf("email_address = %q", email)))
	member := func(extra string) string {
		return env.config(testAccMember(slug, fmt.Sprintf("email_address = %q\n  %s", email, extra)))
	}
	withEmail := func(e string) string {
		return env.config(testAccMember(slug, fmt.Sprintf("email_address = %q", e)))
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
		// Email addresses.
		{withEmail("alice"), `(?s)email_address.*must be an email address`},
		{withEmail("alice@"), `(?s)email_address.*must be an email address`},
		{withEmail("@example.com"), `(?s)email_address.*must be an email address`},
		{withEmail("alice smith@example.com"), `(?s)email_address.*must be an email address`},
		{withEmail("alice@@example.com"), `(?s)email_address.*must be an email address`},
		{withEmail("alice@example"), `(?s)email_address.*must be an email address`},
		{withEmail(""), `(?s)email_address.*must be an email address`},
		{withEmail(strings.Repeat("a", 250) + "@example.com"), `(?s)email_address.*length must be at most 254`},
		// MFA.
		{member(`default_mfa_method = "email_otp"`), `(?s)default_mfa_method.*value must be one of`},
		{member(`default_mfa_method = ""`), `(?s)default_mfa_method.*value must be one of`},
		{member(`default_mfa_method = "sms_otp"`), `(?s)Missing MFA Phone Number`},
		{member(`mfa_phone_number = "4155550123"`), `(?s)mfa_phone_number.*must be an E.164 phone number`},
		{member(`mfa_phone_number = "+04155550123"`), `(?s)mfa_phone_number.*must be an E.164 phone number`},
		{member(`mfa_phone_number = "+1 415 555 0123"`), `(?s)mfa_phone_number.*must be an E.164 phone number`},
		{member(`mfa_phone_number = "+1415555012345678"`), `(?s)mfa_phone_number.*must be an E.164 phone number`},
		// Roles.
		{member(`roles = ["stytch_member"]`), `(?s)Reserved Role.*cannot_assign_default_rbac_role_id`},
		{member(`roles = ["stytch_admin", ""]`), `(?s)roles.*length must be at least 1`},
		// External id.
		{member(`external_id = "has space"`), `(?s)external_id.*may only contain`},
		{member(`external_id = "` + strings.Repeat("e", 129) + `"`), `(?s)external_id.*length must be at most 128`},
		// Metadata.
		{member(`trusted_metadata = "[1, 2]"`), `(?s)trusted_metadata must be a JSON object`},
		{member(`trusted_metadata = "{not json"`), `(?s)Invalid JSON String Value`},
		{member(`trusted_metadata = "` + manyKeys + `"`), `(?s)at most 20 top-level keys`},
		{member(`untrusted_metadata = "[1]"`), `(?s)Invalid Untrusted Metadata.*untrusted_metadata must be a JSON object`},
		{member(`untrusted_metadata = jsonencode({ blob = "` + strings.Repeat("x", 4200) + `" })`), `(?s)at most 4 KB of untrusted_metadata`},
		// Organization and read-only attributes.
		{env.config(testAccMemberOrg(slug, "") + fmt.Sprintf("resource \"stytch_b2b_member\" \"test\" {\n  organization_id = \"\"\n  email_address = %q\n}\n", email)),
			`(?s)organization_id.*length must be at least 1`},
		{member(`status = "active"`), `(?s)status.*(read-only|Invalid Configuration for Read-Only)`},
		{member(`is_admin = true`), `(?s)is_admin.*(read-only|Invalid Configuration for Read-Only)`},
		{member(`member_id = "member-test-1"`), `(?s)member_id.*(read-only|Invalid Configuration for Read-Only)`},
	}
	sameID := statecheck.CompareValue(compare.ValuesSame())
	steps := []resource.TestStep{{
		Config:            valid,
		ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(memberAddr, tfjsonpath.New("id"))},
	}}
	for _, c := range cases {
		want := regexp.MustCompile(strings.ReplaceAll(c.want, " ", `\s+`))
		steps = append(steps, resource.TestStep{Config: c.config, PlanOnly: true, ExpectError: want})
	}
	// Nothing was changed by the failed plans: the state and the member are as
	// they were, and the valid configuration plans empty.
	steps = append(steps, resource.TestStep{
		Config:            valid,
		ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(memberAddr, tfjsonpath.New("id"))},
		Check: env.checkMemberAPI(func(m *stytch.Member) error {
			if m.EmailAddress != email || m.Name != "" || len(m.Roles) != 0 {
				return fmt.Errorf("the member changed: %+v", m)
			}
			return nil
		}),
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkMembersDestroyed,
		Steps:                    steps,
	})
}

// Resource identity (Terraform 1.12 and later): the organization's id and
// the member id, set at create, unchanged by an update and a refresh,
// importable with an identity block (by the ids, or by the organization's
// slug and the member's email address, with an empty plan after); an
// identity naming no member is an error.
func TestAccB2BMember_resourceIdentity(t *testing.T) {
	env := newMemberTestEnv(t, nil)
	slug := randomSlug()
	email := memberEmail("identity", slug)
	updated := env.config(testAccMember(slug, fmt.Sprintf("email_address = %q\n  name = \"Renamed\"", email)))
	tracker := newIdentityTracker(memberAddr, map[string]*regexp.Regexp{
		"organization_id": organizationIDPattern,
		"member_id":       memberIDPattern,
	})
	it := identityTest{
		tracker:      tracker,
		config:       updated,
		bySlug:       hclObject("organization_id", slug, "member_id", email),
		missing:      hclObject("organization_id", "var.identity_organization_id", "member_id", "member-test-00000000-0000-4000-8000-000000000000"),
		missingError: wrappedError(`Cannot import non-existent remote object`),
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   identityCLI,
		CheckDestroy:             env.checkMembersDestroyed,
		Steps: append([]resource.TestStep{
			{Config: env.config(testAccMember(slug, fmt.Sprintf("email_address = %q", email))), ConfigStateChecks: tracker.created()},
			{
				Config:            updated,
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(memberAddr, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: []statecheck.StateCheck{tracker.check()},
			},
		}, it.steps()...),
	})
}
