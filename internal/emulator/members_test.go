package emulator

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// ---------------------------------------------------------------------------
// Helpers.

var (
	memberIDPattern = regexp.MustCompile(`^member-test-` + uuidPattern + `$`)
	emailIDPattern  = regexp.MustCompile(`^email-test-` + uuidPattern + `$`)
)

// memberKeys are the JSON keys of the Member object the emulator always
// answers (tenant specification 5.1; the optional scim_registration and lock
// timestamps are left out while unset).
var memberKeys = []string{
	"organization_id", "member_id", "email_address", "status", "name", "sso_registrations",
	"is_breakglass", "member_password_id", "oauth_registrations", "email_address_verified",
	"mfa_phone_number_verified", "is_admin", "totp_registration_id", "retired_email_addresses",
	"is_locked", "mfa_enrolled", "mfa_phone_number", "default_mfa_method", "roles",
	"trusted_metadata", "untrusted_metadata", "created_at", "updated_at", "external_id",
}

// memberEnvelope decodes a {request_id, member_id, member, organization,
// status_code} answer.
type memberEnvelope struct {
	MemberID     string              `json:"member_id"`
	Member       member              `json:"member"`
	Organization stytch.Organization `json:"organization"`
}

func membersPath(org string, rest ...string) string {
	return basePath + "/" + org + "/members" + strings.Join(append([]string{""}, rest...), "/")
}

func memberGetPath(org string, params ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(params); i += 2 {
		q.Set(params[i], params[i+1])
	}
	return basePath + "/" + org + "/member?" + q.Encode()
}

const memberSearchPath = basePath + "/members/search"

// memberOK sends a request that must succeed and decodes its member envelope.
func (h *harness) memberOK(method, path string, body any) memberEnvelope {
	h.t.Helper()
	raw := h.ok(method, path, body)
	var env memberEnvelope
	decodeInto(h.t, raw, &env)
	if env.MemberID != env.Member.MemberID || env.Organization.OrganizationID != env.Member.OrganizationID {
		h.t.Fatalf("envelope ids disagree: %s", raw)
	}
	return env
}

func (h *harness) createMember(org string, body map[string]any) member {
	h.t.Helper()
	return h.memberOK(http.MethodPost, membersPath(org), body).Member
}

func (h *harness) getMember(org string, params ...string) member {
	h.t.Helper()
	return h.memberOK(http.MethodGet, memberGetPath(org, params...), nil).Member
}

func (h *harness) updateMember(org, id string, body any) member {
	h.t.Helper()
	return h.memberOK(http.MethodPut, membersPath(org, id), body).Member
}

// wantMemberError sends a request and checks its error answer.
func (h *harness) wantMemberError(method, path string, body any, status int, errType string) {
	h.t.Helper()
	code, raw := h.do(method, path, body)
	wantError(h.t, code, raw, status, errType)
}

