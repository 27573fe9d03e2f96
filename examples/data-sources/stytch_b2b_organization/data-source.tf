# Read an organization that this configuration does not manage, for example
# one created in the Stytch dashboard or by another Terraform configuration.
# Set exactly one of organization_slug, organization_id or
# organization_external_id; an organization that does not exist is an error.
data "stytch_b2b_organization" "acme" {
  organization_slug = "acme"
}

# The same organization, found by the id your own systems gave it.
data "stytch_b2b_organization" "from_crm" {
  organization_external_id = "crm|1001"
}

output "acme_organization_id" {
  value = data.stytch_b2b_organization.acme.organization_id
}

# trusted_metadata is a JSON string.
output "acme_plan" {
  value = jsondecode(data.stytch_b2b_organization.acme.trusted_metadata).plan
}

output "acme_email_domains" {
  value = data.stytch_b2b_organization.from_crm.email_allowed_domains
}
