package stytch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Stytch's SSO connection API. There is no GET of one connection: the list
// of an organization's connections is the only read. Bodies carry only the
// documented fields, never the ids of the path (stytch-go echoes them).
//
// Retries: the list only reads, and the updates and deletes set or remove
// state, so repeating them after a lost answer changes nothing and they are
// retried like the organization's calls (DESIGN.md, "Rate limits and retries"). The creates are not idempotent and a
// connection has no natural key, only a display name that need not be unique,
// so they are repeated only when Stytch surely did nothing (429, or a
// connection never established), or when, after an ambiguous failure, no
// connection of the kind has the requested display name; see
// createConnection.
// Updates that add a certificate or a key are treated like creates; see
// UpdateSAMLConnection.

const ssoPath = "/v1/b2b/sso"

// Connection kinds, the path segment of the type-specific endpoints.
const (
	ssoKindSAML     = "saml"
	ssoKindOIDC     = "oidc"
	ssoKindExternal = "external"
)

// ssoOrganizationPath is /v1/b2b/sso/{organization_id}. As everywhere, the
// organization may be addressed by id, slug or external id.
func ssoOrganizationPath(organizationID string) string {
	return ssoPath + "/" + url.PathEscape(organizationID)
}

// ssoKindPath is /v1/b2b/sso/{kind}/{organization_id}, where connections of
// one kind are created.
func ssoKindPath(kind, organizationID string) string {
	return ssoPath + "/" + kind + "/" + url.PathEscape(organizationID)
}

// ssoConnectionPath is /v1/b2b/sso/{kind}/{organization_id}/connections/{connection_id}.
func ssoConnectionPath(kind, organizationID, connectionID string) string {
	return ssoKindPath(kind, organizationID) + "/connections/" + url.PathEscape(connectionID)
}

// requireIDs checks name/value pairs and names the first empty value: an
// empty id would turn the path into another endpoint's or a 404.
func requireIDs(pairs ...string) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] == "" {
			return fmt.Errorf("stytch: %s is required", pairs[i])
		}
	}
	return nil
}

// UncertainOutcomeError is a call that is not safe to repeat and whose answer
// was lost after the request may have reached Stytch: a 5xx, a timeout, a
// connection reset after sending, a canceled context, or a success whose
// body has no connection object or cannot be decoded. Stytch may have carried it out; the client neither
// repeats it nor can look the result up, so the caller must check.
type UncertainOutcomeError struct {
	// OrganizationID is the organization in the path, as the caller gave it.
	OrganizationID string
	// ConnectionID is the connection an update addressed; empty for a create.
	ConnectionID string
	// Effect says what may have happened, Check how to find out.
	Effect string
	Check  string
	// Cause is the failure of the call.
	Cause error
}

func (e *UncertainOutcomeError) Error() string {
	return fmt.Sprintf("%v; the request may nevertheless have reached Stytch, so %s: %s", e.Cause, e.Effect, e.Check)
}

func (e *UncertainOutcomeError) Unwrap() error { return e.Cause }

// outcomeUncertain reports whether a failed call that is not repeated may
// still have been carried out. Only Stytch's refusal (a 4xx, 429 included)
// and a connection never established are certain; a 5xx, a transport failure
// after sending, a success body that cannot be decoded and a context that
// ended mid-call are not.
func outcomeUncertain(err error) bool {
	if apiErr, ok := AsError(err); ok {
		return apiErr.StatusCode >= 500
	}
	var ae *attemptError
	if errors.As(err, &ae) {
		return !ae.sentNothing
	}
	return true
}

// listConnectionsHint tells how to find out what a lost call did: the list
// is the only read of connections.
func listConnectionsHint(organizationID, then string) string {
	return fmt.Sprintf("list the organization's SSO connections (GET %s) and %s", ssoOrganizationPath(organizationID), then)
}

// connectionOf returns the connection of a success envelope. The SDKs type it
// as optional; a success without it leaves the caller without the id.
func connectionOf[T any](method, path string, conn *T) (*T, error) {
	if conn == nil {
		return nil, fmt.Errorf("%s %s: the success answer has no connection object", method, path)
	}
	return conn, nil
}

