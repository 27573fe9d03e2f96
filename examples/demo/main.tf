# A small tenant setup, run by `make demo` against the local emulator.
# Credentials and the emulator's URL come from STYTCH_PROJECT_ID, STYTCH_SECRET
# and STYTCH_BASE_URL, which the demo script sets.

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
