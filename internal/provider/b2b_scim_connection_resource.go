package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

var (
	_ resource.Resource                = (*b2bSCIMConnectionResource)(nil)
	_ resource.ResourceWithConfigure   = (*b2bSCIMConnectionResource)(nil)
	_ resource.ResourceWithImportState = (*b2bSCIMConnectionResource)(nil)
	_ resource.ResourceWithIdentity    = (*b2bSCIMConnectionResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*b2bSCIMConnectionResource)(nil)
)

// b2bSCIMConnectionResource manages the SCIM connection of an organization,
// of which Stytch allows one. Stytch generates the connection's bearer token
// and answers it only when the connection is created and when a rotation
// starts, so the resource keeps it in state and replaces it by rotating when
// rotation_trigger changes.
type b2bSCIMConnectionResource struct {
	client *stytch.Client
}

// NewB2BSCIMConnectionResource returns the stytch_b2b_scim_connection resource.
func NewB2BSCIMConnectionResource() resource.Resource {
	return &b2bSCIMConnectionResource{}
}

// scimTypeName is the resource's type name, which the import instructions
// of the diagnostics spell out.
const scimTypeName = "stytch_b2b_scim_connection"

func (r *b2bSCIMConnectionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_b2b_scim_connection"
}

func (r *b2bSCIMConnectionResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFromProviderData(req.ProviderData, resp.Diagnostics.AddError)
}

// Notes that end argument descriptions; the data source cuts them
// (scimResourceNotes), since its attributes are read, not configured.
const (
	noteSCIMReplaces      = " Changing it replaces the connection: a connection cannot move, and the new one has a new id, `base_url` and token for the IdP."
	noteSCIMClearsName    = " Omitting it sets it to `\"\"` in Stytch."
	noteSCIMIdPDefault    = " Defaults to `generic`; omitting it sets it back to `generic` in Stytch. A change is made in place."
	noteSCIMAssignments   = " Omitting it, or removing it from the configuration, removes every assignment in Stytch."
	noteSCIMTokenComputed = " Kept from state until `rotation_trigger` changes."
)

// scimResourceNotes are the resource notes, for the data source to cut.
var scimResourceNotes = []string{noteSCIMReplaces, noteSCIMClearsName, noteSCIMIdPDefault, noteSCIMAssignments, noteSCIMTokenComputed}

// scimTokenInStateText is what the resource's description says about the
// bearer token in state; the documentation page repeats it.
const scimTokenInStateText = "**The bearer token is kept in state.** Stytch returns it only in the answer that creates the " +
	"connection and in the answer that starts a token rotation; every later read shows only its last four characters. " +
	"The provider therefore stores `bearer_token` in state, marked sensitive (hidden in plans and output, but in the " +
	"state file in clear text), so that it can be handed to the IdP. Protect the state: keep it in a backend that " +
	"encrypts it at rest and restricts who may read it (such as S3 with server-side encryption, Google Cloud Storage, " +
	"azurerm or HCP Terraform), or use OpenTofu's state encryption. To replace the token, change `rotation_trigger`: " +
	"the token is rotated in place, the new one reaches state and the old one stops working."