// ListSSOConnections returns every SSO connection of an organization
// (GET /v1/b2b/sso/{organization_id}), pending ones included. A connection
// that does not exist is simply absent; an organization that does not exist
// is organization_not_found. The three lists are never nil.
func (c *Client) ListSSOConnections(ctx context.Context, organizationID string) (*SSOConnections, error) {
	if err := requireIDs("an organization id", organizationID); err != nil {
		return nil, err
	}
	var resp SSOConnectionsResponse
	if err := c.do(ctx, http.MethodGet, ssoOrganizationPath(organizationID), nil, &resp, retryIdempotent); err != nil {
		return nil, err
	}
	conns := resp.SSOConnections
	if conns.SAMLConnections == nil {
		conns.SAMLConnections = []SAMLConnection{}
	}
	if conns.OIDCConnections == nil {
		conns.OIDCConnections = []OIDCConnection{}
	}
	if conns.ExternalConnections == nil {
		conns.ExternalConnections = []ExternalConnection{}
	}
	return &conns, nil
}

// createConnection sends a create with the create retry policy. After an
// ambiguous failure it lists the organization's connections and looks for
// one of the kind with the requested display name, the closest thing a
// connection has to a natural key, as CreateOrganization looks its slug up
// (DESIGN.md, "Create without duplicates"): when there is none, the create
// did not happen and is repeated, within the retry budget; when there is one,
// *AmbiguousConnectionCreateError names it. Without a display name, or when
// the list fails, the failure is *UncertainOutcomeError.
func (c *Client) createConnection(ctx context.Context, kind, label, organizationID, displayName string, body, out any) error {
	for attempt := 1; ; attempt++ {
		err := c.do(ctx, http.MethodPost, ssoKindPath(kind, organizationID), body, out, retryCreate)
		if err == nil || !outcomeUncertain(err) {
			return err
		}
		if displayName == "" || ctx.Err() != nil {
			return uncertainCreate(label, organizationID, displayName, err)
		}
		conns, listErr := c.ListSSOConnections(ctx, organizationID)
		if listErr != nil {
			// Only the create's error is wrapped: callers inspect it.
			return uncertainCreate(label, organizationID, displayName, fmt.Errorf(
				"%w (afterwards, listing the organization's connections to see whether it was created also failed: %s)", err, listErr.Error()))
		}
		if ids := connectionsNamed(conns, kind, displayName); len(ids) > 0 {
			return &AmbiguousConnectionCreateError{
				Label: label, OrganizationID: organizationID, DisplayName: displayName, ConnectionIDs: ids, Cause: err,
			}
		}
		if attempt > c.maxRetries {
			return err
		}
		// No such connection: the create did not happen; try again.
		if !sleep(ctx, c.backoff(attempt, 0)) {
			return uncertainCreate(label, organizationID, displayName, fmt.Errorf("%w (while waiting to retry after: %w)", ctx.Err(), err))
		}
	}
}

// connectionsNamed returns the ids of the connections of kind named displayName.
func connectionsNamed(conns *SSOConnections, kind, displayName string) []string {
	switch kind {
	case ssoKindSAML:
		return idsNamed(conns.SAMLConnections, displayName, func(c SAMLConnection) (string, string) { return c.DisplayName, c.ConnectionID })
	case ssoKindOIDC:
		return idsNamed(conns.OIDCConnections, displayName, func(c OIDCConnection) (string, string) { return c.DisplayName, c.ConnectionID })
	case ssoKindExternal:
		return idsNamed(conns.ExternalConnections, displayName, func(c ExternalConnection) (string, string) { return c.DisplayName, c.ConnectionID })
	}
	return nil
}

// idsNamed returns the ids of the connections whose display name is name;
// nameAndID reads both from a connection.
func idsNamed[T any](conns []T, name string, nameAndID func(T) (string, string)) []string {
	var ids []string
	for _, c := range conns {
		if n, id := nameAndID(c); n == name {
			ids = append(ids, id)
		}
	}
	return ids
}

