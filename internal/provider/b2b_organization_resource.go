package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/defaults"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// Ensure the resource satisfies the framework interfaces.
var (
	_ resource.Resource                   = (*b2bOrganizationResource)(nil)
	_ resource.ResourceWithConfigure      = (*b2bOrganizationResource)(nil)
	_ resource.ResourceWithImportState    = (*b2bOrganizationResource)(nil)
	_ resource.ResourceWithValidateConfig = (*b2bOrganizationResource)(nil)
)

var pathTrustedMetadata = path.Root("trusted_metadata")

// b2bOrganizationResource manages one Stytch B2B organization.
type b2bOrganizationResource struct {
	client *stytch.Client
}

// NewB2BOrganizationResource returns the stytch_b2b_organization resource.
func NewB2BOrganizationResource() resource.Resource {
	return &b2bOrganizationResource{}
}

// Metadata names the resource stytch_b2b_organization.
func (r *b2bOrganizationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_b2b_organization"
}

// Configure receives the provider's API client.
func (r *b2bOrganizationResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFromProviderData(req.ProviderData, resp.Diagnostics.AddError)
}

// emptyStringSet is the default of list arguments: omitting one means "none",
// so removing it from the configuration clears it in Stytch.
func emptyStringSet() defaults.Set {
	return setdefault.StaticValue(types.SetValueMust(types.StringType, []attr.Value{}))
}

// enumAttribute is an Optional+Computed setting that Stytch defaults.
func enumAttribute(description string, values []string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: description + " " + enumDescription(values) +
			" When omitted, Stytch's default applies when the organization is created and the current value is kept afterwards.",
		Optional:      true,
		Computed:      true,
		Validators:    []validator.String{stringvalidator.OneOf(values...)},
		PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
}

// listAttribute is an Optional+Computed set of strings that defaults to empty.
func listAttribute(description string, elementValidators ...validator.String) schema.SetAttribute {
	a := schema.SetAttribute{
		MarkdownDescription: description + " Omitting it, or removing it from the configuration, clears the list in Stytch.",
		ElementType:         types.StringType,
		Optional:            true,
		Computed:            true,
		Default:             emptyStringSet(),
	}
	if len(elementValidators) > 0 {
		a.Validators = []validator.Set{setvalidator.ValueStringsAre(elementValidators...)}
	}
	return a
}

