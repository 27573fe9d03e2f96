package provider

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// fullMember has a value in every field of the wire object.
func fullMember() *stytch.Member {
	return &stytch.Member{
		OrganizationID: "organization-test-1",
		MemberID:       "member-test-1",
		EmailAddress:   "alice@acme.com",
		Status:         "active",
		Name:           "Alice",
		SSORegistrations: []stytch.SSORegistration{{ConnectionID: "saml-connection-test-1", ExternalID: "okta|1",
			RegistrationID: "saml-member-registration-test-1", SSOAttributes: map[string]any{"groups": []any{"admins"}, "dept": "eng"}}},
		IsBreakglass:     true,
		MemberPasswordID: "member-password-test-1",
		OAuthRegistrations: []stytch.OAuthRegistration{{ProviderType: "Google", ProviderSubject: "g-1",
			MemberOAuthRegistrationID: "oauth-member-registration-test-1", ProfilePictureURL: "https://p.example.com/a.png", Locale: "en"}},
		EmailAddressVerified:   true,
		MFAPhoneNumberVerified: true,
		IsAdmin:                true,
		TOTPRegistrationID:     "member-totp-test-1",
		RetiredEmailAddresses:  []stytch.RetiredEmail{{EmailID: "email-test-0", EmailAddress: "old@acme.com"}},
		IsLocked:               true,
		MFAEnrolled:            true,
		MFAPhoneNumber:         "+14155550123",
		DefaultMFAMethod:       "totp",
		Roles: []stytch.MemberRole{
			{RoleID: "billing", Sources: []stytch.MemberRoleSource{{Type: "direct_assignment", Details: map[string]any{}}}},
			{RoleID: "stytch_admin", Sources: []stytch.MemberRoleSource{
				{Type: "email_assignment", Details: map[string]any{"email_domain": "acme.com"}},
				{Type: "sso_connection_group", Details: map[string]any{"connection_id": "saml-connection-test-1", "group": "admins", "rank": 2}},
			}},
		},
		TrustedMetadata:   map[string]json.RawMessage{"b": json.RawMessage(`2`), "a": json.RawMessage(`{"x":1}`)},
		UntrustedMetadata: map[string]json.RawMessage{"theme": json.RawMessage(`"dark"`)},
		CreatedAt:         "2026-01-02T03:04:05Z",
		UpdatedAt:         "2026-01-02T03:04:06Z",
		SCIMRegistration: &stytch.SCIMRegistration{ConnectionID: "scim-connection-test-1", RegistrationID: "scim-registration-test-1",
			ExternalID: "scim|1", SCIMAttributes: map[string]any{"user_name": "alice", "active": true}},
		ExternalID: "hr|1",
	}
}

func memberModelFrom(t *testing.T, member *stytch.Member) b2bMemberModel {
	t.Helper()
	var m b2bMemberModel
	if diags := m.fromAPI(context.Background(), member); diags.HasError() {
		t.Fatal(diags)
	}
	return m
}

