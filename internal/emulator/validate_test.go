package emulator

import (
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// validationCase is one request that must fail with errType.
type validationCase struct {
	name    string
	body    map[string]any
	errType string
}

func TestCreateValidation(t *testing.T) {
	long := func(n int, c string) string { return strings.Repeat(c, n) }
	tooManyKeys := map[string]any{}
	for i := range 21 {
		tooManyKeys["k"+itoa(i)] = i
	}
	cases := []validationCase{
		// Name.
		{"name absent", base(map[string]any{"organization_name": absent{}}), "organization_name_missing"},
		{"name empty", base(map[string]any{"organization_name": ""}), "organization_name_missing"},
		{"name blank", base(map[string]any{"organization_name": "   "}), "organization_name_missing"},
		{"name null", base(map[string]any{"organization_name": nil}), "organization_name_missing"},
		{"name 129", base(map[string]any{"organization_name": long(129, "n")}), "invalid_organization_name"},
		{"name 129 runes", base(map[string]any{"organization_name": long(129, "é")}), "invalid_organization_name"},
		// Slug.
		{"slug absent", base(map[string]any{"organization_slug": absent{}}), "invalid_organization_slug"},
		{"slug empty", base(map[string]any{"organization_slug": ""}), "invalid_organization_slug"},
		{"slug 1 char", base(map[string]any{"organization_slug": "a"}), "invalid_organization_slug"},
		{"slug 129", base(map[string]any{"organization_slug": long(129, "s")}), "invalid_organization_slug"},
		{"slug space", base(map[string]any{"organization_slug": "ac me"}), "invalid_organization_slug"},
		{"slug slash", base(map[string]any{"organization_slug": "ac/me"}), "invalid_organization_slug"},
		{"slug non-ascii", base(map[string]any{"organization_slug": "acmé"}), "invalid_organization_slug"},
		{"slug plus", base(map[string]any{"organization_slug": "a+b"}), "invalid_organization_slug"},
		{"slug no alnum", base(map[string]any{"organization_slug": "-._~"}), "invalid_organization_slug"},
		// Logo.
		{"logo too long", base(map[string]any{"organization_logo_url": "https://acme.com/" + long(2048, "x")}), "organization_logo_url_too_long"},
		// External id.
		{"external id space", base(map[string]any{"organization_external_id": "a b"}), "invalid_organization_external_id"},
		{"external id slash", base(map[string]any{"organization_external_id": "a/b"}), "invalid_organization_external_id"},
		{"external id tilde", base(map[string]any{"organization_external_id": "a~b"}), "invalid_organization_external_id"},
		{"external id 129", base(map[string]any{"organization_external_id": long(129, "e")}), "invalid_organization_external_id"},
		// Metadata.
		{"metadata array", base(map[string]any{"trusted_metadata": []int{1}}), "metadata_invalid_format"},
		{"metadata string", base(map[string]any{"trusted_metadata": "x"}), "metadata_invalid_format"},
		{"metadata number", base(map[string]any{"trusted_metadata": 5}), "metadata_invalid_format"},
		{"metadata 21 keys", base(map[string]any{"trusted_metadata": tooManyKeys}), "metadata_too_many_keys"},
		{"metadata too large", base(map[string]any{"trusted_metadata": map[string]any{"big": long(4090, "m")}}), "metadata_too_large"},
		// Enums.
		{"sso_jit_provisioning", base(map[string]any{"sso_jit_provisioning": "SOMETIMES"}), "invalid_organization_auth_factor_setting"},
		{"sso_jit_provisioning lower", base(map[string]any{"sso_jit_provisioning": "all_allowed"}), "invalid_organization_auth_factor_setting"},
		{"email_jit_provisioning ALL_ALLOWED", base(map[string]any{"email_jit_provisioning": "ALL_ALLOWED"}), "invalid_organization_auth_factor_setting"},
		{"email_invites", base(map[string]any{"email_invites": "X"}), "invalid_organization_auth_factor_setting"},
		{"email_invites empty", base(map[string]any{"email_invites": ""}), "invalid_organization_auth_factor_setting"},
		{"auth_methods", base(map[string]any{"auth_methods": "NOT_ALLOWED"}), "invalid_organization_auth_method_settings"},
		{"mfa_policy", base(map[string]any{"mfa_policy": "ALWAYS"}), "invalid_organization_mfa_policy"},
		{"mfa_methods", base(map[string]any{"mfa_methods": "NOT_ALLOWED"}), "invalid_organization_mfa_factor_setting"},
		{"oauth_tenant_jit_provisioning", base(map[string]any{"oauth_tenant_jit_provisioning": "ALL_ALLOWED"}), "invalid_organization_auth_factor_setting"},
		{"first_party type", base(map[string]any{"first_party_connected_apps_allowed_type": "SOME"}), "bad_request"},
		{"third_party type", base(map[string]any{"third_party_connected_apps_allowed_type": "SOME"}), "bad_request"},
		{"allowed_auth_methods entry", base(map[string]any{"allowed_auth_methods": []string{"sso", "carrier_pigeon"}}), "invalid_organization_allowed_auth_methods"},
		{"allowed_mfa_methods entry", base(map[string]any{"allowed_mfa_methods": []string{"email"}}), "invalid_organization_allowed_mfa_methods"},
		// Cross-field rules.
		{"all three NOT_ALLOWED", base(map[string]any{"sso_jit_provisioning": "NOT_ALLOWED", "email_invites": "NOT_ALLOWED", "email_jit_provisioning": "NOT_ALLOWED"}), "invalid_organization_auth_factor_setting"},
		{"sso NOT_ALLOWED makes invites default NOT_ALLOWED", base(map[string]any{"sso_jit_provisioning": "NOT_ALLOWED"}), "invalid_organization_auth_factor_setting"},
		{"auth RESTRICTED without list", base(map[string]any{"auth_methods": "RESTRICTED"}), "allowed_auth_methods_required_for_restricted"},
		{"auth RESTRICTED empty list", base(map[string]any{"auth_methods": "RESTRICTED", "allowed_auth_methods": []string{}}), "allowed_auth_methods_required_for_restricted"},
		{"mfa RESTRICTED without list", base(map[string]any{"mfa_methods": "RESTRICTED"}), "allowed_mfa_methods_required_for_restricted"},
		{"email_invites RESTRICTED no domains", base(map[string]any{"email_invites": "RESTRICTED"}), "invalid_restricted_email_setting"},
		{"email_jit RESTRICTED no domains", base(map[string]any{"email_jit_provisioning": "RESTRICTED"}), "invalid_restricted_email_setting"},
		{"domain invalid", base(map[string]any{"email_allowed_domains": []string{"not a domain"}}), "organization_settings_invalid_domain"},
		{"domain single label", base(map[string]any{"email_allowed_domains": []string{"localhost"}}), "organization_settings_invalid_domain"},
		{"domain email", base(map[string]any{"email_allowed_domains": []string{"me@acme.com"}}), "organization_settings_invalid_domain"},
		{"domain empty", base(map[string]any{"email_allowed_domains": []string{""}}), "organization_settings_invalid_domain"},
		{"domain too common", base(map[string]any{"email_allowed_domains": []string{"acme.com", "gmail.com"}}), "organization_settings_domain_too_common"},
		{"domain too common tld", base(map[string]any{"email_allowed_domains": []string{"Yahoo.co.uk"}}), "organization_settings_domain_too_common"},
		{"domain duplicate", base(map[string]any{"email_allowed_domains": []string{"acme.com", "ACME.com"}}), "organization_settings_duplicate_domain"},
		{"claimed invalid", base(map[string]any{"claimed_email_domains": []string{"-acme.com"}}), "organization_settings_invalid_claimed_domain"},
		{"claimed too common", base(map[string]any{"claimed_email_domains": []string{"outlook.com"}}), "organization_settings_claimed_domain_too_common"},
		{"claimed duplicate", base(map[string]any{"claimed_email_domains": []string{"acme.com", "acme.com"}}), "organization_settings_duplicate_claimed_domain"},
		{"rbac invalid domain", base(map[string]any{"rbac_email_implicit_role_assignments": []map[string]string{{"domain": "acme", "role_id": "r"}}}), "rbac_invalid_domain"},
		{"rbac missing domain", base(map[string]any{"rbac_email_implicit_role_assignments": []map[string]string{{"role_id": "r"}}}), "rbac_invalid_domain"},
		{"rbac common domain", base(map[string]any{"rbac_email_implicit_role_assignments": []map[string]string{{"domain": "hotmail.com", "role_id": "r"}}}), "rbac_domain_too_common"},
		{"rbac empty role", base(map[string]any{"rbac_email_implicit_role_assignments": []map[string]string{{"domain": "acme.com", "role_id": ""}}}), "invalid_rbac_role_id"},
		{"rbac missing role", base(map[string]any{"rbac_email_implicit_role_assignments": []map[string]string{{"domain": "acme.com"}}}), "invalid_rbac_role_id"},
		{"oauth RESTRICTED no tenants", base(map[string]any{"oauth_tenant_jit_provisioning": "RESTRICTED"}), "invalid_restricted_oauth_tenants_setting"},
		{"oauth RESTRICTED empty tenant lists", base(map[string]any{"oauth_tenant_jit_provisioning": "RESTRICTED", "allowed_oauth_tenants": map[string][]string{"slack": {}}}), "invalid_restricted_oauth_tenants_setting"},
		{"oauth tenants unknown provider", base(map[string]any{"allowed_oauth_tenants": map[string][]string{"gitlab": {"x"}}}), "invalid_oauth_allowed_tenants_format"},
		{"oauth tenants not array", base(map[string]any{"allowed_oauth_tenants": map[string]any{"slack": "T1"}}), "invalid_oauth_allowed_tenants_format"},
		{"oauth tenants numbers", base(map[string]any{"allowed_oauth_tenants": map[string]any{"slack": []int{1}}}), "invalid_oauth_allowed_tenants_format"},
		{"oauth tenants null list", base(map[string]any{"allowed_oauth_tenants": map[string]any{"slack": nil}}), "invalid_oauth_allowed_tenants_format"},
		{"oauth tenants empty id", base(map[string]any{"allowed_oauth_tenants": map[string]any{"slack": []string{""}}}), "invalid_oauth_allowed_tenants_format"},
		{"oauth tenants array", base(map[string]any{"allowed_oauth_tenants": []string{"slack"}}), "invalid_oauth_allowed_tenants_format"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			code, raw := h.do(http.MethodPost, basePath, tc.body)
			e := wantError(t, code, raw, 400, tc.errType)
			if h.srv.Len() != 0 {
				t.Fatal("failed create stored an organization")
			}
			if strings.HasPrefix(tc.name, "sso_jit") || tc.name == "mfa_policy" || tc.name == "auth_methods" {
				if !strings.Contains(e.ErrorMessage, strings.Split(tc.name, " ")[0]) || !strings.Contains(e.ErrorMessage, "RE") {
					t.Errorf("enum message %q lacks the field or the values", e.ErrorMessage)
				}
			}
		})
	}
}

