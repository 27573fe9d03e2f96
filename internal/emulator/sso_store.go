package emulator

import (
	"maps"
	"net/http"
	"slices"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// This file holds the SSO connections in the store: their wire types (the
// emulator's own, like its catalog: DESIGN.md, "Inferred SSO connections"), the
// lookups and the changes, all under the store's one mutex, and the upkeep of
// the organizations' sso_active_connections.
//
// INFERRED: every field of a connection object is always answered, strings as
// "", lists as [] and attribute_mapping as {} when empty (the SDKs declare
// them all non-optional but attribute_mapping).

// connKind is the type of an SSO connection.
type connKind int

const (
	connAny connKind = iota // any type, in lookups
	connSAML
	connOIDC
	connExternal
)

// x509Certificate is a certificate of a SAML connection.
type x509Certificate struct {
	CertificateID string `json:"certificate_id"`
	Certificate   string `json:"certificate"`
	Issuer        string `json:"issuer"`
	CreatedAt     string `json:"created_at"`
	ExpiresAt     string `json:"expires_at"`
	UpdatedAt     string `json:"updated_at"`
}

// encryptionPrivateKey is an entry of a SAML connection's
// encryption_private_keys.
type encryptionPrivateKey struct {
	PrivateKeyID string `json:"private_key_id"`
	PrivateKey   string `json:"private_key"`
	CreatedAt    string `json:"created_at"`
}

// connectionRoleAssignment grants a role to every member who logs in through
// the connection.
type connectionRoleAssignment struct {
	RoleID string `json:"role_id"`
}

// groupRoleAssignment grants a role to the members of an IdP group.
type groupRoleAssignment struct {
	RoleID string `json:"role_id"`
	Group  string `json:"group"`
}

// samlConnection is the SAML connection object.
type samlConnection struct {
	OrganizationID                        string                     `json:"organization_id"`
	ConnectionID                          string                     `json:"connection_id"`
	Status                                string                     `json:"status"`
	IdPEntityID                           string                     `json:"idp_entity_id"`
	DisplayName                           string                     `json:"display_name"`
	IdPSSOURL                             string                     `json:"idp_sso_url"`
	ACSURL                                string                     `json:"acs_url"`
	AudienceURI                           string                     `json:"audience_uri"`
	SigningCertificates                   []x509Certificate          `json:"signing_certificates"`
	VerificationCertificates              []x509Certificate          `json:"verification_certificates"`
	EncryptionPrivateKeys                 []encryptionPrivateKey     `json:"encryption_private_keys"`
	SAMLConnectionImplicitRoleAssignments []connectionRoleAssignment `json:"saml_connection_implicit_role_assignments"`
	SAMLGroupImplicitRoleAssignments      []groupRoleAssignment      `json:"saml_group_implicit_role_assignments"`
	AlternativeAudienceURI                string                     `json:"alternative_audience_uri"`
	IdentityProvider                      string                     `json:"identity_provider"`
	NameIDFormat                          string                     `json:"nameid_format"`
	AlternativeACSURL                     string                     `json:"alternative_acs_url"`
	IdPInitiatedAuthDisabled              bool                       `json:"idp_initiated_auth_disabled"`
	AllowGatewayCallback                  bool                       `json:"allow_gateway_callback"`
	AttributeMapping                      map[string]string          `json:"attribute_mapping"`
}

// oidcConnection is the OIDC connection object.
type oidcConnection struct {
	OrganizationID   string            `json:"organization_id"`
	ConnectionID     string            `json:"connection_id"`
	Status           string            `json:"status"`
	DisplayName      string            `json:"display_name"`
	RedirectURL      string            `json:"redirect_url"`
	ClientID         string            `json:"client_id"`
	ClientSecret     string            `json:"client_secret"`
	Issuer           string            `json:"issuer"`
	AuthorizationURL string            `json:"authorization_url"`
	TokenURL         string            `json:"token_url"`
	UserinfoURL      string            `json:"userinfo_url"`
	JWKSURL          string            `json:"jwks_url"`
	IdentityProvider string            `json:"identity_provider"`
	CustomScopes     string            `json:"custom_scopes"`
	AttributeMapping map[string]string `json:"attribute_mapping"`
}

// externalConnection is the External connection object: a link to an SSO
// connection of another organization of the project.
type externalConnection struct {
	OrganizationID                            string                     `json:"organization_id"`
	ConnectionID                              string                     `json:"connection_id"`
	ExternalOrganizationID                    string                     `json:"external_organization_id"`
	ExternalConnectionID                      string                     `json:"external_connection_id"`
	DisplayName                               string                     `json:"display_name"`
	Status                                    string                     `json:"status"`
	ExternalConnectionImplicitRoleAssignments []connectionRoleAssignment `json:"external_connection_implicit_role_assignments"`
	ExternalGroupImplicitRoleAssignments      []groupRoleAssignment      `json:"external_group_implicit_role_assignments"`
}

// ssoConn is one stored connection; exactly the field of its kind is set.
type ssoConn struct {
	kind connKind
	saml *samlConnection
	oidc *oidcConnection
	ext  *externalConnection
}

// connHeader holds the fields every kind of connection has.
type connHeader struct{ id, orgID, status, displayName string }

// header returns the fields every kind of connection has.
func (c *ssoConn) header() connHeader {
	switch c.kind {
	case connSAML:
		return connHeader{c.saml.ConnectionID, c.saml.OrganizationID, c.saml.Status, c.saml.DisplayName}
	case connOIDC:
		return connHeader{c.oidc.ConnectionID, c.oidc.OrganizationID, c.oidc.Status, c.oidc.DisplayName}
	default:
		return connHeader{c.ext.ConnectionID, c.ext.OrganizationID, c.ext.Status, c.ext.DisplayName}
	}
}

func (c *ssoConn) id() string          { return c.header().id }
func (c *ssoConn) orgID() string       { return c.header().orgID }
func (c *ssoConn) status() string      { return c.header().status }
func (c *ssoConn) displayName() string { return c.header().displayName }

// wire returns the connection object to answer.
func (c *ssoConn) wire() any {
	switch c.kind {
	case connSAML:
		return cloneSAML(c.saml)
	case connOIDC:
		return cloneOIDC(c.oidc)
	default:
		return cloneExternal(c.ext)
	}
}

// clone returns a deep copy of c.
func (c *ssoConn) clone() *ssoConn {
	out := &ssoConn{kind: c.kind}
	switch c.kind {
	case connSAML:
		v := cloneSAML(c.saml)
		out.saml = &v
	case connOIDC:
		v := cloneOIDC(c.oidc)
		out.oidc = &v
	default:
		v := cloneExternal(c.ext)
		out.ext = &v
	}
	return out
}

// cloneSAML returns a deep copy of c in wire-ready form (lists [], maps {}).
func cloneSAML(c *samlConnection) samlConnection {
	out := *c
	out.SigningCertificates = append([]x509Certificate{}, c.SigningCertificates...)
	out.VerificationCertificates = append([]x509Certificate{}, c.VerificationCertificates...)
	out.EncryptionPrivateKeys = append([]encryptionPrivateKey{}, c.EncryptionPrivateKeys...)
	out.SAMLConnectionImplicitRoleAssignments = append([]connectionRoleAssignment{}, c.SAMLConnectionImplicitRoleAssignments...)
	out.SAMLGroupImplicitRoleAssignments = append([]groupRoleAssignment{}, c.SAMLGroupImplicitRoleAssignments...)
	out.AttributeMapping = cloneMapping(c.AttributeMapping)
	return out
}

// cloneOIDC returns a deep copy of c in wire-ready form.
func cloneOIDC(c *oidcConnection) oidcConnection {
	out := *c
	out.AttributeMapping = cloneMapping(c.AttributeMapping)
	return out
}

// cloneExternal returns a deep copy of c in wire-ready form.
func cloneExternal(c *externalConnection) externalConnection {
	out := *c
	out.ExternalConnectionImplicitRoleAssignments = append([]connectionRoleAssignment{}, c.ExternalConnectionImplicitRoleAssignments...)
	out.ExternalGroupImplicitRoleAssignments = append([]groupRoleAssignment{}, c.ExternalGroupImplicitRoleAssignments...)
	return out
}

// cloneMapping copies an attribute mapping; the result is never nil.
func cloneMapping(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	maps.Copy(out, m)
	return out
}

// connNotFound is the 404 for a connection id that names no connection of
// the kind a route serves.
//
// INFERRED: the type per route (DESIGN.md, "Inferred SSO connections"): the
// SAML routes answer saml_connection_not_found, the OIDC routes
// oidc_connection_not_found, the others sso_connection_not_found; the status
// 404 follows the not-found error page family.
func connNotFound(kind connKind, id string) *apiError {
	switch kind {
	case connSAML:
		return &apiError{status: http.StatusNotFound, errType: etSAMLConnectionNotFound, message: "SAML connection " + quote(id) + " could not be found."}
	case connOIDC:
		return &apiError{status: http.StatusNotFound, errType: etOIDCConnectionNotFound, message: "OIDC connection " + quote(id) + " could not be found."}
	default:
		return &apiError{status: http.StatusNotFound, errType: etSSOConnectionNotFound, message: "SSO connection " + quote(id) + " could not be found."}
	}
}

// ssoView is what a connection change sees of the store while the lock is
// held: the organization in the path and the other connections.
type ssoView struct {
	st  *store
	rec *record
}

// conn returns the stored connection with the given id, or nil.
func (v ssoView) conn(id string) *ssoConn {
	return v.st.conns[id]
}

// org returns the organization with the given id (ids only, no slug or
// external id), or nil.
func (v ssoView) org(id string) *stytch.Organization {
	if rec := v.st.recordLocked(id); rec != nil {
		return &rec.org
	}
	return nil
}

// externalsOf returns the External connections, in any organization, that
// link to the connection id.
func (v ssoView) externalsOf(id string) []*externalConnection {
	return v.st.externalsOfLocked(id)
}

// recordLocked returns the organization whose id is id, or nil.
func (st *store) recordLocked(id string) *record {
	if i := slices.IndexFunc(st.recs, func(rec *record) bool { return rec.org.OrganizationID == id }); i >= 0 {
		return st.recs[i]
	}
	return nil
}

// externalsOfLocked returns the External connections that link to the
// connection id, in creation order of their organizations.
func (st *store) externalsOfLocked(id string) []*externalConnection {
	var out []*externalConnection
	for _, rec := range st.recs {
		for _, c := range rec.conns {
			if c.kind == connExternal && c.ext.ExternalConnectionID == id {
				out = append(out, c.ext)
			}
		}
	}
	return out
}

// connLocked resolves {connection_id} for the organization rec: the
// connection must exist, be of kind (connAny for any) and belong to rec.
//
// INFERRED: a connection of another organization is 400
// sso_connection_organization_mismatch, not a 404: it exists, the request
// names the wrong organization (DESIGN.md, "Inferred SSO connections").
func (st *store) connLocked(rec *record, id string, kind connKind) (*ssoConn, *apiError) {
	c, ok := st.conns[id]
	if !ok || (kind != connAny && c.kind != kind) {
		return nil, connNotFound(kind, id)
	}
	if c.orgID() != rec.org.OrganizationID {
		return nil, invalid(etSSOConnectionOrgMismatch, "SSO connection %s does not belong to organization %s.", quote(id), quote(rec.org.OrganizationID))
	}
	return c, nil
}

// listConnections returns copies of the connections of the organization
// addressed by key, by type, each in creation order, and its id.
func (st *store) listConnections(key string) (string, []samlConnection, []oidcConnection, []externalConnection, *apiError) {
	st.mu.Lock()
	defer st.mu.Unlock()
	i := st.indexLocked(key)
	if i < 0 {
		return "", nil, nil, nil, errOrganizationNotFound()
	}
	rec := st.recs[i]
	samls, oidcs, exts := []samlConnection{}, []oidcConnection{}, []externalConnection{}
	for _, c := range rec.conns {
		switch c.kind {
		case connSAML:
			samls = append(samls, cloneSAML(c.saml))
		case connOIDC:
			oidcs = append(oidcs, cloneOIDC(c.oidc))
		default:
			exts = append(exts, cloneExternal(c.ext))
		}
	}
	return rec.org.OrganizationID, samls, oidcs, exts, nil
}

// checkOrganization reports organization_not_found when key addresses no
// organization.
func (st *store) checkOrganization(key string) *apiError {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.indexLocked(key) < 0 {
		return errOrganizationNotFound()
	}
	return nil
}

// checkConnection reports the error a change of connection id (of kind) in
// the organization addressed by key would meet before its body is read: the
// organization or the connection does not exist, or they do not belong
// together.
func (st *store) checkConnection(key, id string, kind connKind) *apiError {
	st.mu.Lock()
	defer st.mu.Unlock()
	i := st.indexLocked(key)
	if i < 0 {
		return errOrganizationNotFound()
	}
	_, err := st.connLocked(st.recs[i], id, kind)
	return err
}

// createConnection adds the connection that build returns to the
// organization addressed by key. build runs under the lock, with the
// organization's id filled in by the caller from the view.
func (st *store) createConnection(key string, build func(v ssoView) (*ssoConn, *apiError)) (*ssoConn, *apiError) {
	st.mu.Lock()
	defer st.mu.Unlock()
	i := st.indexLocked(key)
	if i < 0 {
		return nil, errOrganizationNotFound()
	}
	rec := st.recs[i]
	c, err := build(ssoView{st: st, rec: rec})
	if err != nil {
		return nil, err
	}
	rec.conns = append(rec.conns, c)
	st.conns[c.id()] = c
	st.refreshLocked(rec.org.OrganizationID)
	return c.clone(), nil
}

// updateConnection applies mutate to a copy of connection id (of kind) of the
// organization addressed by key and stores the result if mutate succeeds. On
// any error the stored connection is left untouched.
func (st *store) updateConnection(key, id string, kind connKind, mutate func(v ssoView, c *ssoConn) *apiError) (*ssoConn, *apiError) {
	st.mu.Lock()
	defer st.mu.Unlock()
	i := st.indexLocked(key)
	if i < 0 {
		return nil, errOrganizationNotFound()
	}
	rec := st.recs[i]
	stored, err := st.connLocked(rec, id, kind)
	if err != nil {
		return nil, err
	}
	c := stored.clone()
	if err := mutate(ssoView{st: st, rec: rec}, c); err != nil {
		return nil, err
	}
	*stored = *c
	// INFERRED: a connection change does not change the organization's
	// updated_at, although its sso_active_connections may change.
	// A change of display name, identity provider or status shows in the
	// sso_active_connections of the organization and of every organization
	// that links to the connection.
	affected := []string{rec.org.OrganizationID}
	for _, ext := range st.externalsOfLocked(id) {
		affected = append(affected, ext.OrganizationID)
	}
	st.refreshLocked(affected...)
	return c.clone(), nil
}

// deleteConnection deletes connection id (any kind) of the organization
// addressed by key.
//
// INFERRED: the default connection cannot be deleted
// (cannot_delete_default_sso_connection); the connection leaves the
// organization's sso_jit_provisioning_allowed_connections; External
// connections that link to it are deleted with it (DESIGN.md, "Inferred SSO
// connections").
func (st *store) deleteConnection(key, id string) *apiError {
	st.mu.Lock()
	defer st.mu.Unlock()
	i := st.indexLocked(key)
	if i < 0 {
		return errOrganizationNotFound()
	}
	rec := st.recs[i]
	c, err := st.connLocked(rec, id, connAny)
	if err != nil {
		return err
	}
	if def := rec.org.SSODefaultConnectionID; def != nil && *def == id {
		return invalid(etCannotDeleteDefaultSSOConnection, "SSO connection %s is the organization's sso_default_connection_id; set another default connection (or none) before deleting it.", quote(id))
	}
	st.removeConnLocked(c)
	return nil
}

// removeConnLocked deletes c and the External connections that link to it,
// takes them out of their organizations' SSO settings and refreshes the
// organizations' sso_active_connections.
//
// INFERRED: a deleted connection that is another organization's default
// (only an External connection deleted with its source, or with the
// source's organization) leaves that organization without a default
// connection (DESIGN.md, "Inferred SSO connections").
func (st *store) removeConnLocked(c *ssoConn) {
	id := c.id()
	if c.kind != connExternal {
		for _, ext := range st.externalsOfLocked(id) {
			if linked, ok := st.conns[ext.ConnectionID]; ok {
				st.removeConnLocked(linked)
			}
		}
	}
	delete(st.conns, id)
	rec := st.recordLocked(c.orgID())
	if rec == nil {
		return
	}
	rec.conns = slices.DeleteFunc(rec.conns, func(o *ssoConn) bool { return o == c })
	if def := rec.org.SSODefaultConnectionID; def != nil && *def == id {
		rec.org.SSODefaultConnectionID = nil
	}
	rec.org.SSOJITProvisioningAllowedConnections = slices.DeleteFunc(rec.org.SSOJITProvisioningAllowedConnections, func(s string) bool { return s == id })
	st.refreshLocked(rec.org.OrganizationID)
}

// refreshLocked recomputes sso_active_connections of the organizations with
// the given ids: their active connections in creation order.
//
// INFERRED: External connections are listed too (they are always active), with
// their own display name and the identity_provider of the connection they
// link to (DESIGN.md, "Inferred SSO connections").
func (st *store) refreshLocked(orgIDs ...string) {
	for _, id := range orgIDs {
		rec := st.recordLocked(id)
		if rec == nil {
			continue
		}
		active := []stytch.ActiveSSOConnection{}
		for _, c := range rec.conns {
			if c.status() != ssoStatusActive {
				continue
			}
			active = append(active, stytch.ActiveSSOConnection{
				ConnectionID:     c.id(),
				DisplayName:      c.displayName(),
				IdentityProvider: st.identityProviderLocked(c),
			})
		}
		rec.org.SSOActiveConnections = active
	}
}

// identityProviderLocked returns the identity provider of c; for an External
// connection, that of the connection it links to.
func (st *store) identityProviderLocked(c *ssoConn) string {
	switch c.kind {
	case connSAML:
		return c.saml.IdentityProvider
	case connOIDC:
		return c.oidc.IdentityProvider
	}
	if src, ok := st.conns[c.ext.ExternalConnectionID]; ok && src.kind != connExternal {
		return st.identityProviderLocked(src)
	}
	return ""
}
