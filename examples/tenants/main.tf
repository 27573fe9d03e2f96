# Every customer of the project, one entry each in tenants.yaml: onboarding a
# customer is a pull request that adds an entry (see the guide "Onboard a
# customer with a pull request"). Credentials come from STYTCH_PROJECT_ID and
# STYTCH_SECRET; the OIDC client secrets from TF_VAR_oidc_client_secrets.

terraform {
  required_version = ">= 1.11"
  required_providers {
    stytch = {
      source  = "platformkit/stytch"
      version = "~> 0.1"
    }
  }
  # No backend here: CI adds one (see github-actions.yml), and so can you, in
  # a backend.tf or a backend_override.tf.
}

provider "stytch" {}

variable "tenants_file" {
  description = "The tenants file, relative to this folder."
  type        = string
  default     = "tenants.yaml"
}

variable "shard" {
  description = "Manage only the tenants of this shard (a tenant's shard is its shard key, or else its own key). Null: the workspace's name, or every tenant in the default workspace."
  type        = string
  default     = null
}

variable "oidc_client_secrets" {
  description = "The OIDC client secrets by tenant key, such as {\"initech\" = \"...\"}. Ephemeral: never in a plan or state file."
  type        = map(string)
  default     = {}
  sensitive   = true
  ephemeral   = true
}

locals {
  file        = yamldecode(file("${path.module}/${var.tenants_file}"))
  all_tenants = try({ for key, t in local.file.tenants : key => t }, {})

  # The shard of this state: the variable, else the workspace's name, else
  # none (one state for every tenant).
  shard = var.shard != null ? var.shard : (terraform.workspace == "default" ? "" : terraform.workspace)
  tenants = {
    for key, t in local.all_tenants : key => t
    if local.shard == "" || try(t.shard, key) == local.shard
  }
}

module "tenant" {
  source   = "../modules/b2b-tenant"
  for_each = local.tenants

  name                = each.value.name
  slug                = try(each.value.slug, each.key)
  external_id         = try(each.value.external_id, null)
  deletion_protection = try(each.value.deletion_protection, true)
  auth                = try(each.value.auth, {})
  trusted_metadata    = try(each.value.metadata, {})
  sso                 = try(each.value.sso, null)
  oidc_client_secret  = try(var.oidc_client_secrets[each.key], null)
  admins              = try(each.value.admins, [])
  members             = try(each.value.members, [])
  scim                = try(each.value.scim, null)
  custom_roles        = try(each.value.roles, [])
}
