package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// Ensure the data source satisfies the framework interfaces.
var (
	_ datasource.DataSource              = (*b2bOrganizationsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*b2bOrganizationsDataSource)(nil)
)

// Defaults of the optional paging arguments. Data sources cannot declare a
// schema default, so Read applies them and the descriptions state them.
const (
	defaultSearchPageSize   = 100
	maxSearchPageSize       = stytch.MaxSearchLimit
	defaultSearchMaxResults = 1000
	minFuzzyLength          = 3 // Stytch rejects shorter fuzzy terms (DESIGN.md, "Search")
)

// b2bOrganizationsDataSource searches Stytch B2B organizations.
type b2bOrganizationsDataSource struct {
	client *stytch.Client
}

// b2bOrganizationsDataSourceModel is the configuration and result of stytch_b2b_organizations.
type b2bOrganizationsDataSourceModel struct {
	OrganizationIDs        types.Set    `tfsdk:"organization_ids"`
	OrganizationSlugs      types.Set    `tfsdk:"organization_slugs"`
	OrganizationSlugFuzzy  types.String `tfsdk:"organization_slug_fuzzy"`
	OrganizationNameFuzzy  types.String `tfsdk:"organization_name_fuzzy"`
	MemberEmails           types.Set    `tfsdk:"member_emails"`
	MemberEmailFuzzy       types.String `tfsdk:"member_email_fuzzy"`
	AllowedDomains         types.Set    `tfsdk:"allowed_domains"`
	AllowedDomainFuzzy     types.String `tfsdk:"allowed_domain_fuzzy"`
	ClaimedEmailDomains    types.Set    `tfsdk:"claimed_email_domains"`
	HasActiveSSOConnection types.Bool   `tfsdk:"has_active_sso_connection"`
	SSOConnectionID        types.String `tfsdk:"sso_connection_id"`
	MaxResults             types.Int64  `tfsdk:"max_results"`
	PageSize               types.Int64  `tfsdk:"page_size"`
	Organizations          types.List   `tfsdk:"organizations"`
	Total                  types.Int64  `tfsdk:"total"`
}

// searchFilterKind is the type of a search filter's value (DESIGN.md, "Search").
type searchFilterKind int

const (
	filterStrings searchFilterKind = iota // a set of strings, sent as an array of strings
	filterFuzzy                           // a string of at least 3 characters
	filterString                          // a non-empty string
	filterBool                            // a boolean
)

// searchFilter is one of Stytch's search filters (DESIGN.md, "Search"). Its argument has the name of
// Stytch's filter_name; the schema, the plan-time validation and the query are
// all derived from organizationSearchFilters.
type searchFilter struct {
	name        string // argument name and Stytch's filter_name
	kind        searchFilterKind
	description string
	// elemValidators are extra checks on each value of a filterStrings filter.
	elemValidators []validator.String
	// value returns the argument's value in the model.
	value func(*b2bOrganizationsDataSourceModel) attr.Value
}

// emailPattern is a loose email check: it catches a missing @ or a stray space,
// and leaves the exact rules to Stytch.
var emailPattern = regexp.MustCompile(`^[^@\s]+@[^@\s]+$`)