func TestCreateValidBoundaries(t *testing.T) {
	long := func(n int, c string) string { return strings.Repeat(c, n) }
	cases := []map[string]any{
		base(map[string]any{"organization_name": "A"}),
		base(map[string]any{"organization_name": long(128, "é"), "organization_slug": "n128"}),
		base(map[string]any{"organization_slug": "ab"}),
		base(map[string]any{"organization_slug": long(128, "s")}),
		base(map[string]any{"organization_slug": "a-._~"}),
		base(map[string]any{"organization_slug": "~9"}),
		base(map[string]any{"organization_slug": "x1", "organization_external_id": long(128, "e")}),
		base(map[string]any{"organization_slug": "x2", "organization_external_id": "A.b_c-d|9"}),
		base(map[string]any{"organization_slug": "x3", "organization_logo_url": "http://acme.com/" + long(2048-16, "x")}),
		base(map[string]any{"organization_slug": "x4", "trusted_metadata": func() map[string]any {
			m := map[string]any{}
			for i := range 20 {
				m["k"+itoa(i)] = i
			}
			return m
		}()}),
		base(map[string]any{"organization_slug": "x5", "trusted_metadata": map[string]any{"big": long(4096-10, "m")}}),
		base(map[string]any{"organization_slug": "x6", "email_allowed_domains": []string{"mail.acme.com", "me.acme.io", "gmail-partners.com", "xn--bcher-kva.example"}}),
		base(map[string]any{"organization_slug": "x7", "auth_methods": "RESTRICTED", "allowed_auth_methods": []string{"sso"}, "mfa_methods": "RESTRICTED", "allowed_mfa_methods": []string{"sms_otp"}}),
		base(map[string]any{"organization_slug": "x8", "oauth_tenant_jit_provisioning": "RESTRICTED", "allowed_oauth_tenants": map[string][]string{"hubspot": {"H1"}}}),
		base(map[string]any{"organization_slug": "x9", "sso_jit_provisioning": "NOT_ALLOWED", "email_invites": "ALL_ALLOWED"}),
		base(map[string]any{"organization_slug": "y1", "sso_jit_provisioning": "RESTRICTED"}),
		base(map[string]any{"organization_slug": "y2", "first_party_connected_apps_allowed_type": "RESTRICTED", "allowed_first_party_connected_apps": []string{}}),
		base(map[string]any{"organization_slug": "y3", "email_jit_provisioning": "RESTRICTED", "email_invites": "RESTRICTED", "email_allowed_domains": []string{"acme.com"}}),
	}
	h := newHarness(t)
	for i, body := range cases {
		if code, raw := h.do(http.MethodPost, basePath, body); code != 200 {
			t.Errorf("case %d: %d %s", i, code, raw)
		}
	}
}

