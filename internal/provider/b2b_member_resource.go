package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// Ensure the resource satisfies the framework interfaces.
var (
	_ resource.Resource                   = (*b2bMemberResource)(nil)
	_ resource.ResourceWithConfigure      = (*b2bMemberResource)(nil)
	_ resource.ResourceWithImportState    = (*b2bMemberResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*b2bMemberResource)(nil)
	_ resource.ResourceWithValidateConfig = (*b2bMemberResource)(nil)
	_ resource.ResourceWithIdentity       = (*b2bMemberResource)(nil)
)

// b2bMemberResource manages one member of a Stytch B2B organization.
type b2bMemberResource struct {
	client *stytch.Client
}

// NewB2BMemberResource returns the stytch_b2b_member resource.
func NewB2BMemberResource() resource.Resource {
	return &b2bMemberResource{}
}

// Metadata names the resource stytch_b2b_member.
func (r *b2bMemberResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_b2b_member"
}

// Configure receives the provider's API client.
func (r *b2bMemberResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFromProviderData(req.ProviderData, resp.Diagnostics.AddError)
}

// memberIdentity is the identity of a member: its organization's id and its
// member id.
type memberIdentity struct {
	OrganizationID types.String `tfsdk:"organization_id"`
	MemberID       types.String `tfsdk:"member_id"`
}

// memberIdentityOf is the identity of the member in Stytch's answer; asked
// is the organization the call named, in case the answer does not.
func memberIdentityOf(member *stytch.Member, asked string) memberIdentity {
	return memberIdentity{
		OrganizationID: types.StringValue(answeredID(member.OrganizationID, asked)),
		MemberID:       types.StringValue(member.MemberID),
	}
}

// IdentitySchema: a member is identified by its organization's id and its
// member id.
func (r *b2bMemberResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"organization_id": organizationIDIdentityAttribute(" the member belongs to"),
		"member_id": objectIDIdentityAttribute("The member id, such as `member-test-...`. An import block may give the " +
			"member's email address or external id instead: Terraform then records the member id."),
	}}
}

// b2bMemberResourceModel is the resource's state: the member plus the
// create-time choice that Stytch does not return.
type b2bMemberResourceModel struct {
	b2bMemberModel
	CreateAsPending types.Bool `tfsdk:"create_as_pending"`
}

// Resource notes end the descriptions of arguments; the data sources cut them
// (memberResourceNotes), since their attributes are read, not configured.
const (
	noteMemberReplaces       = " Changing it replaces the member: a member cannot move to another organization."
	noteMemberEmailInPlace   = " A change of case only is not sent to Stytch; any other change updates the member in place: Stytch clears the member's passwords, marks the new address unverified and keeps the previous one in `retired_email_addresses`, where no other member of the organization can use it until it is unlinked. Stytch changes the address of an `active` member only."
	noteMemberClearsName     = " Omitting it sets it to `\"\"` in Stytch."
	noteMemberFalseDefault   = " Defaults to `false`; omitting it sets it back to `false` in Stytch."
	noteMemberRoles          = " Omitting it, or removing a role from it, unassigns the role in Stytch; roles the member has from other sources are not affected. Defaults to an empty set."
	noteMemberPhone          = " Stytch sets a phone number only on a member that has none, so changing it deletes the previous number first (the member must verify the new one); omitting it deletes the number, also one the member enrolled by itself. Stytch attaches MFA factors to `active` members only."
	noteMemberDefaultMFA     = " Stytch takes it on update only, so on create it is sent with a second call. When omitted, the member's current method is kept (none for a new member)."
	noteMemberExternalID     = " Omitting it removes the external id."
	noteMemberPending        = " A create-time choice: Stytch does not return it, and the status moves on by itself when the member signs in. Changing it later changes nothing in Stytch, only the value in state; it never replaces the member. Defaults to `false`."
	noteMemberUntrustedDrift = " Your application's frontend may also write it (Stytch's frontend SDKs can); the configuration then shows such changes as drift and the next apply undoes them."
)

// memberResourceNotes are the resource notes, for the data sources to cut.
var memberResourceNotes = []string{
	noteMemberReplaces, noteMemberEmailInPlace, noteMemberClearsName, noteMemberFalseDefault, noteMemberRoles,
	noteMemberPhone, noteMemberDefaultMFA, noteMemberExternalID, noteMemberPending, noteMetadataArgument,
	noteMemberUntrustedDrift,
}

// Validation patterns of member arguments.
var (
	// memberEmailPattern is a loose email check at plan time: one @, no white
	// space, and a domain with a dot. The exact rules are Stytch's.
	memberEmailPattern = regexp.MustCompile(`^[^@\s]+@[^@\s.][^@\s]*\.[^@\s]*[^@\s.]$`)
	// e164Pattern is an E.164 phone number: a +, a country code that does not
	// start with 0, and 7 to 15 digits in all (the emulator's rule, DESIGN.md,
	// "Inferred members"), or "" for none.
	e164Pattern = regexp.MustCompile(`^(\+[1-9][0-9]{6,14})?$`)
)

