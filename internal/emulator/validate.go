package emulator

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// Limits of the Organization object (DESIGN.md, "Organization object", "Trusted metadata merge").
const (
	maxNameLen        = 128
	minSlugLen        = 2
	maxSlugLen        = 128
	maxExternalIDLen  = 128
	maxLogoURLLen     = 2048 // INFERRED: the limit is undocumented (DESIGN.md, "Organization object").
	maxMetadataKeys   = 20
	maxMetadataBytes  = 4096
	maxDomainLen      = 253
	maxDomainLabelLen = 63
)

// slugMessage is Stytch's message for an invalid slug (DESIGN.md, "Validation rules", captured).
const slugMessage = "The organization_slug must be at least 2 characters long and may only contain alphanumerics and the reserved characters '-', '.', '_', or '~'. At least one character must be alphanumeric."

// commonEmailDomains are the public email providers whose domains an
// organization may not allow, claim or map to a role (DESIGN.md, "Validation rules").
var commonEmailDomains = []string{
	"gmail", "aol", "yahoo", "icloud", "hotmail", "msn", "comcast", "live", "outlook", "att",
	"earthlink", "me", "mac", "sbcglobal", "verizon", "ig", "mail", "hey", "laposte", "wanadoo",
	"googlemail", "orange", "rediffmail", "uol", "bol", "free", "gmx", "yandex", "ymail", "libero",
}

// secondLevelSuffixes are second-level labels of common public suffixes
// ("co.uk", "com.br", ...), used by isCommonDomain.
var secondLevelSuffixes = []string{"co", "com", "net", "org", "ac", "gov", "edu", "ne", "or"}

// validateOrganization checks every rule (DESIGN.md, "Validation rules") that needs no other
// organization, on the resulting (merged) state of a Create or Update. The
// first failing rule is reported; uniqueness across organizations is checked
// by the store.
func validateOrganization(o *stytch.Organization) *apiError {
	checks := []func(*stytch.Organization) *apiError{
		validateName,
		validateSlug,
		validateLogoURL,
		validateExternalID,
		validateMetadata,
		validateEnums,
		validateAllowLists,
		validateOAuthTenants,
		validateEmailDomains,
		validateClaimedDomains,
		validateRoleAssignments,
		validateSSOConnections,
		validateCrossField,
	}
	for _, check := range checks {
		if err := check(o); err != nil {
			return err
		}
	}
	return nil
}

// validateName: 1–128 characters.
// INFERRED: a name of only white space counts as missing; length is counted
// in Unicode code points.
func validateName(o *stytch.Organization) *apiError {
	if strings.TrimSpace(o.OrganizationName) == "" {
		return invalid(etOrganizationNameMissing, "organization_name is required and may not be empty.")
	}
	if utf8.RuneCountInString(o.OrganizationName) > maxNameLen {
		return invalid(etInvalidOrganizationName, "organization_name must be at most %d characters long.", maxNameLen)
	}
	return nil
}

// validateSlug: 2–128 characters from alphanumerics and "-._~", at least one
// alphanumeric.
//
// INFERRED: an absent or empty slug is invalid_organization_slug. What Stytch
// does with a Create without a slug is unknown (DESIGN.md, "Create an
// organization"); the project requires a slug.
// Alphanumerics are ASCII letters and digits.
func validateSlug(o *stytch.Organization) *apiError {
	s := o.OrganizationSlug
	if len(s) < minSlugLen || len(s) > maxSlugLen {
		return invalid(etInvalidOrganizationSlug, "%s", slugMessage)
	}
	hasAlnum := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isASCIIAlnum(c):
			hasAlnum = true
		case strings.IndexByte("-._~", c) >= 0:
		default:
			return invalid(etInvalidOrganizationSlug, "%s", slugMessage)
		}
	}
	if !hasAlnum {
		return invalid(etInvalidOrganizationSlug, "%s", slugMessage)
	}
	return nil
}

// validateLogoURL: at most 2048 characters. organization_logo_url_too_long is
// the only logo error Stytch documents, so the format is left to Stytch.
// INFERRED: the limit's value, which Stytch does not publish.
func validateLogoURL(o *stytch.Organization) *apiError {
	if len(o.OrganizationLogoURL) > maxLogoURLLen {
		return invalid(etOrganizationLogoURLTooLong, "organization_logo_url must be at most %d characters long.", maxLogoURLLen)
	}
	return nil
}