func TestUpdateValidation(t *testing.T) {
	// start is created first; each case then sends update and must fail with
	// errType, leaving the organization unchanged.
	cases := []struct {
		name    string
		start   map[string]any
		update  map[string]any
		errType string
	}{
		{"name empty", nil, map[string]any{"organization_name": ""}, "organization_name_missing"},
		{"name too long", nil, map[string]any{"organization_name": strings.Repeat("n", 129)}, "invalid_organization_name"},
		{"slug empty", nil, map[string]any{"organization_slug": ""}, "invalid_organization_slug"},
		{"slug invalid", nil, map[string]any{"organization_slug": "a b"}, "invalid_organization_slug"},
		{"external id invalid", nil, map[string]any{"organization_external_id": "a b"}, "invalid_organization_external_id"},
		{"metadata format", nil, map[string]any{"trusted_metadata": []int{}}, "metadata_invalid_format"},
		{"metadata too many keys after merge", map[string]any{"trusted_metadata": keys(0, 15)}, map[string]any{"trusted_metadata": keys(14, 21)}, "metadata_too_many_keys"},
		{"metadata too large after merge", map[string]any{"trusted_metadata": map[string]any{"a": strings.Repeat("x", 3000)}}, map[string]any{"trusted_metadata": map[string]any{"b": strings.Repeat("y", 1500)}}, "metadata_too_large"},
		{"enum sso", nil, map[string]any{"sso_jit_provisioning": "NOPE"}, "invalid_organization_auth_factor_setting"},
		{"enum empty", nil, map[string]any{"auth_methods": ""}, "invalid_organization_auth_method_settings"},
		{"enum mfa_policy", nil, map[string]any{"mfa_policy": "required_for_all"}, "invalid_organization_mfa_policy"},
		{"enum mfa_methods", nil, map[string]any{"mfa_methods": "X"}, "invalid_organization_mfa_factor_setting"},
		{"enum third party", nil, map[string]any{"third_party_connected_apps_allowed_type": "X"}, "bad_request"},
		{"allowed_auth_methods entry", nil, map[string]any{"allowed_auth_methods": []string{"SSO"}}, "invalid_organization_allowed_auth_methods"},
		{"allowed_mfa_methods entry", nil, map[string]any{"allowed_mfa_methods": []string{"webauthn"}}, "invalid_organization_allowed_mfa_methods"},
		// Merged-state cross-field rules.
		{"all three NOT_ALLOWED via one field",
			map[string]any{"sso_jit_provisioning": "NOT_ALLOWED", "email_invites": "NOT_ALLOWED", "email_jit_provisioning": "RESTRICTED", "email_allowed_domains": []string{"acme.com"}},
			map[string]any{"email_jit_provisioning": "NOT_ALLOWED"}, "invalid_organization_auth_factor_setting"},
		{"auth RESTRICTED against empty stored list", nil, map[string]any{"auth_methods": "RESTRICTED"}, "allowed_auth_methods_required_for_restricted"},
		{"auth list emptied while RESTRICTED",
			map[string]any{"auth_methods": "RESTRICTED", "allowed_auth_methods": []string{"sso"}},
			map[string]any{"allowed_auth_methods": []string{}}, "allowed_auth_methods_required_for_restricted"},
		{"mfa RESTRICTED against empty stored list", nil, map[string]any{"mfa_methods": "RESTRICTED"}, "allowed_mfa_methods_required_for_restricted"},
		{"mfa list emptied while RESTRICTED",
			map[string]any{"mfa_methods": "RESTRICTED", "allowed_mfa_methods": []string{"totp"}},
			map[string]any{"allowed_mfa_methods": []string{}}, "allowed_mfa_methods_required_for_restricted"},
		{"email domains emptied while jit RESTRICTED",
			map[string]any{"email_jit_provisioning": "RESTRICTED", "email_allowed_domains": []string{"acme.com"}},
			map[string]any{"email_allowed_domains": []string{}}, "invalid_restricted_email_setting"},
		{"email domains emptied while invites RESTRICTED",
			map[string]any{"email_invites": "RESTRICTED", "email_allowed_domains": []string{"acme.com"}},
			map[string]any{"email_allowed_domains": []string{}}, "invalid_restricted_email_setting"},
		{"invites RESTRICTED against empty stored domains", nil, map[string]any{"email_invites": "RESTRICTED"}, "invalid_restricted_email_setting"},
		{"domain too common", nil, map[string]any{"email_allowed_domains": []string{"icloud.com"}}, "organization_settings_domain_too_common"},
		{"domain invalid", nil, map[string]any{"email_allowed_domains": []string{"acme..com"}}, "organization_settings_invalid_domain"},
		{"domain duplicate", nil, map[string]any{"email_allowed_domains": []string{"a.com", "a.com"}}, "organization_settings_duplicate_domain"},
		{"claimed invalid", nil, map[string]any{"claimed_email_domains": []string{"1.2.3.4"}}, "organization_settings_invalid_claimed_domain"},
		{"claimed too common", nil, map[string]any{"claimed_email_domains": []string{"gmx.de"}}, "organization_settings_claimed_domain_too_common"},
		{"claimed duplicate", nil, map[string]any{"claimed_email_domains": []string{"a.com", "A.COM"}}, "organization_settings_duplicate_claimed_domain"},
		{"rbac invalid", nil, map[string]any{"rbac_email_implicit_role_assignments": []map[string]string{{"domain": "a_b.com", "role_id": "r"}}}, "rbac_invalid_domain"},
		{"rbac common", nil, map[string]any{"rbac_email_implicit_role_assignments": []map[string]string{{"domain": "yandex.ru", "role_id": "r"}}}, "rbac_domain_too_common"},
		{"rbac role", nil, map[string]any{"rbac_email_implicit_role_assignments": []map[string]string{{"domain": "acme.com", "role_id": " "}}}, "invalid_rbac_role_id"},
		{"oauth RESTRICTED against empty stored tenants", nil, map[string]any{"oauth_tenant_jit_provisioning": "RESTRICTED"}, "invalid_restricted_oauth_tenants_setting"},
		{"oauth tenants cleared while RESTRICTED",
			map[string]any{"oauth_tenant_jit_provisioning": "RESTRICTED", "allowed_oauth_tenants": map[string][]string{"slack": {"T1"}}},
			map[string]any{"allowed_oauth_tenants": map[string][]string{}}, "invalid_restricted_oauth_tenants_setting"},
		{"oauth tenants format", nil, map[string]any{"allowed_oauth_tenants": map[string]any{"slack": []any{true}}}, "invalid_oauth_allowed_tenants_format"},
		{"oauth tenants provider", nil, map[string]any{"allowed_oauth_tenants": map[string]any{"Slack": []string{"T"}}}, "invalid_oauth_allowed_tenants_format"},
		{"sso default connection", nil, map[string]any{"sso_default_connection_id": "saml-connection-test-1"}, "invalid_sso_default_connection_id"},
		{"sso jit connections", nil, map[string]any{"sso_jit_provisioning_allowed_connections": []string{"saml-connection-test-1"}}, "invalid_connection_for_jit_provisioning"},
		{"duplicate slug", nil, map[string]any{"organization_slug": "taken"}, "organization_slug_already_used"},
		{"duplicate external id", nil, map[string]any{"organization_external_id": "taken-ext"}, "organization_external_id_already_used"},
		{"claimed elsewhere", nil, map[string]any{"claimed_email_domains": []string{"taken.com"}}, "organization_settings_duplicate_claimed_domain"},
		{"valid fields with one invalid", nil, map[string]any{"organization_name": "Changed", "email_allowed_domains": []string{"ok.com"}, "mfa_policy": "bad"}, "invalid_organization_mfa_policy"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			h.create(base(map[string]any{"organization_slug": "taken", "organization_external_id": "taken-ext", "claimed_email_domains": []string{"taken.com"}}))
			before := h.create(base(tc.start))
			code, raw := h.do(http.MethodPut, basePath+"/"+before.OrganizationID, tc.update)
			wantError(t, code, raw, 400, tc.errType)
			if after := h.get(before.OrganizationID); !reflect.DeepEqual(before, after) {
				t.Fatalf("failed update changed the organization:\n%+v\n%+v", before, after)
			}
		})
	}
}

