package stytch

import "encoding/json"

// Enumerated values of the Organization object (DESIGN.md, "Enumerations").
// The provider's validators and documentation read these slices. The emulator
// keeps its own copy, and a test compares the two, so a wrong value here fails
// against the emulator instead of being agreed with.
var (
	// SSOJITProvisioningValues are the values of sso_jit_provisioning.
	SSOJITProvisioningValues = []string{"ALL_ALLOWED", "RESTRICTED", "NOT_ALLOWED"}
	// EmailJITProvisioningValues are the values of email_jit_provisioning.
	EmailJITProvisioningValues = []string{"RESTRICTED", "NOT_ALLOWED"}
	// EmailInvitesValues are the values of email_invites.
	EmailInvitesValues = []string{"ALL_ALLOWED", "RESTRICTED", "NOT_ALLOWED"}
	// AuthMethodsValues are the values of auth_methods.
	AuthMethodsValues = []string{"ALL_ALLOWED", "RESTRICTED"}
	// AllowedAuthMethodValues are the entries allowed in allowed_auth_methods.
	AllowedAuthMethodValues = []string{"sso", "magic_link", "email_otp", "password", "google_oauth", "microsoft_oauth", "slack_oauth", "github_oauth", "hubspot_oauth"}
	// MFAPolicyValues are the values of mfa_policy.
	MFAPolicyValues = []string{"REQUIRED_FOR_ALL", "OPTIONAL"}
	// MFAMethodsValues are the values of mfa_methods.
	MFAMethodsValues = []string{"ALL_ALLOWED", "RESTRICTED"}
	// AllowedMFAMethodValues are the entries allowed in allowed_mfa_methods.
	AllowedMFAMethodValues = []string{"sms_otp", "totp"}
	// OAuthTenantJITProvisioningValues are the values of oauth_tenant_jit_provisioning.
	OAuthTenantJITProvisioningValues = []string{"RESTRICTED", "NOT_ALLOWED"}
	// OAuthTenantProviders are the keys allowed in allowed_oauth_tenants.
	OAuthTenantProviders = []string{"slack", "hubspot", "github"}
	// ConnectedAppsAllowedTypeValues are the values of both *_connected_apps_allowed_type fields.
	ConnectedAppsAllowedTypeValues = []string{"ALL_ALLOWED", "RESTRICTED", "NOT_ALLOWED"}
)

// Organization is the wire form of a Stytch B2B Organization (DESIGN.md, "Organization object").
// Fields that Stytch may send as null or omit are pointers or nil-able so that a
// client can tell "unset" from "empty".
type Organization struct {
	OrganizationID                       string                     `json:"organization_id"`
	OrganizationName                     string                     `json:"organization_name"`
	OrganizationSlug                     string                     `json:"organization_slug"`
	OrganizationLogoURL                  string                     `json:"organization_logo_url"`
	OrganizationExternalID               string                     `json:"organization_external_id"`
	TrustedMetadata                      map[string]json.RawMessage `json:"trusted_metadata"`
	SSODefaultConnectionID               *string                    `json:"sso_default_connection_id"`
	SSOJITProvisioning                   string                     `json:"sso_jit_provisioning"`
	SSOJITProvisioningAllowedConnections []string                   `json:"sso_jit_provisioning_allowed_connections"`
	SSOActiveConnections                 []ActiveSSOConnection      `json:"sso_active_connections"`
	SCIMActiveConnection                 *ActiveSCIMConnection      `json:"scim_active_connection"`
	EmailAllowedDomains                  []string                   `json:"email_allowed_domains"`
	EmailJITProvisioning                 string                     `json:"email_jit_provisioning"`
	EmailInvites                         string                     `json:"email_invites"`
	AuthMethods                          string                     `json:"auth_methods"`
	AllowedAuthMethods                   []string                   `json:"allowed_auth_methods"`
	MFAPolicy                            string                     `json:"mfa_policy"`
	MFAMethods                           string                     `json:"mfa_methods"`
	AllowedMFAMethods                    []string                   `json:"allowed_mfa_methods"`
	RBACEmailImplicitRoleAssignments     []RoleAssignment           `json:"rbac_email_implicit_role_assignments"`
	OAuthTenantJITProvisioning           string                     `json:"oauth_tenant_jit_provisioning"`
	AllowedOAuthTenants                  map[string][]string        `json:"allowed_oauth_tenants"`
	ClaimedEmailDomains                  []string                   `json:"claimed_email_domains"`
	FirstPartyConnectedAppsAllowedType   string                     `json:"first_party_connected_apps_allowed_type"`
	AllowedFirstPartyConnectedApps       []string                   `json:"allowed_first_party_connected_apps"`
	ThirdPartyConnectedAppsAllowedType   string                     `json:"third_party_connected_apps_allowed_type"`
	AllowedThirdPartyConnectedApps       []string                   `json:"allowed_third_party_connected_apps"`
	CustomRoles                          []CustomRole               `json:"custom_roles"`
	CreatedAt                            string                     `json:"created_at,omitempty"`
	UpdatedAt                            string                     `json:"updated_at,omitempty"`
}

