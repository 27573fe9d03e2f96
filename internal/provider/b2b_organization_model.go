package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// b2bOrganizationModel is the Terraform form of a Stytch B2B organization. The
// wire form is stytch.Organization; the functions below convert between them.
type b2bOrganizationModel struct {
	ID                                   types.String         `tfsdk:"id"`
	OrganizationID                       types.String         `tfsdk:"organization_id"`
	OrganizationName                     types.String         `tfsdk:"organization_name"`
	OrganizationSlug                     types.String         `tfsdk:"organization_slug"`
	OrganizationLogoURL                  types.String         `tfsdk:"organization_logo_url"`
	OrganizationExternalID               types.String         `tfsdk:"organization_external_id"`
	TrustedMetadata                      jsontypes.Normalized `tfsdk:"trusted_metadata"`
	MFAPolicy                            types.String         `tfsdk:"mfa_policy"`
	EmailJITProvisioning                 types.String         `tfsdk:"email_jit_provisioning"`
	EmailInvites                         types.String         `tfsdk:"email_invites"`
	EmailAllowedDomains                  types.Set            `tfsdk:"email_allowed_domains"`
	SSOJITProvisioning                   types.String         `tfsdk:"sso_jit_provisioning"`
	SSOJITProvisioningAllowedConnections types.Set            `tfsdk:"sso_jit_provisioning_allowed_connections"`
	SSODefaultConnectionID               types.String         `tfsdk:"sso_default_connection_id"`
	AuthMethods                          types.String         `tfsdk:"auth_methods"`
	AllowedAuthMethods                   types.Set            `tfsdk:"allowed_auth_methods"`
	MFAMethods                           types.String         `tfsdk:"mfa_methods"`
	AllowedMFAMethods                    types.Set            `tfsdk:"allowed_mfa_methods"`
	RBACEmailImplicitRoleAssignments     types.Set            `tfsdk:"rbac_email_implicit_role_assignments"`
	OAuthTenantJITProvisioning           types.String         `tfsdk:"oauth_tenant_jit_provisioning"`
	AllowedOAuthTenants                  types.Map            `tfsdk:"allowed_oauth_tenants"`
	ClaimedEmailDomains                  types.Set            `tfsdk:"claimed_email_domains"`
	FirstPartyConnectedAppsAllowedType   types.String         `tfsdk:"first_party_connected_apps_allowed_type"`
	AllowedFirstPartyConnectedApps       types.Set            `tfsdk:"allowed_first_party_connected_apps"`
	ThirdPartyConnectedAppsAllowedType   types.String         `tfsdk:"third_party_connected_apps_allowed_type"`
	AllowedThirdPartyConnectedApps       types.Set            `tfsdk:"allowed_third_party_connected_apps"`
	SSOActiveConnections                 types.List           `tfsdk:"sso_active_connections"`
	SCIMActiveConnection                 types.Object         `tfsdk:"scim_active_connection"`
	CustomRoles                          types.List           `tfsdk:"custom_roles"`
	CreatedAt                            types.String         `tfsdk:"created_at"`
	UpdatedAt                            types.String         `tfsdk:"updated_at"`
}

// Types of the nested attributes, read from the resource schema for the
// conversions below.
var (
	roleAssignmentAttrTypes = objectAttrTypes(organizationAttrType("rbac_email_implicit_role_assignments"))
	oauthTenantsElemType    = mapElemType(organizationAttrType("allowed_oauth_tenants"))
	ssoConnectionAttrTypes  = objectAttrTypes(organizationAttrType("sso_active_connections"))
	scimConnectionAttrTypes = objectAttrTypes(organizationAttrType("scim_active_connection"))
	customRoleAttrTypes     = objectAttrTypes(organizationAttrType("custom_roles"))
	permissionAttrTypes     = objectAttrTypes(customRoleAttrTypes["permissions"])
)

// organizationAttrType is the type of a top-level attribute of the resource schema.
func organizationAttrType(name string) attr.Type {
	a, ok := organizationResourceSchema().Attributes[name]
	if !ok {
		panic(fmt.Sprintf("stytch_b2b_organization has no attribute %q", name))
	}
	return a.GetType()
}

