package emulator

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// This file serves the routes shared by every SSO connection type (list and
// delete) and the request decoding the SAML, OIDC and External routes share.
// DESIGN.md, "Inferred SSO connections", lists the choices made where Stytch
// is silent.

// ssoListResponse is the answer of GET /v1/b2b/sso/{organization_id}: the
// three lists are always present, [] when empty.
type ssoListResponse struct {
	RequestID           string               `json:"request_id"`
	StatusCode          int                  `json:"status_code"`
	SAMLConnections     []samlConnection     `json:"saml_connections"`
	OIDCConnections     []oidcConnection     `json:"oidc_connections"`
	ExternalConnections []externalConnection `json:"external_connections"`
}

// connectionResponse is the answer of every Create and Update: the
// connection object under "connection", and for OIDC Update an optional
// warning.
type connectionResponse struct {
	RequestID  string `json:"request_id"`
	StatusCode int    `json:"status_code"`
	Connection any    `json:"connection"`
	Warning    string `json:"warning,omitempty"`
}

// connectionDeleteResponse answers DELETE …/connections/{connection_id}.
type connectionDeleteResponse struct {
	RequestID    string `json:"request_id"`
	ConnectionID string `json:"connection_id"`
	StatusCode   int    `json:"status_code"`
}

// handleListConnections serves GET /v1/b2b/sso/{organization_id}: every
// connection of the organization, pending ones included, by type, each list
// in creation order.
//
// INFERRED: the order (creation order) and that pending connections are
// listed (Stytch: "Get all SSO Connections owned by the organization").
// Query parameters (the Python SDK sends organization_id as one) are ignored.
func (s *Server) handleListConnections(w http.ResponseWriter, r *http.Request, p routeParams) {
	_, samls, oidcs, exts, err := s.store.listConnections(p.org)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, ssoListResponse{
		RequestID:           requestID(r),
		StatusCode:          http.StatusOK,
		SAMLConnections:     samls,
		OIDCConnections:     oidcs,
		ExternalConnections: exts,
	})
}

// handleDeleteConnection serves
// DELETE /v1/b2b/sso/{organization_id}/connections/{connection_id} for every
// connection type (the rules are on store.deleteConnection).
func (s *Server) handleDeleteConnection(w http.ResponseWriter, r *http.Request, p routeParams) {
	if _, err := readObject(w, r); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.store.deleteConnection(p.org, p.conn); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, connectionDeleteResponse{RequestID: requestID(r), ConnectionID: p.conn, StatusCode: http.StatusOK})
}

// writeConnection answers the {request_id, status_code, connection} envelope.
func (s *Server) writeConnection(w http.ResponseWriter, r *http.Request, c *ssoConn, warning string) {
	s.writeJSON(w, r, connectionResponse{
		RequestID:  requestID(r),
		StatusCode: http.StatusOK,
		Connection: c.wire(),
		Warning:    warning,
	})
}

// callbackURL is the URL Stytch gives a connection for the IdP to send its
// answers to: acs_url and audience_uri of a SAML connection, redirect_url of
// an OIDC connection.
//
// INFERRED: the host is Options.PublicBaseURL, by default Stytch's test host,
// as in the documentation's examples (DESIGN.md, "Inferred SSO connections").
func (s *Server) callbackURL(connectionID string) string {
	return s.opts.PublicBaseURL + "/v1/b2b/sso/callback/" + connectionID
}

// ---------------------------------------------------------------------------
// Request decoding shared by the connection types.
//
// INFERRED: every optional field is tri-state: absent or null leaves the
// value unchanged (nil), anything else sets it, "", [], {} and false included
// (as for organizations: DESIGN.md, "Omitted fields and null").

