package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

var (
	_ resource.Resource                     = (*b2bOIDCConnectionResource)(nil)
	_ resource.ResourceWithConfigure        = (*b2bOIDCConnectionResource)(nil)
	_ resource.ResourceWithImportState      = (*b2bOIDCConnectionResource)(nil)
	_ resource.ResourceWithConfigValidators = (*b2bOIDCConnectionResource)(nil)
	_ resource.ResourceWithIdentity         = (*b2bOIDCConnectionResource)(nil)
)

// b2bOIDCConnectionResource manages one OIDC SSO connection of an
// organization. Stytch's Create takes only the display name and the identity
// provider, so Create is a POST followed by a PUT with everything else; the
// list of the organization's connections is the only read.
type b2bOIDCConnectionResource struct {
	client *stytch.Client
}

// NewB2BOIDCConnectionResource returns the stytch_b2b_oidc_connection resource.
func NewB2BOIDCConnectionResource() resource.Resource {
	return &b2bOIDCConnectionResource{}
}

// b2bOIDCConnectionModel is the resource's state. ClientSecretWO is always
// null in plan and state: it is read from the configuration only.
type b2bOIDCConnectionModel struct {
	ID                    types.String `tfsdk:"id"`
	OrganizationID        types.String `tfsdk:"organization_id"`
	ConnectionID          types.String `tfsdk:"connection_id"`
	Status                types.String `tfsdk:"status"`
	RedirectURL           types.String `tfsdk:"redirect_url"`
	DisplayName           types.String `tfsdk:"display_name"`
	IdentityProvider      types.String `tfsdk:"identity_provider"`
	ClientID              types.String `tfsdk:"client_id"`
	ClientSecret          types.String `tfsdk:"client_secret"`
	ClientSecretWO        types.String `tfsdk:"client_secret_wo"`
	ClientSecretWOVersion types.Int64  `tfsdk:"client_secret_wo_version"`
	Issuer                types.String `tfsdk:"issuer"`
	AuthorizationURL      types.String `tfsdk:"authorization_url"`
	TokenURL              types.String `tfsdk:"token_url"`
	UserinfoURL           types.String `tfsdk:"userinfo_url"`
	JWKSURL               types.String `tfsdk:"jwks_url"`
	CustomScopes          types.String `tfsdk:"custom_scopes"`
	AttributeMapping      types.Map    `tfsdk:"attribute_mapping"`
}

var (
	pathClientSecret          = path.Root("client_secret")
	pathClientSecretWO        = path.Root("client_secret_wo")
	pathClientSecretWOVersion = path.Root("client_secret_wo_version")
)

func (r *b2bOIDCConnectionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_b2b_oidc_connection"
}

func (r *b2bOIDCConnectionResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFromProviderData(req.ProviderData, resp.Diagnostics.AddError)
}

// IdentitySchema: a connection is identified by its organization's id and
// its connection id.
func (r *b2bOIDCConnectionResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"organization_id": organizationIDIdentityAttribute(" the connection belongs to"),
		"connection_id":   objectIDIdentityAttribute("The connection id, such as `oidc-connection-test-...`."),
	}}
}

// oidcEndpointDescription describes one of the four endpoint URLs, which
// Stytch fills from the issuer's discovery document when they are omitted.
func oidcEndpointDescription(what string) string {
	return "The IdP's " + what + ", an absolute `https://` (or `http://`) URL. When omitted, Stytch discovers it from " +
		"`issuer` and the discovered value is read back; it is kept until `issuer` changes. A value removed from the " +
		"configuration is therefore kept too: set `\"\"` to clear it (Stytch may refuse that on an active connection)."
}

func oidcEndpointAttribute(what string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: oidcEndpointDescription(what),
		Optional:            true,
		Computed:            true,
		Validators:          []validator.String{absoluteURLValidator{schemes: []string{"https", "http"}, allowEmpty: true}},
		PlanModifiers:       []planmodifier.String{keepUnlessIssuerChanges{}},
	}
}

