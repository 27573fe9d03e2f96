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
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// This file holds what the SSO connection resources (SAML, OIDC, external)
// and the stytch_b2b_sso_connections data source share: the import id, the
// implicit role assignments, attribute mappings, certificates and the
// diagnostics of a failed call.

// parseConnectionImportID splits an import id "ORGANIZATION/CONNECTION_ID".
// ORGANIZATION may be the organization's id, slug or external id: Stytch's
// SSO paths accept all three, and Read records the organization's id.
func parseConnectionImportID(id string) (organization, connection string, err error) {
	organization, connection, ok := strings.Cut(id, "/")
	if !ok || organization == "" || connection == "" || strings.Contains(connection, "/") {
		return "", "", fmt.Errorf("the import id %q is not ORGANIZATION/CONNECTION_ID, such as "+
			"organization-test-0123.../saml-connection-test-4567... (the organization's slug may stand in for its id)", id)
	}
	return organization, connection, nil
}

// Object types of the implicit role assignments and of certificates.
var (
	connectionRoleAssignmentAttrTypes = map[string]attr.Type{"role_id": types.StringType}
	groupRoleAssignmentAttrTypes      = map[string]attr.Type{"role_id": types.StringType, "group": types.StringType}
	certificateAttrTypes              = map[string]attr.Type{
		"certificate_id": types.StringType,
		"certificate":    types.StringType,
		"issuer":         types.StringType,
		"created_at":     types.StringType,
		"expires_at":     types.StringType,
	}
)

// roleIDValidators check a role id: Stytch's reserved roles (stytch_member,
// stytch_admin) or a custom role of the project or the organization.
func roleIDValidators() []validator.String {
	return []validator.String{stringvalidator.LengthAtLeast(1)}
}

// connectionRoleAssignmentsAttribute is a set of {role_id}: roles every member
// who signs in through the connection gets. Omitting it clears the set.
func connectionRoleAssignmentsAttribute(description string) schema.SetNestedAttribute {
	return schema.SetNestedAttribute{
		MarkdownDescription: description + " Omitting it, or removing it from the configuration, removes every assignment in Stytch.",
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"role_id": schema.StringAttribute{
				MarkdownDescription: "The role granted, such as `stytch_admin` or a custom role's id.",
				Required:            true,
				Validators:          roleIDValidators(),
			},
		}},
		Optional: true,
		Computed: true,
		Default:  setdefault.StaticValue(types.SetValueMust(types.ObjectType{AttrTypes: connectionRoleAssignmentAttrTypes}, []attr.Value{})),
	}
}

// groupRoleAssignmentsAttribute is a set of {role_id, group}: roles members
// get when the IdP lists them in a group.
func groupRoleAssignmentsAttribute(description string) schema.SetNestedAttribute {
	return schema.SetNestedAttribute{
		MarkdownDescription: description + " Omitting it, or removing it from the configuration, removes every assignment in Stytch.",
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"role_id": schema.StringAttribute{
				MarkdownDescription: "The role granted, such as `stytch_admin` or a custom role's id.",
				Required:            true,
				Validators:          roleIDValidators(),
			},
			"group": schema.StringAttribute{
				MarkdownDescription: "The group name as the IdP sends it.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
		}},
		Optional: true,
		Computed: true,
		Default:  setdefault.StaticValue(types.SetValueMust(types.ObjectType{AttrTypes: groupRoleAssignmentAttrTypes}, []attr.Value{})),
	}
}

// certificatesAttribute is a read-only list of X.509 certificates.
func certificatesAttribute(description string) schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		MarkdownDescription: description,
		Computed:            true,
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"certificate_id": schema.StringAttribute{MarkdownDescription: "The certificate's id.", Computed: true},
			"certificate":    schema.StringAttribute{MarkdownDescription: "The certificate, PEM-encoded.", Computed: true},
			"issuer":         schema.StringAttribute{MarkdownDescription: "The certificate's issuer.", Computed: true},
			"created_at":     schema.StringAttribute{MarkdownDescription: "When the certificate was added (RFC 3339).", Computed: true},
			"expires_at":     schema.StringAttribute{MarkdownDescription: "When the certificate expires (RFC 3339).", Computed: true},
		}},
	}
}