// organizationSearchFilters are the filters of Stytch's Search Organizations
// call, in the order of Stytch's filter table, which is also the order of the operands sent.
var organizationSearchFilters = []searchFilter{
	{
		name: stytch.FilterOrganizationIDs, kind: filterStrings,
		description: "Organizations with one of these organization ids.",
		value:       func(m *b2bOrganizationsDataSourceModel) attr.Value { return m.OrganizationIDs },
	},
	{
		name: stytch.FilterOrganizationSlugs, kind: filterStrings,
		description: "Organizations with one of these slugs (exact match).",
		value:       func(m *b2bOrganizationsDataSourceModel) attr.Value { return m.OrganizationSlugs },
	},
	{
		name: stytch.FilterOrganizationSlugFuzzy, kind: filterFuzzy,
		description: "Organizations whose slug matches this term (Stytch's fuzzy match, such as a part of the slug).",
		value:       func(m *b2bOrganizationsDataSourceModel) attr.Value { return m.OrganizationSlugFuzzy },
	},
	{
		name: stytch.FilterOrganizationNameFuzzy, kind: filterFuzzy,
		description: "Organizations whose name matches this term (Stytch's fuzzy match, such as a part of the name).",
		value:       func(m *b2bOrganizationsDataSourceModel) attr.Value { return m.OrganizationNameFuzzy },
	},
	{
		name: stytch.FilterMemberEmails, kind: filterStrings,
		description:    "Organizations with a member whose email address is one of these.",
		elemValidators: []validator.String{stringvalidator.RegexMatches(emailPattern, "must be an email address such as alice@example.com")},
		value:          func(m *b2bOrganizationsDataSourceModel) attr.Value { return m.MemberEmails },
	},
	{
		name: stytch.FilterMemberEmailFuzzy, kind: filterFuzzy,
		description: "Organizations with a member whose email address matches this term (Stytch's fuzzy match).",
		value:       func(m *b2bOrganizationsDataSourceModel) attr.Value { return m.MemberEmailFuzzy },
	},
	{
		name: stytch.FilterAllowedDomains, kind: filterStrings,
		description: "Organizations with one of these domains in `email_allowed_domains`.",
		value:       func(m *b2bOrganizationsDataSourceModel) attr.Value { return m.AllowedDomains },
	},
	{
		name: stytch.FilterAllowedDomainFuzzy, kind: filterFuzzy,
		description: "Organizations with an `email_allowed_domains` entry that matches this term (Stytch's fuzzy match).",
		value:       func(m *b2bOrganizationsDataSourceModel) attr.Value { return m.AllowedDomainFuzzy },
	},
	{
		name: stytch.FilterClaimedEmailDomains, kind: filterStrings,
		description: "Organizations that claim one of these email domains (`claimed_email_domains`).",
		value:       func(m *b2bOrganizationsDataSourceModel) attr.Value { return m.ClaimedEmailDomains },
	},
	{
		name: stytch.FilterHasActiveSSOConnection, kind: filterBool,
		description: "Organizations that have (`true`) or do not have (`false`) an active SSO connection.",
		value:       func(m *b2bOrganizationsDataSourceModel) attr.Value { return m.HasActiveSSOConnection },
	},
	{
		name: stytch.FilterSSOConnectionID, kind: filterString,
		description: "The organization that has the active SSO connection with this id.",
		value:       func(m *b2bOrganizationsDataSourceModel) attr.Value { return m.SSOConnectionID },
	},
}

// schemaAttribute is the Optional argument of the filter, with validators that
// reject at plan time the values Stytch would reject.
func (f searchFilter) schemaAttribute() schema.Attribute {
	switch f.kind {
	case filterStrings:
		return schema.SetAttribute{
			MarkdownDescription: f.description + " A set of at least one non-empty value; the order does not matter.",
			ElementType:         types.StringType,
			Optional:            true,
			Validators: []validator.Set{
				setvalidator.SizeAtLeast(1),
				setvalidator.ValueStringsAre(append([]validator.String{stringvalidator.LengthAtLeast(1)}, f.elemValidators...)...),
			},
		}
	case filterFuzzy:
		return schema.StringAttribute{
			MarkdownDescription: f.description + fmt.Sprintf(" At least %d characters.", minFuzzyLength),
			Optional:            true,
			Validators:          []validator.String{stringvalidator.UTF8LengthAtLeast(minFuzzyLength)},
		}
	case filterString:
		return schema.StringAttribute{
			MarkdownDescription: f.description,
			Optional:            true,
			Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
		}
	default:
		return schema.BoolAttribute{MarkdownDescription: f.description, Optional: true}
	}
}

// NewB2BOrganizationsDataSource returns the stytch_b2b_organizations data source.
func NewB2BOrganizationsDataSource() datasource.DataSource {
	return &b2bOrganizationsDataSource{}
}