// scimResourceSchema is the schema of stytch_b2b_scim_connection: the
// arguments of Stytch's Create and Update, rotation_trigger, and the
// connection's read-only fields with the token.
func scimResourceSchema() schema.Schema {
	useState := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	tokenModifiers := []planmodifier.String{keepUnlessRotating{}}
	return schema.Schema{
		MarkdownDescription: "The SCIM connection of a Stytch B2B organization: the customer's identity provider (IdP) " +
			"creates, updates and deactivates the organization's members through Stytch's SCIM API. Give the IdP " +
			"`base_url` and `bearer_token`. An organization has at most one SCIM connection; to manage one that exists " +
			"already, import it.\n\n" + scimTokenInStateText + "\n\n" +
			"**Group role assignments** can only name groups the customer's IdP has already pushed to Stytch through " +
			"this connection, so they come in an apply after the connection exists and the IdP has synchronized; the " +
			"`stytch_b2b_scim_connection` data source lists the groups with their ids.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The connection id, the same as `connection_id`.",
				Computed:            true,
				PlanModifiers:       useState,
			},
			"organization_id": schema.StringAttribute{
				MarkdownDescription: "The id of the organization, such as `stytch_b2b_organization.acme.organization_id`: " +
					"its id, not its slug." + noteSCIMReplaces,
				Required:      true,
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"connection_id": schema.StringAttribute{
				MarkdownDescription: "The connection id assigned by Stytch, such as `scim-connection-test-...`.",
				Computed:            true,
				PlanModifiers:       useState,
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "The connection's status, `active` for a connection that exists.",
				Computed:            true,
				PlanModifiers:       useState,
			},
			"display_name": schema.StringAttribute{
				MarkdownDescription: "A name for the connection, as the Stytch dashboard shows it." + noteSCIMClearsName,
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(""),
			},
			"identity_provider": schema.StringAttribute{
				MarkdownDescription: "The IdP's vendor, for which Stytch handles its quirks: for `microsoft-entra`, " +
					"`base_url` ends with `?aadOptscim062020`, which turns on Entra's SCIM 2.0 compliant mode. " +
					enumDescription(stytch.SCIMIdentityProviderValues) + noteSCIMIdPDefault,
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString("generic"),
				Validators: []validator.String{stringvalidator.OneOf(stytch.SCIMIdentityProviderValues...)},
			},
			"scim_group_implicit_role_assignments": schema.SetNestedAttribute{
				MarkdownDescription: "Roles granted to the members the IdP puts in a group. Each `group_id` must be a group " +
					"the IdP has already pushed to this connection (the `stytch_b2b_scim_connection` data source lists " +
					"them), so a new connection has none: add assignments in a later apply. A group may grant several " +
					"roles." + noteSCIMAssignments,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"group_id": schema.StringAttribute{
						MarkdownDescription: "The id Stytch gave the group, such as `scim-group-test-...`.",
						Required:            true,
						Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
					},
					"role_id": schema.StringAttribute{
						MarkdownDescription: "The role granted, such as `stytch_admin` or a custom role of the project or " +
							"the organization.",
						Required:   true,
						Validators: roleIDValidators(),
					},
				}},
				Optional: true,
				Computed: true,
				Default:  setdefault.StaticValue(types.SetValueMust(types.ObjectType{AttrTypes: scimGroupRoleAssignmentAttrTypes}, []attr.Value{})),
			},
			"rotation_trigger": schema.StringAttribute{
				MarkdownDescription: "Any value; changing it rotates the bearer token in place: Stytch issues a new token, " +
					"the provider completes the rotation, `bearer_token` holds the new token and the old one stops working " +
					"at once, so the IdP needs the new one. A date such as `\"2026-01\"`, or the id of a `time_rotating` " +
					"resource, rotates on a schedule (Stytch's tokens expire, see `bearer_token_expires_at`). Setting it " +
					"where it was not set rotates too, which is how a token gets into state after an import; when the " +
					"connection is created the value is only recorded. Removing it does not rotate.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: "The URL of Stytch's SCIM API for this connection, which the IdP needs together with the bearer token.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{keepUnlessIdentityProviderChanges{}},
			},
			"bearer_token": schema.StringAttribute{
				MarkdownDescription: "The token the IdP authenticates with (`Authorization: Bearer ...`). Sensitive, and " +
					"kept in state: Stytch answers it only when the connection is created and when the token is rotated. " +
					"Null after an import, and after a refresh finds that Stytch's token is no longer this one (it was " +
					"rotated outside Terraform); set or change `rotation_trigger` to get a new token into state." +
					noteSCIMTokenComputed,
				Computed:      true,
				Sensitive:     true,
				PlanModifiers: tokenModifiers,
			},
			"bearer_token_last_four": schema.StringAttribute{
				MarkdownDescription: "The last four characters of the connection's current token, as Stytch shows them; " +
					"they tell which token the IdP should have." + noteSCIMTokenComputed,
				Computed:      true,
				PlanModifiers: tokenModifiers,
			},
			"bearer_token_expires_at": schema.StringAttribute{
				MarkdownDescription: "When the current token expires (RFC 3339, UTC). Rotate before then." + noteSCIMTokenComputed,
				Computed:            true,
				PlanModifiers:       tokenModifiers,
			},
		},
	}
}

