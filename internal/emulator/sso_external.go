package emulator

import (
	"net/http"
)

// handleCreateExternal serves POST /v1/b2b/sso/external/{organization_id}: a
// link to an active SAML or OIDC connection of another organization of the
// project. Its role assignments are sent as connection_implicit_role_assignments
// and group_implicit_role_assignments and answered as
// external_connection_implicit_role_assignments and
// external_group_implicit_role_assignments. External connections are always
// active.
//
// INFERRED: external_organization_id must be an organization id (not a slug
// or external id); a missing one, or a missing external_connection_id, is a
// bad_request; the error types of the rules below are mapped from their
// names (DESIGN.md, "Inferred SSO connections").
func (s *Server) handleCreateExternal(w http.ResponseWriter, r *http.Request, p routeParams) {
	body, err := readObject(w, r)
	if err == nil {
		err = s.store.checkOrganization(p.org)
	}
	var extOrg, extConn, name *string
	var roles *[]connectionRoleAssignment
	var groups *[]groupRoleAssignment
	if err == nil {
		extOrg, err = optString(body, "external_organization_id")
	}
	if err == nil {
		extConn, err = optString(body, "external_connection_id")
	}
	if err == nil {
		name, err = optString(body, "display_name")
	}
	if err == nil {
		roles, err = optRoles(body, "connection_implicit_role_assignments")
	}
	if err == nil {
		groups, err = optGroups(body, "group_implicit_role_assignments")
	}
	switch {
	case err != nil:
	case deref(extOrg) == "":
		err = errBadRequest("external_organization_id is required.")
	case deref(extConn) == "":
		err = errBadRequest("external_connection_id is required.")
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	id := "external-connection-test-" + newUUID()
	c, err := s.store.createConnection(p.org, func(v ssoView) (*ssoConn, *apiError) {
		src, err := externalSource(v, *extOrg, *extConn)
		if err != nil {
			return nil, err
		}
		ext := externalConnection{
			OrganizationID:         v.rec.org.OrganizationID,
			ConnectionID:           id,
			ExternalOrganizationID: *extOrg,
			ExternalConnectionID:   *extConn,
			DisplayName:            deref(name),
			Status:                 ssoStatusActive,
		}
		if roles != nil {
			ext.ExternalConnectionImplicitRoleAssignments = *roles
		}
		if groups != nil {
			ext.ExternalGroupImplicitRoleAssignments = *groups
		}
		if err := validateExternalRoles(src, &ext, "connection_implicit_role_assignments", "group_implicit_role_assignments"); err != nil {
			return nil, err
		}
		out := cloneExternal(&ext)
		return &ssoConn{kind: connExternal, ext: &out}, nil
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeConnection(w, r, c, "")
}

// externalSource checks the link of a new External connection of v.rec to
// connection connID of organization orgID, and returns that connection:
//   - orgID is not the connection's own organization
//     (external_organization_id_same_as_organization_id);
//   - orgID is an organization of the project and connID one of its SAML or
//     OIDC connections (404 external_connection_id_not_found);
//   - that connection is active (external_connection_not_active);
//   - the organization has no External connection to it yet
//     (duplicate_external_sso_connection).
func externalSource(v ssoView, orgID, connID string) (*ssoConn, *apiError) {
	if orgID == v.rec.org.OrganizationID {
		return nil, invalid(etExternalIDSameAsOrganizationID, "external_organization_id must be another organization than the one the External connection is created in.")
	}
	notFound := &apiError{status: http.StatusNotFound, errType: etExternalConnectionIDNotFound,
		message: "external_connection_id " + quote(connID) + " is not a SAML or OIDC connection of organization " + quote(orgID) + "."}
	if v.org(orgID) == nil {
		return nil, notFound
	}
	src := v.conn(connID)
	if src == nil || src.kind == connExternal || src.orgID() != orgID {
		return nil, notFound
	}
	if src.status() != ssoStatusActive {
		return nil, invalid(etExternalConnectionNotActive, "external_connection_id %s is not active; only an active connection can be shared.", quote(connID))
	}
	for _, c := range v.rec.conns {
		if c.kind == connExternal && c.ext.ExternalConnectionID == connID {
			return nil, invalid(etDuplicateExternalConnection, "External connection %s already links this organization to %s.", quote(c.ext.ConnectionID), quote(connID))
		}
	}
	return src, nil
}

// validateExternalRoles checks the role assignments of an External
// connection: non-empty role ids and groups; none at all when the source is
// an OIDC connection ("Implicit role assignments are not supported for
// External connections if the underlying SSO connection is an OIDC
// connection"); group assignments only when the source SAML connection maps
// "groups".
//
// INFERRED: the OIDC rule answers invalid_rbac_role_assignment.
func validateExternalRoles(src *ssoConn, e *externalConnection, rolesField, groupsField string) *apiError {
	if err := validateRoleLists(rolesField, e.ExternalConnectionImplicitRoleAssignments, groupsField, e.ExternalGroupImplicitRoleAssignments); err != nil {
		return err
	}
	hasRoles := len(e.ExternalConnectionImplicitRoleAssignments) > 0 || len(e.ExternalGroupImplicitRoleAssignments) > 0
	switch {
	case src.kind == connOIDC && hasRoles:
		return invalid(etInvalidRBACRoleAssignment, "Implicit role assignments are not supported for External connections whose underlying SSO connection is an OIDC connection.")
	case src.kind == connSAML && len(e.ExternalGroupImplicitRoleAssignments) > 0 && !hasMapping(src.saml.AttributeMapping, "groups"):
		return invalid(etAttributeMappingMissingGroups, "%s need a \"groups\" key in the attribute_mapping of SAML connection %s.", groupsField, quote(src.id()))
	}
	return nil
}

// handleUpdateExternal serves
// PUT /v1/b2b/sso/external/{organization_id}/connections/{connection_id}:
// display_name and the two role assignment lists; the linked organization
// and connection cannot change.
func (s *Server) handleUpdateExternal(w http.ResponseWriter, r *http.Request, p routeParams) {
	const rolesField, groupsField = "external_connection_implicit_role_assignments", "external_group_implicit_role_assignments"
	body, err := readObject(w, r)
	if err == nil {
		err = s.store.checkConnection(p.org, p.conn, connExternal)
	}
	var name *string
	var roles *[]connectionRoleAssignment
	var groups *[]groupRoleAssignment
	if err == nil {
		name, err = optString(body, "display_name")
	}
	if err == nil {
		roles, err = optRoles(body, rolesField)
	}
	if err == nil {
		groups, err = optGroups(body, groupsField)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	c, err := s.store.updateConnection(p.org, p.conn, connExternal, func(v ssoView, c *ssoConn) *apiError {
		e := c.ext
		if name != nil {
			e.DisplayName = *name
		}
		if roles != nil {
			e.ExternalConnectionImplicitRoleAssignments = *roles
		}
		if groups != nil {
			e.ExternalGroupImplicitRoleAssignments = *groups
		}
		src := v.conn(e.ExternalConnectionID)
		if src == nil {
			// Unreachable: deleting a connection deletes the External
			// connections that link to it.
			return errInternal()
		}
		return validateExternalRoles(src, e, rolesField, groupsField)
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeConnection(w, r, c, "")
}
