package stytch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/platformkit/terraform-provider-stytch/internal/testfixtures"
)

// Success envelopes of the SSO endpoints, minimal.
const (
	samlEnvelope     = `{"request_id":"r","status_code":200,"connection":{"organization_id":"org-1","connection_id":"saml-connection-test-1","status":"pending"}}`
	oidcEnvelope     = `{"request_id":"r","status_code":200,"connection":{"organization_id":"org-1","connection_id":"oidc-connection-test-1","status":"pending"}}`
	externalEnvelope = `{"request_id":"r","status_code":200,"connection":{"organization_id":"org-1","connection_id":"external-connection-test-1","status":"active"}}`
	listEnvelope     = `{"request_id":"r","status_code":200,"saml_connections":[],"oidc_connections":[],"external_connections":[]}`
	deleteEnvelope   = `{"request_id":"r","status_code":200,"connection_id":"saml-connection-test-1"}`
	certEnvelope     = `{"request_id":"r","status_code":200,"certificate_id":"certificate-test-1"}`
	keyEnvelope      = `{"request_id":"r","status_code":200,"private_key_id":"key-1"}`
)

// Ids with characters that must be escaped in a path segment.
const (
	rawOrg  = "org/1 x"
	escOrg  = "org%2F1%20x"
	rawConn = "conn?1#"
	escConn = "conn%3F1%23"
)

func TestSSORequestShape(t *testing.T) {
	str := func(s string) *string { return &s }
	boolp := func(b bool) *bool { return &b }
	tests := []requestCase{
		{
			name: "list",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.ListSSOConnections(ctx, rawOrg)
				return err
			},
			response:   listEnvelope,
			wantMethod: http.MethodGet,
			wantURI:    "/v1/b2b/sso/" + escOrg,
		},
		{
			name: "create SAML",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.CreateSAMLConnection(ctx, rawOrg, CreateSAMLConnectionRequest{DisplayName: "Okta", IdentityProvider: "okta"})
				return err
			},
			response:   samlEnvelope,
			wantMethod: http.MethodPost,
			wantURI:    "/v1/b2b/sso/saml/" + escOrg,
			wantBody:   `{"display_name":"Okta","identity_provider":"okta"}`,
		},
		{
			name: "create SAML with nothing set",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.CreateSAMLConnection(ctx, rawOrg, CreateSAMLConnectionRequest{})
				return err
			},
			response:   samlEnvelope,
			wantMethod: http.MethodPost,
			wantURI:    "/v1/b2b/sso/saml/" + escOrg,
			wantBody:   `{}`,
		},
		{
			name: "update SAML",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.UpdateSAMLConnection(ctx, rawOrg, rawConn, UpdateSAMLConnectionRequest{
					IdPEntityID:                           str("https://idp.example.com/1"),
					DisplayName:                           str(""),
					AttributeMapping:                      &map[string]string{"email": "email", "full_name": "name"},
					IdPSSOURL:                             str("https://idp.example.com/sso"),
					SAMLConnectionImplicitRoleAssignments: &[]ConnectionRoleAssignment{{RoleID: "stytch_member"}},
					SAMLGroupImplicitRoleAssignments:      &[]GroupRoleAssignment{},
					IdPInitiatedAuthDisabled:              boolp(false),
					AllowGatewayCallback:                  boolp(true),
				})
				return err
			},
			response:   samlEnvelope,
			wantMethod: http.MethodPut,
			wantURI:    "/v1/b2b/sso/saml/" + escOrg + "/connections/" + escConn,
			wantBody:   `{"idp_entity_id":"https://idp.example.com/1","display_name":"","attribute_mapping":{"email":"email","full_name":"name"},"idp_sso_url":"https://idp.example.com/sso","saml_connection_implicit_role_assignments":[{"role_id":"stytch_member"}],"saml_group_implicit_role_assignments":[],"idp_initiated_auth_disabled":false,"allow_gateway_callback":true}`,
		},
		{
			name: "update SAML with a certificate and keys",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.UpdateSAMLConnection(ctx, rawOrg, rawConn, UpdateSAMLConnectionRequest{
					X509Certificate:          str("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"),
					SigningPrivateKey:        str("-----BEGIN RSA PRIVATE KEY-----\nS\n-----END RSA PRIVATE KEY-----"),
					SAMLEncryptionPrivateKey: str("-----BEGIN RSA PRIVATE KEY-----\nE\n-----END RSA PRIVATE KEY-----"),
				})
				return err
			},
			response:   samlEnvelope,
			wantMethod: http.MethodPut,
			wantURI:    "/v1/b2b/sso/saml/" + escOrg + "/connections/" + escConn,
			wantBody:   `{"x509_certificate":"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----","signing_private_key":"-----BEGIN RSA PRIVATE KEY-----\nS\n-----END RSA PRIVATE KEY-----","saml_encryption_private_key":"-----BEGIN RSA PRIVATE KEY-----\nE\n-----END RSA PRIVATE KEY-----"}`,
		},
		{
			name: "update SAML by metadata URL",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.UpdateSAMLConnectionByURL(ctx, rawOrg, rawConn, "https://idp.example.com/metadata?x=1")
				return err
			},
			response:   samlEnvelope,
			wantMethod: http.MethodPut,
			wantURI:    "/v1/b2b/sso/saml/" + escOrg + "/connections/" + escConn + "/url",
			wantBody:   `{"metadata_url":"https://idp.example.com/metadata?x=1"}`,
		},
		{
			name: "delete SAML verification certificate",
			call: func(ctx context.Context, c *Client) error {
				return c.DeleteSAMLVerificationCertificate(ctx, rawOrg, rawConn, "cert/1")
			},
			response:   certEnvelope,
			wantMethod: http.MethodDelete,
			wantURI:    "/v1/b2b/sso/saml/" + escOrg + "/connections/" + escConn + "/verification_certificates/cert%2F1",
		},
		{
			name: "delete SAML encryption private key",
			call: func(ctx context.Context, c *Client) error {
				return c.DeleteSAMLEncryptionPrivateKey(ctx, rawOrg, rawConn, "key 1")
			},
			response:   keyEnvelope,
			wantMethod: http.MethodDelete,
			wantURI:    "/v1/b2b/sso/saml/" + escOrg + "/connections/" + escConn + "/encryption_private_keys/key%201",
		},
		{
			name: "create OIDC",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.CreateOIDCConnection(ctx, rawOrg, CreateOIDCConnectionRequest{DisplayName: "Entra", IdentityProvider: "microsoft-entra"})
				return err
			},
			response:   oidcEnvelope,
			wantMethod: http.MethodPost,
			wantURI:    "/v1/b2b/sso/oidc/" + escOrg,
			wantBody:   `{"display_name":"Entra","identity_provider":"microsoft-entra"}`,
		},
		{
			name: "update OIDC",
			call: func(ctx context.Context, c *Client) error {
				_, _, err := c.UpdateOIDCConnection(ctx, rawOrg, rawConn, UpdateOIDCConnectionRequest{
					DisplayName:      str("Entra"),
					ClientID:         str("client"),
					ClientSecret:     str("s3cret"),
					Issuer:           str("https://login.example.com/"),
					AuthorizationURL: str(""),
					TokenURL:         str("https://login.example.com/token"),
					UserinfoURL:      str("https://login.example.com/userinfo"),
					JWKSURL:          str("https://login.example.com/jwks"),
					IdentityProvider: str("generic"),
					CustomScopes:     str(""),
					AttributeMapping: &map[string]string{},
				})
				return err
			},
			response:   oidcEnvelope,
			wantMethod: http.MethodPut,
			wantURI:    "/v1/b2b/sso/oidc/" + escOrg + "/connections/" + escConn,
			wantBody:   `{"display_name":"Entra","client_id":"client","client_secret":"s3cret","issuer":"https://login.example.com/","authorization_url":"","token_url":"https://login.example.com/token","userinfo_url":"https://login.example.com/userinfo","jwks_url":"https://login.example.com/jwks","identity_provider":"generic","custom_scopes":"","attribute_mapping":{}}`,
		},
		{
			name: "create external",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.CreateExternalConnection(ctx, rawOrg, CreateExternalConnectionRequest{
					ExternalOrganizationID:            "organization-test-2",
					ExternalConnectionID:              "saml-connection-test-2",
					DisplayName:                       "Parent IdP",
					ConnectionImplicitRoleAssignments: []ConnectionRoleAssignment{{RoleID: "stytch_member"}},
					GroupImplicitRoleAssignments:      []GroupRoleAssignment{{RoleID: "stytch_admin", Group: "admins"}},
				})
				return err
			},
			response:   externalEnvelope,
			wantMethod: http.MethodPost,
			wantURI:    "/v1/b2b/sso/external/" + escOrg,
			wantBody:   `{"external_organization_id":"organization-test-2","external_connection_id":"saml-connection-test-2","display_name":"Parent IdP","connection_implicit_role_assignments":[{"role_id":"stytch_member"}],"group_implicit_role_assignments":[{"role_id":"stytch_admin","group":"admins"}]}`,
		},
		{
			name: "create external with the required ids only",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.CreateExternalConnection(ctx, rawOrg, CreateExternalConnectionRequest{
					ExternalOrganizationID:            "organization-test-2",
					ExternalConnectionID:              "saml-connection-test-2",
					ConnectionImplicitRoleAssignments: []ConnectionRoleAssignment{},
				})
				return err
			},
			response:   externalEnvelope,
			wantMethod: http.MethodPost,
			wantURI:    "/v1/b2b/sso/external/" + escOrg,
			wantBody:   `{"external_organization_id":"organization-test-2","external_connection_id":"saml-connection-test-2"}`,
		},
		{
			name: "update external",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.UpdateExternalConnection(ctx, rawOrg, rawConn, UpdateExternalConnectionRequest{
					DisplayName: str("Parent"),
					ExternalConnectionImplicitRoleAssignments: &[]ConnectionRoleAssignment{},
					ExternalGroupImplicitRoleAssignments:      &[]GroupRoleAssignment{{RoleID: "stytch_admin", Group: "admins"}},
				})
				return err
			},
			response:   externalEnvelope,
			wantMethod: http.MethodPut,
			wantURI:    "/v1/b2b/sso/external/" + escOrg + "/connections/" + escConn,
			wantBody:   `{"display_name":"Parent","external_connection_implicit_role_assignments":[],"external_group_implicit_role_assignments":[{"role_id":"stytch_admin","group":"admins"}]}`,
		},
		{
			name: "delete connection",
			call: func(ctx context.Context, c *Client) error {
				return c.DeleteSSOConnection(ctx, rawOrg, rawConn)
			},
			response:   deleteEnvelope,
			wantMethod: http.MethodDelete,
			wantURI:    "/v1/b2b/sso/" + escOrg + "/connections/" + escConn,
		},
	}
	checkRequests(t, tests)
}

