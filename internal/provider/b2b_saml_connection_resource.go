package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

var (
	_ resource.Resource                     = (*b2bSAMLConnectionResource)(nil)
	_ resource.ResourceWithConfigure        = (*b2bSAMLConnectionResource)(nil)
	_ resource.ResourceWithImportState      = (*b2bSAMLConnectionResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*b2bSAMLConnectionResource)(nil)
	_ resource.ResourceWithConfigValidators = (*b2bSAMLConnectionResource)(nil)
	_ resource.ResourceWithValidateConfig   = (*b2bSAMLConnectionResource)(nil)
	_ resource.ResourceWithIdentity         = (*b2bSAMLConnectionResource)(nil)
)

// samlKind names SAML connections in diagnostics (addConnectionAPIError).
const samlKind = "SAML"

// b2bSAMLConnectionResource manages one SAML connection of an organization.
type b2bSAMLConnectionResource struct {
	client *stytch.Client
}

// NewB2BSAMLConnectionResource returns the stytch_b2b_saml_connection resource.
func NewB2BSAMLConnectionResource() resource.Resource {
	return &b2bSAMLConnectionResource{}
}

func (r *b2bSAMLConnectionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_b2b_saml_connection"
}

func (r *b2bSAMLConnectionResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFromProviderData(req.ProviderData, resp.Diagnostics.AddError)
}

// IdentitySchema: a connection is identified by its organization's id and
// its connection id.
func (r *b2bSAMLConnectionResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"organization_id": organizationIDIdentityAttribute(" the connection belongs to"),
		"connection_id":   objectIDIdentityAttribute("The connection id, such as `saml-connection-test-...`."),
	}}
}

// Notes that end argument descriptions, one per way of treating an omitted value.
const (
	// Free strings: the configuration is authoritative.
	noteSAMLClearsString = " Omitting it sets it to `\"\"` in Stytch."
	// Settings Stytch defaults: Optional + Computed with UseStateForUnknown.
	noteSAMLStytchDefault = " When omitted, Stytch's default applies when the connection is created and the current value is kept afterwards."
	// Booleans with a documented default: Optional + Computed with that default.
	noteSAMLFalseDefault = " Defaults to `false`; omitting it sets it back to `false` in Stytch."
)

func (r *b2bSAMLConnectionResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = samlConnectionResourceSchema()
}

