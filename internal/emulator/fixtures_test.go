package emulator

import (
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
