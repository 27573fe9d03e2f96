package stytch

import (
	"bytes"
	"encoding/json"
)

// Enumerated values of the Member object. The provider's validators and
// documentation read these slices.
var (
	// MemberStatusValues are the values of a member's status (stytch-go
	// organizations.Member). The status is computed by Stytch: Create sets
	// active, or pending with create_member_as_pending; an invite sets
	// invited; Delete sets deleted.
	MemberStatusValues = []string{MemberStatusPending, MemberStatusInvited, MemberStatusActive, MemberStatusDeleted}
	// MFAMethodValues are the values of default_mfa_method (stytch-go
	// organizations.Member: "The current possible values are sms_otp and totp").
	MFAMethodValues = []string{"sms_otp", "totp"}
)

// Member statuses.
const (
	MemberStatusPending = "pending"
	MemberStatusInvited = "invited"
	MemberStatusActive  = "active"
	// MemberStatusDeleted is a soft-deleted member: Stytch keeps it (Reactivate
	// restores it) while its email address is free for another member, so a
	// caller treats it as gone.
	MemberStatusDeleted = "deleted"
)

// Types of MemberRoleSource: where a role of a member comes from. Only
// direct_assignment is set through the member's own roles; the others follow
// from the organization's email-domain assignments, a SAML connection's
// connection or group assignments, and the SCIM connection's group
// assignments.
const (
	// RoleSourceDirectAssignment: the role is in the member's roles
	// (Create and Update roles). Details are empty.
	RoleSourceDirectAssignment = "direct_assignment"
	// RoleSourceEmailAssignment: the organization's
	// rbac_email_implicit_role_assignments grant it. Details: email_domain.
	RoleSourceEmailAssignment = "email_assignment"
	// RoleSourceSSOConnection: a SAML connection's
	// saml_connection_implicit_role_assignments grant it. Details: connection_id.
	RoleSourceSSOConnection = "sso_connection"
	// RoleSourceSSOConnectionGroup: a SAML connection's
	// saml_group_implicit_role_assignments grant it. Details: connection_id, group.
	RoleSourceSSOConnectionGroup = "sso_connection_group"
	// RoleSourceSCIMConnectionGroup: the SCIM connection's
	// scim_group_implicit_role_assignments grant it. Details: connection_id, group_id.
	RoleSourceSCIMConnectionGroup = "scim_connection_group"
)

// Member is the wire form of a Stytch B2B Member (stytch-go
// organizations.Member). Stytch sends every field not marked omitempty;
// the optional ones decode as "" or nil when absent or null.
type Member struct {
	OrganizationID   string            `json:"organization_id"`
	MemberID         string            `json:"member_id"`
	EmailAddress     string            `json:"email_address"`
	Status           string            `json:"status"`
	Name             string            `json:"name"`
	SSORegistrations []SSORegistration `json:"sso_registrations"`
	// IsBreakglass lets the member bypass the organization's auth_methods
	// and allowed_auth_methods.
	IsBreakglass bool `json:"is_breakglass"`
	// MemberPasswordID is "" when the member has no password.
	MemberPasswordID       string              `json:"member_password_id"`
	OAuthRegistrations     []OAuthRegistration `json:"oauth_registrations"`
	EmailAddressVerified   bool                `json:"email_address_verified"`
	MFAPhoneNumberVerified bool                `json:"mfa_phone_number_verified"`
	// IsAdmin says whether the member has the stytch_admin role, from any source.
	IsAdmin bool `json:"is_admin"`
	// TOTPRegistrationID is "" when the member has no TOTP factor.
	TOTPRegistrationID string `json:"totp_registration_id"`
	// RetiredEmailAddresses are addresses the member had before an email
	// change (by Update or by an IdP); no other member of the organization
	// can use them until they are unlinked.
	RetiredEmailAddresses []RetiredEmail `json:"retired_email_addresses"`
	// IsLocked: too many failed authentication attempts.
	IsLocked    bool `json:"is_locked"`
	MFAEnrolled bool `json:"mfa_enrolled"`
	// MFAPhoneNumber is E.164, "" when none (one docs example shows null,
	// which decodes as "" too).
	MFAPhoneNumber string `json:"mfa_phone_number"`
	// DefaultMFAMethod is one of MFAMethodValues, or "".
	DefaultMFAMethod string `json:"default_mfa_method"`
	// Roles lists every role of the member once, with every source that
	// grants it; only RoleSourceDirectAssignment sources are the member's own
	// roles.
	Roles             []MemberRole               `json:"roles"`
	TrustedMetadata   map[string]json.RawMessage `json:"trusted_metadata"`
	UntrustedMetadata map[string]json.RawMessage `json:"untrusted_metadata"`
	CreatedAt         string                     `json:"created_at,omitempty"`
	UpdatedAt         string                     `json:"updated_at,omitempty"`
	// SCIMRegistration is set for members provisioned by SCIM, nil otherwise.
	SCIMRegistration *SCIMRegistration `json:"scim_registration,omitempty"`
	// ExternalID is the caller's own id of the member, usable where a member
	// id is expected (except Reactivate); "" when unset.
	ExternalID    string `json:"external_id,omitempty"`
	LockCreatedAt string `json:"lock_created_at,omitempty"`
	LockExpiresAt string `json:"lock_expires_at,omitempty"`
}

