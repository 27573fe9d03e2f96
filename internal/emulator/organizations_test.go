package emulator

import (
	"encoding/json"
	"net/http"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// allOrgFields are the JSON keys of the Organization object (DESIGN.md, "Organization object").
var allOrgFields = []string{
	"organization_id", "organization_name", "organization_logo_url", "organization_slug",
	"sso_jit_provisioning", "sso_jit_provisioning_allowed_connections", "sso_active_connections",
	"email_allowed_domains", "email_jit_provisioning", "email_invites", "auth_methods",
	"allowed_auth_methods", "mfa_policy", "rbac_email_implicit_role_assignments", "mfa_methods",
	"allowed_mfa_methods", "oauth_tenant_jit_provisioning", "claimed_email_domains",
	"first_party_connected_apps_allowed_type", "allowed_first_party_connected_apps",
	"third_party_connected_apps_allowed_type", "allowed_third_party_connected_apps", "custom_roles",
	"trusted_metadata", "created_at", "updated_at", "organization_external_id",
	"sso_default_connection_id", "scim_active_connection", "allowed_oauth_tenants",
}

var listFields = []string{
	"sso_jit_provisioning_allowed_connections", "sso_active_connections", "email_allowed_domains",
	"allowed_auth_methods", "rbac_email_implicit_role_assignments", "allowed_mfa_methods",
	"claimed_email_domains", "allowed_first_party_connected_apps", "allowed_third_party_connected_apps",
	"custom_roles",
}

// checkRawOrganization checks that every field is present with the right
// JSON shape for an organization with default (empty) optional values.
func checkRawOrganization(t *testing.T, raw json.RawMessage) {
	t.Helper()
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		t.Fatal(err)
	}
	for _, k := range allOrgFields {
		if _, ok := fields[k]; !ok {
			t.Errorf("field %s missing", k)
		}
	}
	for _, k := range listFields {
		if string(fields[k]) != "[]" {
			t.Errorf("%s = %s, want []", k, fields[k])
		}
	}
	for k, want := range map[string]string{
		"trusted_metadata": "{}", "allowed_oauth_tenants": "{}", "sso_default_connection_id": "null",
		"scim_active_connection": "null", "organization_logo_url": `""`, "organization_external_id": `""`,
	} {
		if string(fields[k]) != want {
			t.Errorf("%s = %s, want %s", k, fields[k], want)
		}
	}
}

func TestEveryFieldPresent(t *testing.T) {
	h := newHarness(t)
	raw := h.ok(http.MethodPost, basePath, base(nil))
	var env map[string]json.RawMessage
	if err := json.Unmarshal(raw, &env); err != nil {
		t.Fatal(err)
	}
	if string(env["status_code"]) != "200" || len(env) != 3 {
		t.Fatalf("create envelope %s", raw)
	}
	checkRawOrganization(t, env["organization"])
	for name, do := range map[string]func() []byte{
		"get":    func() []byte { return h.ok(http.MethodGet, basePath+"/acme", nil) },
		"update": func() []byte { return h.ok(http.MethodPut, basePath+"/acme", map[string]any{}) },
		"delete external id": func() []byte {
			return h.ok(http.MethodDelete, basePath+"/acme/external_id", nil)
		},
	} {
		t.Run(name, func(t *testing.T) {
			var env map[string]json.RawMessage
			if err := json.Unmarshal(do(), &env); err != nil {
				t.Fatal(err)
			}
			checkRawOrganization(t, env["organization"])
		})
	}
	t.Run("search", func(t *testing.T) {
		var env struct {
			Organizations []json.RawMessage `json:"organizations"`
		}
		if err := json.Unmarshal(h.ok(http.MethodPost, basePath+"/search", map[string]any{}), &env); err != nil {
			t.Fatal(err)
		}
		checkRawOrganization(t, env.Organizations[0])
	})
	t.Run("update clearing lists", func(t *testing.T) {
		h.update("acme", map[string]any{"email_allowed_domains": []string{"acme.com"}, "claimed_email_domains": []string{"acme.com"}})
		var env map[string]json.RawMessage
		if err := json.Unmarshal(h.ok(http.MethodPut, basePath+"/acme", map[string]any{"email_allowed_domains": []string{}, "claimed_email_domains": []string{}}), &env); err != nil {
			t.Fatal(err)
		}
		checkRawOrganization(t, env["organization"])
	})
}

