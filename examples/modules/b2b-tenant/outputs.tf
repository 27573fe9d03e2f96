output "organization_id" {
  description = "The organization's id."
  value       = stytch_b2b_organization.this.organization_id
}

output "connection_id" {
  description = "The SSO connection's id, or null without SSO."
  value       = local.connection_id
}

output "member_ids" {
  description = "Member ids by email address (lower case)."
  value       = { for email, m in stytch_b2b_member.this : email => m.member_id }
}

# What the customer's IT team enters in its identity provider. Nothing here is
# secret; the SCIM token is the separate, sensitive output below.
output "it_handover" {
  description = "For the customer's IT team: the SAML ACS URL, audience URI and Stytch's SP signing certificate, or the OIDC redirect URL, and the SCIM base URL."
  value = {
    organization_slug      = stytch_b2b_organization.this.organization_slug
    acs_url                = one(stytch_b2b_saml_connection.this[*].acs_url)
    audience_uri           = one(stytch_b2b_saml_connection.this[*].audience_uri)
    sp_signing_certificate = try(stytch_b2b_saml_connection.this[0].signing_certificates[0].certificate, null)
    oidc_redirect_url      = one(stytch_b2b_oidc_connection.this[*].redirect_url)
    scim_base_url          = one(stytch_b2b_scim_connection.this[*].base_url)
  }
}

output "scim_bearer_token" {
  description = "The SCIM connection's bearer token, for the customer's IdP; null without SCIM, and after an import until rotation_trigger changes."
  value       = one(stytch_b2b_scim_connection.this[*].bearer_token)
  sensitive   = true
}
