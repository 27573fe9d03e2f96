package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

const rbacAddr = "stytch_b2b_organization_rbac_policy.test"

// Roles of the RBAC policy tests, in HCL and as Stytch holds them. They use
// Stytch's default resources only, which every project's policy has.
const (
	rbacRoleBilling = `{
      role_id     = "billing-admin"
      description = "Manages billing contacts"
      permissions = [
        { resource_id = "stytch.member", actions = ["search", "update.info.name"] },
        { resource_id = "stytch.organization", actions = ["update.info.name"] },
      ]
    }`
	rbacRoleBillingChanged = `{
      role_id     = "billing-admin"
      description = "Manages billing contacts"
      permissions = [
        { resource_id = "stytch.member", actions = ["create", "search"] },
      ]
    }`
	rbacRoleSSO     = `{ role_id = "sso-admin", permissions = [{ resource_id = "stytch.sso", actions = ["*"] }] }`
	rbacRoleAuditor = `{ role_id = "auditor", description = "Reads the member list" }`
)

var (
	rbacBilling = stytch.CustomRole{RoleID: "billing-admin", Description: "Manages billing contacts", Permissions: []stytch.RolePermission{
		{ResourceID: "stytch.member", Actions: []string{"search", "update.info.name"}},
		{ResourceID: "stytch.organization", Actions: []string{"update.info.name"}},
	}}
	rbacBillingChanged = stytch.CustomRole{RoleID: "billing-admin", Description: "Manages billing contacts", Permissions: []stytch.RolePermission{
		{ResourceID: "stytch.member", Actions: []string{"create", "search"}},
	}}
	rbacSSO     = stytch.CustomRole{RoleID: "sso-admin", Permissions: []stytch.RolePermission{{ResourceID: "stytch.sso", Actions: []string{"*"}}}}
	rbacAuditor = stytch.CustomRole{RoleID: "auditor", Description: "Reads the member list"}
)

// testAccRBACConfig is an organization and its policy with the given roles
// (HCL objects); no roles omits the argument.
func testAccRBACConfig(slug string, roles ...string) string {
	return testAccRBACOrg(slug) + testAccRBACPolicy(roles...)
}

func testAccRBACOrg(slug string) string {
	return fmt.Sprintf(`
resource "stytch_b2b_organization" "test" {
  organization_name = "RBAC"
  organization_slug = %q
}
`, slug)
}

func testAccRBACPolicy(roles ...string) string {
	arg := ""
	if len(roles) > 0 {
		arg = "  roles = [\n    " + strings.Join(roles, ",\n    ") + ",\n  ]\n"
	}
	return `
resource "stytch_b2b_organization_rbac_policy" "test" {
  organization_id = stytch_b2b_organization.test.organization_id
` + arg + `}
`
}

// checkRoles checks that the organization of orgAddr has exactly the roles
// want in Stytch, whatever their order.
func (e *testEnv) checkRoles(want ...stytch.CustomRole) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[orgAddr]
		if !ok {
			return fmt.Errorf("%s is not in state", orgAddr)
		}
		policy, err := e.client.GetOrganizationRBACPolicy(context.Background(), rs.Primary.ID)
		if err != nil {
			return err
		}
		if !sameRoles(policy.Roles, want) {
			return fmt.Errorf("Stytch holds the roles %+v, want %+v", canonicalRoles(policy.Roles), canonicalRoles(want))
		}
		return nil
	}
}

// setRolesOutside sets the roles of the organization of orgAddr with the
// client, as someone outside Terraform would.
func (e *testEnv) setRolesOutside(roles ...stytch.CustomRole) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		_, err := e.client.SetOrganizationRBACPolicy(context.Background(), s.RootModule().Resources[orgAddr].Primary.ID,
			stytch.OrgPolicy{Roles: append([]stytch.CustomRole{}, roles...)})
		return err
	}
}

