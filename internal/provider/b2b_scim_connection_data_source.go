package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

var (
	_ datasource.DataSource              = (*b2bSCIMConnectionDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*b2bSCIMConnectionDataSource)(nil)
)

// b2bSCIMConnectionDataSource reads the SCIM connection of one organization
// and the SCIM groups its IdP pushed, without any token: the group ids are
// what stytch_b2b_scim_connection's role assignments name.
type b2bSCIMConnectionDataSource struct {
	client *stytch.Client
}

// NewB2BSCIMConnectionDataSource returns the stytch_b2b_scim_connection data source.
func NewB2BSCIMConnectionDataSource() datasource.DataSource {
	return &b2bSCIMConnectionDataSource{}
}

type b2bSCIMConnectionDataSourceModel struct {
	ID                       types.String `tfsdk:"id"`
	OrganizationID           types.String `tfsdk:"organization_id"`
	ConnectionID             types.String `tfsdk:"connection_id"`
	Status                   types.String `tfsdk:"status"`
	DisplayName              types.String `tfsdk:"display_name"`
	IdentityProvider         types.String `tfsdk:"identity_provider"`
	BaseURL                  types.String `tfsdk:"base_url"`
	BearerTokenLastFour      types.String `tfsdk:"bearer_token_last_four"`
	BearerTokenExpiresAt     types.String `tfsdk:"bearer_token_expires_at"`
	NextBearerTokenLastFour  types.String `tfsdk:"next_bearer_token_last_four"`
	NextBearerTokenExpiresAt types.String `tfsdk:"next_bearer_token_expires_at"`
	GroupRoleAssignments     types.Set    `tfsdk:"scim_group_implicit_role_assignments"`
	Groups                   types.List   `tfsdk:"groups"`
}

// Object types of the data source's nested attributes.
var (
	scimGroupRoleAssignmentReadAttrTypes = map[string]attr.Type{
		"group_id": types.StringType, "group_name": types.StringType, "role_id": types.StringType,
	}
	scimGroupAttrTypes = map[string]attr.Type{"group_id": types.StringType, "group_name": types.StringType}
)

func (d *b2bSCIMConnectionDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_b2b_scim_connection"
}

func (d *b2bSCIMConnectionDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFromProviderData(req.ProviderData, resp.Diagnostics.AddError)
}

// Schema has the resource's attributes, Computed, but the token and
// rotation_trigger; organization_id is the input. Stytch's fields the
// resource leaves out are added: the pending rotation's token details, the
// groups' names in the assignments, and the groups.
func (d *b2bSCIMConnectionDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resourceAttrs := scimResourceSchema().Attributes
	delete(resourceAttrs, "bearer_token")
	delete(resourceAttrs, "rotation_trigger")
	delete(resourceAttrs, "scim_group_implicit_role_assignments")
	attrs := dataSourceAttributesFrom(resourceAttrs, dataSourceDescriptions{resourceNotes: scimResourceNotes})
	computed := func(description string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: description, Computed: true}
	}
	attrs["id"] = computed("The connection id, the same as `connection_id`.")
	attrs["organization_id"] = schema.StringAttribute{
		MarkdownDescription: "The organization whose SCIM connection is read: its id, slug or external id. The " +
			"organization's id is recorded.",
		Required:   true,
		Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	attrs["next_bearer_token_last_four"] = computed("While a token rotation is pending (started but neither completed " +
		"nor canceled), the last four characters of the next token; `\"\"` otherwise.")
	attrs["next_bearer_token_expires_at"] = computed("While a token rotation is pending, when the next token expires " +
		"(RFC 3339, UTC); null otherwise.")
	attrs["scim_group_implicit_role_assignments"] = schema.SetNestedAttribute{
		MarkdownDescription: "Roles granted to the members the IdP puts in a group.",
		Computed:            true,
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"group_id":   computed("The group's id."),
			"group_name": computed("The group's name at the IdP."),
			"role_id":    computed("The role granted."),
		}},
	}
	attrs["groups"] = schema.ListNestedAttribute{
		MarkdownDescription: "Every SCIM group the IdP has pushed to the connection, in Stytch's order: the groups " +
			"`scim_group_implicit_role_assignments` of `stytch_b2b_scim_connection` may name.",
		Computed: true,
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"group_id":   computed("The id Stytch gave the group, such as `scim-group-test-...`."),
			"group_name": computed("The group's name at the IdP (its SCIM `displayName`)."),
		}},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The SCIM connection of one Stytch B2B organization, without its token, and the SCIM groups " +
			"the customer's IdP has pushed through it. Use it to find the group ids for the role assignments of " +
			"`stytch_b2b_scim_connection`, or to read a connection this configuration does not manage. Stytch never " +
			"answers a connection's token after it is issued. An organization without a SCIM connection is an error.",
		Attributes: attrs,
	}
}

