package provider

import (
	"context"
	"errors"
	"fmt"

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
	_ datasource.DataSource              = (*b2bMembersDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*b2bMembersDataSource)(nil)
)

// b2bMembersDataSource searches the members of Stytch B2B organizations.
type b2bMembersDataSource struct {
	client *stytch.Client
}

// b2bMembersDataSourceModel is the configuration and result of stytch_b2b_members.
type b2bMembersDataSourceModel struct {
	OrganizationIDs           types.Set    `tfsdk:"organization_ids"`
	MemberIDs                 types.Set    `tfsdk:"member_ids"`
	MemberEmails              types.Set    `tfsdk:"member_emails"`
	MemberEmailFuzzy          types.String `tfsdk:"member_email_fuzzy"`
	MemberIsBreakglass        types.Bool   `tfsdk:"member_is_breakglass"`
	Statuses                  types.Set    `tfsdk:"statuses"`
	MemberMFAPhoneNumbers     types.Set    `tfsdk:"member_mfa_phone_numbers"`
	MemberMFAPhoneNumberFuzzy types.String `tfsdk:"member_mfa_phone_number_fuzzy"`
	MemberPasswordExists      types.Bool   `tfsdk:"member_password_exists"`
	MemberRoles               types.Set    `tfsdk:"member_roles"`
	MaxResults                types.Int64  `tfsdk:"max_results"`
	PageSize                  types.Int64  `tfsdk:"page_size"`
	Members                   types.List   `tfsdk:"members"`
	Total                     types.Int64  `tfsdk:"total"`
}

// memberSearchFilter is one of Stytch's member search filters: its argument
// (searchFilter, as for organizations, which gives its schema and validation)
// and where the model holds its value.
type memberSearchFilter struct {
	searchFilter
	memberValue func(*b2bMembersDataSourceModel) attr.Value
}

// memberSearchFilters are the filters of Stytch's Search Members call, in the
// order of Stytch's filter list, which is also the order of the operands sent.
var memberSearchFilters = []memberSearchFilter{
	{
		searchFilter: searchFilter{
			name: stytch.MemberFilterIDs, kind: filterStrings,
			description: "Members with one of these member ids, or of these external ids (not both kinds in one search: " +
				"Stytch refuses a mix).",
		},
		memberValue: func(m *b2bMembersDataSourceModel) attr.Value { return m.MemberIDs },
	},
	{
		searchFilter: searchFilter{
			name: stytch.MemberFilterEmails, kind: filterStrings,
			description:    "Members whose email address is one of these.",
			elemValidators: []validator.String{stringvalidator.RegexMatches(emailPattern, "must be an email address such as alice@example.com")},
		},
		memberValue: func(m *b2bMembersDataSourceModel) attr.Value { return m.MemberEmails },
	},
	{
		searchFilter: searchFilter{
			name: stytch.MemberFilterEmailFuzzy, kind: filterFuzzy,
			description: "Members whose email address matches this term (Stytch's fuzzy match, such as a part of the address).",
		},
		memberValue: func(m *b2bMembersDataSourceModel) attr.Value { return m.MemberEmailFuzzy },
	},
	{
		searchFilter: searchFilter{
			name: stytch.MemberFilterIsBreakglass, kind: filterBool,
			description: "Members that are (`true`) or are not (`false`) break-glass members (`is_breakglass`).",
		},
		memberValue: func(m *b2bMembersDataSourceModel) attr.Value { return m.MemberIsBreakglass },
	},
	{
		searchFilter: searchFilter{
			name: stytch.MemberFilterStatuses, kind: filterStrings,
			description: "Members with one of these statuses: " + codeList(stytch.MemberStatusValues) + ". Without " +
				"`deleted` here, Stytch leaves deleted members out.",
			elemValidators: []validator.String{stringvalidator.OneOf(stytch.MemberStatusValues...)},
		},
		memberValue: func(m *b2bMembersDataSourceModel) attr.Value { return m.Statuses },
	},
	{
		searchFilter: searchFilter{
			name: stytch.MemberFilterMFAPhoneNumbers, kind: filterStrings,
			description: "Members whose `mfa_phone_number` is one of these (E.164, such as `+14155550123`).",
		},
		memberValue: func(m *b2bMembersDataSourceModel) attr.Value { return m.MemberMFAPhoneNumbers },
	},
	{
		searchFilter: searchFilter{
			name: stytch.MemberFilterMFAPhoneNumberFuzzy, kind: filterFuzzy,
			description: "Members whose `mfa_phone_number` matches this term (Stytch's fuzzy match, such as a part of the number).",
		},
		memberValue: func(m *b2bMembersDataSourceModel) attr.Value { return m.MemberMFAPhoneNumberFuzzy },
	},
	{
		searchFilter: searchFilter{
			name: stytch.MemberFilterPasswordExists, kind: filterBool,
			description: "Members that have (`true`) or do not have (`false`) a password.",
		},
		memberValue: func(m *b2bMembersDataSourceModel) attr.Value { return m.MemberPasswordExists },
	},
	{
		searchFilter: searchFilter{
			name: stytch.MemberFilterRoles, kind: filterStrings,
			description: "Members that have one of these roles, from any source (`roles_with_sources`).",
		},
		memberValue: func(m *b2bMembersDataSourceModel) attr.Value { return m.MemberRoles },
	},
}

