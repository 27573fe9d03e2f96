package stytch

import "encoding/json"

// Enumerated values of the SSO connection objects. The provider's validators
// and documentation read these slices.
var (
	// SSOIdentityProviderValues are the values of identity_provider on SAML
	// and OIDC connections: the request enums of stytch-go's sso/saml and
	// sso/oidc types, which list the same fifteen names. SCIM connections use
	// a different set.
	SSOIdentityProviderValues = []string{"classlink", "cyberark", "duo", "generic", "google-workspace", "jumpcloud", "keycloak", "miniorange", "microsoft-entra", "okta", "onelogin", "pingfederate", "rippling", "salesforce", "shibboleth"}
	// SSOConnectionStatusValues are the values of a connection's status.
	// External connections are always active.
	SSOConnectionStatusValues = []string{"pending", "active"}
)

// X509Certificate is a certificate of a SAML connection: one Stytch signs its
// requests with (signing_certificates) or one it verifies the IdP's assertions
// with (verification_certificates).
type X509Certificate struct {
	CertificateID string `json:"certificate_id"`
	// Certificate is the PEM text.
	Certificate string `json:"certificate"`
	// Issuer is "Stytch" for signing certificates.
	Issuer string `json:"issuer"`
	// The timestamps are optional in every SDK's type.
	CreatedAt string `json:"created_at,omitempty"`
	ExpiresAt string `json:"expires_at,omitempty"`
	UpdatedAt string `json:"updated_at,omitempty"`
}

// EncryptionPrivateKey is a key a SAML connection decrypts encrypted
// assertions with. Whether PrivateKey holds the PEM or a redacted form is
// undocumented, so callers treat it as a secret.
type EncryptionPrivateKey struct {
	PrivateKeyID string `json:"private_key_id"`
	PrivateKey   string `json:"private_key"`
	CreatedAt    string `json:"created_at,omitempty"`
}

// ConnectionRoleAssignment grants role_id to every member who logs in with the
// connection.
type ConnectionRoleAssignment struct {
	RoleID string `json:"role_id"`
}

// GroupRoleAssignment grants role_id to members whose IdP groups include group.
type GroupRoleAssignment struct {
	RoleID string `json:"role_id"`
	Group  string `json:"group"`
}

// SAMLConnection is the wire form of a SAML connection. Stytch sends every
// field; there are no created_at or updated_at timestamps on connections.
type SAMLConnection struct {
	OrganizationID                        string                     `json:"organization_id"`
	ConnectionID                          string                     `json:"connection_id"`
	Status                                string                     `json:"status"`
	IdPEntityID                           string                     `json:"idp_entity_id"`
	DisplayName                           string                     `json:"display_name"`
	IdPSSOURL                             string                     `json:"idp_sso_url"`
	ACSURL                                string                     `json:"acs_url"`
	AudienceURI                           string                     `json:"audience_uri"`
	SigningCertificates                   []X509Certificate          `json:"signing_certificates"`
	VerificationCertificates              []X509Certificate          `json:"verification_certificates"`
	EncryptionPrivateKeys                 []EncryptionPrivateKey     `json:"encryption_private_keys"`
	SAMLConnectionImplicitRoleAssignments []ConnectionRoleAssignment `json:"saml_connection_implicit_role_assignments"`
	SAMLGroupImplicitRoleAssignments      []GroupRoleAssignment      `json:"saml_group_implicit_role_assignments"`
	AlternativeAudienceURI                string                     `json:"alternative_audience_uri"`
	IdentityProvider                      string                     `json:"identity_provider"`
	NameIDFormat                          string                     `json:"nameid_format"`
	AlternativeACSURL                     string                     `json:"alternative_acs_url"`
	IdPInitiatedAuthDisabled              bool                       `json:"idp_initiated_auth_disabled"`
	AllowGatewayCallback                  bool                       `json:"allow_gateway_callback"`
	// AttributeMapping maps Stytch's member attributes (email, full_name,
	// groups, ...) to the IdP's attribute names. Values are strings: Stytch
	// refuses nested ones (saml_connection_no_nested_keys_in_attribute_mapping).
	AttributeMapping map[string]string `json:"attribute_mapping"`
}