func TestCreateDefaults(t *testing.T) {
	cases := []struct {
		name         string
		extra        map[string]any
		emailInvites string
	}{
		{"no auth settings", nil, "ALL_ALLOWED"},
		{"only email_allowed_domains", map[string]any{"email_allowed_domains": []string{"acme.com"}}, "ALL_ALLOWED"},
		{"auth setting sent as null", map[string]any{"mfa_policy": nil}, "ALL_ALLOWED"},
		{"logo and metadata", map[string]any{"organization_logo_url": "https://acme.com/l.png", "trusted_metadata": map[string]any{"a": 1}}, "ALL_ALLOWED"},
		{"mfa_policy", map[string]any{"mfa_policy": "REQUIRED_FOR_ALL"}, "NOT_ALLOWED"},
		{"sso_jit_provisioning", map[string]any{"sso_jit_provisioning": "ALL_ALLOWED"}, "NOT_ALLOWED"},
		{"email_jit_provisioning", map[string]any{"email_jit_provisioning": "RESTRICTED", "email_allowed_domains": []string{"acme.com"}}, "NOT_ALLOWED"},
		{"auth_methods", map[string]any{"auth_methods": "ALL_ALLOWED"}, "NOT_ALLOWED"},
		{"allowed_auth_methods", map[string]any{"allowed_auth_methods": []string{"sso"}}, "NOT_ALLOWED"},
		{"mfa_methods", map[string]any{"mfa_methods": "ALL_ALLOWED"}, "NOT_ALLOWED"},
		{"allowed_mfa_methods", map[string]any{"allowed_mfa_methods": []string{"totp"}}, "NOT_ALLOWED"},
		{"oauth_tenant_jit_provisioning", map[string]any{"oauth_tenant_jit_provisioning": "NOT_ALLOWED"}, "NOT_ALLOWED"},
		{"allowed_oauth_tenants", map[string]any{"allowed_oauth_tenants": map[string]any{"slack": []string{"T1"}}}, "NOT_ALLOWED"},
		{"explicit email_invites", map[string]any{"email_invites": "RESTRICTED", "email_allowed_domains": []string{"acme.com"}}, "RESTRICTED"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			org := h.create(base(tc.extra))
			if org.EmailInvites != tc.emailInvites {
				t.Errorf("email_invites = %s, want %s", org.EmailInvites, tc.emailInvites)
			}
			if tc.extra == nil {
				want := stytch.Organization{
					OrganizationID:                       org.OrganizationID,
					OrganizationName:                     "Acme Corp",
					OrganizationSlug:                     "acme",
					TrustedMetadata:                      map[string]json.RawMessage{},
					SSOJITProvisioning:                   "ALL_ALLOWED",
					SSOJITProvisioningAllowedConnections: []string{},
					SSOActiveConnections:                 []stytch.ActiveSSOConnection{},
					EmailAllowedDomains:                  []string{},
					EmailJITProvisioning:                 "NOT_ALLOWED",
					EmailInvites:                         "ALL_ALLOWED",
					AuthMethods:                          "ALL_ALLOWED",
					AllowedAuthMethods:                   []string{},
					MFAPolicy:                            "OPTIONAL",
					MFAMethods:                           "ALL_ALLOWED",
					AllowedMFAMethods:                    []string{},
					RBACEmailImplicitRoleAssignments:     []stytch.RoleAssignment{},
					OAuthTenantJITProvisioning:           "NOT_ALLOWED",
					AllowedOAuthTenants:                  map[string][]string{},
					ClaimedEmailDomains:                  []string{},
					FirstPartyConnectedAppsAllowedType:   "ALL_ALLOWED",
					AllowedFirstPartyConnectedApps:       []string{},
					ThirdPartyConnectedAppsAllowedType:   "ALL_ALLOWED",
					AllowedThirdPartyConnectedApps:       []string{},
					CustomRoles:                          []stytch.CustomRole{},
					CreatedAt:                            "2026-01-02T02:04:05Z",
					UpdatedAt:                            "2026-01-02T02:04:05Z",
				}
				if !reflect.DeepEqual(org, want) {
					t.Errorf("defaults:\n got %+v\nwant %+v", org, want)
				}
				if !orgIDPattern.MatchString(org.OrganizationID) {
					t.Errorf("id %q", org.OrganizationID)
				}
			}
		})
	}
}

