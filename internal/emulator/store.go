package emulator

import (
	"encoding/json"
	"slices"
	"strings"
	"sync"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// store holds the organizations of one project in creation order, and their
// SSO connections (sso_store.go), members (member_store.go) and SCIM
// connections (scim_store.go). One mutex guards everything: every
// read-validate-write sequence runs under it, so uniqueness checks, updates
// and the rules between organizations and connections are atomic.
type store struct {
	mu   sync.Mutex
	seq  uint64    // last creation sequence number handed out
	recs []*record // in creation order (ascending seq)
	// conns holds every SSO connection by id; each is also in the conns of
	// its organization's record (the same pointer).
	conns map[string]*ssoConn
	// scim holds every SCIM connection by id; each is also the scim of its
	// organization's record (the same pointer).
	scim map[string]*scimConn
	// memberSeq is the last member creation sequence number handed out
	// (project-wide, the order of the member search: member_store.go).
	memberSeq uint64
}

// record is one stored organization with its creation sequence number, the
// stable sort key of listings and search cursors, and its SSO connections.
type record struct {
	seq   uint64
	org   stytch.Organization
	conns []*ssoConn // in creation order
	// members are the organization's members (member_store.go); they are
	// deleted with the organization.
	members *memberSet
	// scim is the organization's SCIM connection, nil when it has none.
	scim *scimConn
}

// newStore returns an empty store.
func newStore() *store {
	return &store{conns: map[string]*ssoConn{}, scim: map[string]*scimConn{}}
}

// len returns the number of organizations.
func (st *store) len() int {
	st.mu.Lock()
	defer st.mu.Unlock()
	return len(st.recs)
}

// snapshot returns deep copies of all organizations in creation order.
func (st *store) snapshot() []stytch.Organization {
	st.mu.Lock()
	defer st.mu.Unlock()
	out := make([]stytch.Organization, len(st.recs))
	for i, rec := range st.recs {
		out[i] = cloneOrganization(rec.org)
	}
	return out
}

// indexLocked resolves an {organization_id} path value: by id, then slug,
// then external id. It returns -1 if nothing matches.
//
// INFERRED: the precedence id → slug → external id (Stytch leaves it open: DESIGN.md, "Organization identifiers");
// slug and external id comparisons are case-sensitive.
func (st *store) indexLocked(key string) int {
	if i := slices.IndexFunc(st.recs, func(rec *record) bool { return rec.org.OrganizationID == key }); i >= 0 {
		return i
	}
	if i := slices.IndexFunc(st.recs, func(rec *record) bool { return rec.org.OrganizationSlug == key }); i >= 0 {
		return i
	}
	return slices.IndexFunc(st.recs, func(rec *record) bool {
		return rec.org.OrganizationExternalID != "" && rec.org.OrganizationExternalID == key
	})
}

// get returns a copy of the organization addressed by key.
func (st *store) get(key string) (stytch.Organization, *apiError) {
	st.mu.Lock()
	defer st.mu.Unlock()
	i := st.indexLocked(key)
	if i < 0 {
		return stytch.Organization{}, errOrganizationNotFound()
	}
	return cloneOrganization(st.recs[i].org), nil
}

// create inserts org after checking project-wide uniqueness and returns a
// copy of what was stored.
func (st *store) create(org stytch.Organization) (stytch.Organization, *apiError) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if err := st.conflictLocked(&org); err != nil {
		return stytch.Organization{}, err
	}
	st.seq++
	st.recs = append(st.recs, &record{seq: st.seq, org: cloneOrganization(org), members: newMemberSet()})
	return cloneOrganization(org), nil
}

// update applies mutate to a copy of the organization addressed by key and
// stores the result if mutate and the uniqueness checks succeed. On any error
// the stored organization is left untouched.
func (st *store) update(key string, mutate func(*stytch.Organization) *apiError) (stytch.Organization, *apiError) {
	st.mu.Lock()
	defer st.mu.Unlock()
	i := st.indexLocked(key)
	if i < 0 {
		return stytch.Organization{}, errOrganizationNotFound()
	}
	org := cloneOrganization(st.recs[i].org)
	if err := mutate(&org); err != nil {
		return stytch.Organization{}, err
	}
	if err := st.conflictLocked(&org); err != nil {
		return stytch.Organization{}, err
	}
	st.recs[i].org = cloneOrganization(org)
	return org, nil
}