// roleView is a member's roles as "role_id:source[,source]" strings, where
// a source is its type and its details as k=v pairs in key order.
func roleView(m member) []string {
	out := make([]string, 0, len(m.Roles))
	for _, r := range m.Roles {
		srcs := make([]string, 0, len(r.Sources))
		for _, s := range r.Sources {
			keys := make([]string, 0, len(s.Details))
			for k := range s.Details {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			d := s.Type
			for _, k := range keys {
				d += " " + k + "=" + s.Details[k]
			}
			srcs = append(srcs, d)
		}
		out = append(out, r.RoleID+":"+strings.Join(srcs, ","))
	}
	return out
}

// ---------------------------------------------------------------------------
// Create.

func TestMemberCreateDefaults(t *testing.T) {
	h := newHarness(t)
	org := h.create(base(nil))
	raw := h.ok(http.MethodPost, membersPath("acme"), map[string]any{"email_address": "Ada@Example.com"})
	var shape map[string]json.RawMessage
	decodeInto(t, raw, &shape)
	wantKeys(t, "envelope", raw, []string{"request_id", "member_id", "member", "organization", "status_code"})
	wantKeys(t, "member", shape["member"], memberKeys)
	checkRawOrganization(t, shape["organization"])
	var env memberEnvelope
	decodeInto(t, raw, &env)
	m := env.Member
	if !memberIDPattern.MatchString(m.MemberID) || env.MemberID != m.MemberID {
		t.Errorf("member_id %q", m.MemberID)
	}
	want := member{
		OrganizationID: org.OrganizationID, MemberID: m.MemberID, EmailAddress: "Ada@Example.com",
		Status: "active", SSORegistrations: []ssoRegistration{}, OAuthRegistrations: []oauthRegistration{},
		RetiredEmailAddresses: []retiredEmail{}, Roles: []memberRole{},
		TrustedMetadata: map[string]json.RawMessage{}, UntrustedMetadata: map[string]json.RawMessage{},
		CreatedAt: "2026-01-02T02:04:05Z", UpdatedAt: "2026-01-02T02:04:05Z",
	}
	if got, _ := json.Marshal(m); string(got) != string(must(json.Marshal(want))) {
		t.Errorf("member =\n%s\nwant\n%s", got, must(json.Marshal(want)))
	}
	for _, key := range []string{"sso_registrations", "oauth_registrations", "retired_email_addresses", "roles"} {
		var obj map[string]json.RawMessage
		decodeInto(t, shape["member"], &obj)
		if string(obj[key]) != "[]" {
			t.Errorf("%s = %s, want []", key, obj[key])
		}
	}
	if env.Organization.OrganizationSlug != "acme" {
		t.Errorf("organization %+v", env.Organization)
	}

	// The organization is addressed by id, slug or external id; each member
	// gets its own id.
	h.update("acme", map[string]any{"organization_external_id": "acme-ext"})
	ids := map[string]bool{m.MemberID: true}
	for i, key := range []string{org.OrganizationID, "acme-ext"} {
		got := h.createMember(key, map[string]any{"email_address": "m" + itoa(i) + "@example.com"})
		if got.OrganizationID != org.OrganizationID || ids[got.MemberID] {
			t.Errorf("create via %s: %+v", key, got)
		}
		ids[got.MemberID] = true
	}
	h.wantMemberError(http.MethodPost, membersPath("nope"), map[string]any{"email_address": "a@example.com"}, 404, "organization_not_found")

	// Pending members.
	p := h.createMember("acme", map[string]any{"email_address": "pending@example.com", "create_member_as_pending": true})
	if p.Status != "pending" {
		t.Errorf("pending member status %q", p.Status)
	}
	if f := h.createMember("acme", map[string]any{"email_address": "notpending@example.com", "create_member_as_pending": false}); f.Status != "active" {
		t.Errorf("create_member_as_pending false: %q", f.Status)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestMemberCreateStoresFields(t *testing.T) {
	h := newHarness(t)
	h.create(base(nil))
	m := h.createMember("acme", map[string]any{
		"email_address":      "grace@acme.io",
		"name":               "Grace Hopper",
		"trusted_metadata":   map[string]any{"tier": "gold", "drop": nil, "n": map[string]any{"a": []int{1, 2}}},
		"untrusted_metadata": map[string]any{"theme": "dark"},
		"is_breakglass":      true,
		"mfa_phone_number":   "+14155550100",
		"mfa_enrolled":       true,
		"roles":              []string{"stytch_admin", "stytch_admin"},
		"external_id":        "emp.42|x_y-z",
		"default_mfa_method": "sms_otp", // not accepted on Create: ignored
		"organization_id":    "ignored",
		"member_id":          "ignored",
	})
	got := h.getMember("acme", "member_id", m.MemberID)
	for _, mm := range []member{m, got} {
		if mm.Name != "Grace Hopper" || !mm.IsBreakglass || !mm.MFAEnrolled || mm.MFAPhoneNumber != "+14155550100" ||
			mm.MFAPhoneNumberVerified || mm.ExternalID != "emp.42|x_y-z" || mm.DefaultMFAMethod != "" || !mm.IsAdmin {
			t.Errorf("member %+v", mm)
		}
		if string(must(json.Marshal(mm.TrustedMetadata))) != `{"n":{"a":[1,2]},"tier":"gold"}` ||
			string(must(json.Marshal(mm.UntrustedMetadata))) != `{"theme":"dark"}` {
			t.Errorf("metadata %s %s", must(json.Marshal(mm.TrustedMetadata)), must(json.Marshal(mm.UntrustedMetadata)))
		}
		if !slices.Equal(roleView(mm), []string{"stytch_admin:direct_assignment"}) {
			t.Errorf("roles %v", roleView(mm))
		}
	}
}

func TestMemberCreateValidation(t *testing.T) {
	h := newHarness(t)
	h.create(base(nil))
	h.createMember("acme", map[string]any{"email_address": "taken@example.com", "external_id": "taken", "mfa_phone_number": "+14155550199"})
	long := strings.Repeat("x", 300)
	manyKeys := map[string]any{}
	for i := range 21 {
		manyKeys["k"+itoa(i)] = i
	}
	cases := []struct {
		name    string
		body    any
		errType string
	}{
		{"missing email", map[string]any{"name": "x"}, "invalid_email"},
		{"empty email", map[string]any{"email_address": ""}, "invalid_email"},
		{"null email", map[string]any{"email_address": nil}, "invalid_email"},
		{"no at", map[string]any{"email_address": "example.com"}, "invalid_email"},
		{"display name", map[string]any{"email_address": "Bob <bob@example.com>"}, "invalid_email"},
		{"single-label domain", map[string]any{"email_address": "bob@localhost"}, "invalid_email"},
		{"ip literal", map[string]any{"email_address": "bob@[127.0.0.1]"}, "invalid_email"},
		{"too long", map[string]any{"email_address": strings.Repeat("a", 250) + "@example.com"}, "invalid_email"},
		{"duplicate email", map[string]any{"email_address": "taken@example.com"}, "duplicate_member_email"},
		{"duplicate email other case", map[string]any{"email_address": "TAKEN@Example.COM"}, "duplicate_member_email"},
		{"name too long", map[string]any{"email_address": "n@example.com", "name": long}, "bad_request"},
		{"trusted metadata keys", map[string]any{"email_address": "n@example.com", "trusted_metadata": manyKeys}, "metadata_too_many_keys"},
		{"untrusted metadata size", map[string]any{"email_address": "n@example.com", "untrusted_metadata": map[string]any{"big": strings.Repeat("y", 5000)}}, "metadata_too_large"},
		{"metadata not object", map[string]any{"email_address": "n@example.com", "trusted_metadata": []int{1}}, "metadata_invalid_format"},
		{"external id format", map[string]any{"email_address": "n@example.com", "external_id": "a b"}, "bad_request"},
		{"external id length", map[string]any{"email_address": "n@example.com", "external_id": strings.Repeat("e", 129)}, "bad_request"},
		{"duplicate external id", map[string]any{"email_address": "n@example.com", "external_id": "taken"}, "duplicate_member_external_id"},
		{"unknown role", map[string]any{"email_address": "n@example.com", "roles": []string{"editor"}}, "invalid_rbac_role_id"},
		{"empty role", map[string]any{"email_address": "n@example.com", "roles": []string{""}}, "invalid_rbac_role_id"},
		{"default role", map[string]any{"email_address": "n@example.com", "roles": []string{"stytch_member"}}, "cannot_assign_default_rbac_role_id"},
		{"phone not E.164", map[string]any{"email_address": "n@example.com", "mfa_phone_number": "4155550100"}, "invalid_phone_number"},
		{"phone letters", map[string]any{"email_address": "n@example.com", "mfa_phone_number": "+1415CALLME"}, "invalid_phone_number"},
		{"phone of another member", map[string]any{"email_address": "n@example.com", "mfa_phone_number": "+14155550199"}, "duplicate_member_phone_number"},
		{"phone on pending member", map[string]any{"email_address": "n@example.com", "mfa_phone_number": "+14155550100", "create_member_as_pending": true}, "action_available_only_for_active_members"},
		{"email not string", map[string]any{"email_address": 1}, "bad_request"},
		{"roles not array", map[string]any{"email_address": "n@example.com", "roles": "stytch_admin"}, "bad_request"},
		{"boolean not boolean", map[string]any{"email_address": "n@example.com", "is_breakglass": "yes"}, "bad_request"},
		{"body not object", rawBody(`["x"]`), "bad_request"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, raw := h.do(http.MethodPost, membersPath("acme"), tc.body)
			wantError(t, code, raw, 400, tc.errType)
		})
	}
	// Nothing was stored by the failed creates.
	res := h.memberSearch(map[string]any{"organization_ids": []string{h.get("acme").OrganizationID}})
	if len(res.Members) != 1 {
		t.Fatalf("%d members after failed creates", len(res.Members))
	}
}

// ---------------------------------------------------------------------------
// Get.

func TestMemberGet(t *testing.T) {
	h := newHarness(t)
	h.create(base(nil))
	other := h.create(base(map[string]any{"organization_slug": "other"}))
	m := h.createMember("acme", map[string]any{"email_address": "Lin@Example.com", "external_id": "lin"})
	o := h.createMember("other", map[string]any{"email_address": "lin@example.com"})
	if o.OrganizationID != other.OrganizationID {
		t.Fatal("the same email address in another organization was refused")
	}
	for _, params := range [][]string{
		{"member_id", m.MemberID},
		{"member_id", "lin"},
		{"email_address", "Lin@Example.com"},
		{"email_address", "lin@EXAMPLE.com"},
		{"member_id", m.MemberID, "organization_id", "ignored"},
	} {
		if got := h.getMember("acme", params...); got.MemberID != m.MemberID {
			t.Errorf("get %v: %s", params, got.MemberID)
		}
	}
	for _, tc := range []struct {
		path    string
		status  int
		errType string
	}{
		{memberGetPath("acme"), 400, "invalid_member_get_fields"},
		{memberGetPath("acme", "member_id", "", "email_address", ""), 400, "invalid_member_get_fields"},
		{memberGetPath("acme", "member_id", m.MemberID, "email_address", "lin@example.com"), 400, "invalid_member_get_fields"},
		{memberGetPath("acme", "member_id", "member-test-00000000-0000-4000-8000-000000000000"), 404, "member_not_found"},
		{memberGetPath("acme", "member_id", o.MemberID), 404, "member_not_found"},
		{memberGetPath("acme", "email_address", "nobody@example.com"), 404, "member_not_found"},
		{memberGetPath("nope", "member_id", m.MemberID), 404, "organization_not_found"},
	} {
		h.wantMemberError(http.MethodGet, tc.path, nil, tc.status, tc.errType)
	}
}

// ---------------------------------------------------------------------------
// Update.

func TestMemberUpdateSemantics(t *testing.T) {
	h := newHarness(t)
	h.create(base(nil))
	m := h.createMember("acme", map[string]any{
		"email_address": "u@example.com", "name": "U", "is_breakglass": true, "mfa_enrolled": true,
		"roles": []string{"stytch_admin"}, "external_id": "u-1",
		"trusted_metadata": map[string]any{"a": 1, "b": 2}, "untrusted_metadata": map[string]any{"x": "y"},
	})
	h.clock.Advance(time.Hour)

	// An empty body changes nothing but updated_at.
	got := h.updateMember("acme", m.MemberID, map[string]any{})
	if got.UpdatedAt != "2026-01-02T03:04:05Z" || got.CreatedAt != m.CreatedAt || got.Name != "U" || !got.IsBreakglass || !got.IsAdmin {
		t.Fatalf("empty update: %+v", got)
	}
	// Nulls are not sent; false, "" and [] are.
	got = h.updateMember("acme", "u-1", map[string]any{
		"name": nil, "is_breakglass": false, "mfa_enrolled": false, "roles": []string{},
		"trusted_metadata":   map[string]any{"a": nil, "c": map[string]any{"d": true}},
		"untrusted_metadata": map[string]any{}, "member_id": "ignored", "preserve_existing_sessions": true,
	})
	if got.Name != "U" || got.IsBreakglass || got.MFAEnrolled || len(got.Roles) != 0 || got.IsAdmin {
		t.Fatalf("update: %+v", got)
	}
	if string(must(json.Marshal(got.TrustedMetadata))) != `{"b":2,"c":{"d":true}}` || string(must(json.Marshal(got.UntrustedMetadata))) != `{"x":"y"}` {
		t.Fatalf("metadata merge: %s %s", must(json.Marshal(got.TrustedMetadata)), must(json.Marshal(got.UntrustedMetadata)))
	}
	got = h.updateMember("acme", m.MemberID, map[string]any{"name": "", "roles": nil, "external_id": "u-2"})
	if got.Name != "" || got.ExternalID != "u-2" {
		t.Fatalf("update: %+v", got)
	}
	h.wantMemberError(http.MethodGet, memberGetPath("acme", "member_id", "u-1"), nil, 404, "member_not_found")
	if h.getMember("acme", "member_id", "u-2").MemberID != m.MemberID {
		t.Fatal("new external id does not address the member")
	}
	// "" removes the external id.
	if got = h.updateMember("acme", "u-2", map[string]any{"external_id": ""}); got.ExternalID != "" {
		t.Fatalf("external_id %q", got.ExternalID)
	}

	// Errors, and a failed update changes nothing.
	h.createMember("acme", map[string]any{"email_address": "v@example.com", "external_id": "v-1"})
	before := h.getMember("acme", "member_id", m.MemberID)
	for _, tc := range []struct {
		body    map[string]any
		errType string
	}{
		{map[string]any{"name": "changed", "external_id": "v-1"}, "duplicate_member_external_id"},
		{map[string]any{"name": "changed", "email_address": "V@example.com"}, "duplicate_member_email"},
		{map[string]any{"name": "changed", "roles": []string{"nope"}}, "invalid_rbac_role_id"},
		{map[string]any{"name": "changed", "roles": []string{"stytch_member"}}, "cannot_assign_default_rbac_role_id"},
		{map[string]any{"name": "changed", "email_address": "not an email"}, "invalid_email"},
		{map[string]any{"name": "changed", "email_address": ""}, "invalid_email"},
		{map[string]any{"name": "changed", "trusted_metadata": "x"}, "metadata_invalid_format"},
		{map[string]any{"name": "changed", "default_mfa_method": "email"}, "invalid_mfa_default_method"},
		{map[string]any{"name": "changed", "default_mfa_method": "sms_otp"}, "default_mfa_member_missing_factor"},
		{map[string]any{"name": "changed", "default_mfa_method": "totp"}, "default_mfa_member_missing_factor"},
		{map[string]any{"name": "changed", "unlink_email": "yes"}, "bad_request"},
		{map[string]any{"name": "changed", "mfa_phone_number": "+1"}, "invalid_phone_number"},
	} {
		h.wantMemberError(http.MethodPut, membersPath("acme", m.MemberID), tc.body, 400, tc.errType)
	}
	if after := h.getMember("acme", "member_id", m.MemberID); string(must(json.Marshal(after))) != string(must(json.Marshal(before))) {
		t.Fatalf("failed updates changed the member:\n%+v\n%+v", before, after)
	}
	h.wantMemberError(http.MethodPut, membersPath("acme", "member-test-missing"), map[string]any{}, 404, "member_not_found")
	h.wantMemberError(http.MethodPut, membersPath("nope", m.MemberID), map[string]any{}, 404, "organization_not_found")
}

func TestMemberMFAPhoneNumber(t *testing.T) {
	h := newHarness(t)
	h.create(base(nil))
	m := h.createMember("acme", map[string]any{"email_address": "p@example.com"})
	// "" is not sent.
	if got := h.updateMember("acme", m.MemberID, map[string]any{"mfa_phone_number": ""}); got.MFAPhoneNumber != "" {
		t.Fatalf("phone %q", got.MFAPhoneNumber)
	}
	// Phone and default method in one request.
	got := h.updateMember("acme", m.MemberID, map[string]any{"mfa_phone_number": "+447700900123", "default_mfa_method": "sms_otp"})
	if got.MFAPhoneNumber != "+447700900123" || got.DefaultMFAMethod != "sms_otp" || got.MFAPhoneNumberVerified {
		t.Fatalf("phone: %+v", got)
	}
	// Set once: even the same number again is refused.
	for _, phone := range []string{"+447700900124", "+447700900123"} {
		h.wantMemberError(http.MethodPut, membersPath("acme", m.MemberID), map[string]any{"mfa_phone_number": phone}, 400, "duplicate_member_phone_number_for_member")
	}
	// Another member cannot take it.
	o := h.createMember("acme", map[string]any{"email_address": "q@example.com"})
	h.wantMemberError(http.MethodPut, membersPath("acme", o.MemberID), map[string]any{"mfa_phone_number": "+447700900123"}, 400, "duplicate_member_phone_number")

	// Delete it (note the segment order), then set another.
	path := basePath + "/acme/members/mfa_phone_numbers/" + m.MemberID
	env := h.memberOK(http.MethodDelete, path, nil)
	if env.Member.MFAPhoneNumber != "" || env.Member.DefaultMFAMethod != "" {
		t.Fatalf("after delete: %+v", env.Member)
	}
	h.wantMemberError(http.MethodDelete, path, nil, 404, "member_phone_number_not_found")
	if got := h.updateMember("acme", m.MemberID, map[string]any{"mfa_phone_number": "+447700900124"}); got.MFAPhoneNumber != "+447700900124" {
		t.Fatalf("phone after delete: %q", got.MFAPhoneNumber)
	}
	// The number deleted is free for another member.
	if got := h.updateMember("acme", o.MemberID, map[string]any{"mfa_phone_number": "+447700900123"}); got.MFAPhoneNumber != "+447700900123" {
		t.Fatal("freed number refused")
	}
	// Not on a pending member.
	p := h.createMember("acme", map[string]any{"email_address": "pending@example.com", "create_member_as_pending": true})
	h.wantMemberError(http.MethodPut, membersPath("acme", p.MemberID), map[string]any{"mfa_phone_number": "+447700900125"}, 400, "action_available_only_for_active_members")
	h.wantMemberError(http.MethodDelete, basePath+"/acme/members/mfa_phone_numbers/missing", nil, 404, "member_not_found")
	// By external id too.
	h.updateMember("acme", o.MemberID, map[string]any{"external_id": "o-ext"})
	h.memberOK(http.MethodDelete, basePath+"/acme/members/mfa_phone_numbers/o-ext", map[string]any{})
}

func TestMemberEmailChange(t *testing.T) {
	h := newHarness(t)
	h.create(base(nil))
	m := h.createMember("acme", map[string]any{"email_address": "first@example.com"})
	other := h.createMember("acme", map[string]any{"email_address": "other@example.com"})

	got := h.updateMember("acme", m.MemberID, map[string]any{"email_address": "second@example.com"})
	if got.EmailAddress != "second@example.com" || got.EmailAddressVerified || len(got.RetiredEmailAddresses) != 1 ||
		got.RetiredEmailAddresses[0].EmailAddress != "first@example.com" || !emailIDPattern.MatchString(got.RetiredEmailAddresses[0].EmailID) {
		t.Fatalf("email change: %+v", got)
	}
	firstID := got.RetiredEmailAddresses[0].EmailID
	// A retired address is taken for other members, in any case.
	for _, e := range []string{"first@example.com", "FIRST@example.com"} {
		h.wantMemberError(http.MethodPut, membersPath("acme", other.MemberID), map[string]any{"email_address": e}, 400, "retired_member_email")
		h.wantMemberError(http.MethodPost, membersPath("acme"), map[string]any{"email_address": e}, 400, "retired_member_email")
	}
	h.wantMemberError(http.MethodGet, memberGetPath("acme", "email_address", "first@example.com"), nil, 404, "member_not_found")
	// A change of case only is not a change of address.
	got = h.updateMember("acme", m.MemberID, map[string]any{"email_address": "Second@Example.com"})
	if got.EmailAddress != "Second@Example.com" || len(got.RetiredEmailAddresses) != 1 {
		t.Fatalf("case change: %+v", got)
	}
	// unlink_email deletes the previous address instead of retiring it.
	got = h.updateMember("acme", m.MemberID, map[string]any{"email_address": "third@example.com", "unlink_email": true})
	if len(got.RetiredEmailAddresses) != 1 || got.RetiredEmailAddresses[0].EmailAddress != "first@example.com" {
		t.Fatalf("unlink: %+v", got.RetiredEmailAddresses)
	}
	if o := h.updateMember("acme", other.MemberID, map[string]any{"email_address": "second@example.com"}); o.EmailAddress != "second@example.com" {
		t.Fatal("unlinked address refused")
	}
	// The member may go back to its own retired address, which leaves the list
	// with its id.
	got = h.updateMember("acme", m.MemberID, map[string]any{"email_address": "first@example.com"})
	if got.EmailAddress != "first@example.com" || len(got.RetiredEmailAddresses) != 1 || got.RetiredEmailAddresses[0].EmailAddress != "third@example.com" {
		t.Fatalf("back to retired: %+v", got.RetiredEmailAddresses)
	}
	got = h.updateMember("acme", m.MemberID, map[string]any{"email_address": "fourth@example.com"})
	if i := slices.IndexFunc(got.RetiredEmailAddresses, func(r retiredEmail) bool { return r.EmailAddress == "first@example.com" }); i < 0 || got.RetiredEmailAddresses[i].EmailID != firstID {
		t.Fatalf("email id not kept: %+v (first was %s)", got.RetiredEmailAddresses, firstID)
	}
	// Only active members.
	p := h.createMember("acme", map[string]any{"email_address": "pending@example.com", "create_member_as_pending": true})
	h.wantMemberError(http.MethodPut, membersPath("acme", p.MemberID), map[string]any{"email_address": "new@example.com"}, 400, "email_updates_available_only_for_active_members")
	if got := h.updateMember("acme", p.MemberID, map[string]any{"email_address": "pending@example.com", "name": "P"}); got.Name != "P" {
		t.Fatal("sending the current address of a pending member was refused")
	}
}

// ---------------------------------------------------------------------------
// Status lifecycle.

func TestMemberDeleteAndReactivate(t *testing.T) {
	h := newHarness(t)
	org := h.create(base(nil))
	m := h.createMember("acme", map[string]any{
		"email_address": "del@example.com", "name": "Del", "external_id": "del", "roles": []string{"stytch_admin"},
		"mfa_phone_number": "+14155550111", "trusted_metadata": map[string]any{"k": "v"},
	})
	m = h.updateMember("acme", m.MemberID, map[string]any{"email_address": "del2@example.com", "default_mfa_method": "sms_otp"})
	m = h.updateMember("acme", m.MemberID, map[string]any{"email_address": "del@example.com"})

	// Delete by external id; the answer names the member id only.
	raw := h.ok(http.MethodDelete, membersPath("acme", "del"), rawBody(`{}`))
	wantKeys(t, "delete", raw, []string{"request_id", "member_id", "status_code"})
	var del memberDeleteResponse
	decodeInto(t, raw, &del)
	if del.MemberID != m.MemberID {
		t.Fatalf("delete answered %s", raw)
	}
	for _, path := range []string{memberGetPath("acme", "member_id", m.MemberID), memberGetPath("acme", "member_id", "del"), memberGetPath("acme", "email_address", "del@example.com")} {
		h.wantMemberError(http.MethodGet, path, nil, 404, "member_not_found")
	}
	for _, tc := range []struct{ method, path string }{
		{http.MethodDelete, membersPath("acme", m.MemberID)},
		{http.MethodPut, membersPath("acme", m.MemberID)},
		{http.MethodDelete, membersPath("acme", m.MemberID, "external_id")},
		{http.MethodDelete, basePath + "/acme/members/mfa_phone_numbers/" + m.MemberID},
	} {
		h.wantMemberError(tc.method, tc.path, nil, 404, "member_not_found")
	}
	// The deleted member shows in search only when asked for.
	deleted := h.memberSearch(map[string]any{"organization_ids": []string{org.OrganizationID}, "query": query("AND", operand("statuses", []string{"deleted"}))["query"]})
	if len(deleted.Members) != 1 || deleted.Members[0].Status != "deleted" || len(deleted.Members[0].RetiredEmailAddresses) != 0 || deleted.Members[0].MFAPhoneNumber != "" || deleted.Members[0].DefaultMFAMethod != "" {
		t.Fatalf("deleted member: %+v", deleted.Members)
	}
	if all := h.memberSearch(map[string]any{"organization_ids": []string{org.OrganizationID}}); len(all.Members) != 0 {
		t.Fatalf("search without statuses returned %d members", len(all.Members))
	}

	// Its address, retired address, external id and phone number are free.
	n := h.createMember("acme", map[string]any{"email_address": "DEL@example.com", "external_id": "del", "mfa_phone_number": "+14155550111"})
	h.createMember("acme", map[string]any{"email_address": "del2@example.com"})
	if n.MemberID == m.MemberID {
		t.Fatal("a new member got the deleted member's id")
	}
	// Reactivate: the address now belongs to another member.
	h.wantMemberError(http.MethodPut, membersPath("acme", m.MemberID, "reactivate"), nil, 400, "reactivation_email_belongs_to_another_member")
	h.ok(http.MethodDelete, membersPath("acme", n.MemberID), nil)
	// The external id of a new member blocks it too.
	x := h.createMember("acme", map[string]any{"email_address": "x@example.com", "external_id": "del"})
	h.wantMemberError(http.MethodPut, membersPath("acme", m.MemberID, "reactivate"), nil, 400, "duplicate_member_external_id")
	h.updateMember("acme", x.MemberID, map[string]any{"external_id": ""})
	// The external id does not address a deleted member for Reactivate.
	h.wantMemberError(http.MethodPut, membersPath("acme", "del", "reactivate"), nil, 404, "member_not_found")

	h.clock.Advance(time.Minute)
	env := h.memberOK(http.MethodPut, membersPath("acme", m.MemberID, "reactivate"), map[string]any{"organization_id": org.OrganizationID, "member_id": m.MemberID})
	got := env.Member
	if got.Status != "active" || got.Name != "Del" || got.ExternalID != "del" || !got.IsAdmin || string(got.TrustedMetadata["k"]) != `"v"` ||
		got.EmailAddressVerified || got.MFAPhoneNumber != "" || got.UpdatedAt != "2026-01-02T02:05:05Z" {
		t.Fatalf("reactivated: %+v", got)
	}
	if h.getMember("acme", "email_address", "del@example.com").MemberID != m.MemberID {
		t.Fatal("reactivated member not found by email")
	}
	h.wantMemberError(http.MethodPut, membersPath("acme", m.MemberID, "reactivate"), nil, 400, "no_deleted_member_found_for_reactivation")
	h.wantMemberError(http.MethodPut, membersPath("acme", "member-test-missing", "reactivate"), nil, 404, "member_not_found")

	// Pending members are deleted and come back active.
	p := h.createMember("acme", map[string]any{"email_address": "p@example.com", "create_member_as_pending": true})
	h.ok(http.MethodDelete, membersPath("acme", p.MemberID), nil)
	if got := h.memberOK(http.MethodPut, membersPath("acme", p.MemberID, "reactivate"), nil).Member; got.Status != "active" {
		t.Fatalf("reactivated pending member: %s", got.Status)
	}
	h.wantMemberError(http.MethodDelete, membersPath("acme", "x"), rawBody(`[1]`), 400, "bad_request")
}

func TestMemberDeleteExternalID(t *testing.T) {
	h := newHarness(t)
	h.create(base(nil))
	m := h.createMember("acme", map[string]any{"email_address": "e@example.com", "external_id": "ext-1"})
	h.clock.Advance(time.Minute)
	got := h.memberOK(http.MethodDelete, membersPath("acme", "ext-1", "external_id"), nil).Member
	if got.ExternalID != "" || got.UpdatedAt == m.UpdatedAt {
		t.Fatalf("after delete external id: %+v", got)
	}
	h.clock.Advance(time.Minute)
	again := h.memberOK(http.MethodDelete, membersPath("acme", m.MemberID, "external_id"), map[string]any{}).Member
	if again.UpdatedAt != got.UpdatedAt {
		t.Fatal("deleting a missing external id changed updated_at")
	}
	h.wantMemberError(http.MethodDelete, membersPath("acme", "ext-1", "external_id"), nil, 404, "member_not_found")
	if n := h.createMember("acme", map[string]any{"email_address": "f@example.com", "external_id": "ext-1"}); n.ExternalID != "ext-1" {
		t.Fatal("freed external id refused")
	}
}

// ---------------------------------------------------------------------------
// Roles.

func TestMemberRoles(t *testing.T) {
	h := newHarnessWith(t, Options{ProjectRoles: []string{"editor", "", "viewer"}})
	org := h.create(base(map[string]any{
		"rbac_email_implicit_role_assignments": []map[string]string{
			{"domain": "acme.io", "role_id": "viewer"},
			{"domain": "ACME.io", "role_id": "stytch_admin"},
			{"domain": "other.io", "role_id": "editor"},
		},
	}))
	// Direct and email roles, merged per role, in order.
	m := h.createMember("acme", map[string]any{"email_address": "a@Acme.IO", "roles": []string{"editor", "stytch_admin"}})
	want := []string{
		"editor:direct_assignment",
		"stytch_admin:direct_assignment,email_assignment email_domain=ACME.io",
		"viewer:email_assignment email_domain=acme.io",
	}
	if got := roleView(m); !slices.Equal(got, want) || !m.IsAdmin {
		t.Fatalf("roles %v, want %v (is_admin %t)", got, want, m.IsAdmin)
	}
	var raw struct {
		Member struct {
			Roles []map[string]json.RawMessage `json:"roles"`
		} `json:"member"`
	}
	decodeInto(t, h.ok(http.MethodGet, memberGetPath("acme", "member_id", m.MemberID), nil), &raw)
	if src := string(raw.Member.Roles[0]["sources"]); src != `[{"type":"direct_assignment","details":{}}]` {
		t.Errorf("direct source %s", src)
	}
	// The email assignment alone makes an admin; no role at all for a
	// member of another domain (stytch_member is not listed).
	e := h.createMember("acme", map[string]any{"email_address": "b@acme.io"})
	if !e.IsAdmin || !slices.Equal(roleView(e), []string{"viewer:email_assignment email_domain=acme.io", "stytch_admin:email_assignment email_domain=ACME.io"}) {
		t.Errorf("email-only roles %v", roleView(e))
	}
	plain := h.createMember("acme", map[string]any{"email_address": "c@elsewhere.io"})
	if plain.IsAdmin || len(plain.Roles) != 0 {
		t.Errorf("plain member roles %v", roleView(plain))
	}
	// Organization changes show in the roles at once.
	h.update("acme", map[string]any{"rbac_email_implicit_role_assignments": []map[string]string{{"domain": "elsewhere.io", "role_id": "stytch_member"}}})
	if got := roleView(h.getMember("acme", "member_id", plain.MemberID)); !slices.Equal(got, []string{"stytch_member:email_assignment email_domain=elsewhere.io"}) {
		t.Errorf("after organization update: %v", got)
	}
	if got := h.getMember("acme", "member_id", m.MemberID); !slices.Equal(roleView(got), []string{"editor:direct_assignment", "stytch_admin:direct_assignment"}) {
		t.Errorf("after organization update: %v", roleView(got))
	}
	// Update replaces the explicit roles only.
	got := h.updateMember("acme", m.MemberID, map[string]any{"roles": []string{"viewer"}})
	if !slices.Equal(roleView(got), []string{"viewer:direct_assignment"}) || got.IsAdmin {
		t.Errorf("after roles update: %v", roleView(got))
	}
	// Without the option, the project has only Stytch's default roles.
	h2 := newHarness(t)
	h2.create(base(nil))
	code, body := h2.do(http.MethodPost, membersPath("acme"), map[string]any{"email_address": "a@acme.io", "roles": []string{"editor"}})
	wantError(t, code, body, 400, "invalid_rbac_role_id")

	// The organization's custom roles count (no endpoint sets them yet).
	h.srv.store.mu.Lock()
	rec := h.srv.store.recordLocked(org.OrganizationID)
	rec.org.CustomRoles = []stytch.CustomRole{{RoleID: "billing", Description: "Billing"}}
	h.srv.store.mu.Unlock()
	if got := h.updateMember("acme", m.MemberID, map[string]any{"roles": []string{"billing"}}); !slices.Equal(roleView(got), []string{"billing:direct_assignment"}) {
		t.Errorf("custom role: %v", roleView(got))
	}
}

// Roles from SAML connections appear when the member has an SSO registration
// with the connection; no route makes one, so the test adds it to the store.
func TestMemberSSORoles(t *testing.T) {
	h := newHarness(t)
	h.create(base(nil))
	c := h.activeSAML("acme", "IdP")
	h.updateSAML("acme", c.ConnectionID, map[string]any{
		"attribute_mapping":                         map[string]string{"email": "email", "full_name": "name", "groups": "groups"},
		"saml_connection_implicit_role_assignments": []map[string]string{{"role_id": "stytch_admin"}},
		"saml_group_implicit_role_assignments":      []map[string]string{{"role_id": "stytch_member", "group": "staff"}, {"role_id": "stytch_admin", "group": "admins"}},
	})
	m := h.createMember("acme", map[string]any{"email_address": "s@example.com", "roles": []string{"stytch_admin"}})
	if !slices.Equal(roleView(m), []string{"stytch_admin:direct_assignment"}) {
		t.Fatalf("without registration: %v", roleView(m))
	}
	h.srv.store.mu.Lock()
	r := h.srv.store.recordLocked(m.OrganizationID).members.byID[m.MemberID]
	r.m.SSORegistrations = []ssoRegistration{{ConnectionID: c.ConnectionID, ExternalID: "s", RegistrationID: "saml-member-registration-test-1",
		SSOAttributes: map[string]json.RawMessage{"groups": json.RawMessage(`["staff","other"]`)}}}
	h.srv.store.mu.Unlock()
	got := h.getMember("acme", "member_id", m.MemberID)
	want := []string{
		"stytch_admin:direct_assignment,sso_connection connection_id=" + c.ConnectionID,
		"stytch_member:sso_connection_group connection_id=" + c.ConnectionID + " group=staff",
	}
	if !slices.Equal(roleView(got), want) || len(got.SSORegistrations) != 1 || string(got.SSORegistrations[0].SSOAttributes["groups"]) != `["staff","other"]` {
		t.Fatalf("with registration: %v %+v", roleView(got), got.SSORegistrations)
	}
	// A filter on roles sees the implicit ones.
	res := h.memberSearch(map[string]any{"organization_ids": []string{m.OrganizationID}, "query": query("AND", operand("member_roles", []string{"stytch_member"}))["query"]})
	if len(res.Members) != 1 {
		t.Fatalf("member_roles found %d", len(res.Members))
	}
}

// ---------------------------------------------------------------------------
// Organizations and members.

func TestOrganizationDeleteDeletesMembers(t *testing.T) {
	h := newHarness(t)
	org := h.create(base(nil))
	m := h.createMember("acme", map[string]any{"email_address": "a@example.com"})
	h.ok(http.MethodDelete, basePath+"/acme", nil)
	h.wantMemberError(http.MethodGet, memberGetPath(org.OrganizationID, "member_id", m.MemberID), nil, 404, "organization_not_found")
	h.wantMemberError(http.MethodPost, memberSearchPath, map[string]any{"organization_ids": []string{org.OrganizationID}}, 404, "organization_not_found")
	again := h.create(base(nil))
	h.wantMemberError(http.MethodGet, memberGetPath("acme", "member_id", m.MemberID), nil, 404, "member_not_found")
	if n := h.createMember("acme", map[string]any{"email_address": "a@example.com"}); n.OrganizationID != again.OrganizationID {
		t.Fatal("member of the new organization")
	}
	res := h.memberSearch(map[string]any{"organization_ids": []string{again.OrganizationID}, "query": query("AND", operand("statuses", []string{"active", "deleted"}))["query"]})
	if len(res.Members) != 1 {
		t.Fatalf("%d members after recreating the organization", len(res.Members))
	}
}

func TestOrganizationSearchMemberFilters(t *testing.T) {
	h := newHarness(t)
	h.create(base(nil))
	h.create(base(map[string]any{"organization_slug": "beta"}))
	h.create(base(map[string]any{"organization_slug": "gamma"}))
	h.createMember("acme", map[string]any{"email_address": "Alice@Wonder.land"})
	b := h.createMember("beta", map[string]any{"email_address": "bob@builder.io"})
	h.updateMember("beta", b.MemberID, map[string]any{"email_address": "robert@builder.io"})
	g := h.createMember("gamma", map[string]any{"email_address": "carol@wonder.land"})
	h.ok(http.MethodDelete, membersPath("gamma", g.MemberID), nil)
	for _, tc := range []struct {
		name string
		q    map[string]any
		want []string
	}{
		{"emails any case", query("AND", operand("member_emails", []string{"alice@wonder.land"})), []string{"acme"}},
		{"emails several", query("AND", operand("member_emails", []string{"alice@wonder.land", "robert@builder.io"})), []string{"acme", "beta"}},
		{"retired address", query("AND", operand("member_emails", []string{"bob@builder.io"})), []string{}},
		{"deleted member", query("AND", operand("member_emails", []string{"carol@wonder.land"})), []string{}},
		{"fuzzy", query("AND", operand("member_email_fuzzy", "WONDER")), []string{"acme"}},
		{"fuzzy local part", query("AND", operand("member_email_fuzzy", "rob")), []string{"beta"}},
		{"and slug", query("AND", operand("member_email_fuzzy", ".io"), operand("organization_slugs", []string{"acme"})), []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, _ := h.search(tc.q)
			if got := slugs(resp.Organizations); !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// ---------------------------------------------------------------------------
// Routing.

func TestMemberRouting(t *testing.T) {
	h := newHarness(t)
	// Organizations whose slugs are the routes' literal segments.
	for _, slug := range []string{"members", "member", "search", "mfa_phone_numbers"} {
		h.create(base(map[string]any{"organization_slug": slug}))
	}
	h.create(base(nil))
	inMembers := h.createMember("members", map[string]any{"email_address": "m@example.com", "external_id": "reactivate"})
	if got := h.getMember("members", "member_id", inMembers.MemberID); got.MemberID != inMembers.MemberID {
		t.Fatal("GET /members/member")
	}
	for _, slug := range []string{"member", "search", "mfa_phone_numbers"} {
		m := h.createMember(slug, map[string]any{"email_address": "m@example.com"})
		h.updateMember(slug, m.MemberID, map[string]any{"name": slug})
	}
	// POST /members/search is the member search, not the organization "members".
	res := h.memberSearch(map[string]any{"organization_ids": []string{h.get("members").OrganizationID}})
	if len(res.Members) != 1 || res.Members[0].MemberID != inMembers.MemberID {
		t.Fatalf("member search: %+v", res)
	}
	// A member whose external id is "external_id": DELETE …/members/mfa_phone_numbers/{member_id}
	// wins over DELETE …/members/{member_id}/external_id.
	ph := h.createMember("acme", map[string]any{"email_address": "p@example.com", "external_id": "external_id", "mfa_phone_number": "+14155550100"})
	if got := h.memberOK(http.MethodDelete, basePath+"/acme/members/mfa_phone_numbers/external_id", nil).Member; got.MemberID != ph.MemberID || got.MFAPhoneNumber != "" || got.ExternalID != "external_id" {
		t.Fatalf("mfa_phone_numbers/external_id: %+v", got)
	}
	// A member whose external id is "mfa_phone_numbers" is still updated,
	// deleted and reactivated.
	mp := h.createMember("acme", map[string]any{"email_address": "q@example.com", "external_id": "mfa_phone_numbers"})
	h.updateMember("acme", "mfa_phone_numbers", map[string]any{"name": "Q"})
	h.ok(http.MethodDelete, membersPath("acme", "mfa_phone_numbers"), nil)
	h.memberOK(http.MethodPut, membersPath("acme", mp.MemberID, "reactivate"), nil)

	cases := []struct {
		method, path string
		status       int
		errType      string
		allow        string
	}{
		{http.MethodGet, membersPath("acme"), 405, "method_not_allowed", "POST"},
		{http.MethodPost, basePath + "/acme/member", 405, "method_not_allowed", "GET"},
		{http.MethodGet, membersPath("acme", "x"), 405, "method_not_allowed", "PUT, DELETE"},
		{http.MethodPost, membersPath("acme", "x", "reactivate"), 405, "method_not_allowed", "PUT"},
		{http.MethodGet, membersPath("acme", "mfa_phone_numbers", "reactivate"), 405, "method_not_allowed", "PUT, DELETE"},
		{http.MethodPut, membersPath("acme", "x", "external_id"), 405, "method_not_allowed", "DELETE"},
		{http.MethodPut, membersPath("acme", "mfa_phone_numbers", "x"), 405, "method_not_allowed", "DELETE"},
		{http.MethodGet, memberSearchPath, 405, "method_not_allowed", "POST"},
		{http.MethodPut, memberSearchPath, 405, "method_not_allowed", "POST"},
		{http.MethodGet, membersPath("acme", "x", "totp"), 404, "route_not_found", ""},
		{http.MethodGet, membersPath("acme", "x", "reactivate", "y"), 404, "route_not_found", ""},
		{http.MethodGet, basePath + "/members/dangerously_get/x", 404, "route_not_found", ""},
		{http.MethodGet, basePath + "/acme/member/x", 404, "route_not_found", ""},
		{http.MethodGet, basePath + "/acme/members//reactivate", 404, "route_not_found", ""},
	}
	for _, tc := range cases {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			code, raw := h.do(tc.method, tc.path, nil, noAuth{})
			wantError(t, code, raw, tc.status, tc.errType)
			code, raw = h.do(tc.method, tc.path, nil)
			wantError(t, code, raw, tc.status, tc.errType)
		})
	}
	t.Run("Allow header", func(t *testing.T) {
		for _, tc := range cases {
			if tc.allow == "" {
				continue
			}
			req := httptest.NewRequestWithContext(context.Background(), tc.method, tc.path, nil)
			rec := httptest.NewRecorder()
			h.srv.ServeHTTP(rec, req)
			if got := rec.Header().Get("Allow"); got != tc.allow {
				t.Errorf("%s %s: Allow = %q, want %q", tc.method, tc.path, got, tc.allow)
			}
		}
	})
	// Path parameters are unescaped per segment.
	esc := h.createMember("acme", map[string]any{"email_address": "esc@example.com", "external_id": "a|b"})
	if got := h.updateMember("acme", "a%7Cb", map[string]any{"name": "E"}); got.MemberID != esc.MemberID {
		t.Fatal("escaped external id")
	}
}

func TestMemberRoutesNeedCredentials(t *testing.T) {
	h := newHarness(t)
	h.create(base(nil))
	m := h.createMember("acme", map[string]any{"email_address": "a@example.com"})
	for _, rt := range []struct{ method, path string }{
		{http.MethodPost, membersPath("acme")},
		{http.MethodGet, memberGetPath("acme", "member_id", m.MemberID)},
		{http.MethodPut, membersPath("acme", m.MemberID)},
		{http.MethodDelete, membersPath("acme", m.MemberID)},
		{http.MethodPut, membersPath("acme", m.MemberID, "reactivate")},
		{http.MethodDelete, membersPath("acme", m.MemberID, "external_id")},
		{http.MethodDelete, basePath + "/acme/members/mfa_phone_numbers/" + m.MemberID},
		{http.MethodPost, memberSearchPath},
	} {
		code, raw := h.do(rt.method, rt.path, map[string]any{"email_address": "b@example.com"}, noAuth{})
		wantError(t, code, raw, 401, "unauthorized_credentials")
	}
	if got := h.getMember("acme", "member_id", m.MemberID); got.Status != "active" {
		t.Fatal("unauthenticated requests changed the member")
	}
}

func TestMemberStatsAndFaults(t *testing.T) {
	h := newHarness(t)
	h.create(base(nil))
	m := h.createMember("acme", map[string]any{"email_address": "a@example.com", "mfa_phone_number": "+14155550100"})
	h.getMember("acme", "member_id", m.MemberID)
	h.updateMember("acme", m.MemberID, map[string]any{"name": "A"})
	h.ok(http.MethodDelete, membersPath("acme", m.MemberID, "external_id"), nil)
	h.ok(http.MethodDelete, basePath+"/acme/members/mfa_phone_numbers/"+m.MemberID, nil)
	h.ok(http.MethodDelete, membersPath("acme", m.MemberID), nil)
	h.ok(http.MethodPut, membersPath("acme", m.MemberID, "reactivate"), nil)
	h.ok(http.MethodPost, memberSearchPath, map[string]any{"organization_ids": []string{m.OrganizationID}})
	st := h.srv.Stats()
	for key, n := range map[string]int{
		"POST " + routeMembers:            1,
		"GET " + routeMemberGet:           1,
		"PUT " + routeMember:              1,
		"DELETE " + routeMember:           1,
		"DELETE " + routeMemberExternalID: 1,
		"DELETE " + routeMemberMFAPhone:   1,
		"PUT " + routeMemberReactivate:    1,
		"POST " + routeMemberSearch:       1,
	} {
		if st.Requests[key] != n {
			t.Errorf("Stats.Requests[%q] = %d, want %d (%v)", key, st.Requests[key], n, st.Requests)
		}
	}
	if routeMemberMFAPhone != "/v1/b2b/organizations/{organization_id}/members/mfa_phone_numbers/{member_id}" || routeMemberSearch != "/v1/b2b/organizations/members/search" {
		t.Errorf("templates %s %s", routeMemberMFAPhone, routeMemberSearch)
	}

	// An injected failure does nothing; a dropped request does everything.
	h.srv.SetFaults(Faults{FailRate: 1})
	code, _ := h.do(http.MethodPost, membersPath("acme"), map[string]any{"email_address": "failed@example.com"})
	if code != 500 && code != 503 {
		t.Fatalf("fail: %d", code)
	}
	h.srv.SetFaults(Faults{})
	h.wantMemberError(http.MethodGet, memberGetPath("acme", "email_address", "failed@example.com"), nil, 404, "member_not_found")
	if got := h.srv.Stats().Faults[FaultFailed]; got != 1 {
		t.Errorf("faults %d", got)
	}
}

// The provider's tests create 1,000 members in one organization: Create and
// Get do not slow down with the number of members.
func TestManyMembers(t *testing.T) {
	h := newHarness(t)
	h.create(base(nil))
	const n = 1000
	ids := make([]string, n)
	start := time.Now()
	for i := range n {
		ids[i] = h.createMember("acme", map[string]any{"email_address": "m" + itoa(i) + "@example.com", "external_id": "e" + itoa(i)}).MemberID
	}
	for i := range n {
		if got := h.getMember("acme", "email_address", "M"+itoa(i)+"@example.com"); got.MemberID != ids[i] {
			t.Fatalf("member %d", i)
		}
	}
	if el := time.Since(start); el > 30*time.Second {
		t.Errorf("%d creates and gets took %s", n, el)
	}
	res := h.memberSearch(map[string]any{"organization_ids": []string{h.get("acme").OrganizationID}, "limit": 1000})
	if len(res.Members) != n || res.ResultsMetadata.Total != n || res.ResultsMetadata.NextCursor != nil {
		t.Fatalf("search: %d members, total %d", len(res.Members), res.ResultsMetadata.Total)
	}
}