// TestSSOUpdateRequestsEveryFieldTriState sets each field of each update
// request, one at a time, to its zero value and checks that exactly that key
// is sent, as "", false, [] or {}; and that nothing is sent when it is nil.
func TestSSOUpdateRequestsEveryFieldTriState(t *testing.T) {
	tests := []struct {
		req      any
		isEmpty  func(v any) bool
		wantKeys []string
	}{
		{
			UpdateSAMLConnectionRequest{},
			func(v any) bool { r, ok := v.(UpdateSAMLConnectionRequest); return ok && r.IsEmpty() },
			[]string{
				"idp_entity_id", "display_name", "attribute_mapping", "x509_certificate", "idp_sso_url",
				"saml_connection_implicit_role_assignments", "saml_group_implicit_role_assignments",
				"alternative_audience_uri", "identity_provider", "signing_private_key", "nameid_format",
				"alternative_acs_url", "idp_initiated_auth_disabled", "saml_encryption_private_key", "allow_gateway_callback",
			},
		},
		{
			UpdateOIDCConnectionRequest{},
			func(v any) bool { r, ok := v.(UpdateOIDCConnectionRequest); return ok && r.IsEmpty() },
			[]string{
				"display_name", "client_id", "client_secret", "issuer", "authorization_url", "token_url",
				"userinfo_url", "jwks_url", "identity_provider", "custom_scopes", "attribute_mapping",
			},
		},
		{
			UpdateExternalConnectionRequest{},
			func(v any) bool { r, ok := v.(UpdateExternalConnectionRequest); return ok && r.IsEmpty() },
			[]string{"display_name", "external_connection_implicit_role_assignments", "external_group_implicit_role_assignments"},
		},
	}
	for _, tt := range tests {
		typ := reflect.TypeOf(tt.req)
		t.Run(typ.Name(), func(t *testing.T) {
			if b, err := json.Marshal(tt.req); err != nil || string(b) != "{}" || !tt.isEmpty(tt.req) {
				t.Errorf("zero value = %s (%v), IsEmpty %v; want {} and true", b, err, tt.isEmpty(tt.req))
			}
			var keys []string
			for i := range typ.NumField() {
				f := typ.Field(i)
				tag := strings.Split(f.Tag.Get("json"), ",")
				if len(tag) != 2 || tag[1] != "omitempty" {
					t.Errorf("field %s has json tag %q, want \"<name>,omitempty\"", f.Name, f.Tag.Get("json"))
					continue
				}
				key := tag[0]
				keys = append(keys, key)

				req := reflect.New(typ).Elem()
				v := req.Field(i)
				if f.Type.Kind() != reflect.Pointer {
					t.Errorf("field %s has type %s, which cannot express 'unchanged' versus 'clear'", f.Name, f.Type)
					continue
				}
				p := reflect.New(f.Type.Elem())
				var want string
				switch f.Type.Elem().Kind() {
				case reflect.String:
					want = `""`
				case reflect.Bool:
					want = `false`
				case reflect.Slice:
					p.Elem().Set(reflect.MakeSlice(f.Type.Elem(), 0, 0))
					want = `[]`
				case reflect.Map:
					p.Elem().Set(reflect.MakeMap(f.Type.Elem()))
					want = `{}`
				default:
					t.Errorf("field %s has unexpected type %s", f.Name, f.Type)
					continue
				}
				v.Set(p)
				if tt.isEmpty(req.Interface()) {
					t.Errorf("%s: IsEmpty() = true with the field set", f.Name)
				}
				b, err := json.Marshal(req.Interface())
				if err != nil {
					t.Fatalf("%s: %v", f.Name, err)
				}
				var got map[string]json.RawMessage
				if err := json.Unmarshal(b, &got); err != nil {
					t.Fatal(err)
				}
				if len(got) != 1 || string(got[key]) != want {
					t.Errorf("%s: json = %s, want {%q:%s}", f.Name, b, key, want)
				}
			}
			if !slices.Equal(keys, tt.wantKeys) {
				t.Errorf("json keys =\n %v\nwant Stytch's Update body\n %v", keys, tt.wantKeys)
			}
		})
	}
}