// roleStytchMember is the role Stytch gives every member; it refuses it in a
// member's explicit roles (cannot_assign_default_rbac_role_id).
const roleStytchMember = "stytch_member"

// memberResourceSchema is the schema of stytch_b2b_member: the fields of
// Stytch's Create Member call, default_mfa_method (Update only), the
// create-time choice create_as_pending, and the read-only fields of the
// Member object. Both member data sources derive theirs from it.
func memberResourceSchema() schema.Schema {
	useState := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	stringAttr := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	return schema.Schema{
		MarkdownDescription: "Manages a member of a Stytch B2B organization: its email address, name, directly assigned " +
			"roles, metadata and MFA settings. Every argument but `organization_id` is updated in place.\n\n" +
			"`roles` holds only the roles assigned to the member directly. Roles the member gets from the organization's " +
			"`rbac_email_implicit_role_assignments` or from SSO and SCIM connections never show as a diff there; " +
			"`roles_with_sources` lists every role with where it comes from.\n\n" +
			"Destroying the resource deletes the member in Stytch. Stytch's delete is soft: the member keeps its id with " +
			"status `deleted` and its email address is free again, so creating a member with the same address gives a new " +
			"member with a new id. A member deleted outside Terraform is removed from state at the next refresh.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The member id, the same as `member_id`.",
				Computed:            true,
				PlanModifiers:       useState,
			},
			"organization_id": schema.StringAttribute{
				MarkdownDescription: "The id of the member's organization, such as `stytch_b2b_organization.acme.organization_id`: " +
					"its id, not its slug." + noteMemberReplaces,
				Required:      true,
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"member_id": schema.StringAttribute{
				MarkdownDescription: "The member id assigned by Stytch, such as `member-test-...`.",
				Computed:            true,
				PlanModifiers:       useState,
			},
			"email_address": schema.StringAttribute{
				MarkdownDescription: "The member's email address, unique in the organization and compared without regard " +
					"to case, as Stytch compares addresses." + noteMemberEmailInPlace,
				CustomType: emailAddressType{},
				Required:   true,
				Validators: []validator.String{
					stringvalidator.LengthAtMost(254),
					stringvalidator.RegexMatches(memberEmailPattern, "must be an email address such as alice@example.com"),
				},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The member's display name." + noteMemberClearsName,
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(""),
			},
			"roles": schema.SetAttribute{
				MarkdownDescription: "The ids of the roles assigned to the member directly, such as `stytch_admin` or a custom " +
					"role of the project or the organization. `stytch_member` cannot be in it: Stytch gives it to every member." +
					noteMemberRoles,
				ElementType: types.StringType,
				Optional:    true,
				Computed:    true,
				Default:     setdefault.StaticValue(types.SetValueMust(types.StringType, []attr.Value{})),
				Validators:  []validator.Set{setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1), reservedRoleValidator{})},
			},
			"trusted_metadata": schema.StringAttribute{
				MarkdownDescription: "Arbitrary JSON object stored with the member, which only your backend can write" + noteMetadataArgument,
				CustomType:          jsontypes.NormalizedType{},
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString("{}"),
				Validators:          []validator.String{metadataValidator{}},
			},
			"untrusted_metadata": schema.StringAttribute{
				MarkdownDescription: "Arbitrary JSON object stored with the member, not for security decisions" +
					noteMetadataArgument + noteMemberUntrustedDrift,
				CustomType: jsontypes.NormalizedType{},
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString("{}"),
				Validators: []validator.String{namedMetadataValidator{name: "untrusted_metadata", title: "Untrusted Metadata"}},
			},
			"is_breakglass": schema.BoolAttribute{
				MarkdownDescription: "Whether the member may bypass the organization's `auth_methods` and " +
					"`allowed_auth_methods`, such as an emergency administrator." + noteMemberFalseDefault,
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"mfa_phone_number": schema.StringAttribute{
				MarkdownDescription: "The member's phone number for SMS one-time passcodes, in E.164 form such as " +
					"`+14155550123`, or `\"\"` for none." + noteMemberPhone,
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(""),
				Validators: []validator.String{stringvalidator.RegexMatches(e164Pattern,
					"must be an E.164 phone number such as +14155550123: a + and 7 to 15 digits, no spaces")},
			},
			"mfa_enrolled": schema.BoolAttribute{
				MarkdownDescription: "Whether the member must complete an MFA step whenever they sign in to the organization." +
					noteMemberFalseDefault,
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"default_mfa_method": schema.StringAttribute{
				MarkdownDescription: "The MFA method the member is asked for first. " + enumDescription(stytch.MFAMethodValues) +
					" The member must have the factor: `sms_otp` needs `mfa_phone_number`, and `totp` a TOTP registration the " +
					"member makes in your application (so a new member cannot have it). Null when the member has none." +
					noteMemberDefaultMFA,
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{stringvalidator.OneOf(stytch.MFAMethodValues...)},
				PlanModifiers: useState,
			},
			"external_id": schema.StringAttribute{
				MarkdownDescription: "Your own identifier for the member, unique in the organization (alphanumerics and `.` " +
					"`_` `-` `|`, at most 128 characters); Stytch accepts it wherever a member id is expected." + noteMemberExternalID,
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString(""),
				Validators: externalIDValidators(),
			},
			"create_as_pending": schema.BoolAttribute{
				MarkdownDescription: "Whether Stytch creates the member with status `pending` (it has not signed in yet and " +
					"receives sign-up rather than login emails) instead of `active`. A pending member cannot have " +
					"`mfa_phone_number`." + noteMemberPending,
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "The member's status: " + codeList(stytch.MemberStatusValues) + ". A member becomes " +
					"`active` when it is created as such or signs in.",
				Computed:      true,
				PlanModifiers: useState,
			},
			"email_address_verified": schema.BoolAttribute{
				MarkdownDescription: "Whether the member has proved it owns `email_address`; `false` for a member created " +
					"by Terraform until it signs in, and again after a change of address.",
				Computed: true,
			},
			"mfa_phone_number_verified": schema.BoolAttribute{
				MarkdownDescription: "Whether the member has verified `mfa_phone_number`.",
				Computed:            true,
			},
			"is_admin": schema.BoolAttribute{
				MarkdownDescription: "Whether the member has the `stytch_admin` role, from any source.",
				Computed:            true,
			},
			"is_locked": schema.BoolAttribute{
				MarkdownDescription: "Whether Stytch has locked the member after too many failed authentication attempts.",
				Computed:            true,
			},
			"member_password_id": stringAttr("The id of the member's password, `\"\"` when it has none."),
			"totp_registration_id": stringAttr("The id of the member's TOTP registration, `\"\"` when it has none; " +
				"`default_mfa_method = \"totp\"` needs one."),
			"roles_with_sources": schema.ListNestedAttribute{
				MarkdownDescription: "Every role of the member, each once with every source that grants it, in Stytch's order: " +
					"`direct_assignment` (the roles of `roles`), `email_assignment` (the organization's " +
					"`rbac_email_implicit_role_assignments`), `sso_connection`, `sso_connection_group` and " +
					"`scim_connection_group`. `stytch_member`, which every member has, is listed only if a source grants it.",
				Computed: true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"role_id": stringAttr("The role id."),
					"sources": schema.ListNestedAttribute{
						MarkdownDescription: "Where the role comes from.",
						Computed:            true,
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"type": stringAttr("The kind of source, such as `direct_assignment` or `email_assignment`."),
							"details": schema.MapAttribute{
								MarkdownDescription: "What grants it: `email_domain` for an email assignment, `connection_id` " +
									"(and `group` or `group_id`) for an SSO or SCIM one; empty for a direct assignment.",
								ElementType: types.StringType,
								Computed:    true,
							},
						}},
					},
				}},
			},
			"sso_registrations": schema.ListNestedAttribute{
				MarkdownDescription: "The SSO connections the member has signed in with (read-only).",
				Computed:            true,
				PlanModifiers:       []planmodifier.List{listplanmodifier.UseStateForUnknown()},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"connection_id":   stringAttr("The SSO connection."),
					"external_id":     stringAttr("The member's id at the identity provider."),
					"registration_id": stringAttr("The registration's id."),
					"sso_attributes":  stringAttr("The attributes the identity provider sent, as a JSON object string."),
				}},
			},
			"oauth_registrations": schema.ListNestedAttribute{
				MarkdownDescription: "The OAuth providers (Google, Microsoft, ...) the member has signed in with (read-only).",
				Computed:            true,
				PlanModifiers:       []planmodifier.List{listplanmodifier.UseStateForUnknown()},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"provider_type":                stringAttr("The OAuth provider, such as `Google`."),
					"provider_subject":             stringAttr("The member's id at the provider."),
					"member_oauth_registration_id": stringAttr("The registration's id."),
					"profile_picture_url":          stringAttr("The member's picture at the provider, or `\"\"`."),
					"locale":                       stringAttr("The member's locale at the provider, or `\"\"`."),
				}},
			},
			"scim_registration": schema.SingleNestedAttribute{
				MarkdownDescription: "The member's link to the organization's SCIM connection, or null when SCIM did not " +
					"provision it (read-only).",
				Computed:      true,
				PlanModifiers: []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
				Attributes: map[string]schema.Attribute{
					"connection_id":   stringAttr("The SCIM connection."),
					"registration_id": stringAttr("The registration's id."),
					"external_id":     stringAttr("The member's id at the identity provider, or `\"\"`."),
					"scim_attributes": stringAttr("The SCIM user resource the identity provider sent, as a JSON object string."),
				},
			},
			"retired_email_addresses": schema.ListNestedAttribute{
				MarkdownDescription: "Addresses the member had before a change of `email_address`, here or by an identity " +
					"provider. No other member of the organization can use them until they are unlinked in Stytch.",
				Computed: true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"email_id":      stringAttr("The address's id."),
					"email_address": stringAttr("The retired address."),
				}},
			},
			"created_at": schema.StringAttribute{
				MarkdownDescription: "When the member was created (RFC 3339, UTC).",
				Computed:            true,
				PlanModifiers:       useState,
			},
			"updated_at": stringAttr("When the member was last changed (RFC 3339, UTC)."),
		},
	}
}

