# A customer's Okta, connected with the values from Okta's SAML settings. The
# customer's IT team gets acs_url and audience_uri back (see the outputs).
resource "stytch_b2b_organization" "globex" {
  organization_name = "Globex Corporation"
  organization_slug = "globex"
}

resource "stytch_b2b_saml_connection" "okta" {
  organization_id   = stytch_b2b_organization.globex.organization_id
  display_name      = "Globex Okta"
  identity_provider = "okta"

  idp_entity_id = "http://www.okta.com/exk1globex"
  idp_sso_url   = "https://globex.okta.com/app/globex_stytch/exk1globex/sso/saml"
  # The IdP's signing certificate (a self-signed example here), or
  # file("okta-signing.pem"). Changing it rotates the certificate.
  x509_certificate = <<-EOT
    -----BEGIN CERTIFICATE-----
    MIIDNzCCAh+gAwIBAgIUR/u4ikqTWpb3olRryvu1g/wZm+QwDQYJKoZIhvcNAQEL
    BQAwKzEpMCcGA1UEAwwgRXhhbXBsZSBJZFAgKGRvY3VtZW50YXRpb24gb25seSkw
    HhcNMjYxMTMwMjM1MDE5WhcNMzYxMTI3MjM1MDE5WjArMSkwJwYDVQQDDCBFeGFt
    cGxlIElkUCAoZG9jdW1lbnRhdGlvbiBvbmx5KTCCASIwDQYJKoZIhvcNAQEBBQAD
    ggEPADCCAQoCggEBAMdG9NxVA7ERsdV+C67D3C/VrUIsVYr8s/awNPkjzxKSLY2z
    UL0ZnV0MdpOXGGTRzdDVgk44wUSHhG+TVE8IuMnx88unqtKQF21Yh/d2SeGt6SI0
    T2N+HbqYXUZra492nncFE7KPVptw9K7Do6y+LMKfoy5sVwTQaIBf2PyvrYihpY32
    viq8KSfr00S7Zh391H9P90FlAH/I0Y5Mwxe7jPq9e7IVSpvuuvCuZvRjs3kihogw
    H71cNKTEliB8eRG4n1uh7PYx87L6HkAvuLng+9Gqyctbf4d9zFS8P3BetIdzj9lF
    6JgEdymHOJbTbLEGfU0C8yxr/3TvgEgw4G/GWiUCAwEAAaNTMFEwHQYDVR0OBBYE
    FF1NrNf1cfw8Dm8Hl0RjkJ4dpBMNMB8GA1UdIwQYMBaAFF1NrNf1cfw8Dm8Hl0Rj
    kJ4dpBMNMA8GA1UdEwEB/wQFMAMBAf8wDQYJKoZIhvcNAQELBQADggEBAE6Dkgc5
    SELPDYXXiBO/KF+Nc9bnJhs7XSAJnnoLIdzgTA5NAI59uTO3d/VO9blsLYdorD2J
    LlftMiQUnfrbh5xT5UILL1/XtThxBJyKGjOcckZa9jJwTXqljArIawJRSW0SOgFi
    mduD5TCuAec+5XgeD0LiewppIeH4Wl71QJ9tuVsqm3ZM/ZMMr4EhUgxx1Bi/xZmO
    dFNrsjdNCeMaOTD9FHYP4F028jSSp/meavv4r7z3RXeRkYpODHNVZR0Mfe+wyH7k
    LuppG3FIHDdcI0W3Q/IsGFPy7+TsmtW8oye7+LK8XApnCbe0Qnh1s5zOJTpL7weY
    dq8cERl36tZP9k4=
    -----END CERTIFICATE-----
  EOT
  # Or, instead of the three arguments above, let Stytch read them:
  # metadata_url = "https://globex.okta.com/app/exk1globex/sso/saml/metadata"

  attribute_mapping = {
    email      = "email"
    first_name = "firstName"
    last_name  = "lastName"
    groups     = "groups"
  }
  saml_connection_implicit_role_assignments = [
    { role_id = "stytch_member" },
  ]
  saml_group_implicit_role_assignments = [
    { role_id = "stytch_admin", group = "globex-admins" },
  ]

  # A key of your own to sign SAML requests with (Terraform 1.11 or newer;
  # never stored in state). Bump the version to send a new key.
  # signing_private_key_wo         = ephemeral.vault_kv_secret_v2.saml.data["signing_key"]
  # signing_private_key_wo_version = 1
}

output "okta_acs_url" {
  description = "The Single Sign-On URL (ACS URL) to enter in Okta."
  value       = stytch_b2b_saml_connection.okta.acs_url
}

output "okta_audience_uri" {
  description = "The Audience URI (SP Entity ID) to enter in Okta."
  value       = stytch_b2b_saml_connection.okta.audience_uri
}
