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
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

const externalAddr = "stytch_b2b_external_connection.test"

// lazyString is a configuration variable whose value is read when its step
// runs, for ids that exist only after an earlier step or its PreConfig.
type lazyString struct{ value *string }

func (v lazyString) MarshalJSON() ([]byte, error) { return json.Marshal(*v.value) }

// externalFixture is the other organization ("source", managed by Terraform)
// and the active SAML connections of it that the external connection of the
// test organization links to. The connections are made with the client, so
// the tests do not depend on the SAML resource.
type externalFixture struct {
	env                   *testEnv
	sourceSlug, slug      string
	sourceOrganizationID  string
	samlID, otherSAMLID   string
	sourceConnectionValue string // the value of var.source_connection_id
}

func newExternalFixture(env *testEnv) *externalFixture {
	return &externalFixture{env: env, sourceSlug: randomSlug(), slug: randomSlug()}
}

// organizations is the configuration of both organizations.
func (f *externalFixture) organizations() string {
	return fmt.Sprintf(`
resource "stytch_b2b_organization" "source" {
  organization_name = "Parent"
  organization_slug = %q
}

resource "stytch_b2b_organization" "test" {
  organization_name = "Subsidiary"
  organization_slug = %q
}
`, f.sourceSlug, f.slug)
}

// config is both organizations and an external connection of the test
// organization to var.source_connection_id with the given arguments.
func (f *externalFixture) config(arguments string) string {
	return f.env.config(f.organizations() + fmt.Sprintf(`
variable "source_connection_id" {
  type = string
}

resource "stytch_b2b_external_connection" "test" {
  organization_id          = stytch_b2b_organization.test.organization_id
  external_organization_id = stytch_b2b_organization.source.organization_id
  external_connection_id   = var.source_connection_id
%s
}
`, arguments))
}

// variables hands var.source_connection_id to a step.
func (f *externalFixture) variables() config.Variables {
	return config.Variables{"source_connection_id": lazyString{&f.sourceConnectionValue}}
}

// setupStep creates both organizations and records the source's id.
func (f *externalFixture) setupStep() resource.TestStep {
	return resource.TestStep{
		Config: f.env.config(f.organizations()),
		Check: func(s *terraform.State) error {
			f.sourceOrganizationID = s.RootModule().Resources["stytch_b2b_organization.source"].Primary.ID
			return nil
		},
	}
}

// createSources gives the source organization two active SAML connections
// that map groups (which group role assignments need), and points
// var.source_connection_id at the first.
func (f *externalFixture) createSources(t *testing.T) {
	t.Helper()
	for _, id := range []*string{&f.samlID, &f.otherSAMLID} {
		conn := createActiveSAMLConnection(t, f.env.client, f.sourceOrganizationID, "Parent IdP")
		mapping := map[string]string{"email": "email", "full_name": "name", "groups": "groups"}
		if _, err := f.env.client.UpdateSAMLConnection(context.Background(), f.sourceOrganizationID, conn.ConnectionID,
			stytch.UpdateSAMLConnectionRequest{AttributeMapping: &mapping}); err != nil {
			t.Fatal(err)
		}
		*id = conn.ConnectionID
	}
	f.sourceConnectionValue = f.samlID
}

// fetchExternal reads the connection behind externalAddr from Stytch's list.
func (e *testEnv) fetchExternal(s *terraform.State) (*stytch.ExternalConnection, error) {
	return connectionInState(e, s, externalAddr, "external", (*stytch.SSOConnections).External)
}

func (e *testEnv) checkExternal(check func(*stytch.ExternalConnection) error) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		conn, err := e.fetchExternal(s)
		if err != nil {
			return err
		}
		return check(conn)
	}
}

// roleIDs and groupRoles render role assignments for comparisons.
func roleIDs(in []stytch.ConnectionRoleAssignment) []string {
	out := []string{}
	for _, r := range in {
		out = append(out, r.RoleID)
	}
	slices.Sort(out)
	return out
}

