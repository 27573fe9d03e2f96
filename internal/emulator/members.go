package emulator

import (
	"encoding/json"
	"net/http"
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// This file serves the member routes below /v1/b2b/organizations/{organization_id}
// (Create, Get, Update, Delete, Reactivate, Delete external id, Delete MFA
// phone number); member_search.go serves the search and member_store.go
// keeps the members. The wire types are the emulator's own, like its catalog.
// DESIGN.md, "Inferred members", lists the choices made where Stytch is
// silent; the source is the tenant specification's section 5 (stytch-go
// stytch/b2b/organizations_members.go and organizations/members/types.go).

// Limits of the Member object.
const (
	// maxMemberNameLen bounds name, in Unicode code points.
	// INFERRED: Stytch documents no limit.
	maxMemberNameLen = 255
	// maxEmailLen bounds email_address (RFC 5321's path limit).
	// INFERRED: Stytch documents no limit.
	maxEmailLen = 254
)

// e164 is the E.164 form of mfa_phone_number: "+", a country code that does
// not start with 0, 7 to 15 digits in all.
// INFERRED: the digit count (E.164 allows at most 15; fewer than 7 is no
// real number).
var e164 = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)

// member is the Member object.
//
// INFERRED: every field is always answered, strings as "", lists as [],
// objects as {}, external_id included; the optional scim_registration,
// lock_created_at and lock_expires_at are never answered, as the emulator has
// no SCIM provisioning and no locks (DESIGN.md, "Inferred members").
type member struct {
	OrganizationID         string                     `json:"organization_id"`
	MemberID               string                     `json:"member_id"`
	EmailAddress           string                     `json:"email_address"`
	Status                 string                     `json:"status"`
	Name                   string                     `json:"name"`
	SSORegistrations       []ssoRegistration          `json:"sso_registrations"`
	IsBreakglass           bool                       `json:"is_breakglass"`
	MemberPasswordID       string                     `json:"member_password_id"`
	OAuthRegistrations     []oauthRegistration        `json:"oauth_registrations"`
	EmailAddressVerified   bool                       `json:"email_address_verified"`
	MFAPhoneNumberVerified bool                       `json:"mfa_phone_number_verified"`
	IsAdmin                bool                       `json:"is_admin"`
	TOTPRegistrationID     string                     `json:"totp_registration_id"`
	RetiredEmailAddresses  []retiredEmail             `json:"retired_email_addresses"`
	IsLocked               bool                       `json:"is_locked"`
	MFAEnrolled            bool                       `json:"mfa_enrolled"`
	MFAPhoneNumber         string                     `json:"mfa_phone_number"`
	DefaultMFAMethod       string                     `json:"default_mfa_method"`
	Roles                  []memberRole               `json:"roles"`
	TrustedMetadata        map[string]json.RawMessage `json:"trusted_metadata"`
	UntrustedMetadata      map[string]json.RawMessage `json:"untrusted_metadata"`
	CreatedAt              string                     `json:"created_at"`
	UpdatedAt              string                     `json:"updated_at"`
	ExternalID             string                     `json:"external_id"`
}

// ssoRegistration is an SSO login of a member through a connection.
type ssoRegistration struct {
	ConnectionID   string                     `json:"connection_id"`
	ExternalID     string                     `json:"external_id"`
	RegistrationID string                     `json:"registration_id"`
	SSOAttributes  map[string]json.RawMessage `json:"sso_attributes,omitempty"`
}

// oauthRegistration is an OAuth login of a member. The emulator has no OAuth
// flow, so the list is always empty; the type fixes its shape.
type oauthRegistration struct {
	ProviderType              string `json:"provider_type"`
	ProviderSubject           string `json:"provider_subject"`
	MemberOAuthRegistrationID string `json:"member_oauth_registration_id"`
	ProfilePictureURL         string `json:"profile_picture_url,omitempty"`
	Locale                    string `json:"locale,omitempty"`
}

// retiredEmail is an email address a member used before.
type retiredEmail struct {
	EmailID      string `json:"email_id"`
	EmailAddress string `json:"email_address"`
}

