package stytch

// Values and objects of Stytch's SCIM connection API (one connection per
// organization). The provider's validators and documentation read the
// slices.
var (
	// SCIMIdentityProviderValues are the values of a SCIM connection's
	// identity_provider: the request enum of stytch-go's
	// scim/connection/types.go, a different set from the SSO connections'.
	SCIMIdentityProviderValues = []string{"generic", "okta", "microsoft-entra", "cyberark", "jumpcloud", "onelogin", "pingfederate", "rippling"}
)

// SCIMGroupRoleAssignment grants role_id to the members of the SCIM group
// group_id. GroupName is filled in by Stytch and never sent.
type SCIMGroupRoleAssignment struct {
	RoleID    string `json:"role_id"`
	GroupID   string `json:"group_id"`
	GroupName string `json:"group_name,omitempty"`
}

// SCIMConnection is what Get, Update, RotateComplete and RotateCancel return.
// It never carries a token, only the last four characters of one.
type SCIMConnection struct {
	OrganizationID                   string                    `json:"organization_id"`
	ConnectionID                     string                    `json:"connection_id"`
	Status                           string                    `json:"status"`
	DisplayName                      string                    `json:"display_name"`
	IdentityProvider                 string                    `json:"identity_provider"`
	BaseURL                          string                    `json:"base_url"`
	BearerTokenLastFour              string                    `json:"bearer_token_last_four"`
	SCIMGroupImplicitRoleAssignments []SCIMGroupRoleAssignment `json:"scim_group_implicit_role_assignments"`
	// NextBearerTokenLastFour is "" when no rotation is in progress.
	NextBearerTokenLastFour string `json:"next_bearer_token_last_four"`
	// The expiry times are RFC 3339 strings, optional in every SDK's type.
	BearerTokenExpiresAt     string `json:"bearer_token_expires_at,omitempty"`
	NextBearerTokenExpiresAt string `json:"next_bearer_token_expires_at,omitempty"`
}

// SCIMConnectionWithToken is the Create response's connection, the only
// answer that carries bearer_token. It has no last-four or next-token fields.
type SCIMConnectionWithToken struct {
	OrganizationID                   string                    `json:"organization_id"`
	ConnectionID                     string                    `json:"connection_id"`
	Status                           string                    `json:"status"`
	DisplayName                      string                    `json:"display_name"`
	IdentityProvider                 string                    `json:"identity_provider"`
	BaseURL                          string                    `json:"base_url"`
	BearerToken                      string                    `json:"bearer_token"`
	SCIMGroupImplicitRoleAssignments []SCIMGroupRoleAssignment `json:"scim_group_implicit_role_assignments"`
	BearerTokenExpiresAt             string                    `json:"bearer_token_expires_at,omitempty"`
}

// SCIMConnectionWithNextToken is the RotateStart response's connection, the
// only answer that carries next_bearer_token.
type SCIMConnectionWithNextToken struct {
	OrganizationID                   string                    `json:"organization_id"`
	ConnectionID                     string                    `json:"connection_id"`
	Status                           string                    `json:"status"`
	DisplayName                      string                    `json:"display_name"`
	IdentityProvider                 string                    `json:"identity_provider"`
	BaseURL                          string                    `json:"base_url"`
	BearerTokenLastFour              string                    `json:"bearer_token_last_four"`
	NextBearerToken                  string                    `json:"next_bearer_token"`
	SCIMGroupImplicitRoleAssignments []SCIMGroupRoleAssignment `json:"scim_group_implicit_role_assignments"`
	BearerTokenExpiresAt             string                    `json:"bearer_token_expires_at,omitempty"`
	NextBearerTokenExpiresAt         string                    `json:"next_bearer_token_expires_at,omitempty"`
}

// SCIMGroup is a group the customer's IdP pushed through the SCIM API.
type SCIMGroup struct {
	GroupID        string `json:"group_id"`
	GroupName      string `json:"group_name"`
	OrganizationID string `json:"organization_id"`
	ConnectionID   string `json:"connection_id"`
}

// CreateSCIMConnectionRequest is the body of
// POST /v1/b2b/scim/{organization_id}/connection. Empty values are omitted:
// Stytch then answers its defaults.
type CreateSCIMConnectionRequest struct {
	DisplayName      string `json:"display_name,omitempty"`
	IdentityProvider string `json:"identity_provider,omitempty"`
}

// UpdateSCIMConnectionRequest is the body of
// PUT /v1/b2b/scim/{organization_id}/connection/{connection_id}. A nil field
// is left unchanged; a pointer to "" or to an empty slice clears it.
type UpdateSCIMConnectionRequest struct {
	DisplayName                      *string                    `json:"display_name,omitempty"`
	IdentityProvider                 *string                    `json:"identity_provider,omitempty"`
	SCIMGroupImplicitRoleAssignments *[]SCIMGroupRoleAssignment `json:"scim_group_implicit_role_assignments,omitempty"`
}

// SCIMGroupsPage is one page of GET …/connection/{connection_id}.
// NextCursor is "" on the last page.
type SCIMGroupsPage struct {
	Groups     []SCIMGroup `json:"scim_groups"`
	NextCursor string      `json:"next_cursor"`
}