// roleCheck is the state check of one role: its id, its description (null
// for "") and its permissions (null for none).
func roleCheck(role stytch.CustomRole) knownvalue.Check {
	var description knownvalue.Check = knownvalue.Null()
	if role.Description != "" {
		description = knownvalue.StringExact(role.Description)
	}
	var permissions knownvalue.Check = knownvalue.Null()
	if len(role.Permissions) > 0 {
		checks := make([]knownvalue.Check, 0, len(role.Permissions))
		for _, p := range role.Permissions {
			checks = append(checks, knownvalue.ObjectExact(map[string]knownvalue.Check{
				"resource_id": knownvalue.StringExact(p.ResourceID),
				"actions":     stringSetCheck(p.Actions...),
			}))
		}
		permissions = knownvalue.SetExact(checks)
	}
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"role_id":     knownvalue.StringExact(role.RoleID),
		"description": description,
		"permissions": permissions,
	})
}

// rolesInState checks the roles attribute of the policy in state.
func rolesInState(roles ...stytch.CustomRole) statecheck.StateCheck {
	checks := make([]knownvalue.Check, 0, len(roles))
	for _, r := range roles {
		checks = append(checks, roleCheck(r))
	}
	return statecheck.ExpectKnownValue(rbacAddr, tfjsonpath.New("roles"), knownvalue.SetExact(checks))
}

// orgIDOf is an import id: the id of the organization of orgAddr.
func orgIDOf(s *terraform.State) (string, error) {
	rs, ok := s.RootModule().Resources[orgAddr]
	if !ok {
		return "", fmt.Errorf("%s is not in state", orgAddr)
	}
	return rs.Primary.ID, nil
}

// The lifecycle of a policy: two roles, a role added, a role's permissions
// changed, a role removed, every role removed, and the resource removed,
// each checked against what Stytch holds and each an update in place.
func TestAccB2BOrganizationRBACPolicy_basic(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	update := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(rbacAddr, plancheck.ResourceActionUpdate)}}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config: env.config(testAccRBACConfig(slug, rbacRoleBilling, rbacRoleSSO)),
				Check:  env.checkRoles(rbacBilling, rbacSSO),
				ConfigStateChecks: []statecheck.StateCheck{
					rolesInState(rbacBilling, rbacSSO),
					statecheck.CompareValuePairs(rbacAddr, tfjsonpath.New("id"), orgAddr, tfjsonpath.New("organization_id"), compare.ValuesSame()),
					statecheck.CompareValuePairs(rbacAddr, tfjsonpath.New("organization_id"), orgAddr, tfjsonpath.New("organization_id"), compare.ValuesSame()),
				},
			},
			{
				Config:            env.config(testAccRBACConfig(slug, rbacRoleBilling, rbacRoleSSO, rbacRoleAuditor)),
				ConfigPlanChecks:  update,
				Check:             env.checkRoles(rbacBilling, rbacSSO, rbacAuditor),
				ConfigStateChecks: []statecheck.StateCheck{rolesInState(rbacBilling, rbacSSO, rbacAuditor)},
			},
			{
				Config:            env.config(testAccRBACConfig(slug, rbacRoleBillingChanged, rbacRoleSSO, rbacRoleAuditor)),
				ConfigPlanChecks:  update,
				Check:             env.checkRoles(rbacBillingChanged, rbacSSO, rbacAuditor),
				ConfigStateChecks: []statecheck.StateCheck{rolesInState(rbacBillingChanged, rbacSSO, rbacAuditor)},
			},
			// The same roles in another order: sets, so nothing to do.
			{
				Config:           env.config(testAccRBACConfig(slug, rbacRoleAuditor, rbacRoleSSO, rbacRoleBillingChanged)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				Config:            env.config(testAccRBACConfig(slug, rbacRoleBillingChanged, rbacRoleAuditor)),
				ConfigPlanChecks:  update,
				Check:             env.checkRoles(rbacBillingChanged, rbacAuditor),
				ConfigStateChecks: []statecheck.StateCheck{rolesInState(rbacBillingChanged, rbacAuditor)},
			},
			{
				Config:            env.config(testAccRBACConfig(slug)),
				ConfigPlanChecks:  update,
				Check:             env.checkRoles(),
				ConfigStateChecks: []statecheck.StateCheck{rolesInState()},
			},
			// Removing the resource removes the roles; the organization stays.
			{
				Config: env.config(testAccRBACConfig(slug, rbacRoleSSO)),
				Check:  env.checkRoles(rbacSSO),
			},
			{
				Config: env.config(testAccRBACOrg(slug)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(rbacAddr, plancheck.ResourceActionDestroy),
					plancheck.ExpectResourceAction(orgAddr, plancheck.ResourceActionNoop),
				}},
				Check: env.checkRoles(),
			},
		},
	})
}