// memberRole is a role of a member with every source that grants it.
type memberRole struct {
	RoleID  string       `json:"role_id"`
	Sources []roleSource `json:"sources"`
}

// roleSource is one source of a member's role. Details is {} for a direct
// assignment.
type roleSource struct {
	Type    string            `json:"type"`
	Details map[string]string `json:"details"`
}

// memberResponse is the answer of every member route but Delete and Search.
type memberResponse struct {
	RequestID    string              `json:"request_id"`
	MemberID     string              `json:"member_id"`
	Member       member              `json:"member"`
	Organization stytch.Organization `json:"organization"`
	StatusCode   int                 `json:"status_code"`
}

// memberDeleteResponse is the answer of Delete.
type memberDeleteResponse struct {
	RequestID  string `json:"request_id"`
	MemberID   string `json:"member_id"`
	StatusCode int    `json:"status_code"`
}

// ---------------------------------------------------------------------------
// Request decoding.

// memberInput is a decoded Create or Update body; nil means not sent.
type memberInput struct {
	email, name, phone, externalID, defaultMFA              *string
	trusted, untrusted                                      json.RawMessage
	pending, breakglass, mfaEnrolled, unlinkEmail, preserve *bool
	roles                                                   *[]string
}

// memberFieldDecoders decode each request field into a memberInput.
var memberFieldDecoders = map[string]func(in *memberInput, name string, raw json.RawMessage) *apiError{
	"email_address":              memberString(func(in *memberInput) **string { return &in.email }),
	"name":                       memberString(func(in *memberInput) **string { return &in.name }),
	"mfa_phone_number":           memberString(func(in *memberInput) **string { return &in.phone }),
	"external_id":                memberString(func(in *memberInput) **string { return &in.externalID }),
	"default_mfa_method":         memberString(func(in *memberInput) **string { return &in.defaultMFA }),
	"trusted_metadata":           memberMetadata(func(in *memberInput) *json.RawMessage { return &in.trusted }),
	"untrusted_metadata":         memberMetadata(func(in *memberInput) *json.RawMessage { return &in.untrusted }),
	"create_member_as_pending":   memberBool(func(in *memberInput) **bool { return &in.pending }),
	"is_breakglass":              memberBool(func(in *memberInput) **bool { return &in.breakglass }),
	"mfa_enrolled":               memberBool(func(in *memberInput) **bool { return &in.mfaEnrolled }),
	"unlink_email":               memberBool(func(in *memberInput) **bool { return &in.unlinkEmail }),
	"preserve_existing_sessions": memberBool(func(in *memberInput) **bool { return &in.preserve }),
	"roles": func(in *memberInput, name string, raw json.RawMessage) *apiError {
		list, err := decodeStrings(name, raw)
		if err != nil {
			return err
		}
		in.roles = &list
		return nil
	},
}

// The body fields of Create and Update, in the order the SDKs declare them
// (stytch-go members.CreateParams and UpdateParams); type errors are reported
// in this order. Other fields (the path ids the Go and Python SDKs echo) are
// ignored; so are Update-only fields on Create ("Not accepted on Create").
var (
	memberCreateFields = []string{
		"email_address", "name", "trusted_metadata", "untrusted_metadata", "create_member_as_pending",
		"is_breakglass", "mfa_phone_number", "mfa_enrolled", "roles", "external_id",
	}
	memberUpdateFields = []string{
		"name", "trusted_metadata", "untrusted_metadata", "is_breakglass", "mfa_phone_number",
		"mfa_enrolled", "roles", "preserve_existing_sessions", "default_mfa_method", "email_address",
		"external_id", "unlink_email",
	}
)

