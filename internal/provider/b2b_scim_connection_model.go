package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// b2bSCIMConnectionModel is the state of stytch_b2b_scim_connection.
// BearerToken is the only copy of the token outside Stytch and the IdP:
// Stytch answers it at creation and rotation only, so the conversions from a
// read never touch it.
type b2bSCIMConnectionModel struct {
	ID                   types.String `tfsdk:"id"`
	OrganizationID       types.String `tfsdk:"organization_id"`
	ConnectionID         types.String `tfsdk:"connection_id"`
	Status               types.String `tfsdk:"status"`
	DisplayName          types.String `tfsdk:"display_name"`
	IdentityProvider     types.String `tfsdk:"identity_provider"`
	BaseURL              types.String `tfsdk:"base_url"`
	GroupRoleAssignments types.Set    `tfsdk:"scim_group_implicit_role_assignments"`
	RotationTrigger      types.String `tfsdk:"rotation_trigger"`
	BearerToken          types.String `tfsdk:"bearer_token"`
	BearerTokenLastFour  types.String `tfsdk:"bearer_token_last_four"`
	BearerTokenExpiresAt types.String `tfsdk:"bearer_token_expires_at"`
}

// scimGroupRoleAssignmentAttrTypes is the object type of one assignment in
// the resource: what is sent. Stytch's group_name is shown by the data
// source only; in the resource it would be a read-only value inside set
// elements, whose identity would then be unknown in every plan.
var scimGroupRoleAssignmentAttrTypes = map[string]attr.Type{"group_id": types.StringType, "role_id": types.StringType}

type scimGroupRoleAssignmentModel struct {
	GroupID types.String `tfsdk:"group_id"`
	RoleID  types.String `tfsdk:"role_id"`
}

// scimConnectionFields are the fields every answer carries, whichever of the
// three connection shapes it is.
type scimConnectionFields struct {
	organizationID, connectionID, status, displayName, identityProvider, baseURL string
	assignments                                                                  []stytch.SCIMGroupRoleAssignment
}

func fieldsOfSCIMConnection(c *stytch.SCIMConnection) scimConnectionFields {
	return scimConnectionFields{c.OrganizationID, c.ConnectionID, c.Status, c.DisplayName, c.IdentityProvider, c.BaseURL, c.SCIMGroupImplicitRoleAssignments}
}

func fieldsOfCreatedSCIMConnection(c *stytch.SCIMConnectionWithToken) scimConnectionFields {
	return scimConnectionFields{c.OrganizationID, c.ConnectionID, c.Status, c.DisplayName, c.IdentityProvider, c.BaseURL, c.SCIMGroupImplicitRoleAssignments}
}

// setFields overwrites the attributes Stytch returns in every answer.
// organization_id is left alone: it holds what the configuration says (Read
// records the organization's id).
func (m *b2bSCIMConnectionModel) setFields(f scimConnectionFields, diags *diag.Diagnostics) {
	m.ID = types.StringValue(f.connectionID)
	m.ConnectionID = types.StringValue(f.connectionID)
	m.Status = types.StringValue(f.status)
	m.DisplayName = types.StringValue(f.displayName)
	m.IdentityProvider = types.StringValue(f.identityProvider)
	m.BaseURL = types.StringValue(f.baseURL)
	m.GroupRoleAssignments = scimGroupRoleAssignmentsFromAPI(f.assignments, diags)
}

// fromAPI takes a connection as Get, Update and the rotation complete answer
// it: everything but the token, which they never carry.
func (m *b2bSCIMConnectionModel) fromAPI(c *stytch.SCIMConnection, diags *diag.Diagnostics) {
	m.setFields(fieldsOfSCIMConnection(c), diags)
	m.BearerTokenLastFour = types.StringValue(c.BearerTokenLastFour)
	m.BearerTokenExpiresAt = optionalString(c.BearerTokenExpiresAt)
}

// fromCreated takes the create's answer, the one with the token. It has no
// bearer_token_last_four: Stytch's field is "the last four digits of the
// bearer token", so they are taken from the token.
func (m *b2bSCIMConnectionModel) fromCreated(c *stytch.SCIMConnectionWithToken, diags *diag.Diagnostics) {
	m.setFields(fieldsOfCreatedSCIMConnection(c), diags)
	m.setToken(c.BearerToken, "", c.BearerTokenExpiresAt)
}

