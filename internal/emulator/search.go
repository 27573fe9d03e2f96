package emulator

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// Search limits (DESIGN.md, "Search").
const (
	defaultSearchLimit = 100
	maxSearchLimit     = 1000
	minFuzzyLen        = 3
)

// predicate reports whether an organization matches a query or operand. It
// sees the stored record, so that filters can look at the organization's
// members and connections too; it runs under the store's lock.
type predicate = func(*record) bool

// filter is one organization search filter.
type filter = searchFilter[record]

// handleSearch serves POST /v1/b2b/organizations/search (DESIGN.md, "Search"). Results
// come in creation order, a stable order that makes pagination complete: the
// cursor holds the creation sequence number of the last organization of the
// page, so concurrent creates and deletes cause neither duplicates nor
// omissions of organizations that exist throughout.
//
// INFERRED: result order is undocumented (DESIGN.md, "Search"); creation order is used.
func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request, _ routeParams) {
	body, err := readObject(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	limit, err := parseLimit(body["limit"])
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	match, fingerprint, err := compileQuery(body["query"])
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	after, err := s.readCursor(body["cursor"], fingerprint)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	total, page, more := s.store.search(match, after, limit)
	resp := stytch.SearchResponse{
		RequestID:       requestID(r),
		StatusCode:      http.StatusOK,
		Organizations:   make([]stytch.Organization, 0, len(page)),
		ResultsMetadata: stytch.ResultsMetadata{Total: total},
	}
	for _, rec := range page {
		resp.Organizations = append(resp.Organizations, rec.org)
	}
	if more {
		next := s.encodeCursor(page[len(page)-1].seq, fingerprint)
		resp.ResultsMetadata.NextCursor = &next
	}
	s.writeJSON(w, r, resp)
}

// parseLimit reads the page size: absent, null or 0 mean the default of 100.
//
// INFERRED: a limit above 1000 is clamped to 1000 (DESIGN.md, "Search"; Stytch leaves it
// UNKNOWN); a negative or non-integer limit is a bad_request.
func parseLimit(raw json.RawMessage) (int, *apiError) {
	if raw == nil || isNull(raw) {
		return defaultSearchLimit, nil
	}
	t := bytes.TrimSpace(raw)
	if len(t) == 0 || (t[0] != '-' && (t[0] < '0' || t[0] > '9')) {
		return 0, errBadRequest("limit must be an integer.")
	}
	n, err := strconv.ParseInt(string(t), 10, 64)
	switch {
	case err != nil && strings.Contains(err.Error(), "out of range") && t[0] != '-':
		return maxSearchLimit, nil
	case err != nil:
		return 0, errBadRequest("limit must be an integer.")
	case n < 0:
		return 0, errBadRequest("limit may not be negative.")
	case n == 0:
		return defaultSearchLimit, nil
	case n > maxSearchLimit:
		return maxSearchLimit, nil
	}
	return int(n), nil
}

// compileQuery turns the query object of an organization search into a
// predicate and a fingerprint that ties cursors to their query. An absent
// query, or one without operands, matches every organization.
func compileQuery(raw json.RawMessage) (predicate, string, *apiError) {
	match, err := compileQueryWith(raw, filters, orgSearchErrors)
	if err != nil {
		return nil, "", err
	}
	if raw == nil || isNull(raw) {
		return match, fingerprintOf(nil), nil
	}
	return match, fingerprintOf(raw), nil
}

// searchErrors names the error types of one search endpoint: Stytch has one
// family per endpoint (organization_search_…, member_search_…).
type searchErrors struct {
	missingFilterName, filterNameMustBeString, filterNameNotRecognized,
	missingFilterValue, expectedArrayOfStrings, expectedString, expectedBoolean errorType
}

// orgSearchErrors are the error types of the organization search.
var orgSearchErrors = searchErrors{
	missingFilterName:       etSearchMissingFilterName,
	filterNameMustBeString:  etSearchFilterNameMustBeString,
	filterNameNotRecognized: etSearchFilterNameNotRecognized,
	missingFilterValue:      etSearchMissingFilterValue,
	expectedArrayOfStrings:  etSearchExpectedArrayOfStrings,
	expectedString:          etSearchExpectedString,
	expectedBoolean:         etSearchExpectedBoolean,
}

// compileQueryWith turns a search query object into a predicate over T, with
// the filters and error types of one search endpoint. An absent query, or
// one without operands, matches everything.
func compileQueryWith[T any](raw json.RawMessage, set map[string]searchFilter[T], errs searchErrors) (func(*T) bool, *apiError) {
	matchAll := func(*T) bool { return true }
	if raw == nil || isNull(raw) {
		return matchAll, nil
	}
	var q map[string]json.RawMessage
	if !hasPrefixByte(raw, '{') || json.Unmarshal(raw, &q) != nil {
		return nil, errBadRequest("query must be an object with operator and operands.")
	}
	// "Only an operator is required" (stytch-go SearchParams.Query): a query
	// without one is refused rather than read as AND.
	// INFERRED: operators are case-sensitive; the error type is the one the
	// search documentation lists for a bad operator.
	operator := ""
	if v, ok := q["operator"]; ok && !isNull(v) {
		op, err := decodeString("query.operator", v)
		if err != nil {
			return nil, err
		}
		operator = op
	}
	// OR is deprecated but still accepted (DESIGN.md, "Search").
	if operator != "AND" && operator != "OR" {
		if operator == "" {
			return nil, invalid(etSearchInvalidOperator, "query.operator is required: AND (or the deprecated OR).")
		}
		return nil, invalid(etSearchInvalidOperator, "query.operator must be AND or OR; got %q.", operator)
	}
	var rawOperands []json.RawMessage
	if v, ok := q["operands"]; ok && !isNull(v) {
		if !hasPrefixByte(v, '[') || json.Unmarshal(v, &rawOperands) != nil {
			return nil, errBadRequest("query.operands must be an array of objects with filter_name and filter_value.")
		}
	}
	preds := make([]func(*T) bool, 0, len(rawOperands))
	for _, op := range rawOperands {
		p, err := compileOperand(op, set, errs)
		if err != nil {
			return nil, err
		}
		preds = append(preds, p)
	}
	if len(preds) == 0 {
		return matchAll, nil
	}
	if operator == "OR" {
		return func(v *T) bool {
			return slices.ContainsFunc(preds, func(p func(*T) bool) bool { return p(v) })
		}, nil
	}
	return func(v *T) bool {
		for _, p := range preds {
			if !p(v) {
				return false
			}
		}
		return true
	}, nil
}

// valueKind is the JSON type a filter expects as filter_value.
type valueKind int

const (
	kindStrings valueKind = iota // array of strings, at least one
	kindFuzzy                    // string of at least 3 characters
	kindString                   // non-empty string
	kindBool                     // boolean
)

// searchFilter is one search filter over T (DESIGN.md, "Search"): its value
// type and how it matches. Exactly one of the build functions is set,
// according to kind.
type searchFilter[T any] struct {
	kind valueKind
	// missing answers an empty value; tooShort a fuzzy value under three
	// characters. Stytch names both per filter.
	missing, tooShort errorType
	buildStrings      func([]string) (func(*T) bool, *apiError)
	buildString       func(string) func(*T) bool
	buildBool         func(bool) func(*T) bool
}

// filters are Stytch's search filters (DESIGN.md, "Search"), by filter_name.
//
// INFERRED: ids and slugs match exactly (case-sensitive); domains match
// case-insensitively; fuzzy filters are case-insensitive substring matches;
// has_active_sso_connection and sso_connection_id look at the organization's
// active SSO connections only (sso_active_connections: DESIGN.md, "Inferred
// SSO connections").
var filters = map[string]filter{
	filterOrganizationIDs: {kind: kindStrings, missing: etSearchMissingOrganizationIDs, buildStrings: func(ids []string) (predicate, *apiError) {
		return func(r *record) bool { return slices.Contains(ids, r.org.OrganizationID) }, nil
	}},
	filterOrganizationSlugs: {kind: kindStrings, missing: etSearchMissingOrganizationSlugs, buildStrings: func(slugs []string) (predicate, *apiError) {
		return func(r *record) bool { return slices.Contains(slugs, r.org.OrganizationSlug) }, nil
	}},
	filterOrganizationSlugFuzzy: {kind: kindFuzzy, missing: etSearchMissingOrganizationSlugFzy, tooShort: etSearchOrganizationSlugFuzzyShort, buildString: func(v string) predicate {
		return func(r *record) bool { return containsFold(r.org.OrganizationSlug, v) }
	}},
	filterOrganizationNameFuzzy: {kind: kindFuzzy, missing: etSearchMissingOrganizationNameFzy, tooShort: etSearchOrganizationNameFuzzyShort, buildString: func(v string) predicate {
		return func(r *record) bool { return containsFold(r.org.OrganizationName, v) }
	}},
	// The member filters look at the organization's members that are not
	// deleted (member_store.go).
	// INFERRED: member emails compare case-insensitively, like the members'
	// uniqueness; retired addresses do not match (DESIGN.md, "Inferred members").
	filterMemberEmails: {kind: kindStrings, missing: etSearchMissingMemberEmails, buildStrings: func(emails []string) (predicate, *apiError) {
		for _, e := range emails {
			if a, err := mail.ParseAddress(e); err != nil || a.Address != e {
				return nil, invalid(etInvalidEmail, "member_emails contains an invalid email address: %q.", e)
			}
		}
		return func(r *record) bool { return r.members.hasAnyEmail(emails) }, nil
	}},
	filterMemberEmailFuzzy: {kind: kindFuzzy, missing: etSearchMissingMemberEmailFuzzy, tooShort: etSearchMemberEmailFuzzyTooShort, buildString: func(v string) predicate {
		return func(r *record) bool { return r.members.anyEmailContains(v) }
	}},
	filterAllowedDomains: {kind: kindStrings, missing: etSearchMissingAllowedDomains, buildStrings: func(domains []string) (predicate, *apiError) {
		return func(r *record) bool { return anyEqualFold(r.org.EmailAllowedDomains, domains) }, nil
	}},
	filterAllowedDomainFuzzy: {kind: kindFuzzy, missing: etSearchMissingAllowedDomainFuzzy, tooShort: etSearchAllowedDomainFuzzyTooShort, buildString: func(v string) predicate {
		return func(r *record) bool {
			return slices.ContainsFunc(r.org.EmailAllowedDomains, func(d string) bool { return containsFold(d, v) })
		}
	}},
	filterClaimedEmailDomains: {kind: kindStrings, missing: etSearchMissingClaimedEmailDomains, buildStrings: func(domains []string) (predicate, *apiError) {
		return func(r *record) bool { return anyEqualFold(r.org.ClaimedEmailDomains, domains) }, nil
	}},
	filterHasActiveSSOConnection: {kind: kindBool, buildBool: func(want bool) predicate {
		return func(r *record) bool { return (len(r.org.SSOActiveConnections) > 0) == want }
	}},
	filterSSOConnectionID: {kind: kindString, missing: etSearchMissingSSOConnectionID, buildString: func(id string) predicate {
		return func(r *record) bool {
			return slices.ContainsFunc(r.org.SSOActiveConnections, func(c stytch.ActiveSSOConnection) bool { return c.ConnectionID == id })
		}
	}},
}

// compileOperand validates one {filter_name, filter_value} operand.
//
// INFERRED: an absent or null filter_value is
// <endpoint>_search_missing_filter_value; an empty array or empty string is
// the filter's own <endpoint>_search_missing_<filter_name>. The type errors
// (expected_array_of_strings, expected_string, expected_boolean) and the
// too_short ones are Stytch's names for what they say.
func compileOperand[T any](raw json.RawMessage, set map[string]searchFilter[T], errs searchErrors) (func(*T) bool, *apiError) {
	var op map[string]json.RawMessage
	if !hasPrefixByte(raw, '{') || json.Unmarshal(raw, &op) != nil {
		return nil, errBadRequest("each query operand must be an object with filter_name and filter_value.")
	}
	rawName, ok := op["filter_name"]
	if !ok || isNull(rawName) {
		return nil, invalid(errs.missingFilterName, "Each search operand must have a filter_name.")
	}
	var name string
	if !hasPrefixByte(rawName, '"') || json.Unmarshal(rawName, &name) != nil {
		return nil, invalid(errs.filterNameMustBeString, "filter_name must be a string.")
	}
	if name == "" {
		return nil, invalid(errs.missingFilterName, "Each search operand must have a filter_name.")
	}
	f, ok := set[name]
	if !ok {
		return nil, invalid(errs.filterNameNotRecognized, "The filter_name %q is not recognized.", name)
	}
	value, ok := op["filter_value"]
	if !ok || isNull(value) {
		return nil, invalid(errs.missingFilterValue, "The %s filter requires a filter_value.", name)
	}
	switch f.kind {
	case kindStrings:
		list, err := decodeStrings(name, value)
		if err != nil {
			return nil, invalid(errs.expectedArrayOfStrings, "The filter_value of %s must be an array of strings.", name)
		}
		if len(list) == 0 {
			return nil, invalid(f.missing, "The filter_value of %s must contain at least one value.", name)
		}
		return f.buildStrings(list)
	case kindFuzzy, kindString:
		s, err := decodeString(name, value)
		if err != nil {
			return nil, invalid(errs.expectedString, "The filter_value of %s must be a string.", name)
		}
		switch {
		case s == "":
			return nil, invalid(f.missing, "The filter_value of %s may not be empty.", name)
		case f.kind == kindFuzzy && utf8.RuneCountInString(s) < minFuzzyLen:
			return nil, invalid(f.tooShort, "The filter_value of %s must be at least %d characters long.", name, minFuzzyLen)
		}
		return f.buildString(s), nil
	default: // kindBool
		switch string(bytes.TrimSpace(value)) {
		case "true":
			return f.buildBool(true), nil
		case "false":
			return f.buildBool(false), nil
		}
		return nil, invalid(errs.expectedBoolean, "The filter_value of %s must be a boolean.", name)
	}
}

// containsFold reports whether sub is in s, ignoring case.
func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

// anyEqualFold reports whether have and want share an entry, ignoring case.
func anyEqualFold(have, want []string) bool {
	return slices.ContainsFunc(have, func(h string) bool {
		return slices.ContainsFunc(want, func(w string) bool { return strings.EqualFold(h, w) })
	})
}

// ---------------------------------------------------------------------------
// Cursors.

// fingerprintOf identifies a query so that a cursor cannot be replayed
// against another query. White space and object key order do not matter:
// the query is re-encoded canonically (encoding/json sorts map keys).
func fingerprintOf(query json.RawMessage) string {
	var canonical []byte
	if query != nil {
		dec := json.NewDecoder(bytes.NewReader(query))
		dec.UseNumber()
		var v any
		if dec.Decode(&v) == nil {
			canonical, _ = json.Marshal(v)
		}
	}
	sum := sha256.Sum256(canonical)
	return hex.EncodeToString(sum[:8])
}

// readCursor reads the cursor field of a search body: absent, null or ""
// start at the beginning (0); anything else must be a cursor of this server
// for the query with this fingerprint.
func (s *Server) readCursor(raw json.RawMessage, fingerprint string) (uint64, *apiError) {
	if raw == nil || isNull(raw) {
		return 0, nil
	}
	cursor, err := decodeString("cursor", raw)
	if err != nil || cursor == "" {
		return 0, err
	}
	return s.decodeCursor(cursor, fingerprint)
}

// encodeCursor returns the opaque cursor of the page after seq: base64url of
// "v1.<seq>.<query fingerprint>.<MAC>", the MAC keyed per server so forged or
// foreign cursors are detected.
func (s *Server) encodeCursor(seq uint64, fingerprint string) string {
	payload := fmt.Sprintf("v1.%d.%s", seq, fingerprint)
	return base64.RawURLEncoding.EncodeToString([]byte(payload + "." + s.cursorMAC(payload)))
}

// decodeCursor returns the sequence number held by cursor, or
// user_search_invalid_cursor if it is malformed, forged, from another server
// or for another query.
func (s *Server) decodeCursor(cursor, fingerprint string) (uint64, *apiError) {
	bad := invalid(etSearchInvalidCursor, "The cursor is invalid; pass the next_cursor of the previous page for the same query.")
	data, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return 0, bad
	}
	parts := strings.Split(string(data), ".")
	if len(parts) != 4 || parts[0] != "v1" || parts[2] != fingerprint {
		return 0, bad
	}
	payload := strings.Join(parts[:3], ".")
	if !hmac.Equal([]byte(parts[3]), []byte(s.cursorMAC(payload))) {
		return 0, bad
	}
	seq, err := strconv.ParseUint(parts[1], 10, 64)
	if err != nil {
		return 0, bad
	}
	return seq, nil
}

// cursorMAC authenticates a cursor payload with the server's random key.
func (s *Server) cursorMAC(payload string) string {
	mac := hmac.New(sha256.New, s.cursorKey)
	mac.Write([]byte(payload))
	return hex.EncodeToString(mac.Sum(nil)[:12])
}