func TestUpdateFixesStateInOneRequest(t *testing.T) {
	h := newHarness(t)
	h.create(base(nil))
	// Setting a RESTRICTED enum together with its list is the documented pattern.
	got := h.update("acme", map[string]any{"auth_methods": "RESTRICTED", "allowed_auth_methods": []string{"sso"}})
	if got.AuthMethods != "RESTRICTED" {
		t.Fatal(got.AuthMethods)
	}
	got = h.update("acme", map[string]any{"email_jit_provisioning": "RESTRICTED", "email_allowed_domains": []string{"acme.com"}})
	if got.EmailJITProvisioning != "RESTRICTED" {
		t.Fatal(got.EmailJITProvisioning)
	}
	// Relaxing the enum and clearing the list together is fine too.
	got = h.update("acme", map[string]any{"auth_methods": "ALL_ALLOWED", "allowed_auth_methods": []string{}, "email_jit_provisioning": "NOT_ALLOWED", "email_allowed_domains": []string{}})
	if got.AuthMethods != "ALL_ALLOWED" || len(got.EmailAllowedDomains) != 0 {
		t.Fatalf("%+v", got)
	}
	// Lists are kept while their enum is not RESTRICTED.
	got = h.update("acme", map[string]any{"allowed_mfa_methods": []string{"totp"}})
	if got.MFAMethods != "ALL_ALLOWED" || len(got.AllowedMFAMethods) != 1 {
		t.Fatalf("%+v", got)
	}
	got = h.update("acme", map[string]any{"sso_default_connection_id": "", "sso_jit_provisioning_allowed_connections": []string{}})
	if got.SSODefaultConnectionID != nil {
		t.Fatal("sso_default_connection_id set")
	}
}

