package emulator

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// This file serves the SCIM connection management routes below
// /v1/b2b/scim/{organization_id}/connection (Create, Get, Update, Delete,
// token rotation, group listing); scim_protocol.go serves the SCIM 2.0
// protocol API an identity provider calls, and scim_store.go keeps the
// connections. The wire types are the emulator's own, like its catalog; the
// source is the tenant specification's section 4 (stytch-go
// stytch/b2b/scim_connection.go, scim/connection/types.go and scim/types.go).
// DESIGN.md, "Inferred SCIM connections and organization RBAC policies",
// lists the choices made where Stytch is silent.

const (
	// scimTokenLen is the length of a bearer token ("48 alphanumeric
	// characters", as in the documented examples).
	scimTokenLen = 48
	// scimTokenAlphabet are the characters of a bearer token.
	scimTokenAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	// scimTokenLifetimeYears is how long a token is valid.
	// INFERRED: Stytch answers bearer_token_expires_at but documents no
	// lifetime; five years is arbitrary.
	scimTokenLifetimeYears = 5
	// Group listing limits ("The default limit is 100. A maximum of 1000
	// results can be returned").
	scimGroupsDefaultLimit = 100
	scimGroupsMaxLimit     = 1000
)

// scimRoleAssignment is an entry of scim_group_implicit_role_assignments.
type scimRoleAssignment struct {
	RoleID    string `json:"role_id"`
	GroupID   string `json:"group_id"`
	GroupName string `json:"group_name"`
}

// scimConnectionWire is the SCIMConnection object, what Get, Update,
// RotateComplete and RotateCancel answer.
//
// INFERRED: next_bearer_token_last_four is always answered, "" when no
// rotation is in progress (Node and Python declare it non-optional);
// bearer_token_expires_at is always answered, next_bearer_token_expires_at
// only during a rotation.
type scimConnectionWire struct {
	OrganizationID                   string               `json:"organization_id"`
	ConnectionID                     string               `json:"connection_id"`
	Status                           string               `json:"status"`
	DisplayName                      string               `json:"display_name"`
	IdentityProvider                 string               `json:"identity_provider"`
	BaseURL                          string               `json:"base_url"`
	BearerTokenLastFour              string               `json:"bearer_token_last_four"`
	SCIMGroupImplicitRoleAssignments []scimRoleAssignment `json:"scim_group_implicit_role_assignments"`
	NextBearerTokenLastFour          string               `json:"next_bearer_token_last_four"`
	BearerTokenExpiresAt             string               `json:"bearer_token_expires_at"`
	NextBearerTokenExpiresAt         string               `json:"next_bearer_token_expires_at,omitempty"`
}

// scimConnectionWithToken is the SCIMConnectionWithToken object, what Create
// answers: the only answer with bearer_token, and without the last-four and
// next-token fields.
type scimConnectionWithToken struct {
	OrganizationID                   string               `json:"organization_id"`
	ConnectionID                     string               `json:"connection_id"`
	Status                           string               `json:"status"`
	DisplayName                      string               `json:"display_name"`
	IdentityProvider                 string               `json:"identity_provider"`
	BaseURL                          string               `json:"base_url"`
	BearerToken                      string               `json:"bearer_token"`
	SCIMGroupImplicitRoleAssignments []scimRoleAssignment `json:"scim_group_implicit_role_assignments"`
	BearerTokenExpiresAt             string               `json:"bearer_token_expires_at"`
}

// scimConnectionWithNextToken is the SCIMConnectionWithNextToken object,
// what RotateStart answers: the only answer with next_bearer_token.
type scimConnectionWithNextToken struct {
	OrganizationID                   string               `json:"organization_id"`
	ConnectionID                     string               `json:"connection_id"`
	Status                           string               `json:"status"`
	DisplayName                      string               `json:"display_name"`
	BaseURL                          string               `json:"base_url"`
	IdentityProvider                 string               `json:"identity_provider"`
	BearerTokenLastFour              string               `json:"bearer_token_last_four"`
	NextBearerToken                  string               `json:"next_bearer_token"`
	SCIMGroupImplicitRoleAssignments []scimRoleAssignment `json:"scim_group_implicit_role_assignments"`
	BearerTokenExpiresAt             string               `json:"bearer_token_expires_at"`
	NextBearerTokenExpiresAt         string               `json:"next_bearer_token_expires_at"`
}

