# Organizations that let people with an acme.com address join, and that have
# no active SSO connection yet. Filters are combined with AND.
data "stytch_b2b_organizations" "acme_without_sso" {
  allowed_domains           = ["acme.com"]
  has_active_sso_connection = false
}

# Organizations whose name contains "acme" (Stytch's fuzzy match needs at
# least 3 characters). Every page of results is read; if more than 50
# organizations match, the read fails instead of returning a partial list.
data "stytch_b2b_organizations" "named_acme" {
  organization_name_fuzzy = "acme"
  max_results             = 50
}

output "acme_without_sso" {
  value = {
    for org in data.stytch_b2b_organizations.acme_without_sso.organizations :
    org.organization_slug => org.organization_id
  }
}

output "named_acme_count" {
  value = data.stytch_b2b_organizations.named_acme.total
}
