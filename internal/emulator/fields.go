package emulator

import (
	"bytes"
	"encoding/json"
	"maps"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// mode tells applyFields whether it serves Create or Update.
type mode int

const (
	modeCreate mode = iota
	modeUpdate
)

// applyFunc decodes the raw value (never JSON null) of the named field into o.
// It reports wrong JSON types; value rules are checked later on the merged
// state (validate.go).
type applyFunc func(o *stytch.Organization, name string, raw json.RawMessage) *apiError

// field is one request-body field of Create/Update and how it is applied.
type field struct {
	name string
	// updateOnly fields are ignored on Create.
	updateOnly bool
	// apply decodes the field's value into the organization.
	apply applyFunc
}

// orgFields lists the request fields in the order of Stytch's Update body (DESIGN.md, "Update an organization"); that order is also the
// order in which type errors are reported. Fields not listed here (notably
// organization_id, which the Go and Python SDKs send in the Update body) are
// ignored.
var orgFields = []field{
	{name: "organization_name", apply: stringField(func(o *stytch.Organization) *string { return &o.OrganizationName })},
	{name: "organization_slug", apply: stringField(func(o *stytch.Organization) *string { return &o.OrganizationSlug })},
	// INFERRED: "" clears the logo URL (Stytch leaves it open: DESIGN.md, "Empty strings").
	{name: "organization_logo_url", apply: stringField(func(o *stytch.Organization) *string { return &o.OrganizationLogoURL })},
	{name: "trusted_metadata", apply: applyTrustedMetadata},
	// INFERRED: "" clears the external id (Stytch leaves it open: DESIGN.md, "Empty strings"; the
	// documented way is DELETE .../external_id, which is emulated too).
	{name: "organization_external_id", apply: stringField(func(o *stytch.Organization) *string { return &o.OrganizationExternalID })},
	// Create does not accept the two SSO connection fields (DESIGN.md, "Create an organization": a new
	// organization has no connections); they are ignored there.
	{name: "sso_default_connection_id", updateOnly: true, apply: applySSODefaultConnectionID},
	{name: "sso_jit_provisioning", apply: stringField(func(o *stytch.Organization) *string { return &o.SSOJITProvisioning })},
	{name: "sso_jit_provisioning_allowed_connections", updateOnly: true, apply: stringsField(func(o *stytch.Organization) *[]string { return &o.SSOJITProvisioningAllowedConnections })},
	{name: "email_allowed_domains", apply: stringsField(func(o *stytch.Organization) *[]string { return &o.EmailAllowedDomains })},
	{name: "email_jit_provisioning", apply: stringField(func(o *stytch.Organization) *string { return &o.EmailJITProvisioning })},
	{name: "email_invites", apply: stringField(func(o *stytch.Organization) *string { return &o.EmailInvites })},
	{name: "auth_methods", apply: stringField(func(o *stytch.Organization) *string { return &o.AuthMethods })},
	{name: "allowed_auth_methods", apply: stringsField(func(o *stytch.Organization) *[]string { return &o.AllowedAuthMethods })},
	{name: "mfa_policy", apply: stringField(func(o *stytch.Organization) *string { return &o.MFAPolicy })},
	{name: "rbac_email_implicit_role_assignments", apply: applyRoleAssignments},
	{name: "mfa_methods", apply: stringField(func(o *stytch.Organization) *string { return &o.MFAMethods })},
	{name: "allowed_mfa_methods", apply: stringsField(func(o *stytch.Organization) *[]string { return &o.AllowedMFAMethods })},
	{name: "oauth_tenant_jit_provisioning", apply: stringField(func(o *stytch.Organization) *string { return &o.OAuthTenantJITProvisioning })},
	{name: "allowed_oauth_tenants", apply: applyAllowedOAuthTenants},
	{name: "claimed_email_domains", apply: stringsField(func(o *stytch.Organization) *[]string { return &o.ClaimedEmailDomains })},
	{name: "first_party_connected_apps_allowed_type", apply: stringField(func(o *stytch.Organization) *string { return &o.FirstPartyConnectedAppsAllowedType })},
	{name: "allowed_first_party_connected_apps", apply: stringsField(func(o *stytch.Organization) *[]string { return &o.AllowedFirstPartyConnectedApps })},
	{name: "third_party_connected_apps_allowed_type", apply: stringField(func(o *stytch.Organization) *string { return &o.ThirdPartyConnectedAppsAllowedType })},
	{name: "allowed_third_party_connected_apps", apply: stringsField(func(o *stytch.Organization) *[]string { return &o.AllowedThirdPartyConnectedApps })},
}

// authSettingFields are the "Organization authentication setting parameters"
// whose presence on Create makes email_invites default to NOT_ALLOWED
// (DESIGN.md, "Create defaults").
//
// INFERRED: Stytch leaves the set open. email_allowed_domains is not in it,
// following the example of https://stytch.com/docs/api-reference/b2b/api/organizations/overview
// (a Create with only email_allowed_domains answers email_invites ALL_ALLOWED).
var authSettingFields = []string{
	"sso_jit_provisioning", "email_jit_provisioning", "email_invites",
	"auth_methods", "allowed_auth_methods",
	"mfa_policy", "mfa_methods", "allowed_mfa_methods",
	"oauth_tenant_jit_provisioning", "allowed_oauth_tenants",
}

// applyFields applies the present, non-null fields of body to o.
//
// INFERRED: a field sent as JSON null is treated as not sent (unchanged on
// Update, default on Create); Stytch leaves null open (DESIGN.md, "Omitted fields and null").
func applyFields(o *stytch.Organization, body map[string]json.RawMessage, m mode) *apiError {
	for _, f := range orgFields {
		raw, ok := body[f.name]
		if !ok || isNull(raw) || (f.updateOnly && m == modeCreate) {
			continue
		}
		if err := f.apply(o, f.name, raw); err != nil {
			return err
		}
	}
	return nil
}

// sentNonNull reports whether body carries any of names with a non-null value.
func sentNonNull(body map[string]json.RawMessage, names []string) bool {
	for _, n := range names {
		if raw, ok := body[n]; ok && !isNull(raw) {
			return true
		}
	}
	return false
}

// isNull reports whether raw is the JSON literal null.
func isNull(raw json.RawMessage) bool {
	return bytes.Equal(bytes.TrimSpace(raw), []byte("null"))
}

// stringField returns the applyFunc of a string field.
func stringField(get func(*stytch.Organization) *string) applyFunc {
	return func(o *stytch.Organization, name string, raw json.RawMessage) *apiError {
		s, err := decodeString(name, raw)
		if err != nil {
			return err
		}
		*get(o) = s
		return nil
	}
}

// stringsField returns the applyFunc of a list-of-strings field. The list
// replaces the current one wholesale; [] clears it (DESIGN.md, "Lists are replaced, empty lists clear").
func stringsField(get func(*stytch.Organization) *[]string) applyFunc {
	return func(o *stytch.Organization, name string, raw json.RawMessage) *apiError {
		list, err := decodeStrings(name, raw)
		if err != nil {
			return err
		}
		*get(o) = list
		return nil
	}
}

// applySSODefaultConnectionID sets sso_default_connection_id.
// INFERRED: "" clears it (stored and answered as null), like JSON null would
// mean "none" in a response (Stytch leaves "" open: DESIGN.md, "Empty strings").
func applySSODefaultConnectionID(o *stytch.Organization, name string, raw json.RawMessage) *apiError {
	s, err := decodeString(name, raw)
	if err != nil {
		return err
	}
	if s == "" {
		o.SSODefaultConnectionID = nil
	} else {
		o.SSODefaultConnectionID = &s
	}
	return nil
}

// applyRoleAssignments replaces rbac_email_implicit_role_assignments.
func applyRoleAssignments(o *stytch.Organization, name string, raw json.RawMessage) *apiError {
	var items []json.RawMessage
	if !hasPrefixByte(raw, '[') || json.Unmarshal(raw, &items) != nil {
		return errBadRequest(name + " must be an array of objects with domain and role_id.")
	}
	out := make([]stytch.RoleAssignment, 0, len(items))
	for _, item := range items {
		var obj map[string]json.RawMessage
		if !hasPrefixByte(item, '{') || json.Unmarshal(item, &obj) != nil {
			return errBadRequest(name + " must be an array of objects with domain and role_id.")
		}
		var ra stytch.RoleAssignment
		for _, kv := range []struct {
			key string
			dst *string
		}{{"domain", &ra.Domain}, {"role_id", &ra.RoleID}} {
			v, ok := obj[kv.key]
			if !ok || isNull(v) {
				continue // an empty domain or role_id fails validation later
			}
			s, err := decodeString(name+"[]."+kv.key, v)
			if err != nil {
				return err
			}
			*kv.dst = s
		}
		out = append(out, ra)
	}
	o.RBACEmailImplicitRoleAssignments = out
	return nil
}

// applyTrustedMetadata applies trusted_metadata (DESIGN.md, "Trusted metadata merge"). On Update the
// top-level keys are merged into the current metadata: a key sent as null is
// deleted, any other value replaces the key's value whole. On Create the
// object is taken as is.
//
// INFERRED: on Create, keys sent as null are dropped, as a merge into {} would.
func applyTrustedMetadata(o *stytch.Organization, name string, raw json.RawMessage) *apiError {
	merged, err := mergeMetadata(o.TrustedMetadata, name, raw)
	if err != nil {
		return err
	}
	o.TrustedMetadata = merged
	return nil
}

// mergeMetadata returns cur with the metadata object raw merged in at the top
// level (DESIGN.md, "Trusted metadata merge"): a key sent as null is deleted,
// any other value replaces the key's value whole. cur is not changed; the
// result is never nil. Organizations (trusted_metadata) and members
// (trusted_metadata, untrusted_metadata) share it.
func mergeMetadata(cur map[string]json.RawMessage, name string, raw json.RawMessage) (map[string]json.RawMessage, *apiError) {
	var obj map[string]json.RawMessage
	if !hasPrefixByte(raw, '{') || json.Unmarshal(raw, &obj) != nil {
		return nil, invalid(etMetadataInvalidFormat, "%s must be a JSON object.", name)
	}
	merged := maps.Clone(cur)
	if merged == nil {
		merged = map[string]json.RawMessage{}
	}
	for k, v := range obj {
		if isNull(v) {
			delete(merged, k)
			continue
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, v); err != nil {
			return nil, invalid(etMetadataInvalidFormat, "%s must be a JSON object.", name)
		}
		merged[k] = compact.Bytes()
	}
	return merged, nil
}

// applyAllowedOAuthTenants replaces allowed_oauth_tenants wholesale.
// INFERRED: replace, not merge (Stytch leaves it open: DESIGN.md, "Allowed OAuth tenants"). The shape must be
// an object of arrays of strings; anything else is
// invalid_oauth_allowed_tenants_format. Provider keys are checked by
// validate.go.
func applyAllowedOAuthTenants(o *stytch.Organization, name string, raw json.RawMessage) *apiError {
	var obj map[string]json.RawMessage
	if !hasPrefixByte(raw, '{') || json.Unmarshal(raw, &obj) != nil {
		return invalid(etInvalidOAuthAllowedTenantsFormat, "%s must be an object mapping a provider (%s) to an array of tenant ids.", name, joinValues(oauthTenantProviders))
	}
	out := make(map[string][]string, len(obj))
	for provider, v := range obj {
		list, err := decodeStrings(name+"."+provider, v)
		if err != nil {
			return invalid(etInvalidOAuthAllowedTenantsFormat, "%s.%s must be an array of tenant id strings.", name, provider)
		}
		out[provider] = list
	}
	o.AllowedOAuthTenants = out
	return nil
}

// decodeString decodes a JSON string; other JSON types are a bad_request.
func decodeString(name string, raw json.RawMessage) (string, *apiError) {
	var s string
	if !hasPrefixByte(raw, '"') || json.Unmarshal(raw, &s) != nil {
		return "", errBadRequest(name + " must be a string.")
	}
	return s, nil
}

// decodeStrings decodes a JSON array of strings (never nil); other JSON
// types, including null entries, are a bad_request.
func decodeStrings(name string, raw json.RawMessage) ([]string, *apiError) {
	var items []json.RawMessage
	if !hasPrefixByte(raw, '[') || json.Unmarshal(raw, &items) != nil {
		return nil, errBadRequest(name + " must be an array of strings.")
	}
	out := make([]string, 0, len(items))
	for _, item := range items {
		var s string
		if !hasPrefixByte(item, '"') || json.Unmarshal(item, &s) != nil {
			return nil, errBadRequest(name + " must be an array of strings.")
		}
		out = append(out, s)
	}
	return out, nil
}

// hasPrefixByte reports whether raw, without leading white space, starts
// with c. It tells JSON value types apart before decoding, as
// encoding/json silently accepts null for strings, slices and maps.
func hasPrefixByte(raw json.RawMessage, c byte) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) > 0 && raw[0] == c
}
