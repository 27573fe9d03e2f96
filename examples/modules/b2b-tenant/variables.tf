# One customer of a Stytch B2B project: its organization, its SSO connection
# (SAML by metadata URL, SAML by the IdP's fields, or OIDC), its members, its
# SCIM connection and its custom roles.

variable "name" {
  description = "The organization's display name, such as \"Globex Corporation\"."
  type        = string

  validation {
    condition     = length(trimspace(var.name)) > 0 && length(var.name) <= 128
    error_message = "name must be 1 to 128 characters, not blank."
  }
}

variable "slug" {
  description = "The organization's slug, unique in the project: what members type or see in sign-in URLs."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9._~-]{2,128}$", var.slug))
    error_message = "slug must be 2 to 128 characters: letters, digits and - . _ ~ (Stytch's rule)."
  }
}

variable "external_id" {
  description = "Your own id for the customer, such as its CRM id; null for none."
  type        = string
  default     = null

  validation {
    condition     = var.external_id == null || can(regex("^[a-zA-Z0-9._|-]{1,128}$", var.external_id))
    error_message = "external_id must be 1 to 128 characters: letters, digits and - . _ | (Stytch's rule)."
  }
}

variable "deletion_protection" {
  description = "When true (the default), a plan that would delete the organization fails, before any call to Stytch. Set it to false, and apply, before removing the tenant."
  type        = bool
  default     = true
  nullable    = false
}

variable "auth" {
  description = <<-EOT
    How members sign in. methods: the allowed authentication methods (then
    auth_methods is RESTRICTED; null allows all). mfa_methods likewise for MFA.
    The other fields are the organization's arguments of the same name; null
    leaves Stytch's default at creation and keeps the current value after.
  EOT
  type = object({
    methods                = optional(set(string))
    mfa_policy             = optional(string)
    mfa_methods            = optional(set(string))
    email_domains          = optional(set(string), [])
    email_jit_provisioning = optional(string)
    email_invites          = optional(string)
    sso_jit_provisioning   = optional(string)
  })
  default  = {}
  nullable = false

  validation {
    condition     = var.auth.methods == null || length(coalesce(var.auth.methods, [])) > 0
    error_message = "auth.methods must list at least one method, or be left out to allow all."
  }
  validation {
    condition     = var.auth.mfa_policy == null || contains(["REQUIRED_FOR_ALL", "OPTIONAL"], coalesce(var.auth.mfa_policy, "-"))
    error_message = "auth.mfa_policy must be REQUIRED_FOR_ALL or OPTIONAL."
  }
}

variable "trusted_metadata" {
  description = "An object stored with the organization, such as { plan = \"enterprise\" }."
  type        = any
  default     = {}
  nullable    = false
}

