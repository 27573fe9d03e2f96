package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

var (
	_ datasource.DataSource              = (*b2bSSOConnectionsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*b2bSSOConnectionsDataSource)(nil)
)

// b2bSSOConnectionsDataSource lists every SSO connection of one organization,
// by type. Each connection has the attributes of its resource, Computed, but
// for the inputs Stytch never returns (certificates and keys sent, the
// metadata URL) and the secrets.
type b2bSSOConnectionsDataSource struct {
	client *stytch.Client
}

// NewB2BSSOConnectionsDataSource returns the stytch_b2b_sso_connections data source.
func NewB2BSSOConnectionsDataSource() datasource.DataSource {
	return &b2bSSOConnectionsDataSource{}
}

type b2bSSOConnectionsModel struct {
	ID                  types.String `tfsdk:"id"`
	OrganizationID      types.String `tfsdk:"organization_id"`
	SAMLConnections     types.List   `tfsdk:"saml_connections"`
	OIDCConnections     types.List   `tfsdk:"oidc_connections"`
	ExternalConnections types.List   `tfsdk:"external_connections"`
}

// connectionListing describes one list of the data source: the resource whose
// attributes its objects take, and the attributes left out.
type connectionListing struct {
	attribute, description string
	resource               func() resource.Resource
	omit                   []string
}

var connectionListings = []connectionListing{
	{
		attribute:   "saml_connections",
		description: "The organization's SAML connections, pending ones included, with the attributes of `stytch_b2b_saml_connection`.",
		resource:    NewB2BSAMLConnectionResource,
		omit: []string{"x509_certificate", "metadata_url", "signing_private_key", "signing_private_key_wo_version",
			"saml_encryption_private_key", "saml_encryption_private_key_wo_version"},
	},
	{
		attribute:   "oidc_connections",
		description: "The organization's OIDC connections, pending ones included, with the attributes of `stytch_b2b_oidc_connection` but the client secret.",
		resource:    NewB2BOIDCConnectionResource,
		omit:        []string{"client_secret", "client_secret_wo_version"},
	},
	{
		attribute:   "external_connections",
		description: "The organization's external connections, with the attributes of `stytch_b2b_external_connection`.",
		resource:    NewB2BExternalConnectionResource,
	},
}

// ssoArgumentClauses start the argument-only sentences of the connection
// resources' descriptions (what configuring an argument does), which the
// data source's read-only copy leaves out.
var ssoArgumentClauses = []string{
	" Omitting it", " Omitted,", " Changing it", " Conflicts with", " Stytch refuses to clear", " When omitted",
}

// resourceSchemaOf returns a resource's schema.
func resourceSchemaOf(r resource.Resource) rschema.Schema {
	var resp resource.SchemaResponse
	r.Schema(context.Background(), resource.SchemaRequest{}, &resp)
	return resp.Schema
}

// attributes returns the resource's attributes that the listing keeps.
func (l connectionListing) attributes() map[string]rschema.Attribute {
	attrs := resourceSchemaOf(l.resource()).Attributes
	for _, name := range l.omit {
		if _, ok := attrs[name]; !ok {
			panic(fmt.Sprintf("%s: the resource has no attribute %q to leave out", l.attribute, name))
		}
		delete(attrs, name)
	}
	return attrs
}

// objectType is the type of one object of the listing.
func (l connectionListing) objectType() types.ObjectType {
	attrTypes := make(map[string]attr.Type)
	for name, a := range l.attributes() {
		if !a.IsWriteOnly() {
			attrTypes[name] = a.GetType()
		}
	}
	return types.ObjectType{AttrTypes: attrTypes}
}

func (d *b2bSSOConnectionsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_b2b_sso_connections"
}

func (d *b2bSSOConnectionsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFromProviderData(req.ProviderData, resp.Diagnostics.AddError)
}

