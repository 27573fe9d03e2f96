package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

var (
	_ resource.Resource                = (*b2bOrganizationSSOSettingsResource)(nil)
	_ resource.ResourceWithConfigure   = (*b2bOrganizationSSOSettingsResource)(nil)
	_ resource.ResourceWithImportState = (*b2bOrganizationSSOSettingsResource)(nil)
	_ resource.ResourceWithIdentity    = (*b2bOrganizationSSOSettingsResource)(nil)
)

// b2bOrganizationSSOSettingsResource manages the two organization settings
// that name the organization's own SSO connections. They cannot be arguments
// of stytch_b2b_organization: a connection is created after its organization,
// so the organization could only reference it through a dependency cycle.
// This resource depends on both and is the one writer of the two fields.
type b2bOrganizationSSOSettingsResource struct {
	client *stytch.Client
}

// NewB2BOrganizationSSOSettingsResource returns the stytch_b2b_organization_sso_settings resource.
func NewB2BOrganizationSSOSettingsResource() resource.Resource {
	return &b2bOrganizationSSOSettingsResource{}
}

type b2bOrganizationSSOSettingsModel struct {
	ID                                types.String `tfsdk:"id"`
	OrganizationID                    types.String `tfsdk:"organization_id"`
	DefaultConnectionID               types.String `tfsdk:"default_connection_id"`
	JITProvisioningAllowedConnections types.Set    `tfsdk:"jit_provisioning_allowed_connections"`
}

func (r *b2bOrganizationSSOSettingsResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_b2b_organization_sso_settings"
}

func (r *b2bOrganizationSSOSettingsResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFromProviderData(req.ProviderData, resp.Diagnostics.AddError)
}

func (r *b2bOrganizationSSOSettingsResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The SSO settings of a Stytch B2B organization that name its SSO connections: the default " +
			"connection and the connections that may JIT-provision members. Declare it after the organization and its " +
			"connections, so that nothing references itself. It is the only writer of these two organization fields " +
			"(`stytch_b2b_organization` shows them read-only); destroying it clears both in Stytch.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The organization id, the same as `organization_id`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"organization_id": schema.StringAttribute{
				MarkdownDescription: "The id of the organization, such as `stytch_b2b_organization.acme.organization_id`. " +
					"Changing it moves the settings: they are cleared in the old organization and set in the new one.",
				Required:      true,
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"default_connection_id": schema.StringAttribute{
				MarkdownDescription: "The connection used by default when the organization has several, such as " +
					"`stytch_b2b_saml_connection.okta.connection_id`. It must be an active connection of the organization. " +
					"Omitting it clears the default.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"jit_provisioning_allowed_connections": schema.SetAttribute{
				MarkdownDescription: "The connections that may JIT-provision new members when the organization's " +
					"`sso_jit_provisioning` is `RESTRICTED`; each must be an active connection of the organization. " +
					"Omitting it, or removing it from the configuration, clears the list in Stytch.",
				ElementType: types.StringType,
				Optional:    true,
				Computed:    true,
				Default:     setdefault.StaticValue(types.SetValueMust(types.StringType, []attr.Value{})),
				Validators:  []validator.Set{setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
			},
		},
	}
}

// IdentitySchema: an organization has one set of SSO settings, identified by
// the organization's id.
func (r *b2bOrganizationSSOSettingsResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"organization_id": organizationIDIdentityAttribute(" whose SSO settings these are"),
	}}
}

// apply writes both settings with one call: the configuration is the whole
// truth, so a default removed from it is cleared ("" clears it in Stytch).
func (r *b2bOrganizationSSOSettingsResource) apply(ctx context.Context, plan *b2bOrganizationSSOSettingsModel, operation string, diags *diag.Diagnostics) {
	body := settingsUpdate(ctx, plan.DefaultConnectionID.ValueString(), setStrings(ctx, plan.JITProvisioningAllowedConnections, diags))
	if diags.HasError() {
		return
	}
	org, err := r.client.UpdateOrganization(ctx, plan.OrganizationID.ValueString(), body)
	if err != nil {
		addObjectAPIError(diags, "Unable to "+operation+" B2B Organization SSO Settings",
			fmt.Sprintf("Stytch did not set the SSO settings of organization %s.", plan.OrganizationID.ValueString()), err)
		return
	}
	plan.fromAPI(ctx, org, diags)
}