// remove hard-deletes the organization addressed by key and returns its id.
// INFERRED: deletion is immediate and final, so the slug, external id and
// claimed domains become reusable at once (Stytch leaves this open: DESIGN.md, "Delete an organization").
// INFERRED: the organization's SSO connections are deleted with it, and so
// are the External connections of other organizations that link to them
// (DESIGN.md, "Inferred SSO connections").
// Its members go with its record: "All Members of the Organization will also
// be deleted" (DESIGN.md, "Delete an organization"), and so does its RBAC
// policy, which is its custom_roles.
// INFERRED: its SCIM connection and the connection's groups are deleted with
// it (DESIGN.md, "Inferred SCIM connections and organization RBAC policies").
func (st *store) remove(key string) (string, *apiError) {
	st.mu.Lock()
	defer st.mu.Unlock()
	i := st.indexLocked(key)
	if i < 0 {
		return "", errOrganizationNotFound()
	}
	rec := st.recs[i]
	for _, c := range slices.Clone(rec.conns) {
		if st.conns[c.id()] == c {
			st.removeConnLocked(c)
		}
	}
	st.removeSCIMLocked(rec)
	st.recs = slices.DeleteFunc(st.recs, func(r *record) bool { return r == rec })
	return rec.org.OrganizationID, nil
}

// conflictLocked checks the project-wide uniqueness of org's slug, external id
// and claimed email domains against every other organization.
func (st *store) conflictLocked(org *stytch.Organization) *apiError {
	for _, rec := range st.recs {
		other := &rec.org
		if other.OrganizationID == org.OrganizationID {
			continue
		}
		// INFERRED: slugs are compared case-sensitively, exactly as stored.
		if other.OrganizationSlug == org.OrganizationSlug {
			return invalid(etOrganizationSlugAlreadyUsed, "The provided organization_slug is already used in another organization.")
		}
		// Stytch's error type for a reused external id is
		// organization_external_id_already_used; its message is INFERRED.
		if org.OrganizationExternalID != "" && other.OrganizationExternalID == org.OrganizationExternalID {
			return invalid(etOrganizationExternalIDAlreadyUsed, "The provided organization_external_id is already used by another organization.")
		}
		for _, d := range org.ClaimedEmailDomains {
			if slices.ContainsFunc(other.ClaimedEmailDomains, func(o string) bool { return strings.EqualFold(o, d) }) {
				return invalid(etClaimedDomainDuplicate, "The claimed email domain %q is already claimed by another organization.", d)
			}
		}
	}
	return nil
}

// search returns the number of organizations that match and, in creation
// order, up to limit matching records with a sequence number above after.
// more reports whether further matches follow the returned page.
func (st *store) search(match predicate, after uint64, limit int) (total int, page []record, more bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, rec := range st.recs {
		if !match(rec) {
			continue
		}
		total++
		if rec.seq <= after {
			continue
		}
		if len(page) == limit {
			more = true
			continue
		}
		page = append(page, record{seq: rec.seq, org: cloneOrganization(rec.org)})
	}
	return total, page, more
}

// cloneOrganization returns a deep copy of o in wire-ready form: every list
// is non-nil (marshaled as []) and every map is non-nil (marshaled as {}).
func cloneOrganization(o stytch.Organization) stytch.Organization {
	c := o
	c.TrustedMetadata = make(map[string]json.RawMessage, len(o.TrustedMetadata))
	for k, v := range o.TrustedMetadata {
		c.TrustedMetadata[k] = slices.Clone(v)
	}
	if o.SSODefaultConnectionID != nil {
		id := *o.SSODefaultConnectionID
		c.SSODefaultConnectionID = &id
	}
	if o.SCIMActiveConnection != nil {
		scim := *o.SCIMActiveConnection
		c.SCIMActiveConnection = &scim
	}
	c.SSOJITProvisioningAllowedConnections = cloneStrings(o.SSOJITProvisioningAllowedConnections)
	c.SSOActiveConnections = append([]stytch.ActiveSSOConnection{}, o.SSOActiveConnections...)
	c.EmailAllowedDomains = cloneStrings(o.EmailAllowedDomains)
	c.AllowedAuthMethods = cloneStrings(o.AllowedAuthMethods)
	c.AllowedMFAMethods = cloneStrings(o.AllowedMFAMethods)
	c.RBACEmailImplicitRoleAssignments = append([]stytch.RoleAssignment{}, o.RBACEmailImplicitRoleAssignments...)
	c.AllowedOAuthTenants = make(map[string][]string, len(o.AllowedOAuthTenants))
	for k, v := range o.AllowedOAuthTenants {
		c.AllowedOAuthTenants[k] = cloneStrings(v)
	}
	c.ClaimedEmailDomains = cloneStrings(o.ClaimedEmailDomains)
	c.AllowedFirstPartyConnectedApps = cloneStrings(o.AllowedFirstPartyConnectedApps)
	c.AllowedThirdPartyConnectedApps = cloneStrings(o.AllowedThirdPartyConnectedApps)
	c.CustomRoles = make([]stytch.CustomRole, len(o.CustomRoles))
	for i, role := range o.CustomRoles {
		c.CustomRoles[i] = role
		c.CustomRoles[i].Permissions = make([]stytch.RolePermission, len(role.Permissions))
		for j, p := range role.Permissions {
			c.CustomRoles[i].Permissions[j] = stytch.RolePermission{ResourceID: p.ResourceID, Actions: cloneStrings(p.Actions)}
		}
	}
	return c
}

// cloneStrings copies s; the result is never nil.
func cloneStrings(s []string) []string {
	return append([]string{}, s...)
}