// Metadata names the data source stytch_b2b_organizations.
func (d *b2bOrganizationsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_b2b_organizations"
}

// Configure receives the provider's API client.
func (d *b2bOrganizationsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFromProviderData(req.ProviderData, resp.Diagnostics.AddError)
}

// Schema has one optional argument per search filter, the paging arguments,
// and the organizations found with the attributes of stytch_b2b_organization.
func (d *b2bOrganizationsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := map[string]schema.Attribute{
		"max_results": schema.Int64Attribute{
			MarkdownDescription: fmt.Sprintf("The most organizations the search may return (default: `%d`). When more "+
				"organizations match, reading the data source fails and says how many match: the list is never cut short. "+
				"Add filters or raise this limit then.", defaultSearchMaxResults),
			Optional:   true,
			Validators: []validator.Int64{int64validator.AtLeast(1)},
		},
		"page_size": schema.Int64Attribute{
			MarkdownDescription: fmt.Sprintf("How many organizations each API call asks for, 1 to %d (default: `%d`). "+
				"The provider follows Stytch's pagination to the last page, so this changes only the number of calls "+
				"(one per page), never the result. Meant for tuning and tests.", maxSearchPageSize, defaultSearchPageSize),
			Optional:   true,
			Validators: []validator.Int64{int64validator.Between(1, maxSearchPageSize)},
		},
		"organizations": organizationsAttribute(),
		"total": schema.Int64Attribute{
			MarkdownDescription: "How many organizations match: the length of `organizations`, `0` when none does.",
			Computed:            true,
		},
	}
	for _, f := range organizationSearchFilters {
		attrs[f.name] = f.schemaAttribute()
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Searches the Stytch B2B organizations of the project with Stytch's " +
			"[Search Organizations](https://stytch.com/docs/b2b/api/search-organizations) call. Every filter set " +
			"narrows the search (filters are combined with `AND`); without any filter every organization is returned. " +
			"A filter with a list of values matches organizations that have any of them.\n\n" +
			"The provider reads every page of results, so the result is complete, and fails rather than returning " +
			"more than `max_results` organizations. Nothing matching is not an error: `organizations` is empty and " +
			"`total` is `0`.",
		Attributes: attrs,
	}
}

// organizationsAttribute is the result of the search: organizations with the
// attributes of the resource, as stytch_b2b_organization returns them.
func organizationsAttribute() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		MarkdownDescription: "The organizations that match, in Stytch's order, each with every attribute of the " +
			"`stytch_b2b_organization` data source. Empty when nothing matches.",
		Computed:     true,
		NestedObject: schema.NestedAttributeObject{Attributes: organizationDataSourceAttributes(organizationDataSourceNotes)},
	}
}

// organizationObjectType is the type of one element of organizations.
func organizationObjectType() types.ObjectType {
	return types.ObjectType{AttrTypes: objectAttrTypes(organizationsAttribute().GetType())}
}

// searchQuery builds Stytch's query from the filters set in the
// configuration: one operand per filter, combined with AND. It returns nil,
// which searches every organization, when no filter is set.
func (m *b2bOrganizationsDataSourceModel) searchQuery(ctx context.Context) (*stytch.SearchQuery, diag.Diagnostics) {
	values := make([]filterValue, 0, len(organizationSearchFilters))
	for _, f := range organizationSearchFilters {
		values = append(values, filterValue{name: f.name, value: f.value(m)})
	}
	return searchQueryOf(ctx, values)
}

// filterValue is a search filter's name and its value in a configuration.
type filterValue struct {
	name  string
	value attr.Value
}