// An empty policy: roles omitted, Stytch answers no roles, state holds an
// empty set, and `roles = []` means the same (an empty plan). Creating it
// for an organization without roles sends nothing: there is nothing to set.
func TestAccB2BOrganizationRBACPolicy_emptyPolicy(t *testing.T) {
	var puts atomic.Int64
	env := newWrappedTestEnv(t, countRBACWrites(&puts))
	slug := randomSlug()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config: env.config(testAccRBACConfig(slug)),
				Check: resource.ComposeTestCheckFunc(env.checkRoles(), func(*terraform.State) error {
					if n := puts.Load(); n != 0 && env.emulator != nil {
						return fmt.Errorf("creating an empty policy for an organization without roles sent %d PUTs, want 0", n)
					}
					return nil
				}),
				ConfigStateChecks: []statecheck.StateCheck{rolesInState()},
			},
			{
				Config: env.config(testAccRBACOrg(slug) + `
resource "stytch_b2b_organization_rbac_policy" "test" {
  organization_id = stytch_b2b_organization.test.organization_id
  roles           = []
}
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// countRBACWrites counts the PUTs of organization policies.
func countRBACWrites(n *atomic.Int64) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPut && strings.HasPrefix(r.URL.Path, "/v1/b2b/rbac/organizations/") {
				n.Add(1)
			}
			next.ServeHTTP(w, r)
		})
	}
}

// Roles changed outside Terraform show in the plan as an update, and apply
// sets the configuration's roles again.
func TestAccB2BOrganizationRBACPolicy_drift(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	intruder := stytch.CustomRole{RoleID: "intruder", Permissions: []stytch.RolePermission{{ResourceID: "stytch.member", Actions: []string{"*"}}}}
	cfg := env.config(testAccRBACConfig(slug, rbacRoleBilling, rbacRoleSSO))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config:             cfg,
				Check:              env.setRolesOutside(rbacBillingChanged, intruder),
				ExpectNonEmptyPlan: true,
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(rbacAddr, plancheck.ResourceActionUpdate),
				}},
				Check:             env.checkRoles(rbacBilling, rbacSSO),
				ConfigStateChecks: []statecheck.StateCheck{rolesInState(rbacBilling, rbacSSO)},
			},
			// Every custom role deleted outside Terraform: the same.
			{
				Config:             cfg,
				Check:              env.setRolesOutside(),
				ExpectNonEmptyPlan: true,
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(rbacAddr, plancheck.ResourceActionUpdate),
				}},
				Check: env.checkRoles(rbacBilling, rbacSSO),
			},
		},
	})
}

// An organization deleted outside Terraform takes its roles along: the
// policy leaves state on the next refresh, and apply creates both again.
func TestAccB2BOrganizationRBACPolicy_organizationDeletedOutside(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	cfg := env.config(testAccRBACConfig(slug, rbacRoleSSO))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed,
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
					plancheck.ExpectResourceAction(rbacAddr, plancheck.ResourceActionCreate),
				}},
				Check: env.checkRoles(rbacSSO),
			},
		},
	})
}

// Import by organization id and by slug (the command and an import block),
// each with the state or plan unchanged after, and configuration generation
// from an import block, which plans empty.
func TestAccB2BOrganizationRBACPolicy_import(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	cfg := env.config(testAccRBACConfig(slug, rbacRoleBilling, rbacRoleSSO, rbacRoleAuditor))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				ResourceName:      rbacAddr,
				ImportState:       true,
				ImportStateIdFunc: orgIDOf,
				ImportStateVerify: true,
			},
			{
				ResourceName:      rbacAddr,
				ImportState:       true,
				ImportStateId:     slug,
				ImportStateVerify: true,
			},
			{
				ResourceName:    rbacAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:   slug,
			},
			{
				ResourceName:      rbacAddr,
				ImportState:       true,
				ImportStateKind:   resource.ImportBlockWithID,
				ImportStateIdFunc: orgIDOf,
			},
			{
				ResourceName:    rbacAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:   slug,
				GenerateConfig:  true,
				Config:          cfg,
			},
			{
				ResourceName:  rbacAddr,
				ImportState:   true,
				ImportStateId: "no-such-organization-" + slug,
				ExpectError:   regexp.MustCompile(`(?s)Unable to Import B2B Organization RBAC Policy.*` + phrase("No organization has the id or slug")),
			},
			{
				ResourceName:  rbacAddr,
				ImportState:   true,
				ImportStateId: slug + "/roles",
				ExpectError:   regexp.MustCompile(`(?s)Invalid Import ID.*` + phrase("is not an organization's id")),
			},
		},
	})
}

// An organization that already has custom roles: creating the policy with
// other roles fails with their ids and the import command, and deletes
// nothing; with exactly those roles, it adopts them without a write.
func TestAccB2BOrganizationRBACPolicy_existingRoles(t *testing.T) {
	var puts atomic.Int64
	env := newWrappedTestEnv(t, countRBACWrites(&puts))
	slug := randomSlug()
	legacy := stytch.CustomRole{RoleID: "legacy-approver", Description: "Set up by hand",
		Permissions: []stytch.RolePermission{{ResourceID: "stytch.member", Actions: []string{"search"}}}}
	legacyHCL := `{
      role_id     = "legacy-approver"
      description = "Set up by hand"
      permissions = [{ resource_id = "stytch.member", actions = ["search"] }]
    }`
	countPuts := func(want int64) resource.TestCheckFunc {
		return func(*terraform.State) error {
			if env.emulator == nil {
				return nil
			}
			if n := puts.Swap(0); n != want {
				return fmt.Errorf("%d PUTs of the organization's policy, want %d", n, want)
			}
			return nil
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config: env.config(testAccRBACOrg(slug)),
				Check:  resource.ComposeTestCheckFunc(env.setRolesOutside(legacy, rbacSSO), countPuts(1)),
			},
			{
				Config: env.config(testAccRBACConfig(slug, rbacRoleBilling)),
				ExpectError: regexp.MustCompile(`(?s)Organization Already Has Custom Roles.*"legacy-approver",\s+"sso-admin".*` +
					`terraform import\s+stytch_b2b_organization_rbac_policy.NAME\s+organization-.*import \{.*` +
					phrase("-generate-config-out")),
			},
			// Nothing was written: the roles are as they were.
			{
				Config: env.config(testAccRBACOrg(slug)),
				Check:  resource.ComposeTestCheckFunc(env.checkRoles(legacy, rbacSSO), countPuts(0)),
			},
			// A subset is refused too: the other role would be deleted.
			{
				Config:      env.config(testAccRBACConfig(slug, legacyHCL)),
				ExpectError: regexp.MustCompile(`(?s)Organization Already Has Custom Roles.*"legacy-approver",\s+"sso-admin"`),
			},
			// Exactly the roles Stytch holds: adopted, with no PUT.
			{
				Config:            env.config(testAccRBACConfig(slug, rbacRoleSSO, legacyHCL)),
				Check:             resource.ComposeTestCheckFunc(env.checkRoles(legacy, rbacSSO), countPuts(0)),
				ConfigStateChecks: []statecheck.StateCheck{rolesInState(legacy, rbacSSO)},
			},
		},
	})
}

// A member given a custom role of the policy in the same apply: the
// member's roles name the policy's role ids, so Terraform creates the
// member after the policy and destroys it before. After a refresh the
// organization (resource and data source) lists the role in custom_roles.
func TestAccB2BOrganizationRBACPolicy_member(t *testing.T) {
	log := &rbacRequestLog{}
	env := newWrappedTestEnv(t, log.wrap)
	slug := randomSlug()
	email := memberEmail("billing", slug)
	member := fmt.Sprintf(`
resource "stytch_b2b_member" "test" {
  organization_id = stytch_b2b_organization.test.organization_id
  email_address   = %q
  roles           = [for role in stytch_b2b_organization_rbac_policy.test.roles : role.role_id if role.role_id == "billing-admin"]
}

data "stytch_b2b_organization" "test" {
  organization_id = stytch_b2b_organization_rbac_policy.test.id
}
`, email)
	cfg := env.config(testAccRBACConfig(slug, rbacRoleBilling, rbacRoleSSO) + member)
	customRoleIDs := func(addr string) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(addr, tfjsonpath.New("custom_roles"), knownvalue.SetPartial([]knownvalue.Check{
			knownvalue.ObjectPartial(map[string]knownvalue.Check{"role_id": knownvalue.StringExact("billing-admin")}),
			knownvalue.ObjectPartial(map[string]knownvalue.Check{"role_id": knownvalue.StringExact("sso-admin")}),
		}))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkMembersDestroyed,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: resource.ComposeTestCheckFunc(
					env.checkRoles(rbacBilling, rbacSSO),
					env.checkMemberAPI(func(m *stytch.Member) error {
						if got := roleSourcesOf(m)["billing-admin"]; !slices.Equal(got, []string{"direct_assignment"}) {
							return fmt.Errorf("member roles %v, want billing-admin assigned directly", roleSourcesOf(m))
						}
						return nil
					}),
				),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("roles"), stringSetCheck("billing-admin")),
					customRoleIDs("data.stytch_b2b_organization.test"),
				},
			},
			// The refresh brings the roles to the organization resource.
			{
				Config:            cfg,
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{customRoleIDs(orgAddr), customRoleIDs("data.stytch_b2b_organization.test")},
			},
			// Removing both: the member goes first, then the roles.
			{
				PreConfig: log.reset,
				Config:    env.config(testAccRBACOrg(slug)),
				Check: resource.ComposeTestCheckFunc(env.checkRoles(), func(*terraform.State) error {
					if env.emulator == nil {
						return nil
					}
					return log.expectOrder("DELETE member", "PUT rbac")
				}),
			},
		},
	})
}

// rbacRequestLog records the member deletions and policy writes the
// emulator receives, in order.
type rbacRequestLog struct {
	mu    sync.Mutex
	calls []string
}

func (l *rbacRequestLog) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var call string
		switch {
		case r.Method == http.MethodPut && strings.HasPrefix(r.URL.Path, "/v1/b2b/rbac/organizations/"):
			call = "PUT rbac"
		case r.Method == http.MethodDelete && strings.Contains(r.URL.Path, "/members/"):
			call = "DELETE member"
		}
		if call != "" {
			l.mu.Lock()
			l.calls = append(l.calls, call)
			l.mu.Unlock()
		}
		next.ServeHTTP(w, r)
	})
}

func (l *rbacRequestLog) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls = nil
}

func (l *rbacRequestLog) expectOrder(want ...string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !slices.Equal(l.calls, want) {
		return fmt.Errorf("calls %v, want %v", l.calls, want)
	}
	return nil
}

// organization_id given as the organization's slug: refused when the plan
// knows the value, before anything is written.
func TestAccB2BOrganizationRBACPolicy_organizationBySlug(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	bySlug := env.config(testAccRBACOrg(slug) + `
resource "stytch_b2b_organization_rbac_policy" "test" {
  organization_id = stytch_b2b_organization.test.organization_slug
  roles           = [` + rbacRoleSSO + `]
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			{Config: env.config(testAccRBACOrg(slug))},
			{
				Config:      bySlug,
				ExpectError: regexp.MustCompile(`(?s)Organization Given By Slug.*` + phrase("Write the organization's id instead")),
			},
			{
				Config: env.config(testAccRBACOrg(slug)),
				Check:  env.checkRoles(),
			},
		},
	})
}