func (r *b2bOIDCConnectionResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "An OIDC SSO connection of a Stytch B2B organization: members sign in through the " +
			"customer's OpenID Connect identity provider (IdP). Register `redirect_url` with the IdP, and give the " +
			"connection the client id and client secret the IdP issues.\n\n" +
			"The connection is `pending` until `issuer`, `client_id`, the client secret and the four endpoint URLs " +
			"are all set (Stytch discovers the URLs from `issuer` when they are omitted), then `active`. The client " +
			"secret is required, either as `client_secret_wo` (write-only, never stored in state or plan; Terraform " +
			"1.11 or OpenTofu 1.11 and newer) or as `client_secret` (Sensitive, stored in state; for older CLIs).\n\n" +
			"To make it the organization's default connection, or allow it to JIT-provision members, reference " +
			"`connection_id` from `stytch_b2b_organization_sso_settings`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The connection id, the same as `connection_id`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"organization_id": schema.StringAttribute{
				MarkdownDescription: "The id of the organization the connection belongs to, such as " +
					"`stytch_b2b_organization.acme.organization_id`. A connection cannot move: changing it replaces " +
					"the connection.",
				Required:      true,
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"connection_id": schema.StringAttribute{
				MarkdownDescription: "The connection's id (`oidc-connection-test-...` or `oidc-connection-live-...`).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "`pending` until `issuer`, `client_id`, the client secret and the four endpoint URLs " +
					"are all set, then `active`. Only an active connection can sign members in.",
				Computed: true,
			},
			"redirect_url": schema.StringAttribute{
				MarkdownDescription: "The URL the IdP sends members back to after they sign in; register it with the IdP.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"display_name": schema.StringAttribute{
				MarkdownDescription: "The connection's name, as members and the Stytch dashboard see it. Omitting it clears the name.",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(""),
			},
			"identity_provider": schema.StringAttribute{
				MarkdownDescription: "The IdP's product, which Stytch uses to tailor the sign-in flow. " +
					enumDescription(stytch.SSOIdentityProviderValues) + " When omitted, Stytch's default (`generic` in " +
					"its examples) applies when the connection is created and the current value is kept afterwards.",
				Optional:      true,
				Computed:      true,
				Validators:    identityProviderValidators(),
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"client_id": schema.StringAttribute{
				MarkdownDescription: "The OAuth client id the IdP issued for Stytch. Omitting it clears it (Stytch may refuse " +
					"that on an active connection).",
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(""),
			},
			"client_secret": schema.StringAttribute{
				MarkdownDescription: "The OAuth client secret the IdP issued, for CLIs without write-only arguments " +
					"(Terraform or OpenTofu before 1.11); it is stored in state, marked sensitive. Exactly one of " +
					"`client_secret` and `client_secret_wo` must be set: a connection cannot become active without " +
					"its client secret. Stytch returns the secret when the connection is read, so a secret changed " +
					"outside Terraform shows in the plan and the next apply restores it. Importing cannot fill it: " +
					"the first apply after an import sends it again.",
				Optional:   true,
				Sensitive:  true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"client_secret_wo": schema.StringAttribute{
				MarkdownDescription: "The OAuth client secret the IdP issued, as a write-only argument (Terraform 1.11 or " +
					"OpenTofu 1.11 and newer): it is sent to Stytch and never stored in state or plan. Set it with " +
					"`client_secret_wo_version`. Terraform cannot see a write-only value change, so the secret is sent " +
					"when the connection is created and again whenever `client_secret_wo_version` changes; a secret " +
					"changed outside Terraform is not detected. Exactly one of `client_secret` and `client_secret_wo` " +
					"must be set: a connection cannot become active without its client secret.",
				Optional:   true,
				WriteOnly:  true,
				Sensitive:  true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"client_secret_wo_version": schema.Int64Attribute{
				MarkdownDescription: "A number to change whenever `client_secret_wo` changes, such as after rotating " +
					"the secret at the IdP: changing it sends `client_secret_wo` to Stytch again, in place. Required " +
					"with `client_secret_wo` and not allowed without it.",
				Optional: true,
			},
			"issuer": schema.StringAttribute{
				MarkdownDescription: "The IdP's issuer, a case-sensitive `https://` URL such as `https://login.example.com/`. " +
					"When it changes, Stytch reads the issuer's discovery document " +
					"(`<issuer>/.well-known/openid-configuration`) and fills the endpoint URLs the configuration omits; " +
					"when Stytch cannot read it, apply shows Stytch's warning. Omitting it clears it (Stytch may refuse " +
					"that on an active connection).",
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString(""),
				Validators: []validator.String{absoluteURLValidator{schemes: []string{"https"}, allowEmpty: true}},
			},
			"authorization_url": oidcEndpointAttribute("authorization endpoint"),
			"token_url":         oidcEndpointAttribute("token endpoint"),
			"userinfo_url":      oidcEndpointAttribute("userinfo endpoint"),
			"jwks_url":          oidcEndpointAttribute("JSON Web Key Set URL"),
			"custom_scopes": schema.StringAttribute{
				MarkdownDescription: "OAuth scopes to request, as one space-separated string such as " +
					"`\"openid email profile groups\"`. Stytch's documentation disagrees on whether they replace or " +
					"extend its default scopes (`openid email profile`), so list every scope you need. Omitting it clears it.",
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(""),
			},
			"attribute_mapping": schema.MapAttribute{
				MarkdownDescription: "Maps member attributes to the names of the IdP's claims; the mapped claims appear " +
					"in the member's trusted metadata. Omitting it, or removing it from the configuration, clears the " +
					"mapping in Stytch.",
				ElementType: types.StringType,
				Optional:    true,
				Computed:    true,
				Default:     mapdefault.StaticValue(types.MapValueMust(types.StringType, map[string]attr.Value{})),
			},
		},
	}
}

// ConfigValidators check the client secret arguments at plan time, so that a
// connection that could never become active is not created.
func (r *b2bOIDCConnectionResource) ConfigValidators(_ context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		oidcClientSecretValidator{},
		resourcevalidator.PreferWriteOnlyAttribute(pathClientSecret.Expression(), pathClientSecretWO.Expression()),
	}
}