type connectionRoleAssignmentModel struct {
	RoleID types.String `tfsdk:"role_id"`
}

type groupRoleAssignmentModel struct {
	RoleID types.String `tfsdk:"role_id"`
	Group  types.String `tfsdk:"group"`
}

func connectionRoleAssignmentsFromAPI(in []stytch.ConnectionRoleAssignment, diags *diag.Diagnostics) types.Set {
	return objectSet(in, connectionRoleAssignmentAttrTypes, func(ra stytch.ConnectionRoleAssignment) map[string]attr.Value {
		return map[string]attr.Value{"role_id": types.StringValue(ra.RoleID)}
	}, diags)
}

// connectionRoleAssignmentsToAPI returns the set as Stytch's list; an empty
// set is an empty, non-nil list, so that it clears the assignments.
func connectionRoleAssignmentsToAPI(ctx context.Context, s types.Set, diags *diag.Diagnostics) []stytch.ConnectionRoleAssignment {
	var models []connectionRoleAssignmentModel
	diags.Append(s.ElementsAs(ctx, &models, false)...)
	out := make([]stytch.ConnectionRoleAssignment, 0, len(models))
	for _, m := range models {
		out = append(out, stytch.ConnectionRoleAssignment{RoleID: m.RoleID.ValueString()})
	}
	return out
}

func groupRoleAssignmentsFromAPI(in []stytch.GroupRoleAssignment, diags *diag.Diagnostics) types.Set {
	return objectSet(in, groupRoleAssignmentAttrTypes, func(ra stytch.GroupRoleAssignment) map[string]attr.Value {
		return map[string]attr.Value{"role_id": types.StringValue(ra.RoleID), "group": types.StringValue(ra.Group)}
	}, diags)
}

// groupRoleAssignmentsToAPI is connectionRoleAssignmentsToAPI for group assignments.
func groupRoleAssignmentsToAPI(ctx context.Context, s types.Set, diags *diag.Diagnostics) []stytch.GroupRoleAssignment {
	var models []groupRoleAssignmentModel
	diags.Append(s.ElementsAs(ctx, &models, false)...)
	out := make([]stytch.GroupRoleAssignment, 0, len(models))
	for _, m := range models {
		out = append(out, stytch.GroupRoleAssignment{RoleID: m.RoleID.ValueString(), Group: m.Group.ValueString()})
	}
	return out
}

// stringMapFromAPI converts an attribute mapping; nil becomes an empty map.
func stringMapFromAPI(in map[string]string, diags *diag.Diagnostics) types.Map {
	elems := make(map[string]attr.Value, len(in))
	for k, v := range in {
		elems[k] = types.StringValue(v)
	}
	m, d := types.MapValue(types.StringType, elems)
	diags.Append(d...)
	return m
}

// stringMapToAPI converts a map of strings; an empty map is non-nil, so that
// it is sent as {}.
func stringMapToAPI(ctx context.Context, m types.Map, diags *diag.Diagnostics) map[string]string {
	out := map[string]string{}
	diags.Append(m.ElementsAs(ctx, &out, false)...)
	return out
}

func certificatesFromAPI(in []stytch.X509Certificate, diags *diag.Diagnostics) types.List {
	return objectList(in, certificateAttrTypes, func(c stytch.X509Certificate) map[string]attr.Value {
		return map[string]attr.Value{
			"certificate_id": types.StringValue(c.CertificateID),
			"certificate":    types.StringValue(c.Certificate),
			"issuer":         types.StringValue(c.Issuer),
			"created_at":     types.StringValue(c.CreatedAt),
			"expires_at":     types.StringValue(c.ExpiresAt),
		}
	}, diags)
}

// identityProviderValidators check identity_provider against Stytch's values.
func identityProviderValidators() []validator.String {
	return []validator.String{stringvalidator.OneOf(stytch.SSOIdentityProviderValues...)}
}

// describeConnection names a connection in messages.
func describeConnection(kind, organizationID, connectionID string) string {
	if connectionID == "" {
		return fmt.Sprintf("a %s connection of organization %s", kind, organizationID)
	}
	return fmt.Sprintf("%s connection %s of organization %s", kind, connectionID, organizationID)
}