// roleAssignmentModel is one entry of rbac_email_implicit_role_assignments.
type roleAssignmentModel struct {
	Domain types.String `tfsdk:"domain"`
	RoleID types.String `tfsdk:"role_id"`
}

// fromAPI overwrites every attribute of m with the organization as Stytch
// returned it, so that state always mirrors the API and drift shows in plans.
func (m *b2bOrganizationModel) fromAPI(ctx context.Context, org *stytch.Organization) diag.Diagnostics {
	var diags diag.Diagnostics
	m.ID = types.StringValue(org.OrganizationID)
	m.OrganizationID = types.StringValue(org.OrganizationID)
	m.OrganizationName = types.StringValue(org.OrganizationName)
	m.OrganizationSlug = types.StringValue(org.OrganizationSlug)
	m.OrganizationLogoURL = types.StringValue(org.OrganizationLogoURL)
	m.OrganizationExternalID = types.StringValue(org.OrganizationExternalID)
	m.TrustedMetadata = metadataFromAPI(org.TrustedMetadata, &diags)
	m.MFAPolicy = types.StringValue(org.MFAPolicy)
	m.EmailJITProvisioning = types.StringValue(org.EmailJITProvisioning)
	m.EmailInvites = types.StringValue(org.EmailInvites)
	m.EmailAllowedDomains = stringSet(ctx, org.EmailAllowedDomains, &diags)
	m.SSOJITProvisioning = types.StringValue(org.SSOJITProvisioning)
	m.SSOJITProvisioningAllowedConnections = stringSet(ctx, org.SSOJITProvisioningAllowedConnections, &diags)
	m.SSODefaultConnectionID = types.StringPointerValue(org.SSODefaultConnectionID)
	if org.SSODefaultConnectionID != nil && *org.SSODefaultConnectionID == "" {
		m.SSODefaultConnectionID = types.StringNull()
	}
	m.AuthMethods = types.StringValue(org.AuthMethods)
	m.AllowedAuthMethods = stringSet(ctx, org.AllowedAuthMethods, &diags)
	m.MFAMethods = types.StringValue(org.MFAMethods)
	m.AllowedMFAMethods = stringSet(ctx, org.AllowedMFAMethods, &diags)
	m.RBACEmailImplicitRoleAssignments = roleAssignmentsFromAPI(ctx, org.RBACEmailImplicitRoleAssignments, &diags)
	m.OAuthTenantJITProvisioning = types.StringValue(org.OAuthTenantJITProvisioning)
	m.AllowedOAuthTenants = oauthTenantsFromAPI(ctx, org.AllowedOAuthTenants, &diags)
	m.ClaimedEmailDomains = stringSet(ctx, org.ClaimedEmailDomains, &diags)
	m.FirstPartyConnectedAppsAllowedType = types.StringValue(org.FirstPartyConnectedAppsAllowedType)
	m.AllowedFirstPartyConnectedApps = stringSet(ctx, org.AllowedFirstPartyConnectedApps, &diags)
	m.ThirdPartyConnectedAppsAllowedType = types.StringValue(org.ThirdPartyConnectedAppsAllowedType)
	m.AllowedThirdPartyConnectedApps = stringSet(ctx, org.AllowedThirdPartyConnectedApps, &diags)
	m.SSOActiveConnections = ssoConnectionsFromAPI(org.SSOActiveConnections, &diags)
	m.SCIMActiveConnection = scimConnectionFromAPI(org.SCIMActiveConnection, &diags)
	m.CustomRoles = customRolesFromAPI(ctx, org.CustomRoles, &diags)
	m.CreatedAt = types.StringValue(org.CreatedAt)
	m.UpdatedAt = types.StringValue(org.UpdatedAt)
	return diags
}

