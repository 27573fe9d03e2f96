package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// b2bMemberModel is the Terraform form of a Stytch B2B member, shared by the
// resource and both data sources. The wire form is stytch.Member; the
// functions below convert between them.
type b2bMemberModel struct {
	ID                     types.String         `tfsdk:"id"`
	OrganizationID         types.String         `tfsdk:"organization_id"`
	MemberID               types.String         `tfsdk:"member_id"`
	EmailAddress           emailAddressValue    `tfsdk:"email_address"`
	Name                   types.String         `tfsdk:"name"`
	Roles                  types.Set            `tfsdk:"roles"`
	TrustedMetadata        jsontypes.Normalized `tfsdk:"trusted_metadata"`
	UntrustedMetadata      jsontypes.Normalized `tfsdk:"untrusted_metadata"`
	IsBreakglass           types.Bool           `tfsdk:"is_breakglass"`
	MFAPhoneNumber         types.String         `tfsdk:"mfa_phone_number"`
	MFAEnrolled            types.Bool           `tfsdk:"mfa_enrolled"`
	DefaultMFAMethod       types.String         `tfsdk:"default_mfa_method"`
	ExternalID             types.String         `tfsdk:"external_id"`
	Status                 types.String         `tfsdk:"status"`
	EmailAddressVerified   types.Bool           `tfsdk:"email_address_verified"`
	MFAPhoneNumberVerified types.Bool           `tfsdk:"mfa_phone_number_verified"`
	IsAdmin                types.Bool           `tfsdk:"is_admin"`
	IsLocked               types.Bool           `tfsdk:"is_locked"`
	MemberPasswordID       types.String         `tfsdk:"member_password_id"`
	TOTPRegistrationID     types.String         `tfsdk:"totp_registration_id"`
	RolesWithSources       types.List           `tfsdk:"roles_with_sources"`
	SSORegistrations       types.List           `tfsdk:"sso_registrations"`
	OAuthRegistrations     types.List           `tfsdk:"oauth_registrations"`
	SCIMRegistration       types.Object         `tfsdk:"scim_registration"`
	RetiredEmailAddresses  types.List           `tfsdk:"retired_email_addresses"`
	CreatedAt              types.String         `tfsdk:"created_at"`
	UpdatedAt              types.String         `tfsdk:"updated_at"`
}

// Types of the nested attributes, read from the resource schema for the
// conversions below.
var (
	memberRoleAttrTypes        = objectAttrTypes(memberAttrType("roles_with_sources"))
	memberRoleSourceAttrTypes  = objectAttrTypes(memberRoleAttrTypes["sources"])
	ssoRegistrationAttrTypes   = objectAttrTypes(memberAttrType("sso_registrations"))
	oauthRegistrationAttrTypes = objectAttrTypes(memberAttrType("oauth_registrations"))
	scimRegistrationAttrTypes  = objectAttrTypes(memberAttrType("scim_registration"))
	retiredEmailAttrTypes      = objectAttrTypes(memberAttrType("retired_email_addresses"))
)

// memberAttrType is the type of a top-level attribute of the resource schema.
func memberAttrType(name string) attr.Type {
	a, ok := memberResourceSchema().Attributes[name]
	if !ok {
		panic(fmt.Sprintf("stytch_b2b_member has no attribute %q", name))
	}
	return a.GetType()
}