// Bad input fails at plan time with a message that says what to do, and
// leaves the state and Stytch's roles as they were. Resources and actions
// the project's policy does not define are Stytch's to refuse, at apply,
// with its error fields.
func TestAccB2BOrganizationRBACPolicy_invalidConfig(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	valid := env.config(testAccRBACConfig(slug, rbacRoleBilling, rbacRoleSSO))
	withRoles := func(roles ...string) string { return env.config(testAccRBACConfig(slug, roles...)) }
	permission := func(permissions string) string {
		return withRoles(`{ role_id = "r", permissions = ` + permissions + ` }`)
	}
	cases := []struct {
		config string
		want   string
	}{
		{withRoles(`{ role_id = "" }`), `Empty Role ID.*Give it an id`},
		{withRoles(`{ role_id = "` + strings.Repeat("r", 101) + `" }`), `Role ID Too Long.*has 101 characters.*at most 100`},
		{withRoles(`{ role_id = "stytch_admin" }`), `Reserved Role ID.*"stytch_admin" is one of Stytch's own roles`},
		{withRoles(`{ role_id = "stytch_member" }`), `Reserved Role ID.*"stytch_member" is one of Stytch's own roles`},
		{withRoles(`{ role_id = "stytch_billing" }`), `Reserved Role ID.*starts with "stytch_"`},
		{withRoles(`{ role_id = "ops" }`, `{ role_id = "ops", description = "Operations" }`), `Duplicate Role ID.*role_id "ops".*rbac_role_duplicate`},
		{withRoles(`{ role_id = "r", description = "` + strings.Repeat("d", 1001) + `" }`), `Role Description Too Long.*1001 characters.*at most 1000`},
		{withRoles(`{ role_id = "r", description = "" }`), `Empty Role Description.*remove the description argument`},
		{permission(`[]`), `Empty Permissions.*remove the permissions argument`},
		{permission(`[{ resource_id = "", actions = ["search"] }]`), `Empty Resource ID.*empty_rbac_resource_id`},
		{permission(`[{ resource_id = "stytch.member", actions = ["search"] }, { resource_id = "stytch.member", actions = ["create"] }]`),
			`Duplicate Permission Resource.*two permissions for resource "stytch.member"`},
		{permission(`[{ resource_id = "stytch.member", actions = [] }]`), `Missing Permission Actions.*rbac_permission_missing_actions`},
		{permission(`[{ resource_id = "stytch.member", actions = ["search", ""] }]`), `Empty Permission Action`},
		{permission(`[{ resource_id = "stytch.member", actions = ["  "] }]`), `Empty Permission Action`},
		{permission(`[{ resource_id = "stytch.member", actions = ["*", "search"] }]`), `Wildcard Action With Other Actions.*cannot_specify_wildcard_with_other_actions`},
		{env.config(testAccRBACOrg(slug) + `
resource "stytch_b2b_organization_rbac_policy" "test" {
  organization_id = ""
}
`), `organization_id.*length must be at least 1`},
		{env.config(testAccRBACOrg(slug) + fmt.Sprintf(`
resource "stytch_b2b_organization_rbac_policy" "test" {
  organization_id = %q
}
`, slug)), `Organization Given By Slug.*` + phrase("it would replace the policy")},
		{withRoles(`{ permissions = [] }`), `Incorrect attribute value type|role_id.*required`},
	}
	sameID := statecheck.CompareValue(compare.ValuesSame())
	steps := []resource.TestStep{{
		Config:            valid,
		ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(rbacAddr, tfjsonpath.New("id"))},
	}}
	for _, c := range cases {
		want := regexp.MustCompile("(?s)" + strings.ReplaceAll(c.want, " ", `\s+`))
		steps = append(steps, resource.TestStep{Config: c.config, PlanOnly: true, ExpectError: want})
	}
	// At apply: a resource and an action the project's policy lacks.
	for _, p := range []struct{ permissions, errorType string }{
		{`[{ resource_id = "invoices", actions = ["read"] }]`, "invalid_permission_resource"},
		{`[{ resource_id = "stytch.member", actions = ["teleport"] }]`, "invalid_permission_action"},
	} {
		steps = append(steps, resource.TestStep{
			Config: withRoles(rbacRoleSSO, `{ role_id = "r", permissions = `+p.permissions+` }`),
			ExpectError: regexp.MustCompile(`(?s)Unable to Update B2B Organization RBAC Policy.*` +
				phrase("does not define") + `.*error_type:\s+` + p.errorType + `.*error_message:\s+\S.*request_id:\s+\S+`),
		})
	}
	// Nothing was changed: the state and the roles are as they were, and
	// the valid configuration plans empty.
	steps = append(steps, resource.TestStep{
		Config:            valid,
		ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(rbacAddr, tfjsonpath.New("id")), rolesInState(rbacBilling, rbacSSO)},
		Check:             env.checkRoles(rbacBilling, rbacSSO),
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkDestroyed,
		Steps:                    steps,
	})
}

