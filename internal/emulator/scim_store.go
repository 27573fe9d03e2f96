package emulator

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"slices"
	"time"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// This file holds the SCIM connections in the store, at most one per
// organization, with their bearer tokens and the groups their identity
// provider pushed, all under the store's one mutex, and keeps the
// organizations' scim_active_connection up to date. DESIGN.md, "Inferred
// SCIM connections and organization RBAC policies", lists the choices made
// where Stytch is silent.

// scimToken is a bearer token as the emulator keeps it: only its SHA-256
// hash, enough to authenticate a request, and what the answers show of it.
type scimToken struct {
	hash      [sha256.Size]byte
	lastFour  string
	expiresAt time.Time
}

// newSCIMToken returns the stored form of token, valid until expiresAt.
func newSCIMToken(token string, expiresAt time.Time) scimToken {
	return scimToken{hash: sha256.Sum256([]byte(token)), lastFour: token[len(token)-4:], expiresAt: expiresAt}
}

// matches reports, in constant time, whether token is this token and has
// not expired at now.
func (t *scimToken) matches(token string, now time.Time) bool {
	sum := sha256.Sum256([]byte(token))
	return subtle.ConstantTimeCompare(sum[:], t.hash[:]) == 1 && now.Before(t.expiresAt)
}

// scimAssignment grants roleID to the members of the group groupID.
type scimAssignment struct {
	groupID, roleID string
}

// scimGroup is a group the identity provider pushed through the SCIM
// protocol API.
type scimGroup struct {
	id, name string
	// seq orders the groups of a connection (creation order) and is what
	// the group listing's cursors hold.
	seq     uint64
	created string // RFC 3339
}

// scimConn is one stored SCIM connection.
type scimConn struct {
	id, orgID, displayName, identityProvider string
	token                                    scimToken
	// next is the pending token of a rotation, nil when none is in progress.
	next *scimToken
	// assignments are the scim_group_implicit_role_assignments, in the order
	// sent.
	assignments []scimAssignment
	groups      []*scimGroup // in creation order
	groupSeq    uint64       // last group sequence number handed out
}

// clone returns a deep copy of c.
func (c *scimConn) clone() *scimConn {
	out := *c
	if c.next != nil {
		next := *c.next
		out.next = &next
	}
	out.assignments = slices.Clone(c.assignments)
	out.groups = make([]*scimGroup, len(c.groups))
	for i, g := range c.groups {
		cp := *g
		out.groups[i] = &cp
	}
	return &out
}

// group returns the group with the given id, or nil.
func (c *scimConn) group(id string) *scimGroup {
	if i := slices.IndexFunc(c.groups, func(g *scimGroup) bool { return g.id == id }); i >= 0 {
		return c.groups[i]
	}
	return nil
}

// errNoActiveSCIMConnection is the 404 for an organization without a SCIM
// connection, or a {connection_id} that is not its connection.
//
// INFERRED: status 404 (the not-found error page family) for both; Stytch
// has no scim_connection_not_found type (DESIGN.md, "Inferred SCIM
// connections and organization RBAC policies").
func errNoActiveSCIMConnection(orgID, connID string) *apiError {
	msg := "Organization " + quote(orgID) + " has no SCIM connection."
	if connID != "" {
		msg = "Organization " + quote(orgID) + " has no SCIM connection " + quote(connID) + "."
	}
	return &apiError{status: http.StatusNotFound, errType: etNoActiveSCIMConnection, message: msg}
}

// scimRecordLocked resolves the organization addressed by key and, if
// connID is not "", checks that connID is its SCIM connection.
func (st *store) scimRecordLocked(key, connID string) (*record, *apiError) {
	i := st.indexLocked(key)
	if i < 0 {
		return nil, errOrganizationNotFound()
	}
	rec := st.recs[i]
	if connID != "" && (rec.scim == nil || rec.scim.id != connID) {
		return nil, errNoActiveSCIMConnection(rec.org.OrganizationID, connID)
	}
	return rec, nil
}

// createSCIM adds the connection that build returns to the organization
// addressed by key, which must not have one yet. build runs under the lock
// and gets the organization's id.
func (st *store) createSCIM(key string, build func(orgID string) *scimConn) (*scimConn, *apiError) {
	st.mu.Lock()
	defer st.mu.Unlock()
	rec, err := st.scimRecordLocked(key, "")
	if err != nil {
		return nil, err
	}
	if rec.scim != nil {
		return nil, invalid(etActiveSCIMConnectionExists, "Organization %s already has the SCIM connection %s; an organization has at most one.", quote(rec.org.OrganizationID), quote(rec.scim.id))
	}
	c := build(rec.org.OrganizationID)
	rec.scim = c
	st.scim[c.id] = c
	st.refreshSCIMLocked(rec)
	return c.clone(), nil
}