// AmbiguousConnectionCreateError is a connection create whose answer was lost
// while the organization has, afterwards, a connection of that kind with the
// requested display name: the create probably happened (or the connection
// existed before; display names need not be unique).
type AmbiguousConnectionCreateError struct {
	// Label names the kind, such as "a SAML connection".
	Label          string
	OrganizationID string
	DisplayName    string
	// ConnectionIDs are the connections of the kind with that display name.
	ConnectionIDs []string
	// Cause is the failure of the create call.
	Cause error
}

func (e *AmbiguousConnectionCreateError) Error() string {
	return fmt.Sprintf("the create request failed (%v), but organization %q now has %s named %q (%s): the create probably happened",
		e.Cause, e.OrganizationID, e.Label, e.DisplayName, strings.Join(e.ConnectionIDs, ", "))
}

func (e *AmbiguousConnectionCreateError) Unwrap() error { return e.Cause }

func uncertainCreate(label, organizationID, displayName string, cause error) error {
	then := fmt.Sprintf("look for %s that is not yet managed before creating one again", label)
	if displayName != "" {
		then = fmt.Sprintf("look for %s with display name %q before creating one again", label, displayName)
	}
	return &UncertainOutcomeError{
		OrganizationID: organizationID,
		Effect:         fmt.Sprintf("%s may have been created in organization %q", label, organizationID),
		Check:          listConnectionsHint(organizationID, then),
		Cause:          cause,
	}
}

// CreateSAMLConnection creates a pending SAML connection
// (POST /v1/b2b/sso/saml/{organization_id}). It is repeated only when Stytch
// surely did nothing, or did nothing by the organization's list of
// connections; otherwise a lost answer returns
// *AmbiguousConnectionCreateError or *UncertainOutcomeError (see
// createConnection).
func (c *Client) CreateSAMLConnection(ctx context.Context, organizationID string, req CreateSAMLConnectionRequest) (*SAMLConnection, error) {
	if err := requireIDs("an organization id", organizationID); err != nil {
		return nil, err
	}
	var resp SAMLConnectionResponse
	if err := c.createConnection(ctx, ssoKindSAML, "a SAML connection", organizationID, req.DisplayName, req, &resp); err != nil {
		return nil, err
	}
	conn, err := connectionOf(http.MethodPost, ssoKindPath(ssoKindSAML, organizationID), resp.Connection)
	if err != nil {
		return nil, uncertainCreate("a SAML connection", organizationID, req.DisplayName, err)
	}
	return conn, nil
}

// UpdateSAMLConnection changes the fields set in req
// (PUT /v1/b2b/sso/saml/{organization_id}/connections/{connection_id}) and
// returns the connection afterwards.
//
// An update that only sets fields is idempotent and retried like the
// organization's. One that sends x509_certificate, signing_private_key or
// saml_encryption_private_key is not: each adds an entry to
// verification_certificates, signing_certificates or encryption_private_keys
// (verification certificates are capped at five and removed one by one), and
// what Stytch does with the same PEM sent twice is undocumented. Repeating it
// after a lost answer could add a duplicate or fail on the cap for a change
// that was made, so such an update is repeated only when Stytch surely did
// nothing, and an ambiguous failure returns *UncertainOutcomeError.
func (c *Client) UpdateSAMLConnection(ctx context.Context, organizationID, connectionID string, req UpdateSAMLConnectionRequest) (*SAMLConnection, error) {
	if err := requireIDs("an organization id", organizationID, "a connection id", connectionID); err != nil {
		return nil, err
	}
	path := ssoConnectionPath(ssoKindSAML, organizationID, connectionID)
	if !req.addsCredential() {
		var resp SAMLConnectionResponse
		if err := c.do(ctx, http.MethodPut, path, req, &resp, retryIdempotent); err != nil {
			return nil, err
		}
		return connectionOf(http.MethodPut, path, resp.Connection)
	}
	return c.updateSAMLAdding(ctx, organizationID, connectionID, path, req,
		fmt.Sprintf("the certificate or key it sent may have been added to SAML connection %q", connectionID),
		"compare that connection's verification_certificates, signing_certificates and encryption_private_keys with what was sent before sending the update again")
}