func TestMemberFromAPI_mapsEveryField(t *testing.T) {
	m := memberModelFrom(t, fullMember())
	for name, got := range map[string]string{
		"id": m.ID.ValueString(), "organization_id": m.OrganizationID.ValueString(), "member_id": m.MemberID.ValueString(),
		"email_address": m.EmailAddress.ValueString(), "name": m.Name.ValueString(), "status": m.Status.ValueString(),
		"mfa_phone_number": m.MFAPhoneNumber.ValueString(), "default_mfa_method": m.DefaultMFAMethod.ValueString(),
		"external_id": m.ExternalID.ValueString(), "member_password_id": m.MemberPasswordID.ValueString(),
		"totp_registration_id": m.TOTPRegistrationID.ValueString(), "created_at": m.CreatedAt.ValueString(),
		"updated_at": m.UpdatedAt.ValueString(), "trusted_metadata": m.TrustedMetadata.ValueString(),
		"untrusted_metadata": m.UntrustedMetadata.ValueString(),
	} {
		want := map[string]string{
			"id": "member-test-1", "organization_id": "organization-test-1", "member_id": "member-test-1",
			"email_address": "alice@acme.com", "name": "Alice", "status": "active", "mfa_phone_number": "+14155550123",
			"default_mfa_method": "totp", "external_id": "hr|1", "member_password_id": "member-password-test-1",
			"totp_registration_id": "member-totp-test-1", "created_at": "2026-01-02T03:04:05Z", "updated_at": "2026-01-02T03:04:06Z",
			"trusted_metadata": `{"a":{"x":1},"b":2}`, "untrusted_metadata": `{"theme":"dark"}`,
		}[name]
		if got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	for name, b := range map[string]types.Bool{
		"is_breakglass": m.IsBreakglass, "mfa_enrolled": m.MFAEnrolled, "email_address_verified": m.EmailAddressVerified,
		"mfa_phone_number_verified": m.MFAPhoneNumberVerified, "is_admin": m.IsAdmin, "is_locked": m.IsLocked,
	} {
		if !b.ValueBool() {
			t.Errorf("%s is not true", name)
		}
	}
	// roles holds the direct assignments only.
	if got := m.Roles.String(); got != `["billing"]` {
		t.Errorf("roles = %s, want the direct role only", got)
	}
	str := func(v attr.Value) string { return as[types.String](t, v).ValueString() }
	first := func(l types.List) map[string]attr.Value { return as[types.Object](t, l.Elements()[0]).Attributes() }
	roles := m.RolesWithSources.Elements()
	if len(roles) != 2 {
		t.Fatalf("roles_with_sources has %d roles", len(roles))
	}
	admin := as[types.Object](t, roles[1]).Attributes()
	sources := as[types.List](t, admin["sources"]).Elements()
	group := as[types.Object](t, sources[1]).Attributes()
	details := as[types.Map](t, group["details"]).Elements()
	if str(admin["role_id"]) != "stytch_admin" || len(sources) != 2 || str(group["type"]) != "sso_connection_group" ||
		str(details["group"]) != "admins" || str(details["rank"]) != "2" {
		t.Errorf("roles_with_sources[1] = %v", roles[1])
	}
	if sso := first(m.SSORegistrations); str(sso["sso_attributes"]) != `{"dept":"eng","groups":["admins"]}` || str(sso["external_id"]) != "okta|1" {
		t.Errorf("sso_registrations[0] = %v", sso)
	}
	if oauth := first(m.OAuthRegistrations); str(oauth["locale"]) != "en" || str(oauth["provider_type"]) != "Google" {
		t.Errorf("oauth_registrations[0] = %v", oauth)
	}
	if scim := m.SCIMRegistration.Attributes(); str(scim["scim_attributes"]) != `{"active":true,"user_name":"alice"}` || str(scim["external_id"]) != "scim|1" {
		t.Errorf("scim_registration = %v", scim)
	}
	if retired := first(m.RetiredEmailAddresses); str(retired["email_address"]) != "old@acme.com" {
		t.Errorf("retired_email_addresses[0] = %v", retired)
	}
}

// TestMemberFromAPI_emptyMember checks the empty forms: empty lists and
// objects, "" strings, and null for default_mfa_method and scim_registration.
func TestMemberFromAPI_emptyMember(t *testing.T) {
	m := memberModelFrom(t, &stytch.Member{MemberID: "member-test-1", EmailAddress: "a@b.co"})
	if !m.DefaultMFAMethod.IsNull() || !m.SCIMRegistration.IsNull() {
		t.Errorf("default_mfa_method %v, scim_registration %v: want null", m.DefaultMFAMethod, m.SCIMRegistration)
	}
	if m.TrustedMetadata.ValueString() != "{}" || m.UntrustedMetadata.ValueString() != "{}" {
		t.Errorf("metadata %s %s, want {}", m.TrustedMetadata, m.UntrustedMetadata)
	}
	for name, n := range map[string]int{
		"roles": len(m.Roles.Elements()), "roles_with_sources": len(m.RolesWithSources.Elements()),
		"sso_registrations": len(m.SSORegistrations.Elements()), "oauth_registrations": len(m.OAuthRegistrations.Elements()),
		"retired_email_addresses": len(m.RetiredEmailAddresses.Elements()),
	} {
		if n != 0 {
			t.Errorf("%s has %d elements", name, n)
		}
	}
	if m.Roles.IsNull() || m.RolesWithSources.IsNull() {
		t.Error("empty lists must be empty, not null")
	}
}

func TestMemberToUpdateRequest(t *testing.T) {
	ctx := context.Background()
	base := func() b2bMemberModel {
		member := fullMember()
		member.DefaultMFAMethod = "sms_otp"
		return memberModelFrom(t, member)
	}
	cases := map[string]struct {
		change     func(*b2bMemberModel)
		want       string
		phone, ext bool
	}{
		"nothing changed": {change: func(*b2bMemberModel) {}, want: `{}`},
		"case of the email address only": {
			change: func(m *b2bMemberModel) { m.EmailAddress = newEmailAddressValue("ALICE@Acme.com") }, want: `{}`},
		"another email address": {
			change: func(m *b2bMemberModel) { m.EmailAddress = newEmailAddressValue("alice@globex.com") },
			want:   `{"email_address":"alice@globex.com"}`},
		"metadata formatted differently": {
			change: func(m *b2bMemberModel) {
				m.TrustedMetadata = jsontypes.NewNormalizedValue(`{ "b": 2, "a": { "x": 1 } }`)
			}, want: `{}`},
		"metadata key removed and changed": {
			change: func(m *b2bMemberModel) {
				m.TrustedMetadata = jsontypes.NewNormalizedValue(`{"a":{"x":2}}`)
				m.UntrustedMetadata = jsontypes.NewNormalizedValue(`{}`)
			},
			want: `{"trusted_metadata":{"a":{"x":2},"b":null},"untrusted_metadata":{"theme":null}}`},
		"roles emptied": {
			change: func(m *b2bMemberModel) { m.Roles = stringSetOf() }, want: `{"roles":[]}`},
		"roles sorted": {
			change: func(m *b2bMemberModel) { m.Roles = stringSetOf("zeta", "alpha") }, want: `{"roles":["alpha","zeta"]}`},
		"false is sent": {
			change: func(m *b2bMemberModel) {
				m.IsBreakglass, m.MFAEnrolled = types.BoolValue(false), types.BoolValue(false)
			},
			want: `{"is_breakglass":false,"mfa_enrolled":false}`},
		"name cleared": {
			change: func(m *b2bMemberModel) { m.Name = types.StringValue("") }, want: `{"name":""}`},
		"phone replaced: deleted first, then set with the method again": {
			change: func(m *b2bMemberModel) { m.MFAPhoneNumber = types.StringValue("+14155550999") },
			want:   `{"mfa_phone_number":"+14155550999","default_mfa_method":"sms_otp"}`, phone: true},
		"phone removed": {
			change: func(m *b2bMemberModel) {
				m.MFAPhoneNumber = types.StringValue("")
				m.DefaultMFAMethod = types.StringUnknown()
			},
			want: `{}`, phone: true},
		"external id changed": {
			change: func(m *b2bMemberModel) { m.ExternalID = types.StringValue("hr|2") }, want: `{"external_id":"hr|2"}`},
		"external id removed by its own call": {
			change: func(m *b2bMemberModel) { m.ExternalID = types.StringValue("") }, want: `{}`, ext: true},
		"unknown values are not sent": {
			change: func(m *b2bMemberModel) {
				m.Name, m.Roles = types.StringUnknown(), types.SetUnknown(types.StringType)
				m.TrustedMetadata = jsontypes.NewNormalizedUnknown()
			},
			want: `{}`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			state := base()
			plan := base()
			c.change(&plan)
			body, diags := plan.toUpdateRequest(ctx, &state)
			if diags.HasError() {
				t.Fatal(diags)
			}
			if got := marshal(t, body); got != c.want {
				t.Errorf("body %s, want %s", got, c.want)
			}
			if got := plan.deletesPhone(&state); got != c.phone {
				t.Errorf("deletesPhone = %t, want %t", got, c.phone)
			}
			if got := plan.clearsExternalID(&state); got != c.ext {
				t.Errorf("clearsExternalID = %t, want %t", got, c.ext)
			}
		})
	}
}

