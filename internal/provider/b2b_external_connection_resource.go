package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

var (
	_ resource.Resource                   = (*b2bExternalConnectionResource)(nil)
	_ resource.ResourceWithConfigure      = (*b2bExternalConnectionResource)(nil)
	_ resource.ResourceWithImportState    = (*b2bExternalConnectionResource)(nil)
	_ resource.ResourceWithIdentity       = (*b2bExternalConnectionResource)(nil)
	_ resource.ResourceWithValidateConfig = (*b2bExternalConnectionResource)(nil)
)

// b2bExternalConnectionResource manages one external SSO connection: a link
// that lets the members of an organization sign in through an active SAML or
// OIDC connection of another organization of the project. Unlike SAML and
// OIDC, Stytch's Create accepts every argument, so Create is one call.
type b2bExternalConnectionResource struct {
	client *stytch.Client
}

// NewB2BExternalConnectionResource returns the stytch_b2b_external_connection resource.
func NewB2BExternalConnectionResource() resource.Resource {
	return &b2bExternalConnectionResource{}
}

// b2bExternalConnectionModel is the resource's state.
type b2bExternalConnectionModel struct {
	ID                        types.String `tfsdk:"id"`
	OrganizationID            types.String `tfsdk:"organization_id"`
	ConnectionID              types.String `tfsdk:"connection_id"`
	Status                    types.String `tfsdk:"status"`
	ExternalOrganizationID    types.String `tfsdk:"external_organization_id"`
	ExternalConnectionID      types.String `tfsdk:"external_connection_id"`
	DisplayName               types.String `tfsdk:"display_name"`
	ConnectionRoleAssignments types.Set    `tfsdk:"external_connection_implicit_role_assignments"`
	GroupRoleAssignments      types.Set    `tfsdk:"external_group_implicit_role_assignments"`
}

func (r *b2bExternalConnectionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_b2b_external_connection"
}

func (r *b2bExternalConnectionResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFromProviderData(req.ProviderData, resp.Diagnostics.AddError)
}

func (r *b2bExternalConnectionResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	requiredID := func(description string) schema.StringAttribute {
		return schema.StringAttribute{
			MarkdownDescription: description,
			Required:            true,
			Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "An external SSO connection of a Stytch B2B organization: its members sign in through an " +
			"SSO connection that another organization of the same project owns, such as a parent company's SAML " +
			"connection shared with its subsidiaries. The shared connection must be active. Deleting the shared " +
			"connection, or its organization, deletes the external connections that link to it.\n\n" +
			"To make it the organization's default connection, or allow it to JIT-provision members, reference " +
			"`connection_id` from `stytch_b2b_organization_sso_settings`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The connection id, the same as `connection_id`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"organization_id": requiredID("The id of the organization whose members use the connection, such as " +
				"`stytch_b2b_organization.subsidiary.organization_id`. A connection cannot move: changing it replaces the connection."),
			"external_organization_id": requiredID("The id (not the slug) of the other organization, the one that owns " +
				"the shared connection, such as `stytch_b2b_organization.parent.organization_id`. It must differ from " +
				"`organization_id`. Changing it replaces the connection."),
			"external_connection_id": requiredID("The id of the shared SAML or OIDC connection of `external_organization_id`, " +
				"such as `stytch_b2b_saml_connection.parent.connection_id`; it must be active. Changing it replaces the connection."),
			"connection_id": schema.StringAttribute{
				MarkdownDescription: "The external connection's own id (`external-connection-test-...` or `external-connection-live-...`).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "Always `active`: Stytch requires the shared connection to be active.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"display_name": schema.StringAttribute{
				MarkdownDescription: "The connection's name, as members and the Stytch dashboard see it. Omitting it clears the name.",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(""),
			},
			"external_connection_implicit_role_assignments": connectionRoleAssignmentsAttribute(
				"Roles, in this organization, of every member who signs in through the connection. Stytch refuses " +
					"them when the shared connection is an OIDC connection."),
			"external_group_implicit_role_assignments": groupRoleAssignmentsAttribute(
				"Roles, in this organization, of the members whose IdP groups include `group`. The shared connection " +
					"must be a SAML connection whose `attribute_mapping` maps `groups`."),
		},
	}
}