func TestCreateStoresAllFields(t *testing.T) {
	h := newHarness(t)
	body := map[string]any{
		"organization_name":                       "Full Org",
		"organization_slug":                       "full-org",
		"organization_logo_url":                   "https://cdn.example.com/logo.png?x=1",
		"trusted_metadata":                        map[string]any{"tier": "gold", "n": 3, "nested": map[string]any{"a": []int{1, 2}}, "dropped": nil},
		"organization_external_id":                "ext.Full_1|a-b",
		"sso_jit_provisioning":                    "RESTRICTED",
		"email_allowed_domains":                   []string{"full.example", "Sub.Full.example"},
		"email_jit_provisioning":                  "RESTRICTED",
		"email_invites":                           "RESTRICTED",
		"auth_methods":                            "RESTRICTED",
		"allowed_auth_methods":                    []string{"sso", "magic_link", "password"},
		"mfa_policy":                              "REQUIRED_FOR_ALL",
		"rbac_email_implicit_role_assignments":    []map[string]string{{"domain": "full.example", "role_id": "stytch_admin"}},
		"mfa_methods":                             "RESTRICTED",
		"allowed_mfa_methods":                     []string{"totp"},
		"oauth_tenant_jit_provisioning":           "RESTRICTED",
		"allowed_oauth_tenants":                   map[string][]string{"slack": {"T1", "T2"}, "github": {"gh"}},
		"claimed_email_domains":                   []string{"full.example"},
		"first_party_connected_apps_allowed_type": "RESTRICTED",
		"allowed_first_party_connected_apps":      []string{"connected-app-test-1"},
		"third_party_connected_apps_allowed_type": "NOT_ALLOWED",
		"allowed_third_party_connected_apps":      []string{"connected-app-test-2"},
		// Not accepted on Create: ignored.
		"sso_default_connection_id":                "saml-connection-test-x",
		"sso_jit_provisioning_allowed_connections": []string{"saml-connection-test-x"},
	}
	org := h.create(body)
	got := h.get(org.OrganizationID)
	if !reflect.DeepEqual(org, got) {
		t.Fatalf("GET differs from create:\n%+v\n%+v", org, got)
	}
	meta, _ := json.Marshal(got.TrustedMetadata)
	if string(meta) != `{"n":3,"nested":{"a":[1,2]},"tier":"gold"}` {
		t.Errorf("trusted_metadata = %s", meta)
	}
	if got.SSODefaultConnectionID != nil || len(got.SSOJITProvisioningAllowedConnections) != 0 {
		t.Errorf("create accepted SSO connection fields: %v %v", got.SSODefaultConnectionID, got.SSOJITProvisioningAllowedConnections)
	}
	checks := map[string][2]any{
		"logo":       {got.OrganizationLogoURL, "https://cdn.example.com/logo.png?x=1"},
		"external":   {got.OrganizationExternalID, "ext.Full_1|a-b"},
		"domains":    {got.EmailAllowedDomains, []string{"full.example", "Sub.Full.example"}},
		"auth":       {got.AllowedAuthMethods, []string{"sso", "magic_link", "password"}},
		"rbac":       {got.RBACEmailImplicitRoleAssignments, []stytch.RoleAssignment{{Domain: "full.example", RoleID: "stytch_admin"}}},
		"tenants":    {got.AllowedOAuthTenants, map[string][]string{"slack": {"T1", "T2"}, "github": {"gh"}}},
		"first":      {got.AllowedFirstPartyConnectedApps, []string{"connected-app-test-1"}},
		"third type": {got.ThirdPartyConnectedAppsAllowedType, "NOT_ALLOWED"},
		"mfa":        {got.MFAPolicy, "REQUIRED_FOR_ALL"},
	}
	for name, c := range checks {
		if !reflect.DeepEqual(c[0], c[1]) {
			t.Errorf("%s = %v, want %v", name, c[0], c[1])
		}
	}
}

