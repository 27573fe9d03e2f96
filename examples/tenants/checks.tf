# The tenants file is checked before anything is planned: a misspelled key
# would otherwise be dropped without a word when the entry is converted to the
# module's variables.

locals {
  known_keys = {
    tenant = ["name", "slug", "external_id", "shard", "deletion_protection", "auth", "metadata", "sso", "admins", "members", "scim", "roles"]
    auth   = ["methods", "mfa_policy", "mfa_methods", "email_domains", "email_jit_provisioning", "email_invites", "sso_jit_provisioning"]
    sso = ["type", "display_name", "identity_provider", "jit_provisioning", "attribute_mapping", "metadata_url", "idp_entity_id",
      "idp_sso_url", "x509_certificate", "group_roles", "client_id", "client_secret_version", "issuer", "authorization_url",
    "token_url", "userinfo_url", "jwks_url", "custom_scopes"]
    member = ["email", "name", "roles"]
    scim   = ["display_name", "identity_provider", "rotation_trigger", "group_roles"]
    role   = ["id", "description", "permissions"]
  }

  # Every object of the file with the keys it may have, by its place.
  checked_objects = merge(
    { for k, t in local.all_tenants : "tenants.${k}" => { value = t, kind = "tenant" } },
    { for k, t in local.all_tenants : "tenants.${k}.auth" => { value = t.auth, kind = "auth" } if can(keys(t.auth)) },
    { for k, t in local.all_tenants : "tenants.${k}.sso" => { value = t.sso, kind = "sso" } if can(keys(t.sso)) },
    { for k, t in local.all_tenants : "tenants.${k}.scim" => { value = t.scim, kind = "scim" } if can(keys(t.scim)) },
    merge(flatten([for k, t in local.all_tenants : [
      for list in ["admins", "members"] : { for i, m in try(t[list], []) : "tenants.${k}.${list}[${i}]" => { value = m, kind = "member" } }
    ]])...),
    merge([for k, t in local.all_tenants : { for i, r in try(t.roles, []) : "tenants.${k}.roles[${i}]" => { value = r, kind = "role" } }]...),
  )
  unknown_keys = flatten([
    for where, o in local.checked_objects : [
      for key in try(keys(o.value), []) : "${where}.${key}" if !contains(local.known_keys[o.kind], key)
    ]
  ])
  shards = distinct([for key, t in local.all_tenants : try(t.shard, key)])
}

output "tenants" {
  description = "The keys of the tenants this state manages."
  value       = sort(keys(local.tenants))

  precondition {
    condition     = can(keys(local.file.tenants))
    error_message = "${var.tenants_file} must have a map named tenants: one entry per customer, keyed by a name that never changes."
  }
  precondition {
    condition     = length(local.unknown_keys) == 0
    error_message = "${var.tenants_file} has settings the tenant module does not know: ${join(", ", local.unknown_keys)}. Check their spelling against the module's variables."
  }
}

# Only a warning: a shard is empty, rightly, once its last tenant is removed,
# and the state of a misspelled shard holds nothing to destroy.
check "shard" {
  assert {
    condition     = local.shard == "" || contains(local.shards, local.shard)
    error_message = "No tenant of ${var.tenants_file} is in shard \"${local.shard}\" (from var.shard or the workspace's name); the shards are: ${join(", ", local.shards)}. This plan destroys whatever the shard's state holds."
  }
}