// DirectRoleIDs returns the ids of the roles assigned to the member
// explicitly (a RoleSourceDirectAssignment source), in Stytch's order: what
// Create and Update set through roles. It is never nil.
func (m *Member) DirectRoleIDs() []string {
	ids := []string{}
	for _, role := range m.Roles {
		for _, source := range role.Sources {
			if source.Type == RoleSourceDirectAssignment {
				ids = append(ids, role.RoleID)
				break
			}
		}
	}
	return ids
}

// MemberRole is one role of a member and every source that grants it.
type MemberRole struct {
	RoleID  string             `json:"role_id"`
	Sources []MemberRoleSource `json:"sources"`
}

// MemberRoleSource is one reason a member has a role. Type is one of the
// RoleSource constants; Details holds the keys that type documents (empty for
// a direct assignment).
type MemberRoleSource struct {
	Type    string         `json:"type"`
	Details map[string]any `json:"details"`
}

// SSORegistration is a member's link to an SSO connection it has
// authenticated with.
type SSORegistration struct {
	ConnectionID string `json:"connection_id"`
	// ExternalID is the member's id at the identity provider.
	ExternalID     string `json:"external_id"`
	RegistrationID string `json:"registration_id"`
	// SSOAttributes are the attributes the identity provider sent.
	SSOAttributes map[string]any `json:"sso_attributes"`
}

// OAuthRegistration is a member's link to an OAuth provider (Google,
// Microsoft, ...).
type OAuthRegistration struct {
	ProviderType              string `json:"provider_type"`
	ProviderSubject           string `json:"provider_subject"`
	MemberOAuthRegistrationID string `json:"member_oauth_registration_id"`
	ProfilePictureURL         string `json:"profile_picture_url,omitempty"`
	Locale                    string `json:"locale,omitempty"`
}

// RetiredEmail is an address a member no longer uses.
type RetiredEmail struct {
	EmailID      string `json:"email_id"`
	EmailAddress string `json:"email_address"`
}

// UnmarshalJSON reads the object form every backend SDK types, and also a
// bare address string, the form one frontend docs example shows
// (["old@stytch.com"]): one retired address must not make a whole member
// unreadable.
func (r *RetiredEmail) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if bytes.Equal(data, []byte("null")) {
		return nil
	}
	if len(data) > 0 && data[0] == '"' {
		var address string
		if err := json.Unmarshal(data, &address); err != nil {
			return err
		}
		*r = RetiredEmail{EmailAddress: address}
		return nil
	}
	type plain RetiredEmail // without this method, so no recursion
	var p plain
	if err := json.Unmarshal(data, &p); err != nil {
		return err
	}
	*r = RetiredEmail(p)
	return nil
}

// SCIMRegistration is a member's link to the organization's SCIM connection.
// SCIMAttributes is the SCIM user resource in snake_case (user_name, active,
// emails, groups, name, ...), kept as decoded JSON.
type SCIMRegistration struct {
	ConnectionID   string         `json:"connection_id"`
	RegistrationID string         `json:"registration_id"`
	ExternalID     string         `json:"external_id,omitempty"`
	SCIMAttributes map[string]any `json:"scim_attributes"`
}

// CreateMemberRequest is the body of
// POST /v1/b2b/organizations/{organization_id}/members. EmailAddress is
// required; everything else is omitted when empty, since on Create "not
// sent" and "empty" mean the same to Stytch. DefaultMFAMethod, UnlinkEmail
// and PreserveExistingSessions exist on Update only.
type CreateMemberRequest struct {
	EmailAddress      string                     `json:"email_address"`
	Name              string                     `json:"name,omitempty"`
	TrustedMetadata   map[string]json.RawMessage `json:"trusted_metadata,omitempty"`
	UntrustedMetadata map[string]json.RawMessage `json:"untrusted_metadata,omitempty"`
	// CreateMemberAsPending creates the member with status pending instead
	// of active; it exists on Create only and is not read back.
	CreateMemberAsPending bool `json:"create_member_as_pending,omitempty"`
	IsBreakglass          bool `json:"is_breakglass,omitempty"`
	// MFAPhoneNumber is E.164. Stytch attaches MFA factors to active members
	// only, so it fails with CreateMemberAsPending
	// (ErrorTypeActionAvailableOnlyForActiveMembers).
	MFAPhoneNumber string `json:"mfa_phone_number,omitempty"`
	MFAEnrolled    bool   `json:"mfa_enrolled,omitempty"`
	// Roles are the ids of the roles to assign explicitly.
	Roles      []string `json:"roles,omitempty"`
	ExternalID string   `json:"external_id,omitempty"`
}