// toCreateRequest builds the Create body from the plan. Unknown values (Stytch's
// defaults for Optional+Computed settings) are not sent.
func (m *b2bOrganizationModel) toCreateRequest(ctx context.Context) (stytch.CreateRequest, diag.Diagnostics) {
	var diags diag.Diagnostics
	req := stytch.CreateRequest{
		OrganizationName:                   m.OrganizationName.ValueString(),
		OrganizationSlug:                   m.OrganizationSlug.ValueString(),
		OrganizationLogoURL:                m.OrganizationLogoURL.ValueString(),
		OrganizationExternalID:             m.OrganizationExternalID.ValueString(),
		MFAPolicy:                          m.MFAPolicy.ValueString(),
		EmailJITProvisioning:               m.EmailJITProvisioning.ValueString(),
		EmailInvites:                       m.EmailInvites.ValueString(),
		EmailAllowedDomains:                setStrings(ctx, m.EmailAllowedDomains, &diags),
		SSOJITProvisioning:                 m.SSOJITProvisioning.ValueString(),
		AuthMethods:                        m.AuthMethods.ValueString(),
		AllowedAuthMethods:                 setStrings(ctx, m.AllowedAuthMethods, &diags),
		MFAMethods:                         m.MFAMethods.ValueString(),
		AllowedMFAMethods:                  setStrings(ctx, m.AllowedMFAMethods, &diags),
		RBACEmailImplicitRoleAssignments:   roleAssignmentsToAPI(ctx, m.RBACEmailImplicitRoleAssignments, &diags),
		OAuthTenantJITProvisioning:         m.OAuthTenantJITProvisioning.ValueString(),
		AllowedOAuthTenants:                oauthTenantsToAPI(ctx, m.AllowedOAuthTenants, &diags),
		ClaimedEmailDomains:                setStrings(ctx, m.ClaimedEmailDomains, &diags),
		FirstPartyConnectedAppsAllowedType: m.FirstPartyConnectedAppsAllowedType.ValueString(),
		AllowedFirstPartyConnectedApps:     setStrings(ctx, m.AllowedFirstPartyConnectedApps, &diags),
		ThirdPartyConnectedAppsAllowedType: m.ThirdPartyConnectedAppsAllowedType.ValueString(),
		AllowedThirdPartyConnectedApps:     setStrings(ctx, m.AllowedThirdPartyConnectedApps, &diags),
	}
	req.TrustedMetadata = metadataToAPI(m.TrustedMetadata, &diags)
	if len(req.TrustedMetadata) == 0 {
		req.TrustedMetadata = nil
	}
	return req, diags
}