// validateExternalID: "" or at most 128 characters from ASCII alphanumerics
// and ".", "_", "-", "|"; never equal to the organization's own id.
// The format is the one stytch-go's CreateParams comment documents; the
// error type is Stytch's invalid_organization_external_id.
func validateExternalID(o *stytch.Organization) *apiError {
	s := o.OrganizationExternalID
	if s == "" {
		return nil
	}
	if len(s) > maxExternalIDLen {
		return invalid(etInvalidOrganizationExternalID, "organization_external_id must be at most %d characters long.", maxExternalIDLen)
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isASCIIAlnum(c) && strings.IndexByte("._-|", c) < 0 {
			return invalid(etInvalidOrganizationExternalID, "organization_external_id may only contain alphanumerics and the characters '.', '_', '-' and '|'.")
		}
	}
	if s == o.OrganizationID {
		return invalid(etExternalIDSameAsOrganizationID, "organization_external_id may not be the same as the organization_id.")
	}
	return nil
}

// validateMetadata: at most 20 top-level keys and 4096 bytes serialized.
func validateMetadata(o *stytch.Organization) *apiError {
	return checkMetadata("trusted_metadata", o.TrustedMetadata)
}

// checkMetadata checks the limits of a metadata object (DESIGN.md, "Trusted
// metadata merge"): at most 20 top-level keys and 4096 bytes serialized.
// Organizations and members share it.
func checkMetadata(name string, m map[string]json.RawMessage) *apiError {
	if len(m) > maxMetadataKeys {
		return invalid(etMetadataTooManyKeys, "%s may have at most %d top-level keys.", name, maxMetadataKeys)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		return invalid(etMetadataInvalidFormat, "%s must be a JSON object.", name)
	}
	if n := len(bytes.TrimSpace(buf.Bytes())); n > maxMetadataBytes {
		return invalid(etMetadataTooLarge, "%s may be at most %d bytes when serialized; got %d.", name, maxMetadataBytes, n)
	}
	return nil
}

// enumRule ties an enum field to its values and error type (DESIGN.md, "Enumerations").
type enumRule struct {
	field   string
	get     func(*stytch.Organization) string
	values  []string
	errType errorType
}

// enumRules lists the enum fields in the order of Stytch's Update body.
// INFERRED: the error types (mapped from their names only: DESIGN.md, "Enumerations"); the
// connected-apps types answer bad_request as no specific type exists. An
// empty string is not a valid value.
var enumRules = []enumRule{
	{"sso_jit_provisioning", func(o *stytch.Organization) string { return o.SSOJITProvisioning }, ssoJITProvisioningValues, etInvalidAuthFactorSetting},
	{"email_jit_provisioning", func(o *stytch.Organization) string { return o.EmailJITProvisioning }, emailJITProvisioningValues, etInvalidAuthFactorSetting},
	{"email_invites", func(o *stytch.Organization) string { return o.EmailInvites }, emailInvitesValues, etInvalidAuthFactorSetting},
	{"auth_methods", func(o *stytch.Organization) string { return o.AuthMethods }, authMethodsValues, etInvalidAuthMethodSettings},
	{"mfa_policy", func(o *stytch.Organization) string { return o.MFAPolicy }, mfaPolicyValues, etInvalidMFAPolicy},
	{"mfa_methods", func(o *stytch.Organization) string { return o.MFAMethods }, mfaMethodsValues, etInvalidMFAFactorSetting},
	{"oauth_tenant_jit_provisioning", func(o *stytch.Organization) string { return o.OAuthTenantJITProvisioning }, oauthTenantJITProvisioningValues, etInvalidAuthFactorSetting},
	{"first_party_connected_apps_allowed_type", func(o *stytch.Organization) string { return o.FirstPartyConnectedAppsAllowedType }, connectedAppsAllowedTypeValues, etBadRequest},
	{"third_party_connected_apps_allowed_type", func(o *stytch.Organization) string { return o.ThirdPartyConnectedAppsAllowedType }, connectedAppsAllowedTypeValues, etBadRequest},
}

// validateEnums: every enum field holds one of its values.
func validateEnums(o *stytch.Organization) *apiError {
	for _, rule := range enumRules {
		if v := rule.get(o); !slices.Contains(rule.values, v) {
			return errEnum(rule.errType, rule.field, v, rule.values)
		}
	}
	return nil
}

// validateAllowLists: entries of allowed_auth_methods and allowed_mfa_methods
// come from their enumerations.
// INFERRED: the error types (DESIGN.md, "Validation rules"); duplicates are accepted.
func validateAllowLists(o *stytch.Organization) *apiError {
	for _, v := range o.AllowedAuthMethods {
		if !slices.Contains(allowedAuthMethodValues, v) {
			return errEnum(etInvalidAllowedAuthMethods, "allowed_auth_methods entries", v, allowedAuthMethodValues)
		}
	}
	for _, v := range o.AllowedMFAMethods {
		if !slices.Contains(allowedMFAMethodValues, v) {
			return errEnum(etInvalidAllowedMFAMethods, "allowed_mfa_methods entries", v, allowedMFAMethodValues)
		}
	}
	return nil
}