// settingsUpdate is the Update body that sets both fields.
func settingsUpdate(_ context.Context, defaultConnection string, allowed []string) stytch.UpdateRequest {
	if allowed == nil {
		allowed = []string{}
	}
	return stytch.UpdateRequest{SSODefaultConnectionID: &defaultConnection, SSOJITProvisioningAllowedConnections: &allowed}
}

func (m *b2bOrganizationSSOSettingsModel) fromAPI(ctx context.Context, org *stytch.Organization, diags *diag.Diagnostics) {
	m.ID = types.StringValue(org.OrganizationID)
	m.OrganizationID = types.StringValue(org.OrganizationID)
	m.DefaultConnectionID = types.StringNull()
	if org.SSODefaultConnectionID != nil && *org.SSODefaultConnectionID != "" {
		m.DefaultConnectionID = types.StringValue(*org.SSODefaultConnectionID)
	}
	m.JITProvisioningAllowedConnections = stringSet(ctx, org.SSOJITProvisioningAllowedConnections, diags)
}

func (r *b2bOrganizationSSOSettingsResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.write(ctx, req.Plan, &resp.State, resp.Identity, "Create", &resp.Diagnostics)
}

// Read refreshes both settings from the organization; an organization deleted
// outside Terraform takes its settings with it.
func (r *b2bOrganizationSSOSettingsResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state b2bOrganizationSSOSettingsModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	lookup := state.OrganizationID.ValueString()
	if lookup == "" {
		lookup = state.ID.ValueString() // after import: an id or a slug
	}
	org, err := r.client.GetOrganization(ctx, lookup)
	if stytch.IsNotFound(err) {
		tflog.Warn(ctx, "Stytch B2B organization not found; removing its SSO settings from state", map[string]any{"organization": lookup})
		removeResource(ctx, resp, newOrganizationIdentity(lookup))
		return
	}
	if err != nil {
		addObjectAPIError(&resp.Diagnostics, "Unable to Read B2B Organization SSO Settings",
			fmt.Sprintf("Stytch did not read organization %s.", lookup), err)
		return
	}
	state.fromAPI(ctx, org, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	setIdentity(ctx, resp.Identity, newOrganizationIdentity(org.OrganizationID), &resp.Diagnostics)
}

func (r *b2bOrganizationSSOSettingsResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.write(ctx, req.Plan, &resp.State, resp.Identity, "Update", &resp.Diagnostics)
}

// write is Create and Update: both set the two fields to the plan with one call.
func (r *b2bOrganizationSSOSettingsResource) write(ctx context.Context, p tfsdk.Plan, state *tfsdk.State, identity *tfsdk.ResourceIdentity,
	operation string, diags *diag.Diagnostics,
) {
	var plan b2bOrganizationSSOSettingsModel
	diags.Append(p.Get(ctx, &plan)...)
	if diags.HasError() {
		return
	}
	r.apply(ctx, &plan, operation, diags)
	if diags.HasError() {
		return
	}
	diags.Append(state.Set(ctx, &plan)...)
	// apply set plan from Stytch's answer: organization_id is the id.
	setIdentity(ctx, identity, newOrganizationIdentity(plan.OrganizationID.ValueString()), diags)
}

// Delete clears both settings. An organization already gone has none.
func (r *b2bOrganizationSSOSettingsResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state b2bOrganizationSSOSettingsModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	_, err := r.client.UpdateOrganization(ctx, state.OrganizationID.ValueString(), settingsUpdate(ctx, "", nil))
	if err != nil && !stytch.IsNotFound(err) {
		addObjectAPIError(&resp.Diagnostics, "Unable to Delete B2B Organization SSO Settings",
			fmt.Sprintf("Stytch did not clear the SSO settings of organization %s.", state.OrganizationID.ValueString()), err)
	}
}

// ImportState accepts the organization's id or slug, as an id string or as
// the identity's organization_id; Read records its id.
func (r *b2bOrganizationSSOSettingsResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	ids, byIdentity := importIdentity[organizationIdentity](ctx, req, "stytch_b2b_organization_sso_settings", &resp.Diagnostics)
	if byIdentity {
		if !resp.Diagnostics.HasError() {
			resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), ids.OrganizationID)...)
		}
		return
	}
	if req.ID == "" {
		resp.Diagnostics.AddError("Invalid Import ID",
			"Import needs the organization's id (organization-test-...) or slug, for example: "+
				"terraform import stytch_b2b_organization_sso_settings.acme acme-corp")
		return
	}
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
}