// Schema mirrors the body of Stytch's Create Organization call, plus the
// update-only SSO settings and the read-only fields of the Organization object.
func (r *b2bOrganizationResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages a Stytch B2B [organization](https://stytch.com/docs/b2b/api/organization-object): " +
			"its name, slug, metadata and authentication settings. Every argument is updated in place; nothing forces " +
			"replacement, because replacing an organization would delete all its members.\n\n" +
			"~> **Deleting this resource deletes the organization and all its members in Stytch.**",
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
					"`-` `.` `_` `~`, with at least one alphanumeric. Changing it renames the organization in place.",
				Required:   true,
				Validators: slugValidators(),
			},
			"organization_logo_url": schema.StringAttribute{
				MarkdownDescription: "The URL of the organization's logo (an absolute `http://` or `https://` URL). " +
					"Omitting it clears the logo.",
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString(""),
				Validators: []validator.String{httpURLValidator{}},
			},
			"organization_external_id": schema.StringAttribute{
				MarkdownDescription: "Your own unique identifier for the organization (alphanumerics and `.` `_` `-` `|`, " +
					"at most 128 characters). Omitting it removes the external id.",
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString(""),
				Validators: externalIDValidators(),
			},
			"trusted_metadata": schema.StringAttribute{
				MarkdownDescription: "Arbitrary JSON object stored with the organization, written with `jsonencode({...})`. " +
					"Key order and formatting do not cause a diff. The configuration is authoritative: a top-level key " +
					"removed from it is deleted in Stytch. At most 20 top-level keys and 4 KB. Defaults to `{}`.",
				CustomType: jsontypes.NormalizedType{},
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString("{}"),
				Validators: []validator.String{metadataValidator{}},
			},
			"mfa_policy": enumAttribute("Whether members must use multi-factor authentication.", stytch.MFAPolicyValues),
			"email_jit_provisioning": enumAttribute("Whether members with a verified email of `email_allowed_domains` may join "+
				"by JIT provisioning (`RESTRICTED`).", stytch.EmailJITProvisioningValues),
			"email_invites": enumAttribute("Who may be invited by email: anyone (`ALL_ALLOWED`), only addresses of "+
				"`email_allowed_domains` (`RESTRICTED`), or nobody.", stytch.EmailInvitesValues),
			"email_allowed_domains": listAttribute("Email domains (such as `example.com`) used by `email_jit_provisioning` and "+
				"`email_invites` when they are `RESTRICTED`. Stytch rejects common public domains such as `gmail.com`.", domainValidator()),
			"sso_jit_provisioning": enumAttribute("Which SSO connections may JIT-provision new members.", stytch.SSOJITProvisioningValues),
			"sso_jit_provisioning_allowed_connections": listAttribute("SSO connection ids that may JIT-provision members when " +
				"`sso_jit_provisioning` is `RESTRICTED`. Stytch accepts this setting on update only, so on create the provider " +
				"sets it with a second call; the connections must belong to the organization."),
			"sso_default_connection_id": schema.StringAttribute{
				MarkdownDescription: "The SSO connection used by default when the organization has several. It must be one of " +
					"the organization's connections, so it can be set only once they exist. When omitted, Stytch's value is kept.",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"auth_methods": enumAttribute("Whether members may use every authentication method (`ALL_ALLOWED`) or only "+
				"`allowed_auth_methods` (`RESTRICTED`).", stytch.AuthMethodsValues),
			"allowed_auth_methods": listAttribute("Authentication methods allowed when `auth_methods` is `RESTRICTED` (required "+
				"then). "+enumDescription(stytch.AllowedAuthMethodValues), stringvalidator.OneOf(stytch.AllowedAuthMethodValues...)),
			"mfa_methods": enumAttribute("Whether members may use every MFA method (`ALL_ALLOWED`) or only "+
				"`allowed_mfa_methods` (`RESTRICTED`).", stytch.MFAMethodsValues),
			"allowed_mfa_methods": listAttribute("MFA methods allowed when `mfa_methods` is `RESTRICTED` (required then). "+
				enumDescription(stytch.AllowedMFAMethodValues), stringvalidator.OneOf(stytch.AllowedMFAMethodValues...)),
			"rbac_email_implicit_role_assignments": schema.SetNestedAttribute{
				MarkdownDescription: "Roles granted implicitly to members whose verified email is in a domain. " +
					"Omitting it, or removing it from the configuration, removes every assignment in Stytch.",
				Optional: true,
				Computed: true,
				Default:  setdefault.StaticValue(types.SetValueMust(types.ObjectType{AttrTypes: roleAssignmentAttrTypes}, []attr.Value{})),
				NestedObject: schema.NestedAttributeObject{
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
				},
			},
			"oauth_tenant_jit_provisioning": enumAttribute("Whether users of `allowed_oauth_tenants` may join by JIT "+
				"provisioning (`RESTRICTED`).", stytch.OAuthTenantJITProvisioningValues),
			"allowed_oauth_tenants": schema.MapAttribute{
				MarkdownDescription: "OAuth tenants whose users may join when `oauth_tenant_jit_provisioning` is `RESTRICTED`: " +
					"a map from provider to a set of tenant ids, such as `{ slack = [\"T0123ABCD\"] }`. " +
					"The keys must be " + enumDescription(stytch.OAuthTenantProviders)[len("One of "):] +
					" Omitting it, or removing it from the configuration, removes every tenant in Stytch.",
				ElementType: oauthTenantsElemType,
				Optional:    true,
				Computed:    true,
				Default:     mapdefault.StaticValue(types.MapValueMust(oauthTenantsElemType, map[string]attr.Value{})),
				Validators: []validator.Map{
					mapvalidator.KeysAre(stringvalidator.OneOf(stytch.OAuthTenantProviders...)),
					mapvalidator.ValueSetsAre(setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))),
				},
			},
			"claimed_email_domains": listAttribute("Email domains this organization claims (verified ownership). A domain can be "+
				"claimed by one organization of the project only.", domainValidator()),
			"first_party_connected_apps_allowed_type": enumAttribute("Which first-party Connected Apps members may use.",
				stytch.ConnectedAppsAllowedTypeValues),
			"allowed_first_party_connected_apps": listAttribute("First-party Connected App ids allowed when " +
				"`first_party_connected_apps_allowed_type` is `RESTRICTED`."),
			"third_party_connected_apps_allowed_type": enumAttribute("Which third-party Connected Apps members may use.",
				stytch.ConnectedAppsAllowedTypeValues),
			"allowed_third_party_connected_apps": listAttribute("Third-party Connected App ids allowed when " +
				"`third_party_connected_apps_allowed_type` is `RESTRICTED`."),
			"sso_active_connections": schema.ListNestedAttribute{
				MarkdownDescription: "The organization's active SSO connections (managed with Stytch's SSO endpoints, read-only here).",
				Computed:            true,
				PlanModifiers:       []planmodifier.List{listplanmodifier.UseStateForUnknown()},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"connection_id":     schema.StringAttribute{Computed: true, MarkdownDescription: "The connection id."},
					"display_name":      schema.StringAttribute{Computed: true, MarkdownDescription: "The connection's display name."},
					"identity_provider": schema.StringAttribute{Computed: true, MarkdownDescription: "The identity provider, such as `okta`."},
				}},
			},
			"scim_active_connection": schema.SingleNestedAttribute{
				MarkdownDescription: "The organization's active SCIM connection, or null (read-only).",
				Computed:            true,
				PlanModifiers:       []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
				Attributes: map[string]schema.Attribute{
					"connection_id":           schema.StringAttribute{Computed: true, MarkdownDescription: "The connection id."},
					"display_name":            schema.StringAttribute{Computed: true, MarkdownDescription: "The connection's display name."},
					"bearer_token_last_four":  schema.StringAttribute{Computed: true, MarkdownDescription: "The last four characters of the SCIM bearer token."},
					"bearer_token_expires_at": schema.StringAttribute{Computed: true, MarkdownDescription: "When the bearer token expires (RFC 3339), or empty."},
				},
			},
			"custom_roles": schema.ListNestedAttribute{
				MarkdownDescription: "Organization-scoped RBAC roles (managed with Stytch's RBAC endpoints, read-only here).",
				Computed:            true,
				PlanModifiers:       []planmodifier.List{listplanmodifier.UseStateForUnknown()},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"role_id":     schema.StringAttribute{Computed: true, MarkdownDescription: "The role id."},
					"description": schema.StringAttribute{Computed: true, MarkdownDescription: "The role's description."},
					"permissions": schema.ListNestedAttribute{
						Computed:            true,
						MarkdownDescription: "What the role may do.",
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"resource_id": schema.StringAttribute{Computed: true, MarkdownDescription: "The RBAC resource."},
							"actions":     schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "The actions allowed on it."},
						}},
					},
				}},
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
		},
	}
}

