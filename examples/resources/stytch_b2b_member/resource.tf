# A customer tenant's first administrator, with SMS as their MFA method.
resource "stytch_b2b_organization" "initech" {
  organization_name = "Initech"
  organization_slug = "initech"
}

resource "stytch_b2b_member" "admin" {
  organization_id = stytch_b2b_organization.initech.organization_id
  email_address   = "peter.gibbons@initech.com"
  name            = "Peter Gibbons"
  # Only the roles assigned directly. Roles the member gets from the
  # organization's rbac_email_implicit_role_assignments or from SSO never show
  # here; roles_with_sources lists them all.
  roles = ["stytch_admin"]

  mfa_phone_number   = "+14155550123"
  mfa_enrolled       = true
  default_mfa_method = "sms_otp"

  external_id = "hr|1001"
  trusted_metadata = jsonencode({
    department = "engineering"
  })
}

# A break-glass account: it can sign in even when the organization restricts
# its authentication methods (for example to SSO while the IdP is down).
resource "stytch_b2b_member" "breakglass" {
  organization_id = stytch_b2b_organization.initech.organization_id
  email_address   = "breakglass@initech.com"
  name            = "Emergency access"
  roles           = ["stytch_admin"]
  is_breakglass   = true
}

# A member who has not signed in yet: Stytch sends them sign-up rather than
# login emails. Stytch moves the status to active at their first sign-in.
resource "stytch_b2b_member" "new_hire" {
  organization_id   = stytch_b2b_organization.initech.organization_id
  email_address     = "milton@initech.com"
  create_as_pending = true
}

output "admin_roles" {
  value = {
    for role in stytch_b2b_member.admin.roles_with_sources :
    role.role_id => [for source in role.sources : source.type]
  }
}