// Create sends only what is set: on Create, not sent and empty mean the same
// to Stytch. The external connection's two ids are always sent.
func TestSSOCreateRequestsMarshal(t *testing.T) {
	tests := []struct {
		req  any
		want string
	}{
		{CreateSAMLConnectionRequest{}, `{}`},
		{CreateSAMLConnectionRequest{DisplayName: "Okta"}, `{"display_name":"Okta"}`},
		{CreateOIDCConnectionRequest{}, `{}`},
		{CreateOIDCConnectionRequest{IdentityProvider: "okta"}, `{"identity_provider":"okta"}`},
		{CreateExternalConnectionRequest{}, `{"external_organization_id":"","external_connection_id":""}`},
		{CreateExternalConnectionRequest{GroupImplicitRoleAssignments: []GroupRoleAssignment{}}, `{"external_organization_id":"","external_connection_id":""}`},
	}
	for _, tt := range tests {
		got, err := json.Marshal(tt.req)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != tt.want {
			t.Errorf("%#v = %s, want %s", tt.req, got, tt.want)
		}
	}
}

// wantListFixture is testdata/stytch/sso_list_response.json as the client
// must decode it.
func wantListFixture() *SSOConnections {
	const (
		org     = "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931"
		samlID  = "saml-connection-test-51861cbc-d3b9-428b-9761-227f5fb12be9"
		oidcID  = "oidc-connection-test-b6c714c2-7413-4b92-a0f1-97aa1085aeff"
		extID   = "external-connection-test-5c44cc6a-8af7-48d6-8da7-ea821342f5a6"
		certPEM = "-----BEGIN CERTIFICATE-----\n...base64 blob...\n-----END CERTIFICATE-----"
		entity  = "https://idp.example.com/51861cbc-d3b9-428b-9761-227f5fb12be9"
	)
	return &SSOConnections{
		SAMLConnections: []SAMLConnection{{
			OrganizationID: org,
			ConnectionID:   samlID,
			Status:         "active",
			IdPEntityID:    entity,
			DisplayName:    "Example SAML connection",
			IdPSSOURL:      "https://idp.example.com/sso/saml",
			ACSURL:         "https://test.stytch.com/v1/b2b/sso/callback/" + samlID,
			AudienceURI:    "https://test.stytch.com/v1/b2b/sso/callback/" + samlID,
			SigningCertificates: []X509Certificate{{
				CertificateID: "certificate-test-a4ca0a6a-7a2b-4a8b-9e1c-3a1c2e0b5f10",
				Certificate:   certPEM,
				Issuer:        "Stytch",
				CreatedAt:     "2023-01-01T00:00:00Z",
				ExpiresAt:     "2033-01-01T00:00:00Z",
				UpdatedAt:     "2023-01-01T00:00:00Z",
			}},
			VerificationCertificates: []X509Certificate{{
				CertificateID: "certificate-test-d4e5f6a7-1b2c-4d3e-8f90-0a1b2c3d4e5f",
				Certificate:   certPEM,
				Issuer:        entity,
				CreatedAt:     "2024-02-09T23:02:04Z",
				ExpiresAt:     "2029-02-09T23:02:04Z",
				UpdatedAt:     "2024-02-09T23:02:04Z",
			}},
			EncryptionPrivateKeys: []EncryptionPrivateKey{{
				PrivateKeyID: "encryption-private-key-test-0f1e2d3c-4b5a-4968-8776-655443322110",
				PrivateKey:   "-----BEGIN RSA PRIVATE KEY-----\n...base64 blob...\n-----END RSA PRIVATE KEY-----",
				CreatedAt:    "2025-08-29T12:00:00Z",
			}},
			SAMLConnectionImplicitRoleAssignments: []ConnectionRoleAssignment{{RoleID: "stytch_member"}},
			SAMLGroupImplicitRoleAssignments:      []GroupRoleAssignment{{RoleID: "stytch_admin", Group: "admins"}},
			AlternativeAudienceURI:                "https://legacy.example.com/saml/metadata",
			IdentityProvider:                      "okta",
			NameIDFormat:                          "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
			AlternativeACSURL:                     "https://legacy.example.com/saml/acs",
			IdPInitiatedAuthDisabled:              true,
			AllowGatewayCallback:                  true,
			AttributeMapping:                      map[string]string{"email": "email", "full_name": "name", "groups": "groups"},
		}},
		OIDCConnections: []OIDCConnection{{
			OrganizationID:   org,
			ConnectionID:     oidcID,
			Status:           "active",
			DisplayName:      "Example OIDC Connection",
			RedirectURL:      "https://test.stytch.com/v1/b2b/sso/callback/" + oidcID,
			ClientID:         "s6BhdRkqt3",
			ClientSecret:     "SeiGwdj5lKkrEVgcEY3QNJXt6srxS3IK2Nwkar6mXD4=",
			Issuer:           "https://idp.example.com/",
			AuthorizationURL: "https://idp.example.com/authorize",
			TokenURL:         "https://idp.example.com/oauth2/token",
			UserinfoURL:      "https://idp.example.com/userinfo",
			JWKSURL:          "https://idp.example.com/oauth2/jwks",
			IdentityProvider: "generic",
			CustomScopes:     "openid email profile groups",
			AttributeMapping: map[string]string{"department": "department"},
		}},
		ExternalConnections: []ExternalConnection{{
			OrganizationID:         org,
			ConnectionID:           extID,
			ExternalOrganizationID: "organization-test-ca6dbe77-10e5-4403-805a-b117c55c24c6",
			ExternalConnectionID:   samlID,
			DisplayName:            "Example External Connection",
			Status:                 "active",
			ExternalConnectionImplicitRoleAssignments: []ConnectionRoleAssignment{{RoleID: "stytch_member"}},
			ExternalGroupImplicitRoleAssignments:      []GroupRoleAssignment{{RoleID: "stytch_admin", Group: "admins"}},
		}},
	}
}