// fromAPI overwrites every attribute of m with the member as Stytch returned
// it, so that state mirrors the API and drift shows in plans. Email casing and
// metadata formatting that differ only in form are kept as configured by the
// framework's semantic equality (emailAddressValue, jsontypes.Normalized).
func (m *b2bMemberModel) fromAPI(ctx context.Context, member *stytch.Member) diag.Diagnostics {
	var diags diag.Diagnostics
	m.ID = types.StringValue(member.MemberID)
	m.OrganizationID = types.StringValue(member.OrganizationID)
	m.MemberID = types.StringValue(member.MemberID)
	m.EmailAddress = newEmailAddressValue(member.EmailAddress)
	m.Name = types.StringValue(member.Name)
	m.Roles = stringSet(ctx, member.DirectRoleIDs(), &diags)
	m.TrustedMetadata = memberMetadataFromAPI(member.TrustedMetadata, "trusted_metadata", &diags)
	m.UntrustedMetadata = memberMetadataFromAPI(member.UntrustedMetadata, "untrusted_metadata", &diags)
	m.IsBreakglass = types.BoolValue(member.IsBreakglass)
	m.MFAPhoneNumber = types.StringValue(member.MFAPhoneNumber)
	m.MFAEnrolled = types.BoolValue(member.MFAEnrolled)
	// Stytch answers "" when the member has no default method; null keeps
	// "" out of a generated configuration, where the validator refuses it.
	m.DefaultMFAMethod = types.StringNull()
	if member.DefaultMFAMethod != "" {
		m.DefaultMFAMethod = types.StringValue(member.DefaultMFAMethod)
	}
	m.ExternalID = types.StringValue(member.ExternalID)
	m.Status = types.StringValue(member.Status)
	m.EmailAddressVerified = types.BoolValue(member.EmailAddressVerified)
	m.MFAPhoneNumberVerified = types.BoolValue(member.MFAPhoneNumberVerified)
	m.IsAdmin = types.BoolValue(member.IsAdmin)
	m.IsLocked = types.BoolValue(member.IsLocked)
	m.MemberPasswordID = types.StringValue(member.MemberPasswordID)
	m.TOTPRegistrationID = types.StringValue(member.TOTPRegistrationID)
	m.RolesWithSources = memberRolesFromAPI(member.Roles, &diags)
	m.SSORegistrations = ssoRegistrationsFromAPI(member.SSORegistrations, &diags)
	m.OAuthRegistrations = oauthRegistrationsFromAPI(member.OAuthRegistrations, &diags)
	m.SCIMRegistration = scimRegistrationFromAPI(member.SCIMRegistration, &diags)
	m.RetiredEmailAddresses = retiredEmailsFromAPI(member.RetiredEmailAddresses, &diags)
	m.CreatedAt = types.StringValue(member.CreatedAt)
	m.UpdatedAt = types.StringValue(member.UpdatedAt)
	return diags
}

// toCreateRequest builds the Create body from the plan. default_mfa_method is
// not part of it: Stytch accepts it on Update only (createOnlyUpdate).
func (m *b2bMemberResourceModel) toCreateRequest(ctx context.Context) (stytch.CreateMemberRequest, diag.Diagnostics) {
	var diags diag.Diagnostics
	req := stytch.CreateMemberRequest{
		EmailAddress:          m.EmailAddress.ValueString(),
		Name:                  m.Name.ValueString(),
		CreateMemberAsPending: m.CreateAsPending.ValueBool(),
		IsBreakglass:          m.IsBreakglass.ValueBool(),
		MFAPhoneNumber:        m.MFAPhoneNumber.ValueString(),
		MFAEnrolled:           m.MFAEnrolled.ValueBool(),
		Roles:                 setStrings(ctx, m.Roles, &diags),
		ExternalID:            m.ExternalID.ValueString(),
	}
	req.TrustedMetadata = memberMetadataToAPI(m.TrustedMetadata, "trusted_metadata", &diags)
	if len(req.TrustedMetadata) == 0 {
		req.TrustedMetadata = nil
	}
	req.UntrustedMetadata = memberMetadataToAPI(m.UntrustedMetadata, "untrusted_metadata", &diags)
	if len(req.UntrustedMetadata) == 0 {
		req.UntrustedMetadata = nil
	}
	return req, diags
}

// createOnlyUpdate is the Update that follows Create when the plan sets what
// Stytch's Create does not take: default_mfa_method. created is the member as
// Create answered it.
func (m *b2bMemberResourceModel) createOnlyUpdate(created *stytch.Member) stytch.UpdateMemberRequest {
	var req stytch.UpdateMemberRequest
	if v := m.DefaultMFAMethod; !v.IsNull() && !v.IsUnknown() && v.ValueString() != created.DefaultMFAMethod {
		method := v.ValueString()
		req.DefaultMFAMethod = &method
	}
	return req
}

