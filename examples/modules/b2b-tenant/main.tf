locals {
  saml = try(var.sso.type, "") == "saml"
  oidc = try(var.sso.type, "") == "oidc"

  sso_display_name = coalesce(try(var.sso.display_name, null), "${var.name} SSO")

  # Custom role ids as the policy resource holds them. Every role assignment
  # below looks its role up here, so the members, the SAML group roles and
  # the SCIM group roles depend on the policy: Terraform creates the roles
  # before anyone is given one, and removes them only after.
  policy_roles = {
    for role in flatten(stytch_b2b_organization_rbac_policy.this[*].roles) : role.role_id => role.role_id
  }

  # Members keyed by email address (lower case, as Stytch compares them).
  members = merge(
    { for m in var.members : lower(m.email) => m },
    { for a in var.admins : lower(a.email) => merge(a, { roles = setunion(a.roles, ["stytch_admin"]) }) },
  )

  connection_id = one(concat(
    stytch_b2b_saml_connection.this[*].connection_id,
    stytch_b2b_oidc_connection.this[*].connection_id,
  ))
}

resource "stytch_b2b_organization" "this" {
  organization_name        = var.name
  organization_slug        = var.slug
  organization_external_id = var.external_id
  deletion_protection      = var.deletion_protection

  auth_methods         = var.auth.methods == null ? "ALL_ALLOWED" : "RESTRICTED"
  allowed_auth_methods = var.auth.methods
  mfa_policy           = var.auth.mfa_policy
  mfa_methods          = var.auth.mfa_methods == null ? "ALL_ALLOWED" : "RESTRICTED"
  allowed_mfa_methods  = var.auth.mfa_methods

  email_allowed_domains  = var.auth.email_domains
  email_jit_provisioning = var.auth.email_jit_provisioning
  email_invites          = var.auth.email_invites
  sso_jit_provisioning   = var.auth.sso_jit_provisioning

  trusted_metadata = jsonencode(var.trusted_metadata)
}

resource "stytch_b2b_organization_rbac_policy" "this" {
  count           = length(var.custom_roles) > 0 ? 1 : 0
  organization_id = stytch_b2b_organization.this.organization_id

  roles = [
    for r in var.custom_roles : {
      role_id     = r.id
      description = r.description
      permissions = [for resource_id, actions in r.permissions : { resource_id = resource_id, actions = actions }]
    }
  ]
}

resource "stytch_b2b_saml_connection" "this" {
  count             = local.saml ? 1 : 0
  organization_id   = stytch_b2b_organization.this.organization_id
  display_name      = local.sso_display_name
  identity_provider = var.sso.identity_provider

  metadata_url     = var.sso.metadata_url
  idp_entity_id    = var.sso.idp_entity_id
  idp_sso_url      = var.sso.idp_sso_url
  x509_certificate = var.sso.x509_certificate

  attribute_mapping = coalesce(var.sso.attribute_mapping, merge(
    { email = "email", full_name = "name" },
    length(var.sso.group_roles) > 0 ? { groups = "groups" } : {},
  ))
  saml_group_implicit_role_assignments = [
    for group, role in var.sso.group_roles : { group = group, role_id = lookup(local.policy_roles, role, role) }
  ]
}

resource "stytch_b2b_oidc_connection" "this" {
  count             = local.oidc ? 1 : 0
  organization_id   = stytch_b2b_organization.this.organization_id
  display_name      = local.sso_display_name
  identity_provider = var.sso.identity_provider

  client_id                = var.sso.client_id
  client_secret_wo         = var.oidc_client_secret
  client_secret_wo_version = var.sso.client_secret_version
  issuer                   = var.sso.issuer
  authorization_url        = var.sso.authorization_url
  token_url                = var.sso.token_url
  userinfo_url             = var.sso.userinfo_url
  jwks_url                 = var.sso.jwks_url
  custom_scopes            = var.sso.custom_scopes
  attribute_mapping        = var.sso.attribute_mapping
}

# The connection is the organization's default; with jit_provisioning it may
# also create members at their first sign-in.
resource "stytch_b2b_organization_sso_settings" "this" {
  count                                = var.sso == null ? 0 : 1
  organization_id                      = stytch_b2b_organization.this.organization_id
  default_connection_id                = local.connection_id
  jit_provisioning_allowed_connections = var.sso.jit_provisioning ? [local.connection_id] : []
}

resource "stytch_b2b_member" "this" {
  for_each        = local.members
  organization_id = stytch_b2b_organization.this.organization_id
  email_address   = each.value.email
  name            = each.value.name
  roles           = [for role in each.value.roles : lookup(local.policy_roles, role, role)]
}

resource "stytch_b2b_scim_connection" "this" {
  count             = var.scim == null ? 0 : 1
  organization_id   = stytch_b2b_organization.this.organization_id
  display_name      = coalesce(var.scim.display_name, "${var.name} directory")
  identity_provider = var.scim.identity_provider
  rotation_trigger  = var.scim.rotation_trigger

  scim_group_implicit_role_assignments = [
    for a in var.scim.group_roles : { group_id = a.group_id, role_id = lookup(local.policy_roles, a.role_id, a.role_id) }
  ]
}
