package emulator

import (
	"encoding/json"
	"net/http"
	"net/mail"
	"slices"
	"strings"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// memberSearchResponse is the answer of the member search: the page of
// members, its results metadata and the organizations of the page's members
// ("The map only contains the Organizations that the Members belongs to").
type memberSearchResponse struct {
	RequestID       string                         `json:"request_id"`
	Members         []member                       `json:"members"`
	ResultsMetadata memberResultsMetadata          `json:"results_metadata"`
	Organizations   map[string]stytch.Organization `json:"organizations"`
	StatusCode      int                            `json:"status_code"`
}

// memberResultsMetadata is results_metadata: next_cursor is null on the last
// page.
type memberResultsMetadata struct {
	Total      int     `json:"total"`
	NextCursor *string `json:"next_cursor"`
}

// memberSearchErrors are the error types of the member search.
var memberSearchErrors = searchErrors{
	missingFilterName:       etMemberSearchMissingFilterName,
	filterNameMustBeString:  etMemberSearchFilterNameMustBeStr,
	filterNameNotRecognized: etMemberSearchFilterNameUnknown,
	missingFilterValue:      etMemberSearchMissingFilterValue,
	expectedArrayOfStrings:  etMemberSearchExpectedStrings,
	expectedString:          etMemberSearchExpectedString,
	expectedBoolean:         etMemberSearchExpectedBoolean,
}

// memberPredicate reports whether a member matches a query or operand.
type memberPredicate = func(*memberMatch) bool

// memberFilters are the member search filters (tenant specification 5.9),
// by filter_name.
//
// INFERRED: member_ids entries that start with member-test- or member-live-
// are member ids and match member_id, the others are external ids, and one
// request may not mix both
// (member_search_cannot_mix_internal_and_external_member_ids); emails match
// the current address case-insensitively; statuses values must be member
// statuses (search_invalid_status_filter otherwise); phone numbers match
// exactly; fuzzy filters are case-insensitive substring matches;
// member_roles matches a role from any source; member_password_exists looks
// at member_password_id, which the emulator never sets. The 2023 filter names
// (status, organization_id, organization_slug, organization_slug_fuzzy) are
// not recognized (DESIGN.md, "Inferred members").
var memberFilters = map[string]searchFilter[memberMatch]{
	filterMemberIDs: {kind: kindStrings, missing: etMemberSearchMissingMemberIDs, buildStrings: func(ids []string) (memberPredicate, *apiError) {
		internal := slices.ContainsFunc(ids, isMemberID)
		if internal && slices.ContainsFunc(ids, func(id string) bool { return !isMemberID(id) }) {
			return nil, invalid(etMemberSearchCannotMixMemberIDs, "member_ids may not mix member ids and external ids.")
		}
		if internal {
			return func(mm *memberMatch) bool { return slices.Contains(ids, mm.r.m.MemberID) }, nil
		}
		return func(mm *memberMatch) bool { return mm.r.m.ExternalID != "" && slices.Contains(ids, mm.r.m.ExternalID) }, nil
	}},
	filterMemberEmails: {kind: kindStrings, missing: etMemberSearchMissingMemberEmails, buildStrings: func(emails []string) (memberPredicate, *apiError) {
		folded := make([]string, len(emails))
		for i, e := range emails {
			if a, err := mail.ParseAddress(e); err != nil || a.Address != e {
				return nil, invalid(etInvalidEmail, "member_emails contains an invalid email address: %q.", e)
			}
			folded[i] = foldEmail(e)
		}
		return func(mm *memberMatch) bool { return slices.Contains(folded, foldEmail(mm.r.m.EmailAddress)) }, nil
	}},
	filterMemberEmailFuzzy: {kind: kindFuzzy, missing: etMemberSearchMissingEmailFuzzy, tooShort: etMemberSearchEmailFuzzyTooShort, buildString: func(v string) memberPredicate {
		return func(mm *memberMatch) bool { return containsFold(mm.r.m.EmailAddress, v) }
	}},
	filterMemberIsBreakglass: {kind: kindBool, buildBool: func(want bool) memberPredicate {
		return func(mm *memberMatch) bool { return mm.r.m.IsBreakglass == want }
	}},
	filterStatuses: {kind: kindStrings, missing: etMemberSearchMissingStatuses, buildStrings: func(statuses []string) (memberPredicate, *apiError) {
		for _, st := range statuses {
			if !slices.Contains(memberStatusValues, st) {
				return nil, errEnum(etSearchInvalidStatusFilter, "statuses entries", st, memberStatusValues)
			}
		}
		return func(mm *memberMatch) bool { return slices.Contains(statuses, mm.r.m.Status) }, nil
	}},
	filterMemberMFAPhoneNumbers: {kind: kindStrings, missing: etMemberSearchMissingPhoneNumbers, buildStrings: func(phones []string) (memberPredicate, *apiError) {
		return func(mm *memberMatch) bool {
			return mm.r.m.MFAPhoneNumber != "" && slices.Contains(phones, mm.r.m.MFAPhoneNumber)
		}, nil
	}},
	filterMemberMFAPhoneNumberFuzzy: {kind: kindFuzzy, missing: etMemberSearchMissingPhoneFuzzy, tooShort: etMemberSearchPhoneFuzzyTooShort, buildString: func(v string) memberPredicate {
		return func(mm *memberMatch) bool { return containsFold(mm.r.m.MFAPhoneNumber, v) }
	}},
	filterMemberPasswordExists: {kind: kindBool, buildBool: func(want bool) memberPredicate {
		return func(mm *memberMatch) bool { return (mm.r.m.MemberPasswordID != "") == want }
	}},
	filterMemberRoles: {kind: kindStrings, missing: etMemberSearchMissingMemberRoles, buildStrings: func(roles []string) (memberPredicate, *apiError) {
		return func(mm *memberMatch) bool {
			return slices.ContainsFunc(mm.roleIDs(), func(id string) bool { return slices.Contains(roles, id) })
		}, nil
	}},
}

// isMemberID reports whether a member_ids entry is a member id rather than
// an external id.
func isMemberID(id string) bool {
	return strings.HasPrefix(id, memberIDPrefixTest) || strings.HasPrefix(id, memberIDPrefixLive)
}

// handleMemberSearch serves POST /v1/b2b/organizations/members/search:
// organization_ids (required), cursor, limit and query as in the
// organization search (DESIGN.md, "Search"), over the members of the named
// organizations in creation order. Deleted members are left out unless a
// statuses filter names deleted.
func (s *Server) handleMemberSearch(w http.ResponseWriter, r *http.Request, _ routeParams) {
	body, err := readObject(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	orgIDs, err := readOrganizationIDs(body["organization_ids"])
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	limit, err := parseLimit(body["limit"])
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	match, err := compileQueryWith(body["query"], memberFilters, memberSearchErrors)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	fingerprint := memberSearchFingerprint(orgIDs, body["query"])
	after, err := s.readCursor(body["cursor"], fingerprint)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	res, err := s.store.searchMembers(orgIDs, match, includesDeleted(body["query"]), after, limit)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	resp := memberSearchResponse{
		RequestID:       requestID(r),
		StatusCode:      http.StatusOK,
		Members:         res.page,
		ResultsMetadata: memberResultsMetadata{Total: res.total},
		Organizations:   res.orgs,
	}
	if res.more {
		next := s.encodeCursor(res.lastSeq, fingerprint)
		resp.ResultsMetadata.NextCursor = &next
	}
	s.writeJSON(w, r, resp)
}

// readOrganizationIDs reads organization_ids: a non-empty array of strings,
// repeats dropped.
//
// INFERRED: absent, null or [] is member_search_organization_ids_empty;
// another JSON type is bad_request.
func readOrganizationIDs(raw json.RawMessage) ([]string, *apiError) {
	if raw == nil || isNull(raw) {
		return nil, invalid(etMemberSearchOrganizationIDsEmpty, "organization_ids must contain at least one organization id.")
	}
	ids, err := decodeStrings("organization_ids", raw)
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, invalid(etMemberSearchOrganizationIDsEmpty, "organization_ids must contain at least one organization id.")
	}
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out, nil
}

// includesDeleted reports whether an (already validated) query has a
// statuses operand that names deleted: "By default, this endpoint will not
// return deleted Members".
func includesDeleted(raw json.RawMessage) bool {
	var q struct {
		Operands []struct {
			FilterName  string          `json:"filter_name"`
			FilterValue json.RawMessage `json:"filter_value"`
		} `json:"operands"`
	}
	if raw == nil || json.Unmarshal(raw, &q) != nil {
		return false
	}
	for _, op := range q.Operands {
		var statuses []string
		if op.FilterName == filterStatuses && json.Unmarshal(op.FilterValue, &statuses) == nil && slices.Contains(statuses, memberStatusDeleted) {
			return true
		}
	}
	return false
}

// memberSearchFingerprint ties a member search cursor to its organization ids
// and query, and keeps organization search cursors out.
func memberSearchFingerprint(orgIDs []string, query json.RawMessage) string {
	if query == nil || isNull(query) {
		query = json.RawMessage("null")
	}
	key, _ := json.Marshal(struct {
		Search          string          `json:"search"`
		OrganizationIDs []string        `json:"organization_ids"`
		Query           json.RawMessage `json:"query"`
	}{"members", orgIDs, query})
	return fingerprintOf(key)
}