// decodeMemberInput decodes the fields of a Create or Update body.
//
// INFERRED: a field sent as null is not sent, as for organizations
// (DESIGN.md, "Omitted fields and null"); preserve_existing_sessions is
// type-checked and has no effect (the emulator has no sessions).
func decodeMemberInput(body map[string]json.RawMessage, m mode) (memberInput, *apiError) {
	names := memberCreateFields
	if m == modeUpdate {
		names = memberUpdateFields
	}
	var in memberInput
	for _, name := range names {
		raw, ok := body[name]
		if !ok || isNull(raw) {
			continue
		}
		if err := memberFieldDecoders[name](&in, name, raw); err != nil {
			return memberInput{}, err
		}
	}
	return in, nil
}

// memberString decodes a string field.
func memberString(get func(*memberInput) **string) func(*memberInput, string, json.RawMessage) *apiError {
	return func(in *memberInput, name string, raw json.RawMessage) *apiError {
		s, err := decodeString(name, raw)
		if err != nil {
			return err
		}
		*get(in) = &s
		return nil
	}
}

// memberBool decodes a boolean field.
func memberBool(get func(*memberInput) **bool) func(*memberInput, string, json.RawMessage) *apiError {
	return func(in *memberInput, name string, raw json.RawMessage) *apiError {
		v, err := optBool(map[string]json.RawMessage{name: raw}, name)
		if err != nil {
			return err
		}
		*get(in) = v
		return nil
	}
}

// memberMetadata checks that a metadata field is an object; it is merged
// when applied.
func memberMetadata(get func(*memberInput) *json.RawMessage) func(*memberInput, string, json.RawMessage) *apiError {
	return func(in *memberInput, name string, raw json.RawMessage) *apiError {
		if !hasPrefixByte(raw, '{') {
			return invalid(etMetadataInvalidFormat, "%s must be a JSON object.", name)
		}
		*get(in) = raw
		return nil
	}
}

// ---------------------------------------------------------------------------
// Rules.

// validEmail reports whether e is an email address the emulator accepts: at
// most 254 bytes, a bare address that net/mail parses to itself (no display
// name, no angle brackets, no comments), whose domain is a valid domain name
// as for organizations (at least two labels; no IP literal).
//
// INFERRED: Stytch documents no format (DESIGN.md, "Inferred members").
func validEmail(e string) bool {
	if e == "" || len(e) > maxEmailLen {
		return false
	}
	a, err := mail.ParseAddress(e)
	if err != nil || a.Address != e {
		return false
	}
	return isValidDomain(emailDomain(e))
}

// validMemberExternalID reports whether s is a valid external_id: at most 128
// ASCII alphanumerics and ".", "_", "-", "|" (stytch-go members.CreateParams).
func validMemberExternalID(s string) bool {
	if len(s) > maxMemberExternalLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isASCIIAlnum(c) && strings.IndexByte("._-|", c) < 0 {
			return false
		}
	}
	return true
}

// roleExists reports whether a role id is defined for the organization: a
// role of the project's RBAC policy (Stytch's default roles, those of
// Options.ProjectPolicy and Options.ProjectRoles) or one of the
// organization's custom_roles (its RBAC policy).
func (s *Server) roleExists(org *stytch.Organization, id string) bool {
	return s.policy.hasRole(id) ||
		slices.ContainsFunc(org.CustomRoles, func(r stytch.CustomRole) bool { return r.RoleID == id })
}

// checkRoleID checks a role id that field assigns to members, explicitly or
// implicitly.
//
// INFERRED: stytch_member is cannot_assign_default_rbac_role_id (Stytch
// assigns it to every member); an empty or undefined role id is
// invalid_rbac_role_id.
func (s *Server) checkRoleID(org *stytch.Organization, id, field string) *apiError {
	switch {
	case id == roleStytchMember:
		return invalid(etCannotAssignDefaultRBACRoleID, "The role %s is assigned to every member by default and cannot be assigned explicitly.", quote(id))
	case strings.TrimSpace(id) == "":
		return invalid(etInvalidRBACRoleID, "%s may not contain an empty role id.", field)
	case !s.roleExists(org, id):
		return invalid(etInvalidRBACRoleID, "The role %s is not defined in the project's or the organization's RBAC policy.", quote(id))
	}
	return nil
}