// OIDCConnection is the wire form of an OIDC connection. ClientSecret comes
// back in clear text in every answer, so it must not be logged.
type OIDCConnection struct {
	OrganizationID   string `json:"organization_id"`
	ConnectionID     string `json:"connection_id"`
	Status           string `json:"status"`
	DisplayName      string `json:"display_name"`
	RedirectURL      string `json:"redirect_url"`
	ClientID         string `json:"client_id"`
	ClientSecret     string `json:"client_secret"`
	Issuer           string `json:"issuer"`
	AuthorizationURL string `json:"authorization_url"`
	TokenURL         string `json:"token_url"`
	UserinfoURL      string `json:"userinfo_url"`
	JWKSURL          string `json:"jwks_url"`
	IdentityProvider string `json:"identity_provider"`
	// CustomScopes is one space-separated string, not a list.
	CustomScopes     string            `json:"custom_scopes"`
	AttributeMapping map[string]string `json:"attribute_mapping"`
}

// ExternalConnection is the wire form of an external connection: a link to
// an SSO connection of another organization of the project (the SDKs call
// the type Connection).
type ExternalConnection struct {
	OrganizationID                            string                     `json:"organization_id"`
	ConnectionID                              string                     `json:"connection_id"`
	ExternalOrganizationID                    string                     `json:"external_organization_id"`
	ExternalConnectionID                      string                     `json:"external_connection_id"`
	DisplayName                               string                     `json:"display_name"`
	Status                                    string                     `json:"status"`
	ExternalConnectionImplicitRoleAssignments []ConnectionRoleAssignment `json:"external_connection_implicit_role_assignments"`
	ExternalGroupImplicitRoleAssignments      []GroupRoleAssignment      `json:"external_group_implicit_role_assignments"`
}

// SSOConnections are all SSO connections of one organization, as
// GET /v1/b2b/sso/{organization_id} returns them.
type SSOConnections struct {
	SAMLConnections     []SAMLConnection     `json:"saml_connections"`
	OIDCConnections     []OIDCConnection     `json:"oidc_connections"`
	ExternalConnections []ExternalConnection `json:"external_connections"`
}

// SAML returns the SAML connection with the given id.
func (s *SSOConnections) SAML(connectionID string) (*SAMLConnection, bool) {
	for i := range s.SAMLConnections {
		if s.SAMLConnections[i].ConnectionID == connectionID {
			return &s.SAMLConnections[i], true
		}
	}
	return nil, false
}

// OIDC returns the OIDC connection with the given id.
func (s *SSOConnections) OIDC(connectionID string) (*OIDCConnection, bool) {
	for i := range s.OIDCConnections {
		if s.OIDCConnections[i].ConnectionID == connectionID {
			return &s.OIDCConnections[i], true
		}
	}
	return nil, false
}

// External returns the external connection with the given id.
func (s *SSOConnections) External(connectionID string) (*ExternalConnection, bool) {
	for i := range s.ExternalConnections {
		if s.ExternalConnections[i].ConnectionID == connectionID {
			return &s.ExternalConnections[i], true
		}
	}
	return nil, false
}

// CreateSAMLConnectionRequest is the body of POST /v1/b2b/sso/saml/{organization_id}.
// These are the only fields Create accepts; the connection starts pending and
// is configured with UpdateSAMLConnection.
type CreateSAMLConnectionRequest struct {
	DisplayName      string `json:"display_name,omitempty"`
	IdentityProvider string `json:"identity_provider,omitempty"`
}

