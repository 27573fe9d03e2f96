package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

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
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

var (
	_ resource.Resource                   = (*b2bOrganizationRBACPolicyResource)(nil)
	_ resource.ResourceWithConfigure      = (*b2bOrganizationRBACPolicyResource)(nil)
	_ resource.ResourceWithImportState    = (*b2bOrganizationRBACPolicyResource)(nil)
	_ resource.ResourceWithIdentity       = (*b2bOrganizationRBACPolicyResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*b2bOrganizationRBACPolicyResource)(nil)
	_ resource.ResourceWithValidateConfig = (*b2bOrganizationRBACPolicyResource)(nil)
)

// Limits of a custom role that Stytch names error types for
// (rbac_role_id_too_long, rbac_description_too_long). Stytch does not
// publish the numbers; these are the emulator's (DESIGN.md, "Organization
// RBAC policies").
const (
	maxRBACRoleIDLength      = 100
	maxRBACDescriptionLength = 1000
	// reservedRolePrefix starts the ids of Stytch's own roles; Stytch refuses
	// it in an organization's roles (invalid_rbac_stytch_role_edit).
	reservedRolePrefix = "stytch_"
)

// Stytch's answers about the project's policy, which the diagnostics
// explain: a permission names a resource or an action the project's policy
// does not define, or a role id is a project role.
const (
	errorTypeInvalidPermissionResource = "invalid_permission_resource"
	errorTypeInvalidPermissionAction   = "invalid_permission_action"
	errorTypeRBACOrgCustomRolesOnly    = "rbac_org_custom_roles_only"
)

// b2bOrganizationRBACPolicyResource manages an organization's RBAC policy:
// the custom roles that add to the project's policy in that organization.
// Stytch's API reads and replaces the policy as one document, so the
// resource is a per-organization singleton like the SSO settings.
type b2bOrganizationRBACPolicyResource struct {
	client *stytch.Client
}

// NewB2BOrganizationRBACPolicyResource returns the stytch_b2b_organization_rbac_policy resource.
func NewB2BOrganizationRBACPolicyResource() resource.Resource {
	return &b2bOrganizationRBACPolicyResource{}
}

type b2bOrganizationRBACPolicyModel struct {
	ID             types.String `tfsdk:"id"`
	OrganizationID types.String `tfsdk:"organization_id"`
	Roles          types.Set    `tfsdk:"roles"`
}

type rbacRoleModel struct {
	RoleID      types.String `tfsdk:"role_id"`
	Description types.String `tfsdk:"description"`
	Permissions types.Set    `tfsdk:"permissions"`
}

type rbacPermissionModel struct {
	ResourceID types.String `tfsdk:"resource_id"`
	Actions    types.Set    `tfsdk:"actions"`
}

// Object types of a role and of one of its permissions.
var (
	rbacPermissionAttrTypes = map[string]attr.Type{
		"resource_id": types.StringType,
		"actions":     types.SetType{ElemType: types.StringType},
	}
	rbacRoleAttrTypes = map[string]attr.Type{
		"role_id":     types.StringType,
		"description": types.StringType,
		"permissions": types.SetType{ElemType: types.ObjectType{AttrTypes: rbacPermissionAttrTypes}},
	}
)

func (r *b2bOrganizationRBACPolicyResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_b2b_organization_rbac_policy"
}

// IdentitySchema: an organization has one RBAC policy, identified by the
// organization's id.
func (r *b2bOrganizationRBACPolicyResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"organization_id": organizationIDIdentityAttribute(" whose custom roles these are"),
	}}
}

func (r *b2bOrganizationRBACPolicyResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFromProviderData(req.ProviderData, resp.Diagnostics.AddError)
}

func (r *b2bOrganizationRBACPolicyResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages the custom roles of a Stytch B2B organization: its organization RBAC policy. The roles " +
			"add to the project's RBAC policy within this organization only, show on the organization as `custom_roles`, " +
			"and may be given to its members (`stytch_b2b_member`) and named by its implicit role assignments.\n\n" +
			"The resource is authoritative: apply sets exactly the roles of the configuration and removes any other custom " +
			"role of the organization; destroy removes them all. Creating it for an organization that already has different " +
			"custom roles fails with the import command instead, so that no role is deleted unseen.\n\n" +
			"Stytch marks the organization RBAC policy API as a private beta that must be enabled for the workspace " +
			"(ask Stytch support). Permissions name resources and actions of the project's RBAC policy, which this " +
			"provider does not manage (Stytch's own Terraform provider does, with `stytch_rbac_policy`); Stytch refuses " +
			"others at apply (`invalid_permission_resource`, `invalid_permission_action`).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The organization id, the same as `organization_id`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"organization_id": schema.StringAttribute{
				MarkdownDescription: "The id of the organization, such as `stytch_b2b_organization.acme.organization_id`: its id, " +
					"not its slug. Changing it moves the roles: they are removed from the old organization and set in the new one.",
				Required:      true,
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"roles": schema.SetNestedAttribute{
				MarkdownDescription: "The organization's custom roles. Omitting it, or `[]`, means the organization has none: " +
					"apply removes every custom role in Stytch. A role id must be unique, must not be one of Stytch's roles " +
					"(`stytch_member`, `stytch_admin`, or any id starting with `stytch_`) and must not be a role of the " +
					"project's policy.",
				Optional: true,
				Computed: true,
				Default:  setdefault.StaticValue(types.SetValueMust(types.ObjectType{AttrTypes: rbacRoleAttrTypes}, []attr.Value{})),
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"role_id": schema.StringAttribute{
						MarkdownDescription: fmt.Sprintf("The role's id, such as `billing-admin`: what members' `roles` and "+
							"implicit role assignments name. At most %d characters.", maxRBACRoleIDLength),
						Required: true,
					},
					"description": schema.StringAttribute{
						MarkdownDescription: fmt.Sprintf("What the role is for, at most %d characters. Omit it for none "+
							"(Stytch does not tell `\"\"` from none, so `\"\"` is refused).", maxRBACDescriptionLength),
						Optional: true,
					},
					"permissions": schema.SetNestedAttribute{
						MarkdownDescription: "What the role may do: each a resource of the project's RBAC policy and actions " +
							"on it. Omit it for a role without permissions (`[]` is refused, so that there is one way to say none).",
						Optional: true,
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"resource_id": schema.StringAttribute{
								MarkdownDescription: "A resource of the project's RBAC policy, such as `stytch.member` or one " +
									"of the project's own resources. Each resource appears once per role.",
								Required: true,
							},
							"actions": schema.SetAttribute{
								MarkdownDescription: "Actions the project's policy defines on the resource, such as `search`, " +
									"or `[\"*\"]` alone for all of them.",
								ElementType: types.StringType,
								Required:    true,
							},
						}},
					},
				}},
			},
		},
	}
}

// ValidateConfig checks at plan time what Stytch refuses and the
// configuration alone decides (validateRBACRoles). Whether a resource or an
// action exists is decided by the project's policy, which lives outside
// this provider, so Stytch checks those at apply.
func (r *b2bOrganizationRBACPolicyResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var roles types.Set
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("roles"), &roles)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(validateRBACRoles(ctx, roles)...)
}

// validateRBACRoles checks the roles of a configuration; unknown values are
// skipped and left to Stytch. A rule that Stytch has an error type for names
// it, so that a user can match it with Stytch's documentation; the others
// keep one way of writing a value that Stytch reads back the same way.
func validateRBACRoles(ctx context.Context, roles types.Set) diag.Diagnostics {
	var diags diag.Diagnostics
	if roles.IsNull() || roles.IsUnknown() {
		return diags
	}
	at := path.Root("roles")
	seen := map[string]bool{}
	for _, elem := range roles.Elements() {
		obj, ok := elem.(types.Object)
		if !ok || obj.IsNull() || obj.IsUnknown() {
			continue
		}
		var role rbacRoleModel
		if d := obj.As(ctx, &role, basetypes.ObjectAsOptions{}); d.HasError() {
			diags.Append(d...)
			continue
		}
		name := "a role"
		if !role.RoleID.IsUnknown() {
			id := role.RoleID.ValueString()
			name = fmt.Sprintf("role %q", id)
			validateRBACRoleID(id, at, &diags)
			if id != "" && seen[id] {
				diags.AddAttributeError(at, "Duplicate Role ID",
					fmt.Sprintf("Two roles have role_id %q, and Stytch requires role ids to be unique within an organization "+
						"(rbac_role_duplicate). Merge their permissions into one role, or give one of them another id.", id))
			}
			seen[id] = true
		}
		if !role.Description.IsNull() && !role.Description.IsUnknown() {
			description := role.Description.ValueString()
			switch n := utf8.RuneCountInString(description); {
			case description == "":
				diags.AddAttributeError(at, "Empty Role Description",
					fmt.Sprintf("The description of %s is \"\". Stytch does not tell an empty description from none, so "+
						"there is one way to write none: remove the description argument.", name))
			case n > maxRBACDescriptionLength:
				diags.AddAttributeError(at, "Role Description Too Long",
					fmt.Sprintf("The description of %s has %d characters; Stytch allows at most %d (rbac_description_too_long). "+
						"Shorten it.", name, n, maxRBACDescriptionLength))
			}
		}
		validateRBACPermissions(ctx, name, role.Permissions, at, &diags)
	}
	return diags
}