// searchQueryOf builds Stytch's query from the filters set in a
// configuration: one operand per filter, combined with AND. It returns nil,
// which matches everything, when no filter is set. Organization and member
// searches share the query's shape.
func searchQueryOf(ctx context.Context, filters []filterValue) (*stytch.SearchQuery, diag.Diagnostics) {
	var diags diag.Diagnostics
	var operands []stytch.SearchOperand
	for _, f := range filters {
		if f.value.IsNull() || f.value.IsUnknown() {
			continue
		}
		var value any
		switch v := f.value.(type) {
		case types.Set: // filterStrings
			values := setStrings(ctx, v, &diags)
			if values == nil {
				values = []string{} // sent as [] so that Stytch names the problem
			}
			value = values
		case types.String: // filterFuzzy, filterString
			value = v.ValueString()
		case types.Bool: // filterBool
			value = v.ValueBool()
		default:
			diags.AddError("Internal Provider Error",
				fmt.Sprintf("The search filter %s has a value of unexpected type %T. Please report this issue to the provider developers.", f.name, v))
			continue
		}
		operands = append(operands, stytch.SearchOperand{FilterName: f.name, FilterValue: value})
	}
	if len(operands) == 0 {
		return nil, diags
	}
	return &stytch.SearchQuery{Operator: stytch.SearchOperatorAND, Operands: operands}, diags
}

// int64Or returns the configured value, or def when the argument is not set.
func int64Or(v types.Int64, def int) int {
	if v.IsNull() || v.IsUnknown() {
		return def
	}
	return int(v.ValueInt64())
}

// Read runs the search through every page, then records the organizations.
func (d *b2bOrganizationsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var data b2bOrganizationsDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	query, diags := data.searchQuery(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	pageSize := int64Or(data.PageSize, defaultSearchPageSize)
	maxResults := int64Or(data.MaxResults, defaultSearchMaxResults)

	orgs, _, err := d.client.SearchAllOrganizations(ctx, query, pageSize, maxResults)
	if tooMany := (*stytch.ErrTooManyResults)(nil); errors.As(err, &tooMany) {
		resp.Diagnostics.AddAttributeError(path.Root("max_results"), "Too Many B2B Organizations Match",
			fmt.Sprintf("At least %d organizations match the search (%s), more than max_results = %d. "+
				"stytch_b2b_organizations never returns a partial list. Narrow the search with more or stricter filters "+
				"(such as organization_slugs, organization_name_fuzzy or allowed_domains), or raise max_results to at least %d.",
				tooMany.Total, describeQuery(query), maxResults, tooMany.Total))
		return
	}
	if err != nil {
		addSearchError(&resp.Diagnostics, query, err)
		return
	}
	tflog.Debug(ctx, "Searched Stytch B2B organizations", map[string]any{"matches": len(orgs), "page_size": pageSize})

	objectType := organizationObjectType()
	elems := make([]attr.Value, 0, len(orgs))
	for i := range orgs {
		var org b2bOrganizationModel
		resp.Diagnostics.Append(org.fromAPI(ctx, &orgs[i])...)
		obj, objDiags := types.ObjectValueFrom(ctx, objectType.AttrTypes, org)
		resp.Diagnostics.Append(objDiags...)
		elems = append(elems, obj)
	}
	list, listDiags := types.ListValue(objectType, elems)
	resp.Diagnostics.Append(listDiags...)
	if resp.Diagnostics.HasError() {
		return
	}
	data.Organizations = list
	data.Total = types.Int64Value(int64(len(orgs)))
	resp.Diagnostics.Append(resp.State.Set(ctx, &data)...)
}

// describeQuery names the filters of a query in messages.
func describeQuery(q *stytch.SearchQuery) string {
	if q == nil || len(q.Operands) == 0 {
		return "no filter"
	}
	names := make([]string, 0, len(q.Operands))
	for _, op := range q.Operands {
		names = append(names, op.FilterName)
	}
	return "filters " + strings.Join(names, ", ")
}

// addSearchError adds the diagnostic of a failed search, in the form of
// addAPIError: what failed, what to do, and Stytch's error fields.
func addSearchError(diags *diag.Diagnostics, query *stytch.SearchQuery, err error) {
	detail := "Stytch did not search organizations with " + describeQuery(query) + "."
	if hint := errorHint(err); hint != "" {
		detail += " " + hint
	}
	diags.AddError("Unable to Search B2B Organizations", detail+"\n\n"+stytchErrorBlock(err))
}
