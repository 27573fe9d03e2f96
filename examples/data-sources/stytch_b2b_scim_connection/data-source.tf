# Read the SCIM connection of an organization and the groups its IdP has
# pushed, whose ids the scim_group_implicit_role_assignments of
# stytch_b2b_scim_connection name. The bearer token is never returned.
data "stytch_b2b_scim_connection" "acme" {
  organization_id = "acme" # the organization's id or slug
}

output "acme_scim_groups" {
  value = { for group in data.stytch_b2b_scim_connection.acme.groups : group.group_name => group.group_id }
}

# Which token the IdP should have: its last four characters.
output "acme_scim_token_last_four" {
  value = data.stytch_b2b_scim_connection.acme.bearer_token_last_four
}