// validateRBACRoleID checks one known role id.
func validateRBACRoleID(id string, at path.Path, diags *diag.Diagnostics) {
	switch n := utf8.RuneCountInString(id); {
	case id == "":
		diags.AddAttributeError(at, "Empty Role ID",
			"A role has role_id = \"\", and Stytch refuses a role without an id (empty_rbac_role_id). Give it an id such as "+
				"\"billing-admin\", or remove the role.")
	case n > maxRBACRoleIDLength:
		diags.AddAttributeError(at, "Role ID Too Long",
			fmt.Sprintf("Role id %q has %d characters; Stytch allows at most %d (rbac_role_id_too_long). Choose a shorter id.",
				id, n, maxRBACRoleIDLength))
	case slices.Contains(stytch.ReservedRoleIDs, id):
		diags.AddAttributeError(at, "Reserved Role ID",
			fmt.Sprintf("%q is one of Stytch's own roles, which every project has and no organization can redefine "+
				"(invalid_rbac_stytch_role_edit). Choose another role_id; to give members %s, name it in their roles directly.", id, id))
	case strings.HasPrefix(id, reservedRolePrefix):
		diags.AddAttributeError(at, "Reserved Role ID",
			fmt.Sprintf("Role id %q starts with %q, which Stytch keeps for its own roles (invalid_rbac_stytch_role_edit). "+
				"Choose an id without that prefix.", id, reservedRolePrefix))
	}
}

// validateRBACPermissions checks the permissions of one role.
func validateRBACPermissions(ctx context.Context, role string, permissions types.Set, at path.Path, diags *diag.Diagnostics) {
	if permissions.IsNull() || permissions.IsUnknown() {
		return
	}
	if len(permissions.Elements()) == 0 {
		diags.AddAttributeError(at, "Empty Permissions",
			fmt.Sprintf("%s has permissions = []. Stytch answers a role without permissions the same way as one whose "+
				"permissions are omitted, so there is one way to write it: remove the permissions argument.", upperFirst(role)))
		return
	}
	resources := map[string]bool{}
	for _, elem := range permissions.Elements() {
		obj, ok := elem.(types.Object)
		if !ok || obj.IsNull() || obj.IsUnknown() {
			continue
		}
		var permission rbacPermissionModel
		if d := obj.As(ctx, &permission, basetypes.ObjectAsOptions{}); d.HasError() {
			diags.Append(d...)
			continue
		}
		resourceName := "a resource"
		if !permission.ResourceID.IsUnknown() {
			resourceID := permission.ResourceID.ValueString()
			resourceName = fmt.Sprintf("resource %q", resourceID)
			switch {
			case resourceID == "":
				diags.AddAttributeError(at, "Empty Resource ID",
					fmt.Sprintf("A permission of %s has resource_id = \"\", and Stytch refuses it (empty_rbac_resource_id). "+
						"Name a resource of the project's RBAC policy, such as \"stytch.member\".", role))
			case resources[resourceID]:
				diags.AddAttributeError(at, "Duplicate Permission Resource",
					fmt.Sprintf("%s has two permissions for resource %q. List each resource once per role, with all its "+
						"actions in one actions set.", upperFirst(role), resourceID))
			}
			resources[resourceID] = true
		}
		validateRBACActions(role, resourceName, permission.Actions, at, diags)
	}
}

