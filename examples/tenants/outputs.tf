output "it_handover" {
  description = "For each customer's IT team: the ACS URL, audience URI and SP signing certificate (SAML) or the redirect URL (OIDC), and the SCIM base URL."
  value       = { for key, t in module.tenant : key => t.it_handover }
}

output "scim_bearer_tokens" {
  description = "The SCIM bearer tokens by tenant key: terraform output -json scim_bearer_tokens | jq -r .KEY"
  value       = { for key, t in module.tenant : key => t.scim_bearer_token if t.scim_bearer_token != null }
  sensitive   = true
}