// toUpdateRequest builds the smallest Update body that turns state into plan:
// only the fields whose planned value differs from state. Roles emptied by the
// configuration are sent as [] and metadata keys that left it as null. The
// MFA phone number is sent only when the member has none by then
// (replacesPhone says when it must be deleted first), and the external id
// only when it is set, never to clear it (clearsExternalID).
func (m *b2bMemberModel) toUpdateRequest(ctx context.Context, state *b2bMemberModel) (stytch.UpdateMemberRequest, diag.Diagnostics) {
	var diags diag.Diagnostics
	var req stytch.UpdateMemberRequest

	if m.emailChanged(state) {
		email := m.EmailAddress.ValueString()
		req.EmailAddress = &email
	}
	req.Name = changedString(m.Name, state.Name)
	req.IsBreakglass = changedBool(m.IsBreakglass, state.IsBreakglass)
	req.MFAEnrolled = changedBool(m.MFAEnrolled, state.MFAEnrolled)
	if phone := changedString(m.MFAPhoneNumber, state.MFAPhoneNumber); phone != nil && *phone != "" {
		req.MFAPhoneNumber = phone
	}
	if method := changedString(m.DefaultMFAMethod, state.DefaultMFAMethod); method != nil && *method != "" {
		req.DefaultMFAMethod = method
	} else if m.deletesPhone(state) && !m.DefaultMFAMethod.IsUnknown() && m.DefaultMFAMethod.ValueString() != "" {
		// Deleting the previous phone number clears an sms_otp default, so a
		// configured method is sent again, after the new number in the same body.
		method := m.DefaultMFAMethod.ValueString()
		req.DefaultMFAMethod = &method
	}
	if ext := changedString(m.ExternalID, state.ExternalID); ext != nil && *ext != "" {
		req.ExternalID = ext
	}
	req.Roles = changedSet(ctx, m.Roles, state.Roles, &diags)
	req.TrustedMetadata = memberMetadataDiff(m.TrustedMetadata, state.TrustedMetadata, "trusted_metadata", &diags)
	req.UntrustedMetadata = memberMetadataDiff(m.UntrustedMetadata, state.UntrustedMetadata, "untrusted_metadata", &diags)
	return req, diags
}

// emailChanged reports whether the plan gives the member another email
// address. Stytch compares addresses without regard to case, so a change of
// case only is no change.
func (m *b2bMemberModel) emailChanged(state *b2bMemberModel) bool {
	return !m.EmailAddress.IsUnknown() && !strings.EqualFold(m.EmailAddress.ValueString(), state.EmailAddress.ValueString())
}

// phoneChanged reports whether the plan changes the MFA phone number.
func (m *b2bMemberModel) phoneChanged(state *b2bMemberModel) bool {
	return m.MFAPhoneNumber.IsUnknown() || m.MFAPhoneNumber.ValueString() != state.MFAPhoneNumber.ValueString()
}

// deletesPhone reports whether the member's MFA phone number must be deleted
// before the update: the plan removes or replaces it. Stytch's Update sets a
// phone number only on a member that has none ("Throws an error if the
// Member already has a phone number").
func (m *b2bMemberModel) deletesPhone(state *b2bMemberModel) bool {
	return !m.MFAPhoneNumber.IsUnknown() && state.MFAPhoneNumber.ValueString() != "" &&
		m.MFAPhoneNumber.ValueString() != state.MFAPhoneNumber.ValueString()
}

// clearsExternalID reports whether the plan removes the member's external id,
// which Stytch does with a dedicated endpoint; what "" does in an Update is
// undocumented.
func (m *b2bMemberModel) clearsExternalID(state *b2bMemberModel) bool {
	return !m.ExternalID.IsUnknown() && m.ExternalID.ValueString() == "" && state.ExternalID.ValueString() != ""
}

// memberMetadataFromAPI renders a metadata object as compact JSON with sorted
// keys, "{}" when Stytch sends none.
func memberMetadataFromAPI(in map[string]json.RawMessage, name string, diags *diag.Diagnostics) jsontypes.Normalized {
	if in == nil {
		in = map[string]json.RawMessage{}
	}
	b, err := json.Marshal(in)
	if err != nil {
		diags.AddError("Unable to Read Member Metadata",
			fmt.Sprintf("Stytch returned %s that could not be encoded as JSON. Please report this issue to the provider developers.\n\n%s", name, err))
		return jsontypes.NewNormalizedValue("{}")
	}
	return jsontypes.NewNormalizedValue(string(b))
}

