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

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// Ensure the data source satisfies the framework interfaces.
var (
	_ datasource.DataSource                     = (*b2bMemberDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*b2bMemberDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*b2bMemberDataSource)(nil)
)

// The lookup keys of stytch_b2b_member, in the order they are named in messages.
var memberLookupKeys = []string{"member_id", "email_address", "external_id"}

// b2bMemberDataSource reads one member of a Stytch B2B organization. Its model
// is b2bMemberModel, the resource's: the lookup keys are attributes of the
// member, so the configuration sets one of them and Read fills the rest.
type b2bMemberDataSource struct {
	client *stytch.Client
}

// NewB2BMemberDataSource returns the stytch_b2b_member data source.
func NewB2BMemberDataSource() datasource.DataSource {
	return &b2bMemberDataSource{}
}

// Metadata names the data source stytch_b2b_member.
func (d *b2bMemberDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_b2b_member"
}

// Configure receives the provider's API client.
func (d *b2bMemberDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFromProviderData(req.ProviderData, resp.Diagnostics.AddError)
}

// memberDataSourceNotes end descriptions in both member data sources: what a
// value read from Stytch is when the member has none.
var memberDataSourceNotes = map[string]string{
	"name":               " Empty when the member has none.",
	"external_id":        " Empty when the member has none.",
	"trusted_metadata":   ", as a JSON string (`{}` when empty): read it with `jsondecode(...)`.",
	"untrusted_metadata": ", as a JSON string (`{}` when empty): read it with `jsondecode(...)`.",
}

// memberDataSourceAttributes are the attributes of one member as the data
// sources return it: the resource's, Computed, with notes appended to their
// descriptions. create_as_pending is a create-time choice of the resource,
// which Stytch does not return.
func memberDataSourceAttributes(notes map[string]string) map[string]schema.Attribute {
	attrs := memberResourceSchema().Attributes
	delete(attrs, "create_as_pending")
	return dataSourceAttributesFrom(attrs, dataSourceDescriptions{resourceNotes: memberResourceNotes, notes: notes})
}

// Schema has every attribute of the resource but create_as_pending, Computed;
// organization_id is Required, and the three lookup keys are also Optional.
func (d *b2bMemberDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	const exactlyOne = " Set exactly one of `member_id`, `email_address` or `external_id`; the other two are read from Stytch."
	notes := maps.Clone(memberDataSourceNotes)
	notes["member_id"] = exactlyOne
	notes["email_address"] = exactlyOne
	notes["external_id"] = exactlyOne + memberDataSourceNotes["external_id"]
	attrs := memberDataSourceAttributes(notes)

	attrs["organization_id"] = schema.StringAttribute{
		MarkdownDescription: "The id (or slug) of the member's organization, such as " +
			"`stytch_b2b_organization.acme.organization_id`. The organization's id is recorded.",
		Required:   true,
		Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	attrs["member_id"] = schema.StringAttribute{
		MarkdownDescription: attrs["member_id"].GetMarkdownDescription(),
		Optional:            true,
		Computed:            true,
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	attrs["email_address"] = schema.StringAttribute{
		MarkdownDescription: attrs["email_address"].GetMarkdownDescription(),
		CustomType:          emailAddressType{},
		Optional:            true,
		Computed:            true,
		Validators: []validator.String{
			stringvalidator.RegexMatches(memberEmailPattern, "must be an email address such as alice@example.com"),
		},
	}
	attrs["external_id"] = schema.StringAttribute{
		MarkdownDescription: attrs["external_id"].GetMarkdownDescription(),
		Optional:            true,
		Computed:            true,
		Validators:          append([]validator.String{stringvalidator.LengthAtLeast(1)}, externalIDValidators()...),
	}

	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one member of a Stytch B2B organization, found by its member id, its email address " +
			"(compared without regard to case) or its external id, with one API call. Every attribute of the " +
			"`stytch_b2b_member` resource is returned but `create_as_pending`, a create-time choice Stytch does not keep.\n\n" +
			"A member that does not exist, or that is deleted, is an error, never an empty result: use " +
			"`stytch_b2b_members` to test whether members exist.",
		Attributes: attrs,
	}
}

// ConfigValidators require exactly one lookup key, at plan time.
func (d *b2bMemberDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	exprs := make([]path.Expression, 0, len(memberLookupKeys))
	for _, k := range memberLookupKeys {
		exprs = append(exprs, path.MatchRoot(k))
	}
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(exprs...)}
}

