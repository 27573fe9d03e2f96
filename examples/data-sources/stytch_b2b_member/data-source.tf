# Read a member that this configuration does not manage, for example one added
# in the Stytch dashboard or who joined through SSO. Set exactly one of
# member_id, email_address or external_id; a member that does not exist is an
# error.
data "stytch_b2b_member" "peter" {
  organization_id = "initech" # the organization's id or slug
  email_address   = "peter.gibbons@initech.com"
}

# The same member, found by the id your own systems gave it.
data "stytch_b2b_member" "from_hr" {
  organization_id = "initech"
  external_id     = "hr|1001"
}

output "peter_member_id" {
  value = data.stytch_b2b_member.peter.member_id
}

output "peter_is_admin" {
  value = data.stytch_b2b_member.from_hr.is_admin
}