func (r *b2bSCIMConnectionResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = scimResourceSchema()
}

// IdentitySchema: a connection is identified by its organization's id and
// its connection id, like the SSO connections. An organization has at most
// one SCIM connection, so an import block may leave connection_id out; when
// it gives one, the import fails unless it is the organization's connection.
func (r *b2bSCIMConnectionResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"organization_id": organizationIDIdentityAttribute(" the connection belongs to"),
		"connection_id": identityschema.StringAttribute{
			OptionalForImport: true,
			Description: "The connection id, such as `scim-connection-test-...`. An import block may leave it out, since " +
				"an organization has at most one SCIM connection; when it gives one, the import fails unless it is the " +
				"id of the organization's connection.",
		},
	}}
}

// keepUnlessRotating plans the token and its details: the value in state,
// null included, unless the plan rotates the token (see rotates). A new
// connection gets them from Stytch.
type keepUnlessRotating struct{}

func (keepUnlessRotating) Description(context.Context) string {
	return "The value in state is kept until rotation_trigger changes."
}

func (m keepUnlessRotating) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (keepUnlessRotating) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	var planned, current types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("rotation_trigger"), &planned)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("rotation_trigger"), &current)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if rotates(planned, current) {
		resp.PlanValue = types.StringUnknown()
		return
	}
	resp.PlanValue = req.StateValue
}

// keepUnlessIdentityProviderChanges plans base_url: the value in state while
// identity_provider stays the same, unknown when it changes, since Stytch
// builds the URL from it.
type keepUnlessIdentityProviderChanges struct{}

func (keepUnlessIdentityProviderChanges) Description(context.Context) string {
	return "The value in state is kept until identity_provider changes."
}

func (m keepUnlessIdentityProviderChanges) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (keepUnlessIdentityProviderChanges) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || req.StateValue.IsNull() {
		return
	}
	var planned, current types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("identity_provider"), &planned)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("identity_provider"), &current)...)
	if resp.Diagnostics.HasError() || planned.IsUnknown() || !planned.Equal(current) {
		return
	}
	resp.PlanValue = req.StateValue
}

// ModifyPlan refuses what Stytch would surely refuse and what would replace
// the connection by mistake: group role assignments on a connection that
// does not exist yet (it has no groups), and a replacement that only comes
// from naming the organization by its slug.
func (r *b2bSCIMConnectionResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var plan b2bSCIMConnectionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if req.State.Raw.IsNull() {
		if !plan.GroupRoleAssignments.IsUnknown() && len(plan.GroupRoleAssignments.Elements()) > 0 {
			resp.Diagnostics.AddAttributeError(path.Root("scim_group_implicit_role_assignments"), "SCIM Groups Not Pushed Yet",
				"This plan creates the SCIM connection, and a new connection has no SCIM groups: the customer's IdP "+
					"pushes them only after it has the connection's base_url and bearer_token. Stytch would refuse every "+
					"assignment (scim_group_role_assignment_group_does_not_exist). Create the connection without "+
					"scim_group_implicit_role_assignments, give the IdP base_url and bearer_token, let it push its "+
					"groups, then add the assignments with the group ids that the stytch_b2b_scim_connection data source lists.")
		}
		return
	}
	var state b2bSCIMConnectionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// A replacement, unless the new value names the same organization.
	refuseSlugReplacement(ctx, r.client, plan.OrganizationID, state.OrganizationID, "connection",
		"delete it and create a new one with a new id, base_url and bearer token, which the IdP would have to be given again",
		&resp.Diagnostics)
}