func TestDomainHelpers(t *testing.T) {
	valid := []string{"acme.com", "a.b.c.d.example", "xn--80ak6aa92e.com", "a-b.co", "ACME.COM", "1.2.3.com", strings.Repeat("a", 63) + ".com"}
	invalid := []string{"", "acme", "acme.", ".acme.com", "acme..com", "-acme.com", "acme-.com", "ac_me.com", "acme.com/", "1.2.3.4", strings.Repeat("a", 64) + ".com", strings.Repeat("a.", 127) + "com", "ac me.com", "me@acme.com"}
	for _, d := range valid {
		if !isValidDomain(d) {
			t.Errorf("isValidDomain(%q) = false", d)
		}
	}
	for _, d := range invalid {
		if isValidDomain(d) {
			t.Errorf("isValidDomain(%q) = true", d)
		}
	}
	common := []string{"gmail.com", "GMAIL.COM", "gmail.de", "yahoo.co.uk", "uol.com.br", "hotmail.fr", "me.com", "mail.ru", "googlemail.com", "libero.it"}
	notCommon := []string{"acme.com", "mail.acme.com", "gmail.acme.com", "mygmail.com", "me.acme.io", "gmail.evil.example.com"}
	for _, d := range common {
		if !isCommonDomain(d) {
			t.Errorf("isCommonDomain(%q) = false", d)
		}
	}
	for _, d := range notCommon {
		if isCommonDomain(d) {
			t.Errorf("isCommonDomain(%q) = true", d)
		}
	}
}

// keys returns a metadata object with keys k<from>..k<to-1>.
func keys(from, to int) map[string]any {
	m := map[string]any{}
	for i := from; i < to; i++ {
		m["k"+itoa(i)] = i
	}
	return m
}
