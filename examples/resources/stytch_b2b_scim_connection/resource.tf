resource "stytch_b2b_organization" "acme" {
  organization_name = "Acme Corporation"
  organization_slug = "acme"
}

# Acme's Okta creates, updates and deactivates Acme's members in Stytch.
resource "stytch_b2b_scim_connection" "okta" {
  organization_id   = stytch_b2b_organization.acme.organization_id
  display_name      = "Acme Okta"
  identity_provider = "okta"

  # Change this value to rotate the bearer token: the new token replaces the
  # old one in state, and the old one stops working at once. After an import,
  # the first apply rotates too, which puts a token into state.
  rotation_trigger = "2026-01"

  # Roles for the groups Okta pushes. A group exists in Stytch only once Okta
  # has pushed it, so add assignments in a later apply, with the group ids that
  # the stytch_b2b_scim_connection data source lists:
  #
  # scim_group_implicit_role_assignments = [
  #   { group_id = "scim-group-test-...", role_id = "stytch_admin" },
  # ]
}

# Give Okta the base URL and the token. The token is kept in state, marked
# sensitive: read it with `terraform output -raw okta_scim_bearer_token`, and
# keep the state encrypted.
output "okta_scim_base_url" {
  value = stytch_b2b_scim_connection.okta.base_url
}

output "okta_scim_bearer_token" {
  value     = stytch_b2b_scim_connection.okta.bearer_token
  sensitive = true
}