func TestMemberToCreateRequest(t *testing.T) {
	ctx := context.Background()
	plan := b2bMemberResourceModel{b2bMemberModel: memberModelFrom(t, fullMember()), CreateAsPending: types.BoolValue(true)}
	body, diags := plan.toCreateRequest(ctx)
	if diags.HasError() {
		t.Fatal(diags)
	}
	want := `{"email_address":"alice@acme.com","name":"Alice","trusted_metadata":{"a":{"x":1},"b":2},` +
		`"untrusted_metadata":{"theme":"dark"},"create_member_as_pending":true,"is_breakglass":true,` +
		`"mfa_phone_number":"+14155550123","mfa_enrolled":true,"roles":["billing"],"external_id":"hr|1"}`
	if got := marshal(t, body); got != want {
		t.Errorf("create body\n got %s\nwant %s", got, want)
	}
	// default_mfa_method follows in an Update, only when Stytch's answer differs.
	if got := marshal(t, plan.createOnlyUpdate(&stytch.Member{})); got != `{"default_mfa_method":"totp"}` {
		t.Errorf("follow-up %s", got)
	}
	if !plan.createOnlyUpdate(&stytch.Member{DefaultMFAMethod: "totp"}).IsEmpty() {
		t.Error("a follow-up update for a method Stytch already has")
	}
	// Empty defaults are not sent.
	empty := b2bMemberResourceModel{b2bMemberModel: memberModelFrom(t, &stytch.Member{EmailAddress: "a@b.co"}), CreateAsPending: types.BoolValue(false)}
	body, _ = empty.toCreateRequest(ctx)
	if got := marshal(t, body); got != `{"email_address":"a@b.co"}` {
		t.Errorf("minimal create body %s", got)
	}
}