// samlConnectionResourceSchema is the schema of stytch_b2b_saml_connection:
// the fields of Stytch's SAML connection that Create, Update and Update by
// metadata URL set, the private keys in a Sensitive and a write-only form,
// and the read-only fields of the connection object.
func samlConnectionResourceSchema() schema.Schema {
	keyArguments := func(name, what, effect string) map[string]schema.Attribute {
		return map[string]schema.Attribute{
			name: schema.StringAttribute{
				MarkdownDescription: what + ", PKCS #1 PEM (`-----BEGIN RSA PRIVATE KEY-----`). " + effect +
					" Sensitive, and kept in state: with Terraform 1.11 or newer prefer `" + name + "_wo`, which is not. " +
					"Sent when its value changes. Stytch never returns it, so it cannot be imported: after an import, " +
					"the first apply sends it again. Conflicts with `" + name + "_wo`.",
				Optional:   true,
				Sensitive:  true,
				Validators: []validator.String{rsaPrivateKeyValidator{}},
			},
			name + "_wo": schema.StringAttribute{
				MarkdownDescription: "`" + name + "` as a write-only argument (Terraform 1.11 or newer, OpenTofu 1.11 or newer): " +
					"sent to Stytch when the connection is created and whenever `" + name + "_wo_version` changes, and never " +
					"written to state, plan or logs. Requires `" + name + "_wo_version`.",
				Optional:   true,
				Sensitive:  true,
				WriteOnly:  true,
				Validators: []validator.String{rsaPrivateKeyValidator{}},
			},
			name + "_wo_version": schema.Int64Attribute{
				MarkdownDescription: "Any number, kept in state; change it to send `" + name + "_wo` again, for example after " +
					"rotating the key. Terraform cannot see a change of a write-only value itself. Requires `" + name + "_wo`.",
				Optional: true,
			},
		}
	}
	attributes := map[string]schema.Attribute{
		"id": schema.StringAttribute{
			MarkdownDescription: "The connection id, the same as `connection_id`.",
			Computed:            true,
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"organization_id": schema.StringAttribute{
			MarkdownDescription: "The id of the organization the connection belongs to, such as " +
				"`stytch_b2b_organization.acme.organization_id`: its id, not its slug. Changing it replaces the connection, " +
				"since a connection cannot move; the new one has a new id, ACS URL and audience URI for the IdP.",
			Required:      true,
			Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
			PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
		},
		"connection_id": schema.StringAttribute{
			MarkdownDescription: "The connection id assigned by Stytch, such as `saml-connection-test-...`.",
			Computed:            true,
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"status": schema.StringAttribute{
			MarkdownDescription: "`pending` until the connection has `idp_entity_id`, `idp_sso_url`, a verification " +
				"certificate and an `attribute_mapping` with `email` and `full_name` (or `first_name` and `last_name`); " +
				"`active` from then on. Only an active connection signs members in.",
			Computed: true,
		},
		"display_name": schema.StringAttribute{
			MarkdownDescription: "The connection's name, as members see it on the sign-in page." + noteSAMLClearsString,
			Optional:            true,
			Computed:            true,
			Default:             stringdefault.StaticString(""),
		},
		"identity_provider": schema.StringAttribute{
			MarkdownDescription: "The IdP's vendor, which tailors Stytch's handling of its quirks. " +
				enumDescription(stytch.SSOIdentityProviderValues) + " Stytch's default is `generic`." + noteSAMLStytchDefault,
			Optional:      true,
			Computed:      true,
			Validators:    identityProviderValidators(),
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"idp_entity_id": schema.StringAttribute{
			MarkdownDescription: "The IdP's entity id (its issuer), from the IdP's SAML settings. Omitting it sets it to " +
				"`\"\"`, unless `metadata_url` is set: then Stytch reads it from the metadata and it is shown here. " +
				"Stytch refuses to clear it on an active connection. Conflicts with `metadata_url`.",
			Optional: true,
			Computed: true,
		},
		"idp_sso_url": schema.StringAttribute{
			MarkdownDescription: "The IdP's single sign-on URL, an `https://` URL from the IdP's SAML settings. Omitting it " +
				"sets it to `\"\"`, unless `metadata_url` is set: then Stytch reads it from the metadata and it is shown here. " +
				"Stytch refuses to clear it on an active connection. Conflicts with `metadata_url`.",
			Optional:   true,
			Computed:   true,
			Validators: []validator.String{absoluteURLValidator{schemes: []string{"https"}, allowEmpty: true}},
		},
		"x509_certificate": schema.StringAttribute{
			MarkdownDescription: "The IdP's signing certificate, one PEM block (`-----BEGIN CERTIFICATE-----`), checked at plan " +
				"time. Stytch adds it to `verification_certificates`. Changing it rotates the certificate: the new one is " +
				"added first and the previous one deleted after, so the connection is never without one. If it is deleted " +
				"outside Terraform, the plan adds it again. Removing the argument stops managing the certificate and " +
				"leaves it on the connection, which, when active, must keep one. Conflicts with `metadata_url`.",
			Optional:   true,
			Validators: []validator.String{pemCertificateValidator{}},
		},
		"metadata_url": schema.StringAttribute{
			MarkdownDescription: "The URL of the IdP's SAML metadata document, the alternative to `idp_entity_id`, " +
				"`idp_sso_url` and `x509_certificate`: Stytch fetches it and sets all three (the certificate is added to " +
				"`verification_certificates`). It is fetched when the connection is created and whenever the value " +
				"changes; to take up a changed document, change the URL (a query string will do). When a fetch brings a " +
				"certificate the connection did not have, the certificates it had before are deleted after it is added. " +
				"Stytch does not return the URL, so it cannot be imported (the first apply after an import fetches it " +
				"again), and a change of the fetched values made outside Terraform does not show in the plan.",
			Optional: true,
			Validators: []validator.String{
				absoluteURLValidator{schemes: []string{"http", "https"}},
				stringvalidator.ConflictsWith(path.MatchRoot("idp_entity_id"), path.MatchRoot("idp_sso_url"), path.MatchRoot("x509_certificate")),
			},
		},
		"attribute_mapping": schema.MapAttribute{
			MarkdownDescription: "Maps Stytch's member attributes to the names of the IdP's SAML attributes, such as " +
				"`{ email = \"email\", full_name = \"name\", groups = \"groups\" }`. The connection becomes active only " +
				"with `email` and `full_name` (or `first_name` and `last_name`); `saml_group_implicit_role_assignments` " +
				"need a `groups` key. The whole map is sent, replacing Stytch's. Stytch's default is " +
				"`{ email = \"email\", full_name = \"name\" }`." + noteSAMLStytchDefault,
			ElementType:   types.StringType,
			Optional:      true,
			Computed:      true,
			PlanModifiers: []planmodifier.Map{mapplanmodifier.UseStateForUnknown()},
		},
		"saml_connection_implicit_role_assignments": connectionRoleAssignmentsAttribute(
			"Roles every member who signs in through this connection gets."),
		"saml_group_implicit_role_assignments": groupRoleAssignmentsAttribute(
			"Roles granted to members whose IdP groups (the attribute named by the `groups` key of `attribute_mapping`) " +
				"include the group."),
		"alternative_audience_uri": schema.StringAttribute{
			MarkdownDescription: "An audience URI Stytch accepts besides `audience_uri`, for moving an IdP configuration " +
				"from another service without changing it." + noteSAMLClearsString,
			Optional: true,
			Computed: true,
			Default:  stringdefault.StaticString(""),
		},
		"alternative_acs_url": schema.StringAttribute{
			MarkdownDescription: "An ACS URL to give the IdP instead of `acs_url`, such as one on your own domain; you then " +
				"forward the requests it receives to Stytch." + noteSAMLClearsString,
			Optional: true,
			Computed: true,
			Default:  stringdefault.StaticString(""),
		},
		"nameid_format": schema.StringAttribute{
			MarkdownDescription: "The NameID format Stytch asks the IdP for. Stytch's default is " +
				"`urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress`." + noteSAMLStytchDefault,
			Optional:      true,
			Computed:      true,
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"idp_initiated_auth_disabled": schema.BoolAttribute{
			MarkdownDescription: "Whether sign-ins started at the IdP (rather than at your application) are refused." + noteSAMLFalseDefault,
			Optional:            true,
			Computed:            true,
			Default:             booldefault.StaticBool(false),
		},
		"allow_gateway_callback": schema.BoolAttribute{
			MarkdownDescription: "Stytch's `allow_gateway_callback` setting, which Stytch does not document yet." + noteSAMLFalseDefault,
			Optional:            true,
			Computed:            true,
			Default:             booldefault.StaticBool(false),
		},
		"acs_url": schema.StringAttribute{
			MarkdownDescription: "The Assertion Consumer Service URL to give the IdP.",
			Computed:            true,
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"audience_uri": schema.StringAttribute{
			MarkdownDescription: "The audience URI (the service provider's entity id) to give the IdP.",
			Computed:            true,
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"signing_certificates": certificatesAttribute("The certificates of the keys Stytch signs this connection's SAML " +
			"requests with: one issued by Stytch at creation, and one for each signing private key sent. Give the IdP " +
			"the newest if it checks signed requests."),
		"verification_certificates": certificatesAttribute("The IdP certificates Stytch verifies assertions with " +
			"(at most five), from `x509_certificate` or `metadata_url`."),
		"encryption_private_keys": schema.ListNestedAttribute{
			MarkdownDescription: "The keys Stytch decrypts encrypted assertions with, one per encryption key sent: their ids " +
				"and when they were added, never the keys.",
			Computed: true,
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"private_key_id": schema.StringAttribute{MarkdownDescription: "The key's id.", Computed: true},
				"created_at":     schema.StringAttribute{MarkdownDescription: "When the key was added (RFC 3339).", Computed: true},
			}},
		},
	}
	for name, a := range keyArguments("signing_private_key", "A private key for Stytch to sign this connection's SAML requests with",
		"Stytch adds a certificate of it to `signing_certificates`; removing the argument leaves that certificate in place.") {
		attributes[name] = a
	}
	for name, a := range keyArguments("saml_encryption_private_key", "A private key for Stytch to decrypt encrypted SAML assertions with",
		"Stytch lists it, by id only, in `encryption_private_keys`. A new key does not delete the previous one, since the IdP "+
			"may encrypt with it until it has the new certificate; Stytch keeps at most five.") {
		attributes[name] = a
	}
	return schema.Schema{
		MarkdownDescription: "Manages a SAML SSO connection of a Stytch B2B organization. Give the customer's IdP the " +
			"connection's `acs_url` and `audience_uri`; configure the IdP's side here with `idp_entity_id`, `idp_sso_url` " +
			"and `x509_certificate`, or with `metadata_url`. The connection is `pending` until it has all of them and " +
			"an `attribute_mapping` with the member's email and name.\n\n" +
			"Stytch creates a connection with only a name and an IdP type, so creating one is two calls (three with " +
			"`metadata_url`). If a later call fails, the connection is kept in state and marked tainted, and the next " +
			"apply replaces it.\n\n" +
			"The private keys are secrets: with Terraform 1.11 or newer, use the write-only `_wo` arguments, which " +
			"never reach state or plan. To make this connection the organization's default, use " +
			"`stytch_b2b_organization_sso_settings`.",
		Attributes: attributes,
	}
}

// ConfigValidators check, at plan time, that each private key is given in at
// most one form and that a write-only key and its version come together.
func (r *b2bSAMLConnectionResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	var validators []resource.ConfigValidator
	for _, name := range []string{"signing_private_key", "saml_encryption_private_key"} {
		validators = append(validators,
			resourcevalidator.Conflicting(path.MatchRoot(name), path.MatchRoot(name+"_wo")),
			resourcevalidator.RequiredTogether(path.MatchRoot(name+"_wo"), path.MatchRoot(name+"_wo_version")),
			resourcevalidator.PreferWriteOnlyAttribute(path.MatchRoot(name), path.MatchRoot(name+"_wo")),
		)
	}
	return validators
}

// ValidateConfig checks Stytch's rule that group role assignments need a
// groups key in attribute_mapping, when the configuration sets both. With
// attribute_mapping omitted, the mapping in Stytch decides, so it is left to
// Stytch.
func (r *b2bSAMLConnectionResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var mapping types.Map
	var groups types.Set
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("attribute_mapping"), &mapping)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("saml_group_implicit_role_assignments"), &groups)...)
	if resp.Diagnostics.HasError() || mapping.IsNull() || mapping.IsUnknown() || groups.IsNull() || groups.IsUnknown() {
		return
	}
	if _, ok := mapping.Elements()["groups"]; !ok && len(groups.Elements()) > 0 {
		resp.Diagnostics.AddAttributeError(path.Root("saml_group_implicit_role_assignments"), "Missing Groups Attribute Mapping",
			"saml_group_implicit_role_assignments grant roles by IdP group, so attribute_mapping must say which SAML "+
				"attribute holds the groups: add a \"groups\" key, such as groups = \"groups\" (Stytch's rule "+
				"saml_connection_attribute_mapping_missing_groups_key).")
	}
}

// ModifyPlan plans what the schema alone cannot: idp_entity_id and
// idp_sso_url, which follow metadata_url when it is set and are cleared by
// omission otherwise, and the read-only attributes an update leaves alone,
// which would otherwise all show as "known after apply". It also refuses a
// replacement that only comes from naming the organization by its slug.
func (r *b2bSAMLConnectionResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var plan, config b2bSAMLConnectionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var state *b2bSAMLConnectionModel
	if !req.State.Raw.IsNull() {
		state = &b2bSAMLConnectionModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
		if resp.Diagnostics.HasError() {
			return
		}
	}

	// With metadata_url, Stytch sets the two IdP fields when it fetches, so
	// they are known only while the URL does not change; without it, the
	// configuration is authoritative and an omitted field is cleared.
	unchangedMetadata := state != nil && !plan.MetadataURL.IsUnknown() && plan.MetadataURL.Equal(state.MetadataURL)
	for _, f := range []struct {
		config types.String
		plan   *types.String
		state  func(*b2bSAMLConnectionModel) types.String
	}{
		{config.IdPEntityID, &plan.IdPEntityID, func(m *b2bSAMLConnectionModel) types.String { return m.IdPEntityID }},
		{config.IdPSSOURL, &plan.IdPSSOURL, func(m *b2bSAMLConnectionModel) types.String { return m.IdPSSOURL }},
	} {
		switch {
		case !f.config.IsNull():
		case config.MetadataURL.IsNull():
			*f.plan = types.StringValue("")
		case unchangedMetadata:
			*f.plan = f.state(state)
		default:
			*f.plan = types.StringUnknown()
		}
	}

	if state != nil {
		refuseSlugReplacement(ctx, r.client, plan.OrganizationID, state.OrganizationID, "connection",
			"delete it and create a new one with a new id and ACS URL, which the IdP would have to be given again", &resp.Diagnostics)
		fetches := fetchesMetadata(&plan, state)
		addsCertificate := certificateAdded(plan.X509Certificate, state.X509Certificate) || fetches
		if !addsCertificate {
			plan.VerificationCertificates = state.VerificationCertificates
		}
		if !sendsKey(plan.SigningPrivateKey, state.SigningPrivateKey, plan.SigningPrivateKeyWOVersion, state.SigningPrivateKeyWOVersion) {
			plan.SigningCertificates = state.SigningCertificates
		}
		if !sendsKey(plan.SAMLEncryptionPrivateKey, state.SAMLEncryptionPrivateKey,
			plan.SAMLEncryptionPrivateKeyWOVersion, state.SAMLEncryptionPrivateKeyWOVersion) {
			plan.EncryptionPrivateKeys = state.EncryptionPrivateKeys
		}
		// The status follows the activation requirements only.
		if !addsCertificate && !plan.IdPEntityID.IsUnknown() && plan.IdPEntityID.Equal(state.IdPEntityID) &&
			!plan.IdPSSOURL.IsUnknown() && plan.IdPSSOURL.Equal(state.IdPSSOURL) &&
			!plan.AttributeMapping.IsUnknown() && plan.AttributeMapping.Equal(state.AttributeMapping) {
			plan.Status = state.Status
		}
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// fetchesMetadata reports whether applying plan has Stytch fetch the metadata.
func fetchesMetadata(plan, prior *b2bSAMLConnectionModel) bool {
	return !plan.MetadataURL.IsNull() && (plan.MetadataURL.IsUnknown() || !plan.MetadataURL.Equal(prior.MetadataURL))
}

// Create creates the connection with Stytch's Create call, which takes only
// the display name and IdP type, then fetches the metadata when metadata_url
// is set, then sends the rest of the configuration with one Update. If a call
// after the first fails, the connection is kept in state and Terraform marks
// it tainted, so that the next apply replaces it rather than losing it.
func (r *b2bSAMLConnectionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, config b2bSAMLConnectionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	orgID := plan.OrganizationID.ValueString()
	body := stytch.CreateSAMLConnectionRequest{DisplayName: plan.DisplayName.ValueString()}
	if !plan.IdentityProvider.IsUnknown() {
		body.IdentityProvider = plan.IdentityProvider.ValueString()
	}
	conn, err := r.client.CreateSAMLConnection(ctx, orgID, body)
	if err != nil {
		addConnectionAPIError(&resp.Diagnostics, "Create", samlKind, orgID, "", err)
		return
	}
	tflog.Info(ctx, "Created Stytch SAML connection", map[string]any{"organization_id": orgID, "connection_id": conn.ConnectionID})
	setIdentity(ctx, resp.Identity, newConnectionIdentity(answeredID(conn.OrganizationID, orgID), conn.ConnectionID), &resp.Diagnostics)
	if conn.OrganizationID != "" && conn.OrganizationID != orgID {
		resp.Diagnostics.AddAttributeWarning(path.Root("organization_id"), "Organization Given By Slug",
			fmt.Sprintf("organization_id is %q, but the organization's id is %s. The connection was created, and the next "+
				"refresh records the id; write the id in the configuration (such as stytch_b2b_organization.example.organization_id), "+
				"or the next plan stops with an error.", orgID, conn.OrganizationID))
	}

	// current is what state records if a later call fails: the connection
	// as Stytch last answered it, with only the inputs already sent.
	connID := conn.ConnectionID
	current := plan.withoutInputs()
	current.fromAPI(conn, &resp.Diagnostics)
	followUpFailed := func(step string, err error) {
		resp.Diagnostics.Append(resp.State.Set(ctx, &current)...)
		addObjectAPIError(&resp.Diagnostics, "Unable to Create SAML Connection",
			fmt.Sprintf("Stytch created SAML connection %s of organization %s, but %s failed. The connection is kept in "+
				"state and marked tainted, so the next apply deletes it and creates it again; fix the cause below first.",
				connID, orgID, step), err)
	}
	if !plan.MetadataURL.IsNull() {
		fetched, err := r.client.UpdateSAMLConnectionByURL(ctx, orgID, connID, plan.MetadataURL.ValueString())
		if err != nil {
			followUpFailed("fetching the IdP metadata from metadata_url", err)
			return
		}
		conn = fetched
		current.fromAPI(conn, &resp.Diagnostics)
		current.MetadataURL = plan.MetadataURL
	}
	update := plan.toUpdateRequest(ctx, &current, &config, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if !update.IsEmpty() {
		updated, err := r.client.UpdateSAMLConnection(ctx, orgID, connID, update)
		if err != nil {
			followUpFailed("setting the rest of its configuration", err)
			return
		}
		conn = updated
	}
	state := current.withInputsOf(&plan)
	state.fromAPI(conn, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Read refreshes the connection from the list of the organization's
// connections, Stytch's only read. A connection that is not in the list, or
// whose organization is gone, is removed from state.
func (r *b2bSAMLConnectionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state b2bSAMLConnectionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	orgID := state.OrganizationID.ValueString()
	// Right after an import, only id and organization_id are set, and the
	// organization may be given by its slug.
	imported := state.ConnectionID.IsNull()
	connID := state.ID.ValueString()
	conns, err := r.client.ListSSOConnections(ctx, orgID)
	if stytch.IsNotFound(err) {
		tflog.Warn(ctx, "Stytch organization not found; removing its SAML connection from state",
			map[string]any{"organization_id": orgID, "connection_id": connID})
		removeResource(ctx, resp, newConnectionIdentity(orgID, connID))
		return
	}
	if err != nil {
		addConnectionAPIError(&resp.Diagnostics, "Read", samlKind, orgID, connID, err)
		return
	}
	conn, ok := conns.SAML(connID)
	if !ok {
		if kind := otherConnectionKind(conns, connID); kind != "" {
			resp.Diagnostics.AddError("Unable to Read SAML Connection",
				fmt.Sprintf("Connection %s of organization %s is %s connection, not a SAML connection. Manage it with "+
					"the resource of its type, or import it there.", connID, orgID, kind))
			return
		}
		tflog.Warn(ctx, "Stytch SAML connection not found; removing it from state",
			map[string]any{"organization_id": orgID, "connection_id": connID})
		removeResource(ctx, resp, newConnectionIdentity(orgID, connID))
		return
	}
	state.fromAPI(conn, &resp.Diagnostics)
	if conn.OrganizationID != "" {
		state.OrganizationID = types.StringValue(conn.OrganizationID)
	}
	state.X509Certificate = configuredCertificate(state.X509Certificate, conn)
	if imported && len(conn.VerificationCertificates) == 1 {
		// The one certificate is what an x509_certificate argument would
		// have added; recording it keeps the plan after an import empty.
		// Should the configuration use metadata_url instead, the plan drops
		// it again, which deletes nothing.
		state.X509Certificate = types.StringValue(conn.VerificationCertificates[0].Certificate)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	setIdentity(ctx, resp.Identity, newConnectionIdentity(answeredID(conn.OrganizationID, orgID), conn.ConnectionID), &resp.Diagnostics)
}

// otherConnectionKind names the type of a connection that is not SAML, or "".
func otherConnectionKind(conns *stytch.SSOConnections, connectionID string) string {
	if _, ok := conns.OIDC(connectionID); ok {
		return "an OIDC"
	}
	if _, ok := conns.External(connectionID); ok {
		return "an external"
	}
	return ""
}

// Update sends the changes with at most one fetch of the metadata and one
// Update, then deletes the certificates a new one replaces (see
// replacedCertificates): adding first means the connection is never left
// without a certificate.
func (r *b2bSAMLConnectionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state, config b2bSAMLConnectionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	orgID, connID := state.OrganizationID.ValueString(), state.ConnectionID.ValueString()
	before := certificatesOf(ctx, state.VerificationCertificates, &resp.Diagnostics)

	// current is what state records if a later call fails: the prior state
	// with what has been applied so far.
	current := state
	var conn *stytch.SAMLConnection
	var err error
	fetched := fetchesMetadata(&plan, &state)
	if fetched {
		if conn, err = r.client.UpdateSAMLConnectionByURL(ctx, orgID, connID, plan.MetadataURL.ValueString()); err != nil {
			addConnectionAPIError(&resp.Diagnostics, "Update", samlKind, orgID, connID, err)
			return
		}
		current.fromAPI(conn, &resp.Diagnostics)
		current.MetadataURL = plan.MetadataURL
	}
	update := plan.toUpdateRequest(ctx, &current, &config, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if !update.IsEmpty() {
		if conn, err = r.client.UpdateSAMLConnection(ctx, orgID, connID, update); err != nil {
			if fetched {
				resp.Diagnostics.Append(resp.State.Set(ctx, &current)...)
			}
			addConnectionAPIError(&resp.Diagnostics, "Update", samlKind, orgID, connID, err)
			return
		}
	}
	if conn == nil {
		// Nothing for Stytch (a key removed, a version dropped, the
		// certificate's formatting): read the connection so that state still
		// mirrors Stytch.
		conns, err := r.client.ListSSOConnections(ctx, orgID)
		if err != nil {
			addConnectionAPIError(&resp.Diagnostics, "Update", samlKind, orgID, connID, err)
			return
		}
		var ok bool
		if conn, ok = conns.SAML(connID); !ok {
			resp.Diagnostics.AddError("Unable to Update SAML Connection",
				fmt.Sprintf("SAML connection %s is no longer a connection of organization %s: it was deleted outside "+
					"Terraform since the plan was made. Run terraform apply again: the refresh removes it from state and "+
					"the plan creates it again.", connID, orgID))
			return
		}
	}

	next := current.withInputsOf(&plan)
	next.OrganizationID = plan.OrganizationID
	replaced := replacedCertificates(&state, &plan, before, conn.VerificationCertificates, fetched)
	var left []string
	var deleteErr error
	for _, id := range replaced {
		err := r.client.DeleteSAMLVerificationCertificate(ctx, orgID, connID, id)
		if err != nil && !stytch.IsErrorType(err, stytch.ErrorTypeSSOVerificationKeyNotFound) {
			left, deleteErr = append(left, id), err
			continue
		}
		conn.VerificationCertificates = slices.DeleteFunc(conn.VerificationCertificates,
			func(c stytch.X509Certificate) bool { return c.CertificateID == id })
	}
	next.fromAPI(conn, &resp.Diagnostics)
	setIdentity(ctx, resp.Identity, newConnectionIdentity(answeredID(conn.OrganizationID, orgID), connID), &resp.Diagnostics)
	if deleteErr != nil {
		// The previous x509_certificate in state makes the next plan rotate
		// again, which adds nothing and retries the delete. After a metadata
		// fetch nothing tells the next run which certificates were replaced,
		// so the message names them.
		next.X509Certificate = state.X509Certificate
		resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
		addObjectAPIError(&resp.Diagnostics, "Unable to Update SAML Connection",
			fmt.Sprintf("SAML connection %s of organization %s has its new certificate, but Stytch did not delete the "+
				"certificates it replaces (%s); until they are deleted, Stytch accepts assertions signed with either. "+
				"Run terraform apply again to retry when x509_certificate changed; after a metadata_url change, delete "+
				"them in the Stytch dashboard or with DELETE /v1/b2b/sso/saml/%s/connections/%s/verification_certificates/ID.",
				connID, orgID, strings.Join(left, ", "), orgID, connID), deleteErr)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &next)...)
}

// Delete deletes the connection. One already gone counts as deleted. Stytch
// refuses to delete the organization's default connection.
func (r *b2bSAMLConnectionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state b2bSAMLConnectionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	deleteConnectionOrReport(ctx, r.client, &resp.Diagnostics, samlKind, state.OrganizationID.ValueString(), state.ConnectionID.ValueString())
}

// ImportState takes ORGANIZATION/CONNECTION_ID, where ORGANIZATION is the
// organization's id or slug, or an identity; Read records the organization's
// id.
func (r *b2bSAMLConnectionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	org, conn, err := connectionImportIDs(ctx, req, "stytch_b2b_saml_connection", &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Invalid Import ID",
			"Import a SAML connection with ORGANIZATION/CONNECTION_ID, for example: terraform import "+
				"stytch_b2b_saml_connection.okta acme/saml-connection-test-0123...\n\n"+err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), conn)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("organization_id"), org)...)
}