// ValidateConfig enforces, at plan time, the cross-field rules of Stytch that
// the configuration alone decides. Values not yet known are skipped.
func (r *b2bOrganizationResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg b2bOrganizationModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	validateOrganizationRules(ctx, &cfg, &resp.Diagnostics)
}

// Create creates the organization, then sets the update-only SSO settings if
// the configuration has them.
func (r *b2bOrganizationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan b2bOrganizationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	body, diags := plan.toCreateRequest(ctx)
	resp.Diagnostics.Append(diags...)
	extra, diags := plan.createOnlyUpdate(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	org, err := r.client.CreateOrganization(ctx, body)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Create", describeOrg(body.OrganizationSlug, ""), err)
		return
	}
	tflog.Info(ctx, "Created Stytch B2B organization", map[string]any{"organization_id": org.OrganizationID, "organization_slug": org.OrganizationSlug})

	if !extra.IsEmpty() {
		updated, err := r.client.UpdateOrganization(ctx, org.OrganizationID, extra)
		if err != nil {
			// The organization exists: record it (Terraform marks it tainted) so it
			// is not orphaned, and say why the second step failed.
			resp.Diagnostics.Append(plan.fromAPI(ctx, org)...)
			resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
			addAPIError(&resp.Diagnostics, "Create", describeOrg(org.OrganizationSlug, org.OrganizationID)+
				" completely: it was created, but its SSO settings (sso_default_connection_id, "+
				"sso_jit_provisioning_allowed_connections) were refused; the organization is kept in state as tainted", err)
			return
		}
		org = updated
	}

	resp.Diagnostics.Append(plan.fromAPI(ctx, org)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Read refreshes every attribute from Stytch, so drift shows in the plan. An
// organization deleted outside Terraform is removed from state.
func (r *b2bOrganizationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state b2bOrganizationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// After import, id holds what the user typed: an id, a slug or an external id.
	lookup := state.ID.ValueString()
	if !state.OrganizationID.IsNull() && state.OrganizationID.ValueString() != "" {
		lookup = state.OrganizationID.ValueString()
	}
	org, err := r.client.GetOrganization(ctx, lookup)
	if stytch.IsNotFound(err) {
		tflog.Warn(ctx, "Stytch B2B organization not found; removing it from state", map[string]any{"organization": lookup})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Read", describeOrg(state.OrganizationSlug.ValueString(), lookup), err)
		return
	}
	resp.Diagnostics.Append(state.fromAPI(ctx, org)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update sends one PUT with the fields that changed. Clearing the external id
// uses Stytch's dedicated endpoint instead.
func (r *b2bOrganizationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state b2bOrganizationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	body, diags := plan.toUpdateRequest(ctx, &state)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.OrganizationID.ValueString()
	who := describeOrg(state.OrganizationSlug.ValueString(), id)

	var org *stytch.Organization
	var err error
	if !body.IsEmpty() {
		if org, err = r.client.UpdateOrganization(ctx, id, body); err != nil {
			addAPIError(&resp.Diagnostics, "Update", who, err)
			return
		}
	}
	if plan.clearsExternalID(&state) {
		if org, err = r.client.DeleteOrganizationExternalID(ctx, id); err != nil {
			addAPIError(&resp.Diagnostics, "Update", who+" (removing its external id)", err)
			return
		}
	}
	if org == nil {
		// Nothing to send (only values that equal Stytch's changed form); read the
		// organization so that state still mirrors the API.
		if org, err = r.client.GetOrganization(ctx, id); err != nil {
			addAPIError(&resp.Diagnostics, "Update", who, err)
			return
		}
	}
	resp.Diagnostics.Append(plan.fromAPI(ctx, org)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Delete deletes the organization and all its members. An organization already
// gone counts as deleted. The framework removes the state afterwards.
func (r *b2bOrganizationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state b2bOrganizationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.OrganizationID.ValueString()
	err := r.client.DeleteOrganization(ctx, id)
	if err != nil && !stytch.IsNotFound(err) {
		addAPIError(&resp.Diagnostics, "Delete", describeOrg(state.OrganizationSlug.ValueString(), id), err)
		return
	}
	tflog.Info(ctx, "Deleted Stytch B2B organization", map[string]any{"organization_id": id})
}

// ImportState accepts an organization id, slug or external id; Read resolves
// it and records the real organization id.
func (r *b2bOrganizationResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if req.ID == "" {
		resp.Diagnostics.AddError("Invalid Import ID",
			"Import needs an organization id (organization-test-...), slug or external id, for example: "+
				"terraform import stytch_b2b_organization.example acme-corp")
		return
	}
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
}

// validateOrganizationRules checks Stytch's cross-field rules (spec section 7)
// on a configuration. Unknown values are skipped: they are checked by Stytch.
func validateOrganizationRules(_ context.Context, cfg *b2bOrganizationModel, diags interface {
	AddAttributeError(path.Path, string, string)
},
) {
	known := func(v interface{ IsUnknown() bool }) bool { return !v.IsUnknown() }
	empty := func(s types.Set) bool { return s.IsNull() || len(s.Elements()) == 0 }
	is := func(v types.String, want string) bool { return known(v) && !v.IsNull() && v.ValueString() == want }

	if is(cfg.AuthMethods, "RESTRICTED") && known(cfg.AllowedAuthMethods) && empty(cfg.AllowedAuthMethods) {
		diags.AddAttributeError(path.Root("allowed_auth_methods"), "Missing Allowed Auth Methods",
			"auth_methods is \"RESTRICTED\", so allowed_auth_methods must list at least one method "+
				"(Stytch's rule allowed_auth_methods_required_for_restricted). Add methods or set auth_methods = \"ALL_ALLOWED\".")
	}
	if is(cfg.MFAMethods, "RESTRICTED") && known(cfg.AllowedMFAMethods) && empty(cfg.AllowedMFAMethods) {
		diags.AddAttributeError(path.Root("allowed_mfa_methods"), "Missing Allowed MFA Methods",
			"mfa_methods is \"RESTRICTED\", so allowed_mfa_methods must list at least one method "+
				"(Stytch's rule allowed_mfa_methods_required_for_restricted). Add methods or set mfa_methods = \"ALL_ALLOWED\".")
	}
	if known(cfg.EmailAllowedDomains) && empty(cfg.EmailAllowedDomains) {
		for _, f := range []struct {
			name  string
			value types.String
		}{{"email_invites", cfg.EmailInvites}, {"email_jit_provisioning", cfg.EmailJITProvisioning}} {
			if is(f.value, "RESTRICTED") {
				diags.AddAttributeError(path.Root("email_allowed_domains"), "Missing Email Allowed Domains",
					fmt.Sprintf("%s is \"RESTRICTED\", which limits it to email_allowed_domains, but no domain is listed. "+
						"Add domains to email_allowed_domains or change %s.", f.name, f.name))
			}
		}
	}
	if is(cfg.SSOJITProvisioning, "NOT_ALLOWED") && is(cfg.EmailJITProvisioning, "NOT_ALLOWED") && is(cfg.EmailInvites, "NOT_ALLOWED") {
		diags.AddAttributeError(path.Root("email_invites"), "No Way to Add Members",
			"sso_jit_provisioning, email_jit_provisioning and email_invites are all \"NOT_ALLOWED\"; Stytch requires at least "+
				"one of them to be \"RESTRICTED\" or \"ALL_ALLOWED\" so that the organization can gain members.")
	}
	if is(cfg.OAuthTenantJITProvisioning, "RESTRICTED") && oauthTenantsKnownEmpty(cfg.AllowedOAuthTenants) {
		diags.AddAttributeError(path.Root("allowed_oauth_tenants"), "Missing Allowed OAuth Tenants",
			"oauth_tenant_jit_provisioning is \"RESTRICTED\", so allowed_oauth_tenants must list at least one tenant "+
				"(slack, hubspot or github). Add tenants or set oauth_tenant_jit_provisioning = \"NOT_ALLOWED\".")
	}
}

// oauthTenantsKnownEmpty reports whether allowed_oauth_tenants is known to hold
// no tenant at all.
func oauthTenantsKnownEmpty(m types.Map) bool {
	return !m.IsUnknown() && (m.IsNull() || len(m.Elements()) == 0)
}