// oidcClientSecretValidator enforces: exactly one of client_secret and
// client_secret_wo; client_secret_wo_version with client_secret_wo and only
// with it. A value not yet known may still be null or set, so the checks
// that depend on it are skipped (Terraform validates again once it is known).
type oidcClientSecretValidator struct{}

func (oidcClientSecretValidator) Description(context.Context) string {
	return "exactly one of client_secret and client_secret_wo is set, and client_secret_wo_version is set together with client_secret_wo"
}

func (v oidcClientSecretValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (oidcClientSecretValidator) ValidateResource(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var secret, wo types.String
	var version types.Int64
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, pathClientSecret, &secret)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, pathClientSecretWO, &wo)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, pathClientSecretWOVersion, &version)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !secret.IsUnknown() && !wo.IsUnknown() {
		switch {
		case !secret.IsNull() && !wo.IsNull():
			resp.Diagnostics.AddAttributeError(pathClientSecretWO, "Conflicting OIDC Client Secret Arguments",
				"client_secret and client_secret_wo are both set; keep one of them. client_secret_wo (with "+
					"client_secret_wo_version) keeps the secret out of state and plan and needs Terraform 1.11 or "+
					"OpenTofu 1.11 or newer; client_secret works on older CLIs and stores the secret in state.")
		case secret.IsNull() && wo.IsNull():
			resp.Diagnostics.AddAttributeError(pathClientSecretWO, "Missing OIDC Client Secret",
				"Set client_secret_wo with client_secret_wo_version (Terraform 1.11 or OpenTofu 1.11 and newer), or "+
					"client_secret on older CLIs, to the client secret the IdP issued: Stytch cannot activate an OIDC "+
					"connection without it, and the connection would stay pending.")
		}
	}
	if wo.IsUnknown() || version.IsUnknown() {
		return
	}
	switch {
	case !version.IsNull() && wo.IsNull():
		resp.Diagnostics.AddAttributeError(pathClientSecretWOVersion, "Client Secret Version Without Write-Only Secret",
			"client_secret_wo_version only says when to send client_secret_wo again, and client_secret_wo is not set. "+
				"Set client_secret_wo, or remove client_secret_wo_version when the secret is given in client_secret.")
	case version.IsNull() && !wo.IsNull():
		resp.Diagnostics.AddAttributeError(pathClientSecretWOVersion, "Missing Client Secret Version",
			"client_secret_wo is write-only, so Terraform cannot see when it changes. Set client_secret_wo_version "+
				"(any number, such as 1) and change it whenever the secret changes, so that the new secret is sent to Stytch.")
	}
}