// zeroFields lists the fields of v (recursively, through slices of structs)
// that hold their zero value.
func zeroFields(path string, v reflect.Value) []string {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return []string{path}
		}
		return zeroFields(path, v.Elem())
	case reflect.Struct:
		var zero []string
		for i := range v.NumField() {
			zero = append(zero, zeroFields(path+"."+v.Type().Field(i).Name, v.Field(i))...)
		}
		return zero
	case reflect.Slice:
		if v.Len() == 0 {
			return []string{path}
		}
		var zero []string
		for i := range v.Len() {
			zero = append(zero, zeroFields(fmt.Sprintf("%s[%d]", path, i), v.Index(i))...)
		}
		return zero
	default:
		if v.IsZero() {
			return []string{path}
		}
		return nil
	}
}

// The list fixture fills every field of the three connection types, so
// decoding it into the expected value checks every JSON tag and nested type.
func TestListSSOConnectionsDecoding(t *testing.T) {
	want := wantListFixture()
	if zero := zeroFields("SSOConnections", reflect.ValueOf(want)); len(zero) > 0 {
		t.Fatalf("the expected value leaves fields unchecked: %v", zero)
	}
	body := testfixtures.Load(t, "sso_list_response.json")
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, string(body))
	})
	c := newTestClient(t, srv.URL, nil)
	got, err := c.ListSSOConnections(testContext(t), "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		gotJSON, _ := json.MarshalIndent(got, "", " ")
		t.Errorf("decoded\n%s", gotJSON)
	}

	saml, ok := got.SAML("saml-connection-test-51861cbc-d3b9-428b-9761-227f5fb12be9")
	if !ok || saml != &got.SAMLConnections[0] {
		t.Errorf("SAML() = %p, %v; want the list's element", saml, ok)
	}
	oidc, ok := got.OIDC("oidc-connection-test-b6c714c2-7413-4b92-a0f1-97aa1085aeff")
	if !ok || oidc != &got.OIDCConnections[0] {
		t.Errorf("OIDC() = %p, %v; want the list's element", oidc, ok)
	}
	ext, ok := got.External("external-connection-test-5c44cc6a-8af7-48d6-8da7-ea821342f5a6")
	if !ok || ext != &got.ExternalConnections[0] {
		t.Errorf("External() = %p, %v; want the list's element", ext, ok)
	}
	// Each finder looks in its own kind only.
	if _, ok := got.OIDC("saml-connection-test-51861cbc-d3b9-428b-9761-227f5fb12be9"); ok {
		t.Error("OIDC() found a SAML connection")
	}
	if _, ok := got.SAML("external-connection-test-5c44cc6a-8af7-48d6-8da7-ea821342f5a6"); ok {
		t.Error("SAML() found an external connection")
	}
	if c, ok := got.External("missing"); ok || c != nil {
		t.Errorf("External(missing) = %v, %v", c, ok)
	}
}

// Stytch always sends the three lists, but an older answer lacks
// external_connections; the result never has a nil list.
func TestListSSOConnectionsNeverNil(t *testing.T) {
	for _, body := range []string{
		listEnvelope,
		`{"request_id":"r","status_code":200,"saml_connections":null,"oidc_connections":null,"external_connections":null}`,
		`{"request_id":"r","status_code":200,"saml_connections":[],"oidc_connections":[]}`,
		`{"request_id":"r","status_code":200}`,
	} {
		srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, http.StatusOK, body)
		})
		c := newTestClient(t, srv.URL, nil)
		got, err := c.ListSSOConnections(testContext(t), "org-1")
		if err != nil {
			t.Fatalf("%s: %v", body, err)
		}
		if got.SAMLConnections == nil || got.OIDCConnections == nil || got.ExternalConnections == nil {
			t.Errorf("%s: lists = %#v", body, got)
		}
		if len(got.SAMLConnections)+len(got.OIDCConnections)+len(got.ExternalConnections) != 0 {
			t.Errorf("%s: want no connection, got %+v", body, got)
		}
	}
}

func TestSSOConnectionEnvelopesDecoding(t *testing.T) {
	samlCreate := testfixtures.Load(t, "sso_saml_create_response.json")
	oidcUpdate := testfixtures.Load(t, "sso_oidc_update_response.json")
	full := wantListFixture()
	extBody, err := json.Marshal(ExternalConnectionResponse{RequestID: "r", StatusCode: 200, Connection: &full.ExternalConnections[0]})
	if err != nil {
		t.Fatal(err)
	}
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/v1/b2b/sso/saml/"):
			writeJSON(w, http.StatusOK, string(samlCreate))
		case r.URL.Path == "/v1/b2b/sso/oidc/org-1":
			writeJSON(w, http.StatusOK, oidcEnvelope) // Create has no warning
		case strings.HasPrefix(r.URL.Path, "/v1/b2b/sso/oidc/"):
			writeJSON(w, http.StatusOK, string(oidcUpdate))
		default:
			writeJSON(w, http.StatusCreated, string(extBody))
		}
	})
	c := newTestClient(t, srv.URL, nil)
	ctx := testContext(t)

	t.Run("SAML create", func(t *testing.T) {
		conn, err := c.CreateSAMLConnection(ctx, "org-1", CreateSAMLConnectionRequest{DisplayName: "Example SAML connection"})
		if err != nil {
			t.Fatal(err)
		}
		if conn.Status != "pending" || conn.IdentityProvider != "generic" || conn.IdPSSOURL != "" || conn.DisplayName != "Example SAML connection" {
			t.Errorf("connection = %+v", conn)
		}
		if conn.VerificationCertificates == nil || len(conn.VerificationCertificates) != 0 || conn.EncryptionPrivateKeys == nil || len(conn.SAMLGroupImplicitRoleAssignments) != 0 {
			t.Errorf("empty lists decoded as %#v / %#v", conn.VerificationCertificates, conn.EncryptionPrivateKeys)
		}
		if len(conn.SigningCertificates) != 1 || conn.SigningCertificates[0].Issuer != "Stytch" || conn.SigningCertificates[0].UpdatedAt != "" || conn.SigningCertificates[0].ExpiresAt != "2033-01-01T00:00:00Z" {
			t.Errorf("signing certificates = %+v", conn.SigningCertificates)
		}
		if !reflect.DeepEqual(conn.AttributeMapping, map[string]string{"email": "email", "full_name": "name"}) {
			t.Errorf("attribute mapping = %v", conn.AttributeMapping)
		}
	})
	t.Run("SAML update", func(t *testing.T) {
		name := "x"
		conn, err := c.UpdateSAMLConnection(ctx, "org-1", "saml-connection-test-51861cbc-d3b9-428b-9761-227f5fb12be9", UpdateSAMLConnectionRequest{DisplayName: &name})
		if err != nil || conn.ConnectionID != "saml-connection-test-51861cbc-d3b9-428b-9761-227f5fb12be9" {
			t.Fatalf("conn %+v err %v", conn, err)
		}
	})
	t.Run("OIDC create", func(t *testing.T) {
		conn, err := c.CreateOIDCConnection(ctx, "org-1", CreateOIDCConnectionRequest{})
		if err != nil || conn.ConnectionID != "oidc-connection-test-1" || conn.Status != "pending" {
			t.Fatalf("conn %+v err %v", conn, err)
		}
	})
	t.Run("OIDC update returns the warning", func(t *testing.T) {
		issuer := "https://idp.example.com/"
		conn, warning, err := c.UpdateOIDCConnection(ctx, "org-1", "oidc-connection-test-b6c714c2-7413-4b92-a0f1-97aa1085aeff", UpdateOIDCConnectionRequest{Issuer: &issuer})
		if err != nil {
			t.Fatal(err)
		}
		if want := "Unable to fetch the OpenID configuration from https://idp.example.com/.well-known/openid-configuration."; warning != want {
			t.Errorf("warning = %q, want %q", warning, want)
		}
		if conn.ClientSecret != "SeiGwdj5lKkrEVgcEY3QNJXt6srxS3IK2Nwkar6mXD4=" || conn.Issuer != issuer || conn.TokenURL != "" {
			t.Errorf("connection = %+v", conn)
		}
		if conn.AttributeMapping == nil || len(conn.AttributeMapping) != 0 {
			t.Errorf("{} decoded as %#v, want empty non-nil", conn.AttributeMapping)
		}
	})
	t.Run("external create and update", func(t *testing.T) {
		conn, err := c.CreateExternalConnection(ctx, "org-1", CreateExternalConnectionRequest{ExternalOrganizationID: "o2", ExternalConnectionID: "c2"})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(conn, &full.ExternalConnections[0]) {
			t.Errorf("connection = %+v", conn)
		}
		conn, err = c.UpdateExternalConnection(ctx, "org-1", "external-connection-test-5c44cc6a-8af7-48d6-8da7-ea821342f5a6", UpdateExternalConnectionRequest{})
		if err != nil || !reflect.DeepEqual(conn, &full.ExternalConnections[0]) {
			t.Errorf("connection = %+v, %v", conn, err)
		}
	})
}

