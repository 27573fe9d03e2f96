package emulator

import (
	"encoding/json"
	"net/http"
	"strings"
)

// handleCreateOIDC serves POST /v1/b2b/sso/oidc/{organization_id}: body
// {display_name, identity_provider}; the connection starts pending with every
// other field empty.
//
// INFERRED: as for SAML, other body fields are ignored and identity_provider
// defaults to generic (DESIGN.md, "Inferred SSO connections").
func (s *Server) handleCreateOIDC(w http.ResponseWriter, r *http.Request, p routeParams) {
	name, idp, err := s.readConnectionCreate(w, r, p)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	id := "oidc-connection-test-" + newUUID()
	c, err := s.store.createConnection(p.org, func(v ssoView) (*ssoConn, *apiError) {
		conn := oidcConnection{
			OrganizationID:   v.rec.org.OrganizationID,
			ConnectionID:     id,
			Status:           ssoStatusPending,
			DisplayName:      deref(name),
			RedirectURL:      s.callbackURL(id),
			IdentityProvider: defaultIdentityProvider,
			AttributeMapping: map[string]string{},
		}
		if idp != nil {
			conn.IdentityProvider = *idp
		}
		return &ssoConn{kind: connOIDC, oidc: &conn}, nil
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeConnection(w, r, c, "")
}

// oidcURLField is one of the OIDC connection's URL fields with the type of
// its format error.
type oidcURLField struct {
	name      string
	get       func(*oidcConnection) *string
	badFormat errorType
	httpsOnly bool
}

// oidcURLFields are the URL fields of an OIDC connection.
//
// INFERRED: the issuer must be an absolute https URL ("A case-sensitive
// https:// URL"); the four endpoints, for which Stytch documents no scheme,
// absolute http or https URLs. "" is always accepted (not set).
var oidcURLFields = []oidcURLField{
	{"issuer", func(c *oidcConnection) *string { return &c.Issuer }, etOIDCIssuerURLInvalidFormat, true},
	{"authorization_url", func(c *oidcConnection) *string { return &c.AuthorizationURL }, etOIDCAuthorizationURLInvalidFmt, false},
	{"token_url", func(c *oidcConnection) *string { return &c.TokenURL }, etOIDCTokenURLInvalidFormat, false},
	{"userinfo_url", func(c *oidcConnection) *string { return &c.UserinfoURL }, etOIDCUserinfoURLInvalidFormat, false},
	{"jwks_url", func(c *oidcConnection) *string { return &c.JWKSURL }, etOIDCJWKSURLInvalidFormat, false},
}

// oidcPatch is a decoded OIDC Update body: nil fields were not sent.
type oidcPatch struct {
	values           map[string]*string // by field name
	attributeMapping *map[string]string
}

// oidcStringFields are the string fields of the OIDC Update body in the
// SDKs' order, with where they go.
var oidcStringFields = []struct {
	name string
	get  func(*oidcConnection) *string
}{
	{"display_name", func(c *oidcConnection) *string { return &c.DisplayName }},
	{"client_id", func(c *oidcConnection) *string { return &c.ClientID }},
	{"client_secret", func(c *oidcConnection) *string { return &c.ClientSecret }},
	{"issuer", func(c *oidcConnection) *string { return &c.Issuer }},
	{"authorization_url", func(c *oidcConnection) *string { return &c.AuthorizationURL }},
	{"token_url", func(c *oidcConnection) *string { return &c.TokenURL }},
	{"userinfo_url", func(c *oidcConnection) *string { return &c.UserinfoURL }},
	{"jwks_url", func(c *oidcConnection) *string { return &c.JWKSURL }},
	{"identity_provider", func(c *oidcConnection) *string { return &c.IdentityProvider }},
	{"custom_scopes", func(c *oidcConnection) *string { return &c.CustomScopes }},
}

// decodeOIDCPatch decodes an OIDC Update body in the SDKs' field order.
func decodeOIDCPatch(body map[string]json.RawMessage) (*oidcPatch, *apiError) {
	p := &oidcPatch{values: map[string]*string{}}
	for _, f := range oidcStringFields {
		v, err := optString(body, f.name)
		if err != nil {
			return nil, err
		}
		p.values[f.name] = v
	}
	// INFERRED: OIDC has no nested-keys error type; bad_request instead.
	m, err := optMapping(body, "attribute_mapping", etBadRequest)
	if err != nil {
		return nil, err
	}
	p.attributeMapping = m
	return p, nil
}

// discoveryWarning is the warning of an Update that changed the issuer.
//
// INFERRED: the emulator never fetches the OpenID discovery document, so an
// Update that changes issuer and leaves any of the four endpoint URLs empty
// answers this warning, as Stytch does when the document cannot be
// retrieved; the URLs keep the values sent (DESIGN.md, "Inferred SSO
// connections").
func discoveryWarning(issuer string) string {
	return "The OpenID Provider Metadata document at " + strings.TrimRight(issuer, "/") +
		"/.well-known/openid-configuration was not retrieved (the Stytch emulator does not fetch discovery documents): " +
		"authorization_url, token_url, userinfo_url and jwks_url keep the values sent in the request."
}

// handleUpdateOIDC serves
// PUT /v1/b2b/sso/oidc/{organization_id}/connections/{connection_id}.
// client_secret is stored and answered as sent.
//
// INFERRED: the answer echoes client_secret, as the documentation's example
// does (DESIGN.md, "Inferred SSO connections").
func (s *Server) handleUpdateOIDC(w http.ResponseWriter, r *http.Request, p routeParams) {
	body, err := readObject(w, r)
	if err == nil {
		err = s.store.checkConnection(p.org, p.conn, connOIDC)
	}
	var patch *oidcPatch
	if err == nil {
		patch, err = decodeOIDCPatch(body)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	warning := ""
	c, err := s.store.updateConnection(p.org, p.conn, connOIDC, func(_ ssoView, c *ssoConn) *apiError {
		o := c.oidc
		before := o.Issuer
		for _, f := range oidcStringFields {
			if v := patch.values[f.name]; v != nil {
				*f.get(o) = *v
			}
		}
		if patch.attributeMapping != nil {
			o.AttributeMapping = cloneMapping(*patch.attributeMapping)
		}
		if err := validateIdentityProvider(o.IdentityProvider); err != nil {
			return err
		}
		for _, f := range oidcURLFields {
			if err := validateOIDCURL(f, *f.get(o)); err != nil {
				return err
			}
		}
		if err := settleOIDCStatus(o); err != nil {
			return err
		}
		if o.Issuer != before && o.Issuer != "" && (o.AuthorizationURL == "" || o.TokenURL == "" || o.UserinfoURL == "" || o.JWKSURL == "") {
			warning = discoveryWarning(o.Issuer)
		}
		return nil
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeConnection(w, r, c, warning)
}

// validateOIDCURL checks one URL field.
func validateOIDCURL(f oidcURLField, v string) *apiError {
	if v == "" {
		return nil
	}
	u, ok := absoluteURL(v)
	switch {
	case !ok:
		return invalid(f.badFormat, "%s must be an absolute URL; got %q.", f.name, v)
	case f.httpsOnly && u.Scheme != "https":
		return invalid(f.badFormat, "%s must be an https:// URL; got %q.", f.name, v)
	case u.Scheme != "https" && u.Scheme != "http":
		return invalid(f.badFormat, "%s must be an http:// or https:// URL; got %q.", f.name, v)
	}
	return nil
}

// settleOIDCStatus recomputes the status: active once issuer, client_id,
// client_secret and the four endpoint URLs are all set.
//
// INFERRED: as for SAML, an active connection stays active, and clearing one
// of these fields is refused with the error type that names it
// (invalid_userinfo_url for userinfo_url, which has no _required type).
func settleOIDCStatus(c *oidcConnection) *apiError {
	var missing *apiError
	for _, req := range []struct {
		value   string
		errType errorType
		name    string
	}{
		{c.Issuer, etOIDCIssuerRequired, "issuer"},
		{c.ClientID, etOIDCClientIDRequired, "client_id"},
		{c.ClientSecret, etOIDCClientSecretRequired, "client_secret"},
		{c.AuthorizationURL, etOIDCAuthorizationURLRequired, "authorization_url"},
		{c.TokenURL, etOIDCTokenURLRequired, "token_url"},
		{c.UserinfoURL, etInvalidUserinfoURL, "userinfo_url"},
		{c.JWKSURL, etOIDCJWKSURLRequired, "jwks_url"},
	} {
		if req.value == "" {
			missing = invalid(req.errType, "%s is required for an active OIDC connection.", req.name)
			break
		}
	}
	if missing == nil {
		c.Status = ssoStatusActive
		return nil
	}
	if c.Status == ssoStatusActive {
		return missing
	}
	return nil
}