// keepUnlessIssuerChanges plans an omitted endpoint URL: the value in state
// while the issuer stays the same, unknown when it changes, since Stytch then
// fills the URL from the new issuer's discovery document. A configured value
// is planned as configured.
type keepUnlessIssuerChanges struct{}

func (keepUnlessIssuerChanges) Description(context.Context) string {
	return "When omitted, the value in state is kept until issuer changes."
}

func (m keepUnlessIssuerChanges) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (keepUnlessIssuerChanges) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if !req.ConfigValue.IsNull() || req.StateValue.IsNull() || !resp.PlanValue.IsUnknown() {
		return
	}
	var planned, current types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("issuer"), &planned)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("issuer"), &current)...)
	if resp.Diagnostics.HasError() || planned.IsUnknown() || !planned.Equal(current) {
		return
	}
	resp.PlanValue = req.StateValue
}

// fromAPI overwrites every attribute Stytch returns. organization_id is left
// as configured (it may be a slug), and client_secret is read back only when
// the configuration uses it: with client_secret_wo it stays null, so the
// secret never reaches state.
func (m *b2bOIDCConnectionModel) fromAPI(conn *stytch.OIDCConnection, diags *diag.Diagnostics) {
	m.ID = types.StringValue(conn.ConnectionID)
	m.ConnectionID = types.StringValue(conn.ConnectionID)
	m.Status = types.StringValue(conn.Status)
	m.RedirectURL = types.StringValue(conn.RedirectURL)
	m.DisplayName = types.StringValue(conn.DisplayName)
	m.IdentityProvider = types.StringValue(conn.IdentityProvider)
	m.ClientID = types.StringValue(conn.ClientID)
	if !m.ClientSecret.IsNull() {
		m.ClientSecret = types.StringValue(conn.ClientSecret)
	}
	m.ClientSecretWO = types.StringNull()
	m.Issuer = types.StringValue(conn.Issuer)
	m.AuthorizationURL = types.StringValue(conn.AuthorizationURL)
	m.TokenURL = types.StringValue(conn.TokenURL)
	m.UserinfoURL = types.StringValue(conn.UserinfoURL)
	m.JWKSURL = types.StringValue(conn.JWKSURL)
	m.CustomScopes = types.StringValue(conn.CustomScopes)
	m.AttributeMapping = stringMapFromAPI(conn.AttributeMapping, diags)
}