// memberMetadataToAPI parses a configured metadata JSON object; nil when it
// is null or unknown.
func memberMetadataToAPI(v jsontypes.Normalized, name string, diags *diag.Diagnostics) map[string]json.RawMessage {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	out, err := parseNamedMetadata(v.ValueString(), name)
	if err != nil {
		diags.AddError("Invalid Member Metadata", err.Error())
		return nil
	}
	return out
}

// parseNamedMetadata parses a JSON object into its top-level keys; name is
// the attribute's, for the message.
func parseNamedMetadata(s, name string) (map[string]json.RawMessage, error) {
	var out map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return nil, fmt.Errorf("%s must be a JSON object, such as jsonencode({ team = \"platform\" }): %w", name, err)
	}
	if out == nil {
		return nil, fmt.Errorf("%s must be a JSON object, such as jsonencode({ team = \"platform\" }), not null", name)
	}
	return out, nil
}

// memberMetadataDiff is the metadata part of an update, as metadataDiff is
// for the organization: keys whose value changed or appeared, and null for
// keys that left the configuration, which Stytch's merge deletes. nil when
// nothing changed.
func memberMetadataDiff(plan, state jsontypes.Normalized, name string, diags *diag.Diagnostics) map[string]json.RawMessage {
	if plan.IsUnknown() || plan.IsNull() {
		return nil
	}
	planned := memberMetadataToAPI(plan, name, diags)
	current := map[string]json.RawMessage{}
	if !state.IsNull() && !state.IsUnknown() {
		if parsed, err := parseNamedMetadata(state.ValueString(), name); err == nil {
			current = parsed
		}
	}
	out := map[string]json.RawMessage{}
	for k, v := range planned {
		if old, ok := current[k]; !ok || !jsonEqual(old, v) {
			out[k] = v
		}
	}
	for k := range current {
		if _, ok := planned[k]; !ok {
			out[k] = nil // sent as null: Stytch deletes the key
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// memberRolesFromAPI lists every role of the member with its sources, in
// Stytch's order.
func memberRolesFromAPI(in []stytch.MemberRole, diags *diag.Diagnostics) types.List {
	return objectList(in, memberRoleAttrTypes, func(role stytch.MemberRole) map[string]attr.Value {
		sources := objectList(role.Sources, memberRoleSourceAttrTypes, func(src stytch.MemberRoleSource) map[string]attr.Value {
			details, d := types.MapValue(types.StringType, detailsFromAPI(src.Details))
			diags.Append(d...)
			return map[string]attr.Value{"type": types.StringValue(src.Type), "details": details}
		}, diags)
		return map[string]attr.Value{"role_id": types.StringValue(role.RoleID), "sources": sources}
	}, diags)
}

// detailsFromAPI turns a role source's details into strings: Stytch documents
// string values only (email_domain, connection_id, group, group_id); any
// other value is kept as its JSON text.
func detailsFromAPI(in map[string]any) map[string]attr.Value {
	out := make(map[string]attr.Value, len(in))
	for k, v := range in {
		if s, ok := v.(string); ok {
			out[k] = types.StringValue(s)
			continue
		}
		out[k] = types.StringValue(jsonText(v))
	}
	return out
}

// jsonText renders a decoded JSON value as compact JSON, "" for nil.
func jsonText(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// jsonObjectText renders a decoded JSON object as compact JSON with sorted
// keys, "{}" for nil.
func jsonObjectText(v map[string]any) string {
	if v == nil {
		return "{}"
	}
	return jsonText(v)
}

func ssoRegistrationsFromAPI(in []stytch.SSORegistration, diags *diag.Diagnostics) types.List {
	return objectList(in, ssoRegistrationAttrTypes, func(r stytch.SSORegistration) map[string]attr.Value {
		return map[string]attr.Value{
			"connection_id":   types.StringValue(r.ConnectionID),
			"external_id":     types.StringValue(r.ExternalID),
			"registration_id": types.StringValue(r.RegistrationID),
			"sso_attributes":  types.StringValue(jsonObjectText(r.SSOAttributes)),
		}
	}, diags)
}

func oauthRegistrationsFromAPI(in []stytch.OAuthRegistration, diags *diag.Diagnostics) types.List {
	return objectList(in, oauthRegistrationAttrTypes, func(r stytch.OAuthRegistration) map[string]attr.Value {
		return map[string]attr.Value{
			"provider_type":                types.StringValue(r.ProviderType),
			"provider_subject":             types.StringValue(r.ProviderSubject),
			"member_oauth_registration_id": types.StringValue(r.MemberOAuthRegistrationID),
			"profile_picture_url":          types.StringValue(r.ProfilePictureURL),
			"locale":                       types.StringValue(r.Locale),
		}
	}, diags)
}

func scimRegistrationFromAPI(in *stytch.SCIMRegistration, diags *diag.Diagnostics) types.Object {
	if in == nil {
		return types.ObjectNull(scimRegistrationAttrTypes)
	}
	obj, d := types.ObjectValue(scimRegistrationAttrTypes, map[string]attr.Value{
		"connection_id":   types.StringValue(in.ConnectionID),
		"registration_id": types.StringValue(in.RegistrationID),
		"external_id":     types.StringValue(in.ExternalID),
		"scim_attributes": types.StringValue(jsonObjectText(in.SCIMAttributes)),
	})
	diags.Append(d...)
	return obj
}

func retiredEmailsFromAPI(in []stytch.RetiredEmail, diags *diag.Diagnostics) types.List {
	return objectList(in, retiredEmailAttrTypes, func(r stytch.RetiredEmail) map[string]attr.Value {
		return map[string]attr.Value{
			"email_id":      types.StringValue(r.EmailID),
			"email_address": types.StringValue(r.EmailAddress),
		}
	}, diags)
}

// ---------------------------------------------------------------------------
// email_address: a string compared the way Stytch compares email addresses.

var (
	_ basetypes.StringTypable                    = emailAddressType{}
	_ basetypes.StringValuableWithSemanticEquals = emailAddressValue{}
)

// emailAddressType is the type of email_address. Its values are equal, for
// the framework's semantic equality, when they differ in case only: Stytch
// finds and de-duplicates members by address without regard to case, so a
// casing that Stytch or the configuration changes must not show as a diff.
type emailAddressType struct {
	basetypes.StringType
}

func (t emailAddressType) String() string { return "emailAddressType" }

func (t emailAddressType) ValueType(context.Context) attr.Value { return emailAddressValue{} }

func (t emailAddressType) Equal(o attr.Type) bool {
	other, ok := o.(emailAddressType)
	return ok && t.StringType.Equal(other.StringType)
}

func (t emailAddressType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return emailAddressValue{StringValue: in}, nil
}

func (t emailAddressType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	s, ok := v.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	return emailAddressValue{StringValue: s}, nil
}

// emailAddressValue is a value of emailAddressType.
type emailAddressValue struct {
	basetypes.StringValue
}

func newEmailAddressValue(s string) emailAddressValue {
	return emailAddressValue{StringValue: types.StringValue(s)}
}

func (v emailAddressValue) Type(context.Context) attr.Type { return emailAddressType{} }

func (v emailAddressValue) Equal(o attr.Value) bool {
	other, ok := o.(emailAddressValue)
	return ok && v.StringValue.Equal(other.StringValue)
}

// StringSemanticEquals keeps the prior value (the configuration's, or the
// state's) when the new one differs from it in case only.
func (v emailAddressValue) StringSemanticEquals(_ context.Context, newValuable basetypes.StringValuable) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	other, ok := newValuable.(emailAddressValue)
	if !ok {
		diags.AddError("Semantic Equality Check Error",
			fmt.Sprintf("Expected an email address value, got %T. Please report this issue to the provider developers.", newValuable))
		return false, diags
	}
	return strings.EqualFold(v.ValueString(), other.ValueString()), diags
}