// getSCIM returns a copy of the SCIM connection of the organization
// addressed by key.
func (st *store) getSCIM(key string) (*scimConn, *apiError) {
	st.mu.Lock()
	defer st.mu.Unlock()
	rec, err := st.scimRecordLocked(key, "")
	if err != nil {
		return nil, err
	}
	if rec.scim == nil {
		return nil, errNoActiveSCIMConnection(rec.org.OrganizationID, "")
	}
	return rec.scim.clone(), nil
}

// changeSCIM applies mutate to a copy of connection connID of the
// organization addressed by key and stores the result if mutate succeeds. On
// any error the stored connection is left untouched. mutate sees the
// organization, for its custom roles.
//
// INFERRED: a connection change does not change the organization's
// updated_at, as for SSO connections.
func (st *store) changeSCIM(key, connID string, mutate func(org *stytch.Organization, c *scimConn) *apiError) (*scimConn, *apiError) {
	st.mu.Lock()
	defer st.mu.Unlock()
	rec, err := st.scimRecordLocked(key, connID)
	if err != nil {
		return nil, err
	}
	c := rec.scim.clone()
	if err := mutate(&rec.org, c); err != nil {
		return nil, err
	}
	*rec.scim = *c
	st.refreshSCIMLocked(rec)
	return c.clone(), nil
}

// deleteSCIM deletes connection connID of the organization addressed by key,
// with its groups.
func (st *store) deleteSCIM(key, connID string) *apiError {
	st.mu.Lock()
	defer st.mu.Unlock()
	rec, err := st.scimRecordLocked(key, connID)
	if err != nil {
		return err
	}
	st.removeSCIMLocked(rec)
	return nil
}

// removeSCIMLocked deletes rec's SCIM connection, if any.
func (st *store) removeSCIMLocked(rec *record) {
	if rec.scim == nil {
		return
	}
	delete(st.scim, rec.scim.id)
	rec.scim = nil
	st.refreshSCIMLocked(rec)
}

// refreshSCIMLocked recomputes rec's scim_active_connection.
func (st *store) refreshSCIMLocked(rec *record) {
	c := rec.scim
	if c == nil {
		rec.org.SCIMActiveConnection = nil
		return
	}
	rec.org.SCIMActiveConnection = &stytch.ActiveSCIMConnection{
		ConnectionID:         c.id,
		DisplayName:          c.displayName,
		BearerTokenLastFour:  c.token.lastFour,
		BearerTokenExpiresAt: c.token.expiresAt.Format(time.RFC3339),
	}
}

// scimGroupsPage is one page of a connection's groups.
type scimGroupsPage struct {
	conn    *scimConn    // a copy of the connection
	groups  []*scimGroup // this page, in creation order
	more    bool         // further groups follow the page
	lastSeq uint64       // sequence number of the page's last group
}

// listSCIMGroups returns up to limit groups of connection connID of the
// organization addressed by key with a sequence number above after.
func (st *store) listSCIMGroups(key, connID string, after uint64, limit int) (scimGroupsPage, *apiError) {
	st.mu.Lock()
	defer st.mu.Unlock()
	rec, err := st.scimRecordLocked(key, connID)
	if err != nil {
		return scimGroupsPage{}, err
	}
	c := rec.scim.clone()
	page := scimGroupsPage{conn: c, groups: []*scimGroup{}}
	for _, g := range c.groups {
		if g.seq <= after {
			continue
		}
		if len(page.groups) == limit {
			page.more = true
			break
		}
		page.groups = append(page.groups, g)
		page.lastSeq = g.seq
	}
	return page, nil
}

// ---------------------------------------------------------------------------
// The SCIM protocol API's side: connections addressed by id and
// authenticated by bearer token.

// scimAuthenticated reports whether token is the current token of connection
// connID or the pending token of its rotation, and has not expired at now.
func (st *store) scimAuthenticated(connID, token string, now time.Time) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	c, ok := st.scim[connID]
	if !ok {
		return false
	}
	// Both are compared, so the time taken does not tell which matched.
	current := c.token.matches(token, now)
	pending := c.next != nil && c.next.matches(token, now)
	return current || pending
}

// withSCIMConn runs f on connection connID under the lock. It reports false
// if the connection does not exist (it was deleted after the request was
// authenticated).
func (st *store) withSCIMConn(connID string, f func(c *scimConn)) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	c, ok := st.scim[connID]
	if !ok {
		return false
	}
	f(c)
	return true
}