// validateRBACRoles skips unknown values: a role, a role id, a description,
// permissions, a resource id or actions known only at apply never fail.
func TestValidateRBACRoles_unknownValues(t *testing.T) {
	ctx := context.Background()
	permissionType := types.ObjectType{AttrTypes: rbacPermissionAttrTypes}
	roleType := types.ObjectType{AttrTypes: rbacRoleAttrTypes}
	permission := func(resourceID types.String, actions types.Set) attr.Value {
		return types.ObjectValueMust(rbacPermissionAttrTypes, map[string]attr.Value{"resource_id": resourceID, "actions": actions})
	}
	role := func(id, description types.String, permissions types.Set) attr.Value {
		return types.ObjectValueMust(rbacRoleAttrTypes, map[string]attr.Value{"role_id": id, "description": description, "permissions": permissions})
	}
	actions := func(values ...attr.Value) types.Set { return types.SetValueMust(types.StringType, values) }
	permissions := func(values ...attr.Value) types.Set { return types.SetValueMust(permissionType, values) }
	roles := types.SetValueMust(roleType, []attr.Value{
		types.ObjectUnknown(rbacRoleAttrTypes),
		role(types.StringUnknown(), types.StringUnknown(), types.SetUnknown(permissionType)),
		role(types.StringUnknown(), types.StringNull(), types.SetNull(permissionType)),
		role(types.StringValue("a"), types.StringNull(), permissions(
			types.ObjectUnknown(rbacPermissionAttrTypes),
			permission(types.StringUnknown(), actions(types.StringValue("search"))),
			permission(types.StringValue("stytch.member"), types.SetUnknown(types.StringType)),
		)),
		role(types.StringValue("b"), types.StringNull(), permissions(
			permission(types.StringUnknown(), actions(types.StringUnknown(), types.StringValue("search"))),
			permission(types.StringValue("stytch.sso"), actions(types.StringUnknown())),
			permission(types.StringValue("stytch.scim"), actions(types.StringValue("*"), types.StringUnknown())),
		)),
	})
	if diags := validateRBACRoles(ctx, roles); diags.HasError() {
		t.Fatalf("unknown values were refused: %v", diags)
	}
	if diags := validateRBACRoles(ctx, types.SetUnknown(roleType)); diags.HasError() {
		t.Fatalf("unknown roles were refused: %v", diags)
	}
	// Known values next to unknown ones are still checked.
	bad := types.SetValueMust(roleType, []attr.Value{
		role(types.StringValue("stytch_admin"), types.StringUnknown(), types.SetUnknown(permissionType)),
		role(types.StringUnknown(), types.StringValue(""), permissions(
			permission(types.StringUnknown(), actions(types.StringValue("*"), types.StringValue("search"), types.StringUnknown())),
		)),
	})
	diags := validateRBACRoles(ctx, bad)
	if got := errorSummaries(diags); !slices.Equal(got, []string{"Reserved Role ID", "Empty Role Description", "Wildcard Action With Other Actions"}) {
		t.Fatalf("summaries %v", got)
	}
}