// validateOAuthTenants: allowed_oauth_tenants keys are known providers and
// tenant ids are non-empty.
// INFERRED: the error type invalid_oauth_allowed_tenants_format for both.
func validateOAuthTenants(o *stytch.Organization) *apiError {
	for _, provider := range slices.Sorted(maps.Keys(o.AllowedOAuthTenants)) {
		if !slices.Contains(oauthTenantProviders, provider) {
			return invalid(etInvalidOAuthAllowedTenantsFormat, "allowed_oauth_tenants keys must be one of %s; got %q.", joinValues(oauthTenantProviders), provider)
		}
		if slices.Contains(o.AllowedOAuthTenants[provider], "") {
			return invalid(etInvalidOAuthAllowedTenantsFormat, "allowed_oauth_tenants.%s may not contain an empty tenant id.", provider)
		}
	}
	return nil
}

// domainErrors names the error types of one domain list.
type domainErrors struct {
	field                         string
	invalid, tooCommon, duplicate errorType
}

// validateEmailDomains: email_allowed_domains entries are valid, unique and
// not public email providers.
// INFERRED: the error types; duplicates are compared case-insensitively.
func validateEmailDomains(o *stytch.Organization) *apiError {
	return validateDomainList(o.EmailAllowedDomains, domainErrors{
		field:     "email_allowed_domains",
		invalid:   etDomainInvalid,
		tooCommon: etDomainTooCommon,
		duplicate: etDomainDuplicate,
	})
}

// validateClaimedDomains: the same rules for claimed_email_domains with the
// claimed-domain error types (uniqueness across organizations is checked by
// the store).
// INFERRED: the error types (DESIGN.md, "Validation rules").
func validateClaimedDomains(o *stytch.Organization) *apiError {
	return validateDomainList(o.ClaimedEmailDomains, domainErrors{
		field:     "claimed_email_domains",
		invalid:   etClaimedDomainInvalid,
		tooCommon: etClaimedDomainTooCommon,
		duplicate: etClaimedDomainDuplicate,
	})
}

// validateDomainList checks one domain list: each entry valid, not a public
// email provider, and not repeated (ignoring case).
func validateDomainList(domains []string, e domainErrors) *apiError {
	seen := make(map[string]bool, len(domains))
	for _, d := range domains {
		if !isValidDomain(d) {
			return invalid(e.invalid, "%s contains an invalid domain: %q.", e.field, d)
		}
		if isCommonDomain(d) {
			return invalid(e.tooCommon, "%s may not contain the common email domain %q.", e.field, d)
		}
		key := strings.ToLower(d)
		if seen[key] {
			return invalid(e.duplicate, "%s contains the domain %q more than once.", e.field, d)
		}
		seen[key] = true
	}
	return nil
}

// validateRoleAssignments: each rbac_email_implicit_role_assignments entry has
// a valid, non-common domain and a non-empty role_id.
// INFERRED: the error types (DESIGN.md, "Validation rules"); any non-empty role id is
// accepted: only members' explicit roles are checked against the project's
// roles (Options.ProjectRoles, DESIGN.md, "Inferred members").
func validateRoleAssignments(o *stytch.Organization) *apiError {
	for _, ra := range o.RBACEmailImplicitRoleAssignments {
		if !isValidDomain(ra.Domain) {
			return invalid(etRBACInvalidDomain, "rbac_email_implicit_role_assignments contains an invalid domain: %q.", ra.Domain)
		}
		if isCommonDomain(ra.Domain) {
			return invalid(etRBACDomainTooCommon, "rbac_email_implicit_role_assignments may not contain the common email domain %q.", ra.Domain)
		}
		if strings.TrimSpace(ra.RoleID) == "" {
			return invalid(etInvalidRBACRoleID, "rbac_email_implicit_role_assignments entries must have a non-empty role_id.")
		}
	}
	return nil
}