// toUpdateRequest builds the smallest Update body that turns state into plan:
// only fields whose planned value differs from state are sent. Lists and
// objects that the configuration emptied are sent as [] or {} so that Stytch
// clears them; trusted_metadata keys that left the configuration are sent as
// null, because Stytch merges metadata key by key. The external id cannot be
// cleared through Update (see clearsExternalID).
func (m *b2bOrganizationModel) toUpdateRequest(ctx context.Context, state *b2bOrganizationModel) (stytch.UpdateRequest, diag.Diagnostics) {
	var diags diag.Diagnostics
	var req stytch.UpdateRequest

	req.OrganizationName = changedString(m.OrganizationName, state.OrganizationName)
	req.OrganizationSlug = changedString(m.OrganizationSlug, state.OrganizationSlug)
	req.OrganizationLogoURL = changedString(m.OrganizationLogoURL, state.OrganizationLogoURL)
	if ext := changedString(m.OrganizationExternalID, state.OrganizationExternalID); ext != nil && *ext != "" {
		req.OrganizationExternalID = ext
	}
	req.MFAPolicy = changedString(m.MFAPolicy, state.MFAPolicy)
	req.EmailJITProvisioning = changedString(m.EmailJITProvisioning, state.EmailJITProvisioning)
	req.EmailInvites = changedString(m.EmailInvites, state.EmailInvites)
	req.SSOJITProvisioning = changedString(m.SSOJITProvisioning, state.SSOJITProvisioning)
	req.AuthMethods = changedString(m.AuthMethods, state.AuthMethods)
	req.MFAMethods = changedString(m.MFAMethods, state.MFAMethods)
	req.OAuthTenantJITProvisioning = changedString(m.OAuthTenantJITProvisioning, state.OAuthTenantJITProvisioning)
	req.FirstPartyConnectedAppsAllowedType = changedString(m.FirstPartyConnectedAppsAllowedType, state.FirstPartyConnectedAppsAllowedType)
	req.ThirdPartyConnectedAppsAllowedType = changedString(m.ThirdPartyConnectedAppsAllowedType, state.ThirdPartyConnectedAppsAllowedType)

	req.EmailAllowedDomains = changedSet(ctx, m.EmailAllowedDomains, state.EmailAllowedDomains, &diags)
	req.AllowedAuthMethods = changedSet(ctx, m.AllowedAuthMethods, state.AllowedAuthMethods, &diags)
	req.AllowedMFAMethods = changedSet(ctx, m.AllowedMFAMethods, state.AllowedMFAMethods, &diags)
	req.ClaimedEmailDomains = changedSet(ctx, m.ClaimedEmailDomains, state.ClaimedEmailDomains, &diags)
	req.AllowedFirstPartyConnectedApps = changedSet(ctx, m.AllowedFirstPartyConnectedApps, state.AllowedFirstPartyConnectedApps, &diags)
	req.AllowedThirdPartyConnectedApps = changedSet(ctx, m.AllowedThirdPartyConnectedApps, state.AllowedThirdPartyConnectedApps, &diags)

	if !m.RBACEmailImplicitRoleAssignments.IsUnknown() && !m.RBACEmailImplicitRoleAssignments.Equal(state.RBACEmailImplicitRoleAssignments) {
		planned := roleAssignmentsToAPI(ctx, m.RBACEmailImplicitRoleAssignments, &diags)
		if !slices.Equal(planned, roleAssignmentsToAPI(ctx, state.RBACEmailImplicitRoleAssignments, &diags)) {
			if planned == nil {
				planned = []stytch.RoleAssignment{}
			}
			req.RBACEmailImplicitRoleAssignments = &planned
		}
	}

	if !m.AllowedOAuthTenants.IsUnknown() {
		// Stytch's merge behavior for this object is undocumented (DESIGN.md, "Allowed OAuth tenants"); the
		// provider sends the whole object, which replaces it, and {} to clear it.
		tenants := oauthTenantsToAPI(ctx, m.AllowedOAuthTenants, &diags)
		if !reflect.DeepEqual(tenants, oauthTenantsToAPI(ctx, state.AllowedOAuthTenants, &diags)) {
			if tenants == nil {
				tenants = map[string][]string{}
			}
			req.AllowedOAuthTenants = &tenants
		}
	}

	req.TrustedMetadata = metadataDiff(m.TrustedMetadata, state.TrustedMetadata, &diags)
	return req, diags
}

// clearsExternalID reports whether the plan removes the organization's external
// id. Stytch documents a dedicated endpoint for that (DESIGN.md, "Delete the external id"); what an empty
// string does in Update is not documented.
func (m *b2bOrganizationModel) clearsExternalID(state *b2bOrganizationModel) bool {
	return !m.OrganizationExternalID.IsUnknown() && m.OrganizationExternalID.ValueString() == "" &&
		state.OrganizationExternalID.ValueString() != ""
}

// changedString returns the planned value when it is known and differs from state.
func changedString(plan, state types.String) *string {
	if plan.IsUnknown() || plan.IsNull() || plan.Equal(state) {
		return nil
	}
	v := plan.ValueString()
	return &v
}

// changedSet returns the planned list when it is known and differs from state;
// an emptied set is returned as an empty (not nil) slice so that it is sent as [].
func changedSet(ctx context.Context, plan, state types.Set, diags *diag.Diagnostics) *[]string {
	if plan.IsUnknown() {
		return nil
	}
	planned := setStrings(ctx, plan, diags)
	current := setStrings(ctx, state, diags)
	if slices.Equal(planned, current) {
		return nil
	}
	if planned == nil {
		planned = []string{}
	}
	return &planned
}

