package emulator

import (
	"cmp"
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// This file holds the members in the store: each organization's record has a
// memberSet with its members in creation order and indexes by id, email
// address, retired email address, external id and MFA phone number, so that
// Create, Get and the uniqueness checks take constant time however many
// members an organization has. Everything runs under the store's one mutex.
// DESIGN.md, "Inferred members", lists the choices made where Stytch is
// silent.

// memberRec is one stored member.
type memberRec struct {
	// seq is the project-wide creation sequence number of the member, the
	// sort key of the member search and its cursors.
	seq uint64
	// emailID is the id of the current email address; it moves to
	// retired_email_addresses with the address.
	emailID string
	// directRoles are the explicitly assigned roles, in the order sent.
	directRoles []string
	// m holds the stored fields; Roles and IsAdmin are computed when the
	// member is answered (memberRolesLocked), as they depend on the
	// organization and its SSO connections.
	m member
}

// clone returns a deep copy of r.
func (r *memberRec) clone() *memberRec {
	c := *r
	c.directRoles = slices.Clone(r.directRoles)
	c.m = cloneMember(r.m)
	return &c
}

// deleted reports whether the member is deleted.
func (r *memberRec) deleted() bool {
	return r.m.Status == memberStatusDeleted
}

// memberSet is the members of one organization.
//
// INFERRED: uniqueness (email addresses, retired email addresses, external
// ids, MFA phone numbers) holds among the members that are not deleted, so
// the indexes other than byID hold those members only; email addresses are
// indexed case-folded (DESIGN.md, "Inferred members").
type memberSet struct {
	list       []*memberRec          // creation order, deleted members included
	byID       map[string]*memberRec // every member by member_id
	byEmail    map[string]string     // folded current email address → member_id
	byRetired  map[string]string     // folded retired email address → member_id
	byExternal map[string]string     // external_id → member_id
	byPhone    map[string]string     // mfa_phone_number → member_id
}

// newMemberSet returns an empty set.
func newMemberSet() *memberSet {
	return &memberSet{
		byID:       map[string]*memberRec{},
		byEmail:    map[string]string{},
		byRetired:  map[string]string{},
		byExternal: map[string]string{},
		byPhone:    map[string]string{},
	}
}

// foldEmail is the form in which email addresses are compared.
// INFERRED: email addresses compare case-insensitively (whole address).
func foldEmail(e string) string {
	return strings.ToLower(e)
}

// add inserts a new member.
func (ms *memberSet) add(r *memberRec) {
	ms.list = append(ms.list, r)
	ms.byID[r.m.MemberID] = r
	ms.index(r)
}

// index adds r's unique keys to the indexes, unless r is deleted.
func (ms *memberSet) index(r *memberRec) {
	if r.deleted() {
		return
	}
	id := r.m.MemberID
	ms.byEmail[foldEmail(r.m.EmailAddress)] = id
	for _, re := range r.m.RetiredEmailAddresses {
		ms.byRetired[foldEmail(re.EmailAddress)] = id
	}
	if r.m.ExternalID != "" {
		ms.byExternal[r.m.ExternalID] = id
	}
	if r.m.MFAPhoneNumber != "" {
		ms.byPhone[r.m.MFAPhoneNumber] = id
	}
}

// unindex removes r's unique keys from the indexes.
func (ms *memberSet) unindex(r *memberRec) {
	id := r.m.MemberID
	drop := func(m map[string]string, key string) {
		if m[key] == id {
			delete(m, key)
		}
	}
	drop(ms.byEmail, foldEmail(r.m.EmailAddress))
	for _, re := range r.m.RetiredEmailAddresses {
		drop(ms.byRetired, foldEmail(re.EmailAddress))
	}
	drop(ms.byExternal, r.m.ExternalID)
	drop(ms.byPhone, r.m.MFAPhoneNumber)
}

// emailOwner returns the id of the member, other than self, whose current
// address is email, and of the member, other than self, who retired it.
func (ms *memberSet) emailOwner(email, self string) (current, retired string) {
	key := foldEmail(email)
	if id := ms.byEmail[key]; id != self {
		current = id
	}
	if id := ms.byRetired[key]; id != self {
		retired = id
	}
	return current, retired
}

// conflict checks that r, as it would be stored, shares no unique key with
// another member that is not deleted.
//
// INFERRED: the error types: duplicate_member_email for another member's
// address, retired_member_email for an address another member retired ("A
// retired email address cannot be used by other Members in the same
// Organization"), duplicate_member_external_id, and
// duplicate_member_phone_number for another member's MFA phone number.
func (ms *memberSet) conflict(r *memberRec) *apiError {
	if r.deleted() {
		return nil
	}
	id := r.m.MemberID
	current, retired := ms.emailOwner(r.m.EmailAddress, id)
	if current != "" {
		return invalid(etDuplicateMemberEmail, "A member with the email address %s already exists in this organization.", quote(r.m.EmailAddress))
	}
	if retired != "" {
		return invalid(etRetiredMemberEmail, "The email address %s is a retired email address of another member of this organization; it must be unlinked before it can be used again.", quote(r.m.EmailAddress))
	}
	if ext := r.m.ExternalID; ext != "" {
		if other, ok := ms.byExternal[ext]; ok && other != id {
			return invalid(etDuplicateMemberExternalID, "The external_id %s is already used by another member of this organization.", quote(ext))
		}
	}
	if phone := r.m.MFAPhoneNumber; phone != "" {
		if other, ok := ms.byPhone[phone]; ok && other != id {
			return invalid(etDuplicateMemberPhoneNumber, "The mfa_phone_number %s is already used by another member of this organization.", quote(phone))
		}
	}
	return nil
}

// find resolves a {member_id} path or query value: a member_id, or the
// external_id of a member that is not deleted. Deleted members are not found.
//
// INFERRED: the member_id is tried first, then the external id; a deleted
// member is member_not_found (DESIGN.md, "Inferred members").
func (ms *memberSet) find(key string) *memberRec {
	if r, ok := ms.byID[key]; ok && !r.deleted() {
		return r
	}
	if id, ok := ms.byExternal[key]; ok {
		return ms.byID[id]
	}
	return nil
}

// findByEmail returns the member that is not deleted whose current email
// address is email, compared case-insensitively.
func (ms *memberSet) findByEmail(email string) *memberRec {
	if id, ok := ms.byEmail[foldEmail(email)]; ok {
		return ms.byID[id]
	}
	return nil
}

// hasAnyEmail reports whether a member that is not deleted has one of the
// email addresses as its current address. A nil set has none.
func (ms *memberSet) hasAnyEmail(emails []string) bool {
	if ms == nil {
		return false
	}
	return slices.ContainsFunc(emails, func(e string) bool { _, ok := ms.byEmail[foldEmail(e)]; return ok })
}

// anyEmailContains reports whether the current email address of a member
// that is not deleted contains sub, ignoring case. A nil set has none.
func (ms *memberSet) anyEmailContains(sub string) bool {
	if ms == nil {
		return false
	}
	return slices.ContainsFunc(ms.list, func(r *memberRec) bool { return !r.deleted() && containsFold(r.m.EmailAddress, sub) })
}

// errMemberNotFound is the 404 for a member that does not exist in the
// organization, or is deleted.
// INFERRED: status 404 (the not-found error page family) and the message.
func errMemberNotFound() *apiError {
	return &apiError{status: http.StatusNotFound, errType: etMemberNotFound, message: "Member could not be found."}
}

// memberAnswer is what a member route answers: the member, with its roles
// computed, and its organization.
type memberAnswer struct {
	member member
	org    stytch.Organization
}

// answerLocked returns the answer for member r of rec.
func (st *store) answerLocked(rec *record, r *memberRec) memberAnswer {
	return memberAnswer{member: st.wireMemberLocked(rec, r), org: cloneOrganization(rec.org)}
}

// wireMemberLocked returns a deep copy of r in wire form, with roles and
// is_admin computed.
func (st *store) wireMemberLocked(rec *record, r *memberRec) member {
	m := cloneMember(r.m)
	m.Roles = st.memberRolesLocked(rec, r)
	m.IsAdmin = slices.ContainsFunc(m.Roles, func(role memberRole) bool { return role.RoleID == roleStytchAdmin })
	return m
}

// memberRolesLocked computes a member's roles, each once with all the
// sources that grant it, in this order: the explicit roles in the order
// assigned, then the organization's rbac_email_implicit_role_assignments
// whose domain is the member's email domain, then the implicit role
// assignments of the SAML connections the member has an SSO registration
// with.
//
// INFERRED: email assignments apply whether or not the address is verified,
// and match the domain after the last "@" exactly (no subdomains, any case);
// stytch_member is not listed unless a source grants it explicitly; a SAML
// group assignment applies when the registration's sso_attributes "groups"
// (an array of strings) holds the group; External connections grant no role
// (their source type is undocumented). DESIGN.md, "Inferred members".
func (st *store) memberRolesLocked(rec *record, r *memberRec) []memberRole {
	roles := []memberRole{}
	at := map[string]int{}
	add := func(roleID string, src roleSource) {
		i, ok := at[roleID]
		if !ok {
			i = len(roles)
			at[roleID] = i
			roles = append(roles, memberRole{RoleID: roleID, Sources: []roleSource{}})
		}
		roles[i].Sources = append(roles[i].Sources, src)
	}
	for _, id := range r.directRoles {
		add(id, roleSource{Type: roleSourceDirect, Details: map[string]string{}})
	}
	domain := emailDomain(r.m.EmailAddress)
	for _, a := range rec.org.RBACEmailImplicitRoleAssignments {
		if domain != "" && strings.EqualFold(a.Domain, domain) {
			add(a.RoleID, roleSource{Type: roleSourceEmail, Details: map[string]string{"email_domain": a.Domain}})
		}
	}
	for _, reg := range r.m.SSORegistrations {
		c, ok := st.conns[reg.ConnectionID]
		if !ok || c.kind != connSAML || c.orgID() != rec.org.OrganizationID {
			continue
		}
		for _, a := range c.saml.SAMLConnectionImplicitRoleAssignments {
			add(a.RoleID, roleSource{Type: roleSourceSSO, Details: map[string]string{"connection_id": reg.ConnectionID}})
		}
		groups := registrationGroups(reg)
		for _, a := range c.saml.SAMLGroupImplicitRoleAssignments {
			if slices.Contains(groups, a.Group) {
				add(a.RoleID, roleSource{Type: roleSourceSSOGroup, Details: map[string]string{"connection_id": reg.ConnectionID, "group": a.Group}})
			}
		}
	}
	return roles
}

// registrationGroups returns the IdP groups an SSO registration carries in
// its sso_attributes under "groups", if it is an array of strings.
func registrationGroups(reg ssoRegistration) []string {
	raw, ok := reg.SSOAttributes["groups"]
	if !ok {
		return nil
	}
	var groups []string
	if json.Unmarshal(raw, &groups) != nil {
		return nil
	}
	return groups
}

// emailDomain returns the part of an email address after its last "@".
func emailDomain(email string) string {
	if i := strings.LastIndexByte(email, '@'); i >= 0 {
		return email[i+1:]
	}
	return ""
}

// memberRecordLocked resolves the organization addressed by key and makes
// sure it has a member set.
func (st *store) memberRecordLocked(key string) (*record, *apiError) {
	i := st.indexLocked(key)
	if i < 0 {
		return nil, errOrganizationNotFound()
	}
	rec := st.recs[i]
	if rec.members == nil {
		rec.members = newMemberSet()
	}
	return rec, nil
}

// createMember adds the member that build returns to the organization
// addressed by key, after the uniqueness checks. build runs under the lock
// and sees the organization (for its roles) and its members.
func (st *store) createMember(key string, build func(org *stytch.Organization, ms *memberSet) (*memberRec, *apiError)) (memberAnswer, *apiError) {
	st.mu.Lock()
	defer st.mu.Unlock()
	rec, err := st.memberRecordLocked(key)
	if err != nil {
		return memberAnswer{}, err
	}
	r, err := build(&rec.org, rec.members)
	if err != nil {
		return memberAnswer{}, err
	}
	if err := rec.members.conflict(r); err != nil {
		return memberAnswer{}, err
	}
	st.memberSeq++
	r.seq = st.memberSeq
	rec.members.add(r)
	return st.answerLocked(rec, r), nil
}

// getMember returns the member of the organization addressed by key with the
// given member_id (or external_id) or, if memberID is "", email address.
func (st *store) getMember(key, memberID, email string) (memberAnswer, *apiError) {
	st.mu.Lock()
	defer st.mu.Unlock()
	rec, err := st.memberRecordLocked(key)
	if err != nil {
		return memberAnswer{}, err
	}
	var r *memberRec
	if memberID != "" {
		r = rec.members.find(memberID)
	} else {
		r = rec.members.findByEmail(email)
	}
	if r == nil {
		return memberAnswer{}, errMemberNotFound()
	}
	return st.answerLocked(rec, r), nil
}

// memberLookup says how changeMember resolves {member_id}.
type memberLookup int

const (
	// lookupLive finds a member that is not deleted by member_id or
	// external_id.
	lookupLive memberLookup = iota
	// lookupByID finds any member, deleted ones included, by member_id only
	// (Reactivate: "this endpoint does not accept an external_id").
	lookupByID
)

// changeMember applies mutate to a copy of the member addressed by
// memberKey in the organization addressed by key, and stores the result if
// mutate and the uniqueness checks succeed. On any error the stored member is
// left untouched. mutate sees the organization and the other members.
func (st *store) changeMember(key, memberKey string, lookup memberLookup, mutate func(org *stytch.Organization, ms *memberSet, r *memberRec) *apiError) (memberAnswer, *apiError) {
	st.mu.Lock()
	defer st.mu.Unlock()
	rec, err := st.memberRecordLocked(key)
	if err != nil {
		return memberAnswer{}, err
	}
	var stored *memberRec
	if lookup == lookupByID {
		stored = rec.members.byID[memberKey]
	} else {
		stored = rec.members.find(memberKey)
	}
	if stored == nil {
		return memberAnswer{}, errMemberNotFound()
	}
	r := stored.clone()
	if err := mutate(&rec.org, rec.members, r); err != nil {
		return memberAnswer{}, err
	}
	if err := rec.members.conflict(r); err != nil {
		return memberAnswer{}, err
	}
	rec.members.unindex(stored)
	*stored = *r
	rec.members.index(stored)
	return st.answerLocked(rec, stored), nil
}

// memberMatch is what a member search predicate sees: the member and its
// organization, under the store's lock.
type memberMatch struct {
	st    *store
	rec   *record
	r     *memberRec
	roles []memberRole // computed on first use
}

// roleIDs returns the ids of every role the member has, from any source.
func (mm *memberMatch) roleIDs() []string {
	if mm.roles == nil {
		mm.roles = mm.st.memberRolesLocked(mm.rec, mm.r)
	}
	ids := make([]string, len(mm.roles))
	for i, role := range mm.roles {
		ids[i] = role.RoleID
	}
	return ids
}

// memberSearchResult is one page of a member search.
type memberSearchResult struct {
	total   int                            // matches in all pages
	page    []member                       // this page, in creation order
	orgs    map[string]stytch.Organization // the organizations of the page's members
	more    bool                           // further matches follow the page
	lastSeq uint64                         // sequence number of the page's last member
}

// searchMembers returns the members of the organizations orgIDs that match,
// in creation order: the number of matches and up to limit of them with a
// sequence number above after. Deleted members are skipped unless
// includeDeleted. An id that names no organization is organization_not_found.
//
// INFERRED: organization_ids are organization ids only (no slug or external
// id), and an unknown one is an error rather than matching nothing
// (DESIGN.md, "Inferred members").
func (st *store) searchMembers(orgIDs []string, match func(*memberMatch) bool, includeDeleted bool, after uint64, limit int) (memberSearchResult, *apiError) {
	st.mu.Lock()
	defer st.mu.Unlock()
	type hit struct {
		rec *record
		r   *memberRec
	}
	var hits []hit
	for _, id := range orgIDs {
		rec := st.recordLocked(id)
		if rec == nil {
			return memberSearchResult{}, &apiError{status: http.StatusNotFound, errType: etOrganizationNotFound, message: "Organization " + quote(id) + " could not be found."}
		}
		if rec.members == nil {
			continue
		}
		for _, r := range rec.members.list {
			if r.deleted() && !includeDeleted {
				continue
			}
			if match(&memberMatch{st: st, rec: rec, r: r}) {
				hits = append(hits, hit{rec, r})
			}
		}
	}
	slices.SortFunc(hits, func(a, b hit) int { return cmp.Compare(a.r.seq, b.r.seq) })
	res := memberSearchResult{total: len(hits), page: []member{}, orgs: map[string]stytch.Organization{}}
	for _, h := range hits {
		if h.r.seq <= after {
			continue
		}
		if len(res.page) == limit {
			res.more = true
			break
		}
		res.page = append(res.page, st.wireMemberLocked(h.rec, h.r))
		res.lastSeq = h.r.seq
		if _, ok := res.orgs[h.rec.org.OrganizationID]; !ok {
			res.orgs[h.rec.org.OrganizationID] = cloneOrganization(h.rec.org)
		}
	}
	return res, nil
}

// cloneMember returns a deep copy of m in wire-ready form: every list is
// non-nil (marshaled as []) and every map non-nil (marshaled as {}).
func cloneMember(m member) member {
	c := m
	c.SSORegistrations = make([]ssoRegistration, len(m.SSORegistrations))
	for i, reg := range m.SSORegistrations {
		c.SSORegistrations[i] = reg
		if reg.SSOAttributes != nil {
			c.SSORegistrations[i].SSOAttributes = cloneRawMap(reg.SSOAttributes)
		}
	}
	c.OAuthRegistrations = append([]oauthRegistration{}, m.OAuthRegistrations...)
	c.RetiredEmailAddresses = append([]retiredEmail{}, m.RetiredEmailAddresses...)
	c.Roles = make([]memberRole, len(m.Roles))
	for i, role := range m.Roles {
		c.Roles[i] = memberRole{RoleID: role.RoleID, Sources: make([]roleSource, len(role.Sources))}
		for j, src := range role.Sources {
			details := maps.Clone(src.Details)
			if details == nil {
				details = map[string]string{}
			}
			c.Roles[i].Sources[j] = roleSource{Type: src.Type, Details: details}
		}
	}
	c.TrustedMetadata = cloneRawMap(m.TrustedMetadata)
	c.UntrustedMetadata = cloneRawMap(m.UntrustedMetadata)
	return c
}

// cloneRawMap deep-copies a map of raw JSON values; the result is never nil.
func cloneRawMap(m map[string]json.RawMessage) map[string]json.RawMessage {
	out := make(map[string]json.RawMessage, len(m))
	for k, v := range m {
		out[k] = slices.Clone(v)
	}
	return out
}