variable "sso" {
  description = <<-EOT
    The customer's SSO connection, or null for none. type is "saml" or "oidc".
    SAML takes either metadata_url (Stytch fetches the IdP's metadata) or the
    three fields idp_entity_id, idp_sso_url and x509_certificate. OIDC takes
    client_id and issuer (the endpoint URLs are discovered from the issuer when
    left out) and its client secret from the oidc_client_secret variable;
    raise client_secret_version to send a new secret. group_roles maps an IdP
    group to a role (SAML). jit_provisioning lets the connection create
    members at their first sign-in.
  EOT
  type = object({
    type              = string
    display_name      = optional(string)
    identity_provider = optional(string)
    jit_provisioning  = optional(bool, true)
    attribute_mapping = optional(map(string))

    metadata_url     = optional(string)
    idp_entity_id    = optional(string)
    idp_sso_url      = optional(string)
    x509_certificate = optional(string)
    group_roles      = optional(map(string), {})

    client_id             = optional(string)
    client_secret_version = optional(number, 1)
    issuer                = optional(string)
    authorization_url     = optional(string)
    token_url             = optional(string)
    userinfo_url          = optional(string)
    jwks_url              = optional(string)
    custom_scopes         = optional(string)
  })
  default = null

  validation {
    condition     = var.sso == null || contains(["saml", "oidc"], try(var.sso.type, ""))
    error_message = "sso.type must be \"saml\" or \"oidc\"."
  }
  validation {
    condition = try(var.sso.type, "") != "saml" || (
      (var.sso.metadata_url != null) != (var.sso.idp_entity_id != null && var.sso.idp_sso_url != null && var.sso.x509_certificate != null)
    )
    error_message = "A SAML connection takes either metadata_url or all of idp_entity_id, idp_sso_url and x509_certificate."
  }
  validation {
    condition     = try(var.sso.type, "") != "saml" || var.sso.metadata_url == null || (var.sso.idp_entity_id == null && var.sso.idp_sso_url == null && var.sso.x509_certificate == null)
    error_message = "A SAML connection by metadata_url reads idp_entity_id, idp_sso_url and x509_certificate from the metadata: leave them out."
  }
  validation {
    condition     = try(var.sso.metadata_url, null) == null || can(regex("^https?://", var.sso.metadata_url))
    error_message = "sso.metadata_url must be an http:// or https:// URL."
  }
  validation {
    condition     = try(var.sso.type, "") != "oidc" || (var.sso.client_id != null && can(regex("^https://", coalesce(var.sso.issuer, "-"))))
    error_message = "An OIDC connection needs client_id and an https:// issuer."
  }
  validation {
    condition     = try(var.sso.type, "") != "oidc" || (var.sso.metadata_url == null && var.sso.idp_entity_id == null && var.sso.idp_sso_url == null && var.sso.x509_certificate == null && length(var.sso.group_roles) == 0)
    error_message = "metadata_url, idp_entity_id, idp_sso_url, x509_certificate and group_roles are SAML settings; an OIDC connection cannot take them."
  }
  validation {
    condition     = try(var.sso.type, "") != "saml" || (var.sso.client_id == null && var.sso.issuer == null)
    error_message = "client_id and issuer are OIDC settings; a SAML connection cannot take them."
  }
}

variable "oidc_client_secret" {
  description = "The client secret the customer's OIDC identity provider issued, required when sso.type is \"oidc\". Ephemeral and write-only: sent to Stytch, never stored in a plan or state."
  type        = string
  default     = null
  sensitive   = true
  ephemeral   = true

  validation {
    condition     = var.oidc_client_secret != null || try(var.sso.type, "") != "oidc"
    error_message = "An OIDC connection needs its client secret: pass oidc_client_secret (the tenants example takes it from TF_VAR_oidc_client_secrets)."
  }
}

variable "admins" {
  description = "Administrators (role stytch_admin, plus any roles listed): email, name, roles."
  type = list(object({
    email = string
    name  = optional(string)
    roles = optional(set(string), [])
  }))
  default  = []
  nullable = false
}

variable "members" {
  description = "Other members: email, name, roles (project roles or ids of custom_roles)."
  type = list(object({
    email = string
    name  = optional(string)
    roles = optional(set(string), [])
  }))
  default  = []
  nullable = false

  validation {
    condition     = length(distinct([for m in concat(var.admins, var.members) : lower(m.email)])) == length(concat(var.admins, var.members))
    error_message = "Each email address may appear once among admins and members."
  }
  validation {
    condition     = alltrue([for m in concat(var.admins, var.members) : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", m.email))])
    error_message = "Every admin and member needs an email address such as alice@example.com."
  }
  validation {
    condition     = alltrue([for m in concat(var.admins, var.members) : !contains(m.roles, "stytch_member")])
    error_message = "stytch_member cannot be assigned: Stytch gives it to every member."
  }
}

variable "scim" {
  description = "The customer's SCIM (directory sync) connection, or null for none. Change rotation_trigger to rotate its bearer token. group_roles give roles to groups the IdP has pushed (group ids from the stytch_b2b_scim_connection data source)."
  type = object({
    display_name      = optional(string)
    identity_provider = optional(string)
    rotation_trigger  = optional(string, "1")
    group_roles = optional(list(object({
      group_id = string
      role_id  = string
    })), [])
  })
  default = null
}

variable "custom_roles" {
  description = "The organization's own roles: id, description, permissions (a map from a resource of the project's RBAC policy to its actions). The organization's whole set: roles made elsewhere are refused."
  type = list(object({
    id          = string
    description = optional(string)
    permissions = map(set(string))
  }))
  default  = []
  nullable = false

  validation {
    condition     = length(distinct([for r in var.custom_roles : r.id])) == length(var.custom_roles)
    error_message = "Each custom role id may appear once."
  }
  validation {
    condition     = alltrue([for r in var.custom_roles : length(r.id) > 0 && !startswith(r.id, "stytch_")])
    error_message = "Custom role ids cannot be empty or start with stytch_ (Stytch's own roles)."
  }
  validation {
    condition     = alltrue([for r in var.custom_roles : length(r.permissions) > 0 && alltrue([for actions in values(r.permissions) : length(actions) > 0])])
    error_message = "Every custom role needs at least one permission, each with at least one action."
  }
}