func TestLookup(t *testing.T) {
	h := newHarness(t)
	a := h.create(base(map[string]any{"organization_slug": "alpha", "organization_external_id": "ext-alpha"}))
	b := h.create(base(map[string]any{"organization_slug": "beta"}))
	cases := []struct {
		key  string
		want string
	}{
		{a.OrganizationID, a.OrganizationID},
		{"alpha", a.OrganizationID},
		{"ext-alpha", a.OrganizationID},
		{b.OrganizationID, b.OrganizationID},
		{"beta", b.OrganizationID},
	}
	for _, tc := range cases {
		for _, method := range []string{http.MethodGet, http.MethodPut} {
			code, raw := h.do(method, basePath+"/"+tc.key, map[string]any{})
			if code != 200 || orgOf(t, raw).OrganizationID != tc.want {
				t.Errorf("%s %s: %d %s", method, tc.key, code, raw)
			}
		}
	}
	for _, key := range []string{"gamma", "ALPHA", "organization-test-00000000-0000-4000-8000-000000000000", "ext"} {
		for _, method := range []string{http.MethodGet, http.MethodPut, http.MethodDelete} {
			code, raw := h.do(method, basePath+"/"+key, map[string]any{})
			wantError(t, code, raw, 404, "organization_not_found")
		}
		code, raw := h.do(http.MethodDelete, basePath+"/"+key+"/external_id", nil)
		wantError(t, code, raw, 404, "organization_not_found")
	}
	// Precedence: id, then slug, then external id.
	c := h.create(base(map[string]any{"organization_slug": "ext-beta", "organization_external_id": "beta"}))
	if got := h.get("beta"); got.OrganizationID != b.OrganizationID {
		t.Errorf("slug must win over external id")
	}
	if got := h.get("ext-beta"); got.OrganizationID != c.OrganizationID {
		t.Errorf("lookup by slug failed")
	}
	d := h.create(base(map[string]any{"organization_slug": "delta", "organization_external_id": a.OrganizationID}))
	if got := h.get(a.OrganizationID); got.OrganizationID != a.OrganizationID {
		t.Errorf("id must win over external id")
	}
	_ = d
}