// NewB2BMembersDataSource returns the stytch_b2b_members data source.
func NewB2BMembersDataSource() datasource.DataSource {
	return &b2bMembersDataSource{}
}

// Metadata names the data source stytch_b2b_members.
func (d *b2bMembersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_b2b_members"
}

// Configure receives the provider's API client.
func (d *b2bMembersDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFromProviderData(req.ProviderData, resp.Diagnostics.AddError)
}

// Schema has the organizations to search, one optional argument per search
// filter, the paging arguments, and the members found with the attributes of
// the stytch_b2b_member data source.
func (d *b2bMembersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := map[string]schema.Attribute{
		"organization_ids": schema.SetAttribute{
			MarkdownDescription: "The ids of the organizations whose members are searched, at least one, such as " +
				"`[stytch_b2b_organization.acme.organization_id]`. Ids only: Stytch's search does not take slugs.",
			ElementType: types.StringType,
			Required:    true,
			Validators: []validator.Set{
				setvalidator.SizeAtLeast(1),
				setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1)),
			},
		},
		"max_results": schema.Int64Attribute{
			MarkdownDescription: fmt.Sprintf("The most members the search may return (default: `%d`). When more members "+
				"match, reading the data source fails and says how many match: the list is never cut short. Add filters "+
				"or raise this limit then.", defaultSearchMaxResults),
			Optional:   true,
			Validators: []validator.Int64{int64validator.AtLeast(1)},
		},
		"page_size": schema.Int64Attribute{
			MarkdownDescription: fmt.Sprintf("How many members each API call asks for, 1 to %d (default: `%d`). The "+
				"provider follows Stytch's pagination to the last page, so this changes only the number of calls (one per "+
				"page), never the result. Meant for tuning and tests.", maxSearchPageSize, defaultSearchPageSize),
			Optional:   true,
			Validators: []validator.Int64{int64validator.Between(1, maxSearchPageSize)},
		},
		"members": membersAttribute(),
		"total": schema.Int64Attribute{
			MarkdownDescription: "How many members match: the length of `members`, `0` when none does.",
			Computed:            true,
		},
	}
	for _, f := range memberSearchFilters {
		attrs[f.name] = f.schemaAttribute()
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Searches the members of one or more Stytch B2B organizations with Stytch's " +
			"[Search Members](https://stytch.com/docs/b2b/api/search-members) call. Every filter set narrows the search " +
			"(filters are combined with `AND`); without any filter every member of the organizations is returned but " +
			"deleted ones. A filter with a list of values matches members that have any of them.\n\n" +
			"The provider reads every page of results, so the result is complete, and fails rather than returning more " +
			"than `max_results` members. Nothing matching is not an error: `members` is empty and `total` is `0`.",
		Attributes: attrs,
	}
}