// IdentitySchema: a connection is identified by its organization's id and
// its connection id.
func (r *b2bExternalConnectionResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"organization_id": organizationIDIdentityAttribute(" that uses the connection"),
		"connection_id":   objectIDIdentityAttribute("The connection id, such as `external-connection-test-...`."),
	}}
}

// ValidateConfig refuses at plan time a connection that links its own
// organization, which Stytch refuses with
// external_organization_id_same_as_organization_id.
func (r *b2bExternalConnectionResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var own, external types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("organization_id"), &own)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("external_organization_id"), &external)...)
	if resp.Diagnostics.HasError() || own.IsUnknown() || external.IsUnknown() || own.IsNull() || external.IsNull() {
		return
	}
	if own.ValueString() == external.ValueString() {
		resp.Diagnostics.AddAttributeError(path.Root("external_organization_id"), "External Connection Links Its Own Organization",
			fmt.Sprintf("external_organization_id and organization_id are both %q. An external connection shares a connection "+
				"of another organization: set external_organization_id to the id of the organization that owns the "+
				"connection to share. To use one of the organization's own connections, no external connection is needed.",
				own.ValueString()))
	}
}

// fromAPI overwrites every attribute Stytch returns. organization_id is left
// as configured (it may be a slug).
func (m *b2bExternalConnectionModel) fromAPI(conn *stytch.ExternalConnection, diags *diag.Diagnostics) {
	m.ID = types.StringValue(conn.ConnectionID)
	m.ConnectionID = types.StringValue(conn.ConnectionID)
	m.Status = types.StringValue(conn.Status)
	m.ExternalOrganizationID = types.StringValue(conn.ExternalOrganizationID)
	m.ExternalConnectionID = types.StringValue(conn.ExternalConnectionID)
	m.DisplayName = types.StringValue(conn.DisplayName)
	m.ConnectionRoleAssignments = connectionRoleAssignmentsFromAPI(conn.ExternalConnectionImplicitRoleAssignments, diags)
	m.GroupRoleAssignments = groupRoleAssignmentsFromAPI(conn.ExternalGroupImplicitRoleAssignments, diags)
}

// toCreateRequest is the Create body. Stytch names the role assignment lists
// connection_implicit_role_assignments and group_implicit_role_assignments
// here, and external_* on the connection and in Update; the client's request
// types carry the difference.
func (m *b2bExternalConnectionModel) toCreateRequest(ctx context.Context, diags *diag.Diagnostics) stytch.CreateExternalConnectionRequest {
	return stytch.CreateExternalConnectionRequest{
		ExternalOrganizationID:            m.ExternalOrganizationID.ValueString(),
		ExternalConnectionID:              m.ExternalConnectionID.ValueString(),
		DisplayName:                       m.DisplayName.ValueString(),
		ConnectionImplicitRoleAssignments: connectionRoleAssignmentsToAPI(ctx, m.ConnectionRoleAssignments, diags),
		GroupImplicitRoleAssignments:      groupRoleAssignmentsToAPI(ctx, m.GroupRoleAssignments, diags),
	}
}

