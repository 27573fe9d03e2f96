package emulator

import (
	"encoding/json"
	"net/http"
	"slices"
	"time"
)

// certificateDeleteResponse answers DELETE …/verification_certificates/{certificate_id}.
type certificateDeleteResponse struct {
	RequestID     string `json:"request_id"`
	CertificateID string `json:"certificate_id"`
	StatusCode    int    `json:"status_code"`
}

// privateKeyDeleteResponse answers DELETE …/encryption_private_keys/{private_key_id}.
type privateKeyDeleteResponse struct {
	RequestID    string `json:"request_id"`
	PrivateKeyID string `json:"private_key_id"`
	StatusCode   int    `json:"status_code"`
}

// readConnectionCreate reads the body of a SAML or OIDC create, which both
// take only display_name and identity_provider, for an organization that
// exists. A nil identity provider means none was sent.
func (s *Server) readConnectionCreate(w http.ResponseWriter, r *http.Request, p routeParams) (name, idp *string, err *apiError) {
	body, err := readObject(w, r)
	if err == nil {
		err = s.store.checkOrganization(p.org)
	}
	if err == nil {
		name, err = optString(body, "display_name")
	}
	if err == nil {
		idp, err = optString(body, "identity_provider")
	}
	if err == nil && idp != nil {
		err = validateIdentityProvider(*idp)
	}
	return name, idp, err
}