// setStrings returns the elements of a known set, sorted; nil for null, unknown or empty.
func setStrings(ctx context.Context, s types.Set, diags *diag.Diagnostics) []string {
	if s.IsNull() || s.IsUnknown() || len(s.Elements()) == 0 {
		return nil
	}
	var out []string
	diags.Append(s.ElementsAs(ctx, &out, false)...)
	sort.Strings(out)
	return out
}

// stringSet turns an API list into a set; a missing list becomes an empty set,
// because Stytch always has a value (possibly []) for its list fields.
func stringSet(ctx context.Context, values []string, diags *diag.Diagnostics) types.Set {
	if values == nil {
		values = []string{}
	}
	s, d := types.SetValueFrom(ctx, types.StringType, values)
	diags.Append(d...)
	return s
}

func roleAssignmentsFromAPI(ctx context.Context, in []stytch.RoleAssignment, diags *diag.Diagnostics) types.Set {
	models := make([]roleAssignmentModel, 0, len(in))
	for _, a := range in {
		models = append(models, roleAssignmentModel{Domain: types.StringValue(a.Domain), RoleID: types.StringValue(a.RoleID)})
	}
	s, d := types.SetValueFrom(ctx, types.ObjectType{AttrTypes: roleAssignmentAttrTypes}, models)
	diags.Append(d...)
	return s
}

// roleAssignmentsToAPI returns the assignments sorted by domain and role, nil when there are none.
func roleAssignmentsToAPI(ctx context.Context, s types.Set, diags *diag.Diagnostics) []stytch.RoleAssignment {
	if s.IsNull() || s.IsUnknown() || len(s.Elements()) == 0 {
		return nil
	}
	var models []roleAssignmentModel
	diags.Append(s.ElementsAs(ctx, &models, false)...)
	out := make([]stytch.RoleAssignment, 0, len(models))
	for _, m := range models {
		out = append(out, stytch.RoleAssignment{Domain: m.Domain.ValueString(), RoleID: m.RoleID.ValueString()})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Domain != out[j].Domain {
			return out[i].Domain < out[j].Domain
		}
		return out[i].RoleID < out[j].RoleID
	})
	return out
}

// oauthTenantsFromAPI maps Stytch's object of tenant lists to a map of sets.
// A provider with an empty list has no tenant, so it is left out.
func oauthTenantsFromAPI(ctx context.Context, in map[string][]string, diags *diag.Diagnostics) types.Map {
	out := map[string][]string{}
	for name, ids := range in {
		if len(ids) > 0 {
			out[name] = ids
		}
	}
	m, d := types.MapValueFrom(ctx, oauthTenantsElemType, out)
	diags.Append(d...)
	return m
}