// Schema is memberResourceSchema, which the data sources derive theirs from.
func (r *b2bMemberResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = memberResourceSchema()
}

// ValidateConfig checks at plan time the rule between two arguments that the
// configuration alone decides: sms_otp needs a phone number, and the
// configuration is authoritative for the phone number. Unknown values are
// left to Stytch.
func (r *b2bMemberResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var method, phone types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("default_mfa_method"), &method)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("mfa_phone_number"), &phone)...)
	if resp.Diagnostics.HasError() || method.IsUnknown() || phone.IsUnknown() {
		return
	}
	if method.ValueString() == "sms_otp" && phone.ValueString() == "" {
		resp.Diagnostics.AddAttributeError(path.Root("default_mfa_method"), "Missing MFA Phone Number",
			"default_mfa_method is \"sms_otp\", which needs the member's mfa_phone_number, but the configuration sets none "+
				"(and omitting it deletes the member's number). Set mfa_phone_number, or choose another default_mfa_method "+
				"(Stytch's rule default_mfa_member_missing_factor).")
	}
}

// ModifyPlan plans what the schema alone cannot. On create it refuses what
// Stytch would refuse of a new member. On update it keeps the read-only
// attributes the update cannot change at their state values instead of
// "known after apply", refuses what Stytch would refuse given the member's
// status, and stops a replacement that only comes from naming the
// organization by its slug. A plan that changes nothing Stytch holds (only
// create_as_pending, or values that differ in form only) keeps every read-only
// attribute, and Update then makes no call.
func (r *b2bMemberResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var plan b2bMemberResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if req.State.Raw.IsNull() {
		checkNewMember(&plan, &resp.Diagnostics)
		return
	}
	var state b2bMemberResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !plan.OrganizationID.Equal(state.OrganizationID) {
		// A replacement (Terraform plans the new member with no prior state),
		// unless the new value names the same organization.
		refuseSlugReplacement(ctx, r.client, plan.OrganizationID, state.OrganizationID, "member",
			"delete it and create a new one with a new member id", &resp.Diagnostics)
		return
	}
	checkMemberChange(&plan.b2bMemberModel, &state.b2bMemberModel, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}

	p, s := &plan.b2bMemberModel, &state.b2bMemberModel
	if !p.changesMember(ctx, s) {
		keepReadOnly(p, s)
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
		return
	}
	// What the update leaves alone keeps its value; what it may change is
	// unknown. is_admin and roles_with_sources stay unknown whatever changes:
	// the organization's implicit role assignments may change in the same
	// apply, before the member's update answers.
	emailChanges, phoneChanges := p.emailChanged(s), p.phoneChanged(s)
	p.Status = s.Status
	p.IsLocked = s.IsLocked
	p.TOTPRegistrationID = s.TOTPRegistrationID
	if !emailChanges {
		p.EmailAddressVerified = s.EmailAddressVerified
		p.MemberPasswordID = s.MemberPasswordID
		p.RetiredEmailAddresses = s.RetiredEmailAddresses
	}
	if !phoneChanges {
		p.MFAPhoneNumberVerified = s.MFAPhoneNumberVerified
	}
	var configMethod types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("default_mfa_method"), &configMethod)...)
	if configMethod.IsNull() && phoneChanges {
		// Deleting the phone number also clears an sms_otp default.
		p.DefaultMFAMethod = types.StringUnknown()
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// changesMember reports whether applying the plan sends anything to Stytch:
// an argument that is unknown, or that differs from state in a way Stytch
// sees. Email case and metadata formatting are not such differences.
func (m *b2bMemberModel) changesMember(ctx context.Context, state *b2bMemberModel) bool {
	for _, v := range []attr.Value{
		m.EmailAddress, m.Name, m.Roles, m.TrustedMetadata, m.UntrustedMetadata, m.IsBreakglass,
		m.MFAPhoneNumber, m.MFAEnrolled, m.DefaultMFAMethod, m.ExternalID,
	} {
		if v.IsUnknown() {
			return true
		}
	}
	var diags diag.Diagnostics
	body, d := m.toUpdateRequest(ctx, state)
	diags.Append(d...)
	return diags.HasError() || !body.IsEmpty() || m.deletesPhone(state) || m.clearsExternalID(state)
}

// keepReadOnly gives the plan the state's value of every read-only attribute:
// the apply sends nothing, so nothing changes.
func keepReadOnly(plan, state *b2bMemberModel) {
	plan.ID, plan.MemberID, plan.Status = state.ID, state.MemberID, state.Status
	plan.EmailAddressVerified, plan.MFAPhoneNumberVerified = state.EmailAddressVerified, state.MFAPhoneNumberVerified
	plan.IsAdmin, plan.IsLocked = state.IsAdmin, state.IsLocked
	plan.MemberPasswordID, plan.TOTPRegistrationID = state.MemberPasswordID, state.TOTPRegistrationID
	plan.RolesWithSources, plan.SSORegistrations, plan.OAuthRegistrations = state.RolesWithSources, state.SSORegistrations, state.OAuthRegistrations
	plan.SCIMRegistration, plan.RetiredEmailAddresses = state.SCIMRegistration, state.RetiredEmailAddresses
	plan.CreatedAt, plan.UpdatedAt = state.CreatedAt, state.UpdatedAt
	if plan.DefaultMFAMethod.IsUnknown() {
		plan.DefaultMFAMethod = state.DefaultMFAMethod
	}
}

// checkNewMember refuses, at plan time, a new member that Stytch would refuse:
// MFA factors belong to active members, and a new member has no TOTP
// registration.
func checkNewMember(plan *b2bMemberResourceModel, diags *diag.Diagnostics) {
	if plan.CreateAsPending.ValueBool() && !plan.MFAPhoneNumber.IsUnknown() && plan.MFAPhoneNumber.ValueString() != "" {
		diags.AddAttributeError(path.Root("mfa_phone_number"), "Pending Member Cannot Have an MFA Phone Number",
			"create_as_pending = true creates the member with status pending, and Stytch attaches MFA factors to active "+
				"members only (action_available_only_for_active_members). Create the member without mfa_phone_number, and add it "+
				"once the member has signed in and is active; or create it active (create_as_pending = false).")
	}
	if plan.DefaultMFAMethod.ValueString() == "totp" {
		diags.AddAttributeError(path.Root("default_mfa_method"), "Missing TOTP Registration",
			"default_mfa_method = \"totp\" needs the member to have a TOTP registration, which the member makes itself in "+
				"your application after it exists, so a new member cannot have it (Stytch's rule default_mfa_member_missing_factor). "+
				"Omit default_mfa_method (or use \"sms_otp\" with mfa_phone_number) now, and set \"totp\" once "+
				"totp_registration_id is not empty.")
	}
}

// checkMemberChange refuses, at plan time, a change Stytch would refuse given
// the member as last read: a new email address or MFA phone number for a member
// that is not active, and totp without a TOTP registration.
func checkMemberChange(plan, state *b2bMemberModel, diags *diag.Diagnostics) {
	status := state.Status.ValueString()
	inactive := status != "" && status != stytch.MemberStatusActive
	if inactive && plan.emailChanged(state) {
		diags.AddAttributeError(path.Root("email_address"), "Email Address Change Needs an Active Member",
			fmt.Sprintf("Member %s has status %q, and Stytch changes the email address of active members only "+
				"(email_updates_available_only_for_active_members). Keep the current address %q until the member has signed "+
				"in, or replace the member: remove the resource and add a new one with the new address.",
				state.MemberID.ValueString(), status, state.EmailAddress.ValueString()))
	}
	if inactive && !plan.MFAPhoneNumber.IsUnknown() && plan.MFAPhoneNumber.ValueString() != "" &&
		plan.MFAPhoneNumber.ValueString() != state.MFAPhoneNumber.ValueString() {
		diags.AddAttributeError(path.Root("mfa_phone_number"), "MFA Phone Number Needs an Active Member",
			fmt.Sprintf("Member %s has status %q, and Stytch attaches MFA factors to active members only "+
				"(action_available_only_for_active_members). Set mfa_phone_number once the member has signed in and is active.",
				state.MemberID.ValueString(), status))
	}
	if plan.DefaultMFAMethod.ValueString() == "totp" && !plan.DefaultMFAMethod.Equal(state.DefaultMFAMethod) &&
		state.TOTPRegistrationID.ValueString() == "" {
		diags.AddAttributeError(path.Root("default_mfa_method"), "Missing TOTP Registration",
			fmt.Sprintf("default_mfa_method = \"totp\" needs member %s to have a TOTP registration, and it has none "+
				"(totp_registration_id is empty; Stytch's rule default_mfa_member_missing_factor). The member makes one itself "+
				"in your application; set \"totp\" after that.", state.MemberID.ValueString()))
	}
}

// Create creates the member with one call, and a second one when the plan
// sets default_mfa_method, which Stytch takes on update only. If the second
// call fails, the member is kept in state and Terraform marks it tainted, so
// that it is not lost.
func (r *b2bMemberResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan b2bMemberResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	body, diags := plan.toCreateRequest(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	orgID := plan.OrganizationID.ValueString()
	member, err := r.client.CreateMember(ctx, orgID, body)
	if err != nil {
		addMemberAPIError(&resp.Diagnostics, "Create", orgID, describeMember(body.EmailAddress, ""), err)
		return
	}
	tflog.Info(ctx, "Created Stytch B2B member", map[string]any{"organization_id": member.OrganizationID, "member_id": member.MemberID})
	setIdentity(ctx, resp.Identity, memberIdentityOf(member, orgID), &resp.Diagnostics)

	state := plan
	resp.Diagnostics.Append(state.fromAPI(ctx, member)...)
	// The configuration's organization_id is kept: Terraform requires the
	// planned value, and Read records Stytch's id.
	state.OrganizationID = plan.OrganizationID
	if member.OrganizationID != "" && member.OrganizationID != orgID {
		resp.Diagnostics.AddAttributeWarning(path.Root("organization_id"), "Organization Given By Slug",
			fmt.Sprintf("organization_id is %q, but the organization's id is %s. The member was created, and the next refresh "+
				"records the id; write the id in the configuration (such as stytch_b2b_organization.example.organization_id), "+
				"or the next plan stops with an error.", orgID, member.OrganizationID))
	}

	if update := plan.createOnlyUpdate(member); !update.IsEmpty() {
		updated, err := r.client.UpdateMember(ctx, orgID, member.MemberID, update)
		if err != nil {
			resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
			addObjectAPIError(&resp.Diagnostics, "Unable to Create B2B Member",
				fmt.Sprintf("Stytch created member %s, but setting its default_mfa_method failed. The member is kept in "+
					"state and marked tainted, so the next apply deletes it and creates it again; fix the cause below first.",
					describeMember(member.EmailAddress, member.MemberID)), err)
			return
		}
		resp.Diagnostics.Append(state.fromAPI(ctx, updated)...)
		state.OrganizationID = plan.OrganizationID
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Read refreshes every attribute with one GET, so drift shows in the plan. A
// member that Stytch reports deleted or not found, or whose organization is
// gone, is removed from state.
func (r *b2bMemberResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state b2bMemberResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	orgID := state.OrganizationID.ValueString()
	// Right after an import, only organization_id and id are set: id is what
	// the user typed after the slash, a member id, an external id or an email
	// address, and the organization may be given by its slug.
	lookup := state.ID.ValueString()
	if !state.MemberID.IsNull() && state.MemberID.ValueString() != "" {
		lookup = state.MemberID.ValueString()
	}
	var member *stytch.Member
	var err error
	if state.MemberID.IsNull() && strings.Contains(lookup, "@") {
		member, err = r.client.GetMemberByEmail(ctx, orgID, lookup)
	} else {
		member, err = r.client.GetMember(ctx, orgID, lookup)
	}
	if stytch.IsNotFound(err) || (err == nil && member.Status == stytch.MemberStatusDeleted) {
		tflog.Warn(ctx, "Stytch B2B member not found or deleted; removing it from state",
			map[string]any{"organization_id": orgID, "member": lookup})
		removeResource(ctx, resp, memberIdentity{OrganizationID: types.StringValue(orgID), MemberID: types.StringValue(lookup)})
		return
	}
	if err != nil {
		addMemberAPIError(&resp.Diagnostics, "Read", orgID, describeMember(state.EmailAddress.ValueString(), lookup), err)
		return
	}
	if state.CreateAsPending.IsNull() {
		state.CreateAsPending = types.BoolValue(false) // imported: the default
	}
	resp.Diagnostics.Append(state.fromAPI(ctx, member)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	setIdentity(ctx, resp.Identity, memberIdentityOf(member, orgID), &resp.Diagnostics)
}

// Update makes the changes with as few calls as the plan allows: one PUT with
// the fields that changed, preceded by deleting the MFA phone number when the
// plan replaces or removes it (Stytch sets a number only on a member that has
// none), and followed by deleting the external id when the plan removes it.
// A plan that changes nothing Stytch holds makes no call. If a call after the
// first fails, state records what was done.
func (r *b2bMemberResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state b2bMemberResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	body, diags := plan.toUpdateRequest(ctx, &state.b2bMemberModel)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	orgID, memberID := state.OrganizationID.ValueString(), state.MemberID.ValueString()
	who := describeMember(state.EmailAddress.ValueString(), memberID)
	deletesPhone := plan.deletesPhone(&state.b2bMemberModel)
	clearsExternalID := plan.clearsExternalID(&state.b2bMemberModel)
	if body.IsEmpty() && !deletesPhone && !clearsExternalID {
		if req.Plan.Raw.IsFullyKnown() {
			// ModifyPlan kept every read-only attribute: nothing changes in
			// Stytch, and the member keeps its identity.
			resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
			setIdentityIfMissing(ctx, resp.Identity, memberIdentity{OrganizationID: state.OrganizationID, MemberID: state.MemberID}, &resp.Diagnostics)
			return
		}
		// Values unknown at plan time turned out to be the state's: read the
		// member for the read-only attributes the plan left unknown.
		member, err := r.client.GetMember(ctx, orgID, memberID)
		if err != nil {
			addMemberAPIError(&resp.Diagnostics, "Update", orgID, who, err)
			return
		}
		resp.Diagnostics.Append(plan.fromAPI(ctx, member)...)
		plan.OrganizationID = state.OrganizationID
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		setIdentity(ctx, resp.Identity, memberIdentityOf(member, orgID), &resp.Diagnostics)
		return
	}

	// current is what state records if a later call fails: the member as
	// Stytch last answered it.
	current := state
	var member *stytch.Member
	var err error
	failed := func(step string, err error) {
		if member != nil {
			resp.Diagnostics.Append(current.fromAPI(ctx, member)...)
			resp.Diagnostics.Append(resp.State.Set(ctx, &current)...)
		}
		addMemberAPIError(&resp.Diagnostics, "Update", orgID, who+step, err)
	}
	if deletesPhone {
		member, err = r.client.DeleteMemberMFAPhoneNumber(ctx, orgID, memberID)
		if stytch.IsErrorType(err, stytch.ErrorTypeMemberPhoneNumberNotFound) {
			err = nil // already gone
		}
		if err != nil {
			failed(" (deleting its previous MFA phone number)", err)
			return
		}
	}
	if !body.IsEmpty() {
		updated, err := r.client.UpdateMember(ctx, orgID, memberID, body)
		if err != nil {
			failed("", err)
			return
		}
		member = updated
	}
	if clearsExternalID {
		updated, err := r.client.DeleteMemberExternalID(ctx, orgID, memberID)
		if err != nil {
			failed(" (removing its external id)", err)
			return
		}
		member = updated
	}
	if member == nil {
		// Only an MFA phone number delete that found no number: read the
		// member so that state mirrors Stytch.
		if member, err = r.client.GetMember(ctx, orgID, memberID); err != nil {
			addMemberAPIError(&resp.Diagnostics, "Update", orgID, who, err)
			return
		}
	}
	resp.Diagnostics.Append(plan.fromAPI(ctx, member)...)
	plan.OrganizationID = state.OrganizationID
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, memberIdentityOf(member, orgID), &resp.Diagnostics)
}

// Delete deletes the member with one call. A member or organization already
// gone counts as deleted. The framework removes the state afterwards.
func (r *b2bMemberResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state b2bMemberResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	orgID, memberID := state.OrganizationID.ValueString(), state.MemberID.ValueString()
	err := r.client.DeleteMember(ctx, orgID, memberID)
	if err != nil && !stytch.IsNotFound(err) {
		addMemberAPIError(&resp.Diagnostics, "Delete", orgID, describeMember(state.EmailAddress.ValueString(), memberID), err)
		return
	}
	tflog.Info(ctx, "Deleted Stytch B2B member", map[string]any{"organization_id": orgID, "member_id": memberID})
}

// ImportState takes ORGANIZATION/MEMBER, where ORGANIZATION is the
// organization's id or slug and MEMBER its member id, external id or email
// address (told apart by the @), or an identity whose organization_id and
// member_id take the same values; Read looks the member up and records both
// ids.
func (r *b2bMemberResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	ids, byIdentity := importIdentity[memberIdentity](ctx, req, "stytch_b2b_member", &resp.Diagnostics)
	if byIdentity {
		if !resp.Diagnostics.HasError() {
			resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), ids.MemberID)...)
			resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("organization_id"), ids.OrganizationID)...)
		}
		return
	}
	org, member, ok := strings.Cut(req.ID, "/")
	if !ok || org == "" || member == "" || strings.Contains(member, "/") {
		resp.Diagnostics.AddError("Invalid Import ID",
			fmt.Sprintf("The import id %q is not ORGANIZATION/MEMBER. Import a member with its organization's id or slug and "+
				"its member id or email address, for example: terraform import stytch_b2b_member.alice "+
				"organization-test-0123.../member-test-4567... or terraform import stytch_b2b_member.alice acme/alice@example.com", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), member)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("organization_id"), org)...)
}