// handleCreateSAML serves POST /v1/b2b/sso/saml/{organization_id}. Create
// takes display_name and identity_provider only; the connection starts
// pending, with the documented defaults and one signing certificate issued by
// "Stytch".
//
// INFERRED: other body fields are ignored (Create accepts nothing else; the
// Go SDK echoes organization_id); identity_provider defaults to generic and
// display_name to "" (DESIGN.md, "Inferred SSO connections").
func (s *Server) handleCreateSAML(w http.ResponseWriter, r *http.Request, p routeParams) {
	name, idp, err := s.readConnectionCreate(w, r, p)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	now := s.now()
	signing, cerr := s.stytchSigningCertificate(now)
	if cerr != nil {
		s.writeError(w, r, errInternal())
		return
	}
	id := "saml-connection-test-" + newUUID()
	c, err := s.store.createConnection(p.org, func(v ssoView) (*ssoConn, *apiError) {
		conn := &samlConnection{
			OrganizationID:      v.rec.org.OrganizationID,
			ConnectionID:        id,
			Status:              ssoStatusPending,
			DisplayName:         deref(name),
			ACSURL:              s.callbackURL(id),
			AudienceURI:         s.callbackURL(id),
			SigningCertificates: []x509Certificate{signing},
			IdentityProvider:    defaultIdentityProvider,
			NameIDFormat:        defaultNameIDFormat,
			// The documentation's Create example answers this mapping.
			AttributeMapping: map[string]string{"email": "email", "full_name": "name"},
		}
		if idp != nil {
			conn.IdentityProvider = *idp
		}
		saml := cloneSAML(conn)
		return &ssoConn{kind: connSAML, saml: &saml}, nil
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeConnection(w, r, c, "")
}

// stytchSigningCertificate makes a signing certificate with the process's
// Stytch signing key.
func (s *Server) stytchSigningCertificate(now time.Time) (x509Certificate, error) {
	key, err := stytchSigningKey()
	if err != nil {
		return x509Certificate{}, err
	}
	return newSigningCertificate(key, now)
}

// samlPatch is a decoded SAML Update body: nil fields were not sent.
type samlPatch struct {
	idpEntityID, displayName, idpSSOURL, alternativeAudienceURI *string
	identityProvider, nameIDFormat, alternativeACSURL           *string
	attributeMapping                                            *map[string]string
	roles                                                       *[]connectionRoleAssignment
	groups                                                      *[]groupRoleAssignment
	idpInitiatedAuthDisabled, allowGatewayCallback              *bool
	verification, signing                                       *x509Certificate
	encryption                                                  *encryptionPrivateKey
}

// decodeSAMLPatch decodes a SAML Update body in the order of the SDKs'
// UpdateConnectionParams, which is the order its errors are reported in. It
// parses the certificate and the keys and makes the signing certificate, so
// that no cryptography runs under the store's lock.
//
// INFERRED: "" for x509_certificate, signing_private_key or
// saml_encryption_private_key adds nothing (they add entries, and there is
// nothing to add); the private keys are never stored (DESIGN.md, "Inferred
// SSO connections").
func (s *Server) decodeSAMLPatch(body map[string]json.RawMessage) (*samlPatch, *apiError) {
	var (
		p   samlPatch
		err *apiError
		now = s.now()
	)
	str := func(dst **string, name string) {
		if err == nil {
			*dst, err = optString(body, name)
		}
	}
	str(&p.idpEntityID, "idp_entity_id")
	str(&p.displayName, "display_name")
	if err == nil {
		p.attributeMapping, err = optMapping(body, "attribute_mapping", etNoNestedKeysInAttributeMapping)
	}
	var certPEM *string
	str(&certPEM, "x509_certificate")
	if err == nil && deref(certPEM) != "" {
		cert, ok := parseCertificatePEM(*certPEM)
		if !ok {
			return nil, invalid(etInvalidX509Certificate, "x509_certificate must be one X.509 certificate in PEM format (-----BEGIN CERTIFICATE-----).")
		}
		entry := certificateEntry(cert)
		p.verification = &entry
	}
	str(&p.idpSSOURL, "idp_sso_url")
	if err == nil {
		p.roles, err = optRoles(body, "saml_connection_implicit_role_assignments")
	}
	if err == nil {
		p.groups, err = optGroups(body, "saml_group_implicit_role_assignments")
	}
	str(&p.alternativeAudienceURI, "alternative_audience_uri")
	str(&p.identityProvider, "identity_provider")
	var signingKey *string
	str(&signingKey, "signing_private_key")
	if err == nil && deref(signingKey) != "" {
		key, problem := parseRSAPrivateKeyPEM(*signingKey)
		switch problem {
		case keyWrongFormat:
			return nil, invalid(etSigningKeyFormatNotSupported, "signing_private_key must be a PKCS1 RSA private key (-----BEGIN RSA PRIVATE KEY-----); other formats are not supported.")
		case keyInvalid:
			return nil, invalid(etSigningKeyInvalid, "signing_private_key is not a valid PKCS1 RSA private key in PEM format.")
		}
		cert, cerr := newSigningCertificate(key, now)
		if cerr != nil {
			return nil, invalid(etSigningKeyInvalid, "signing_private_key cannot sign a certificate: %v.", cerr)
		}
		p.signing = &cert
	}
	str(&p.nameIDFormat, "nameid_format")
	str(&p.alternativeACSURL, "alternative_acs_url")
	if err == nil {
		p.idpInitiatedAuthDisabled, err = optBool(body, "idp_initiated_auth_disabled")
	}
	var encryptionKey *string
	str(&encryptionKey, "saml_encryption_private_key")
	if err == nil && deref(encryptionKey) != "" {
		// INFERRED: Stytch has no error type for a bad encryption key;
		// bad_request is its type for an invalid request.
		if _, problem := parseRSAPrivateKeyPEM(*encryptionKey); problem != keyOK {
			return nil, errBadRequest("saml_encryption_private_key must be a PKCS1 RSA private key in PEM format (-----BEGIN RSA PRIVATE KEY-----).")
		}
		// INFERRED: the answer's private_key is "": the emulator never
		// echoes a secret it was given (Stytch's value is undocumented); the
		// id form encryption-private-key-test-<uuid> has no source.
		p.encryption = &encryptionPrivateKey{
			PrivateKeyID: "encryption-private-key-test-" + newUUID(),
			CreatedAt:    now.Format(time.RFC3339),
		}
	}
	if err == nil {
		p.allowGatewayCallback, err = optBool(body, "allow_gateway_callback")
	}
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// handleUpdateSAML serves
// PUT /v1/b2b/sso/saml/{organization_id}/connections/{connection_id}:
// partial update, rules checked on the result, status recomputed. A failed
// update changes nothing.
func (s *Server) handleUpdateSAML(w http.ResponseWriter, r *http.Request, p routeParams) {
	body, err := readObject(w, r)
	if err == nil {
		err = s.store.checkConnection(p.org, p.conn, connSAML)
	}
	var patch *samlPatch
	if err == nil {
		patch, err = s.decodeSAMLPatch(body)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	c, err := s.store.updateConnection(p.org, p.conn, connSAML, func(v ssoView, c *ssoConn) *apiError {
		return applySAMLPatch(v, c.saml, patch)
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeConnection(w, r, c, "")
}

// applySAMLPatch applies p to c and checks the rules on the result.
//
// INFERRED: lists and attribute_mapping are replaced whole; x509_certificate
// appends a verification certificate, and sending one the connection already
// has adds nothing; signing_private_key appends a signing certificate
// (DESIGN.md, "Inferred SSO connections").
func applySAMLPatch(v ssoView, c *samlConnection, p *samlPatch) *apiError {
	for _, f := range []struct {
		src *string
		dst *string
	}{
		{p.idpEntityID, &c.IdPEntityID}, {p.displayName, &c.DisplayName}, {p.idpSSOURL, &c.IdPSSOURL},
		{p.alternativeAudienceURI, &c.AlternativeAudienceURI}, {p.identityProvider, &c.IdentityProvider},
		{p.nameIDFormat, &c.NameIDFormat}, {p.alternativeACSURL, &c.AlternativeACSURL},
	} {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
	if p.attributeMapping != nil {
		c.AttributeMapping = cloneMapping(*p.attributeMapping)
	}
	if p.roles != nil {
		c.SAMLConnectionImplicitRoleAssignments = *p.roles
	}
	if p.groups != nil {
		c.SAMLGroupImplicitRoleAssignments = *p.groups
	}
	if p.idpInitiatedAuthDisabled != nil {
		c.IdPInitiatedAuthDisabled = *p.idpInitiatedAuthDisabled
	}
	if p.allowGatewayCallback != nil {
		c.AllowGatewayCallback = *p.allowGatewayCallback
	}
	if err := validateIdentityProvider(c.IdentityProvider); err != nil {
		return err
	}
	if err := validateIdPSSOURL(c.IdPSSOURL); err != nil {
		return err
	}
	if err := validateRoleLists("saml_connection_implicit_role_assignments", c.SAMLConnectionImplicitRoleAssignments,
		"saml_group_implicit_role_assignments", c.SAMLGroupImplicitRoleAssignments); err != nil {
		return err
	}
	if err := validateGroupsKey(v, c); err != nil {
		return err
	}
	if p.verification != nil {
		if err := addVerificationCertificate(c, *p.verification); err != nil {
			return err
		}
	}
	if p.encryption != nil {
		if len(c.EncryptionPrivateKeys) >= maxEncryptionPrivateKeys {
			return invalid(etTooManyEncryptionCertificates, "A SAML connection may have at most %d encryption private keys; delete one first.", maxEncryptionPrivateKeys)
		}
		c.EncryptionPrivateKeys = append(c.EncryptionPrivateKeys, *p.encryption)
	}
	if p.signing != nil {
		c.SigningCertificates = append(c.SigningCertificates, *p.signing)
	}
	return settleSAMLStatus(c)
}

// validateIdPSSOURL: "" (not set) or an absolute https URL.
//
// INFERRED: Stytch's error types say that the URL must be well formed and
// https; "well formed" is taken as "absolute, with a host" (DESIGN.md,
// "Inferred SSO connections").
func validateIdPSSOURL(s string) *apiError {
	if s == "" {
		return nil
	}
	u, ok := absoluteURL(s)
	if !ok {
		return invalid(etIdPSSOURLInvalidFormat, "idp_sso_url must be an absolute URL; got %q.", s)
	}
	if u.Scheme != "https" {
		return invalid(etIdPSSOURLNotHTTPS, "idp_sso_url must be an https:// URL; got %q.", s)
	}
	return nil
}

// validateGroupsKey: group role assignments, on the connection or on an
// External connection that links to it, need a "groups" key in the
// connection's attribute_mapping ("Before adding any group implicit role
// assignments, you must add a "groups" key").
//
// INFERRED: removing the key while External connections still have group
// assignments is refused too.
func validateGroupsKey(v ssoView, c *samlConnection) *apiError {
	if hasMapping(c.AttributeMapping, "groups") {
		return nil
	}
	if len(c.SAMLGroupImplicitRoleAssignments) > 0 {
		return invalid(etAttributeMappingMissingGroups, "saml_group_implicit_role_assignments need a \"groups\" key in attribute_mapping.")
	}
	for _, ext := range v.externalsOf(c.ConnectionID) {
		if len(ext.ExternalGroupImplicitRoleAssignments) > 0 {
			return invalid(etAttributeMappingMissingGroups, "External connection %s has group role assignments, which need a \"groups\" key in this connection's attribute_mapping.", quote(ext.ConnectionID))
		}
	}
	return nil
}

// addVerificationCertificate appends cert to the verification certificates,
// unless the connection already has it; at most 5.
func addVerificationCertificate(c *samlConnection, cert x509Certificate) *apiError {
	if slices.ContainsFunc(c.VerificationCertificates, func(have x509Certificate) bool { return have.Certificate == cert.Certificate }) {
		return nil
	}
	if len(c.VerificationCertificates) >= maxVerificationCertificates {
		return invalid(etTooManyVerificationCertificates, "A SAML connection may have at most %d verification certificates; delete one first.", maxVerificationCertificates)
	}
	c.VerificationCertificates = append(c.VerificationCertificates, cert)
	return nil
}

// settleSAMLStatus recomputes the status: a connection becomes active once it
// has idp_sso_url, idp_entity_id, a verification certificate and an
// attribute_mapping with email and full_name (or first_name and last_name).
//
// INFERRED: an active connection stays active: a change that would take one
// of these away is refused with the error type that names it (Stytch refuses
// to delete the last certificate of an active connection, and has these
// types), so sso_default_connection_id and the JIT list never name an
// inactive connection (DESIGN.md, "Inferred SSO connections").
func settleSAMLStatus(c *samlConnection) *apiError {
	missing := samlMissing(c)
	if missing == nil {
		c.Status = ssoStatusActive
		return nil
	}
	if c.Status == ssoStatusActive {
		return missing
	}
	return nil
}

// samlMissing returns the error naming the first activation requirement c
// lacks, or nil.
func samlMissing(c *samlConnection) *apiError {
	m := c.AttributeMapping
	hasName := hasMapping(m, "full_name") || (hasMapping(m, "first_name") && hasMapping(m, "last_name"))
	switch {
	case c.IdPSSOURL == "":
		return invalid(etIdPSSOURLRequired, "idp_sso_url is required for an active SAML connection.")
	case c.IdPEntityID == "":
		return invalid(etInvalidIdPEntityID, "idp_entity_id is required for an active SAML connection.")
	case len(c.VerificationCertificates) == 0:
		return invalid(etCannotDeleteLastVerificationKey, "An active SAML connection must have at least one verification certificate.")
	case len(m) == 0:
		return invalid(etAttributeMappingRequired, "attribute_mapping is required for an active SAML connection.")
	case !hasMapping(m, "email"):
		return invalid(etEmailMappingRequired, "attribute_mapping must map email.")
	case !hasName:
		return invalid(etNameMappingRequired, "attribute_mapping must map full_name, or first_name and last_name.")
	}
	return nil
}

// handleDeleteVerificationCertificate serves DELETE
// …/saml/{organization_id}/connections/{connection_id}/verification_certificates/{certificate_id}.
// "There must always be at least one certificate per active connection."
//
// INFERRED: an unknown certificate id is 404 sso_verification_key_not_found;
// deleting the last certificate of an active connection is 400
// cannot_delete_last_sso_verification_key.
func (s *Server) handleDeleteVerificationCertificate(w http.ResponseWriter, r *http.Request, p routeParams) {
	if _, err := readObject(w, r); err != nil {
		s.writeError(w, r, err)
		return
	}
	_, err := s.store.updateConnection(p.org, p.conn, connSAML, func(_ ssoView, c *ssoConn) *apiError {
		certs := c.saml.VerificationCertificates
		i := slices.IndexFunc(certs, func(cert x509Certificate) bool { return cert.CertificateID == p.sub })
		if i < 0 {
			return &apiError{status: http.StatusNotFound, errType: etVerificationKeyNotFound, message: "Verification certificate " + quote(p.sub) + " could not be found on this SAML connection."}
		}
		if c.saml.Status == ssoStatusActive && len(certs) == 1 {
			return invalid(etCannotDeleteLastVerificationKey, "An active SAML connection must keep at least one verification certificate; add another before deleting this one.")
		}
		c.saml.VerificationCertificates = slices.Delete(certs, i, i+1)
		return nil
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, certificateDeleteResponse{RequestID: requestID(r), CertificateID: p.sub, StatusCode: http.StatusOK})
}

// handleDeleteEncryptionPrivateKey serves DELETE
// …/saml/{organization_id}/connections/{connection_id}/encryption_private_keys/{private_key_id}.
//
// INFERRED: an unknown key id is 404 sso_encryption_private_key_not_found.
func (s *Server) handleDeleteEncryptionPrivateKey(w http.ResponseWriter, r *http.Request, p routeParams) {
	if _, err := readObject(w, r); err != nil {
		s.writeError(w, r, err)
		return
	}
	_, err := s.store.updateConnection(p.org, p.conn, connSAML, func(_ ssoView, c *ssoConn) *apiError {
		keys := c.saml.EncryptionPrivateKeys
		i := slices.IndexFunc(keys, func(k encryptionPrivateKey) bool { return k.PrivateKeyID == p.sub })
		if i < 0 {
			return &apiError{status: http.StatusNotFound, errType: etEncryptionPrivateKeyNotFound, message: "Encryption private key " + quote(p.sub) + " could not be found on this SAML connection."}
		}
		c.saml.EncryptionPrivateKeys = slices.Delete(keys, i, i+1)
		return nil
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, privateKeyDeleteResponse{RequestID: requestID(r), PrivateKeyID: p.sub, StatusCode: http.StatusOK})
}

// deref returns *p, or "" for nil.
func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