// A success without the connection object leaves the caller without the id:
// it is an error, and after a create one that says a connection may exist.
func TestSSOSuccessWithoutConnection(t *testing.T) {
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/b2b/sso/oidc/org-1" {
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte("<html>OK</html>"))
			return
		}
		writeJSON(w, http.StatusOK, `{"request_id":"r","status_code":200}`)
	})
	c := newTestClient(t, srv.URL, nil)
	ctx := testContext(t)
	name := "x"
	_, err := c.CreateSAMLConnection(ctx, "org-1", CreateSAMLConnectionRequest{DisplayName: "Okta"})
	var u *UncertainOutcomeError
	if !errors.As(err, &u) || !strings.Contains(err.Error(), "no connection object") {
		t.Errorf("create: err = %v, want *UncertainOutcomeError naming the missing connection", err)
	}
	// A 2xx whose body is not JSON: the create happened.
	_, err = c.CreateOIDCConnection(ctx, "org-1", CreateOIDCConnectionRequest{})
	if !errors.As(err, &u) || !strings.Contains(err.Error(), "not the expected JSON") {
		t.Errorf("create with an HTML success: err = %v, want *UncertainOutcomeError", err)
	}
	if _, err := c.UpdateSAMLConnection(ctx, "org-1", "c", UpdateSAMLConnectionRequest{DisplayName: &name}); err == nil || errors.As(err, &u) {
		t.Errorf("update: err = %v, want a plain error", err)
	}
	if _, _, err := c.UpdateOIDCConnection(ctx, "org-1", "c", UpdateOIDCConnectionRequest{}); err == nil {
		t.Error("OIDC update: want an error")
	}
	if _, err := c.UpdateExternalConnection(ctx, "org-1", "c", UpdateExternalConnectionRequest{}); err == nil {
		t.Error("external update: want an error")
	}
}

func TestSSOErrorDecoding(t *testing.T) {
	tests := []struct {
		name      string
		status    int
		errorType string
		call      func(ctx context.Context, c *Client) error
		wantPath  string
		notFound  bool
	}{
		{"deleted connection", 404, ErrorTypeSSOConnectionNotFound, func(ctx context.Context, c *Client) error {
			return c.DeleteSSOConnection(ctx, "org-1", "saml-connection-test-1")
		}, "/v1/b2b/sso/org-1/connections/saml-connection-test-1", true},
		{"missing organization", 404, ErrorTypeOrganizationNotFound, func(ctx context.Context, c *Client) error {
			_, err := c.ListSSOConnections(ctx, "org-1")
			return err
		}, "/v1/b2b/sso/org-1", true},
		{"missing certificate", 404, ErrorTypeSSOVerificationKeyNotFound, func(ctx context.Context, c *Client) error {
			return c.DeleteSAMLVerificationCertificate(ctx, "org-1", "c", "cert-1")
		}, "/v1/b2b/sso/saml/org-1/connections/c/verification_certificates/cert-1", false},
		{"missing encryption key", 404, ErrorTypeSSOEncryptionPrivateKeyNotFound, func(ctx context.Context, c *Client) error {
			return c.DeleteSAMLEncryptionPrivateKey(ctx, "org-1", "c", "key-1")
		}, "/v1/b2b/sso/saml/org-1/connections/c/encryption_private_keys/key-1", false},
		{"default connection", 400, ErrorTypeCannotDeleteDefaultSSOConnection, func(ctx context.Context, c *Client) error {
			return c.DeleteSSOConnection(ctx, "org-1", "c")
		}, "/v1/b2b/sso/org-1/connections/c", false},
		{"invalid identity provider on create", 400, "invalid_sso_idp", func(ctx context.Context, c *Client) error {
			_, err := c.CreateOIDCConnection(ctx, "org-1", CreateOIDCConnectionRequest{IdentityProvider: "nope"})
			return err
		}, "/v1/b2b/sso/oidc/org-1", false},
		{"too many certificates", 400, ErrorTypeTooManySSOVerificationCertificates, func(ctx context.Context, c *Client) error {
			pem := "pem"
			_, err := c.UpdateSAMLConnection(ctx, "org-1", "c", UpdateSAMLConnectionRequest{X509Certificate: &pem})
			return err
		}, "/v1/b2b/sso/saml/org-1/connections/c", false},
		{"a route, not an object", 404, "route_not_found", func(ctx context.Context, c *Client) error {
			_, err := c.ListSSOConnections(ctx, "org-1")
			return err
		}, "/v1/b2b/sso/org-1", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hits atomic.Int32
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				writeJSON(w, tt.status, errorJSON(tt.status, tt.errorType, "req-err"))
			})
			c := newTestClient(t, srv.URL, nil)
			err := tt.call(testContext(t), c)
			apiErr, ok := AsError(err)
			if !ok {
				t.Fatalf("err = %T %v, want *Error", err, err)
			}
			if apiErr.StatusCode != tt.status || apiErr.ErrorType != tt.errorType || apiErr.RequestID != "req-err" || apiErr.Path != tt.wantPath || apiErr.ErrorMessage == "" || apiErr.ErrorURL == "" {
				t.Errorf("error = %+v", apiErr)
			}
			if IsNotFound(err) != tt.notFound {
				t.Errorf("IsNotFound = %v, want %v", IsNotFound(err), tt.notFound)
			}
			if !IsErrorType(err, tt.errorType) {
				t.Errorf("IsErrorType(%q) = false", tt.errorType)
			}
			var u *UncertainOutcomeError
			if errors.As(err, &u) {
				t.Errorf("a 4xx is certain: %v", err)
			}
			if n := hits.Load(); n != 1 {
				t.Errorf("server hits = %d, want 1 (a 4xx is not retried)", n)
			}
		})
	}
}