// describeMember names a member in messages by email address and, when known, id.
func describeMember(email, memberID string) string {
	switch {
	case email != "" && memberID != "" && email != memberID:
		return fmt.Sprintf("%q (%s)", email, memberID)
	case email != "":
		return fmt.Sprintf("%q", email)
	default:
		return memberID
	}
}

// addMemberAPIError adds the diagnostic of a failed call on a member:
// "Unable to <operation> B2B Member", the member and its organization, what to
// do about Stytch's common answers, and Stytch's error fields.
func addMemberAPIError(diags *diag.Diagnostics, operation, organizationID, member string, err error) {
	summary := "Unable to " + operation + " B2B Member"
	var ambiguous *stytch.AmbiguousMemberCreateError
	if errors.As(err, &ambiguous) && ambiguous.Member != nil {
		m := ambiguous.Member
		importID := m.OrganizationID + "/" + m.MemberID
		diags.AddError(summary, fmt.Sprintf("The request to create member %s in organization %s failed without a clear "+
			"answer, and afterwards member %s has that email address: the create probably happened. It was NOT added to "+
			"Terraform state, so Terraform will not manage or delete it.\n\n"+
			"If it is the member you wanted, bring it under Terraform with its id (replace ADDRESS with this resource's "+
			"address, such as stytch_b2b_member.alice):\n\n"+
			"  terraform import ADDRESS %s\n\n"+
			"or an import block:\n\n  import {\n    to = ADDRESS\n    id = %q\n  }\n\n"+
			"Otherwise delete it in Stytch or choose another email address.\n\nOriginal error: %v",
			member, organizationID, describeMember(m.EmailAddress, m.MemberID), importID, importID, ambiguous.Cause))
		return
	}
	what := fmt.Sprintf("Stytch did not %s member %s of organization %s.", strings.ToLower(operation), member, organizationID)
	if hint := memberErrorHint(err, organizationID); hint != "" {
		what += " " + hint
	}
	addObjectAPIError(diags, summary, what, err)
}