// toUpdateRequest is the smallest PUT that turns the connection described by
// prior into plan: a field is sent when its planned value is known and
// differs (cleared strings as "", a cleared mapping as {}). An endpoint URL
// the plan leaves unknown is not sent, so that Stytch discovers it.
// writeOnlySecret is client_secret_wo from the configuration, sent when
// client_secret_wo_version changes.
func (m *b2bOIDCConnectionModel) toUpdateRequest(ctx context.Context, prior *b2bOIDCConnectionModel, writeOnlySecret types.String, diags *diag.Diagnostics) stytch.UpdateOIDCConnectionRequest {
	changed := func(planned, current types.String) *string {
		if planned.IsUnknown() || planned.IsNull() || planned.Equal(current) {
			return nil
		}
		v := planned.ValueString()
		return &v
	}
	req := stytch.UpdateOIDCConnectionRequest{
		DisplayName:      changed(m.DisplayName, prior.DisplayName),
		ClientID:         changed(m.ClientID, prior.ClientID),
		ClientSecret:     changed(m.ClientSecret, prior.ClientSecret),
		Issuer:           changed(m.Issuer, prior.Issuer),
		AuthorizationURL: changed(m.AuthorizationURL, prior.AuthorizationURL),
		TokenURL:         changed(m.TokenURL, prior.TokenURL),
		UserinfoURL:      changed(m.UserinfoURL, prior.UserinfoURL),
		JWKSURL:          changed(m.JWKSURL, prior.JWKSURL),
		IdentityProvider: changed(m.IdentityProvider, prior.IdentityProvider),
		CustomScopes:     changed(m.CustomScopes, prior.CustomScopes),
	}
	if !writeOnlySecret.IsNull() && !writeOnlySecret.IsUnknown() && !m.ClientSecretWOVersion.Equal(prior.ClientSecretWOVersion) {
		v := writeOnlySecret.ValueString()
		req.ClientSecret = &v
	}
	if !m.AttributeMapping.IsUnknown() && !m.AttributeMapping.Equal(prior.AttributeMapping) {
		mapping := stringMapToAPI(ctx, m.AttributeMapping, diags)
		req.AttributeMapping = &mapping
	}
	return req
}

// addOIDCDiscoveryWarning shows Stytch's warning of an update that succeeded
// although the issuer's discovery document could not be read.
func addOIDCDiscoveryWarning(diags *diag.Diagnostics, organizationID string, conn *stytch.OIDCConnection, warning string) {
	if warning == "" {
		return
	}
	diags.AddAttributeWarning(path.Root("issuer"), "OIDC Discovery Document Not Read",
		fmt.Sprintf("Stytch saved %s but could not read the discovery document of issuer %q, so it did not fill the "+
			"endpoint URLs the configuration omits. Check that the issuer is right and serves "+
			"/.well-known/openid-configuration, or set authorization_url, token_url, userinfo_url and jwks_url; the "+
			"connection stays pending until all four are set.\n\nStytch's warning: %s",
			describeConnection("OIDC", organizationID, conn.ConnectionID), conn.Issuer, warning))
}