// ssoCall is one SSO method, run against a server that answers success.
type ssoCall struct {
	name    string
	success string
	call    func(ctx context.Context, c *Client) error
}

func idempotentSSOCalls() []ssoCall {
	name := "x"
	return []ssoCall{
		{"list", listEnvelope, func(ctx context.Context, c *Client) error {
			_, err := c.ListSSOConnections(ctx, "org-1")
			return err
		}},
		{"update SAML fields", samlEnvelope, func(ctx context.Context, c *Client) error {
			_, err := c.UpdateSAMLConnection(ctx, "org-1", "c", UpdateSAMLConnectionRequest{DisplayName: &name, SAMLGroupImplicitRoleAssignments: &[]GroupRoleAssignment{}})
			return err
		}},
		{"update OIDC", oidcEnvelope, func(ctx context.Context, c *Client) error {
			_, _, err := c.UpdateOIDCConnection(ctx, "org-1", "c", UpdateOIDCConnectionRequest{ClientSecret: &name})
			return err
		}},
		{"update external", externalEnvelope, func(ctx context.Context, c *Client) error {
			_, err := c.UpdateExternalConnection(ctx, "org-1", "c", UpdateExternalConnectionRequest{DisplayName: &name})
			return err
		}},
		{"delete connection", deleteEnvelope, func(ctx context.Context, c *Client) error {
			return c.DeleteSSOConnection(ctx, "org-1", "c")
		}},
		{"delete certificate", certEnvelope, func(ctx context.Context, c *Client) error {
			return c.DeleteSAMLVerificationCertificate(ctx, "org-1", "c", "cert-1")
		}},
		{"delete encryption key", keyEnvelope, func(ctx context.Context, c *Client) error {
			return c.DeleteSAMLEncryptionPrivateKey(ctx, "org-1", "c", "key-1")
		}},
	}
}

// unrepeatableSSOCall is a call that is not safe to repeat, with what its
// error must say after an ambiguous failure.
type unrepeatableSSOCall struct {
	ssoCall
	connectionID string
	wantMessage  []string
}

// unrepeatableSSOCalls are the calls that are never repeated after an
// ambiguous failure: the creates without a display name, by which a lost
// create could be looked for (namedCreates has those with one), and the
// updates that add a certificate or a key.
func unrepeatableSSOCalls() []unrepeatableSSOCall {
	pem := "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"
	createHint := []string{"may have been created", `organization "org-1"`, "GET /v1/b2b/sso/org-1", "not yet managed"}
	return []unrepeatableSSOCall{
		{ssoCall{"create SAML", samlEnvelope, func(ctx context.Context, c *Client) error {
			_, err := c.CreateSAMLConnection(ctx, "org-1", CreateSAMLConnectionRequest{})
			return err
		}}, "", append([]string{"a SAML connection"}, createHint...)},
		{ssoCall{"create OIDC", oidcEnvelope, func(ctx context.Context, c *Client) error {
			_, err := c.CreateOIDCConnection(ctx, "org-1", CreateOIDCConnectionRequest{})
			return err
		}}, "", append([]string{"an OIDC connection"}, createHint...)},
		{ssoCall{"create external", externalEnvelope, func(ctx context.Context, c *Client) error {
			_, err := c.CreateExternalConnection(ctx, "org-1", CreateExternalConnectionRequest{ExternalOrganizationID: "o2", ExternalConnectionID: "c2"})
			return err
		}}, "", append([]string{"an external connection"}, createHint...)},
		{ssoCall{"update SAML with a certificate", samlEnvelope, func(ctx context.Context, c *Client) error {
			name := "x"
			_, err := c.UpdateSAMLConnection(ctx, "org-1", "c", UpdateSAMLConnectionRequest{DisplayName: &name, X509Certificate: &pem})
			return err
		}}, "c", []string{"may have been added", "GET /v1/b2b/sso/org-1", "verification_certificates"}},
		{ssoCall{"update SAML with a signing key", samlEnvelope, func(ctx context.Context, c *Client) error {
			_, err := c.UpdateSAMLConnection(ctx, "org-1", "c", UpdateSAMLConnectionRequest{SigningPrivateKey: &pem})
			return err
		}}, "c", []string{"may have been added", "GET /v1/b2b/sso/org-1", "signing_certificates"}},
		{ssoCall{"update SAML with an encryption key", samlEnvelope, func(ctx context.Context, c *Client) error {
			_, err := c.UpdateSAMLConnection(ctx, "org-1", "c", UpdateSAMLConnectionRequest{SAMLEncryptionPrivateKey: &pem})
			return err
		}}, "c", []string{"may have been added", "GET /v1/b2b/sso/org-1", "encryption_private_keys"}},
		{ssoCall{"update SAML by URL", samlEnvelope, func(ctx context.Context, c *Client) error {
			_, err := c.UpdateSAMLConnectionByURL(ctx, "org-1", "c", "https://idp.example.com/metadata")
			return err
		}}, "c", []string{"may have been updated from the metadata", "GET /v1/b2b/sso/org-1", "verification_certificates"}},
	}
}

func TestSSOIdempotentCallsRetriedOn5xx(t *testing.T) {
	for _, tt := range idempotentSSOCalls() {
		t.Run(tt.name, func(t *testing.T) {
			hits, url := failingServer(t, 2, http.StatusServiceUnavailable, tt.success)
			c := newTestClient(t, url, func(cfg *Config) { cfg.MaxRetries = 3 })
			if err := tt.call(testContext(t), c); err != nil {
				t.Fatalf("call: %v", err)
			}
			if n := hits.Load(); n != 3 {
				t.Errorf("server hits = %d, want 3", n)
			}
		})
	}
}