// Read reads the connection with one call and its groups with one call per
// thousand groups.
func (d *b2bSCIMConnectionDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg b2bSCIMConnectionDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	lookup := cfg.OrganizationID.ValueString()
	conn, err := d.client.GetSCIMConnection(ctx, lookup)
	switch {
	case stytch.IsErrorType(err, stytch.ErrorTypeOrganizationNotFound):
		addObjectAPIError(&resp.Diagnostics, "B2B Organization Not Found",
			fmt.Sprintf("No organization of this project has the id, slug or external id %q. Check organization_id.", lookup), err)
		return
	case stytch.IsNotFound(err) || (err == nil && conn.Status == scimStatusDeleted):
		resp.Diagnostics.AddError("SCIM Connection Not Found",
			fmt.Sprintf("Organization %s has no SCIM connection. Create one with the %s resource (organization_id set "+
				"to the organization's id); Stytch allows one per organization.", lookup, scimTypeName))
		return
	case err != nil:
		addSCIMAPIError(&resp.Diagnostics, "Read", lookup, "", err)
		return
	}
	orgID := conn.OrganizationID
	if orgID == "" {
		orgID = lookup
	}
	groups, err := d.client.ListAllSCIMGroups(ctx, orgID, conn.ConnectionID)
	if err != nil {
		addObjectAPIError(&resp.Diagnostics, "Unable to Read SCIM Groups",
			fmt.Sprintf("Stytch did not list the SCIM groups of connection %s of organization %s.", conn.ConnectionID, orgID), err)
		return
	}
	state := b2bSCIMConnectionDataSourceModel{
		ID:                       types.StringValue(conn.ConnectionID),
		OrganizationID:           types.StringValue(orgID),
		ConnectionID:             types.StringValue(conn.ConnectionID),
		Status:                   types.StringValue(conn.Status),
		DisplayName:              types.StringValue(conn.DisplayName),
		IdentityProvider:         types.StringValue(conn.IdentityProvider),
		BaseURL:                  types.StringValue(conn.BaseURL),
		BearerTokenLastFour:      types.StringValue(conn.BearerTokenLastFour),
		BearerTokenExpiresAt:     optionalString(conn.BearerTokenExpiresAt),
		NextBearerTokenLastFour:  types.StringValue(conn.NextBearerTokenLastFour),
		NextBearerTokenExpiresAt: optionalString(conn.NextBearerTokenExpiresAt),
	}
	state.GroupRoleAssignments = objectSet(conn.SCIMGroupImplicitRoleAssignments, scimGroupRoleAssignmentReadAttrTypes,
		func(a stytch.SCIMGroupRoleAssignment) map[string]attr.Value {
			return map[string]attr.Value{
				"group_id": types.StringValue(a.GroupID), "group_name": types.StringValue(a.GroupName), "role_id": types.StringValue(a.RoleID),
			}
		}, &resp.Diagnostics)
	state.Groups = objectList(groups, scimGroupAttrTypes, func(g stytch.SCIMGroup) map[string]attr.Value {
		return map[string]attr.Value{"group_id": types.StringValue(g.GroupID), "group_name": types.StringValue(g.GroupName)}
	}, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
