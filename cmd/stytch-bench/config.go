package main

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// The organizations of the benchmark. The Terraform configuration (made with
// count) and the direct client's requests (createRequest) hold the same
// values; keep them in sync. Every argument of Stytch's create call is set
// except the update-only SSO settings, which need SSO connections.
const (
	// renamedSuffix is appended to every organization_name in the update phase.
	renamedSuffix = " (renamed)"
	// slugPrefix and directPrefix keep the provider's and the direct client's
	// organizations apart (slugs, domains and external ids must be unique).
	slugPrefix   = "tf"
	directPrefix = "go"
	// membersPrefix starts the slug of the members subject's organization.
	membersPrefix = "mb"
	// memberEmailDomain is the domain of every member's email address.
	memberEmailDomain = "bench.example.com"
)

// orgConfigHeader requires the provider, which dev_overrides resolves to the
// binary just built.
const orgConfigHeader = `terraform {
  required_providers {
    stytch = {
      source = "platformkit/stytch"
    }
  }
}

# Credentials, the emulator's URL and the request rate come from the
# environment (STYTCH_PROJECT_ID, STYTCH_SECRET, STYTCH_BASE_URL,
# STYTCH_REQUESTS_PER_SECOND).
provider "stytch" {}
`

// orgConfig is n organizations with every common argument set; renamed
// changes organization_name on each of them (the update phase).
func orgConfig(n int, renamed bool) string { return orgConfigOf(typesProvider, n, renamed) }

// noopOrgConfig is orgConfig with the no-op twin of the organization's
// type (reference (c)).
func noopOrgConfig(n int, renamed bool) string { return orgConfigOf(typesNoop, n, renamed) }

// orgConfigOf is orgConfig with the resource types of typePrefix.
func orgConfigOf(typePrefix string, n int, renamed bool) string {
	return orgConfigHeader + fmt.Sprintf(`
resource "%s_b2b_organization" "tenant" {
  count = %d

  organization_name        = "Tenant ${count.index}%s"
  organization_slug        = "%s-tenant-${count.index}"
  organization_logo_url    = "https://cdn.example.com/logos/${count.index}.png"
  organization_external_id = "crm|%s|${count.index}"
  trusted_metadata = jsonencode({
    plan   = "enterprise"
    seats  = 50
    index  = count.index
    region = { primary = "eu-west-1" }
  })

  mfa_policy             = "REQUIRED_FOR_ALL"
  mfa_methods            = "RESTRICTED"
  allowed_mfa_methods    = ["totp"]
  auth_methods           = "RESTRICTED"
  allowed_auth_methods   = ["sso", "magic_link"]
  sso_jit_provisioning   = "ALL_ALLOWED"
  email_jit_provisioning = "RESTRICTED"
  email_invites          = "RESTRICTED"
  email_allowed_domains  = ["t${count.index}.%s.example.com"]
  claimed_email_domains  = ["t${count.index}.%s.example.com"]

  rbac_email_implicit_role_assignments = [
    { domain = "t${count.index}.%s.example.com", role_id = "stytch_member" },
  ]

  oauth_tenant_jit_provisioning = "RESTRICTED"
  allowed_oauth_tenants = {
    slack = ["T${count.index}"]
  }

  first_party_connected_apps_allowed_type = "RESTRICTED"
  allowed_first_party_connected_apps      = ["connected-app-test-first"]
  third_party_connected_apps_allowed_type = "NOT_ALLOWED"
  allowed_third_party_connected_apps      = []

  deletion_protection = false
}
`, typePrefix, n, suffix(renamed), slugPrefix, slugPrefix, slugPrefix, slugPrefix, slugPrefix)
}

// dataConfig is n terraform_data resources, reference (a); renamed changes
// the name in every input (the update phase). Each input holds some of the
// organization's values, chosen so that a resource takes about as much room
// in the state file as an organization (about 2.3 KB): Terraform stores
// terraform_data's input twice (input and output) with type annotations, so
// the organization's full argument list would make its state four times
// larger, and Terraform's cost per resource grows with the state's size
// (it rewrites the whole file after every change).
func dataConfig(n int, renamed bool) string {
	return fmt.Sprintf(`resource "terraform_data" "tenant" {
  count = %d

  input = {
    organization_name        = "Tenant ${count.index}%s"
    organization_slug        = "data-tenant-${count.index}"
    organization_logo_url    = "https://cdn.example.com/logos/${count.index}.png"
    organization_external_id = "crm|data|${count.index}"
    trusted_metadata = jsonencode({
      plan   = "enterprise"
      seats  = 50
      index  = count.index
      region = { primary = "eu-west-1" }
    })
    email_domain = "t${count.index}.data.example.com"
    mfa_policy   = "REQUIRED_FOR_ALL"
    auth_methods = "RESTRICTED"
  }
}
`, n, suffix(renamed))
}

