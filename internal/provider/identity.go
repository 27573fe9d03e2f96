package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// This file holds what the resources share for resource identity (Terraform
// 1.12 and OpenTofu 1.12 and later): the identity models, the attribute of an
// identity schema, and the helpers that set an identity and read one from an
// import block (DESIGN.md, "Resource identity"). Each resource declares its
// identity schema in its own file.
//
// An identity is made of the ids Stytch assigned, never a slug, so that it
// never changes for the life of the object: Create, Read and Update set it
// from Stytch's answers.

// organizationIdentity is the identity of an organization and of the
// resources an organization has one of (its SSO settings, its RBAC policy).
type organizationIdentity struct {
	OrganizationID types.String `tfsdk:"organization_id"`
}

func newOrganizationIdentity(organizationID string) organizationIdentity {
	return organizationIdentity{OrganizationID: types.StringValue(organizationID)}
}

// connectionIdentity is the identity of a connection: the id of its
// organization and its connection id.
type connectionIdentity struct {
	OrganizationID types.String `tfsdk:"organization_id"`
	ConnectionID   types.String `tfsdk:"connection_id"`
}

func newConnectionIdentity(organizationID, connectionID string) connectionIdentity {
	return connectionIdentity{OrganizationID: types.StringValue(organizationID), ConnectionID: types.StringValue(connectionID)}
}

// organizationIDIdentityAttribute is the organization_id of an identity
// schema; of says whose organization it is ("" for the organization itself).
func organizationIDIdentityAttribute(of string) identityschema.StringAttribute {
	return identityschema.StringAttribute{
		RequiredForImport: true,
		Description: "The id of the organization" + of + ", such as `organization-test-...`. An import block may give " +
			"the organization's slug instead: Terraform then records its id.",
	}
}

// objectIDIdentityAttribute is the id of the object itself in an identity
// schema, such as a connection_id.
func objectIDIdentityAttribute(description string) identityschema.StringAttribute {
	return identityschema.StringAttribute{RequiredForImport: true, Description: description}
}

// answeredID is the id Stytch answered with, or asked when the answer does
// not carry it. Identities take ids from Stytch's answers: the value a call
// was made with may be a slug, which Stytch resolves.
func answeredID(answered, asked string) string {
	if answered != "" {
		return answered
	}
	return asked
}

// setIdentity records ids, an identity model such as organizationIdentity,
// as the resource's identity. identity is nil only when the framework does
// not use identity at all; on a CLI older than Terraform 1.12 it is set and
// goes unused.
func setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, ids any, diags *diag.Diagnostics) {
	if identity == nil {
		return
	}
	diags.Append(identity.Set(ctx, ids)...)
}

// setIdentityIfMissing records ids only when the resource has no identity
// yet. It is for the places where no answer of Stytch names the object: the
// identity Terraform already holds was set from one, and cannot change.
func setIdentityIfMissing(ctx context.Context, identity *tfsdk.ResourceIdentity, ids any, diags *diag.Diagnostics) {
	if identity != nil && identity.Raw.IsFullyNull() {
		setIdentity(ctx, identity, ids, diags)
	}
}

// removeResource removes the resource from state in Read. The framework
// requires an identity even then: the current one is kept, and when there is
// none (imported by id, created by a provider version without identity, or a
// CLI older than 1.12) one is made of state's values. Terraform discards it
// with the object.
func removeResource(ctx context.Context, resp *resource.ReadResponse, ids any) {
	resp.State.RemoveResource(ctx)
	setIdentityIfMissing(ctx, resp.Identity, ids, &resp.Diagnostics)
}

// importIdentity reads the identity an import block gives (Terraform 1.12
// and later) into an identity model T and reports whether there was one.
// false, without a diagnostic, means the import gives an id string instead
// (terraform import, or an import block's id), which the caller parses as
// before. An attribute the identity schema has RequiredForImport must not be
// empty (Terraform only makes sure it is not null); an OptionalForImport one
// may be null, which T holds as a null value.
func importIdentity[T any](ctx context.Context, req resource.ImportStateRequest, typeName string, diags *diag.Diagnostics) (ids T, byIdentity bool) {
	if req.ID != "" || req.Identity == nil || req.Identity.Raw.IsNull() {
		return ids, false
	}
	diags.Append(req.Identity.Get(ctx, &ids)...)
	if diags.HasError() {
		return ids, true
	}
	var empty []string
	for name, attribute := range req.Identity.Schema.GetAttributes() {
		if a, ok := attribute.(interface{ IsRequiredForImport() bool }); !ok || !a.IsRequiredForImport() {
			continue
		}
		var v types.String
		diags.Append(req.Identity.GetAttribute(ctx, path.Root(name), &v)...)
		if v.ValueString() == "" {
			empty = append(empty, name)
		}
	}
	if len(empty) > 0 {
		sort.Strings(empty)
		diags.AddError("Invalid Import Identity",
			fmt.Sprintf("The identity of the import block for %s has no value for %s. Give the ids Stytch assigned, "+
				"as the Import section of the resource's documentation shows.", typeName, strings.Join(empty, " and ")))
	}
	return ids, true
}