// UpdateSAMLConnectionRequest is the body of
// PUT /v1/b2b/sso/saml/{organization_id}/connections/{connection_id}. The
// update is partial, so every field is tri-state, as in UpdateRequest:
//   - nil: not sent, Stytch leaves the field unchanged;
//   - pointer to a value: sent;
//   - pointer to "", false, an empty slice or an empty map: sent as "",
//     false, [] or {} (a pointer to a nil slice or map is sent as null).
//
// X509Certificate, SigningPrivateKey and SAMLEncryptionPrivateKey are not
// fields of the connection but inputs that add an entry to
// verification_certificates, signing_certificates or encryption_private_keys;
// an update that sends one is therefore not repeated blindly (see
// UpdateSAMLConnection).
type UpdateSAMLConnectionRequest struct {
	IdPEntityID                           *string                     `json:"idp_entity_id,omitempty"`
	DisplayName                           *string                     `json:"display_name,omitempty"`
	AttributeMapping                      *map[string]string          `json:"attribute_mapping,omitempty"`
	X509Certificate                       *string                     `json:"x509_certificate,omitempty"`
	IdPSSOURL                             *string                     `json:"idp_sso_url,omitempty"`
	SAMLConnectionImplicitRoleAssignments *[]ConnectionRoleAssignment `json:"saml_connection_implicit_role_assignments,omitempty"`
	SAMLGroupImplicitRoleAssignments      *[]GroupRoleAssignment      `json:"saml_group_implicit_role_assignments,omitempty"`
	AlternativeAudienceURI                *string                     `json:"alternative_audience_uri,omitempty"`
	IdentityProvider                      *string                     `json:"identity_provider,omitempty"`
	// SigningPrivateKey is a PKCS#1 PEM RSA key; Stytch derives a signing
	// certificate from it and never returns the key.
	SigningPrivateKey        *string `json:"signing_private_key,omitempty"`
	NameIDFormat             *string `json:"nameid_format,omitempty"`
	AlternativeACSURL        *string `json:"alternative_acs_url,omitempty"`
	IdPInitiatedAuthDisabled *bool   `json:"idp_initiated_auth_disabled,omitempty"`
	// SAMLEncryptionPrivateKey is a PKCS#1 PEM RSA key that decrypts
	// encrypted assertions.
	SAMLEncryptionPrivateKey *string `json:"saml_encryption_private_key,omitempty"`
	AllowGatewayCallback     *bool   `json:"allow_gateway_callback,omitempty"`
}

// IsEmpty reports whether the update would send no field at all.
func (u UpdateSAMLConnectionRequest) IsEmpty() bool {
	b, err := json.Marshal(u)
	return err == nil && string(b) == "{}"
}

// addsCredential reports whether the update sends a certificate or a key,
// each of which adds an entry to the connection instead of setting a field.
func (u UpdateSAMLConnectionRequest) addsCredential() bool {
	return u.X509Certificate != nil || u.SigningPrivateKey != nil || u.SAMLEncryptionPrivateKey != nil
}

// updateSAMLByURLRequest is the body of
// PUT /v1/b2b/sso/saml/{organization_id}/connections/{connection_id}/url.
type updateSAMLByURLRequest struct {
	MetadataURL string `json:"metadata_url"`
}

// CreateOIDCConnectionRequest is the body of POST /v1/b2b/sso/oidc/{organization_id}.
// These are the only fields Create accepts; the connection starts pending and
// is configured with UpdateOIDCConnection.
type CreateOIDCConnectionRequest struct {
	DisplayName      string `json:"display_name,omitempty"`
	IdentityProvider string `json:"identity_provider,omitempty"`
}

// UpdateOIDCConnectionRequest is the body of
// PUT /v1/b2b/sso/oidc/{organization_id}/connections/{connection_id}, tri-state
// as UpdateSAMLConnectionRequest. When Issuer changes, Stytch fills the four
// endpoint URLs from the issuer's discovery document unless they are sent.
type UpdateOIDCConnectionRequest struct {
	DisplayName      *string            `json:"display_name,omitempty"`
	ClientID         *string            `json:"client_id,omitempty"`
	ClientSecret     *string            `json:"client_secret,omitempty"`
	Issuer           *string            `json:"issuer,omitempty"`
	AuthorizationURL *string            `json:"authorization_url,omitempty"`
	TokenURL         *string            `json:"token_url,omitempty"`
	UserinfoURL      *string            `json:"userinfo_url,omitempty"`
	JWKSURL          *string            `json:"jwks_url,omitempty"`
	IdentityProvider *string            `json:"identity_provider,omitempty"`
	CustomScopes     *string            `json:"custom_scopes,omitempty"`
	AttributeMapping *map[string]string `json:"attribute_mapping,omitempty"`
}