// membersConfig is the members subject: one organization and m
// stytch_b2b_member resources in it, member-0001@bench.example.com to
// member-<m>@bench.example.com (at least four digits), each with a name and
// Stytch's default role stytch_admin; renamed changes the
// name of every member (the update phase) and leaves the organization as it
// is, so that the update phase makes m PUTs and no organization PUT.
func membersConfig(m int, renamed bool) string {
	return orgConfigHeader + fmt.Sprintf(`
resource "stytch_b2b_organization" "members" {
  organization_name   = "Members"
  organization_slug   = "%s-members"
  deletion_protection = false
}

resource "stytch_b2b_member" "member" {
  count = %d

  organization_id = stytch_b2b_organization.members.organization_id
  email_address   = format("member-%%04d@%s", count.index + 1)
  name            = "Member ${count.index + 1}%s"
  roles           = ["stytch_admin"]
}
`, membersPrefix, m, memberEmailDomain, suffix(renamed))
}

// memberEmail is the email address of member i (0-based), as in membersConfig.
func memberEmail(i int) string {
	return fmt.Sprintf("member-%04d@%s", i+1, memberEmailDomain)
}

func suffix(renamed bool) string {
	if renamed {
		return renamedSuffix
	}
	return ""
}

// orgName is the name of organization i, as in orgConfig.
func orgName(i int, renamed bool) string {
	return fmt.Sprintf("Tenant %d%s", i, suffix(renamed))
}

// createRequest is the create call of organization i of the direct client:
// the same arguments as orgConfig (with the direct client's prefix).
func createRequest(i int) stytch.CreateRequest {
	domain := fmt.Sprintf("t%d.%s.example.com", i, directPrefix)
	return stytch.CreateRequest{
		OrganizationName:       orgName(i, false),
		OrganizationSlug:       fmt.Sprintf("%s-tenant-%d", directPrefix, i),
		OrganizationLogoURL:    fmt.Sprintf("https://cdn.example.com/logos/%d.png", i),
		OrganizationExternalID: fmt.Sprintf("crm|%s|%d", directPrefix, i),
		TrustedMetadata: map[string]json.RawMessage{
			"plan":   json.RawMessage(`"enterprise"`),
			"seats":  json.RawMessage(`50`),
			"index":  json.RawMessage(strconv.Itoa(i)),
			"region": json.RawMessage(`{"primary":"eu-west-1"}`),
		},
		MFAPolicy:                          "REQUIRED_FOR_ALL",
		MFAMethods:                         "RESTRICTED",
		AllowedMFAMethods:                  []string{"totp"},
		AuthMethods:                        "RESTRICTED",
		AllowedAuthMethods:                 []string{"sso", "magic_link"},
		SSOJITProvisioning:                 "ALL_ALLOWED",
		EmailJITProvisioning:               "RESTRICTED",
		EmailInvites:                       "RESTRICTED",
		EmailAllowedDomains:                []string{domain},
		ClaimedEmailDomains:                []string{domain},
		RBACEmailImplicitRoleAssignments:   []stytch.RoleAssignment{{Domain: domain, RoleID: "stytch_member"}},
		OAuthTenantJITProvisioning:         "RESTRICTED",
		AllowedOAuthTenants:                map[string][]string{"slack": {fmt.Sprintf("T%d", i)}},
		FirstPartyConnectedAppsAllowedType: "RESTRICTED",
		AllowedFirstPartyConnectedApps:     []string{"connected-app-test-first"},
		ThirdPartyConnectedAppsAllowedType: "NOT_ALLOWED",
		AllowedThirdPartyConnectedApps:     []string{},
	}
}

// updateRequest is the update call of organization i of the direct client:
// the body the provider sends when only organization_name changed.
func updateRequest(i int) stytch.UpdateRequest {
	name := orgName(i, true)
	return stytch.UpdateRequest{OrganizationName: &name}
}