func TestUpdateSemantics(t *testing.T) {
	h := newHarness(t)
	org := h.create(base(map[string]any{
		"organization_logo_url":                "https://acme.com/logo.png",
		"organization_external_id":             "acme-ext",
		"email_allowed_domains":                []string{"acme.com", "acme.org"},
		"allowed_auth_methods":                 []string{"sso", "password"},
		"allowed_mfa_methods":                  []string{"totp"},
		"claimed_email_domains":                []string{"acme.com"},
		"allowed_first_party_connected_apps":   []string{"a1"},
		"allowed_third_party_connected_apps":   []string{"a3"},
		"rbac_email_implicit_role_assignments": []map[string]string{{"domain": "acme.com", "role_id": "r1"}},
		"allowed_oauth_tenants":                map[string][]string{"slack": {"T1"}, "hubspot": {"H1"}},
		"trusted_metadata":                     map[string]any{"a": 1, "b": map[string]any{"x": 1, "y": 2}, "c": "keep"},
	}))

	t.Run("omitted fields unchanged", func(t *testing.T) {
		h.clock.Advance(time.Hour)
		got := h.update("acme", map[string]any{})
		want := org
		want.UpdatedAt = "2026-01-02T03:04:05Z"
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("empty update changed fields:\n got %+v\nwant %+v", got, want)
		}
		if got.CreatedAt != org.CreatedAt {
			t.Errorf("created_at changed")
		}
	})
	t.Run("null means unchanged", func(t *testing.T) {
		got := h.update("acme", rawBody(`{"organization_name":null,"email_allowed_domains":null,"trusted_metadata":null,"allowed_oauth_tenants":null,"organization_logo_url":null,"mfa_policy":null,"sso_default_connection_id":null}`))
		if got.OrganizationName != "Acme Corp" || len(got.EmailAllowedDomains) != 2 || len(got.TrustedMetadata) != 3 || len(got.AllowedOAuthTenants) != 2 || got.OrganizationLogoURL == "" || got.MFAPolicy != "OPTIONAL" {
			t.Fatalf("null changed something: %+v", got)
		}
	})
	t.Run("lists replace wholesale", func(t *testing.T) {
		got := h.update("acme", map[string]any{"email_allowed_domains": []string{"acme.net"}, "allowed_auth_methods": []string{"magic_link"}})
		if !slices.Equal(got.EmailAllowedDomains, []string{"acme.net"}) || !slices.Equal(got.AllowedAuthMethods, []string{"magic_link"}) {
			t.Fatalf("lists not replaced: %v %v", got.EmailAllowedDomains, got.AllowedAuthMethods)
		}
		if !slices.Equal(got.AllowedMFAMethods, []string{"totp"}) {
			t.Fatalf("unrelated list changed")
		}
	})
	t.Run("empty list clears", func(t *testing.T) {
		got := h.update("acme", map[string]any{
			"email_allowed_domains": []string{}, "allowed_auth_methods": []string{}, "allowed_mfa_methods": []string{},
			"claimed_email_domains": []string{}, "allowed_first_party_connected_apps": []string{},
			"allowed_third_party_connected_apps": []string{}, "rbac_email_implicit_role_assignments": []any{},
			"sso_jit_provisioning_allowed_connections": []string{},
		})
		for name, l := range map[string]int{
			"email": len(got.EmailAllowedDomains), "auth": len(got.AllowedAuthMethods), "mfa": len(got.AllowedMFAMethods),
			"claimed": len(got.ClaimedEmailDomains), "first": len(got.AllowedFirstPartyConnectedApps),
			"third": len(got.AllowedThirdPartyConnectedApps), "rbac": len(got.RBACEmailImplicitRoleAssignments),
		} {
			if l != 0 {
				t.Errorf("%s not cleared", name)
			}
		}
	})
	t.Run("empty string clears logo and external id", func(t *testing.T) {
		got := h.update("acme", map[string]any{"organization_logo_url": "", "organization_external_id": ""})
		if got.OrganizationLogoURL != "" || got.OrganizationExternalID != "" {
			t.Fatalf("not cleared: %+v", got)
		}
		code, raw := h.do(http.MethodGet, basePath+"/acme-ext", nil)
		wantError(t, code, raw, 404, "organization_not_found")
	})
	t.Run("empty string sso_default_connection_id means none", func(t *testing.T) {
		got := h.update("acme", map[string]any{"sso_default_connection_id": ""})
		if got.SSODefaultConnectionID != nil {
			t.Fatalf("sso_default_connection_id = %v", *got.SSODefaultConnectionID)
		}
	})
	t.Run("trusted_metadata merges", func(t *testing.T) {
		got := h.update("acme", rawBody(`{"trusted_metadata":{"a":null,"b":{"x":9},"d":[1,{"z":null}]}}`))
		meta, _ := json.Marshal(got.TrustedMetadata)
		if string(meta) != `{"b":{"x":9},"c":"keep","d":[1,{"z":null}]}` {
			t.Fatalf("trusted_metadata = %s", meta)
		}
		got = h.update("acme", map[string]any{"trusted_metadata": map[string]any{}})
		if len(got.TrustedMetadata) != 3 {
			t.Fatalf("{} changed metadata")
		}
		got = h.update("acme", rawBody(`{"trusted_metadata":{"b":null,"c":null,"d":null,"missing":null}}`))
		if len(got.TrustedMetadata) != 0 {
			t.Fatalf("not all keys deleted: %v", got.TrustedMetadata)
		}
	})
	t.Run("allowed_oauth_tenants replaced", func(t *testing.T) {
		got := h.update("acme", map[string]any{"allowed_oauth_tenants": map[string][]string{"github": {"G1"}}})
		if !reflect.DeepEqual(got.AllowedOAuthTenants, map[string][]string{"github": {"G1"}}) {
			t.Fatalf("allowed_oauth_tenants = %v", got.AllowedOAuthTenants)
		}
		got = h.update("acme", map[string]any{"allowed_oauth_tenants": map[string][]string{}})
		if len(got.AllowedOAuthTenants) != 0 {
			t.Fatalf("{} did not clear allowed_oauth_tenants")
		}
	})
	t.Run("scalars and slug change", func(t *testing.T) {
		got := h.update("acme", map[string]any{"organization_name": "Renamed", "organization_slug": "acme-2", "mfa_policy": "REQUIRED_FOR_ALL", "first_party_connected_apps_allowed_type": "NOT_ALLOWED"})
		if got.OrganizationName != "Renamed" || got.OrganizationSlug != "acme-2" || got.MFAPolicy != "REQUIRED_FOR_ALL" || got.FirstPartyConnectedAppsAllowedType != "NOT_ALLOWED" {
			t.Fatalf("update: %+v", got)
		}
		code, raw := h.do(http.MethodGet, basePath+"/acme", nil)
		wantError(t, code, raw, 404, "organization_not_found")
		h.create(base(nil)) // the old slug is free again
	})
	t.Run("updated_at bumped", func(t *testing.T) {
		h.clock.Advance(90 * time.Second)
		got := h.update(org.OrganizationID, map[string]any{"organization_name": "Again"})
		if got.UpdatedAt != "2026-01-02T03:05:35Z" || got.CreatedAt != "2026-01-02T02:04:05Z" {
			t.Fatalf("timestamps %s %s", got.CreatedAt, got.UpdatedAt)
		}
	})
}