// checkRoles validates explicit roles (checkRoleID) and returns them without
// repeats.
//
// INFERRED: a repeated id counts once.
func (s *Server) checkRoles(org *stytch.Organization, roles []string) ([]string, *apiError) {
	out := make([]string, 0, len(roles))
	for _, id := range roles {
		if err := s.checkRoleID(org, id, "roles"); err != nil {
			return nil, err
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out, nil
}

// newMemberRec returns a member of org with the defaults of Create: active
// (or pending), unverified, everything else empty.
//
// INFERRED: a member created through the API has not authenticated, so
// email_address_verified is false (DESIGN.md, "Inferred members").
func newMemberRec(orgID string, now time.Time, pending bool) *memberRec {
	ts := now.Format(time.RFC3339)
	status := memberStatusActive
	if pending {
		status = memberStatusPending
	}
	return &memberRec{
		emailID: emailIDPrefix + newUUID(),
		m: cloneMember(member{
			OrganizationID: orgID,
			MemberID:       memberIDPrefixTest + newUUID(),
			Status:         status,
			CreatedAt:      ts,
			UpdatedAt:      ts,
		}),
	}
}

// applyMemberInput applies a decoded Create or Update body to r, checking
// each rule in turn; uniqueness among the organization's members is checked
// by the store afterwards. The first failing rule is answered.
func (s *Server) applyMemberInput(org *stytch.Organization, r *memberRec, in memberInput, m mode) *apiError {
	if err := setMemberEmail(r, in, m); err != nil {
		return err
	}
	if in.name != nil {
		if utf8.RuneCountInString(*in.name) > maxMemberNameLen {
			return errBadRequest("name must be at most 255 characters long.")
		}
		r.m.Name = *in.name
	}
	for _, md := range []struct {
		name string
		raw  json.RawMessage
		dst  *map[string]json.RawMessage
	}{{"trusted_metadata", in.trusted, &r.m.TrustedMetadata}, {"untrusted_metadata", in.untrusted, &r.m.UntrustedMetadata}} {
		if md.raw == nil {
			continue
		}
		merged, err := mergeMetadata(*md.dst, md.name, md.raw)
		if err != nil {
			return err
		}
		if err := checkMetadata(md.name, merged); err != nil {
			return err
		}
		*md.dst = merged
	}
	// INFERRED: the format error is bad_request (Stytch has no member-specific
	// type); "" removes the external id on Update, as for organizations.
	if in.externalID != nil {
		if !validMemberExternalID(*in.externalID) {
			return errBadRequest("external_id must be at most 128 characters from alphanumerics and '.', '_', '-', '|'.")
		}
		r.m.ExternalID = *in.externalID
	}
	if in.roles != nil {
		roles, err := s.checkRoles(org, *in.roles)
		if err != nil {
			return err
		}
		r.directRoles = roles
	}
	if in.breakglass != nil {
		r.m.IsBreakglass = *in.breakglass
	}
	if in.mfaEnrolled != nil {
		r.m.MFAEnrolled = *in.mfaEnrolled
	}
	if err := setMFAPhoneNumber(r, in.phone); err != nil {
		return err
	}
	if m == modeUpdate {
		return setDefaultMFAMethod(r, in.defaultMFA)
	}
	return nil
}

// setMemberEmail applies email_address. Create requires it. On Update a new
// address (other than the current one, ignoring case) is allowed only for an
// active member; the previous address is retired, or deleted with
// unlink_email, and the new one is unverified. A member may go back to one of
// its own retired addresses, which then leaves the retired list.
//
// INFERRED: a missing address is invalid_email; an address equal to the
// current one but for case only changes its spelling; "…only for active
// members" is email_updates_available_only_for_active_members (DESIGN.md,
// "Inferred members").
func setMemberEmail(r *memberRec, in memberInput, m mode) *apiError {
	if m == modeCreate && (in.email == nil || *in.email == "") {
		return invalid(etInvalidEmail, "email_address is required.")
	}
	if in.email == nil || *in.email == r.m.EmailAddress {
		return nil
	}
	email := *in.email
	if !validEmail(email) {
		return invalid(etInvalidEmail, "email_address %s is not a valid email address.", quote(email))
	}
	if m == modeCreate || foldEmail(email) == foldEmail(r.m.EmailAddress) {
		r.m.EmailAddress = email
		return nil
	}
	if r.m.Status != memberStatusActive {
		return invalid(etEmailUpdatesOnlyForActiveMembers, "The email address of a member whose status is %s cannot be updated.", r.m.Status)
	}
	newID := emailIDPrefix + newUUID()
	retired := make([]retiredEmail, 0, len(r.m.RetiredEmailAddresses)+1)
	for _, re := range r.m.RetiredEmailAddresses {
		if foldEmail(re.EmailAddress) == foldEmail(email) {
			newID = re.EmailID
			continue
		}
		retired = append(retired, re)
	}
	if in.unlinkEmail == nil || !*in.unlinkEmail {
		retired = append(retired, retiredEmail{EmailID: r.emailID, EmailAddress: r.m.EmailAddress})
	}
	r.m.RetiredEmailAddresses = retired
	r.m.EmailAddress = email
	r.emailID = newID
	r.m.EmailAddressVerified = false
	r.m.MemberPasswordID = "" // "This will clear any existing passwords"
	return nil
}

// setMFAPhoneNumber applies mfa_phone_number: an E.164 number, only for an
// active member, and only when the member has none ("Throws an error if the
// Member already has a phone number").
//
// INFERRED: "" is not sent (the documented way to remove the number is
// DELETE …/members/mfa_phone_numbers/{member_id}); the error types
// invalid_phone_number, action_available_only_for_active_members (documented
// as "You may not attach an MFA factor to a member that is not active") and
// duplicate_member_phone_number_for_member.
func setMFAPhoneNumber(r *memberRec, phone *string) *apiError {
	if phone == nil || *phone == "" {
		return nil
	}
	switch {
	case !e164.MatchString(*phone):
		return invalid(etInvalidPhoneNumber, "mfa_phone_number %s is not a valid phone number in E.164 format (+1XXXXXXXXXX).", quote(*phone))
	case r.m.Status != memberStatusActive:
		return invalid(etActionOnlyForActiveMembers, "You may not attach an MFA factor to a member that is not active.")
	case r.m.MFAPhoneNumber != "":
		return invalid(etDuplicateMemberPhoneForMember, "The member already has an MFA phone number; delete it before setting another.")
	}
	r.m.MFAPhoneNumber = *phone
	r.m.MFAPhoneNumberVerified = false
	return nil
}

// setDefaultMFAMethod applies default_mfa_method: sms_otp or totp, and the
// member must have that factor.
//
// INFERRED: "" clears it; the member has the sms_otp factor when it has an
// mfa_phone_number (verified or not) and the totp factor never (the emulator
// has no TOTP enrollment); the error types invalid_mfa_default_method and
// default_mfa_member_missing_factor.
func setDefaultMFAMethod(r *memberRec, method *string) *apiError {
	if method == nil {
		return nil
	}
	v := *method
	switch {
	case v == "":
	case !slices.Contains(defaultMFAMethodValues, v):
		return errEnum(etInvalidMFADefaultMethod, "default_mfa_method", v, defaultMFAMethodValues)
	case v == mfaMethodSMSOTP && r.m.MFAPhoneNumber == "", v == mfaMethodTOTP && r.m.TOTPRegistrationID == "":
		return invalid(etDefaultMFAMemberMissingFactor, "default_mfa_method %s needs the member to have that MFA factor.", quote(v))
	}
	r.m.DefaultMFAMethod = v
	return nil
}

// clearMFAPhoneNumber removes the MFA phone number and the default MFA
// method that relies on it.
func clearMFAPhoneNumber(r *memberRec) {
	r.m.MFAPhoneNumber = ""
	r.m.MFAPhoneNumberVerified = false
	if r.m.DefaultMFAMethod == mfaMethodSMSOTP {
		r.m.DefaultMFAMethod = ""
	}
}

// ---------------------------------------------------------------------------
// Handlers.

// handleCreateMember serves POST /v1/b2b/organizations/{organization_id}/members.
//
// INFERRED: the organization's email_allowed_domains and email_invites do
// not restrict a Create with the project's secret.
func (s *Server) handleCreateMember(w http.ResponseWriter, r *http.Request, p routeParams) {
	body, err := readObject(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	in, err := decodeMemberInput(body, modeCreate)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	now := s.now()
	ans, err := s.store.createMember(p.org, func(org *stytch.Organization, _ *memberSet) (*memberRec, *apiError) {
		m := newMemberRec(org.OrganizationID, now, in.pending != nil && *in.pending)
		if err := s.applyMemberInput(org, m, in, modeCreate); err != nil {
			return nil, err
		}
		return m, nil
	})
	s.writeMemberResult(w, r, ans, err)
}

// handleGetMember serves GET /v1/b2b/organizations/{organization_id}/member
// with exactly one of the query parameters member_id (which also takes the
// member's external_id) and email_address.
//
// INFERRED: neither or both is invalid_member_get_fields; other query
// parameters (the Python SDK sends organization_id too) are ignored; a deleted
// member is member_not_found (DESIGN.md, "Inferred members").
func (s *Server) handleGetMember(w http.ResponseWriter, r *http.Request, p routeParams) {
	q := r.URL.Query()
	memberID, email := q.Get("member_id"), q.Get("email_address")
	if (memberID == "") == (email == "") {
		s.writeError(w, r, invalid(etInvalidMemberGetFields, "Exactly one of member_id and email_address must be given."))
		return
	}
	ans, err := s.store.getMember(p.org, memberID, email)
	s.writeMemberResult(w, r, ans, err)
}

// handleUpdateMember serves
// PUT /v1/b2b/organizations/{organization_id}/members/{member_id}: omitted
// fields are unchanged, roles replaces the explicit roles ([] clears them),
// metadata is merged (null deletes a key). A failed update changes nothing.
//
// INFERRED: updated_at changes on every successful update.
func (s *Server) handleUpdateMember(w http.ResponseWriter, r *http.Request, p routeParams) {
	body, err := readObject(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	in, err := decodeMemberInput(body, modeUpdate)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	now := s.now()
	ans, err := s.store.changeMember(p.org, p.member, lookupLive, func(org *stytch.Organization, _ *memberSet, m *memberRec) *apiError {
		if err := s.applyMemberInput(org, m, in, modeUpdate); err != nil {
			return err
		}
		m.m.UpdatedAt = now.Format(time.RFC3339)
		return nil
	})
	s.writeMemberResult(w, r, ans, err)
}

// handleDeleteMember serves
// DELETE /v1/b2b/organizations/{organization_id}/members/{member_id}: a soft
// delete. The member's status becomes deleted; it is hidden from Get and from
// Search (unless statuses asks for deleted members), its email address and
// external id are free for other members, and its retired email addresses
// and MFA phone number are removed ("any emails or auth factors tied to that
// Member are also deleted").
//
// INFERRED: name, metadata, roles and external_id are kept for Reactivate; a
// second delete is member_not_found (DESIGN.md, "Inferred members").
func (s *Server) handleDeleteMember(w http.ResponseWriter, r *http.Request, p routeParams) {
	if _, err := readObject(w, r); err != nil {
		s.writeError(w, r, err)
		return
	}
	now := s.now()
	ans, err := s.store.changeMember(p.org, p.member, lookupLive, func(_ *stytch.Organization, _ *memberSet, m *memberRec) *apiError {
		m.m.Status = memberStatusDeleted
		m.m.RetiredEmailAddresses = []retiredEmail{}
		clearMFAPhoneNumber(m)
		m.m.UpdatedAt = now.Format(time.RFC3339)
		return nil
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, memberDeleteResponse{RequestID: requestID(r), MemberID: ans.member.MemberID, StatusCode: http.StatusOK})
}

// handleReactivateMember serves
// PUT /v1/b2b/organizations/{organization_id}/members/{member_id}/reactivate:
// a deleted member becomes active again. The path takes the member_id only.
//
// INFERRED: the documented condition "at least one verified email" is not
// enforced: members created through the API are never verified in the
// emulator, so Reactivate would always fail. A member that is not deleted is
// no_deleted_member_found_for_reactivation; an email address now used (or
// retired) by another member is reactivation_email_belongs_to_another_member;
// an external id now used by another member is duplicate_member_external_id
// (DESIGN.md, "Inferred members").
func (s *Server) handleReactivateMember(w http.ResponseWriter, r *http.Request, p routeParams) {
	if _, err := readObject(w, r); err != nil {
		s.writeError(w, r, err)
		return
	}
	now := s.now()
	ans, err := s.store.changeMember(p.org, p.member, lookupByID, func(_ *stytch.Organization, ms *memberSet, m *memberRec) *apiError {
		if !m.deleted() {
			return invalid(etNoDeletedMemberForReactivation, "Member %s is not deleted; only deleted members can be reactivated.", quote(m.m.MemberID))
		}
		if current, retired := ms.emailOwner(m.m.EmailAddress, m.m.MemberID); current != "" || retired != "" {
			return invalid(etReactivationEmailOfAnotherMember, "The email address %s of the member now belongs to another member of this organization.", quote(m.m.EmailAddress))
		}
		m.m.Status = memberStatusActive
		m.m.UpdatedAt = now.Format(time.RFC3339)
		return nil
	})
	s.writeMemberResult(w, r, ans, err)
}

// handleDeleteMemberExternalID serves
// DELETE /v1/b2b/organizations/{organization_id}/members/{member_id}/external_id.
//
// INFERRED: it clears external_id (inferred from the name); a member without
// one is answered unchanged, and updated_at changes only when it was set.
func (s *Server) handleDeleteMemberExternalID(w http.ResponseWriter, r *http.Request, p routeParams) {
	if _, err := readObject(w, r); err != nil {
		s.writeError(w, r, err)
		return
	}
	now := s.now()
	ans, err := s.store.changeMember(p.org, p.member, lookupLive, func(_ *stytch.Organization, _ *memberSet, m *memberRec) *apiError {
		if m.m.ExternalID != "" {
			m.m.ExternalID = ""
			m.m.UpdatedAt = now.Format(time.RFC3339)
		}
		return nil
	})
	s.writeMemberResult(w, r, ans, err)
}

// handleDeleteMemberMFAPhone serves
// DELETE /v1/b2b/organizations/{organization_id}/members/mfa_phone_numbers/{member_id}.
//
// INFERRED: a member without a phone number is 404
// member_phone_number_not_found; a default_mfa_method of sms_otp is cleared
// with the number.
func (s *Server) handleDeleteMemberMFAPhone(w http.ResponseWriter, r *http.Request, p routeParams) {
	if _, err := readObject(w, r); err != nil {
		s.writeError(w, r, err)
		return
	}
	now := s.now()
	ans, err := s.store.changeMember(p.org, p.member, lookupLive, func(_ *stytch.Organization, _ *memberSet, m *memberRec) *apiError {
		if m.m.MFAPhoneNumber == "" {
			return &apiError{status: http.StatusNotFound, errType: etMemberPhoneNumberNotFound, message: "The member has no MFA phone number."}
		}
		clearMFAPhoneNumber(m)
		m.m.UpdatedAt = now.Format(time.RFC3339)
		return nil
	})
	s.writeMemberResult(w, r, ans, err)
}

// writeMemberResult answers err, or the {request_id, member_id, member,
// organization, status_code} envelope.
func (s *Server) writeMemberResult(w http.ResponseWriter, r *http.Request, ans memberAnswer, err *apiError) {
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, memberResponse{
		RequestID:    requestID(r),
		MemberID:     ans.member.MemberID,
		Member:       ans.member,
		Organization: ans.org,
		StatusCode:   http.StatusOK,
	})
}
