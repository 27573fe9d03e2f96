# Roles of one customer tenant, on top of the project's RBAC policy. The
# resources and actions come from the project's policy; these use Stytch's
# default resources, which every project has.
resource "stytch_b2b_organization" "acme" {
  organization_name = "Acme Corporation"
  organization_slug = "acme"
}

resource "stytch_b2b_organization_rbac_policy" "acme" {
  organization_id = stytch_b2b_organization.acme.organization_id

  # Authoritative: any other custom role of the organization is removed.
  roles = [
    {
      role_id     = "member-manager"
      description = "Invites, finds and renames members"
      permissions = [
        { resource_id = "stytch.member", actions = ["create", "search", "update.info.name"] },
      ]
    },
    {
      role_id     = "sso-admin"
      description = "Manages the organization's SSO connections"
      permissions = [
        { resource_id = "stytch.sso", actions = ["*"] },
      ]
    },
  ]
}

# A member with one of the roles. Taking the role id from the policy's roles
# makes Terraform create the member after the policy, and destroy it before.
resource "stytch_b2b_member" "it_lead" {
  organization_id = stytch_b2b_organization.acme.organization_id
  email_address   = "it-lead@acme.com"
  name            = "IT Lead"
  roles = [
    for role in stytch_b2b_organization_rbac_policy.acme.roles : role.role_id
    if role.role_id == "sso-admin"
  ]
}