func TestDuplicateSlug(t *testing.T) {
	h := newHarness(t)
	h.create(base(nil))
	other := h.create(base(map[string]any{"organization_slug": "other"}))
	code, raw := h.do(http.MethodPost, basePath, base(nil))
	e := wantError(t, code, raw, 400, "organization_slug_already_used")
	if e.ErrorMessage != "The provided organization_slug is already used in another organization." {
		t.Errorf("message %q", e.ErrorMessage)
	}
	code, raw = h.do(http.MethodPut, basePath+"/other", map[string]any{"organization_slug": "acme"})
	wantError(t, code, raw, 400, "organization_slug_already_used")
	// INFERRED: case-sensitive comparison.
	h.create(base(map[string]any{"organization_slug": "ACME"}))
	// Setting an org's slug to its own current value is fine.
	h.update(other.OrganizationID, map[string]any{"organization_slug": "other"})
	if h.srv.Len() != 3 {
		t.Fatalf("Len = %d", h.srv.Len())
	}
}

func TestExternalIDUniqueness(t *testing.T) {
	h := newHarness(t)
	h.create(base(map[string]any{"organization_external_id": "ext-1"}))
	code, raw := h.do(http.MethodPost, basePath, base(map[string]any{"organization_slug": "two", "organization_external_id": "ext-1"}))
	wantError(t, code, raw, 400, "organization_external_id_already_used")
	two := h.create(base(map[string]any{"organization_slug": "two", "organization_external_id": "ext-2"}))
	code, raw = h.do(http.MethodPut, basePath+"/two", map[string]any{"organization_external_id": "ext-1"})
	wantError(t, code, raw, 400, "organization_external_id_already_used")
	code, raw = h.do(http.MethodPut, basePath+"/two", map[string]any{"organization_external_id": two.OrganizationID})
	wantError(t, code, raw, 400, "external_organization_id_same_as_organization_id")
	// Several organizations without external id do not conflict.
	h.update("two", map[string]any{"organization_external_id": ""})
	h.create(base(map[string]any{"organization_slug": "three"}))
	h.create(base(map[string]any{"organization_slug": "four"}))
}

func TestClaimedDomainAcrossOrganizations(t *testing.T) {
	h := newHarness(t)
	h.create(base(map[string]any{"claimed_email_domains": []string{"acme.com"}}))
	code, raw := h.do(http.MethodPost, basePath, base(map[string]any{"organization_slug": "b1", "claimed_email_domains": []string{"ACME.com"}}))
	wantError(t, code, raw, 400, "organization_settings_duplicate_claimed_domain")
	code, raw = h.do(http.MethodPost, basePath, base(map[string]any{"organization_slug": "bb", "claimed_email_domains": []string{"acme.com"}}))
	wantError(t, code, raw, 400, "organization_settings_duplicate_claimed_domain")
	h.create(base(map[string]any{"organization_slug": "bb", "claimed_email_domains": []string{"bb.com"}}))
	code, raw = h.do(http.MethodPut, basePath+"/bb", map[string]any{"claimed_email_domains": []string{"bb.com", "acme.com"}})
	wantError(t, code, raw, 400, "organization_settings_duplicate_claimed_domain")
	// Allowed (not claimed) domains may be shared.
	h.update("bb", map[string]any{"email_allowed_domains": []string{"acme.com"}})
	// After delete, the domain can be claimed again.
	h.ok(http.MethodDelete, basePath+"/acme", nil)
	h.update("bb", map[string]any{"claimed_email_domains": []string{"acme.com"}})
}

