# A small tenant setup, run by `make demo` against the local emulator.
# Credentials and the emulator's URL come from STYTCH_PROJECT_ID, STYTCH_SECRET
# and STYTCH_BASE_URL, which `make demo` (cmd/stytch-demo) sets.

terraform {
  required_version = ">= 1.8"
  required_providers {
    stytch = {
      source = "platformkit/stytch"
    }
  }
}

provider "stytch" {}

# An enterprise customer: SSO and magic links only, MFA for everyone, members
# of its own domain join automatically and admins are assigned by domain.
resource "stytch_b2b_organization" "acme" {
  organization_name        = "Acme Corporation"
  organization_slug        = "acme"
  organization_external_id = "crm|1001"
  organization_logo_url    = "https://cdn.example.com/logos/acme.png"

  auth_methods         = "RESTRICTED"
  allowed_auth_methods = ["sso", "magic_link"]
  mfa_policy           = "REQUIRED_FOR_ALL"

  email_allowed_domains  = ["acme.example.com"]
  email_jit_provisioning = "RESTRICTED"
  email_invites          = "RESTRICTED"

  rbac_email_implicit_role_assignments = [
    { domain = "acme.example.com", role_id = "stytch_member" },
  ]

  trusted_metadata = jsonencode({
    plan  = "enterprise"
    seats = 250
    crm   = { account_id = "1001", region = "eu" }
  })
}

# Acme's IdP (Okta) signs in its users over SAML. Stytch answers the ACS URL
# and audience URI that Acme's IT team enters in Okta (see the outputs).
resource "stytch_b2b_saml_connection" "acme_okta" {
  organization_id   = stytch_b2b_organization.acme.organization_id
  display_name      = "Acme Okta"
  identity_provider = "okta"
  idp_entity_id     = "http://www.okta.com/exk1acme0000demo"
  idp_sso_url       = "https://acme.okta.com/app/acme_stytch/exk1acme0000demo/sso/saml"
  x509_certificate  = <<-PEM
    -----BEGIN CERTIFICATE-----
    MIIDQTCCAimgAwIBAgIUduresmDkkiObF7VNGU7TwNkFTEcwDQYJKoZIhvcNAQEL
    BQAwMDEYMBYGA1UEAwwPaWRwLmV4YW1wbGUuY29tMRQwEgYDVQQKDAtFeGFtcGxl
    IElkUDAeFw0yNjExMzAyMzM3MjJaFw0zNjExMjcyMzM3MjJaMDAxGDAWBgNVBAMM
    D2lkcC5leGFtcGxlLmNvbTEUMBIGA1UECgwLRXhhbXBsZSBJZFAwggEiMA0GCSqG
    SIb3DQEBAQUAA4IBDwAwggEKAoIBAQCew6E7oy/bNk5sMmWAkyFjWegD7ep+RmDe
    yKz54vAVbKyUgFSdX/ScwRKYK5bwvgfezOjnnZgtNi//AufhtuAyh/AyH2pvCwHa
    Ne3lloGEfHlBhQ/ovsbowhSdbJNOeVSvY7UBNLjfm4HHeDkQ+MpJQnNj11/eEE9P
    xqgEsHD+/E3qP8NfhmNHXLpokwzVse5tk+Mwr9km8bxNsG7DWxRg8FkQvmSa7KJf
    KK0G1ut3gs6hJxEqRW26YYwdPEoRMaP+jGEGKtgDtQfOsi5gWTYgN3NX41ooJS09
    FA8r1Ck/ABhihrsex7Yvy9pSe3IgK5GcbM9dBHLt4yufrxZ2kTVJAgMBAAGjUzBR
    MB0GA1UdDgQWBBSZUYBtWlbhZnchMKMS/uS5XnwiWzAfBgNVHSMEGDAWgBSZUYBt
    WlbhZnchMKMS/uS5XnwiWzAPBgNVHRMBAf8EBTADAQH/MA0GCSqGSIb3DQEBCwUA
    A4IBAQBtSdW/kTvU07sDZUzmohVjBPKdMT+xypKnFqes6bCSeNsUdwhVj8Fa/4NW
    ugK3xs45PwkRHRMdna4pDJVnPyjjCjj5xvxaf7p+j6fVoYeqNPsvX5p4kkmspQSb
    iXgTgHBfb7MWR/CUYUftNQ/qjS+MsqdoLMIZgMl2aJNpd5yZwKNPeoedhI21ZN4y
    Fds41UOyUVTNkV3BU4tqHGQqGmAWcRtuimpCB5Crm6/trV0Lgrpdi6SGM6U8PK6S
    UxgEmX/bRVpzCdX7f821i5aMobFyWATHe4JzsQ0dgea+/T1cTPQ+43qnW4Gw1n2t
    qB59kmXb+D/twxjxF6HPYjSezsfk
    -----END CERTIFICATE-----
  PEM
  attribute_mapping = {
    email     = "email"
    full_name = "name"
    groups    = "groups"
  }
  saml_connection_implicit_role_assignments = [{ role_id = "stytch_member" }]
  saml_group_implicit_role_assignments      = [{ group = "acme-admins", role_id = "stytch_admin" }]
}