// IsEmpty reports whether the update would send no field at all.
func (u UpdateOIDCConnectionRequest) IsEmpty() bool {
	b, err := json.Marshal(u)
	return err == nil && string(b) == "{}"
}

// CreateExternalConnectionRequest is the body of
// POST /v1/b2b/sso/external/{organization_id}. The two role-assignment lists
// have other names here than on the connection and in Update
// (connection_implicit_role_assignments, group_implicit_role_assignments).
type CreateExternalConnectionRequest struct {
	// ExternalOrganizationID and ExternalConnectionID are required and cannot
	// be changed afterwards.
	ExternalOrganizationID            string                     `json:"external_organization_id"`
	ExternalConnectionID              string                     `json:"external_connection_id"`
	DisplayName                       string                     `json:"display_name,omitempty"`
	ConnectionImplicitRoleAssignments []ConnectionRoleAssignment `json:"connection_implicit_role_assignments,omitempty"`
	GroupImplicitRoleAssignments      []GroupRoleAssignment      `json:"group_implicit_role_assignments,omitempty"`
}

// UpdateExternalConnectionRequest is the body of
// PUT /v1/b2b/sso/external/{organization_id}/connections/{connection_id},
// tri-state as UpdateSAMLConnectionRequest.
type UpdateExternalConnectionRequest struct {
	DisplayName                               *string                     `json:"display_name,omitempty"`
	ExternalConnectionImplicitRoleAssignments *[]ConnectionRoleAssignment `json:"external_connection_implicit_role_assignments,omitempty"`
	ExternalGroupImplicitRoleAssignments      *[]GroupRoleAssignment      `json:"external_group_implicit_role_assignments,omitempty"`
}

// IsEmpty reports whether the update would send no field at all.
func (u UpdateExternalConnectionRequest) IsEmpty() bool {
	b, err := json.Marshal(u)
	return err == nil && string(b) == "{}"
}

// SSOConnectionsResponse is the envelope of GET /v1/b2b/sso/{organization_id}.
type SSOConnectionsResponse struct {
	RequestID  string `json:"request_id"`
	StatusCode int    `json:"status_code"`
	SSOConnections
}

// SAMLConnectionResponse is the envelope of SAML Create, Update and Update by
// URL. The SDKs type connection as optional, so a missing one decodes as nil.
type SAMLConnectionResponse struct {
	RequestID  string          `json:"request_id"`
	StatusCode int             `json:"status_code"`
	Connection *SAMLConnection `json:"connection"`
}

// OIDCConnectionResponse is the envelope of OIDC Create and Update. Warning,
// on Update only, says why the issuer's discovery document could not be
// read although the update succeeded.
type OIDCConnectionResponse struct {
	RequestID  string          `json:"request_id"`
	StatusCode int             `json:"status_code"`
	Connection *OIDCConnection `json:"connection"`
	Warning    string          `json:"warning,omitempty"`
}

// ExternalConnectionResponse is the envelope of External Create and Update.
type ExternalConnectionResponse struct {
	RequestID  string              `json:"request_id"`
	StatusCode int                 `json:"status_code"`
	Connection *ExternalConnection `json:"connection"`
}

// DeleteSSOConnectionResponse is the envelope of
// DELETE /v1/b2b/sso/{organization_id}/connections/{connection_id}.
type DeleteSSOConnectionResponse struct {
	RequestID    string `json:"request_id"`
	StatusCode   int    `json:"status_code"`
	ConnectionID string `json:"connection_id"`
}

// DeleteSAMLVerificationCertificateResponse is the envelope of
// DELETE .../verification_certificates/{certificate_id}.
type DeleteSAMLVerificationCertificateResponse struct {
	RequestID     string `json:"request_id"`
	StatusCode    int    `json:"status_code"`
	CertificateID string `json:"certificate_id"`
}

// DeleteSAMLEncryptionPrivateKeyResponse is the envelope of
// DELETE .../encryption_private_keys/{private_key_id}.
type DeleteSAMLEncryptionPrivateKeyResponse struct {
	RequestID    string `json:"request_id"`
	StatusCode   int    `json:"status_code"`
	PrivateKeyID string `json:"private_key_id"`
}