// membersAttribute is the result of the search: members with the attributes
// of the stytch_b2b_member data source.
func membersAttribute() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		MarkdownDescription: "The members that match, in Stytch's order, each with every attribute of the " +
			"`stytch_b2b_member` data source. Empty when nothing matches.",
		Computed:     true,
		NestedObject: schema.NestedAttributeObject{Attributes: memberDataSourceAttributes(memberDataSourceNotes)},
	}
}

// memberObjectType is the type of one element of members.
func memberObjectType() types.ObjectType {
	return types.ObjectType{AttrTypes: objectAttrTypes(membersAttribute().GetType())}
}

// searchQuery builds Stytch's query from the filters set in the
// configuration: one operand per filter, combined with AND. It returns nil,
// which matches every member, when no filter is set.
func (m *b2bMembersDataSourceModel) searchQuery(ctx context.Context) (*stytch.SearchQuery, diag.Diagnostics) {
	values := make([]filterValue, 0, len(memberSearchFilters))
	for _, f := range memberSearchFilters {
		values = append(values, filterValue{name: f.name, value: f.memberValue(m)})
	}
	return searchQueryOf(ctx, values)
}

// Read runs the search through every page, then records the members.
func (d *b2bMembersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var data b2bMembersDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	query, diags := data.searchQuery(ctx)
	resp.Diagnostics.Append(diags...)
	orgIDs := setStrings(ctx, data.OrganizationIDs, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	pageSize := int64Or(data.PageSize, defaultSearchPageSize)
	maxResults := int64Or(data.MaxResults, defaultSearchMaxResults)

	members, _, err := d.client.SearchAllMembers(ctx, orgIDs, query, pageSize, maxResults)
	if tooMany := (*stytch.ErrTooManyResults)(nil); errors.As(err, &tooMany) {
		resp.Diagnostics.AddAttributeError(path.Root("max_results"), "Too Many B2B Members Match",
			fmt.Sprintf("At least %d members match the search (%s), more than max_results = %d. stytch_b2b_members never "+
				"returns a partial list. Narrow the search with more or stricter filters (such as member_emails, "+
				"member_email_fuzzy or member_roles), or raise max_results to at least %d.",
				tooMany.Total, describeQuery(query), maxResults, tooMany.Total))
		return
	}
	if err != nil {
		detail := fmt.Sprintf("Stytch did not search the members of organizations %v with %s.", orgIDs, describeQuery(query))
		if hint := errorHint(err); hint != "" {
			detail += " " + hint
		}
		resp.Diagnostics.AddError("Unable to Search B2B Members", detail+"\n\n"+stytchErrorBlock(err))
		return
	}
	tflog.Debug(ctx, "Searched Stytch B2B members", map[string]any{"matches": len(members), "page_size": pageSize})

	objectType := memberObjectType()
	elems := make([]attr.Value, 0, len(members))
	for i := range members {
		var member b2bMemberModel
		resp.Diagnostics.Append(member.fromAPI(ctx, &members[i])...)
		obj, objDiags := types.ObjectValueFrom(ctx, objectType.AttrTypes, member)
		resp.Diagnostics.Append(objDiags...)
		elems = append(elems, obj)
	}
	list, listDiags := types.ListValue(objectType, elems)
	resp.Diagnostics.Append(listDiags...)
	if resp.Diagnostics.HasError() {
		return
	}
	data.Members = list
	data.Total = types.Int64Value(int64(len(members)))
	resp.Diagnostics.Append(resp.State.Set(ctx, &data)...)
}