func errorSummaries(diags diag.Diagnostics) []string {
	var out []string
	for _, d := range diags.Errors() {
		out = append(out, d.Summary())
	}
	return out
}

// Stytch's roles converted to state and back are the same roles, with ""
// and [] read as null.
func TestRBACRolesRoundTrip(t *testing.T) {
	ctx := context.Background()
	in := []stytch.CustomRole{rbacBilling, rbacSSO, rbacAuditor, {RoleID: "empty", Permissions: []stytch.RolePermission{}}}
	var diags diag.Diagnostics
	set := rbacRolesFromAPI(in, &diags)
	out := rbacRolesToAPI(ctx, set, &diags)
	if diags.HasError() {
		t.Fatal(diags)
	}
	if !sameRoles(in, out) {
		t.Fatalf("round trip: %+v, want %+v", out, canonicalRoles(in))
	}
	var models []rbacRoleModel
	diags.Append(set.ElementsAs(ctx, &models, false)...)
	for _, m := range models {
		if m.RoleID.ValueString() == "empty" && (!m.Description.IsNull() || !m.Permissions.IsNull()) {
			t.Errorf("role without description and permissions reads as %+v, want nulls", m)
		}
	}
	if body := rbacRolesToAPI(ctx, types.SetValueMust(types.ObjectType{AttrTypes: rbacRoleAttrTypes}, nil), &diags); body == nil || len(body) != 0 {
		t.Errorf("no roles convert to %#v, want an empty, non-nil list", body)
	}
}