// ActiveSSOConnection is one SSO connection of an organization (read-only here).
type ActiveSSOConnection struct {
	ConnectionID     string `json:"connection_id"`
	DisplayName      string `json:"display_name"`
	IdentityProvider string `json:"identity_provider"`
}

// ActiveSCIMConnection is the organization's SCIM connection (read-only here).
type ActiveSCIMConnection struct {
	ConnectionID         string `json:"connection_id"`
	DisplayName          string `json:"display_name"`
	BearerTokenLastFour  string `json:"bearer_token_last_four"`
	BearerTokenExpiresAt string `json:"bearer_token_expires_at,omitempty"`
}

// RoleAssignment grants role_id to members whose verified email is in domain.
type RoleAssignment struct {
	Domain string `json:"domain"`
	RoleID string `json:"role_id"`
}

// CustomRole is an organization-scoped RBAC role (read-only here).
type CustomRole struct {
	RoleID      string           `json:"role_id"`
	Description string           `json:"description"`
	Permissions []RolePermission `json:"permissions"`
}

// RolePermission is one resource and the actions a custom role may take on it.
type RolePermission struct {
	ResourceID string   `json:"resource_id"`
	Actions    []string `json:"actions"`
}

// CreateRequest is the body of POST /v1/b2b/organizations. Empty values are
// omitted: on Create, "not sent" and "empty" mean the same thing to Stytch.
type CreateRequest struct {
	OrganizationName                   string                     `json:"organization_name"`
	OrganizationSlug                   string                     `json:"organization_slug,omitempty"`
	OrganizationLogoURL                string                     `json:"organization_logo_url,omitempty"`
	TrustedMetadata                    map[string]json.RawMessage `json:"trusted_metadata,omitempty"`
	OrganizationExternalID             string                     `json:"organization_external_id,omitempty"`
	SSOJITProvisioning                 string                     `json:"sso_jit_provisioning,omitempty"`
	EmailAllowedDomains                []string                   `json:"email_allowed_domains,omitempty"`
	EmailJITProvisioning               string                     `json:"email_jit_provisioning,omitempty"`
	EmailInvites                       string                     `json:"email_invites,omitempty"`
	AuthMethods                        string                     `json:"auth_methods,omitempty"`
	AllowedAuthMethods                 []string                   `json:"allowed_auth_methods,omitempty"`
	MFAPolicy                          string                     `json:"mfa_policy,omitempty"`
	RBACEmailImplicitRoleAssignments   []RoleAssignment           `json:"rbac_email_implicit_role_assignments,omitempty"`
	MFAMethods                         string                     `json:"mfa_methods,omitempty"`
	AllowedMFAMethods                  []string                   `json:"allowed_mfa_methods,omitempty"`
	OAuthTenantJITProvisioning         string                     `json:"oauth_tenant_jit_provisioning,omitempty"`
	AllowedOAuthTenants                map[string][]string        `json:"allowed_oauth_tenants,omitempty"`
	ClaimedEmailDomains                []string                   `json:"claimed_email_domains,omitempty"`
	FirstPartyConnectedAppsAllowedType string                     `json:"first_party_connected_apps_allowed_type,omitempty"`
	AllowedFirstPartyConnectedApps     []string                   `json:"allowed_first_party_connected_apps,omitempty"`
	ThirdPartyConnectedAppsAllowedType string                     `json:"third_party_connected_apps_allowed_type,omitempty"`
	AllowedThirdPartyConnectedApps     []string                   `json:"allowed_third_party_connected_apps,omitempty"`
}