func (d *b2bSSOConnectionsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := map[string]schema.Attribute{
		"id": schema.StringAttribute{
			MarkdownDescription: "The organization id.",
			Computed:            true,
		},
		"organization_id": schema.StringAttribute{
			MarkdownDescription: "The organization whose connections are listed: its id, slug or external id.",
			Required:            true,
			Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
		},
	}
	for _, l := range connectionListings {
		attrs[l.attribute] = schema.ListNestedAttribute{
			MarkdownDescription: l.description,
			Computed:            true,
			NestedObject: schema.NestedAttributeObject{
				Attributes: dataSourceAttributesFrom(l.attributes(), dataSourceDescriptions{argumentClauses: ssoArgumentClauses}),
			},
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Every SSO connection of one Stytch B2B organization, by type: SAML, OIDC and external. " +
			"Stytch has no other read of connections, so this is also how to find a connection to import.",
		Attributes: attrs,
	}
}

// Read lists the organization's connections with one call.
func (d *b2bSSOConnectionsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg b2bSSOConnectionsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	org := cfg.OrganizationID.ValueString()
	conns, err := d.client.ListSSOConnections(ctx, org)
	if err != nil {
		addObjectAPIError(&resp.Diagnostics, "Unable to Read B2B SSO Connections",
			fmt.Sprintf("Stytch did not list the SSO connections of organization %s.", org), err)
		return
	}
	diags := &resp.Diagnostics
	saml := modelsOf(conns.SAMLConnections, func(c *stytch.SAMLConnection) any {
		var m b2bSAMLConnectionModel
		m.fromAPI(c, diags)
		m.OrganizationID = types.StringValue(c.OrganizationID)
		return &m
	})
	oidc := modelsOf(conns.OIDCConnections, func(c *stytch.OIDCConnection) any {
		var m b2bOIDCConnectionModel
		m.fromAPI(c, diags)
		m.OrganizationID = types.StringValue(c.OrganizationID)
		return &m
	})
	external := modelsOf(conns.ExternalConnections, func(c *stytch.ExternalConnection) any {
		var m b2bExternalConnectionModel
		m.fromAPI(c, diags)
		m.OrganizationID = types.StringValue(c.OrganizationID)
		return &m
	})
	var orgID string
	switch {
	case len(conns.SAMLConnections) > 0:
		orgID = conns.SAMLConnections[0].OrganizationID
	case len(conns.OIDCConnections) > 0:
		orgID = conns.OIDCConnections[0].OrganizationID
	case len(conns.ExternalConnections) > 0:
		orgID = conns.ExternalConnections[0].OrganizationID
	}
	if orgID == "" {
		// No connection names the organization's id: ask for it, so that id
		// is the id even when a slug was given.
		o, err := d.client.GetOrganization(ctx, org)
		if err != nil {
			addAPIError(&resp.Diagnostics, "Read", org, err)
			return
		}
		orgID = o.OrganizationID
	}
	cfg.ID = types.StringValue(orgID)
	cfg.SAMLConnections = connectionList(ctx, connectionListings[0], saml, &resp.Diagnostics)
	cfg.OIDCConnections = connectionList(ctx, connectionListings[1], oidc, &resp.Diagnostics)
	cfg.ExternalConnections = connectionList(ctx, connectionListings[2], external, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}

// modelsOf converts API connections into resource models, one each.
func modelsOf[C any](in []C, model func(*C) any) []any {
	out := make([]any, 0, len(in))
	for i := range in {
		out = append(out, model(&in[i]))
	}
	return out
}

// connectionList converts resource models into the listing's objects: each
// model becomes an object of its resource's full type, from which the
// listing's attributes are taken.
func connectionList(ctx context.Context, l connectionListing, models []any, diags *diag.Diagnostics) types.List {
	full := resourceSchemaOf(l.resource()).Type()
	objType := l.objectType()
	elems := make([]attr.Value, 0, len(models))
	for _, m := range models {
		v, d := types.ObjectValueFrom(ctx, objectAttrTypes(full), m)
		diags.Append(d...)
		if d.HasError() {
			continue
		}
		values := v.Attributes()
		kept := make(map[string]attr.Value, len(objType.AttrTypes))
		for name := range objType.AttrTypes {
			kept[name] = values[name]
		}
		obj, d := types.ObjectValue(objType.AttrTypes, kept)
		diags.Append(d...)
		elems = append(elems, obj)
	}
	list, d := types.ListValue(objType, elems)
	diags.Append(d...)
	return list
}