func groupRoles(in []stytch.GroupRoleAssignment) []string {
	out := []string{}
	for _, r := range in {
		out = append(out, r.Group+"="+r.RoleID)
	}
	slices.Sort(out)
	return out
}

// Every argument set, every updatable one changed in place and then cleared,
// import by the organization's id and by its slug (also with an import block,
// whose plan is empty), and another shared connection, which replaces it.
func TestAccB2BExternalConnection_everyArgument(t *testing.T) {
	env := newTestEnv(t)
	f := newExternalFixture(env)
	first := `
  display_name = "Parent SSO"
  external_connection_implicit_role_assignments = [{ role_id = "stytch_member" }]
  external_group_implicit_role_assignments      = [{ role_id = "stytch_admin", group = "admins" }]
`
	second := `
  display_name = "Parent SSO (renamed)"
  external_connection_implicit_role_assignments = [{ role_id = "stytch_admin" }, { role_id = "billing" }]
  external_group_implicit_role_assignments = [
    { role_id = "stytch_member", group = "staff" },
    { role_id = "billing", group = "finance" },
  ]
`
	sameID := statecheck.CompareValue(compare.ValuesSame())
	newID := statecheck.CompareValue(compare.ValuesDiffer())
	importStep := func(organization string, kind resource.ImportStateKind) resource.TestStep {
		return resource.TestStep{
			ConfigVariables:   f.variables(),
			ResourceName:      externalAddr,
			ImportState:       true,
			ImportStateKind:   kind,
			ImportStateIdFunc: connectionImportID(externalAddr, organization),
			ImportStateVerify: kind == resource.ImportCommandWithID,
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkOIDCExternalDestroyed,
		Steps: []resource.TestStep{
			f.setupStep(),
			{
				PreConfig:       func() { f.createSources(t) },
				Config:          f.config(first),
				ConfigVariables: f.variables(),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(externalAddr, tfjsonpath.New("id")),
					newID.AddStateValue(externalAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(externalAddr, tfjsonpath.New("connection_id"), knownvalue.StringRegexp(regexp.MustCompile(`^external-connection-`))),
					statecheck.ExpectKnownValue(externalAddr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
					statecheck.ExpectKnownValue(externalAddr, tfjsonpath.New("external_group_implicit_role_assignments"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{"role_id": knownvalue.StringExact("stytch_admin"), "group": knownvalue.StringExact("admins")}),
					})),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					env.checkExternal(func(c *stytch.ExternalConnection) error {
						if c.DisplayName != "Parent SSO" || c.ExternalOrganizationID != f.sourceOrganizationID || c.ExternalConnectionID != f.samlID ||
							!slices.Equal(roleIDs(c.ExternalConnectionImplicitRoleAssignments), []string{"stytch_member"}) ||
							!slices.Equal(groupRoles(c.ExternalGroupImplicitRoleAssignments), []string{"admins=stytch_admin"}) {
							return fmt.Errorf("Stytch holds %+v", *c)
						}
						return nil
					}),
					// The subsidiary's members can now sign in with the parent's IdP.
					env.checkAPI(func(org *stytch.Organization) error {
						if len(org.SSOActiveConnections) != 1 || !strings.HasPrefix(org.SSOActiveConnections[0].ConnectionID, "external-connection-") {
							return fmt.Errorf("the organization's active connections are %+v", org.SSOActiveConnections)
						}
						return nil
					}),
				),
			},
			{
				Config:          f.config(second),
				ConfigVariables: f.variables(),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(externalAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(externalAddr, tfjsonpath.New("id"))},
				Check: env.checkExternal(func(c *stytch.ExternalConnection) error {
					if c.DisplayName != "Parent SSO (renamed)" ||
						!slices.Equal(roleIDs(c.ExternalConnectionImplicitRoleAssignments), []string{"billing", "stytch_admin"}) ||
						!slices.Equal(groupRoles(c.ExternalGroupImplicitRoleAssignments), []string{"finance=billing", "staff=stytch_member"}) {
						return fmt.Errorf("Stytch holds %+v", *c)
					}
					return nil
				}),
			},
			importStep("", resource.ImportCommandWithID),
			importStep(f.slug, resource.ImportCommandWithID),
			importStep(f.slug, resource.ImportBlockWithID),
			// Removing the optional arguments clears them in Stytch.
			{
				Config:          f.config(""),
				ConfigVariables: f.variables(),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(externalAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(externalAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(externalAddr, tfjsonpath.New("display_name"), knownvalue.StringExact("")),
					statecheck.ExpectKnownValue(externalAddr, tfjsonpath.New("external_connection_implicit_role_assignments"), knownvalue.SetSizeExact(0)),
					statecheck.ExpectKnownValue(externalAddr, tfjsonpath.New("external_group_implicit_role_assignments"), knownvalue.SetSizeExact(0)),
				},
				Check: env.checkExternal(func(c *stytch.ExternalConnection) error {
					if c.DisplayName != "" || len(c.ExternalConnectionImplicitRoleAssignments) != 0 || len(c.ExternalGroupImplicitRoleAssignments) != 0 {
						return fmt.Errorf("not cleared in Stytch: %+v", *c)
					}
					return nil
				}),
			},
			// Another shared connection replaces the external connection.
			{
				PreConfig:       func() { f.sourceConnectionValue = f.otherSAMLID },
				Config:          f.config(""),
				ConfigVariables: f.variables(),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(externalAddr, plancheck.ResourceActionReplace),
				}},
				ConfigStateChecks: []statecheck.StateCheck{newID.AddStateValue(externalAddr, tfjsonpath.New("id"))},
				Check: env.checkExternal(func(c *stytch.ExternalConnection) error {
					if c.ExternalConnectionID != f.otherSAMLID {
						return fmt.Errorf("the connection links %s, want %s", c.ExternalConnectionID, f.otherSAMLID)
					}
					return nil
				}),
			},
		},
	})
}

