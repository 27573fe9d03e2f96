# The client secret the customer's IdP issued for Stytch, given at apply time
# (for example TF_VAR_okta_client_secret). Ephemeral: Terraform keeps it out
# of plan and state files.
variable "okta_client_secret" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "stytch_b2b_organization" "acme" {
  organization_name = "Acme Corporation"
  organization_slug = "acme"
}

# Members of Acme sign in through Acme's Okta with OpenID Connect.
resource "stytch_b2b_oidc_connection" "okta" {
  organization_id   = stytch_b2b_organization.acme.organization_id
  display_name      = "Acme Okta"
  identity_provider = "okta"

  client_id = "0oa1b2c3d4e5f6g7h8i9"
  # Write-only (Terraform 1.11 or OpenTofu 1.11 and newer): sent to Stytch,
  # never stored. After rotating the secret at the IdP, increase the version
  # so that the new secret is sent. On older CLIs use client_secret instead.
  client_secret_wo         = var.okta_client_secret
  client_secret_wo_version = 1

  issuer = "https://acme.okta.com"
  # Stytch discovers the endpoint URLs from the issuer when they are omitted.
  authorization_url = "https://acme.okta.com/oauth2/v1/authorize"
  token_url         = "https://acme.okta.com/oauth2/v1/token"
  userinfo_url      = "https://acme.okta.com/oauth2/v1/userinfo"
  jwks_url          = "https://acme.okta.com/oauth2/v1/keys"

  custom_scopes = "openid email profile groups"
  attribute_mapping = {
    groups = "groups"
  }
}

# Register this URL as a sign-in redirect URI of the Okta application.
output "okta_redirect_url" {
  value = stytch_b2b_oidc_connection.okta.redirect_url
}
