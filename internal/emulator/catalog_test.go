package emulator

import (
	"maps"
	"net/http"
	"regexp"
	"slices"
	"testing"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// enumPair is one enumeration as the client and the emulator each write it.
type enumPair struct {
	field            string
	client, emulator []string
}

func enumPairs() []enumPair {
	return []enumPair{
		{"sso_jit_provisioning", stytch.SSOJITProvisioningValues, ssoJITProvisioningValues},
		{"email_jit_provisioning", stytch.EmailJITProvisioningValues, emailJITProvisioningValues},
		{"email_invites", stytch.EmailInvitesValues, emailInvitesValues},
		{"auth_methods", stytch.AuthMethodsValues, authMethodsValues},
		{"allowed_auth_methods", stytch.AllowedAuthMethodValues, allowedAuthMethodValues},
		{"mfa_policy", stytch.MFAPolicyValues, mfaPolicyValues},
		{"mfa_methods", stytch.MFAMethodsValues, mfaMethodsValues},
		{"allowed_mfa_methods", stytch.AllowedMFAMethodValues, allowedMFAMethodValues},
		{"oauth_tenant_jit_provisioning", stytch.OAuthTenantJITProvisioningValues, oauthTenantJITProvisioningValues},
		{"allowed_oauth_tenants", stytch.OAuthTenantProviders, oauthTenantProviders},
		{"first_party_connected_apps_allowed_type", stytch.ConnectedAppsAllowedTypeValues, connectedAppsAllowedTypeValues},
		{"third_party_connected_apps_allowed_type", stytch.ConnectedAppsAllowedTypeValues, connectedAppsAllowedTypeValues},
	}
}

// The client (and through it the provider's validators and docs) and the
// emulator keep separate copies of every name Stytch defines. They must agree;
// when they do not, one of them is wrong and this test says which list to check
// against Stytch's SDKs.
func TestClientListsMatchEmulator(t *testing.T) {
	for _, p := range enumPairs() {
		if !slices.Equal(slices.Sorted(slices.Values(p.client)), slices.Sorted(slices.Values(p.emulator))) {
			t.Errorf("%s: the client's values %v differ from the emulator's %v", p.field, p.client, p.emulator)
		}
	}

	// Lists of the SSO and member APIs: compared only, since they are not
	// organization fields for the acceptance check below.
	for _, p := range []enumPair{
		{"identity_provider", stytch.SSOIdentityProviderValues, ssoIdentityProviderValues},
		{"member status", stytch.MemberStatusValues, memberStatusValues},
		{"default_mfa_method", stytch.MFAMethodValues, defaultMFAMethodValues},
		{"SCIM identity_provider", stytch.SCIMIdentityProviderValues, scimIdentityProviderValues},
		{"reserved roles", stytch.ReservedRoleIDs, defaultRoleIDs()},
	} {
		if !slices.Equal(slices.Sorted(slices.Values(p.client)), slices.Sorted(slices.Values(p.emulator))) {
			t.Errorf("%s: the client's values %v differ from the emulator's %v", p.field, p.client, p.emulator)
		}
	}
	if stytch.WildcardAction != wildcardAction {
		t.Errorf("wildcard action: the client's %q differs from the emulator's %q", stytch.WildcardAction, wildcardAction)
	}
	clientMemberFilters := []string{
		stytch.MemberFilterIDs, stytch.MemberFilterEmails, stytch.MemberFilterEmailFuzzy, stytch.MemberFilterIsBreakglass,
		stytch.MemberFilterStatuses, stytch.MemberFilterMFAPhoneNumbers, stytch.MemberFilterMFAPhoneNumberFuzzy,
		stytch.MemberFilterPasswordExists, stytch.MemberFilterRoles,
	}
	emulatorMemberFilters := slices.Collect(maps.Keys(memberFilters))
	slices.Sort(clientMemberFilters)
	slices.Sort(emulatorMemberFilters)
	if !slices.Equal(clientMemberFilters, emulatorMemberFilters) {
		t.Errorf("member search filters: the client's %v differ from the emulator's %v", clientMemberFilters, emulatorMemberFilters)
	}

	clientFilters := []string{
		stytch.FilterOrganizationIDs, stytch.FilterOrganizationSlugs, stytch.FilterOrganizationSlugFuzzy,
		stytch.FilterOrganizationNameFuzzy, stytch.FilterMemberEmails, stytch.FilterMemberEmailFuzzy,
		stytch.FilterAllowedDomains, stytch.FilterAllowedDomainFuzzy, stytch.FilterClaimedEmailDomains,
		stytch.FilterHasActiveSSOConnection, stytch.FilterSSOConnectionID,
	}
	emulatorFilters := make([]string, 0, len(filters))
	for name := range filters {
		emulatorFilters = append(emulatorFilters, name)
	}
	slices.Sort(clientFilters)
	slices.Sort(emulatorFilters)
	if !slices.Equal(clientFilters, emulatorFilters) {
		t.Errorf("search filters: the client's %v differ from the emulator's %v", clientFilters, emulatorFilters)
	}

	// The error types the client acts on are ones the emulator answers.
	catalog := make([]string, 0, len(errorTypes))
	for _, et := range errorTypes {
		catalog = append(catalog, et.name)
	}
	for _, name := range append([]string{stytch.ErrorTypeSlugAlreadyUsed, stytch.ErrorTypeCannotDeleteDefaultSSOConnection,
		stytch.ErrorTypeSSOVerificationKeyNotFound, stytch.ErrorTypeActiveSCIMConnectionExists,
		stytch.ErrorTypeSCIMConnectionNotRotatingToken, stytch.ErrorTypeSCIMGroupRoleAssignmentGroupDoesNotExist,
		stytch.ErrorTypeCannotAssignDefaultRBACRoleID}, stytch.NotFoundErrorTypes...) {
		if !slices.Contains(catalog, name) {
			t.Errorf("the client acts on error type %q, which the emulator never answers", name)
		}
	}
}

// The equality above is the guard; this is what it protects: every value the
// client (and so the provider's plan-time validation) accepts, the emulator
// accepts too. A value only the client knows would pass plan and fail apply,
// and here it fails the test with the emulator's error.
func TestEmulatorAcceptsEveryClientValue(t *testing.T) {
	h := newHarness(t)
	n := 0
	for _, p := range enumPairs() {
		for _, v := range p.client {
			n++
			body := base(map[string]any{
				"organization_slug": "enum-" + itoa(n),
				// Companions that RESTRICTED values need, and one way to
				// provision members whatever the field under test says.
				"email_allowed_domains": []string{"acme.com"},
				"allowed_auth_methods":  []string{"sso"},
				"allowed_mfa_methods":   []string{"totp"},
				"allowed_oauth_tenants": map[string][]string{"slack": {"T1"}},
				"email_invites":         "ALL_ALLOWED",
			})
			switch p.field {
			case "allowed_auth_methods", "allowed_mfa_methods":
				body[p.field] = []string{v}
			case "allowed_oauth_tenants":
				body[p.field] = map[string][]string{v: {"T1"}}
			default:
				body[p.field] = v
			}
			code, raw := h.do(http.MethodPost, basePath, body)
			if code != http.StatusOK {
				t.Errorf("%s = %q, a value of the client's list: the emulator answered %d %s", p.field, v, code, raw)
			}
		}
	}
}

// defaultRoleIDs are the ids of the roles of the emulator's default project
// policy.
func defaultRoleIDs() []string {
	ids := make([]string, 0, len(defaultPolicyRoles))
	for _, r := range defaultPolicyRoles {
		ids = append(ids, r.RoleID)
	}
	return ids
}

var errorTypeName = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

func TestErrorCatalog(t *testing.T) {
	seen := map[string]bool{}
	for _, et := range errorTypes {
		if !errorTypeName.MatchString(et.name) {
			t.Errorf("error type %q is not a snake_case name", et.name)
		}
		if seen[et.name] {
			t.Errorf("error type %q is in the catalog twice", et.name)
		}
		seen[et.name] = true
	}
}