// validateSSOConnections: sso_default_connection_id and the entries of
// sso_jit_provisioning_allowed_connections reference the organization's
// active SSO connections (sso_active_connections, which the store keeps in
// step with the connections: sso_store.go).
// INFERRED: the error types (DESIGN.md, "Validation rules"); any active
// connection counts, OIDC and External ones included (DESIGN.md, "Inferred
// SSO connections").
func validateSSOConnections(o *stytch.Organization) *apiError {
	hasConnection := func(id string) bool {
		return slices.ContainsFunc(o.SSOActiveConnections, func(c stytch.ActiveSSOConnection) bool { return c.ConnectionID == id })
	}
	if id := o.SSODefaultConnectionID; id != nil && *id != "" && !hasConnection(*id) {
		return invalid(etInvalidSSODefaultConnectionID, "sso_default_connection_id %q is not an active SSO connection of this organization.", *id)
	}
	for _, id := range o.SSOJITProvisioningAllowedConnections {
		if !hasConnection(id) {
			return invalid(etInvalidConnectionForJIT, "sso_jit_provisioning_allowed_connections entry %q is not an active SSO connection of this organization.", id)
		}
	}
	return nil
}

// validateCrossField checks the rules between fields (DESIGN.md, "Validation rules").
//
// INFERRED: the error types of the auth-factor, email and OAuth-tenant rules.
// sso_jit_provisioning RESTRICTED with no allowed connections is accepted
// (no source ties a rule to it). The connected-apps allow lists have no rule.
func validateCrossField(o *stytch.Organization) *apiError {
	if o.SSOJITProvisioning == "NOT_ALLOWED" && o.EmailJITProvisioning == "NOT_ALLOWED" && o.EmailInvites == "NOT_ALLOWED" {
		return invalid(etInvalidAuthFactorSetting, "sso_jit_provisioning, email_jit_provisioning and email_invites may not all be NOT_ALLOWED: an organization must have at least one way to provision new members.")
	}
	if o.AuthMethods == "RESTRICTED" && len(o.AllowedAuthMethods) == 0 {
		return invalid(etAllowedAuthMethodsRequired, "Allowed auth methods must be set for 'RESTRICTED' auth methods")
	}
	if o.MFAMethods == "RESTRICTED" && len(o.AllowedMFAMethods) == 0 {
		return invalid(etAllowedMFAMethodsRequired, "Allowed mfa methods must be set for 'RESTRICTED' auth methods")
	}
	if len(o.EmailAllowedDomains) == 0 {
		if o.EmailInvites == "RESTRICTED" {
			return invalid(etInvalidRestrictedEmailSetting, "email_invites may not be RESTRICTED while email_allowed_domains is empty.")
		}
		if o.EmailJITProvisioning == "RESTRICTED" {
			return invalid(etInvalidRestrictedEmailSetting, "email_jit_provisioning may not be RESTRICTED while email_allowed_domains is empty.")
		}
	}
	if o.OAuthTenantJITProvisioning == "RESTRICTED" {
		tenants := 0
		for _, ids := range o.AllowedOAuthTenants {
			tenants += len(ids)
		}
		if tenants == 0 {
			return invalid(etInvalidRestrictedOAuthTenants, "oauth_tenant_jit_provisioning may not be RESTRICTED while allowed_oauth_tenants lists no tenant.")
		}
	}
	return nil
}

// isValidDomain reports whether d is a syntactically valid DNS name with at
// least two labels: labels of 1–63 ASCII letters, digits or hyphens, not
// starting or ending with a hyphen, and a top-level label that is not all
// digits (which rules out IP addresses). A trailing dot is not accepted.
func isValidDomain(d string) bool {
	if d == "" || len(d) > maxDomainLen {
		return false
	}
	labels := strings.Split(d, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > maxDomainLabelLen || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			if !isASCIIAlnum(l[i]) && l[i] != '-' {
				return false
			}
		}
	}
	tld := labels[len(labels)-1]
	return strings.Trim(tld, "0123456789") != ""
}

// isCommonDomain reports whether d belongs to a public email provider: its
// first label is a known provider name ("gmail", "yahoo", ...) and the rest is
// a public suffix ("com", "co.uk", "com.br", ...).
//
// INFERRED: Stytch leaves the matching open (DESIGN.md, "Validation rules") and suggests "gmail.*". Matching
// the first label alone would also reject company subdomains such as
// "mail.acme.com", so the rest must look like a public suffix: one label, or
// two labels whose first is a common second-level label (co, com, net, ...).
func isCommonDomain(d string) bool {
	labels := strings.Split(strings.ToLower(d), ".")
	if !slices.Contains(commonEmailDomains, labels[0]) {
		return false
	}
	switch len(labels) {
	case 2:
		return true
	case 3:
		return slices.Contains(secondLevelSuffixes, labels[1])
	}
	return false
}

// isASCIIAlnum reports whether c is an ASCII letter or digit.
func isASCIIAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// joinValues renders allowed values for messages.
func joinValues(values []string) string {
	return strings.Join(values, ", ")
}