func TestDelete(t *testing.T) {
	h := newHarness(t)
	org := h.create(base(map[string]any{"organization_external_id": "e1"}))
	keep := h.create(base(map[string]any{"organization_slug": "keep"}))
	for _, body := range []any{nil, map[string]any{}} {
		var resp stytch.DeleteResponse
		raw := h.ok(http.MethodDelete, basePath+"/"+org.OrganizationID, body)
		var keys map[string]json.RawMessage
		if err := json.Unmarshal(raw, &keys); err != nil || len(keys) != 3 {
			t.Fatalf("delete envelope %s", raw)
		}
		if err := json.Unmarshal(raw, &resp); err != nil || resp.OrganizationID != org.OrganizationID {
			t.Fatalf("delete response %s", raw)
		}
		for _, m := range []string{http.MethodGet, http.MethodDelete, http.MethodPut} {
			code, raw := h.do(m, basePath+"/"+org.OrganizationID, map[string]any{})
			wantError(t, code, raw, 404, "organization_not_found")
		}
		if h.srv.Len() != 1 {
			t.Fatalf("Len = %d", h.srv.Len())
		}
		// Slug and external id are reusable after a hard delete.
		org = h.create(base(map[string]any{"organization_external_id": "e1"}))
	}
	// Delete by slug and by external id.
	h.ok(http.MethodDelete, basePath+"/e1", nil)
	h.ok(http.MethodDelete, basePath+"/keep", nil)
	if h.srv.Len() != 0 {
		t.Fatalf("Len = %d", h.srv.Len())
	}
	_ = keep
}

func TestDeleteExternalID(t *testing.T) {
	h := newHarness(t)
	org := h.create(base(map[string]any{"organization_external_id": "ext-9"}))
	h.clock.Advance(time.Minute)
	raw := h.ok(http.MethodDelete, basePath+"/ext-9/external_id", nil)
	got := orgOf(t, raw)
	if got.OrganizationExternalID != "" || got.OrganizationID != org.OrganizationID || got.UpdatedAt == org.UpdatedAt {
		t.Fatalf("delete external id: %+v", got)
	}
	if g := h.get(org.OrganizationID); g.OrganizationExternalID != "" {
		t.Fatal("external id not cleared in store")
	}
	code, raw := h.do(http.MethodGet, basePath+"/ext-9", nil)
	wantError(t, code, raw, 404, "organization_not_found")
	// Idempotent on an organization without external id, with a {} body too.
	h.clock.Advance(time.Minute)
	again := orgOf(t, h.ok(http.MethodDelete, basePath+"/acme/external_id", map[string]any{}))
	if again.UpdatedAt != got.UpdatedAt {
		t.Errorf("no-op delete bumped updated_at")
	}
	// The external id may be reused afterwards.
	h.create(base(map[string]any{"organization_slug": "other", "organization_external_id": "ext-9"}))
}

func TestOrganizationsSnapshot(t *testing.T) {
	h := newHarness(t)
	var ids []string
	for _, slug := range []string{"c1", "a2", "b3"} {
		ids = append(ids, h.create(base(map[string]any{"organization_slug": slug})).OrganizationID)
	}
	snap := h.srv.Organizations()
	if len(snap) != 3 || h.srv.Len() != 3 {
		t.Fatalf("snapshot %d", len(snap))
	}
	for i, o := range snap {
		if o.OrganizationID != ids[i] {
			t.Fatalf("snapshot order %d", i)
		}
	}
	snap[0].EmailAllowedDomains = append(snap[0].EmailAllowedDomains, "mutated.com")
	snap[0].TrustedMetadata["x"] = json.RawMessage("1")
	if g := h.get("c1"); len(g.EmailAllowedDomains) != 0 || len(g.TrustedMetadata) != 0 {
		t.Fatal("snapshot aliases the store")
	}
}
