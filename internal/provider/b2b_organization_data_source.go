package provider

import (
	"context"
	"fmt"
	"maps"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// Ensure the data source satisfies the framework interfaces.
var (
	_ datasource.DataSource                     = (*b2bOrganizationDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*b2bOrganizationDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*b2bOrganizationDataSource)(nil)
)

// The lookup keys of stytch_b2b_organization, in the order they are named in messages.
var organizationLookupKeys = []string{"organization_id", "organization_slug", "organization_external_id"}

// b2bOrganizationDataSource reads one Stytch B2B organization. Its model is
// b2bOrganizationModel, the resource's: the lookup keys are attributes of the
// organization, so the configuration sets one of them and Read fills the rest.
type b2bOrganizationDataSource struct {
	client *stytch.Client
}

// NewB2BOrganizationDataSource returns the stytch_b2b_organization data source.
func NewB2BOrganizationDataSource() datasource.DataSource {
	return &b2bOrganizationDataSource{}
}

// Metadata names the data source stytch_b2b_organization.
func (d *b2bOrganizationDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_b2b_organization"
}

// Configure receives the provider's API client.
func (d *b2bOrganizationDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFromProviderData(req.ProviderData, resp.Diagnostics.AddError)
}

// organizationDataSourceNotes end descriptions in both data sources: what a
// value read from Stytch is when the organization has none.
var organizationDataSourceNotes = map[string]string{
	"organization_logo_url":     " Empty when the organization has no logo.",
	"organization_external_id":  " Empty when the organization has none.",
	"trusted_metadata":          ", as a JSON string (`{}` when empty): read it with `jsondecode(...)`.",
	"sso_default_connection_id": " Null when none is set.",
}

// organizationDataSourceAttributes are the attributes of one organization as
// the data sources return it: the resource's, Computed, with notes appended to
// their descriptions.
func organizationDataSourceAttributes(notes map[string]string) map[string]schema.Attribute {
	attrs := organizationResourceSchema().Attributes
	delete(attrs, "deletion_protection") // a Terraform setting of the resource, not part of the organization
	return dataSourceAttributesFrom(attrs, dataSourceDescriptions{resourceNotes: organizationResourceNotes, notes: notes})
}

// Schema has every attribute of the resource, Computed; the three lookup keys
// are also Optional, with the resource's validators.
func (d *b2bOrganizationDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	const exactlyOne = " Set exactly one of `organization_id`, `organization_slug` or `organization_external_id`; " +
		"the other two are read from Stytch."
	notes := maps.Clone(organizationDataSourceNotes)
	notes["organization_id"] = exactlyOne
	notes["organization_slug"] = exactlyOne
	notes["organization_external_id"] = exactlyOne + organizationDataSourceNotes["organization_external_id"]
	attrs := organizationDataSourceAttributes(notes)

	attrs["organization_id"] = schema.StringAttribute{
		MarkdownDescription: attrs["organization_id"].GetMarkdownDescription(),
		Optional:            true,
		Computed:            true,
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	attrs["organization_slug"] = schema.StringAttribute{
		MarkdownDescription: attrs["organization_slug"].GetMarkdownDescription(),
		Optional:            true,
		Computed:            true,
		Validators:          slugValidators(),
	}
	attrs["organization_external_id"] = schema.StringAttribute{
		MarkdownDescription: attrs["organization_external_id"].GetMarkdownDescription(),
		Optional:            true,
		Computed:            true,
		Validators:          append([]validator.String{stringvalidator.LengthAtLeast(1)}, externalIDValidators()...),
	}

	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one Stytch B2B [organization](https://stytch.com/docs/b2b/api/organization-object), " +
			"found by its id, its slug or its external id, with one API call. Every attribute of the " +
			"`stytch_b2b_organization` resource is returned.\n\n" +
			"Stytch resolves the value as an id, then a slug, then an external id; the data source checks that the " +
			"organization returned has the value under the key that was set. A slug or id that is also another " +
			"organization's identifier is then found with an exact search (a second call); an external id that is also " +
			"another organization's id or slug is an error.\n\n" +
			"An organization that does not exist is an error, never an empty result: use `stytch_b2b_organizations` " +
			"to test whether organizations exist.",
		Attributes: attrs,
	}
}

// ConfigValidators require exactly one lookup key, at plan time.
func (d *b2bOrganizationDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	exprs := make([]path.Expression, 0, len(organizationLookupKeys))
	for _, k := range organizationLookupKeys {
		exprs = append(exprs, path.MatchRoot(k))
	}
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(exprs...)}
}

// organizationLookup is what the configuration asks for: one key and its value.
type organizationLookup struct {
	key   string // organization_id, organization_slug or organization_external_id
	value string
}

// lookupOf returns the lookup key set in the configuration. The config
// validator guarantees there is exactly one.
func lookupOf(cfg *b2bOrganizationModel) (organizationLookup, bool) {
	for _, l := range []organizationLookup{
		{"organization_id", cfg.OrganizationID.ValueString()},
		{"organization_slug", cfg.OrganizationSlug.ValueString()},
		{"organization_external_id", cfg.OrganizationExternalID.ValueString()},
	} {
		if l.value != "" {
			return l, true
		}
	}
	return organizationLookup{}, false
}

// matches reports whether org really is the organization looked up. Stytch
// accepts an id, a slug or an external id in the same path parameter and tries
// them in turn, so a slug that equals another organization's id returns that
// other organization.
func (l organizationLookup) matches(org *stytch.Organization) bool {
	switch l.key {
	case "organization_id":
		return org.OrganizationID == l.value
	case "organization_slug":
		return org.OrganizationSlug == l.value
	default:
		return org.OrganizationExternalID == l.value
	}
}

// String names the lookup in messages: organization_slug "acme".
func (l organizationLookup) String() string {
	return fmt.Sprintf("%s %q", l.key, l.value)
}

// Read looks the organization up with one GET. When Stytch resolves the value
// to an organization that does not have it under the requested key, an id or a
// slug is searched for exactly instead; an external id cannot be (Search has no
// filter for it), so that is an error.
func (d *b2bOrganizationDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg b2bOrganizationModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	lookup, ok := lookupOf(&cfg)
	if !ok {
		resp.Diagnostics.AddError("Missing B2B Organization Lookup Key",
			"Set exactly one of "+strings.Join(organizationLookupKeys, ", ")+" to choose the organization to read.")
		return
	}

	org, err := d.client.GetOrganization(ctx, lookup.value)
	if stytch.IsNotFound(err) {
		addNotFoundError(&resp.Diagnostics, lookup, err)
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Read", "with "+lookup.String(), err)
		return
	}
	if !lookup.matches(org) {
		tflog.Debug(ctx, "Stytch resolved the lookup value to another organization", map[string]any{
			"lookup_key": lookup.key, "lookup_value": lookup.value, "organization_id": org.OrganizationID,
		})
		org = d.searchExact(ctx, lookup, org, &resp.Diagnostics)
		if org == nil {
			return
		}
	}

	var state b2bOrganizationModel
	resp.Diagnostics.Append(state.fromAPI(ctx, org)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// searchExact finds the organization with an exact id or slug filter after the
// GET returned another organization (other). It returns nil after adding a
// diagnostic when there is no such organization or it cannot be told apart.
func (d *b2bOrganizationDataSource) searchExact(ctx context.Context, lookup organizationLookup, other *stytch.Organization, diags *diag.Diagnostics) *stytch.Organization {
	filter := map[string]string{
		"organization_id":   stytch.FilterOrganizationIDs,
		"organization_slug": stytch.FilterOrganizationSlugs,
	}[lookup.key]
	if filter == "" {
		diags.AddAttributeError(path.Root(lookup.key), "Ambiguous B2B Organization Lookup",
			fmt.Sprintf("Stytch resolved %s to organization %s, whose external id is %q: the value is that organization's id "+
				"or slug, which Stytch matches before external ids. Stytch offers no other way to find an organization by "+
				"external id, so look it up by organization_id or organization_slug instead.",
				lookup, describeOrg(other.OrganizationSlug, other.OrganizationID), other.OrganizationExternalID))
		return nil
	}
	query := &stytch.SearchQuery{Operator: stytch.SearchOperatorAND, Operands: []stytch.SearchOperand{{FilterName: filter, FilterValue: []string{lookup.value}}}}
	orgs, _, err := d.client.SearchAllOrganizations(ctx, query, 2, 2)
	if err != nil {
		addAPIError(diags, "Read", "with "+lookup.String(), err)
		return nil
	}
	for i := range orgs {
		if lookup.matches(&orgs[i]) {
			return &orgs[i]
		}
	}
	addNotFoundError(diags, lookup, nil)
	return nil
}

// addNotFoundError says that no organization has the value looked up. err,
// Stytch's answer, may be nil when the organization was searched for.
func addNotFoundError(diags *diag.Diagnostics, lookup organizationLookup, err error) {
	detail := fmt.Sprintf("No Stytch B2B organization of this project has %s. Check the value, and that project_id "+
		"and base_url point at the project that holds the organization. If the organization is created in the same "+
		"configuration, refer to the resource's attribute (such as stytch_b2b_organization.example.organization_slug) "+
		"so that Terraform reads it after creating it.", lookup)
	if err != nil {
		detail += "\n\n" + stytchErrorBlock(err)
	}
	diags.AddAttributeError(path.Root(lookup.key), "B2B Organization Not Found", detail)
}

// stytchErrorBlock renders an API failure the way addAPIError does: the fields
// a user quotes to Stytch support.
func stytchErrorBlock(err error) string {
	apiErr, ok := stytch.AsError(err)
	if !ok {
		return "Error: " + err.Error()
	}
	s := fmt.Sprintf("Stytch API error:\n  HTTP status:   %d\n  error_type:    %s\n  error_message: %s\n  request_id:    %s",
		apiErr.StatusCode, apiErr.ErrorType, apiErr.ErrorMessage, orNone(apiErr.RequestID))
	if apiErr.ErrorURL != "" {
		s += "\n  error_url:     " + apiErr.ErrorURL
	}
	return s
}