// scimGroupWire is an entry of the group listing.
type scimGroupWire struct {
	GroupID        string `json:"group_id"`
	GroupName      string `json:"group_name"`
	OrganizationID string `json:"organization_id"`
	ConnectionID   string `json:"connection_id"`
}

// scimConnectionResponse is the {request_id, status_code, connection}
// envelope; connection is one of the three connection objects.
type scimConnectionResponse struct {
	RequestID  string `json:"request_id"`
	StatusCode int    `json:"status_code"`
	Connection any    `json:"connection"`
}

// scimGroupsResponse answers the group listing.
//
// INFERRED: request_id is answered although the Go and Node types lack it
// (Python requires it); next_cursor is null on the last page.
type scimGroupsResponse struct {
	RequestID  string          `json:"request_id"`
	StatusCode int             `json:"status_code"`
	SCIMGroups []scimGroupWire `json:"scim_groups"`
	NextCursor *string         `json:"next_cursor"`
}

// newSCIMBearerToken returns a fresh random bearer token.
func newSCIMBearerToken() string {
	b := make([]byte, 0, scimTokenLen)
	var buf [64]byte
	for len(b) < scimTokenLen {
		_, _ = rand.Read(buf[:]) // crypto/rand.Read never fails (Go 1.24+).
		for _, v := range buf {
			// 248 = 4 × 62: drop the values that would bias the draw.
			if v < 248 && len(b) < scimTokenLen {
				b = append(b, scimTokenAlphabet[v%62])
			}
		}
	}
	return string(b)
}

// scimBaseURL is the base_url of a connection: the URL of the SCIM protocol
// API for it, which the customer gives to their identity provider.
//
// INFERRED: the host is Options.PublicBaseURL, as for SSO connections; the
// emulator serves the protocol API at that path (scim_protocol.go).
func (s *Server) scimBaseURL(c *scimConn) string {
	u := s.scimEndpoint(c.id)
	if c.identityProvider == scimEntraIdentityProvider {
		u += scimEntraBaseURLSuffix
	}
	return u
}

// scimEndpoint is base_url without the identity provider's query suffix.
func (s *Server) scimEndpoint(connID string) string {
	return s.opts.PublicBaseURL + scimBasePath + "/" + connID
}

// scimAssignmentsWire returns c's role assignments, each with the name of
// its group.
func scimAssignmentsWire(c *scimConn) []scimRoleAssignment {
	out := make([]scimRoleAssignment, 0, len(c.assignments))
	for _, a := range c.assignments {
		name := ""
		if g := c.group(a.groupID); g != nil {
			name = g.name
		}
		out = append(out, scimRoleAssignment{RoleID: a.roleID, GroupID: a.groupID, GroupName: name})
	}
	return out
}

// scimWire returns the SCIMConnection object of c.
func (s *Server) scimWire(c *scimConn) scimConnectionWire {
	w := scimConnectionWire{
		OrganizationID:                   c.orgID,
		ConnectionID:                     c.id,
		Status:                           scimStatusActive,
		DisplayName:                      c.displayName,
		IdentityProvider:                 c.identityProvider,
		BaseURL:                          s.scimBaseURL(c),
		BearerTokenLastFour:              c.token.lastFour,
		SCIMGroupImplicitRoleAssignments: scimAssignmentsWire(c),
		BearerTokenExpiresAt:             c.token.expiresAt.Format(time.RFC3339),
	}
	if c.next != nil {
		w.NextBearerTokenLastFour = c.next.lastFour
		w.NextBearerTokenExpiresAt = c.next.expiresAt.Format(time.RFC3339)
	}
	return w
}

// ---------------------------------------------------------------------------
// Handlers.