// memberLookup is what the configuration asks for: one key and its value.
type memberLookup struct {
	key   string // member_id, email_address or external_id
	value string
}

// memberLookupOf returns the lookup key set in the configuration. The config
// validator guarantees there is exactly one.
func memberLookupOf(cfg *b2bMemberModel) (memberLookup, bool) {
	for _, l := range []memberLookup{
		{"member_id", cfg.MemberID.ValueString()},
		{"email_address", cfg.EmailAddress.ValueString()},
		{"external_id", cfg.ExternalID.ValueString()},
	} {
		if l.value != "" {
			return l, true
		}
	}
	return memberLookup{}, false
}

// matches reports whether member really is the member looked up: Stytch's
// member_id parameter also takes an external id, so a value that is one
// member's id and another's external id could return either.
func (l memberLookup) matches(member *stytch.Member) bool {
	switch l.key {
	case "member_id":
		return member.MemberID == l.value
	case "email_address":
		return strings.EqualFold(member.EmailAddress, l.value)
	default:
		return member.ExternalID == l.value
	}
}

// String names the lookup in messages: email_address "alice@example.com".
func (l memberLookup) String() string {
	return fmt.Sprintf("%s %q", l.key, l.value)
}

// Read looks the member up with one GET: by email address, or by member id
// or external id, which Stytch's member_id parameter both take.
func (d *b2bMemberDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg b2bMemberModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	lookup, ok := memberLookupOf(&cfg)
	if !ok {
		resp.Diagnostics.AddError("Missing B2B Member Lookup Key",
			"Set exactly one of "+strings.Join(memberLookupKeys, ", ")+" to choose the member to read.")
		return
	}
	orgID := cfg.OrganizationID.ValueString()
	var member *stytch.Member
	var err error
	if lookup.key == "email_address" {
		member, err = d.client.GetMemberByEmail(ctx, orgID, lookup.value)
	} else {
		member, err = d.client.GetMember(ctx, orgID, lookup.value)
	}
	switch {
	case stytch.IsNotFound(err):
		addMemberNotFoundError(&resp.Diagnostics, orgID, lookup, err, "")
		return
	case err != nil:
		addMemberAPIError(&resp.Diagnostics, "Read", orgID, "with "+lookup.String(), err)
		return
	case member.Status == stytch.MemberStatusDeleted:
		addMemberNotFoundError(&resp.Diagnostics, orgID, lookup, nil, fmt.Sprintf(" Member %s has that value but is deleted.", member.MemberID))
		return
	case !lookup.matches(member):
		addMemberNotFoundError(&resp.Diagnostics, orgID, lookup, nil, fmt.Sprintf(" Stytch resolved the value to member %s, "+
			"whose external id it is: look that member up with external_id instead.", member.MemberID))
		return
	}

	var state b2bMemberModel
	resp.Diagnostics.Append(state.fromAPI(ctx, member)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// addMemberNotFoundError says that no member of the organization has the
// value looked up. err, Stytch's answer, may be nil; more adds to the detail.
func addMemberNotFoundError(diags *diag.Diagnostics, organizationID string, lookup memberLookup, err error, more string) {
	detail := fmt.Sprintf("No member of organization %s has %s.%s Check the value and organization_id, and that "+
		"project_id and base_url point at the project that holds the organization. If the member is created in the same "+
		"configuration, refer to the resource's attribute (such as stytch_b2b_member.alice.member_id) so that Terraform "+
		"reads it after creating it.", organizationID, lookup, more)
	if err != nil {
		detail += "\n\n" + stytchErrorBlock(err)
	}
	diags.AddAttributeError(path.Root(lookup.key), "B2B Member Not Found", detail)
}
