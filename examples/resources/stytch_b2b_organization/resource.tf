# A customer tenant: SSO or magic links only, MFA required, members with a
# verified company address join automatically and get the member role.
resource "stytch_b2b_organization" "acme" {
  organization_name        = "Acme Corporation"
  organization_slug        = "acme"
  organization_external_id = "crm|1001"
  organization_logo_url    = "https://cdn.example.com/logos/acme.png"

  auth_methods         = "RESTRICTED"
  allowed_auth_methods = ["sso", "magic_link"]
  mfa_policy           = "REQUIRED_FOR_ALL"

  email_allowed_domains  = ["acme.com"]
  email_jit_provisioning = "RESTRICTED"
  email_invites          = "RESTRICTED"

  rbac_email_implicit_role_assignments = [
    { domain = "acme.com", role_id = "stytch_member" },
  ]

  oauth_tenant_jit_provisioning = "RESTRICTED"
  allowed_oauth_tenants = {
    slack = ["T0123ABCD"]
  }

  trusted_metadata = jsonencode({
    plan  = "enterprise"
    seats = 250
  })
}