// Create creates the connection with one call, which answers the token, and
// sets the group role assignments with a second one when there are any. The
// connection is in state as soon as it exists, so that a failed second call
// leaves it tracked (tainted) rather than unmanaged.
//
// When the create's answer is lost, the token is lost with it. The
// organization's connection is then read: if there is one, it may be the one
// this call created, so it is taken into state and its token rotated, which
// is the only way to get a token Terraform knows.
func (r *b2bSCIMConnectionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan b2bSCIMConnectionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	orgID := plan.OrganizationID.ValueString()
	state := plan
	adopted := false
	created, err := r.client.CreateSCIMConnection(ctx, orgID, stytch.CreateSCIMConnectionRequest{
		DisplayName:      plan.DisplayName.ValueString(),
		IdentityProvider: plan.IdentityProvider.ValueString(),
	})
	var uncertain *stytch.UncertainOutcomeError
	var ids connectionIdentity
	switch {
	case err == nil:
		tflog.Info(ctx, "Created Stytch SCIM connection", map[string]any{"organization_id": orgID, "connection_id": created.ConnectionID})
		state.fromCreated(created, &resp.Diagnostics)
		ids = newConnectionIdentity(answeredID(created.OrganizationID, orgID), created.ConnectionID)
		if created.OrganizationID != "" && created.OrganizationID != orgID {
			resp.Diagnostics.AddAttributeWarning(path.Root("organization_id"), "Organization Given By Slug",
				fmt.Sprintf("organization_id is %q, but the organization's id is %s. The connection was created, and the next "+
					"refresh records the id; write the id in the configuration (such as stytch_b2b_organization.example.organization_id), "+
					"or the next plan stops with an error.", orgID, created.OrganizationID))
		}
	case stytch.IsErrorType(err, stytch.ErrorTypeActiveSCIMConnectionExists):
		addSCIMConnectionExistsError(&resp.Diagnostics, orgID, err)
		return
	case errors.As(err, &uncertain):
		conn, found := r.findAfterLostCreate(ctx, orgID, err, &resp.Diagnostics)
		if !found {
			return
		}
		adopted = true
		state.fromAPI(conn, &resp.Diagnostics)
		state.BearerToken = types.StringNull()
		ids = newConnectionIdentity(answeredID(conn.OrganizationID, orgID), conn.ConnectionID)
	default:
		addSCIMAPIError(&resp.Diagnostics, "Create", orgID, "", err)
		return
	}
	state.OrganizationID = plan.OrganizationID
	state.RotationTrigger = plan.RotationTrigger
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	setIdentity(ctx, resp.Identity, ids, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	connID := state.ConnectionID.ValueString()

	// The assignments, and for a connection taken over after a lost answer
	// whatever else differs from the plan.
	if body := plan.toUpdateRequest(ctx, &state, &resp.Diagnostics); !scimUpdateIsEmpty(body) && !resp.Diagnostics.HasError() {
		conn, err := r.client.UpdateSCIMConnection(ctx, orgID, connID, body)
		if err != nil {
			addSCIMAPIErrorWithContext(&resp.Diagnostics, "Unable to Create SCIM Connection",
				fmt.Sprintf("Stytch created SCIM connection %s of organization %s, but did not accept its settings. The "+
					"connection is kept in Terraform state and marked tainted: the next apply deletes it and creates it again.",
					connID, orgID), orgID, err)
			return
		}
		state.fromAPI(conn, &resp.Diagnostics)
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	}
	if !adopted || resp.Diagnostics.HasError() {
		return
	}
	token, conn, ok := r.rotate(ctx, orgID, connID, "Unable to Create SCIM Connection",
		"The connection is kept in state without a token and marked tainted: the next apply deletes it and creates it again.",
		&resp.Diagnostics)
	if !ok {
		return // state holds the connection without a token; it is tainted
	}
	state.fromAPI(conn, &resp.Diagnostics)
	state.setToken(token, conn.BearerTokenLastFour, conn.BearerTokenExpiresAt)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.AddWarning("SCIM Connection Taken Over After a Lost Answer",
		fmt.Sprintf("The request to create the SCIM connection of organization %s failed without a clear answer, and "+
			"afterwards the organization had SCIM connection %s. It may be the one this apply created, or one created "+
			"elsewhere at the same time; Terraform now manages it. Its token was lost with the answer, so the provider "+
			"rotated it: bearer_token in state is the new token, and any token issued before no longer works.",
			orgID, connID))
}

// findAfterLostCreate reads the organization's connection after a create
// whose answer was lost. found is false, with an error, when there is none
// (nothing was created) or when the read fails too.
func (r *b2bSCIMConnectionResource) findAfterLostCreate(ctx context.Context, orgID string, createErr error, diags *diag.Diagnostics) (*stytch.SCIMConnection, bool) {
	conn, err := r.client.GetSCIMConnection(ctx, orgID)
	switch {
	case err == nil && conn.Status != scimStatusDeleted:
		return conn, true
	case err == nil || stytch.IsNotFound(err):
		diags.AddError("Unable to Create SCIM Connection",
			fmt.Sprintf("The request to create the SCIM connection of organization %s failed without a clear answer, and "+
				"afterwards the organization has no SCIM connection: nothing was created. Run terraform apply again.\n\n"+
				"Original error: %v", orgID, createErr))
	default:
		diags.AddError("Unable to Create SCIM Connection",
			fmt.Sprintf("The request to create the SCIM connection of organization %s failed without a clear answer, and "+
				"reading the organization's SCIM connection afterwards failed too, so Terraform cannot tell whether one "+
				"was created. Read it with the stytch_b2b_scim_connection data source: if it exists, import it with "+
				"`terraform import %s.NAME %s` (replace NAME with this resource's name) and set rotation_trigger to get "+
				"a token; otherwise run terraform apply again.\n\nOriginal error: %v\n\nError of the read: %v",
				orgID, scimTypeName, orgID, createErr, err))
	}
	return nil, false
}

// scimStatusDeleted is the status of a connection that no longer exists.
const scimStatusDeleted = "deleted"

// Read refreshes the connection with one call. A connection or organization
// deleted outside Terraform, or replaced by another connection, leaves
// state. The token is kept, since Stytch never answers it, unless Stytch's
// last four characters show that the token changed outside Terraform.
func (r *b2bSCIMConnectionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state b2bSCIMConnectionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Right after an import, id and organization_id hold the organization's
	// id or slug, and connection_id is null, or the connection id an import
	// block's identity gave (see ImportState). Only then does id differ from
	// connection_id: every other write sets both to the connection id.
	imported := !state.ID.Equal(state.ConnectionID)
	orgID, connID := state.OrganizationID.ValueString(), state.ConnectionID.ValueString()
	conn, err := r.client.GetSCIMConnection(ctx, orgID)
	gone := stytch.IsNotFound(err) || (err == nil && conn.Status == scimStatusDeleted)
	switch {
	case gone && imported:
		what := "has no SCIM connection"
		if stytch.IsErrorType(err, stytch.ErrorTypeOrganizationNotFound) {
			what = "does not exist"
		}
		resp.Diagnostics.AddError("Unable to Import SCIM Connection",
			fmt.Sprintf("Organization %s %s. Import a SCIM connection with the id or slug of its organization, such as "+
				"terraform import %s.acme acme; to create one, apply the resource without importing.", orgID, what, scimTypeName))
		return
	case gone:
		tflog.Warn(ctx, "Stytch SCIM connection or its organization not found; removing it from state",
			map[string]any{"organization_id": orgID, "connection_id": connID})
		removeResource(ctx, resp, newConnectionIdentity(orgID, connID))
		return
	case err != nil:
		addSCIMAPIError(&resp.Diagnostics, "Read", orgID, connID, err)
		return
	case imported && connID != "" && conn.ConnectionID != connID:
		// The identity names a connection the organization no longer (or
		// never) had: importing its current one instead would manage a
		// connection the import block did not name.
		resp.Diagnostics.AddError("Unable to Import SCIM Connection",
			fmt.Sprintf("The SCIM connection of organization %s is %s, not %s, which the import block's identity gives as "+
				"connection_id. An organization has at most one SCIM connection, so connection_id may be left out: import "+
				"without connection_id, or with connection_id = %q.",
				answeredID(conn.OrganizationID, orgID), conn.ConnectionID, connID, conn.ConnectionID))
		return
	case !imported && conn.ConnectionID != connID:
		// The connection in state was deleted and another one created:
		// this one is not Terraform's to manage unless it is imported.
		tflog.Warn(ctx, "Stytch SCIM connection replaced outside Terraform; removing it from state",
			map[string]any{"organization_id": orgID, "connection_id": connID, "current_connection_id": conn.ConnectionID})
		removeResource(ctx, resp, newConnectionIdentity(orgID, connID))
		return
	}
	if !state.tokenStillCurrent(conn) {
		state.BearerToken = types.StringNull()
		resp.Diagnostics.AddAttributeWarning(path.Root("bearer_token"), "SCIM Bearer Token Rotated Outside Terraform",
			fmt.Sprintf("Stytch's token for SCIM connection %s of organization %s ends in %q, and the token in Terraform "+
				"state does not: it was rotated outside Terraform, and the token in state no longer works. bearer_token is "+
				"now null. To get a token into state, change rotation_trigger (or set it) and apply: the provider rotates "+
				"the token again, and the IdP needs the new one.", conn.ConnectionID, conn.OrganizationID, conn.BearerTokenLastFour))
	}
	state.fromAPI(conn, &resp.Diagnostics)
	if conn.OrganizationID != "" {
		state.OrganizationID = types.StringValue(conn.OrganizationID)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	setIdentity(ctx, resp.Identity, newConnectionIdentity(answeredID(conn.OrganizationID, orgID), conn.ConnectionID), &resp.Diagnostics)
}

// Update makes only the calls the plan needs: one PUT when display_name,
// identity_provider or the assignments change, and a rotation when
// rotation_trigger asks for one. If the rotation fails after the PUT, state
// records the PUT and keeps the old token and rotation_trigger, so that the
// next apply rotates again.
func (r *b2bSCIMConnectionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state b2bSCIMConnectionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	orgID, connID := state.OrganizationID.ValueString(), state.ConnectionID.ValueString()
	body := plan.toUpdateRequest(ctx, &state, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	current := state
	// answered is Stytch's last answer, which the identity is taken from.
	var answered *stytch.SCIMConnection
	if !scimUpdateIsEmpty(body) {
		conn, err := r.client.UpdateSCIMConnection(ctx, orgID, connID, body)
		if err != nil {
			addSCIMAPIError(&resp.Diagnostics, "Update", orgID, connID, err)
			return
		}
		current.fromAPI(conn, &resp.Diagnostics)
		answered = conn
	}
	if rotates(plan.RotationTrigger, state.RotationTrigger) {
		if answered != nil {
			resp.Diagnostics.Append(resp.State.Set(ctx, &current)...)
			setIdentity(ctx, resp.Identity, newConnectionIdentity(answeredID(answered.OrganizationID, orgID), answeredID(answered.ConnectionID, connID)), &resp.Diagnostics)
		}
		token, conn, ok := r.rotate(ctx, orgID, connID, "Unable to Rotate SCIM Bearer Token",
			"State keeps the previous bearer_token and rotation_trigger, so that the next apply rotates again and records a token that works.",
			&resp.Diagnostics)
		if !ok {
			return
		}
		current.fromAPI(conn, &resp.Diagnostics)
		current.setToken(token, conn.BearerTokenLastFour, conn.BearerTokenExpiresAt)
		answered = conn
		tflog.Info(ctx, "Rotated Stytch SCIM bearer token", map[string]any{"organization_id": orgID, "connection_id": connID})
	}
	current.RotationTrigger = plan.RotationTrigger
	resp.Diagnostics.Append(resp.State.Set(ctx, &current)...)
	if answered == nil {
		// No call (rotation_trigger removed): the connection keeps the
		// identity Terraform holds.
		setIdentityIfMissing(ctx, resp.Identity, newConnectionIdentity(orgID, connID), &resp.Diagnostics)
		return
	}
	setIdentity(ctx, resp.Identity, newConnectionIdentity(answeredID(answered.OrganizationID, orgID), answeredID(answered.ConnectionID, connID)), &resp.Diagnostics)
}

// rotate replaces the connection's token: a rotation start, which answers the
// new token, then a complete, after which the old token no longer works.
// When the complete's answer is lost, the connection is read: Stytch's last
// four characters tell whether the new token is the current one; when the
// rotation is still pending, the complete is sent once more. ok is false,
// with an error that ends with keeps (what state keeps), when the new token
// did not become the current one or when that cannot be told.
func (r *b2bSCIMConnectionResource) rotate(ctx context.Context, orgID, connID, summary, keeps string, diags *diag.Diagnostics) (token string, conn *stytch.SCIMConnection, ok bool) {
	started, err := r.client.StartSCIMTokenRotation(ctx, orgID, connID)
	if err != nil {
		addSCIMAPIErrorWithContext(diags, summary,
			fmt.Sprintf("Stytch did not start a token rotation of SCIM connection %s of organization %s. %s", connID, orgID, keeps), orgID, err)
		return "", nil, false
	}
	next := started.NextBearerToken
	for attempt := 1; ; attempt++ {
		conn, err = r.client.CompleteSCIMTokenRotation(ctx, orgID, connID)
		if err == nil {
			return next, conn, true
		}
		var uncertain *stytch.UncertainOutcomeError
		if !errors.As(err, &uncertain) {
			addSCIMAPIErrorWithContext(diags, summary,
				fmt.Sprintf("Stytch started a token rotation of SCIM connection %s of organization %s but did not complete it; "+
					"the next rotation replaces the pending token. %s", connID, orgID, keeps), orgID, err)
			return "", nil, false
		}
		read, readErr := r.client.GetSCIMConnection(ctx, orgID)
		switch {
		case readErr != nil:
			diags.AddError(summary,
				fmt.Sprintf("The request to complete the token rotation of SCIM connection %s of organization %s failed "+
					"without a clear answer, and reading the connection afterwards failed too, so Terraform cannot tell "+
					"which token works now. %s\n\nOriginal error: %v\n\nError of the read: %v", connID, orgID, keeps, err, readErr))
			return "", nil, false
		case read.ConnectionID == connID && read.BearerTokenLastFour == tokenLastFour(next) && read.NextBearerTokenLastFour == "":
			tflog.Info(ctx, "Stytch SCIM token rotation completed although its answer was lost",
				map[string]any{"organization_id": orgID, "connection_id": connID})
			return next, read, true
		case read.ConnectionID == connID && read.NextBearerTokenLastFour == tokenLastFour(next) && attempt == 1:
			continue // surely not completed: the new token is still the pending one
		default:
			diags.AddError(summary,
				fmt.Sprintf("The request to complete the token rotation of SCIM connection %s of organization %s failed "+
					"without a clear answer, and afterwards the new token is not the connection's token. %s\n\nOriginal error: %v",
					connID, orgID, keeps, err))
			return "", nil, false
		}
	}
}

// Delete deletes the connection; one already gone, or whose organization is
// gone, counts as deleted. Its tokens stop working.
func (r *b2bSCIMConnectionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state b2bSCIMConnectionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	orgID, connID := state.OrganizationID.ValueString(), state.ConnectionID.ValueString()
	err := r.client.DeleteSCIMConnection(ctx, orgID, connID)
	if err != nil && !stytch.IsNotFound(err) {
		addSCIMAPIError(&resp.Diagnostics, "Delete", orgID, connID, err)
		return
	}
	tflog.Info(ctx, "Deleted Stytch SCIM connection", map[string]any{"organization_id": orgID, "connection_id": connID})
}

// ImportState takes the organization's id or slug, as an id string or as
// the identity's organization_id: an organization has one SCIM connection.
// Read finds it and records both ids; the token cannot be imported. An
// identity's connection_id, when given, goes into state for Read to check:
// the import fails unless it is the organization's connection.
func (r *b2bSCIMConnectionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	ids, byIdentity := importIdentity[connectionIdentity](ctx, req, scimTypeName, &resp.Diagnostics)
	if byIdentity {
		if resp.Diagnostics.HasError() {
			return
		}
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), ids.OrganizationID)...)
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("organization_id"), ids.OrganizationID)...)
		if ids.ConnectionID.ValueString() != "" {
			resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("connection_id"), ids.ConnectionID)...)
		}
		return
	}
	if req.ID == "" || strings.Contains(req.ID, "/") {
		resp.Diagnostics.AddError("Invalid Import ID",
			fmt.Sprintf("The import id %q is not an organization's id or slug. An organization has at most one SCIM "+
				"connection, so it is imported by its organization alone, for example: terraform import %s.acme "+
				"organization-test-0123... or terraform import %s.acme acme", req.ID, scimTypeName, scimTypeName))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("organization_id"), req.ID)...)
}