// A change made in Stytch shows in the plan and apply restores the
// configuration; a connection deleted in Stytch leaves state and apply
// creates it again; so does one deleted with its organization.
func TestAccB2BExternalConnection_outsideTerraform(t *testing.T) {
	env := newTestEnv(t)
	f := newExternalFixture(env)
	arguments := `
  display_name = "Parent SSO"
  external_connection_implicit_role_assignments = [{ role_id = "stytch_member" }]
`
	var organizationID, connectionID string
	record := func(s *terraform.State) error {
		organizationID = s.RootModule().Resources[orgAddr].Primary.ID
		connectionID = s.RootModule().Resources[externalAddr].Primary.ID
		return nil
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkOIDCExternalDestroyed,
		Steps: []resource.TestStep{
			f.setupStep(),
			{
				PreConfig:       func() { f.createSources(t) },
				Config:          f.config(arguments),
				ConfigVariables: f.variables(),
				Check:           record,
			},
			// Drift: renamed and given other roles in Stytch.
			{
				PreConfig: func() {
					name := "Renamed by hand"
					roles := []stytch.ConnectionRoleAssignment{{RoleID: "stytch_admin"}}
					groups := []stytch.GroupRoleAssignment{{RoleID: "stytch_admin", Group: "everyone"}}
					if _, err := env.client.UpdateExternalConnection(context.Background(), organizationID, connectionID, stytch.UpdateExternalConnectionRequest{
						DisplayName: &name, ExternalConnectionImplicitRoleAssignments: &roles, ExternalGroupImplicitRoleAssignments: &groups,
					}); err != nil {
						t.Errorf("out-of-band update: %v", err)
					}
				},
				Config:          f.config(arguments),
				ConfigVariables: f.variables(),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(externalAddr, plancheck.ResourceActionUpdate),
					expectOnlyAttributesChanged(externalAddr, "display_name", "external_connection_implicit_role_assignments", "external_group_implicit_role_assignments"),
				}},
				Check: env.checkExternal(func(c *stytch.ExternalConnection) error {
					if c.DisplayName != "Parent SSO" || !slices.Equal(roleIDs(c.ExternalConnectionImplicitRoleAssignments), []string{"stytch_member"}) ||
						len(c.ExternalGroupImplicitRoleAssignments) != 0 {
						return fmt.Errorf("configuration not restored: %+v", *c)
					}
					return nil
				}),
			},
			// Deleted in Stytch: gone from state, created again.
			{
				Config:          f.config(arguments),
				ConfigVariables: f.variables(),
				Check: func(s *terraform.State) error {
					return env.client.DeleteSSOConnection(context.Background(), organizationID, connectionID)
				},
				ExpectNonEmptyPlan: true,
			},
			{
				Config:          f.config(arguments),
				ConfigVariables: f.variables(),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(externalAddr, plancheck.ResourceActionCreate),
				}},
				Check: record,
			},
			// The organization deleted in Stytch: both leave state, both are created again.
			{
				Config:          f.config(arguments),
				ConfigVariables: f.variables(),
				Check: func(s *terraform.State) error {
					return env.client.DeleteOrganization(context.Background(), organizationID)
				},
				ExpectNonEmptyPlan: true,
			},
			{
				Config:          f.config(arguments),
				ConfigVariables: f.variables(),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(orgAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction(externalAddr, plancheck.ResourceActionCreate),
				}},
			},
		},
	})
}