// Create creates the connection with the display name and identity provider,
// then sets everything else with one update. If the update fails, the
// connection is kept in state: Terraform marks it tainted and replaces it on
// the next apply, so it is not left behind unmanaged.
func (r *b2bOIDCConnectionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan b2bOIDCConnectionModel
	var writeOnlySecret types.String
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, pathClientSecretWO, &writeOnlySecret)...)
	if resp.Diagnostics.HasError() {
		return
	}
	organizationID := plan.OrganizationID.ValueString()
	created, err := r.client.CreateOIDCConnection(ctx, organizationID, stytch.CreateOIDCConnectionRequest{
		DisplayName:      plan.DisplayName.ValueString(),
		IdentityProvider: plan.IdentityProvider.ValueString(), // "" when unknown: Stytch's default
	})
	if err != nil {
		addConnectionAPIError(&resp.Diagnostics, "Create", "OIDC", organizationID, "", err)
		return
	}
	tflog.Info(ctx, "Created Stytch OIDC connection", map[string]any{"organization_id": organizationID, "connection_id": created.ConnectionID})
	setIdentity(ctx, resp.Identity, newConnectionIdentity(answeredID(created.OrganizationID, organizationID), created.ConnectionID), &resp.Diagnostics)

	// The update is the difference between the plan and the new, empty
	// connection; the write-only secret has no version yet.
	prior := plan
	prior.fromAPI(created, &resp.Diagnostics)
	prior.ClientSecretWOVersion = types.Int64Null()
	body := plan.toUpdateRequest(ctx, &prior, writeOnlySecret, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		// Keep the new connection in state (tainted) rather than lose track of it.
		resp.Diagnostics.Append(resp.State.Set(ctx, &prior)...)
		return
	}
	conn, warning, err := r.client.UpdateOIDCConnection(ctx, organizationID, created.ConnectionID, body)
	if err != nil {
		resp.Diagnostics.Append(resp.State.Set(ctx, &prior)...)
		addObjectAPIError(&resp.Diagnostics, "Unable to Create OIDC Connection",
			fmt.Sprintf("Stytch created %s but did not accept its settings. The connection is kept in Terraform state "+
				"and marked tainted: the next apply deletes it and creates it again.",
				describeConnection("OIDC", organizationID, created.ConnectionID)), err)
		return
	}
	addOIDCDiscoveryWarning(&resp.Diagnostics, organizationID, conn, warning)
	plan.fromAPI(conn, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Read refreshes every attribute from the organization's list of connections,
// so drift shows in the plan. A connection or organization deleted outside
// Terraform is removed from state.
func (r *b2bOIDCConnectionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state b2bOIDCConnectionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	conn, found := listAndFindConnection(ctx, r.client, &resp.Diagnostics, "OIDC", state.OrganizationID.ValueString(), state.ID.ValueString(),
		state.ConnectionID.ValueString(), (*stytch.SSOConnections).OIDC)
	if resp.Diagnostics.HasError() {
		return
	}
	if !found {
		removeResource(ctx, resp, newConnectionIdentity(state.OrganizationID.ValueString(), state.ConnectionID.ValueString()))
		return
	}
	if state.ID.ValueString() != state.ConnectionID.ValueString() {
		// Just imported: organization_id holds what the import named (an
		// id, a slug or an external id); record the organization's id.
		state.OrganizationID = types.StringValue(conn.OrganizationID)
	}
	state.fromAPI(conn, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	setIdentity(ctx, resp.Identity, newConnectionIdentity(answeredID(conn.OrganizationID, state.OrganizationID.ValueString()), conn.ConnectionID), &resp.Diagnostics)
}

// Update sends one PUT with the fields that changed.
func (r *b2bOIDCConnectionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state b2bOIDCConnectionModel
	var writeOnlySecret types.String
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, pathClientSecretWO, &writeOnlySecret)...)
	if resp.Diagnostics.HasError() {
		return
	}
	organizationID, connectionID := state.OrganizationID.ValueString(), state.ConnectionID.ValueString()
	body := plan.toUpdateRequest(ctx, &state, writeOnlySecret, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	var conn *stytch.OIDCConnection
	if body.IsEmpty() {
		// Only Terraform-side values changed (such as client_secret_wo_version
		// dropped with a switch to client_secret of the same value): refresh
		// instead, so that state still mirrors Stytch.
		var found bool
		conn, found = listAndFindConnection(ctx, r.client, &resp.Diagnostics, "OIDC", organizationID, connectionID, connectionID, (*stytch.SSOConnections).OIDC)
		if resp.Diagnostics.HasError() {
			return
		}
		if !found {
			resp.Diagnostics.AddError("Unable to Update OIDC Connection",
				fmt.Sprintf("%s no longer exists in Stytch. Run terraform apply again to create it.", describeConnection("OIDC", organizationID, connectionID)))
			return
		}
	} else {
		var warning string
		var err error
		conn, warning, err = r.client.UpdateOIDCConnection(ctx, organizationID, connectionID, body)
		if err != nil {
			addConnectionAPIError(&resp.Diagnostics, "Update", "OIDC", organizationID, connectionID, err)
			return
		}
		addOIDCDiscoveryWarning(&resp.Diagnostics, organizationID, conn, warning)
	}
	plan.fromAPI(conn, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, newConnectionIdentity(answeredID(conn.OrganizationID, organizationID), conn.ConnectionID), &resp.Diagnostics)
}

// Delete deletes the connection; one already gone counts as deleted.
func (r *b2bOIDCConnectionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state b2bOIDCConnectionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	deleteConnectionOrReport(ctx, r.client, &resp.Diagnostics, "OIDC", state.OrganizationID.ValueString(), state.ConnectionID.ValueString())
}

// ImportState takes ORGANIZATION/CONNECTION_ID or an identity. Until Read has
// run, id holds ORGANIZATION/CONNECTION_ID, which tells Read to record the
// organization's id.
func (r *b2bOIDCConnectionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importConnectionID(ctx, req, resp, "stytch_b2b_oidc_connection", "oidc-connection-test-...")
}

// The helpers below are shared with stytch_b2b_external_connection.