// addSCIMConnectionExistsError is the error of a create in an organization
// that has a SCIM connection already: Stytch allows one, so the way forward
// is to import it.
func addSCIMConnectionExistsError(diags *diag.Diagnostics, orgID string, err error) {
	addSCIMAPIErrorWithContext(diags, "Unable to Create SCIM Connection",
		fmt.Sprintf("Organization %s already has a SCIM connection, and Stytch allows one per organization. To manage "+
			"the existing connection with this resource, import it (replace NAME with this resource's name):\n\n"+
			"  terraform import %s.NAME %s\n\n"+
			"or with an import block:\n\n  import {\n    to = %s.NAME\n    id = %q\n  }\n\n"+
			"The import cannot read its bearer token: set or change rotation_trigger to get a new one into state. "+
			"Otherwise delete the existing connection in Stytch first.", orgID, scimTypeName, orgID, scimTypeName, orgID),
		orgID, err)
}

// addSCIMAPIError adds the diagnostic of a failed call on a SCIM connection:
// "Unable to <operation> SCIM Connection", the connection and its
// organization, what to do about Stytch's common answers, and Stytch's error
// fields.
func addSCIMAPIError(diags *diag.Diagnostics, operation, orgID, connID string, err error) {
	what := fmt.Sprintf("Stytch did not %s the SCIM connection of organization %s.", strings.ToLower(operation), orgID)
	if connID != "" {
		what = fmt.Sprintf("Stytch did not %s SCIM connection %s of organization %s.", strings.ToLower(operation), connID, orgID)
	}
	addSCIMAPIErrorWithContext(diags, "Unable to "+operation+" SCIM Connection", what, orgID, err)
}