// Creates, and updates that add a certificate or a key, are not repeated
// after a 5xx; the error says what may have happened and how to find out.
func TestSSOUnrepeatableCallsNotRetriedOn5xx(t *testing.T) {
	for _, tt := range unrepeatableSSOCalls() {
		t.Run(tt.name, func(t *testing.T) {
			hits, url := failingServer(t, 1, http.StatusServiceUnavailable, tt.success)
			c := newTestClient(t, url, func(cfg *Config) { cfg.MaxRetries = 3 })
			err := tt.call(testContext(t), c)
			if n := hits.Load(); n != 1 {
				t.Errorf("server hits = %d, want 1", n)
			}
			var u *UncertainOutcomeError
			if !errors.As(err, &u) {
				t.Fatalf("err = %T %v, want *UncertainOutcomeError", err, err)
			}
			if u.OrganizationID != "org-1" || u.ConnectionID != tt.connectionID {
				t.Errorf("error names organization %q connection %q, want %q %q", u.OrganizationID, u.ConnectionID, "org-1", tt.connectionID)
			}
			if apiErr, ok := AsError(err); !ok || apiErr.StatusCode != 503 || apiErr.RequestID != "req-1" {
				t.Errorf("the error does not unwrap to the 503: %v", err)
			}
			for _, s := range tt.wantMessage {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("Error() = %q, missing %q", err, s)
				}
			}
		})
	}
}

// Stytch did nothing on a 429: every call, creates included, is repeated.
func TestSSOCallsRetriedOn429(t *testing.T) {
	var calls []ssoCall
	calls = append(calls, idempotentSSOCalls()...)
	for _, u := range unrepeatableSSOCalls() {
		calls = append(calls, u.ssoCall)
	}
	for _, tt := range calls {
		t.Run(tt.name, func(t *testing.T) {
			hits, url := failingServer(t, 2, http.StatusTooManyRequests, tt.success)
			c := newTestClient(t, url, func(cfg *Config) { cfg.MaxRetries = 3 })
			if err := tt.call(testContext(t), c); err != nil {
				t.Fatalf("call: %v", err)
			}
			if n := hits.Load(); n != 3 {
				t.Errorf("server hits = %d, want 3", n)
			}
		})
	}
}

// A connection never established sent nothing, so even a create is repeated;
// a connection reset after sending is ambiguous and is not.
func TestSSOCreateTransportErrors(t *testing.T) {
	tests := []struct {
		name      string
		errs      []error
		wantCalls int32
		wantOK    bool
	}{
		{"dial refused twice", []error{dialRefused(), dialRefused()}, 3, true},
		{"read reset", []error{&net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}}, 1, false},
		{"unexpected EOF", []error{io.ErrUnexpectedEOF}, 1, false},
	}
	for _, tt := range tests {
		for _, call := range unrepeatableSSOCalls() {
			t.Run(tt.name+"/"+call.name, func(t *testing.T) {
				var hits atomic.Int32
				srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
					hits.Add(1)
					writeJSON(w, http.StatusOK, call.success)
				})
				tr := &scriptedTransport{errs: tt.errs, next: srv.Client().Transport}
				c := newTestClient(t, srv.URL, func(cfg *Config) {
					cfg.HTTPClient = &http.Client{Transport: tr}
					cfg.MaxRetries = 3
				})
				err := call.call(testContext(t), c)
				if n := tr.calls.Load(); n != tt.wantCalls {
					t.Errorf("transport calls = %d, want %d", n, tt.wantCalls)
				}
				if tt.wantOK {
					if err != nil || hits.Load() != 1 {
						t.Errorf("err = %v, server hits %d; want success on the attempt that connects", err, hits.Load())
					}
					return
				}
				var u *UncertainOutcomeError
				if !errors.As(err, &u) || !errors.Is(err, tt.errs[0]) {
					t.Errorf("err = %v, want *UncertainOutcomeError wrapping %v", err, tt.errs[0])
				}
			})
		}
	}
}

// namedCreate is a connection create with the display name "Okta", and the
// list key of its kind.
type namedCreate struct {
	ssoCall
	listKey string
}

func namedCreates() []namedCreate {
	return []namedCreate{
		{ssoCall{"SAML", samlEnvelope, func(ctx context.Context, c *Client) error {
			_, err := c.CreateSAMLConnection(ctx, "org-1", CreateSAMLConnectionRequest{DisplayName: "Okta"})
			return err
		}}, "saml_connections"},
		{ssoCall{"OIDC", oidcEnvelope, func(ctx context.Context, c *Client) error {
			_, err := c.CreateOIDCConnection(ctx, "org-1", CreateOIDCConnectionRequest{DisplayName: "Okta"})
			return err
		}}, "oidc_connections"},
		{ssoCall{"external", externalEnvelope, func(ctx context.Context, c *Client) error {
			_, err := c.CreateExternalConnection(ctx, "org-1", CreateExternalConnectionRequest{ExternalOrganizationID: "o2", ExternalConnectionID: "c2", DisplayName: "Okta"})
			return err
		}}, "external_connections"},
	}
}