// addConnectionAPIError adds the diagnostic of a failed call on a connection.
// kind is "SAML", "OIDC" or "external".
func addConnectionAPIError(diags *diag.Diagnostics, operation, kind, organizationID, connectionID string, err error) {
	summary := fmt.Sprintf("Unable to %s %s Connection", operation, titleKind(kind))
	what := fmt.Sprintf("Stytch did not %s %s.", strings.ToLower(operation), describeConnection(kind, organizationID, connectionID))
	var ambiguous *stytch.AmbiguousConnectionCreateError
	if errors.As(err, &ambiguous) {
		addAmbiguousConnectionCreateError(diags, summary, kind, ambiguous)
		return
	}
	var uncertain *stytch.UncertainOutcomeError
	if errors.As(err, &uncertain) && uncertain.ConnectionID == "" {
		what = fmt.Sprintf("The request to create %s failed without a clear answer: a connection may have been created "+
			"that Terraform does not know about. List the organization's connections (data source "+
			"stytch_b2b_sso_connections, or GET /v1/b2b/sso/%s), then either delete the extra connection in Stytch "+
			"or bring it under Terraform with `terraform import ADDRESS %s/CONNECTION_ID`.",
			describeConnection(kind, organizationID, ""), organizationID, organizationID)
	}
	addObjectAPIError(diags, summary, what, err)
}

// addAmbiguousConnectionCreateError says that a lost create probably made the
// connection the organization now has under the requested display name, and
// how to import it, as the organization's and the member's ambiguous creates
// do. The connection is not adopted: display names need not be unique.
func addAmbiguousConnectionCreateError(diags *diag.Diagnostics, summary, kind string, e *stytch.AmbiguousConnectionCreateError) {
	var b strings.Builder
	fmt.Fprintf(&b, "The request to create %s failed without a clear answer, and afterwards the organization has %s named %q: "+
		"the create probably happened. It was NOT added to Terraform state, so Terraform will not manage or delete it.\n\n"+
		"If it is the connection you wanted (and no other resource manages it), bring it under Terraform (replace ADDRESS "+
		"with this resource's address, such as stytch_b2b_%s_connection.okta):\n\n",
		describeConnection(kind, e.OrganizationID, ""), e.Label, e.DisplayName, strings.ToLower(kind))
	for _, id := range e.ConnectionIDs {
		fmt.Fprintf(&b, "  terraform import ADDRESS %s/%s\n", e.OrganizationID, id)
	}
	if len(e.ConnectionIDs) == 1 {
		fmt.Fprintf(&b, "\nor an import block:\n\n  import {\n    to = ADDRESS\n    id = %q\n  }\n", e.OrganizationID+"/"+e.ConnectionIDs[0])
	}
	fmt.Fprintf(&b, "\nOtherwise delete it in Stytch, or choose another display_name.\n\nOriginal error: %v", e.Cause)
	diags.AddError(summary, b.String())
}

// titleKind is kind as it appears in a Title Case summary.
func titleKind(kind string) string {
	if kind == "external" {
		return "External"
	}
	return kind
}

