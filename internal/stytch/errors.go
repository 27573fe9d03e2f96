package stytch

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// Error is a non-2xx answer from the Stytch API. It carries everything a user
// needs to act on the failure or to quote it to Stytch support.
type Error struct {
	// StatusCode is the HTTP status of the response.
	StatusCode int
	// ErrorType is Stytch's stable machine-readable code (for example
	// "organization_slug_already_used"). For a body that is not Stytch JSON (an
	// HTML page from a proxy) it is "unexpected_response".
	ErrorType string
	// ErrorMessage is Stytch's human text, or a short excerpt of a non-JSON body.
	ErrorMessage string
	// RequestID identifies the request at Stytch.
	RequestID string
	// ErrorURL links to Stytch's documentation of the error.
	ErrorURL string
	// Method and Path name the call that failed.
	Method string
	Path   string
}

// Error renders the failure on one line: status, error_type, message and request_id.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: HTTP %d", e.Method, e.Path, e.StatusCode)
	if e.ErrorType != "" {
		fmt.Fprintf(&b, ", error_type %q", e.ErrorType)
	}
	if e.ErrorMessage != "" {
		fmt.Fprintf(&b, ", error_message %q", e.ErrorMessage)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, ", request_id %q", e.RequestID)
	}
	if e.ErrorURL != "" {
		fmt.Fprintf(&b, " (see %s)", e.ErrorURL)
	}
	return b.String()
}

// AsError returns the *Error wrapped in err, if any.
func AsError(err error) (*Error, bool) {
	var apiErr *Error
	if errors.As(err, &apiErr) {
		return apiErr, true
	}
	return nil, false
}