// setToken records a token Stytch has just issued, with its last four
// characters (Stytch's when it answered them) and its expiry.
func (m *b2bSCIMConnectionModel) setToken(token, lastFour, expiresAt string) {
	if lastFour == "" {
		lastFour = tokenLastFour(token)
	}
	m.BearerToken = types.StringValue(token)
	m.BearerTokenLastFour = types.StringValue(lastFour)
	m.BearerTokenExpiresAt = optionalString(expiresAt)
}

// tokenLastFour is what Stytch shows of a token in bearer_token_last_four.
func tokenLastFour(token string) string {
	if len(token) <= 4 {
		return token
	}
	return token[len(token)-4:]
}

// tokenStillCurrent reports whether the token in state is the one Stytch
// shows the last four characters of. Without a token, or when Stytch shows
// none, there is nothing to compare and the token is kept.
func (m *b2bSCIMConnectionModel) tokenStillCurrent(c *stytch.SCIMConnection) bool {
	if m.BearerToken.IsNull() || m.BearerToken.IsUnknown() || c.BearerTokenLastFour == "" {
		return true
	}
	return tokenLastFour(m.BearerToken.ValueString()) == c.BearerTokenLastFour
}

// optionalString is null for "": Stytch's expiry times are optional in every
// SDK's type.
func optionalString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

func scimGroupRoleAssignmentsFromAPI(in []stytch.SCIMGroupRoleAssignment, diags *diag.Diagnostics) types.Set {
	return objectSet(in, scimGroupRoleAssignmentAttrTypes, func(a stytch.SCIMGroupRoleAssignment) map[string]attr.Value {
		return map[string]attr.Value{"group_id": types.StringValue(a.GroupID), "role_id": types.StringValue(a.RoleID)}
	}, diags)
}

// scimGroupRoleAssignmentsToAPI returns the set as Stytch's list; an empty
// set is an empty, non-nil list, so that it clears the assignments.
func scimGroupRoleAssignmentsToAPI(ctx context.Context, s types.Set, diags *diag.Diagnostics) []stytch.SCIMGroupRoleAssignment {
	var models []scimGroupRoleAssignmentModel
	diags.Append(s.ElementsAs(ctx, &models, false)...)
	out := make([]stytch.SCIMGroupRoleAssignment, 0, len(models))
	for _, m := range models {
		out = append(out, stytch.SCIMGroupRoleAssignment{GroupID: m.GroupID.ValueString(), RoleID: m.RoleID.ValueString()})
	}
	return out
}

// toUpdateRequest is the smallest PUT that turns the connection described by
// current into plan: each argument whose planned value is known and differs.
func (m *b2bSCIMConnectionModel) toUpdateRequest(ctx context.Context, current *b2bSCIMConnectionModel, diags *diag.Diagnostics) stytch.UpdateSCIMConnectionRequest {
	changed := func(planned, now types.String) *string {
		if planned.IsUnknown() || planned.IsNull() || planned.Equal(now) {
			return nil
		}
		v := planned.ValueString()
		return &v
	}
	req := stytch.UpdateSCIMConnectionRequest{
		DisplayName:      changed(m.DisplayName, current.DisplayName),
		IdentityProvider: changed(m.IdentityProvider, current.IdentityProvider),
	}
	if !m.GroupRoleAssignments.IsUnknown() && !m.GroupRoleAssignments.IsNull() && !m.GroupRoleAssignments.Equal(current.GroupRoleAssignments) {
		v := scimGroupRoleAssignmentsToAPI(ctx, m.GroupRoleAssignments, diags)
		req.SCIMGroupImplicitRoleAssignments = &v
	}
	return req
}

// scimUpdateIsEmpty reports whether an update request sends nothing.
func scimUpdateIsEmpty(req stytch.UpdateSCIMConnectionRequest) bool {
	return req.DisplayName == nil && req.IdentityProvider == nil && req.SCIMGroupImplicitRoleAssignments == nil
}

// rotates reports whether a plan's rotation_trigger asks for a new token: it
// is set (or unknown, so that it may be) and differs from the value in
// state. Removing it asks for nothing.
func rotates(planned, current types.String) bool {
	if planned.IsUnknown() {
		return true
	}
	return !planned.IsNull() && !planned.Equal(current)
}