// validateRBACActions checks the actions of one permission.
func validateRBACActions(role, resourceName string, actions types.Set, at path.Path, diags *diag.Diagnostics) {
	if actions.IsNull() || actions.IsUnknown() {
		return
	}
	if len(actions.Elements()) == 0 {
		diags.AddAttributeError(at, "Missing Permission Actions",
			fmt.Sprintf("The permission of %s on %s has no actions, and Stytch refuses that (rbac_permission_missing_actions). "+
				"List the actions the role may take, use [\"*\"] for all of them, or remove the permission.", role, resourceName))
		return
	}
	var known []string
	for _, elem := range actions.Elements() {
		s, ok := elem.(types.String)
		if !ok || s.IsNull() || s.IsUnknown() {
			continue
		}
		known = append(known, s.ValueString())
	}
	for _, action := range known {
		if strings.TrimSpace(action) == "" {
			diags.AddAttributeError(at, "Empty Permission Action",
				fmt.Sprintf("The permission of %s on %s has an empty action %q, which Stytch refuses. Remove it, or write "+
					"the action's name.", role, resourceName, action))
		}
	}
	// An unknown action may turn out to be "*" itself, so only known ones
	// count as the other actions.
	others := slices.ContainsFunc(known, func(a string) bool { return a != stytch.WildcardAction })
	if slices.Contains(known, stytch.WildcardAction) && others {
		diags.AddAttributeError(at, "Wildcard Action With Other Actions",
			fmt.Sprintf("The permission of %s on %s has %q, which grants every action of the resource, together with other "+
				"actions; Stytch refuses that (cannot_specify_wildcard_with_other_actions). Keep either [%q] alone or the "+
				"list of actions.", role, resourceName, stytch.WildcardAction, stytch.WildcardAction))
	}
}

// upperFirst capitalizes the first letter of a phrase that starts a sentence.
func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// ModifyPlan refuses an organization_id that is not the organization's id
// (a slug or an external id) whenever a plan creates the policy or moves it:
// Stytch's RBAC answers do not name the organization, so the value could
// not be corrected later, and a renamed slug would plan a replacement. It
// costs one GET of the organization, only when organization_id is known and
// differs from state.
func (r *b2bOrganizationRBACPolicyResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.client == nil {
		return
	}
	var planned, prior types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("organization_id"), &planned)...)
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("organization_id"), &prior)...)
	}
	if resp.Diagnostics.HasError() || planned.IsUnknown() || planned.IsNull() || planned.Equal(prior) {
		return
	}
	org, err := r.client.GetOrganization(ctx, planned.ValueString())
	if err != nil || org.OrganizationID == planned.ValueString() {
		return // an id, or an organization Stytch does not find: Create reports that
	}
	effect := "Stytch's RBAC answers do not name the organization, so state would keep this value, and renaming the " +
		"slug later would plan a replacement of the policy."
	if org.OrganizationID == prior.ValueString() {
		effect = "Terraform compares the values as text, so it would replace the policy: remove the organization's roles " +
			"and set them again, leaving the organization without them in between."
	}
	resp.Diagnostics.AddAttributeError(path.Root("organization_id"), "Organization Given By Slug",
		fmt.Sprintf("organization_id is %q, which Stytch resolves to organization %s. %s Write the organization's id "+
			"instead, such as stytch_b2b_organization.example.organization_id or %q.",
			planned.ValueString(), org.OrganizationID, effect, org.OrganizationID))
}