// optString decodes an optional string field.
func optString(body map[string]json.RawMessage, name string) (*string, *apiError) {
	raw, ok := body[name]
	if !ok || isNull(raw) {
		return nil, nil
	}
	v, err := decodeString(name, raw)
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// optBool decodes an optional boolean field.
func optBool(body map[string]json.RawMessage, name string) (*bool, *apiError) {
	raw, ok := body[name]
	if !ok || isNull(raw) {
		return nil, nil
	}
	switch strings.TrimSpace(string(raw)) {
	case "true":
		v := true
		return &v, nil
	case "false":
		v := false
		return &v, nil
	}
	return nil, errBadRequest(name + " must be a boolean.")
}

// optMapping decodes an optional attribute_mapping: an object whose values
// are strings. A value that is an object is a nested key, answered nested;
// any other non-string value is a bad_request.
//
// INFERRED: the mapping replaces the stored one whole (DESIGN.md, "Inferred
// SSO connections").
func optMapping(body map[string]json.RawMessage, name string, nested errorType) (*map[string]string, *apiError) {
	raw, ok := body[name]
	if !ok || isNull(raw) {
		return nil, nil
	}
	var obj map[string]json.RawMessage
	if !hasPrefixByte(raw, '{') || json.Unmarshal(raw, &obj) != nil {
		return nil, errBadRequest(name + " must be an object mapping attribute names to strings.")
	}
	out := make(map[string]string, len(obj))
	for k, v := range obj {
		if hasPrefixByte(v, '{') {
			return nil, invalid(nested, "%s may not have nested keys; %q is an object.", name, k)
		}
		s, err := decodeString(name+"."+k, v)
		if err != nil {
			return nil, err
		}
		out[k] = s
	}
	return &out, nil
}

// decodeObjects decodes a JSON array of objects, each into its string
// fields named in keys (a missing or null key leaves ""), calling add for
// each object. Any other shape is a bad_request.
func decodeObjects(name string, raw json.RawMessage, keys []string, add func(values []string)) *apiError {
	shape := errBadRequest(name + " must be an array of objects with " + strings.Join(keys, " and ") + ".")
	var items []json.RawMessage
	if !hasPrefixByte(raw, '[') || json.Unmarshal(raw, &items) != nil {
		return shape
	}
	for _, item := range items {
		var obj map[string]json.RawMessage
		if !hasPrefixByte(item, '{') || json.Unmarshal(item, &obj) != nil {
			return shape
		}
		values := make([]string, len(keys))
		for i, k := range keys {
			v, ok := obj[k]
			if !ok || isNull(v) {
				continue // an empty value fails validation later
			}
			s, err := decodeString(name+"[]."+k, v)
			if err != nil {
				return err
			}
			values[i] = s
		}
		add(values)
	}
	return nil
}

// optRoles decodes an optional list of {role_id} assignments.
func optRoles(body map[string]json.RawMessage, name string) (*[]connectionRoleAssignment, *apiError) {
	raw, ok := body[name]
	if !ok || isNull(raw) {
		return nil, nil
	}
	out := []connectionRoleAssignment{}
	if err := decodeObjects(name, raw, []string{"role_id"}, func(v []string) {
		out = append(out, connectionRoleAssignment{RoleID: v[0]})
	}); err != nil {
		return nil, err
	}
	return &out, nil
}

// optGroups decodes an optional list of {role_id, group} assignments.
func optGroups(body map[string]json.RawMessage, name string) (*[]groupRoleAssignment, *apiError) {
	raw, ok := body[name]
	if !ok || isNull(raw) {
		return nil, nil
	}
	out := []groupRoleAssignment{}
	if err := decodeObjects(name, raw, []string{"role_id", "group"}, func(v []string) {
		out = append(out, groupRoleAssignment{RoleID: v[0], Group: v[1]})
	}); err != nil {
		return nil, err
	}
	return &out, nil
}

// validateRoleLists checks implicit role assignments: every role_id and every
// group is non-empty.
//
// INFERRED: the error types, invalid_rbac_role_id for an empty role id (as
// for the organization's rbac_email_implicit_role_assignments) and
// invalid_rbac_role_assignment for an empty group; the emulator holds no RBAC
// policy, so any non-empty role id is accepted.
func validateRoleLists(rolesField string, roles []connectionRoleAssignment, groupsField string, groups []groupRoleAssignment) *apiError {
	for _, ra := range roles {
		if strings.TrimSpace(ra.RoleID) == "" {
			return invalid(etInvalidRBACRoleID, "%s entries must have a non-empty role_id.", rolesField)
		}
	}
	for _, ga := range groups {
		if strings.TrimSpace(ga.RoleID) == "" {
			return invalid(etInvalidRBACRoleID, "%s entries must have a non-empty role_id.", groupsField)
		}
		if strings.TrimSpace(ga.Group) == "" {
			return invalid(etInvalidRBACRoleAssignment, "%s entries must have a non-empty group.", groupsField)
		}
	}
	return nil
}

// validateIdentityProvider checks identity_provider against Stytch's list.
// INFERRED: the error type invalid_sso_idp; "" is not a value.
func validateIdentityProvider(v string) *apiError {
	if !slices.Contains(ssoIdentityProviderValues, v) {
		return errEnum(etInvalidSSOIdP, "identity_provider", v, ssoIdentityProviderValues)
	}
	return nil
}

// absoluteURL parses s as an absolute URL with a host; ok is false otherwise.
func absoluteURL(s string) (*url.URL, bool) {
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" || u.Host == "" || u.Opaque != "" {
		return nil, false
	}
	return u, true
}

// hasMapping reports whether the attribute mapping maps key to a non-empty
// value.
func hasMapping(m map[string]string, key string) bool {
	return m[key] != ""
}

// quote renders a value in a message.
func quote(s string) string {
	return strconv.Quote(s)
}