// listAndFindConnection lists the organization's connections and finds one with
// find. found is false, without a diagnostic, when Stytch says the
// organization does not exist or the connection is not in the list: both
// mean the connection is gone. Any other failure, a 404 that is not one of
// Stytch's not-found types included, is an error that leaves state alone
// (DESIGN.md, "Not found"). Right after an import (stateID, which then
// holds the import id, differs from connectionID) a missing connection is an
// error instead, which says when the id is one of another kind of connection.
func listAndFindConnection[T any](ctx context.Context, client *stytch.Client, diags *diag.Diagnostics, kind, organizationID, stateID, connectionID string,
	find func(*stytch.SSOConnections, string) (*T, bool),
) (conn *T, found bool) {
	conns, err := client.ListSSOConnections(ctx, organizationID)
	imported := stateID != connectionID
	switch {
	case stytch.IsNotFound(err) && !imported:
		tflog.Warn(ctx, "Stytch B2B organization not found; removing its "+kind+" connection from state",
			map[string]any{"organization": organizationID, "connection_id": connectionID})
		return nil, false
	case err != nil:
		addConnectionAPIError(diags, "Read", kind, organizationID, connectionID, err)
		return nil, false
	}
	if conn, ok := find(conns, connectionID); ok {
		return conn, true
	}
	if !imported {
		tflog.Warn(ctx, "Stytch "+kind+" connection not found; removing it from state",
			map[string]any{"organization": organizationID, "connection_id": connectionID})
		return nil, false
	}
	other := ""
	if _, ok := conns.SAML(connectionID); ok {
		other = " It is a SAML connection: import it with stytch_b2b_saml_connection."
	} else if _, ok := conns.OIDC(connectionID); ok {
		other = " It is an OIDC connection: import it with stytch_b2b_oidc_connection."
	} else if _, ok := conns.External(connectionID); ok {
		other = " It is an external connection: import it with stytch_b2b_external_connection."
	}
	diags.AddError("Unable to Import "+titleKind(kind)+" Connection",
		fmt.Sprintf("Organization %s has no %s connection %s.%s Check the import id (ORGANIZATION/CONNECTION_ID), or the "+
			"organization_id and connection_id of the import block's identity.",
			organizationID, kind, connectionID, other))
	return nil, false
}

// deleteConnectionOrReport deletes a connection of any kind. A connection or
// organization already gone counts as deleted.
func deleteConnectionOrReport(ctx context.Context, client *stytch.Client, diags *diag.Diagnostics, kind, organizationID, connectionID string) {
	err := client.DeleteSSOConnection(ctx, organizationID, connectionID)
	switch {
	case err == nil:
		tflog.Info(ctx, "Deleted Stytch "+kind+" connection", map[string]any{"organization_id": organizationID, "connection_id": connectionID})
	case stytch.IsNotFound(err):
	case stytch.IsErrorType(err, stytch.ErrorTypeCannotDeleteDefaultSSOConnection):
		diags.AddError("Unable to Delete "+titleKind(kind)+" Connection",
			fmt.Sprintf("%s is the default SSO connection of its organization, and Stytch does not delete the default "+
				"connection. Change or remove default_connection_id in the organization's "+
				"stytch_b2b_organization_sso_settings first. When that resource references this connection's "+
				"connection_id, Terraform updates it before deleting the connection on destroy; when the connection "+
				"is replaced, add lifecycle { create_before_destroy = true } to the connection so that the settings "+
				"move to the new connection before the old one is deleted.\n\n%s",
				describeConnection(kind, organizationID, connectionID), stytchErrorBlock(err)))
	default:
		addConnectionAPIError(diags, "Delete", kind, organizationID, connectionID, err)
	}
}

// connectionImportIDs returns the organization and the connection an import
// names: ORGANIZATION/CONNECTION_ID as an id string, or the organization_id
// and connection_id of an import block's identity (Terraform 1.12 and
// later). Either way the organization may be given by its id, slug or
// external id. err is parseConnectionImportID's, for the caller's message; an
// invalid identity is reported in diags.
func connectionImportIDs(ctx context.Context, req resource.ImportStateRequest, typeName string, diags *diag.Diagnostics) (organization, connection string, err error) {
	ids, byIdentity := importIdentity[connectionIdentity](ctx, req, typeName, diags)
	if byIdentity {
		return ids.OrganizationID.ValueString(), ids.ConnectionID.ValueString(), nil
	}
	return parseConnectionImportID(req.ID)
}

// importConnectionID puts the organization and the connection an import
// names (connectionImportIDs) into state for Read. id holds
// ORGANIZATION/CONNECTION_ID, which differs from connection_id: that tells
// Read the connection was just imported.
func importConnectionID(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse, typeName, exampleID string) {
	organization, connection, err := connectionImportIDs(ctx, req, typeName, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Invalid Import ID",
			fmt.Sprintf("Cannot import: %v. For this resource, for example: terraform import %s.example acme/%s",
				err, typeName, exampleID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), organization+"/"+connection)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("organization_id"), organization)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("connection_id"), connection)...)
}