// The whole chain in Terraform: another organization's OIDC connection shared
// through an external connection. Stytch refuses role assignments on a link to
// an OIDC connection, and the error names its rule.
func TestAccB2BExternalConnection_sharedOIDCConnection(t *testing.T) {
	env := newTestEnv(t)
	f := newExternalFixture(env)
	chain := func(arguments string) string {
		return env.config(f.organizations() + fmt.Sprintf(`
resource "stytch_b2b_oidc_connection" "source" {
  organization_id = stytch_b2b_organization.source.organization_id
  display_name    = "Parent OIDC"
%s
}

resource "stytch_b2b_external_connection" "test" {
  organization_id          = stytch_b2b_organization.test.organization_id
  external_organization_id = stytch_b2b_organization.source.organization_id
  external_connection_id   = stytch_b2b_oidc_connection.source.connection_id
%s
}
`, oidcActiveArguments, arguments))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkOIDCExternalDestroyed,
		Steps: []resource.TestStep{
			{
				Config: chain(`  display_name = "Parent OIDC for the subsidiary"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(externalAddr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
					statecheck.CompareValuePairs(externalAddr, tfjsonpath.New("external_connection_id"),
						"stytch_b2b_oidc_connection.source", tfjsonpath.New("connection_id"), compare.ValuesSame()),
				},
			},
			// Importing the OIDC connection as an external one says which resource to use.
			{
				ResourceName: externalAddr,
				ImportState:  true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					return f.sourceSlug + "/" + s.RootModule().Resources["stytch_b2b_oidc_connection.source"].Primary.ID, nil
				},
				ExpectError: regexp.MustCompile(`(?s)Unable to Import External Connection.*It\s+is\s+an\s+OIDC\s+connection:\s+import\s+it\s+with\s+stytch_b2b_oidc_connection`),
			},
			{
				Config:      chain(`  external_connection_implicit_role_assignments = [{ role_id = "stytch_member" }]`),
				ExpectError: regexp.MustCompile(`(?s)Unable to Update External Connection.*invalid_rbac_role_assignment`),
			},
		},
	})
}

// Bad input fails at plan time with a message that names the problem, and
// leaves the existing connection and its state as they were.
func TestAccB2BExternalConnection_invalidConfig(t *testing.T) {
	env := newTestEnv(t)
	f := newExternalFixture(env)
	valid := `  display_name = "Valid"`
	withIDs := func(organization, externalOrganization, externalConnection string) string {
		c := f.config(valid)
		c = strings.Replace(c, "organization_id          = stytch_b2b_organization.test.organization_id", "organization_id          = "+organization, 1)
		c = strings.Replace(c, "external_organization_id = stytch_b2b_organization.source.organization_id", "external_organization_id = "+externalOrganization, 1)
		return strings.Replace(c, "external_connection_id   = var.source_connection_id", "external_connection_id   = "+externalConnection, 1)
	}
	const (
		own    = "stytch_b2b_organization.test.organization_id"
		source = "stytch_b2b_organization.source.organization_id"
		conn   = "var.source_connection_id"
	)
	cases := []struct {
		config string
		want   string
	}{
		{f.config(`  external_connection_implicit_role_assignments = [{ role_id = "" }]`), `(?s)role_id.*length must be at least 1`},
		{f.config(`  external_group_implicit_role_assignments = [{ role_id = "stytch_admin", group = "" }]`), `(?s)group.*length must be at least 1`},
		{f.config(`  external_group_implicit_role_assignments = [{ role_id = "", group = "admins" }]`), `(?s)role_id.*length must be at least 1`},
		{f.config(`  external_group_implicit_role_assignments = [{ role_id = "stytch_admin" }]`), `(?s)Incorrect attribute value type.*group.*required`},
		{withIDs(own, `""`, conn), `(?s)external_organization_id.*length must be at least 1`},
		{withIDs(own, source, `""`), `(?s)external_connection_id.*length must be at least 1`},
		{withIDs(`""`, source, conn), `(?s)organization_id.*length must be at least 1`},
		{withIDs(own, own, conn), `(?s)External Connection Links Its Own Organization.*another organization`},
	}
	sameID := statecheck.CompareValue(compare.ValuesSame())
	steps := []resource.TestStep{
		f.setupStep(),
		{
			PreConfig:         func() { f.createSources(t) },
			Config:            f.config(valid),
			ConfigVariables:   f.variables(),
			ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(externalAddr, tfjsonpath.New("id"))},
		},
	}
	for _, c := range cases {
		want := regexp.MustCompile(strings.ReplaceAll(c.want, " ", `\s+`))
		steps = append(steps, resource.TestStep{Config: c.config, ConfigVariables: f.variables(), PlanOnly: true, ExpectError: want})
	}
	steps = append(steps, resource.TestStep{
		Config:            f.config(valid),
		ConfigVariables:   f.variables(),
		ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(externalAddr, tfjsonpath.New("id"))},
		Check: env.checkExternal(func(c *stytch.ExternalConnection) error {
			if c.DisplayName != "Valid" || len(c.ExternalConnectionImplicitRoleAssignments) != 0 {
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

// Resource identity (Terraform 1.12 and later), as for SAML connections: the
// organization is the one that uses the connection.
func TestAccB2BExternalConnection_resourceIdentity(t *testing.T) {
	env := newTestEnv(t)
	f := newExternalFixture(env)
	updated := f.config(`  display_name = "Parent SSO (renamed)"`)
	tracker := newIdentityTracker(externalAddr, map[string]*regexp.Regexp{
		"organization_id": organizationIDPattern,
		"connection_id":   connectionIDPattern("external"),
	})
	it := identityTest{
		tracker:      tracker,
		config:       updated,
		variables:    f.variables(),
		bySlug:       hclObject("organization_id", f.slug, "connection_id", "var.identity_connection_id"),
		missing:      hclObject("organization_id", "var.identity_organization_id", "connection_id", "external-connection-test-00000000-0000-4000-8000-000000000000"),
		missingError: wrappedError(`Unable to Import External Connection.*has no external connection external-connection-test-00000000`),
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   identityCLI,
		CheckDestroy:             env.checkOIDCExternalDestroyed,
		Steps: append([]resource.TestStep{
			f.setupStep(),
			{
				PreConfig:         func() { f.createSources(t) },
				Config:            f.config(`  display_name = "Parent SSO"`),
				ConfigVariables:   f.variables(),
				ConfigStateChecks: tracker.created(),
			},
			{
				Config:            updated,
				ConfigVariables:   f.variables(),
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(externalAddr, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: []statecheck.StateCheck{tracker.check()},
			},
		}, it.steps()...),
	})
}