// oauthTenantsToAPI returns Stytch's object, nil when no tenant is configured.
func oauthTenantsToAPI(ctx context.Context, m types.Map, diags *diag.Diagnostics) map[string][]string {
	if m.IsNull() || m.IsUnknown() || len(m.Elements()) == 0 {
		return nil
	}
	var sets map[string]types.Set
	diags.Append(m.ElementsAs(ctx, &sets, false)...)
	out := map[string][]string{}
	for name, s := range sets {
		if ids := setStrings(ctx, s, diags); len(ids) > 0 {
			out[name] = ids
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func ssoConnectionsFromAPI(in []stytch.ActiveSSOConnection, diags *diag.Diagnostics) types.List {
	return objectList(in, ssoConnectionAttrTypes, func(c stytch.ActiveSSOConnection) map[string]attr.Value {
		return map[string]attr.Value{
			"connection_id":     types.StringValue(c.ConnectionID),
			"display_name":      types.StringValue(c.DisplayName),
			"identity_provider": types.StringValue(c.IdentityProvider),
		}
	}, diags)
}

func scimConnectionFromAPI(in *stytch.ActiveSCIMConnection, diags *diag.Diagnostics) types.Object {
	if in == nil {
		return types.ObjectNull(scimConnectionAttrTypes)
	}
	obj, d := types.ObjectValue(scimConnectionAttrTypes, map[string]attr.Value{
		"connection_id":           types.StringValue(in.ConnectionID),
		"display_name":            types.StringValue(in.DisplayName),
		"bearer_token_last_four":  types.StringValue(in.BearerTokenLastFour),
		"bearer_token_expires_at": types.StringValue(in.BearerTokenExpiresAt),
	})
	diags.Append(d...)
	return obj
}

func customRolesFromAPI(ctx context.Context, in []stytch.CustomRole, diags *diag.Diagnostics) types.List {
	return objectList(in, customRoleAttrTypes, func(r stytch.CustomRole) map[string]attr.Value {
		permissions := objectList(r.Permissions, permissionAttrTypes, func(p stytch.RolePermission) map[string]attr.Value {
			actions, d := types.ListValueFrom(ctx, types.StringType, append([]string{}, p.Actions...))
			diags.Append(d...)
			return map[string]attr.Value{"resource_id": types.StringValue(p.ResourceID), "actions": actions}
		}, diags)
		return map[string]attr.Value{
			"role_id":     types.StringValue(r.RoleID),
			"description": types.StringValue(r.Description),
			"permissions": permissions,
		}
	}, diags)
}

// metadataFromAPI renders trusted_metadata as compact JSON with sorted keys;
// semantic equality of jsontypes.Normalized makes key order irrelevant.
func metadataFromAPI(in map[string]json.RawMessage, diags *diag.Diagnostics) jsontypes.Normalized {
	if in == nil {
		in = map[string]json.RawMessage{}
	}
	b, err := json.Marshal(in)
	if err != nil {
		diags.AddError("Unable to Read Trusted Metadata",
			"Stytch returned trusted_metadata that could not be encoded as JSON. Please report this issue to the provider developers.\n\n"+err.Error())
		return jsontypes.NewNormalizedValue("{}")
	}
	return jsontypes.NewNormalizedValue(string(b))
}

// metadataToAPI parses a configured trusted_metadata JSON object.
func metadataToAPI(v jsontypes.Normalized, diags *diag.Diagnostics) map[string]json.RawMessage {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	out, err := parseMetadata(v.ValueString())
	if err != nil {
		diags.AddAttributeError(pathTrustedMetadata, "Invalid Trusted Metadata", err.Error())
		return nil
	}
	return out
}

// parseMetadata parses a JSON object into its top-level keys.
func parseMetadata(s string) (map[string]json.RawMessage, error) {
	var out map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	if err := dec.Decode(&out); err != nil {
		return nil, fmt.Errorf("trusted_metadata must be a JSON object, such as jsonencode({ plan = \"enterprise\" }): %w", err)
	}
	if out == nil {
		return nil, fmt.Errorf("trusted_metadata must be a JSON object, such as jsonencode({ plan = \"enterprise\" }), not null")
	}
	return out, nil
}

// metadataDiff is the trusted_metadata part of an update: keys whose value
// changed or appeared, and null for keys that left the configuration. It is nil
// when nothing changed.
func metadataDiff(plan, state jsontypes.Normalized, diags *diag.Diagnostics) map[string]json.RawMessage {
	if plan.IsUnknown() || plan.IsNull() {
		return nil
	}
	planned := metadataToAPI(plan, diags)
	current := map[string]json.RawMessage{}
	if !state.IsNull() && !state.IsUnknown() {
		if parsed, err := parseMetadata(state.ValueString()); err == nil {
			current = parsed
		}
	}
	out := map[string]json.RawMessage{}
	for k, v := range planned {
		if old, ok := current[k]; !ok || !jsonEqual(old, v) {
			out[k] = v
		}
	}
	for k := range current {
		if _, ok := planned[k]; !ok {
			out[k] = nil // sent as null: Stytch deletes the key
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// jsonEqual compares two JSON values semantically (key order and spacing ignored).
func jsonEqual(a, b json.RawMessage) bool {
	va, errA := decodeJSONNumber(a)
	vb, errB := decodeJSONNumber(b)
	if errA != nil || errB != nil {
		return bytes.Equal(a, b)
	}
	ca, _ := json.Marshal(va)
	cb, _ := json.Marshal(vb)
	return bytes.Equal(ca, cb)
}

// decodeJSONNumber decodes any JSON value keeping numbers exact.
func decodeJSONNumber(raw json.RawMessage) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}