# The settings that name Acme's connection come after it: no dependency cycle.
resource "stytch_b2b_organization_sso_settings" "acme" {
  organization_id       = stytch_b2b_organization.acme.organization_id
  default_connection_id = stytch_b2b_saml_connection.acme_okta.connection_id
}

# Acme's first administrator. Members of acme.example.com also get
# stytch_member from the organization's email rule: it shows in
# roles_with_sources, never as a diff in roles.
resource "stytch_b2b_member" "acme_admin" {
  organization_id = stytch_b2b_organization.acme.organization_id
  email_address   = "ada.lovelace@acme.example.com"
  name            = "Ada Lovelace"
  roles           = ["stytch_admin"]
}

# A self-serve team: invitations only, TOTP as the one MFA method, Slack users
# of its workspace may join.
resource "stytch_b2b_organization" "startup" {
  organization_name = "Startup Labs"
  organization_slug = "startup-labs"

  email_invites         = "ALL_ALLOWED"
  mfa_methods           = "RESTRICTED"
  allowed_mfa_methods   = ["totp"]
  sso_jit_provisioning  = "NOT_ALLOWED"
  claimed_email_domains = ["startuplabs.example.io"]

  oauth_tenant_jit_provisioning = "RESTRICTED"
  allowed_oauth_tenants = {
    slack = ["T0STARTUP1"]
  }

  trusted_metadata = jsonencode({ plan = "team" })
}

# One organization per region, from a map: the usual tenant-module pattern.
locals {
  regions = {
    eu = "Europe"
    us = "United States"
  }
}

resource "stytch_b2b_organization" "regional" {
  for_each = local.regions

  organization_name = "Globex ${each.value}"
  organization_slug = "globex-${each.key}"
  trusted_metadata  = jsonencode({ region = each.key })
}

output "organization_ids" {
  description = "Organization ids assigned by Stytch, by slug."
  value = merge(
    { for o in [stytch_b2b_organization.acme, stytch_b2b_organization.startup] : o.organization_slug => o.organization_id },
    { for o in stytch_b2b_organization.regional : o.organization_slug => o.organization_id },
  )
}

output "acme_defaults" {
  description = "Settings that Stytch defaulted for Acme, read back from the API."
  value = {
    sso_jit_provisioning = stytch_b2b_organization.acme.sso_jit_provisioning
    mfa_methods          = stytch_b2b_organization.acme.mfa_methods
    created_at           = stytch_b2b_organization.acme.created_at
  }
}

output "acme_saml_for_the_idp" {
  description = "What Acme's IT team enters in Okta, and the connection's status."
  value = {
    acs_url      = stytch_b2b_saml_connection.acme_okta.acs_url
    audience_uri = stytch_b2b_saml_connection.acme_okta.audience_uri
    status       = stytch_b2b_saml_connection.acme_okta.status
  }
}

output "acme_admin" {
  description = "Acme's administrator and where each of her roles comes from."
  value = {
    member_id = stytch_b2b_member.acme_admin.member_id
    status    = stytch_b2b_member.acme_admin.status
    roles     = [for r in stytch_b2b_member.acme_admin.roles_with_sources : "${r.role_id} (${join(", ", [for s in r.sources : s.type])})"]
  }
}