// UpdateSAMLConnectionByURL has Stytch read the IdP's metadata from
// metadataURL (PUT .../connections/{connection_id}/url), which sets
// idp_sso_url and idp_entity_id and adds the metadata's certificate as a
// verification certificate; attribute_mapping must still be set with
// UpdateSAMLConnection. Because it adds a certificate, it is repeated only
// when Stytch surely did nothing, as an UpdateSAMLConnection that sends
// x509_certificate.
func (c *Client) UpdateSAMLConnectionByURL(ctx context.Context, organizationID, connectionID, metadataURL string) (*SAMLConnection, error) {
	if err := requireIDs("an organization id", organizationID, "a connection id", connectionID, "a metadata URL", metadataURL); err != nil {
		return nil, err
	}
	path := ssoConnectionPath(ssoKindSAML, organizationID, connectionID) + "/url"
	return c.updateSAMLAdding(ctx, organizationID, connectionID, path, updateSAMLByURLRequest{MetadataURL: metadataURL},
		fmt.Sprintf("SAML connection %q may have been updated from the metadata, with a verification certificate added", connectionID),
		"compare that connection's idp_sso_url, idp_entity_id and verification_certificates with the metadata before sending the update again")
}

// updateSAMLAdding sends a SAML update that adds a certificate or a key with
// the create retry policy.
func (c *Client) updateSAMLAdding(ctx context.Context, organizationID, connectionID, path string, body any, effect, then string) (*SAMLConnection, error) {
	var resp SAMLConnectionResponse
	err := c.do(ctx, http.MethodPut, path, body, &resp, retryCreate)
	if err == nil {
		return connectionOf(http.MethodPut, path, resp.Connection)
	}
	if !outcomeUncertain(err) {
		return nil, err
	}
	return nil, &UncertainOutcomeError{
		OrganizationID: organizationID,
		ConnectionID:   connectionID,
		Effect:         effect,
		Check:          listConnectionsHint(organizationID, then),
		Cause:          err,
	}
}

// DeleteSAMLVerificationCertificate removes one verification certificate of a
// SAML connection (DELETE .../verification_certificates/{certificate_id}).
// An active connection keeps at least one
// (ErrorTypeCannotDeleteLastSSOVerificationKey). It is retried like any
// delete; a repeat of a delete that happened answers
// ErrorTypeSSOVerificationKeyNotFound, which a caller can take as done.
func (c *Client) DeleteSAMLVerificationCertificate(ctx context.Context, organizationID, connectionID, certificateID string) error {
	if err := requireIDs("an organization id", organizationID, "a connection id", connectionID, "a certificate id", certificateID); err != nil {
		return err
	}
	path := ssoConnectionPath(ssoKindSAML, organizationID, connectionID) + "/verification_certificates/" + url.PathEscape(certificateID)
	var resp DeleteSAMLVerificationCertificateResponse
	return c.do(ctx, http.MethodDelete, path, nil, &resp, retryIdempotent)
}

// DeleteSAMLEncryptionPrivateKey removes one encryption private key of a SAML
// connection (DELETE .../encryption_private_keys/{private_key_id}). A repeat
// of a delete that happened answers ErrorTypeSSOEncryptionPrivateKeyNotFound.
func (c *Client) DeleteSAMLEncryptionPrivateKey(ctx context.Context, organizationID, connectionID, privateKeyID string) error {
	if err := requireIDs("an organization id", organizationID, "a connection id", connectionID, "a private key id", privateKeyID); err != nil {
		return err
	}
	path := ssoConnectionPath(ssoKindSAML, organizationID, connectionID) + "/encryption_private_keys/" + url.PathEscape(privateKeyID)
	var resp DeleteSAMLEncryptionPrivateKeyResponse
	return c.do(ctx, http.MethodDelete, path, nil, &resp, retryIdempotent)
}

// CreateOIDCConnection creates a pending OIDC connection
// (POST /v1/b2b/sso/oidc/{organization_id}), with the retry policy of
// CreateSAMLConnection.
func (c *Client) CreateOIDCConnection(ctx context.Context, organizationID string, req CreateOIDCConnectionRequest) (*OIDCConnection, error) {
	if err := requireIDs("an organization id", organizationID); err != nil {
		return nil, err
	}
	var resp OIDCConnectionResponse
	if err := c.createConnection(ctx, ssoKindOIDC, "an OIDC connection", organizationID, req.DisplayName, req, &resp); err != nil {
		return nil, err
	}
	conn, err := connectionOf(http.MethodPost, ssoKindPath(ssoKindOIDC, organizationID), resp.Connection)
	if err != nil {
		return nil, uncertainCreate("an OIDC connection", organizationID, req.DisplayName, err)
	}
	return conn, nil
}

