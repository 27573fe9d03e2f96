package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
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
	_ resource.ResourceWithIdentity       = (*b2bOrganizationResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*b2bOrganizationResource)(nil)
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

// b2bOrganizationResourceModel is the resource's state: the organization plus
// the settings that exist only in Terraform.
type b2bOrganizationResourceModel struct {
	b2bOrganizationModel
	DeletionProtection types.Bool `tfsdk:"deletion_protection"`
}

// Schema is organizationResourceSchema, which the data sources derive theirs from.
func (r *b2bOrganizationResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = organizationResourceSchema()
}

// IdentitySchema: an organization is identified by its organization id.
func (r *b2bOrganizationResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"organization_id": organizationIDIdentityAttribute(""),
	}}
}

// ValidateConfig enforces, at plan time, the cross-field rules of Stytch that
// the configuration alone decides. Values not yet known are skipped.
func (r *b2bOrganizationResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg b2bOrganizationResourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	validateOrganizationRules(ctx, &cfg.b2bOrganizationModel, &resp.Diagnostics)
}

// Create creates the organization with one call.
func (r *b2bOrganizationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan b2bOrganizationResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	body, diags := plan.toCreateRequest(ctx)
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

	resp.Diagnostics.Append(plan.fromAPI(ctx, org)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, newOrganizationIdentity(org.OrganizationID), &resp.Diagnostics)
}

// Read refreshes every attribute from Stytch, so drift shows in the plan. An
// organization deleted outside Terraform is removed from state.
func (r *b2bOrganizationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state b2bOrganizationResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if state.DeletionProtection.IsNull() {
		state.DeletionProtection = types.BoolValue(false) // imported: the default
	}
	// After import, id holds what the user typed: an id, a slug or an external id.
	lookup := state.ID.ValueString()
	if !state.OrganizationID.IsNull() && state.OrganizationID.ValueString() != "" {
		lookup = state.OrganizationID.ValueString()
	}
	org, err := r.client.GetOrganization(ctx, lookup)
	if stytch.IsNotFound(err) {
		tflog.Warn(ctx, "Stytch B2B organization not found; removing it from state", map[string]any{"organization": lookup})
		removeResource(ctx, resp, newOrganizationIdentity(lookup))
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Read", describeOrg(state.OrganizationSlug.ValueString(), lookup), err)
		return
	}
	resp.Diagnostics.Append(state.fromAPI(ctx, org)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	setIdentity(ctx, resp.Identity, newOrganizationIdentity(org.OrganizationID), &resp.Diagnostics)
}

// Update sends one PUT with the fields that changed. Clearing the external id
// uses Stytch's dedicated endpoint instead.
func (r *b2bOrganizationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state b2bOrganizationResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	body, diags := plan.toUpdateRequest(ctx, &state.b2bOrganizationModel)
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
	if plan.clearsExternalID(&state.b2bOrganizationModel) {
		if org, err = r.client.DeleteOrganizationExternalID(ctx, id); err != nil {
			addAPIError(&resp.Diagnostics, "Update", who+" (removing its external id)", err)
			return
		}
	}
	if org == nil {
		// Nothing to send to Stytch (only deletion_protection changed, or values
		// whose Stytch form is unchanged): read the organization so that state
		// still mirrors the API.
		if org, err = r.client.GetOrganization(ctx, id); err != nil {
			addAPIError(&resp.Diagnostics, "Update", who, err)
			return
		}
	}
	resp.Diagnostics.Append(plan.fromAPI(ctx, org)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, newOrganizationIdentity(org.OrganizationID), &resp.Diagnostics)
}

// ModifyPlan refuses a plan that destroys a protected organization. The
// refusal comes at plan time, so that the whole plan fails: refused only in
// Delete, it would come after Terraform had destroyed what depends on the
// organization (its members, connections and roles) in the same apply.
func (r *b2bOrganizationResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if !req.Plan.Raw.IsNull() || req.State.Raw.IsNull() {
		return
	}
	var state b2bOrganizationResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if !resp.Diagnostics.HasError() && state.DeletionProtection.ValueBool() {
		addDeletionProtectedError(&resp.Diagnostics, &state, "this plan destroys it")
	}
}

// addDeletionProtectedError is the error of a destroy of a protected
// organization; why says what would have destroyed it.
func addDeletionProtectedError(diags *diag.Diagnostics, state *b2bOrganizationResourceModel, why string) {
	diags.AddError("B2B Organization Is Protected From Deletion",
		fmt.Sprintf("Organization %s has deletion_protection = true, but %s; nothing was changed and no call was made to Stytch. "+
			"Deleting an organization deletes all its members. If you really mean to delete it, set "+
			"deletion_protection = false (in its configuration, restored if you removed it), run terraform apply, "+
			"and then remove or destroy it.",
			describeOrg(state.OrganizationSlug.ValueString(), state.OrganizationID.ValueString()), why))
}

// Delete deletes the organization and all its members. An organization already
// gone counts as deleted. The framework removes the state afterwards.
func (r *b2bOrganizationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state b2bOrganizationResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.OrganizationID.ValueString()
	// ModifyPlan refuses such a plan already; this guards a plan made by a
	// CLI that does not plan destroys with the provider.
	if state.DeletionProtection.ValueBool() {
		addDeletionProtectedError(&resp.Diagnostics, &state, "it was about to be deleted")
		return
	}
	err := r.client.DeleteOrganization(ctx, id)
	if err != nil && !stytch.IsNotFound(err) {
		addAPIError(&resp.Diagnostics, "Delete", describeOrg(state.OrganizationSlug.ValueString(), id), err)
		return
	}
	tflog.Info(ctx, "Deleted Stytch B2B organization", map[string]any{"organization_id": id})
}

// ImportState accepts an organization id, slug or external id, as an id
// string or as the identity's organization_id; Read resolves it and records
// the real organization id.
func (r *b2bOrganizationResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	ids, byIdentity := importIdentity[organizationIdentity](ctx, req, "stytch_b2b_organization", &resp.Diagnostics)
	if byIdentity {
		if !resp.Diagnostics.HasError() {
			resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), ids.OrganizationID)...)
		}
		return
	}
	if req.ID == "" {
		resp.Diagnostics.AddError("Invalid Import ID",
			"Import needs an organization id (organization-test-...), slug or external id, for example: "+
				"terraform import stytch_b2b_organization.example acme-corp")
		return
	}
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
}

// validateOrganizationRules checks Stytch's cross-field rules (DESIGN.md, "Validation rules")
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
