package emulator

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/platformkit/terraform-provider-stytch/internal/testfixtures"
)

// wantFixture fails the test when got differs from the fixture under mode.
func wantFixture(t *testing.T, file string, got []byte, mode testfixtures.Mode, ignore ...string) {
	t.Helper()
	diffs, err := testfixtures.Diff(testfixtures.Load(t, file), got, mode, ignore...)
	if err != nil {
		t.Fatal(err)
	}
	if len(diffs) > 0 {
		t.Errorf("the emulator's answer differs from %s:\n%s\nanswer: %s", file, strings.Join(diffs, "\n"), got)
	}
}

// The emulator's bodies have the keys of Stytch's documented examples, nested
// keys included, with values of the same JSON kind. The emulator encodes with
// the client's wire types, so this is what catches a JSON tag that both got
// wrong together.
func TestResponsesMatchFixtures(t *testing.T) {
	h := newHarness(t)

	created := h.ok(http.MethodPost, basePath, map[string]any{"organization_name": "Example Org Inc.", "organization_slug": "example-org"})
	wantFixture(t, "organization_create_response.json", created, testfixtures.Shape)

	h.create(map[string]any{
		"organization_name":                       "Example Org Inc",
		"organization_slug":                       "exampleorg",
		"organization_external_id":                "example-org-42",
		"email_allowed_domains":                   []string{"example.com"},
		"email_jit_provisioning":                  "RESTRICTED",
		"trusted_metadata":                        map[string]any{"billing_plan": "enterprise", "seats": 250},
		"auth_methods":                            "RESTRICTED",
		"allowed_auth_methods":                    []string{"sso", "magic_link"},
		"mfa_methods":                             "RESTRICTED",
		"allowed_mfa_methods":                     []string{"totp"},
		"rbac_email_implicit_role_assignments":    []map[string]string{{"domain": "example.com", "role_id": "stytch_member"}},
		"oauth_tenant_jit_provisioning":           "RESTRICTED",
		"allowed_oauth_tenants":                   map[string][]string{"slack": {"T1234"}, "hubspot": {"Hub2345", "Hub3456"}},
		"claimed_email_domains":                   []string{"example.com"},
		"first_party_connected_apps_allowed_type": "RESTRICTED",
		"allowed_first_party_connected_apps":      []string{"connected-app-test-0d2a4b1e-6f0c-4c5e-9a8e-3b7f1a2c4d5e"},
		"third_party_connected_apps_allowed_type": "NOT_ALLOWED",
	})
	got := h.ok(http.MethodGet, basePath+"/exampleorg", nil)
	wantFixture(t, "organization_get_response.json", got, testfixtures.Shape)

	found := h.ok(http.MethodPost, basePath+"/search", map[string]any{
		"query": map[string]any{"operator": "AND", "operands": []any{operand("organization_slugs", []string{"example-org"})}},
	})
	wantFixture(t, "organization_search_response.json", found, testfixtures.Shape)

	// The captured error body, value for value but for its request id.
	code, raw := h.do(http.MethodPost, basePath, map[string]any{"organization_name": "Again", "organization_slug": "example-org"})
	if code != http.StatusBadRequest {
		t.Fatalf("duplicate slug: HTTP %d %s", code, raw)
	}
	wantFixture(t, "error_response.json", raw, testfixtures.Exact, "request_id")
}