// Error types the client acts on. Names from the StytchAPIErrorType enum of
// Stytch's Android SDK, the generated list of every API error type
// (DESIGN.md, "Errors").
const (
	// ErrorTypeOrganizationNotFound: no organization has the id, slug or
	// external id in the path.
	ErrorTypeOrganizationNotFound = "organization_not_found"
	// ErrorTypeSlugAlreadyUsed: another organization has the slug.
	ErrorTypeSlugAlreadyUsed = "organization_slug_already_used"
	// ErrorTypeSearchTimeout: a search ran out of time on Stytch's side;
	// documented as safe to repeat.
	ErrorTypeSearchTimeout = "search_timeout"

	// ErrorTypeSSOConnectionNotFound: the organization has no SSO connection
	// (SAML, OIDC or external) with the id in the path.
	ErrorTypeSSOConnectionNotFound = "sso_connection_not_found"
	// ErrorTypeSSOVerificationKeyNotFound: the SAML connection has no
	// verification certificate with the id in the path. It says nothing about
	// the connection itself, so it is not one of NotFoundErrorTypes; a caller
	// deleting the certificate can take it as done.
	ErrorTypeSSOVerificationKeyNotFound = "sso_verification_key_not_found"
	// ErrorTypeSSOEncryptionPrivateKeyNotFound: the SAML connection has no
	// encryption private key with the id in the path; like the certificate
	// one, it is not one of NotFoundErrorTypes.
	ErrorTypeSSOEncryptionPrivateKeyNotFound = "sso_encryption_private_key_not_found"
	// ErrorTypeCannotDeleteDefaultSSOConnection: the connection is the
	// organization's sso_default_connection_id, which must be changed first.
	ErrorTypeCannotDeleteDefaultSSOConnection = "cannot_delete_default_sso_connection"
	// ErrorTypeCannotDeleteLastSSOVerificationKey: an active SAML connection
	// must keep at least one verification certificate.
	ErrorTypeCannotDeleteLastSSOVerificationKey = "cannot_delete_last_sso_verification_key"
	// ErrorTypeTooManySSOVerificationCertificates: a SAML connection holds at
	// most five verification certificates; a rotation must delete an old one
	// before adding a new one once the cap is reached.
	ErrorTypeTooManySSOVerificationCertificates = "too_many_sso_verification_certificates"

	// ErrorTypeMemberNotFound: the organization has no member with the
	// member id, external id or email address asked for.
	ErrorTypeMemberNotFound = "member_not_found"
	// ErrorTypeMemberDoesNotExistInOrganization: Stytch's other answer about
	// a member and an organization. When Stytch sends it is undocumented, so
	// it is not one of NotFoundErrorTypes: it never removes a member from
	// state on its own.
	ErrorTypeMemberDoesNotExistInOrganization = "member_does_not_exist_in_organization"
	// ErrorTypeDuplicateMemberEmail: another member of the organization has
	// the email address.
	ErrorTypeDuplicateMemberEmail = "duplicate_member_email"
	// ErrorTypeRetiredMemberEmail: the email address is a retired address of
	// another member of the organization; it is free once unlinked.
	ErrorTypeRetiredMemberEmail = "retired_member_email"
	// ErrorTypeDuplicateMemberExternalID: another member of the organization
	// has the external id.
	ErrorTypeDuplicateMemberExternalID = "duplicate_member_external_id"
	// ErrorTypeDuplicateMemberPhoneNumber: another member of the organization
	// has the MFA phone number.
	ErrorTypeDuplicateMemberPhoneNumber = "duplicate_member_phone_number"
	// ErrorTypeDuplicateMemberPhoneNumberForMember: the member already has an
	// MFA phone number; it must be deleted before another is set.
	ErrorTypeDuplicateMemberPhoneNumberForMember = "duplicate_member_phone_number_for_member"
	// ErrorTypeMemberPhoneNumberNotFound: the member has no MFA phone number.
	// It concerns a part of the member, so it is not one of
	// NotFoundErrorTypes; a caller deleting the number can take it as done.
	ErrorTypeMemberPhoneNumberNotFound = "member_phone_number_not_found"
	// ErrorTypeActionAvailableOnlyForActiveMembers: an MFA factor can be
	// attached to an active member only (not to a pending or invited one).
	ErrorTypeActionAvailableOnlyForActiveMembers = "action_available_only_for_active_members"
	// ErrorTypeEmailUpdatesAvailableOnlyForActiveMembers: only an active
	// member's email address can be changed.
	ErrorTypeEmailUpdatesAvailableOnlyForActiveMembers = "email_updates_available_only_for_active_members"
	// ErrorTypeCannotAssignDefaultRBACRoleID: a default role (stytch_member)
	// cannot be assigned through roles.
	ErrorTypeCannotAssignDefaultRBACRoleID = "cannot_assign_default_rbac_role_id"
	// ErrorTypeNoDeletedMemberForReactivation: the member to reactivate is
	// not deleted.
	ErrorTypeNoDeletedMemberForReactivation = "no_deleted_member_found_for_reactivation"
	// ErrorTypeEmailUnverifiedForReactivation: only a member whose email
	// address was verified can be reactivated.
	ErrorTypeEmailUnverifiedForReactivation = "email_unverified_for_reactivation"
	// ErrorTypeReactivationEmailBelongsToAnotherMember: since the delete,
	// another member of the organization took the email address.
	ErrorTypeReactivationEmailBelongsToAnotherMember = "reactivation_email_belongs_to_another_member"

	// ErrorTypeNoActiveSCIMConnection: the organization has no SCIM
	// connection, or none with the id in the path.
	ErrorTypeNoActiveSCIMConnection = "no_active_scim_connection"
	// ErrorTypeActiveSCIMConnectionExists: the organization has a SCIM
	// connection already; it may have one only.
	ErrorTypeActiveSCIMConnectionExists = "active_scim_connection_exists"
	// ErrorTypeSCIMConnectionNotRotatingToken: a rotation complete or cancel
	// while no token rotation is pending.
	ErrorTypeSCIMConnectionNotRotatingToken = "scim_connection_not_rotating_token"
	// ErrorTypeSCIMGroupRoleAssignmentGroupDoesNotExist: a group implicit
	// role assignment names a group that is not a SCIM group of the
	// connection.
	ErrorTypeSCIMGroupRoleAssignmentGroupDoesNotExist = "scim_group_role_assignment_group_does_not_exist"
)

// NotFoundErrorTypes are Stytch's answers that an object does not exist. Only
// these remove a resource from state: a 404 route_not_found (a base_url with a
// wrong path) or a 404 page from a proxy says nothing about the object. The
// not-found answers about a connection's certificates and keys, and about a
// member's phone number, are left out: they concern a part of the object, not
// the object.
var NotFoundErrorTypes = []string{ErrorTypeOrganizationNotFound, ErrorTypeSSOConnectionNotFound, ErrorTypeMemberNotFound, ErrorTypeNoActiveSCIMConnection}

// IsNotFound reports whether err is Stytch's answer that the object does not
// exist: one of NotFoundErrorTypes, whatever the HTTP status.
func IsNotFound(err error) bool {
	apiErr, ok := AsError(err)
	return ok && slices.Contains(NotFoundErrorTypes, apiErr.ErrorType)
}

// errorTypeUnexpected marks an error response whose body is not Stytch JSON.
const errorTypeUnexpected = "unexpected_response"

// IsErrorType reports whether err is a Stytch error of the given error_type.
func IsErrorType(err error, errorType string) bool {
	apiErr, ok := AsError(err)
	return ok && apiErr.ErrorType == errorType
}

// IsRateLimited reports whether err is Stytch's 429 too_many_requests.
func IsRateLimited(err error) bool {
	apiErr, ok := AsError(err)
	return ok && apiErr.StatusCode == http.StatusTooManyRequests
}