// TestMemberModelMatchesSchema catches a tfsdk tag without an attribute (or
// the reverse) without running Terraform.
func TestMemberModelMatchesSchema(t *testing.T) {
	var resp resource.SchemaResponse
	NewB2BMemberResource().Schema(context.Background(), resource.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	var attrs, tags []string
	for name := range resp.Schema.Attributes {
		attrs = append(attrs, name)
	}
	var collect func(reflect.Type)
	collect = func(typ reflect.Type) {
		for i := range typ.NumField() {
			if f := typ.Field(i); f.Anonymous {
				collect(f.Type)
			} else {
				tags = append(tags, f.Tag.Get("tfsdk"))
			}
		}
	}
	collect(reflect.TypeOf(b2bMemberResourceModel{}))
	sort.Strings(attrs)
	sort.Strings(tags)
	if !reflect.DeepEqual(attrs, tags) {
		t.Errorf("schema attributes and model tags differ:\nschema %s\nmodel  %s", strings.Join(attrs, ","), strings.Join(tags, ","))
	}
	for name, a := range resp.Schema.Attributes {
		if a.GetMarkdownDescription() == "" {
			t.Errorf("attribute %s has no MarkdownDescription", name)
		}
	}
}

// TestMemberObjectType checks that a member read by fromAPI fits the element
// type of stytch_b2b_members, derived from the resource schema.
func TestMemberObjectType(t *testing.T) {
	m := memberModelFrom(t, fullMember())
	obj, diags := types.ObjectValueFrom(context.Background(), memberObjectType().AttrTypes, m)
	if diags.HasError() {
		t.Fatal(diags)
	}
	if got := as[emailAddressValue](t, obj.Attributes()["email_address"]); got.ValueString() != "alice@acme.com" {
		t.Errorf("email_address in the object is %v", got)
	}
}

// TestMemberResourceNotes checks that every resource note ends the
// description of an argument only, and that the data sources cut them all.
func TestMemberResourceNotes(t *testing.T) {
	attrs := memberResourceSchema().Attributes
	for _, note := range memberResourceNotes {
		used := false
		for name, a := range attrs {
			if !strings.Contains(a.GetMarkdownDescription(), note) {
				continue
			}
			used = true
			if !a.IsOptional() && !a.IsRequired() {
				t.Errorf("the resource note %q is in the description of %s, which is read-only", note, name)
			}
		}
		if !used {
			t.Errorf("no attribute has the resource note %q", note)
		}
	}
	for name, a := range memberDataSourceAttributes(nil) {
		for _, note := range memberResourceNotes {
			if strings.Contains(a.GetMarkdownDescription(), note) {
				t.Errorf("the data source description of %s keeps the resource note %q", name, note)
			}
		}
	}
	if _, ok := memberDataSourceAttributes(nil)["create_as_pending"]; ok {
		t.Error("the data sources have create_as_pending, which Stytch does not return")
	}
}

func TestEmailAddressSemanticEquality(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"alice@acme.com", "alice@acme.com", true},
		{"Alice@ACME.com", "alice@acme.com", true},
		{"alice@acme.com", "alice@acme.co", false},
		{"alice@acme.com", "bob@acme.com", false},
	} {
		got, diags := newEmailAddressValue(c.a).StringSemanticEquals(ctx, newEmailAddressValue(c.b))
		if diags.HasError() || got != c.want {
			t.Errorf("%q ~ %q = %t (%v), want %t", c.a, c.b, got, diags, c.want)
		}
	}
	if _, diags := newEmailAddressValue("a@b.co").StringSemanticEquals(ctx, types.StringValue("a@b.co")); !diags.HasError() {
		t.Error("a value of another type compared without an error")
	}
	if !(emailAddressType{}).Equal(emailAddressType{}) || (emailAddressType{}).Equal(types.StringType) {
		t.Error("emailAddressType equality")
	}
}