// memberErrorHint says what to do about Stytch's answers that concern members.
func memberErrorHint(err error, organizationID string) string {
	apiErr, ok := stytch.AsError(err)
	if !ok {
		return ""
	}
	switch apiErr.ErrorType {
	case stytch.ErrorTypeDuplicateMemberEmail:
		return fmt.Sprintf("Another member of the organization already has this email address: choose another address, or "+
			"bring that member under Terraform with `terraform import ADDRESS %s/EMAIL_ADDRESS`.", organizationID)
	case stytch.ErrorTypeRetiredMemberEmail:
		return "The address is a retired address of another member of the organization (an address that member had " +
			"before); Stytch frees it only when it is unlinked from that member."
	case stytch.ErrorTypeDuplicateMemberExternalID:
		return "Another member of the organization already has this external_id: choose another one."
	case stytch.ErrorTypeDuplicateMemberPhoneNumber:
		return "Another member of the organization already has this mfa_phone_number."
	case stytch.ErrorTypeCannotAssignDefaultRBACRoleID:
		return "stytch_member is given to every member by Stytch and cannot be in roles: remove it."
	case "invalid_rbac_role_id", "invalid_role":
		return "A role of roles does not exist: create it in the project's RBAC policy (or the organization's custom " +
			"roles) first, or remove it from roles."
	case stytch.ErrorTypeActionAvailableOnlyForActiveMembers:
		return "The member is not active (a pending or invited member has not signed in yet), and Stytch attaches MFA " +
			"factors to active members only: set mfa_phone_number once the member is active."
	case stytch.ErrorTypeEmailUpdatesAvailableOnlyForActiveMembers:
		return "The member is not active, and Stytch changes the email address of active members only."
	case "default_mfa_member_missing_factor":
		return "default_mfa_method names a factor the member does not have: sms_otp needs mfa_phone_number, totp a TOTP " +
			"registration the member makes itself."
	case stytch.ErrorTypeOrganizationNotFound:
		return "No organization of this project has that organization_id: check it, or refer to the organization " +
			"resource's organization_id so that Terraform creates the organization first."
	}
	return ""
}