// sameRoles ignores order, and nothing else.
func TestRBACSameRoles(t *testing.T) {
	reordered := stytch.CustomRole{RoleID: "billing-admin", Description: "Manages billing contacts", Permissions: []stytch.RolePermission{
		{ResourceID: "stytch.organization", Actions: []string{"update.info.name"}},
		{ResourceID: "stytch.member", Actions: []string{"update.info.name", "search"}},
	}}
	if !sameRoles([]stytch.CustomRole{rbacSSO, rbacBilling}, []stytch.CustomRole{reordered, rbacSSO}) {
		t.Error("the same roles in another order differ")
	}
	if !sameRoles(nil, []stytch.CustomRole{}) {
		t.Error("nil and empty differ")
	}
	other := rbacSSO
	other.Description = "x"
	for _, b := range [][]stytch.CustomRole{{rbacSSO}, {other, rbacBilling}, {rbacBillingChanged, rbacSSO}, {rbacBilling, rbacSSO, rbacAuditor}} {
		if sameRoles([]stytch.CustomRole{rbacBilling, rbacSSO}, b) {
			t.Errorf("%+v counts as the same roles as billing-admin and sso-admin", b)
		}
	}
}

// Resource identity (Terraform 1.12 and later): the organization's id, set
// at create, unchanged by an update and a refresh, importable with an
// identity block (by id or by slug, with an empty plan after); an identity
// naming no organization is an error.
func TestAccB2BOrganizationRBACPolicy_resourceIdentity(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	updated := env.config(testAccRBACConfig(slug, rbacRoleBillingChanged, rbacRoleAuditor))
	tracker := newIdentityTracker(rbacAddr, map[string]*regexp.Regexp{"organization_id": organizationIDPattern})
	it := identityTest{
		tracker:      tracker,
		config:       updated,
		bySlug:       hclObject("organization_id", slug),
		missing:      hclObject("organization_id", "organization-test-00000000-0000-4000-8000-000000000000"),
		missingError: wrappedError(`Unable to Import B2B Organization RBAC Policy.*No organization has the id or slug`),
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   identityCLI,
		CheckDestroy:             env.checkDestroyed,
		Steps: append([]resource.TestStep{
			{Config: env.config(testAccRBACConfig(slug, rbacRoleBilling)), ConfigStateChecks: tracker.created()},
			{
				Config:            updated,
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(rbacAddr, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: []statecheck.StateCheck{tracker.check()},
			},
		}, it.steps()...),
	})
}