// UpdateRequest is the body of PUT /v1/b2b/organizations/{id}. Stytch's update is
// partial (DESIGN.md, "Update semantics"), so every field is tri-state:
//   - nil pointer / nil map: not sent, Stytch leaves the field unchanged;
//   - pointer to a value: sent, Stytch sets it;
//   - pointer to an empty slice or "": sent as [] or "", Stytch clears it.
//
// TrustedMetadata is merged by Stytch key by key: a key whose RawMessage is nil
// is sent as JSON null, which deletes that key.
type UpdateRequest struct {
	OrganizationName                     *string                    `json:"organization_name,omitempty"`
	OrganizationSlug                     *string                    `json:"organization_slug,omitempty"`
	OrganizationLogoURL                  *string                    `json:"organization_logo_url,omitempty"`
	TrustedMetadata                      map[string]json.RawMessage `json:"trusted_metadata,omitempty"`
	OrganizationExternalID               *string                    `json:"organization_external_id,omitempty"`
	SSODefaultConnectionID               *string                    `json:"sso_default_connection_id,omitempty"`
	SSOJITProvisioning                   *string                    `json:"sso_jit_provisioning,omitempty"`
	SSOJITProvisioningAllowedConnections *[]string                  `json:"sso_jit_provisioning_allowed_connections,omitempty"`
	EmailAllowedDomains                  *[]string                  `json:"email_allowed_domains,omitempty"`
	EmailJITProvisioning                 *string                    `json:"email_jit_provisioning,omitempty"`
	EmailInvites                         *string                    `json:"email_invites,omitempty"`
	AuthMethods                          *string                    `json:"auth_methods,omitempty"`
	AllowedAuthMethods                   *[]string                  `json:"allowed_auth_methods,omitempty"`
	MFAPolicy                            *string                    `json:"mfa_policy,omitempty"`
	RBACEmailImplicitRoleAssignments     *[]RoleAssignment          `json:"rbac_email_implicit_role_assignments,omitempty"`
	MFAMethods                           *string                    `json:"mfa_methods,omitempty"`
	AllowedMFAMethods                    *[]string                  `json:"allowed_mfa_methods,omitempty"`
	OAuthTenantJITProvisioning           *string                    `json:"oauth_tenant_jit_provisioning,omitempty"`
	AllowedOAuthTenants                  *map[string][]string       `json:"allowed_oauth_tenants,omitempty"`
	ClaimedEmailDomains                  *[]string                  `json:"claimed_email_domains,omitempty"`
	FirstPartyConnectedAppsAllowedType   *string                    `json:"first_party_connected_apps_allowed_type,omitempty"`
	AllowedFirstPartyConnectedApps       *[]string                  `json:"allowed_first_party_connected_apps,omitempty"`
	ThirdPartyConnectedAppsAllowedType   *string                    `json:"third_party_connected_apps_allowed_type,omitempty"`
	AllowedThirdPartyConnectedApps       *[]string                  `json:"allowed_third_party_connected_apps,omitempty"`
}

// IsEmpty reports whether the update would send no field at all.
func (u UpdateRequest) IsEmpty() bool {
	b, err := json.Marshal(u)
	return err == nil && string(b) == "{}"
}

// OrganizationResponse is the envelope of Create, Get, Update and Delete external id.
type OrganizationResponse struct {
	RequestID    string       `json:"request_id"`
	StatusCode   int          `json:"status_code"`
	Organization Organization `json:"organization"`
}

// DeleteResponse is the envelope of Delete: it names the id only (DESIGN.md, "Delete an organization").
type DeleteResponse struct {
	RequestID      string `json:"request_id"`
	StatusCode     int    `json:"status_code"`
	OrganizationID string `json:"organization_id"`
}

// Search filter names (DESIGN.md, "Search").
const (
	FilterOrganizationIDs        = "organization_ids"
	FilterOrganizationSlugs      = "organization_slugs"
	FilterOrganizationSlugFuzzy  = "organization_slug_fuzzy"
	FilterOrganizationNameFuzzy  = "organization_name_fuzzy"
	FilterMemberEmails           = "member_emails"
	FilterMemberEmailFuzzy       = "member_email_fuzzy"
	FilterAllowedDomains         = "allowed_domains"
	FilterAllowedDomainFuzzy     = "allowed_domain_fuzzy"
	FilterClaimedEmailDomains    = "claimed_email_domains"
	FilterHasActiveSSOConnection = "has_active_sso_connection"
	FilterSSOConnectionID        = "sso_connection_id"
)

// SearchRequest is the body of POST /v1/b2b/organizations/search.
type SearchRequest struct {
	Cursor string       `json:"cursor,omitempty"`
	Limit  int          `json:"limit,omitempty"`
	Query  *SearchQuery `json:"query,omitempty"`
}

// SearchOperatorAND is the operator of a query whose operands must all match.
// OR is deprecated and "no longer supported" (stytch-go SearchQuery), so the
// client does not offer it.
const SearchOperatorAND = "AND"

// SearchQuery combines operands with operator AND (OR is deprecated).
type SearchQuery struct {
	Operator string          `json:"operator"`
	Operands []SearchOperand `json:"operands"`
}

// SearchOperand is one filter. FilterValue is a string, a bool or a list of
// strings depending on FilterName.
type SearchOperand struct {
	FilterName  string `json:"filter_name"`
	FilterValue any    `json:"filter_value"`
}

// SearchResponse is one page of search results.
type SearchResponse struct {
	RequestID       string          `json:"request_id"`
	StatusCode      int             `json:"status_code"`
	Organizations   []Organization  `json:"organizations"`
	ResultsMetadata ResultsMetadata `json:"results_metadata"`
}

// ResultsMetadata carries the match count and the cursor of the next page
// (null on the last page).
type ResultsMetadata struct {
	Total      int     `json:"total"`
	NextCursor *string `json:"next_cursor"`
}

// ErrorBody is the JSON body of every non-2xx Stytch response (DESIGN.md, "Error body").
type ErrorBody struct {
	StatusCode   int            `json:"status_code"`
	RequestID    string         `json:"request_id"`
	ErrorType    string         `json:"error_type"`
	ErrorMessage string         `json:"error_message"`
	ErrorURL     string         `json:"error_url"`
	ErrorDetails map[string]any `json:"error_details,omitempty"`
}