// After an ambiguous failure, a create with a display name lists the
// organization's connections: no connection of its kind with that name means
// the create did not happen, and it is repeated; one means it probably did,
// and the error names it; a failed list leaves the outcome uncertain.
func TestSSONamedCreateLooksForTheConnection(t *testing.T) {
	list := func(key, connections string) string {
		body := map[string]json.RawMessage{"saml_connections": json.RawMessage("[]"), "oidc_connections": json.RawMessage("[]"), "external_connections": json.RawMessage("[]")}
		body[key] = json.RawMessage(connections)
		data, _ := json.Marshal(body)
		return string(data)
	}
	okta := `[{"connection_id":"conn-okta","display_name":"Okta"},{"connection_id":"conn-other","display_name":"Other"}]`
	other := `[{"connection_id":"conn-other","display_name":"Other"}]`
	tests := []struct {
		name string
		// posts answers the creates in turn (a status; 200 is success), list
		// every list of connections (the key is filled in per kind).
		posts      []int
		list       func(key string) (int, string)
		wantPosts  int32
		wantLists  int32
		wantResult string // "ok", "ambiguous", "uncertain" or "plain"
	}{
		{"none listed: repeated", []int{503, 200}, func(k string) (int, string) { return 200, list(k, other) }, 2, 1, "ok"},
		{"another kind listed: repeated", []int{500, 200}, func(k string) (int, string) {
			if k == "saml_connections" {
				return 200, list("oidc_connections", okta)
			}
			return 200, list("saml_connections", okta)
		}, 2, 1, "ok"},
		{"listed: named", []int{500}, func(k string) (int, string) { return 200, list(k, okta) }, 1, 1, "ambiguous"},
		{"list fails: uncertain", []int{503}, func(string) (int, string) {
			return 400, errorJSON(400, "bad_request", "req-list")
		}, 1, 1, "uncertain"},
		{"never created: the last 5xx after the retries", []int{503, 503, 503}, func(k string) (int, string) { return 200, list(k, "[]") }, 3, 3, "plain"},
	}
	for _, tt := range tests {
		for _, call := range namedCreates() {
			t.Run(tt.name+"/"+call.name, func(t *testing.T) {
				var posts, lists atomic.Int32
				srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
					_, _ = io.Copy(io.Discard, r.Body)
					if r.Method == http.MethodGet {
						lists.Add(1)
						status, body := tt.list(call.listKey)
						writeJSON(w, status, body)
						return
					}
					n := posts.Add(1)
					if status := tt.posts[min(int(n), len(tt.posts))-1]; status != 200 {
						writeJSON(w, status, errorJSON(status, "internal_server_error", fmt.Sprintf("req-%d", n)))
						return
					}
					writeJSON(w, http.StatusOK, call.success)
				})
				c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.MaxRetries = 2 })
				err := call.call(testContext(t), c)
				if posts.Load() != tt.wantPosts || lists.Load() != tt.wantLists {
					t.Errorf("%d creates and %d lists, want %d and %d", posts.Load(), lists.Load(), tt.wantPosts, tt.wantLists)
				}
				var amb *AmbiguousConnectionCreateError
				var unc *UncertainOutcomeError
				apiErr, isAPI := AsError(err)
				switch tt.wantResult {
				case "ok":
					if err != nil {
						t.Errorf("err = %v, want success", err)
					}
				case "ambiguous":
					if !errors.As(err, &amb) || !reflect.DeepEqual(amb.ConnectionIDs, []string{"conn-okta"}) || amb.OrganizationID != "org-1" ||
						!isAPI || apiErr.StatusCode != 500 || !strings.Contains(err.Error(), "conn-okta") {
						t.Errorf("err = %T %v, want *AmbiguousConnectionCreateError naming conn-okta and wrapping the 500", err, err)
					}
				case "uncertain":
					if !errors.As(err, &unc) || !isAPI || apiErr.StatusCode != 503 || !strings.Contains(err.Error(), "listing the organization's connections") {
						t.Errorf("err = %T %v, want *UncertainOutcomeError wrapping the 503 and naming the failed list", err, err)
					}
				case "plain":
					if errors.As(err, &unc) || errors.As(err, &amb) || !isAPI || apiErr.StatusCode != 503 {
						t.Errorf("err = %T %v, want the 503 alone: no connection exists", err, err)
					}
				}
			})
		}
	}
}

// The same reset is retried for the idempotent calls.
func TestSSOIdempotentCallsRetriedOnTransportErrors(t *testing.T) {
	for _, tt := range idempotentSSOCalls() {
		t.Run(tt.name, func(t *testing.T) {
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, http.StatusOK, tt.success)
			})
			reset := &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
			tr := &scriptedTransport{errs: []error{reset, io.ErrUnexpectedEOF}, next: srv.Client().Transport}
			c := newTestClient(t, srv.URL, func(cfg *Config) {
				cfg.HTTPClient = &http.Client{Transport: tr}
				cfg.MaxRetries = 3
			})
			if err := tt.call(testContext(t), c); err != nil {
				t.Fatalf("call: %v", err)
			}
			if n := tr.calls.Load(); n != 3 {
				t.Errorf("transport calls = %d, want 3", n)
			}
		})
	}
}

// A create whose context ends while the request is in flight may have
// happened: the error says so.
func TestSSOCreateContextCanceledIsUncertain(t *testing.T) {
	ctx, cancel := context.WithCancel(testContext(t))
	release := make(chan struct{})
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		cancel()
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	defer close(release)
	c := newTestClient(t, srv.URL, nil)
	_, err := c.CreateSAMLConnection(ctx, "org-1", CreateSAMLConnectionRequest{})
	var u *UncertainOutcomeError
	if !errors.As(err, &u) || !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want *UncertainOutcomeError wrapping context.Canceled", err)
	}
	if !strings.Contains(err.Error(), "look for a SAML connection that is not yet managed") {
		t.Errorf("Error() = %q, want the hint without a display name", err)
	}
}

func TestSSOEmptyIdentifierRejectedWithoutRequest(t *testing.T) {
	var hits atomic.Int32
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		writeJSON(w, http.StatusOK, samlEnvelope)
	})
	c := newTestClient(t, srv.URL, nil)
	ctx := testContext(t)
	calls := map[string]func() error{
		"list":        func() error { _, err := c.ListSSOConnections(ctx, ""); return err },
		"create SAML": func() error { _, err := c.CreateSAMLConnection(ctx, "", CreateSAMLConnectionRequest{}); return err },
		"update SAML org": func() error {
			_, err := c.UpdateSAMLConnection(ctx, "", "c", UpdateSAMLConnectionRequest{})
			return err
		},
		"update SAML connection": func() error {
			_, err := c.UpdateSAMLConnection(ctx, "o", "", UpdateSAMLConnectionRequest{})
			return err
		},
		"update by URL without URL": func() error { _, err := c.UpdateSAMLConnectionByURL(ctx, "o", "c", ""); return err },
		"delete certificate":        func() error { return c.DeleteSAMLVerificationCertificate(ctx, "o", "c", "") },
		"delete key":                func() error { return c.DeleteSAMLEncryptionPrivateKey(ctx, "o", "", "k") },
		"create OIDC":               func() error { _, err := c.CreateOIDCConnection(ctx, "", CreateOIDCConnectionRequest{}); return err },
		"update OIDC": func() error {
			_, _, err := c.UpdateOIDCConnection(ctx, "o", "", UpdateOIDCConnectionRequest{})
			return err
		},
		"create external without ids": func() error {
			_, err := c.CreateExternalConnection(ctx, "o", CreateExternalConnectionRequest{ExternalOrganizationID: "o2"})
			return err
		},
		"update external": func() error {
			_, err := c.UpdateExternalConnection(ctx, "", "c", UpdateExternalConnectionRequest{})
			return err
		},
		"delete connection": func() error { return c.DeleteSSOConnection(ctx, "o", "") },
	}
	for name, call := range calls {
		if err := call(); err == nil || !strings.Contains(err.Error(), "required") {
			t.Errorf("%s = %v, want a 'required' error", name, err)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("server saw %d requests, want 0", n)
	}
}

// The enumerations are literal copies of the SDKs' lists; a duplicate or a
// stray space would pass plan-time validation and fail at Stytch.
func TestSSOEnumerations(t *testing.T) {
	for name, values := range map[string][]string{
		"identity providers": SSOIdentityProviderValues,
		"statuses":           SSOConnectionStatusValues,
	} {
		seen := map[string]bool{}
		for _, v := range values {
			if v == "" || strings.TrimSpace(v) != v || strings.ToLower(v) != v || seen[v] {
				t.Errorf("%s: bad or repeated value %q", name, v)
			}
			seen[v] = true
		}
	}
	if len(SSOIdentityProviderValues) != 15 || !slices.Contains(SSOIdentityProviderValues, "generic") || !slices.Contains(SSOIdentityProviderValues, "microsoft-entra") {
		t.Errorf("identity providers = %v, want the SDKs' fifteen", SSOIdentityProviderValues)
	}
}