// readSCIMBody reads the body of a SCIM connection create or update and the
// two fields both take, display_name and identity_provider (nil when absent).
func readSCIMBody(w http.ResponseWriter, r *http.Request) (body map[string]json.RawMessage, name, idp *string, err *apiError) {
	if body, err = readObject(w, r); err != nil {
		return nil, nil, nil, err
	}
	if name, err = optString(body, "display_name"); err != nil {
		return nil, nil, nil, err
	}
	if idp, err = optString(body, "identity_provider"); err != nil {
		return nil, nil, nil, err
	}
	return body, name, idp, nil
}

// handleCreateSCIM serves POST /v1/b2b/scim/{organization_id}/connection:
// the organization's SCIM connection, active at once, with a new bearer
// token that only this answer carries.
//
// INFERRED: display_name defaults to "" and identity_provider to generic;
// identity_provider must be one of the SDK values, "" included
// (invalid_scim_idp); other body fields are ignored; a second connection is
// 400 active_scim_connection_exists.
func (s *Server) handleCreateSCIM(w http.ResponseWriter, r *http.Request, p routeParams) {
	_, name, idp, err := readSCIMBody(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	c := &scimConn{id: scimConnectionIDPrefix + newUUID(), identityProvider: defaultIdentityProvider}
	if name != nil {
		c.displayName = *name
	}
	if idp != nil {
		if err := validateSCIMIdentityProvider(*idp); err != nil {
			s.writeError(w, r, err)
			return
		}
		c.identityProvider = *idp
	}
	token := newSCIMBearerToken()
	c.token = newSCIMToken(token, s.now().AddDate(scimTokenLifetimeYears, 0, 0))
	created, err := s.store.createSCIM(p.org, func(orgID string) *scimConn {
		c.orgID = orgID
		return c
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeSCIMConnection(w, r, scimConnectionWithToken{
		OrganizationID:                   created.orgID,
		ConnectionID:                     created.id,
		Status:                           scimStatusActive,
		DisplayName:                      created.displayName,
		IdentityProvider:                 created.identityProvider,
		BaseURL:                          s.scimBaseURL(created),
		BearerToken:                      token,
		SCIMGroupImplicitRoleAssignments: scimAssignmentsWire(created),
		BearerTokenExpiresAt:             created.token.expiresAt.Format(time.RFC3339),
	})
}

// handleGetSCIM serves GET /v1/b2b/scim/{organization_id}/connection.
//
// INFERRED: an organization without a SCIM connection is 404
// no_active_scim_connection (the backend SDKs declare connection optional,
// the frontend SDK "throws if no SCIM connection exists"); query parameters
// are ignored.
func (s *Server) handleGetSCIM(w http.ResponseWriter, r *http.Request, p routeParams) {
	c, err := s.store.getSCIM(p.org)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeSCIMConnection(w, r, s.scimWire(c))
}

// handleUpdateSCIM serves
// PUT /v1/b2b/scim/{organization_id}/connection/{connection_id}: omitted or
// null fields are unchanged; scim_group_implicit_role_assignments replaces
// the list ([] clears it). A failed update changes nothing.
//
// INFERRED: each assignment needs a group_id
// (scim_group_role_assignment_does_not_contain_group_id) naming a group of
// the connection (scim_group_role_assignment_group_does_not_exist) and a
// role the organization may assign, checked as for members' roles; a
// group_name sent is ignored (it is answered from the group); an assignment
// repeated counts once.
func (s *Server) handleUpdateSCIM(w http.ResponseWriter, r *http.Request, p routeParams) {
	body, name, idp, err := readSCIMBody(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	assignments, err := optSCIMAssignments(body, "scim_group_implicit_role_assignments")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	c, err := s.store.changeSCIM(p.org, p.conn, func(org *stytch.Organization, c *scimConn) *apiError {
		if name != nil {
			c.displayName = *name
		}
		if idp != nil {
			if err := validateSCIMIdentityProvider(*idp); err != nil {
				return err
			}
			c.identityProvider = *idp
		}
		if assignments == nil {
			return nil
		}
		list := []scimAssignment{}
		for _, a := range *assignments {
			if err := s.checkSCIMAssignment(org, c, a); err != nil {
				return err
			}
			if !slices.Contains(list, a) {
				list = append(list, a)
			}
		}
		c.assignments = list
		return nil
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeSCIMConnection(w, r, s.scimWire(c))
}

// checkSCIMAssignment checks one group role assignment of connection c.
func (s *Server) checkSCIMAssignment(org *stytch.Organization, c *scimConn, a scimAssignment) *apiError {
	const field = "scim_group_implicit_role_assignments"
	if a.groupID == "" {
		return invalid(etSCIMGroupAssignmentNoGroupID, "Each entry of %s must contain a group_id.", field)
	}
	if c.group(a.groupID) == nil {
		return invalid(etSCIMGroupAssignmentNoGroup, "SCIM group %s does not exist in connection %s; the identity provider must push it first.", quote(a.groupID), quote(c.id))
	}
	return s.checkRoleID(org, a.roleID, field)
}

// handleDeleteSCIM serves
// DELETE /v1/b2b/scim/{organization_id}/connection/{connection_id}: the
// connection and its groups are deleted, and its tokens stop working.
//
// INFERRED: members are not touched (the emulator provisions none through
// SCIM).
func (s *Server) handleDeleteSCIM(w http.ResponseWriter, r *http.Request, p routeParams) {
	if _, err := readObject(w, r); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.store.deleteSCIM(p.org, p.conn); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, connectionDeleteResponse{RequestID: requestID(r), ConnectionID: p.conn, StatusCode: http.StatusOK})
}

// handleRotateSCIMStart serves POST …/connection/{connection_id}/rotate/start:
// a new token, answered this once as next_bearer_token; the current token
// keeps working until Complete.
//
// INFERRED: a Start while a rotation is in progress replaces the pending
// token (the previous one stops working); both tokens authenticate while
// the rotation is pending.
func (s *Server) handleRotateSCIMStart(w http.ResponseWriter, r *http.Request, p routeParams) {
	if _, err := readObject(w, r); err != nil {
		s.writeError(w, r, err)
		return
	}
	token := newSCIMBearerToken()
	next := newSCIMToken(token, s.now().AddDate(scimTokenLifetimeYears, 0, 0))
	c, err := s.store.changeSCIM(p.org, p.conn, func(_ *stytch.Organization, c *scimConn) *apiError {
		pending := next
		c.next = &pending
		return nil
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeSCIMConnection(w, r, scimConnectionWithNextToken{
		OrganizationID:                   c.orgID,
		ConnectionID:                     c.id,
		Status:                           scimStatusActive,
		DisplayName:                      c.displayName,
		BaseURL:                          s.scimBaseURL(c),
		IdentityProvider:                 c.identityProvider,
		BearerTokenLastFour:              c.token.lastFour,
		NextBearerToken:                  token,
		SCIMGroupImplicitRoleAssignments: scimAssignmentsWire(c),
		BearerTokenExpiresAt:             c.token.expiresAt.Format(time.RFC3339),
		NextBearerTokenExpiresAt:         c.next.expiresAt.Format(time.RFC3339),
	})
}

// handleRotateSCIMComplete serves POST …/rotate/complete: the pending token
// becomes the current token, and the former current token stops working.
func (s *Server) handleRotateSCIMComplete(w http.ResponseWriter, r *http.Request, p routeParams) {
	s.endRotation(w, r, p, func(c *scimConn) {
		c.token = *c.next
		c.next = nil
	})
}

// handleRotateSCIMCancel serves POST …/rotate/cancel: the pending token is
// dropped, "keeping the original token active".
func (s *Server) handleRotateSCIMCancel(w http.ResponseWriter, r *http.Request, p routeParams) {
	s.endRotation(w, r, p, func(c *scimConn) {
		c.next = nil
	})
}

// endRotation applies end to the connection if a rotation is in progress.
//
// INFERRED: without one, complete and cancel are 400
// scim_connection_not_rotating_token.
func (s *Server) endRotation(w http.ResponseWriter, r *http.Request, p routeParams, end func(c *scimConn)) {
	if _, err := readObject(w, r); err != nil {
		s.writeError(w, r, err)
		return
	}
	c, err := s.store.changeSCIM(p.org, p.conn, func(_ *stytch.Organization, c *scimConn) *apiError {
		if c.next == nil {
			return invalid(etSCIMConnectionNotRotatingToken, "SCIM connection %s has no token rotation in progress; start one first.", quote(c.id))
		}
		end(c)
		return nil
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeSCIMConnection(w, r, s.scimWire(c))
}

// handleListSCIMGroups serves
// GET /v1/b2b/scim/{organization_id}/connection/{connection_id}?cursor=&limit=:
// the connection's groups in creation order.
//
// INFERRED: limit absent or 0 (stytch-go always sends limit, 0 when unset)
// means 100, above 1000 it is clamped to 1000, negative or not an integer is
// bad_request; the cursor holds the last group's sequence number, bound to
// the connection and the emulator instance, and a malformed or foreign one
// is user_search_invalid_cursor; other query parameters are ignored.
func (s *Server) handleListSCIMGroups(w http.ResponseWriter, r *http.Request, p routeParams) {
	q := r.URL.Query()
	limit := scimGroupsDefaultLimit
	if raw := q.Get("limit"); raw != "" {
		n, err := strconv.Atoi(raw)
		switch {
		case err != nil:
			s.writeError(w, r, errBadRequest("limit must be an integer."))
			return
		case n < 0:
			s.writeError(w, r, errBadRequest("limit may not be negative."))
			return
		case n > scimGroupsMaxLimit:
			limit = scimGroupsMaxLimit
		case n > 0:
			limit = n
		}
	}
	fingerprint := scimGroupsFingerprint(p.conn)
	var after uint64
	if cursor := q.Get("cursor"); cursor != "" {
		seq, err := s.decodeCursor(cursor, fingerprint)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		after = seq
	}
	page, err := s.store.listSCIMGroups(p.org, p.conn, after, limit)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	resp := scimGroupsResponse{RequestID: requestID(r), StatusCode: http.StatusOK, SCIMGroups: []scimGroupWire{}}
	for _, g := range page.groups {
		resp.SCIMGroups = append(resp.SCIMGroups, scimGroupWire{GroupID: g.id, GroupName: g.name, OrganizationID: page.conn.orgID, ConnectionID: page.conn.id})
	}
	if page.more {
		next := s.encodeCursor(page.lastSeq, fingerprint)
		resp.NextCursor = &next
	}
	s.writeJSON(w, r, resp)
}

// scimGroupsFingerprint binds group listing cursors to their connection.
func scimGroupsFingerprint(connID string) string {
	sum := sha256.Sum256([]byte("scim_groups\x00" + connID))
	return hex.EncodeToString(sum[:8])
}

// writeSCIMConnection answers the {request_id, status_code, connection}
// envelope.
func (s *Server) writeSCIMConnection(w http.ResponseWriter, r *http.Request, conn any) {
	s.writeJSON(w, r, scimConnectionResponse{RequestID: requestID(r), StatusCode: http.StatusOK, Connection: conn})
}

// validateSCIMIdentityProvider checks identity_provider against the SCIM
// list (a different set from the SSO connections').
// INFERRED: the error type invalid_scim_idp; "" is not a value.
func validateSCIMIdentityProvider(v string) *apiError {
	if !slices.Contains(scimIdentityProviderValues, v) {
		return errEnum(etInvalidSCIMIdP, "identity_provider", v, scimIdentityProviderValues)
	}
	return nil
}

// optSCIMAssignments decodes an optional list of {role_id, group_id}
// assignments; group_name is ignored.
func optSCIMAssignments(body map[string]json.RawMessage, name string) (*[]scimAssignment, *apiError) {
	raw, ok := body[name]
	if !ok || isNull(raw) {
		return nil, nil
	}
	out := []scimAssignment{}
	if err := decodeObjects(name, raw, []string{"role_id", "group_id"}, func(v []string) {
		out = append(out, scimAssignment{roleID: v[0], groupID: v[1]})
	}); err != nil {
		return nil, err
	}
	return &out, nil
}
