package provider

import (
	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// The schema of the stytch_b2b_organization resource is the one declaration of
// an organization's attributes. The data sources stytch_b2b_organization and
// stytch_b2b_organizations derive theirs from it (organizationDataSourceAttributes),
// and the model takes the types of its nested objects from it.
//
// An attribute's description says what the value is, then, for an argument,
// what configuring it does. That second part is one of the resource notes
// below, which the data sources cut: their attributes are read, not configured.

// Resource notes end the descriptions of arguments. A new one goes into
// organizationResourceNotes too, or the data sources would show it.
const (
	// Optional enumerated settings that Stytch defaults.
	noteStytchDefault = " When omitted, Stytch's default applies when the organization is created and the current value is kept afterwards."
	// Optional sets of strings that default to empty.
	noteClearsList = " Omitting it, or removing it from the configuration, clears the list in Stytch."

	noteRenames           = " Changing it renames the organization in place."
	noteClearsLogo        = " Omitting it clears the logo."
	noteRemovesExternalID = " Omitting it removes the external id."
	noteMetadataArgument  = ", written with `jsonencode({...})`. Key order and formatting do not cause a diff. " +
		"The configuration is authoritative: a top-level key removed from it is deleted in Stytch. " +
		"At most 20 top-level keys and 4 KB. Defaults to `{}`."
	noteRemovesAssignments = " Omitting it, or removing it from the configuration, removes every assignment in Stytch."
	noteRemovesTenants     = " Omitting it, or removing it from the configuration, removes every tenant in Stytch."
)

// maxLogoURLLength is the emulator's limit for organization_logo_url, which
// answers organization_logo_url_too_long beyond it; Stytch's own limit is not
// published (DESIGN.md, "Inferred validation").
const maxLogoURLLength = 2048

// organizationResourceNotes are the resource notes, for the data sources to cut.
var organizationResourceNotes = []string{
	noteStytchDefault, noteClearsList, noteRenames, noteClearsLogo, noteRemovesExternalID, noteMetadataArgument,
	noteRemovesAssignments, noteRemovesTenants,
}

// organizationResourceSchema is the schema of stytch_b2b_organization: the body
// of Stytch's Create Organization call, the update-only SSO settings, the
// read-only fields of the Organization object and deletion_protection.
//
// Optional settings are also Computed. An enumerated setting without a value
// in the configuration takes Stytch's default, which UseStateForUnknown keeps
// across updates; a list, map or text setting defaults to empty, so that
// removing it from the configuration clears it in Stytch.
func organizationResourceSchema() schema.Schema {
	// The default of rbac_email_implicit_role_assignments needs the type of its objects.
	roleAssignment := schema.NestedAttributeObject{
		Attributes: map[string]schema.Attribute{
			"domain": schema.StringAttribute{
				MarkdownDescription: "The email domain, such as `example.com`.",
				Required:            true,
				Validators:          []validator.String{domainValidator()},
			},
			"role_id": schema.StringAttribute{
				MarkdownDescription: "The role granted, such as `stytch_admin` or a custom role id.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
		},
	}

	return schema.Schema{
		MarkdownDescription: "Manages a Stytch B2B [organization](https://stytch.com/docs/b2b/api/organization-object): " +
			"its name, slug, metadata and authentication settings. Every argument is updated in place; nothing forces " +
			"replacement, because replacing an organization would delete all its members.\n\n" +
			"~> **Deleting this resource deletes the organization and all its members in Stytch.** " +
			"Use `deletion_protection` to guard against it.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The organization id, the same as `organization_id`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"organization_id": schema.StringAttribute{
				MarkdownDescription: "The organization id assigned by Stytch, such as `organization-test-...`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"organization_name": schema.StringAttribute{
				MarkdownDescription: "The organization's display name, 1 to 128 characters.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthBetween(1, 128)},
			},
			"organization_slug": schema.StringAttribute{
				MarkdownDescription: "The organization's unique slug within the project: 2 to 128 characters, alphanumerics and " +
					"`-` `.` `_` `~`, with at least one alphanumeric." + noteRenames,
				Required:   true,
				Validators: slugValidators(),
			},
			"organization_logo_url": schema.StringAttribute{
				MarkdownDescription: "The URL of the organization's logo, at most 2048 characters." + noteClearsLogo,
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(""),
				// Stytch documents only a length error for the logo
				// (organization_logo_url_too_long); its format is Stytch's call.
				Validators: []validator.String{stringvalidator.LengthAtMost(maxLogoURLLength)},
			},
			"organization_external_id": schema.StringAttribute{
				MarkdownDescription: "Your own unique identifier for the organization (alphanumerics and `.` `_` `-` `|`, " +
					"at most 128 characters)." + noteRemovesExternalID,
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString(""),
				Validators: externalIDValidators(),
			},
			"trusted_metadata": schema.StringAttribute{
				MarkdownDescription: "Arbitrary JSON object stored with the organization" + noteMetadataArgument,
				CustomType:          jsontypes.NormalizedType{},
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString("{}"),
				Validators:          []validator.String{metadataValidator{}},
			},
			"mfa_policy": schema.StringAttribute{
				MarkdownDescription: "Whether members must use multi-factor authentication. " +
					enumDescription(stytch.MFAPolicyValues) + noteStytchDefault,
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{stringvalidator.OneOf(stytch.MFAPolicyValues...)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"email_jit_provisioning": schema.StringAttribute{
				MarkdownDescription: "Whether members with a verified email of `email_allowed_domains` may join by JIT " +
					"provisioning (`RESTRICTED`). " + enumDescription(stytch.EmailJITProvisioningValues) + noteStytchDefault,
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{stringvalidator.OneOf(stytch.EmailJITProvisioningValues...)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"email_invites": schema.StringAttribute{
				MarkdownDescription: "Who may be invited by email: anyone (`ALL_ALLOWED`), only addresses of " +
					"`email_allowed_domains` (`RESTRICTED`), or nobody. " + enumDescription(stytch.EmailInvitesValues) + noteStytchDefault,
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{stringvalidator.OneOf(stytch.EmailInvitesValues...)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"email_allowed_domains": schema.SetAttribute{
				MarkdownDescription: "Email domains (such as `example.com`) used by `email_jit_provisioning` and " +
					"`email_invites` when they are `RESTRICTED`. Stytch rejects common public domains such as `gmail.com`." + noteClearsList,
				ElementType: types.StringType,
				Optional:    true,
				Computed:    true,
				Default:     setdefault.StaticValue(types.SetValueMust(types.StringType, []attr.Value{})),
				Validators:  []validator.Set{setvalidator.ValueStringsAre(domainValidator())},
			},
			"sso_jit_provisioning": schema.StringAttribute{
				MarkdownDescription: "Which SSO connections may JIT-provision new members. " +
					enumDescription(stytch.SSOJITProvisioningValues) + noteStytchDefault,
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{stringvalidator.OneOf(stytch.SSOJITProvisioningValues...)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"sso_jit_provisioning_allowed_connections": schema.SetAttribute{
				MarkdownDescription: "SSO connection ids that may JIT-provision members when `sso_jit_provisioning` is " +
					"`RESTRICTED`. Read-only here: the connections belong to the organization, so they are set " +
					"with `stytch_b2b_organization_sso_settings` once they exist.",
				ElementType: types.StringType,
				Computed:    true,
			},
			"sso_default_connection_id": schema.StringAttribute{
				MarkdownDescription: "The SSO connection used by default when the organization has several; null when none is set. " +
					"Read-only here: it is set with `stytch_b2b_organization_sso_settings` once the connection exists.",
				Computed: true,
			},
			"auth_methods": schema.StringAttribute{
				MarkdownDescription: "Whether members may use every authentication method (`ALL_ALLOWED`) or only " +
					"`allowed_auth_methods` (`RESTRICTED`). " + enumDescription(stytch.AuthMethodsValues) + noteStytchDefault,
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{stringvalidator.OneOf(stytch.AuthMethodsValues...)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"allowed_auth_methods": schema.SetAttribute{
				MarkdownDescription: "Authentication methods allowed when `auth_methods` is `RESTRICTED` (required then). " +
					enumDescription(stytch.AllowedAuthMethodValues) + noteClearsList,
				ElementType: types.StringType,
				Optional:    true,
				Computed:    true,
				Default:     setdefault.StaticValue(types.SetValueMust(types.StringType, []attr.Value{})),
				Validators: []validator.Set{
					setvalidator.ValueStringsAre(stringvalidator.OneOf(stytch.AllowedAuthMethodValues...)),
				},
			},
			"mfa_methods": schema.StringAttribute{
				MarkdownDescription: "Whether members may use every MFA method (`ALL_ALLOWED`) or only " +
					"`allowed_mfa_methods` (`RESTRICTED`). " + enumDescription(stytch.MFAMethodsValues) + noteStytchDefault,
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{stringvalidator.OneOf(stytch.MFAMethodsValues...)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"allowed_mfa_methods": schema.SetAttribute{
				MarkdownDescription: "MFA methods allowed when `mfa_methods` is `RESTRICTED` (required then). " +
					enumDescription(stytch.AllowedMFAMethodValues) + noteClearsList,
				ElementType: types.StringType,
				Optional:    true,
				Computed:    true,
				Default:     setdefault.StaticValue(types.SetValueMust(types.StringType, []attr.Value{})),
				Validators: []validator.Set{
					setvalidator.ValueStringsAre(stringvalidator.OneOf(stytch.AllowedMFAMethodValues...)),
				},
			},
			"rbac_email_implicit_role_assignments": schema.SetNestedAttribute{
				MarkdownDescription: "Roles granted implicitly to members whose verified email is in a domain." + noteRemovesAssignments,
				NestedObject:        roleAssignment,
				Optional:            true,
				Computed:            true,
				Default:             setdefault.StaticValue(types.SetValueMust(roleAssignment.Type(), []attr.Value{})),
			},
			"oauth_tenant_jit_provisioning": schema.StringAttribute{
				MarkdownDescription: "Whether users of `allowed_oauth_tenants` may join by JIT provisioning (`RESTRICTED`). " +
					enumDescription(stytch.OAuthTenantJITProvisioningValues) + noteStytchDefault,
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{stringvalidator.OneOf(stytch.OAuthTenantJITProvisioningValues...)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"allowed_oauth_tenants": schema.MapAttribute{
				MarkdownDescription: "OAuth tenants whose users may join when `oauth_tenant_jit_provisioning` is `RESTRICTED`: " +
					"a map from provider to a set of tenant ids, such as `{ slack = [\"T0123ABCD\"] }`. " +
					"The keys must be " + codeList(stytch.OAuthTenantProviders) + "." + noteRemovesTenants,
				ElementType: types.SetType{ElemType: types.StringType},
				Optional:    true,
				Computed:    true,
				Default: mapdefault.StaticValue(types.MapValueMust(types.SetType{ElemType: types.StringType},
					map[string]attr.Value{})),
				Validators: []validator.Map{
					mapvalidator.KeysAre(stringvalidator.OneOf(stytch.OAuthTenantProviders...)),
					mapvalidator.ValueSetsAre(setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))),
				},
			},
			"claimed_email_domains": schema.SetAttribute{
				MarkdownDescription: "Email domains this organization claims (verified ownership). A domain can be " +
					"claimed by one organization of the project only." + noteClearsList,
				ElementType: types.StringType,
				Optional:    true,
				Computed:    true,
				Default:     setdefault.StaticValue(types.SetValueMust(types.StringType, []attr.Value{})),
				Validators:  []validator.Set{setvalidator.ValueStringsAre(domainValidator())},
			},
			"first_party_connected_apps_allowed_type": schema.StringAttribute{
				MarkdownDescription: "Which first-party Connected Apps members may use. " +
					enumDescription(stytch.ConnectedAppsAllowedTypeValues) + noteStytchDefault,
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{stringvalidator.OneOf(stytch.ConnectedAppsAllowedTypeValues...)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"allowed_first_party_connected_apps": schema.SetAttribute{
				MarkdownDescription: "First-party Connected App ids allowed when `first_party_connected_apps_allowed_type` " +
					"is `RESTRICTED`." + noteClearsList,
				ElementType: types.StringType,
				Optional:    true,
				Computed:    true,
				Default:     setdefault.StaticValue(types.SetValueMust(types.StringType, []attr.Value{})),
			},
			"third_party_connected_apps_allowed_type": schema.StringAttribute{
				MarkdownDescription: "Which third-party Connected Apps members may use. " +
					enumDescription(stytch.ConnectedAppsAllowedTypeValues) + noteStytchDefault,
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{stringvalidator.OneOf(stytch.ConnectedAppsAllowedTypeValues...)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"allowed_third_party_connected_apps": schema.SetAttribute{
				MarkdownDescription: "Third-party Connected App ids allowed when `third_party_connected_apps_allowed_type` " +
					"is `RESTRICTED`." + noteClearsList,
				ElementType: types.StringType,
				Optional:    true,
				Computed:    true,
				Default:     setdefault.StaticValue(types.SetValueMust(types.StringType, []attr.Value{})),
			},
			"sso_active_connections": schema.ListNestedAttribute{
				MarkdownDescription: "The organization's active SSO connections (managed with Stytch's SSO endpoints, read-only here).",
				// No UseStateForUnknown here, nor on scim_active_connection and
				// custom_roles: other resources (connections, SCIM, roles) change
				// them in the same apply as an update of the organization, so
				// the state's value is no promise about the update's result.
				Computed: true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"connection_id":     schema.StringAttribute{MarkdownDescription: "The connection id.", Computed: true},
						"display_name":      schema.StringAttribute{MarkdownDescription: "The connection's display name.", Computed: true},
						"identity_provider": schema.StringAttribute{MarkdownDescription: "The identity provider, such as `okta`.", Computed: true},
					},
				},
			},
			"scim_active_connection": schema.SingleNestedAttribute{
				MarkdownDescription: "The organization's active SCIM connection, or null (read-only).",
				Computed:            true,
				Attributes: map[string]schema.Attribute{
					"connection_id": schema.StringAttribute{MarkdownDescription: "The connection id.", Computed: true},
					"display_name":  schema.StringAttribute{MarkdownDescription: "The connection's display name.", Computed: true},
					"bearer_token_last_four": schema.StringAttribute{
						MarkdownDescription: "The last four characters of the SCIM bearer token.",
						Computed:            true,
					},
					"bearer_token_expires_at": schema.StringAttribute{
						MarkdownDescription: "When the bearer token expires (RFC 3339), or empty.",
						Computed:            true,
					},
				},
			},
			"custom_roles": schema.ListNestedAttribute{
				MarkdownDescription: "The organization's custom RBAC roles, read-only here: manage them with `stytch_b2b_organization_rbac_policy`.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"role_id":     schema.StringAttribute{MarkdownDescription: "The role id.", Computed: true},
						"description": schema.StringAttribute{MarkdownDescription: "The role's description.", Computed: true},
						"permissions": schema.ListNestedAttribute{
							MarkdownDescription: "What the role may do.",
							Computed:            true,
							NestedObject: schema.NestedAttributeObject{
								Attributes: map[string]schema.Attribute{
									"resource_id": schema.StringAttribute{MarkdownDescription: "The RBAC resource.", Computed: true},
									"actions": schema.ListAttribute{
										MarkdownDescription: "The actions allowed on it.",
										ElementType:         types.StringType,
										Computed:            true,
									},
								},
							},
						},
					},
				},
			},
			"created_at": schema.StringAttribute{
				MarkdownDescription: "When the organization was created (RFC 3339, UTC).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"updated_at": schema.StringAttribute{
				MarkdownDescription: "When the organization was last changed (RFC 3339, UTC).",
				Computed:            true,
			},
			// A Terraform setting, not part of the organization: the data sources leave it out.
			"deletion_protection": schema.BoolAttribute{
				MarkdownDescription: "When `true`, a plan that destroys this resource fails, before any call to Stytch and before " +
					"anything else in the plan is destroyed (such as the organization's members, connections and roles, " +
					"which Terraform destroys first). Deleting an organization deletes all its members, so turn this on " +
					"for organizations in production. To delete a protected organization, set it to `false` and apply " +
					"first. Defaults to `false`; it is a Terraform setting only and is not sent to Stytch.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
		},
	}
}