// UpdateOIDCConnection changes the fields set in req
// (PUT /v1/b2b/sso/oidc/{organization_id}/connections/{connection_id}). Every
// field is set, never added, so the update is retried like the
// organization's. warning is Stytch's explanation when the update succeeded
// but the issuer's discovery document could not be read; it is empty
// otherwise.
func (c *Client) UpdateOIDCConnection(ctx context.Context, organizationID, connectionID string, req UpdateOIDCConnectionRequest) (conn *OIDCConnection, warning string, err error) {
	if err := requireIDs("an organization id", organizationID, "a connection id", connectionID); err != nil {
		return nil, "", err
	}
	path := ssoConnectionPath(ssoKindOIDC, organizationID, connectionID)
	var resp OIDCConnectionResponse
	if err := c.do(ctx, http.MethodPut, path, req, &resp, retryIdempotent); err != nil {
		return nil, "", err
	}
	conn, err = connectionOf(http.MethodPut, path, resp.Connection)
	if err != nil {
		return nil, "", err
	}
	return conn, resp.Warning, nil
}

// CreateExternalConnection links an SSO connection of another organization
// of the project (POST /v1/b2b/sso/external/{organization_id}), with the
// retry policy of CreateSAMLConnection. ExternalOrganizationID and
// ExternalConnectionID are required.
func (c *Client) CreateExternalConnection(ctx context.Context, organizationID string, req CreateExternalConnectionRequest) (*ExternalConnection, error) {
	if err := requireIDs("an organization id", organizationID,
		"an external organization id", req.ExternalOrganizationID,
		"an external connection id", req.ExternalConnectionID); err != nil {
		return nil, err
	}
	var resp ExternalConnectionResponse
	if err := c.createConnection(ctx, ssoKindExternal, "an external connection", organizationID, req.DisplayName, req, &resp); err != nil {
		return nil, err
	}
	conn, err := connectionOf(http.MethodPost, ssoKindPath(ssoKindExternal, organizationID), resp.Connection)
	if err != nil {
		return nil, uncertainCreate("an external connection", organizationID, req.DisplayName, err)
	}
	return conn, nil
}

// UpdateExternalConnection changes the fields set in req
// (PUT /v1/b2b/sso/external/{organization_id}/connections/{connection_id});
// it is retried like the organization's update.
func (c *Client) UpdateExternalConnection(ctx context.Context, organizationID, connectionID string, req UpdateExternalConnectionRequest) (*ExternalConnection, error) {
	if err := requireIDs("an organization id", organizationID, "a connection id", connectionID); err != nil {
		return nil, err
	}
	path := ssoConnectionPath(ssoKindExternal, organizationID, connectionID)
	var resp ExternalConnectionResponse
	if err := c.do(ctx, http.MethodPut, path, req, &resp, retryIdempotent); err != nil {
		return nil, err
	}
	return connectionOf(http.MethodPut, path, resp.Connection)
}

// DeleteSSOConnection deletes a SAML, OIDC or external connection
// (DELETE /v1/b2b/sso/{organization_id}/connections/{connection_id}). The
// organization's default connection cannot be deleted
// (ErrorTypeCannotDeleteDefaultSSOConnection). It is retried like any delete;
// a repeat of a delete that happened answers sso_connection_not_found, which
// IsNotFound reports.
func (c *Client) DeleteSSOConnection(ctx context.Context, organizationID, connectionID string) error {
	if err := requireIDs("an organization id", organizationID, "a connection id", connectionID); err != nil {
		return err
	}
	path := ssoOrganizationPath(organizationID) + "/connections/" + url.PathEscape(connectionID)
	var resp DeleteSSOConnectionResponse
	return c.do(ctx, http.MethodDelete, path, nil, &resp, retryIdempotent)
}
