package provider

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// memberAttributeNames are the resource's attributes that are part of the
// member (create_as_pending is not), sorted: the ones the resource and the
// data sources share.
func memberAttributeNames() []string {
	var names []string
	for name := range memberResourceSchema().Attributes {
		if name != "create_as_pending" {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// sameMember checks that every attribute of a member is equal in the resource
// at addrA and in the object at pathB of addrB (tfjsonpath.Path{} for addrB's
// own attributes).
func sameMember(addrA, addrB string, pathB tfjsonpath.Path) []statecheck.StateCheck {
	names := memberAttributeNames()
	checks := make([]statecheck.StateCheck, 0, len(names))
	for _, name := range names {
		checks = append(checks, statecheck.CompareValuePairs(addrA, tfjsonpath.New(name), addrB, pathB.AtMapKey(name), compare.ValuesSame()))
	}
	return checks
}

// TestAccB2BMemberDataSource_lookups reads a member created in the same
// configuration by member id, by email address in another case, by external
// id, and through the organization's slug: each holds the resource's values.
func TestAccB2BMemberDataSource_lookups(t *testing.T) {
	env := newMemberTestEnv(t, nil)
	slug := randomSlug()
	email := memberEmail("lookup", slug)
	config := env.config(testAccMember(slug, fmt.Sprintf(`email_address      = %q
  name               = "Lookup"
  roles              = ["auditor"]
  trusted_metadata   = jsonencode({ team = "platform" })
  untrusted_metadata = jsonencode({ theme = "dark" })
  mfa_phone_number   = "+14155550142"
  default_mfa_method = "sms_otp"
  external_id        = "ext-%s"`, email, slug)) + `
data "stytch_b2b_member" "by_id" {
  organization_id = stytch_b2b_member.test.organization_id
  member_id       = stytch_b2b_member.test.member_id
}

data "stytch_b2b_member" "by_email" {
  organization_id = stytch_b2b_member.test.organization_id
  email_address   = upper(stytch_b2b_member.test.email_address)
}

data "stytch_b2b_member" "by_external_id" {
  organization_id = stytch_b2b_member.test.organization_id
  external_id     = stytch_b2b_member.test.external_id
}

data "stytch_b2b_member" "by_slug" {
  organization_id = stytch_b2b_organization.org.organization_slug
  member_id       = stytch_b2b_member.test.member_id
}
`)
	var checks []statecheck.StateCheck
	for _, ds := range []string{"by_id", "by_external_id"} {
		checks = append(checks, sameMember(memberAddr, "data.stytch_b2b_member."+ds, tfjsonpath.Path{})...)
	}
	// Through the slug, the organization's id is recorded.
	checks = append(checks, sameMember(memberAddr, "data.stytch_b2b_member.by_slug", tfjsonpath.Path{})...)
	for _, name := range memberAttributeNames() {
		if name != "email_address" {
			checks = append(checks, statecheck.CompareValuePairs(memberAddr, tfjsonpath.New(name),
				"data.stytch_b2b_member.by_email", tfjsonpath.New(name), compare.ValuesSame()))
		}
	}
	checks = append(checks,
		// The address keeps the case it was looked up with.
		statecheck.ExpectKnownValue("data.stytch_b2b_member.by_email", tfjsonpath.New("email_address"), knownvalue.StringExact(strings.ToUpper(email))),
		statecheck.ExpectKnownValue("data.stytch_b2b_member.by_id", tfjsonpath.New("trusted_metadata"), knownvalue.StringExact(`{"team":"platform"}`)),
		statecheck.ExpectKnownValue("data.stytch_b2b_member.by_id", tfjsonpath.New("default_mfa_method"), knownvalue.StringExact("sms_otp")),
		statecheck.ExpectKnownValue("data.stytch_b2b_member.by_id", tfjsonpath.New("roles"), stringSetCheck("auditor")),
	)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkMembersDestroyed,
		Steps:                    []resource.TestStep{{Config: config, ConfigStateChecks: checks}},
	})
}

// TestAccB2BMemberDataSource_notFound checks that a member that does not
// exist, or a value that is another key of a member, is an error.
func TestAccB2BMemberDataSource_notFound(t *testing.T) {
	env := newMemberTestEnv(t, nil)
	slug := randomSlug()
	base := testAccMember(slug, fmt.Sprintf("email_address = %q\n  external_id = \"ext-1\"", memberEmail("found", slug)))
	lookup := func(key, value string) string {
		return env.config(base + fmt.Sprintf(`
data "stytch_b2b_member" "test" {
  organization_id = stytch_b2b_member.test.organization_id
  %s = %s
}
`, key, value))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkMembersDestroyed,
		Steps: []resource.TestStep{
			{Config: env.config(base)},
			{
				Config:      lookup("member_id", `"member-test-00000000-0000-0000-0000-000000000000"`),
				ExpectError: regexp.MustCompile(`(?s)B2B Member Not Found.*member_not_found`),
			},
			{
				Config:      lookup("email_address", fmt.Sprintf("%q", memberEmail("nobody", slug))),
				ExpectError: regexp.MustCompile(`(?s)B2B Member Not Found`),
			},
			// Stytch's member_id parameter also takes external ids: the data
			// source refuses a member that does not have the value as its id.
			{
				Config:      lookup("member_id", `"ext-1"`),
				ExpectError: regexp.MustCompile(`(?s)B2B Member Not Found.*` + phrase("look that member up with external_id instead")),
			},
		},
	})
}

// TestAccB2BMemberDataSource_invalidConfig checks the lookup keys at plan time.
func TestAccB2BMemberDataSource_invalidConfig(t *testing.T) {
	env := newMemberTestEnv(t, nil)
	cases := []struct{ args, want string }{
		{`organization_id = "organization-test-1"`, `(?s)Missing Attribute Configuration.*member_id,email_address,external_id`},
		{"organization_id = \"organization-test-1\"\n  member_id = \"member-test-1\"\n  external_id = \"x\"", `(?s)Invalid Attribute Combination`},
		{"organization_id = \"organization-test-1\"\n  email_address = \"alice\"", `(?s)email_address.*must be an email address`},
		{"organization_id = \"organization-test-1\"\n  external_id = \"has space\"", `(?s)external_id.*may only contain`},
		{"organization_id = \"\"\n  member_id = \"member-test-1\"", `(?s)organization_id.*length must be at least 1`},
		{`member_id = "member-test-1"`, `(?s)organization_id.*(required|Missing required argument)`},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      env.config("data \"stytch_b2b_member\" \"test\" {\n  " + c.args + "\n}\n"),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(c.want),
		})
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
}