// TestAddMemberAPIError_ambiguousCreate checks that a create whose answer was
// lost names the member that has the address now and how to import it.
func TestAddMemberAPIError_ambiguousCreate(t *testing.T) {
	var diags diag.Diagnostics
	err := &stytch.AmbiguousMemberCreateError{
		Member: &stytch.Member{OrganizationID: "organization-test-1", MemberID: "member-test-9", EmailAddress: "alice@acme.com"},
		Cause:  errors.New("connection reset"),
	}
	addMemberAPIError(&diags, "Create", "organization-test-1", `"alice@acme.com"`, err)
	if len(diags) != 1 {
		t.Fatalf("%d diagnostics", len(diags))
	}
	d := diags[0]
	for _, want := range []string{
		"probably happened", "NOT added to Terraform state", "terraform import ADDRESS organization-test-1/member-test-9",
		`id = "organization-test-1/member-test-9"`, "connection reset",
	} {
		if !strings.Contains(d.Detail(), want) {
			t.Errorf("detail lacks %q:\n%s", want, d.Detail())
		}
	}
	if d.Summary() != "Unable to Create B2B Member" {
		t.Errorf("summary %q", d.Summary())
	}
}

// TestAddMemberAPIError_hints checks the advice for Stytch's member errors.
func TestAddMemberAPIError_hints(t *testing.T) {
	for errorType, want := range map[string]string{
		stytch.ErrorTypeDuplicateMemberEmail:                "terraform import ADDRESS organization-test-1/EMAIL_ADDRESS",
		stytch.ErrorTypeRetiredMemberEmail:                  "retired address of another member",
		stytch.ErrorTypeCannotAssignDefaultRBACRoleID:       "stytch_member is given to every member",
		"invalid_rbac_role_id":                              "A role of roles does not exist",
		stytch.ErrorTypeActionAvailableOnlyForActiveMembers: "MFA factors to active members only",
	} {
		var diags diag.Diagnostics
		addMemberAPIError(&diags, "Update", "organization-test-1", "member-test-1",
			&stytch.Error{StatusCode: 400, ErrorType: errorType, ErrorMessage: "refused", RequestID: "request-id-test-1"})
		if d := diags[0]; !strings.Contains(d.Detail(), want) || !strings.Contains(d.Detail(), "error_type:    "+errorType) {
			t.Errorf("%s: detail lacks %q:\n%s", errorType, want, d.Detail())
		}
	}
}
