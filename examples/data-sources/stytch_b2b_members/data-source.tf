data "stytch_b2b_organization" "initech" {
  organization_slug = "initech"
}

# Every administrator of the organization, whatever grants them the role
# (a direct assignment, an email domain, SSO). Filters are combined with AND.
data "stytch_b2b_members" "admins" {
  organization_ids = [data.stytch_b2b_organization.initech.organization_id]
  member_roles     = ["stytch_admin"]
}

# Break-glass accounts, for a periodic review. Every page of results is read;
# if more than 20 members match, the read fails instead of returning a partial
# list.
data "stytch_b2b_members" "breakglass" {
  organization_ids     = [data.stytch_b2b_organization.initech.organization_id]
  member_is_breakglass = true
  max_results          = 20
}

output "admin_emails" {
  value = sort([for m in data.stytch_b2b_members.admins.members : m.email_address])
}

output "breakglass_count" {
  value = data.stytch_b2b_members.breakglass.total
}