// The member answers have the keys of the member fixtures (testdata/stytch,
// shared with the client), nested keys included. The emulator has no SCIM
// provisioning and no member locks, so it never answers the optional
// scim_registration, lock_created_at and lock_expires_at: they are taken out
// of the Get fixture before comparing. SSO and OAuth registrations, a
// password and a TOTP id come from flows the emulator does not have either,
// so the test puts them in the store to have every nested key answered.
func TestMemberResponsesMatchFixtures(t *testing.T) {
	h := newHarnessWith(t, Options{ProjectRoles: []string{"reader", "contributor"}})
	org := h.create(base(map[string]any{"rbac_email_implicit_role_assignments": []map[string]string{{"domain": "stytch.com", "role_id": "reader"}}}))
	c := h.activeSAML("acme", "IdP")
	h.updateSAML("acme", c.ConnectionID, map[string]any{
		"attribute_mapping":                         map[string]string{"email": "email", "full_name": "name", "groups": "groups"},
		"saml_connection_implicit_role_assignments": []map[string]string{{"role_id": "reader"}},
		"saml_group_implicit_role_assignments":      []map[string]string{{"role_id": "contributor", "group": "engineering"}},
	})
	m := h.createMember("acme", map[string]any{
		"email_address": "old@stytch.com", "name": "Test Member", "is_breakglass": true, "mfa_enrolled": true,
		"mfa_phone_number": "+12025550162", "roles": []string{"stytch_admin", "contributor"}, "external_id": "sandbox-42",
		"trusted_metadata":   map[string]any{"role": "admin", "teams": []string{"tech", "support"}},
		"untrusted_metadata": map[string]any{"job_title": "Business Analyst", "preferred_locales": []string{"en", "es"}},
	})
	h.updateMember("acme", m.MemberID, map[string]any{"email_address": "sandbox@stytch.com", "default_mfa_method": "sms_otp"})
	h.srv.store.mu.Lock()
	r := h.srv.store.recordLocked(org.OrganizationID).members.byID[m.MemberID]
	r.m.SSORegistrations = []ssoRegistration{{ConnectionID: c.ConnectionID, ExternalID: "sandbox@stytch.com", RegistrationID: "saml-member-registration-test-1",
		SSOAttributes: map[string]json.RawMessage{"email": json.RawMessage(`["sandbox@stytch.com"]`), "first_name": json.RawMessage(`["Test"]`), "last_name": json.RawMessage(`["Member"]`)}}}
	r.m.OAuthRegistrations = []oauthRegistration{{ProviderType: "Google", ProviderSubject: "1076915", MemberOAuthRegistrationID: "oauth-user-test-1", ProfilePictureURL: "example.com", Locale: "en"}}
	r.m.MemberPasswordID, r.m.TOTPRegistrationID = "member-password-test-1", "member-totp-test-1"
	h.srv.store.mu.Unlock()

	var fixture map[string]any
	decodeInto(t, testfixtures.Load(t, "member_get_response.json"), &fixture)
	if fm, ok := fixture["member"].(map[string]any); ok {
		for _, k := range []string{"scim_registration", "lock_created_at", "lock_expires_at"} {
			delete(fm, k)
		}
	}
	got := h.ok(http.MethodGet, memberGetPath("acme", "member_id", m.MemberID), nil)
	if diffs, err := testfixtures.Diff(must(json.Marshal(fixture)), got, testfixtures.Shape); err != nil || len(diffs) > 0 {
		t.Errorf("Get differs from member_get_response.json (%v):\n%s\nanswer: %s", err, strings.Join(diffs, "\n"), got)
	}
	// Update, Reactivate, Delete external id and Delete MFA phone number
	// answer the same shape; Create too, but for the registrations.
	wantKeys(t, "update", h.ok(http.MethodPut, membersPath("acme", m.MemberID), map[string]any{}), []string{"request_id", "member_id", "member", "organization", "status_code"})

	// A search page that is not the last, with the organizations map keyed
	// by the fixture's organization id. The fixture's first member has no
	// metadata.
	h.updateMember("acme", m.MemberID, map[string]any{
		"trusted_metadata":   map[string]any{"role": nil, "teams": nil},
		"untrusted_metadata": map[string]any{"job_title": nil, "preferred_locales": nil},
	})
	h.createMember("acme", map[string]any{"email_address": "new.hire@example.com", "create_member_as_pending": true})
	raw := h.ok(http.MethodPost, memberSearchPath, map[string]any{"organization_ids": []string{org.OrganizationID}, "limit": 1})
	var page map[string]any
	decodeInto(t, raw, &page)
	orgs, _ := page["organizations"].(map[string]any)
	if len(orgs) != 1 || orgs[org.OrganizationID] == nil {
		t.Fatalf("organizations %v", orgs)
	}
	page["organizations"] = map[string]any{"organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931": orgs[org.OrganizationID]}
	wantFixture(t, "member_search_response.json", must(json.Marshal(page)), testfixtures.Shape)

	wantFixture(t, "member_delete_response.json", h.ok(http.MethodDelete, membersPath("acme", m.MemberID), nil), testfixtures.Shape)
}