// UpdateMemberRequest is the body of
// PUT /v1/b2b/organizations/{organization_id}/members/{member_id}. The update
// is partial, so every field is tri-state, as in UpdateRequest:
//   - nil: not sent, Stytch leaves the field unchanged;
//   - pointer to a value: sent;
//   - pointer to "", false or an empty slice: sent as "", false or [].
//
// TrustedMetadata and UntrustedMetadata are merged by Stytch key by key, as
// the organization's trusted_metadata: a key whose RawMessage is nil is sent
// as JSON null, which deletes that key; a nil or empty map is not sent.
type UpdateMemberRequest struct {
	Name              *string                    `json:"name,omitempty"`
	TrustedMetadata   map[string]json.RawMessage `json:"trusted_metadata,omitempty"`
	UntrustedMetadata map[string]json.RawMessage `json:"untrusted_metadata,omitempty"`
	IsBreakglass      *bool                      `json:"is_breakglass,omitempty"`
	// MFAPhoneNumber sets the phone number of a member that has none; Stytch
	// refuses to replace one (ErrorTypeDuplicateMemberPhoneNumberForMember),
	// so a change is DeleteMemberMFAPhoneNumber first.
	MFAPhoneNumber *string `json:"mfa_phone_number,omitempty"`
	MFAEnrolled    *bool   `json:"mfa_enrolled,omitempty"`
	// Roles replaces the explicitly assigned roles; a pointer to an empty
	// slice removes them all. Roles granted by other sources stay.
	Roles *[]string `json:"roles,omitempty"`
	// PreserveExistingSessions keeps the member's sessions when a removed
	// explicit role is also granted by an SSO connection or group; by
	// default Stytch revokes the sessions that hold such an SSO factor.
	PreserveExistingSessions *bool `json:"preserve_existing_sessions,omitempty"`
	// DefaultMFAMethod is one of MFAMethodValues; the member must have that factor.
	DefaultMFAMethod *string `json:"default_mfa_method,omitempty"`
	// EmailAddress changes the member's address: Stytch clears its passwords,
	// requires the new address to be verified, and retires the old address
	// (unless UnlinkEmail), which no other member of the organization can
	// then use. See UpdateMember for how such an update is repeated.
	EmailAddress *string `json:"email_address,omitempty"`
	// ExternalID sets the external id. Whether "" clears it is undocumented;
	// DeleteMemberExternalID is the documented way.
	ExternalID *string `json:"external_id,omitempty"`
	// UnlinkEmail, with EmailAddress, deletes the old address instead of
	// retiring it.
	UnlinkEmail *bool `json:"unlink_email,omitempty"`
}

// IsEmpty reports whether the update would send no field at all.
func (u UpdateMemberRequest) IsEmpty() bool {
	b, err := json.Marshal(u)
	return err == nil && string(b) == "{}"
}

// MemberResponse is the envelope of Create, Get, Update, Reactivate, Delete
// external id and Delete MFA phone number: the member and its organization.
type MemberResponse struct {
	RequestID    string       `json:"request_id"`
	MemberID     string       `json:"member_id"`
	Member       Member       `json:"member"`
	Organization Organization `json:"organization"`
	StatusCode   int          `json:"status_code"`
}

// DeleteMemberResponse is the envelope of Delete: it names the id only.
type DeleteMemberResponse struct {
	RequestID  string `json:"request_id"`
	MemberID   string `json:"member_id"`
	StatusCode int    `json:"status_code"`
}

// Member search filter names (stytch-node MemberSearchOperand, the search
// members docs). Fuzzy filters take a string of at least three characters;
// MemberFilterIsBreakglass and MemberFilterPasswordExists take a boolean;
// the others a non-empty list of strings. MemberFilterIDs cannot mix member
// ids and external ids. Deleted members match only when MemberFilterStatuses
// includes "deleted".
const (
	MemberFilterIDs                 = "member_ids"
	MemberFilterEmails              = "member_emails"
	MemberFilterEmailFuzzy          = "member_email_fuzzy"
	MemberFilterIsBreakglass        = "member_is_breakglass"
	MemberFilterStatuses            = "statuses"
	MemberFilterMFAPhoneNumbers     = "member_mfa_phone_numbers"
	MemberFilterMFAPhoneNumberFuzzy = "member_mfa_phone_number_fuzzy"
	MemberFilterPasswordExists      = "member_password_exists"
	MemberFilterRoles               = "member_roles"
)

// SearchMembersRequest is the body of POST /v1/b2b/organizations/members/search.
// OrganizationIDs is required and holds at least one organization id.
type SearchMembersRequest struct {
	OrganizationIDs []string     `json:"organization_ids"`
	Cursor          string       `json:"cursor,omitempty"`
	Limit           int          `json:"limit,omitempty"`
	Query           *SearchQuery `json:"query,omitempty"`
}

// SearchMembersResponse is one page of member search results. Organizations
// maps the id of each organization the page's members belong to to that
// organization.
type SearchMembersResponse struct {
	RequestID       string                  `json:"request_id"`
	StatusCode      int                     `json:"status_code"`
	Members         []Member                `json:"members"`
	ResultsMetadata ResultsMetadata         `json:"results_metadata"`
	Organizations   map[string]Organization `json:"organizations"`
}