// addSCIMAPIErrorWithContext is addSCIMAPIError with its own summary and
// first sentences.
func addSCIMAPIErrorWithContext(diags *diag.Diagnostics, summary, what, orgID string, err error) {
	if hint := scimErrorHint(err, orgID); hint != "" {
		what += " " + hint
	}
	addObjectAPIError(diags, summary, what, err)
}

// scimErrorHint says what to do about Stytch's answers that concern SCIM
// connections.
func scimErrorHint(err error, orgID string) string {
	apiErr, ok := stytch.AsError(err)
	if !ok {
		return ""
	}
	switch apiErr.ErrorType {
	case stytch.ErrorTypeSCIMGroupRoleAssignmentGroupDoesNotExist:
		return "A group_id of scim_group_implicit_role_assignments is not a SCIM group of this connection: the customer's " +
			"IdP must push the group first. The stytch_b2b_scim_connection data source lists the groups Stytch has, with their ids."
	case "scim_group_role_assignment_does_not_contain_group_id":
		return "Every assignment of scim_group_implicit_role_assignments needs a group_id."
	case "invalid_rbac_role_id", "invalid_role", "invalid_rbac_role_assignment":
		return "A role_id of scim_group_implicit_role_assignments does not exist: define it in the project's RBAC policy " +
			"or in the organization's (stytch_b2b_organization_rbac_policy) first, or remove the assignment."
	case stytch.ErrorTypeCannotAssignDefaultRBACRoleID:
		return "stytch_member is given to every member by Stytch and cannot be granted by a group: remove that assignment."
	case "invalid_scim_idp":
		return "identity_provider is not one of the values Stytch accepts for SCIM connections."
	case stytch.ErrorTypeSCIMConnectionNotRotatingToken:
		return "No token rotation was pending any more: it was completed or canceled outside Terraform. Run terraform " +
			"apply again to rotate once more."
	case stytch.ErrorTypeNoActiveSCIMConnection:
		return "The connection no longer exists in Stytch; run terraform apply again: the refresh removes it from state " +
			"and the plan creates it again."
	case stytch.ErrorTypeActiveSCIMConnectionExists:
		return fmt.Sprintf("The organization already has a SCIM connection: import it with `terraform import %s.NAME %s`.", scimTypeName, orgID)
	case stytch.ErrorTypeOrganizationNotFound:
		return "No organization of this project has that organization_id: check it, or refer to the organization " +
			"resource's organization_id so that Terraform creates the organization first."
	}
	return ""
}