// Create costs two calls: Stytch's Set replaces every custom role of the
// organization, so a GET first makes sure it deletes none that Terraform
// does not know. Roles already there are adopted when they are exactly the
// planned ones (no Set is needed then), and refused otherwise with the
// import command, which brings them under Terraform so that the next plan
// shows what would change.
func (r *b2bOrganizationRBACPolicyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan b2bOrganizationRBACPolicyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	orgID := plan.OrganizationID.ValueString()
	roles := rbacRolesToAPI(ctx, plan.Roles, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	existing, err := r.client.GetOrganizationRBACPolicy(ctx, orgID)
	if err != nil {
		addRBACPolicyAPIError(&resp.Diagnostics, "Create", orgID,
			"Stytch did not read the custom roles of organization "+orgID+", which Terraform checks before it replaces them.", err)
		return
	}
	policy := existing
	switch {
	case sameRoles(existing.Roles, roles):
		tflog.Info(ctx, "Stytch B2B organization already has exactly the planned custom roles; adopting them",
			map[string]any{"organization_id": orgID, "roles": len(roles)})
	case len(existing.Roles) > 0:
		resp.Diagnostics.AddAttributeError(path.Root("organization_id"), "Organization Already Has Custom Roles",
			existingRolesDetail(orgID, existing.Roles))
		return
	default:
		policy, err = r.client.SetOrganizationRBACPolicy(ctx, orgID, stytch.OrgPolicy{Roles: roles})
		if err != nil {
			addRBACPolicyAPIError(&resp.Diagnostics, "Create", orgID, "", err)
			return
		}
		tflog.Info(ctx, "Set Stytch B2B organization RBAC policy", map[string]any{"organization_id": orgID, "roles": len(roles)})
	}
	plan.ID = plan.OrganizationID
	plan.Roles = rbacRolesFromAPI(policy.Roles, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	// The policy's answers do not name the organization; ModifyPlan has made
	// sure that organization_id is its id, not a slug.
	setIdentity(ctx, resp.Identity, newOrganizationIdentity(orgID), &resp.Diagnostics)
}

// existingRolesDetail is the error of a Create that would delete custom
// roles Terraform does not manage: their ids, and how to import them.
func existingRolesDetail(orgID string, existing []stytch.CustomRole) string {
	ids := make([]string, 0, len(existing))
	for _, role := range existing {
		ids = append(ids, fmt.Sprintf("%q", role.RoleID))
	}
	slices.Sort(ids)
	return fmt.Sprintf("Organization %s already has custom roles that differ from this configuration's: %s. Creating the "+
		"policy would replace them, deleting any that the configuration does not list, so Terraform stops instead.\n\n"+
		"Bring them under Terraform first (replace NAME with this resource's name):\n\n"+
		"  terraform import stytch_b2b_organization_rbac_policy.NAME %s\n\n"+
		"or an import block:\n\n  import {\n    to = stytch_b2b_organization_rbac_policy.NAME\n    id = %q\n  }\n\n"+
		"The next plan then shows how the configuration changes them, and apply makes exactly that change. "+
		"`terraform plan -generate-config-out=roles.tf` writes their configuration.",
		orgID, strings.Join(ids, ", "), orgID, orgID)
}

// Read refreshes the roles with one GET of the policy, so drift shows in the
// plan. An organization deleted outside Terraform takes its roles with it.
// Right after an import, id holds the organization's id or slug: the
// organization is read first to record its id.
func (r *b2bOrganizationRBACPolicyResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state b2bOrganizationRBACPolicyModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if state.OrganizationID.IsNull() {
		lookup := state.ID.ValueString()
		org, err := r.client.GetOrganization(ctx, lookup)
		if err != nil {
			what := fmt.Sprintf("Stytch did not read organization %s.", lookup)
			if stytch.IsErrorType(err, stytch.ErrorTypeOrganizationNotFound) {
				what = fmt.Sprintf("No organization has the id or slug %q. Check the import id, or the organization_id "+
					"of the import block's identity: the organization's id (organization-test-...) or slug.", lookup)
			}
			addObjectAPIError(&resp.Diagnostics, "Unable to Import B2B Organization RBAC Policy", what, err)
			return
		}
		state.OrganizationID = types.StringValue(org.OrganizationID)
		state.ID = types.StringValue(org.OrganizationID)
	}
	orgID := state.OrganizationID.ValueString()
	policy, err := r.client.GetOrganizationRBACPolicy(ctx, orgID)
	if stytch.IsErrorType(err, stytch.ErrorTypeOrganizationNotFound) {
		tflog.Warn(ctx, "Stytch B2B organization not found; removing its RBAC policy from state", map[string]any{"organization_id": orgID})
		removeResource(ctx, resp, newOrganizationIdentity(orgID))
		return
	}
	if err != nil {
		addRBACPolicyAPIError(&resp.Diagnostics, "Read", orgID, "", err)
		return
	}
	state.Roles = rbacRolesFromAPI(policy.Roles, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	// organization_id is the id: Stytch's answer after an import, and
	// Create's (checked) value otherwise.
	setIdentity(ctx, resp.Identity, newOrganizationIdentity(orgID), &resp.Diagnostics)
}

// Update sets the planned roles with one PUT, which replaces the
// organization's custom roles: added, changed and removed roles in one call.
func (r *b2bOrganizationRBACPolicyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state b2bOrganizationRBACPolicyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	orgID := state.OrganizationID.ValueString()
	roles := rbacRolesToAPI(ctx, plan.Roles, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	policy, err := r.client.SetOrganizationRBACPolicy(ctx, orgID, stytch.OrgPolicy{Roles: roles})
	if err != nil {
		addRBACPolicyAPIError(&resp.Diagnostics, "Update", orgID, "", err)
		return
	}
	plan.ID = state.ID
	plan.Roles = rbacRolesFromAPI(policy.Roles, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, newOrganizationIdentity(orgID), &resp.Diagnostics)
}

// Delete removes every custom role with one PUT of an empty policy. An
// organization already gone has none.
func (r *b2bOrganizationRBACPolicyResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state b2bOrganizationRBACPolicyModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	orgID := state.OrganizationID.ValueString()
	_, err := r.client.SetOrganizationRBACPolicy(ctx, orgID, stytch.OrgPolicy{Roles: []stytch.CustomRole{}})
	switch {
	case err == nil:
		tflog.Info(ctx, "Removed the custom roles of Stytch B2B organization", map[string]any{"organization_id": orgID})
	case stytch.IsErrorType(err, stytch.ErrorTypeOrganizationNotFound):
	default:
		addRBACPolicyAPIError(&resp.Diagnostics, "Delete", orgID, "", err)
	}
}

// ImportState accepts the organization's id or slug, as an id string or as
// the identity's organization_id; Read records its id.
func (r *b2bOrganizationRBACPolicyResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	ids, byIdentity := importIdentity[organizationIdentity](ctx, req, "stytch_b2b_organization_rbac_policy", &resp.Diagnostics)
	if byIdentity {
		if !resp.Diagnostics.HasError() {
			resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), ids.OrganizationID)...)
		}
		return
	}
	if req.ID == "" || strings.Contains(req.ID, "/") {
		resp.Diagnostics.AddError("Invalid Import ID",
			fmt.Sprintf("The import id %q is not an organization's id (organization-test-...) or slug. Import the policy of "+
				"an organization with either, for example: terraform import stytch_b2b_organization_rbac_policy.acme acme", req.ID))
		return
	}
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
}

// addRBACPolicyAPIError adds the diagnostic of a failed call on an
// organization's policy. what replaces the default first sentence when not
// empty; Stytch's answers about the project's policy get a hint at where
// that policy is managed.
func addRBACPolicyAPIError(diags *diag.Diagnostics, operation, orgID, what string, err error) {
	if what == "" {
		what = fmt.Sprintf("Stytch did not %s the custom roles of organization %s.", strings.ToLower(operation), orgID)
		if operation == "Create" || operation == "Update" {
			what = fmt.Sprintf("Stytch did not set the custom roles of organization %s.", orgID)
		}
	}
	switch {
	case stytch.IsErrorType(err, errorTypeInvalidPermissionResource), stytch.IsErrorType(err, errorTypeInvalidPermissionAction):
		what += " A permission names a resource or an action that the project's RBAC policy does not define. Resources " +
			"and actions come from the project's policy (Stytch's dashboard, or stytch_rbac_policy in Stytch's own " +
			"Terraform provider): fix the permission, or add the resource or action there first."
	case stytch.IsErrorType(err, errorTypeRBACOrgCustomRolesOnly):
		what += " A role_id is a role of the project's RBAC policy, which an organization cannot redefine: choose another id."
	default:
		if apiErr, ok := stytch.AsError(err); ok && apiErr.StatusCode == 403 {
			what += " Stytch's organization RBAC policy API is a private beta that must be enabled for the workspace: " +
				"ask Stytch support."
		}
	}
	addObjectAPIError(diags, "Unable to "+operation+" B2B Organization RBAC Policy", what, err)
}

// rbacRolesFromAPI converts Stytch's roles: a description of "" and an empty
// permission list become null, the one way the configuration writes them.
func rbacRolesFromAPI(in []stytch.CustomRole, diags *diag.Diagnostics) types.Set {
	return objectSet(in, rbacRoleAttrTypes, func(role stytch.CustomRole) map[string]attr.Value {
		description := types.StringNull()
		if role.Description != "" {
			description = types.StringValue(role.Description)
		}
		permissions := types.SetNull(types.ObjectType{AttrTypes: rbacPermissionAttrTypes})
		if len(role.Permissions) > 0 {
			permissions = objectSet(role.Permissions, rbacPermissionAttrTypes, func(p stytch.RolePermission) map[string]attr.Value {
				actions := make([]attr.Value, 0, len(p.Actions))
				for _, a := range p.Actions {
					actions = append(actions, types.StringValue(a))
				}
				set, d := types.SetValue(types.StringType, actions)
				diags.Append(d...)
				return map[string]attr.Value{"resource_id": types.StringValue(p.ResourceID), "actions": set}
			}, diags)
		}
		return map[string]attr.Value{
			"role_id":     types.StringValue(role.RoleID),
			"description": description,
			"permissions": permissions,
		}
	}, diags)
}

// rbacRolesToAPI converts the planned roles, sorted by id with their
// permissions sorted by resource and their actions sorted, so that the same
// configuration always sends the same body. Lists are never nil.
func rbacRolesToAPI(ctx context.Context, s types.Set, diags *diag.Diagnostics) []stytch.CustomRole {
	var models []rbacRoleModel
	if !s.IsNull() && !s.IsUnknown() {
		diags.Append(s.ElementsAs(ctx, &models, false)...)
	}
	out := make([]stytch.CustomRole, 0, len(models))
	for _, m := range models {
		var permissions []rbacPermissionModel
		if !m.Permissions.IsNull() && !m.Permissions.IsUnknown() {
			diags.Append(m.Permissions.ElementsAs(ctx, &permissions, false)...)
		}
		role := stytch.CustomRole{RoleID: m.RoleID.ValueString(), Description: m.Description.ValueString(), Permissions: []stytch.RolePermission{}}
		for _, p := range permissions {
			actions := []string{}
			diags.Append(p.Actions.ElementsAs(ctx, &actions, false)...)
			role.Permissions = append(role.Permissions, stytch.RolePermission{ResourceID: p.ResourceID.ValueString(), Actions: actions})
		}
		out = append(out, role)
	}
	return canonicalRoles(out)
}

// canonicalRoles returns a copy of roles in a canonical order: roles by id,
// permissions by resource, actions sorted. Lists are never nil.
func canonicalRoles(roles []stytch.CustomRole) []stytch.CustomRole {
	out := make([]stytch.CustomRole, 0, len(roles))
	for _, r := range roles {
		permissions := make([]stytch.RolePermission, 0, len(r.Permissions))
		for _, p := range r.Permissions {
			actions := append([]string{}, p.Actions...)
			slices.Sort(actions)
			permissions = append(permissions, stytch.RolePermission{ResourceID: p.ResourceID, Actions: actions})
		}
		slices.SortFunc(permissions, func(a, b stytch.RolePermission) int { return strings.Compare(a.ResourceID, b.ResourceID) })
		out = append(out, stytch.CustomRole{RoleID: r.RoleID, Description: r.Description, Permissions: permissions})
	}
	slices.SortFunc(out, func(a, b stytch.CustomRole) int { return strings.Compare(a.RoleID, b.RoleID) })
	return out
}

// sameRoles reports whether two lists hold the same roles, whatever their
// order and the order of their permissions and actions.
func sameRoles(a, b []stytch.CustomRole) bool {
	return slices.EqualFunc(canonicalRoles(a), canonicalRoles(b), func(x, y stytch.CustomRole) bool {
		return x.RoleID == y.RoleID && x.Description == y.Description &&
			slices.EqualFunc(x.Permissions, y.Permissions, func(p, q stytch.RolePermission) bool {
				return p.ResourceID == q.ResourceID && slices.Equal(p.Actions, q.Actions)
			})
	})
}