// toUpdateRequest is the smallest PUT that turns state into plan; a list
// removed from the configuration is sent as [] to clear it.
func (m *b2bExternalConnectionModel) toUpdateRequest(ctx context.Context, state *b2bExternalConnectionModel, diags *diag.Diagnostics) stytch.UpdateExternalConnectionRequest {
	var req stytch.UpdateExternalConnectionRequest
	if !m.DisplayName.IsUnknown() && !m.DisplayName.Equal(state.DisplayName) {
		v := m.DisplayName.ValueString()
		req.DisplayName = &v
	}
	if !m.ConnectionRoleAssignments.IsUnknown() && !m.ConnectionRoleAssignments.Equal(state.ConnectionRoleAssignments) {
		v := connectionRoleAssignmentsToAPI(ctx, m.ConnectionRoleAssignments, diags)
		req.ExternalConnectionImplicitRoleAssignments = &v
	}
	if !m.GroupRoleAssignments.IsUnknown() && !m.GroupRoleAssignments.Equal(state.GroupRoleAssignments) {
		v := groupRoleAssignmentsToAPI(ctx, m.GroupRoleAssignments, diags)
		req.ExternalGroupImplicitRoleAssignments = &v
	}
	return req
}

// Create creates the connection with one call.
func (r *b2bExternalConnectionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan b2bExternalConnectionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	body := plan.toCreateRequest(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	organizationID := plan.OrganizationID.ValueString()
	conn, err := r.client.CreateExternalConnection(ctx, organizationID, body)
	if err != nil {
		addConnectionAPIError(&resp.Diagnostics, "Create", "external", organizationID, "", err)
		return
	}
	tflog.Info(ctx, "Created Stytch external connection", map[string]any{"organization_id": organizationID, "connection_id": conn.ConnectionID})
	plan.fromAPI(conn, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, newConnectionIdentity(answeredID(conn.OrganizationID, organizationID), conn.ConnectionID), &resp.Diagnostics)
}

// Read refreshes every attribute from the organization's list of connections.
// A connection deleted outside Terraform (also with the shared connection or
// either organization) is removed from state.
func (r *b2bExternalConnectionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state b2bExternalConnectionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	conn, found := listAndFindConnection(ctx, r.client, &resp.Diagnostics, "external", state.OrganizationID.ValueString(), state.ID.ValueString(),
		state.ConnectionID.ValueString(), (*stytch.SSOConnections).External)
	if resp.Diagnostics.HasError() {
		return
	}
	if !found {
		removeResource(ctx, resp, newConnectionIdentity(state.OrganizationID.ValueString(), state.ConnectionID.ValueString()))
		return
	}
	if state.ID.ValueString() != state.ConnectionID.ValueString() {
		// Just imported: record the organization's id (see the OIDC resource).
		state.OrganizationID = types.StringValue(conn.OrganizationID)
	}
	state.fromAPI(conn, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	setIdentity(ctx, resp.Identity, newConnectionIdentity(answeredID(conn.OrganizationID, state.OrganizationID.ValueString()), conn.ConnectionID), &resp.Diagnostics)
}

// Update sends one PUT with the fields that changed: the display name and the
// role assignments are the only updatable ones.
func (r *b2bExternalConnectionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state b2bExternalConnectionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	body := plan.toUpdateRequest(ctx, &state, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	organizationID, connectionID := state.OrganizationID.ValueString(), state.ConnectionID.ValueString()
	conn, err := r.client.UpdateExternalConnection(ctx, organizationID, connectionID, body)
	if err != nil {
		addConnectionAPIError(&resp.Diagnostics, "Update", "external", organizationID, connectionID, err)
		return
	}
	plan.fromAPI(conn, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, newConnectionIdentity(answeredID(conn.OrganizationID, organizationID), conn.ConnectionID), &resp.Diagnostics)
}

// Delete deletes the connection; one already gone counts as deleted.
func (r *b2bExternalConnectionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state b2bExternalConnectionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	deleteConnectionOrReport(ctx, r.client, &resp.Diagnostics, "external", state.OrganizationID.ValueString(), state.ConnectionID.ValueString())
}

// ImportState takes ORGANIZATION/CONNECTION_ID or an identity, like the OIDC
// resource.
func (r *b2bExternalConnectionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importConnectionID(ctx, req, resp, "stytch_b2b_external_connection", "external-connection-test-...")
}