// reservedRoleValidator refuses stytch_member in roles: Stytch gives it to
// every member and refuses it there (cannot_assign_default_rbac_role_id).
type reservedRoleValidator struct{}

var _ validator.String = reservedRoleValidator{}

func (reservedRoleValidator) Description(context.Context) string {
	return "value must not be " + roleStytchMember + ", which Stytch gives every member"
}

func (v reservedRoleValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (reservedRoleValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || req.ConfigValue.ValueString() != roleStytchMember {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Reserved Role",
		"stytch_member is given to every member by Stytch, which refuses it in a member's roles "+
			"(cannot_assign_default_rbac_role_id). Remove it from roles: the member has it anyway.")
}

// namedMetadataValidator is metadataValidator for a metadata attribute other
// than trusted_metadata: the same limits, with messages that name it.
type namedMetadataValidator struct {
	name, title string
}

var _ validator.String = namedMetadataValidator{}

func (v namedMetadataValidator) Description(context.Context) string {
	return "value must be a JSON object with at most 20 top-level keys and at most 4096 bytes"
}

func (v namedMetadataValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v namedMetadataValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	raw := req.ConfigValue.ValueString()
	m, err := parseNamedMetadata(raw, v.name)
	if err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+v.title, err.Error())
		return
	}
	if len(m) > 20 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+v.title,
			fmt.Sprintf("Stytch allows at most 20 top-level keys in %s; the configuration has %d. Nest related values under one key.", v.name, len(m)))
	}
	if len(raw) > 4096 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+v.title,
			fmt.Sprintf("Stytch allows at most 4 KB of %s; the configuration has %d bytes.", v.name, len(raw)))
	}
}
