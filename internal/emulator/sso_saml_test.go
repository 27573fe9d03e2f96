package emulator

import (
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

var encryptionKeyIDPattern = regexp.MustCompile(`^encryption-private-key-test-` + uuidPattern + `$`)

func TestSAMLCreate(t *testing.T) {
	h := newHarness(t)
	org := h.create(base(map[string]any{"organization_external_id": "acme-ext"}))
	raw := h.ok(http.MethodPost, ssoPath("saml", "acme-ext"), map[string]any{
		"display_name": "Okta", "identity_provider": "okta",
		// Create accepts nothing else; the Go SDK echoes the path id.
		"organization_id": "acme-ext", "idp_sso_url": "http://ignored", "x509_certificate": "ignored",
	})
	var env connEnvelope
	decodeInto(t, raw, &env)
	if env.Warning != nil {
		t.Errorf("warning %q", *env.Warning)
	}
	wantKeys(t, "connection", env.Connection, samlKeys)
	var c samlConnection
	decodeInto(t, env.Connection, &c)
	callback := "https://test.stytch.com/v1/b2b/sso/callback/" + c.ConnectionID
	if !samlIDPattern.MatchString(c.ConnectionID) || c.OrganizationID != org.OrganizationID || c.Status != "pending" ||
		c.DisplayName != "Okta" || c.IdentityProvider != "okta" || c.ACSURL != callback || c.AudienceURI != callback ||
		c.IdPEntityID != "" || c.IdPSSOURL != "" || c.AlternativeAudienceURI != "" || c.AlternativeACSURL != "" ||
		c.NameIDFormat != "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress" || c.IdPInitiatedAuthDisabled || c.AllowGatewayCallback ||
		len(c.AttributeMapping) != 2 || c.AttributeMapping["email"] != "email" || c.AttributeMapping["full_name"] != "name" {
		t.Errorf("created %+v", c)
	}
	var lists map[string]json.RawMessage
	decodeInto(t, env.Connection, &lists)
	for _, k := range []string{"verification_certificates", "encryption_private_keys", "saml_connection_implicit_role_assignments", "saml_group_implicit_role_assignments"} {
		if string(lists[k]) != "[]" {
			t.Errorf("%s = %s, want []", k, lists[k])
		}
	}
	// One real signing certificate issued by Stytch, valid for ten years.
	var certs []json.RawMessage
	decodeInto(t, lists["signing_certificates"], &certs)
	if len(certs) != 1 {
		t.Fatalf("signing_certificates %s", lists["signing_certificates"])
	}
	wantKeys(t, "signing certificate", certs[0], certificateKeys)
	sc := c.SigningCertificates[0]
	cert := parsePEMCertificate(t, sc.Certificate)
	if !certIDPattern.MatchString(sc.CertificateID) || sc.Issuer != "Stytch" || cert.Issuer.CommonName != "Stytch" ||
		sc.CreatedAt != "2026-01-02T02:04:05Z" || sc.ExpiresAt != "2036-01-02T02:04:05Z" || sc.UpdatedAt != sc.CreatedAt ||
		!cert.NotAfter.Equal(cert.NotBefore.AddDate(10, 0, 0)) || cert.NotBefore.UTC().Format(time.RFC3339) != sc.CreatedAt {
		t.Errorf("signing certificate %+v (not before %s, not after %s)", sc, cert.NotBefore, cert.NotAfter)
	}
	if _, ok := cert.PublicKey.(*rsa.PublicKey); !ok {
		t.Errorf("signing certificate key %T is not RSA", cert.PublicKey)
	}

	// Defaults, and every identity provider.
	if d := h.createSAML("acme", nil); d.IdentityProvider != "generic" || d.DisplayName != "" || d.Status != "pending" || d.SigningCertificates[0].CertificateID == sc.CertificateID {
		t.Errorf("defaults %+v", d)
	}
	for _, idp := range ssoIdentityProviderValues {
		if got := h.createSAML("acme", map[string]any{"identity_provider": idp}); got.IdentityProvider != idp {
			t.Errorf("identity_provider %q answered %q", idp, got.IdentityProvider)
		}
	}
	path := ssoPath("saml", "acme")
	h.wantFail(http.MethodPost, path, map[string]any{"identity_provider": "okta-classic"}, 400, "invalid_sso_idp")
	h.wantFail(http.MethodPost, path, map[string]any{"identity_provider": ""}, 400, "invalid_sso_idp")
	h.wantFail(http.MethodPost, path, map[string]any{"identity_provider": 3}, 400, "bad_request")
	h.wantFail(http.MethodPost, path, map[string]any{"display_name": false}, 400, "bad_request")
	h.wantFail(http.MethodPost, path, rawBody(`["x"]`), 400, "bad_request")
	if l := h.list("acme"); len(l.SAMLConnections) != 2+len(ssoIdentityProviderValues) {
		t.Errorf("failed creates stored connections: %d", len(l.SAMLConnections))
	}
}

// The client (and so the provider's validators) and the emulator keep their
// own lists of the SSO values; every value the client knows is accepted.
func TestSSOClientValuesAccepted(t *testing.T) {
	h := newHarness(t)
	h.create(base(nil))
	if got, want := strings.Join(stytch.SSOIdentityProviderValues, ","), strings.Join(ssoIdentityProviderValues, ","); got != want {
		t.Errorf("the client's identity providers %s differ from the emulator's %s", got, want)
	}
	if got := strings.Join(stytch.SSOConnectionStatusValues, ","); got != ssoStatusPending+","+ssoStatusActive {
		t.Errorf("the client's statuses %s", got)
	}
	for _, idp := range stytch.SSOIdentityProviderValues {
		for _, kind := range []string{"saml", "oidc"} {
			if code, raw := h.do(http.MethodPost, ssoPath(kind, "acme"), map[string]any{"identity_provider": idp}); code != 200 {
				t.Errorf("%s identity_provider %q of the client's list: %d %s", kind, idp, code, raw)
			}
		}
	}
	catalog := map[string]bool{}
	for _, et := range errorTypes {
		catalog[et.name] = true
	}
	for _, name := range []string{
		stytch.ErrorTypeSSOConnectionNotFound, stytch.ErrorTypeSSOVerificationKeyNotFound,
		stytch.ErrorTypeSSOEncryptionPrivateKeyNotFound, stytch.ErrorTypeCannotDeleteDefaultSSOConnection,
		stytch.ErrorTypeCannotDeleteLastSSOVerificationKey, stytch.ErrorTypeTooManySSOVerificationCertificates,
	} {
		if !catalog[name] {
			t.Errorf("the client acts on error type %q, which the emulator never answers", name)
		}
	}
}

func TestSAMLPublicBaseURL(t *testing.T) {
	srv := New(Options{PublicBaseURL: "http://127.0.0.1:8080/"})
	h := newHarnessWith(t, Options{PublicBaseURL: "https://auth.example.com/"})
	h.create(base(nil))
	c := h.createSAML("acme", nil)
	o := h.createOIDC("acme", nil)
	if c.ACSURL != "https://auth.example.com/v1/b2b/sso/callback/"+c.ConnectionID || c.AudienceURI != c.ACSURL ||
		o.RedirectURL != "https://auth.example.com/v1/b2b/sso/callback/"+o.ConnectionID {
		t.Errorf("urls %q %q %q", c.ACSURL, c.AudienceURI, o.RedirectURL)
	}
	if got := srv.callbackURL("x"); got != "http://127.0.0.1:8080/v1/b2b/sso/callback/x" {
		t.Errorf("callbackURL = %q", got)
	}
}

func TestSAMLUpdateTriState(t *testing.T) {
	h := newHarness(t)
	h.create(base(nil))
	c := h.createSAML("acme", map[string]any{"display_name": "Before"})
	set := map[string]any{
		"organization_id": "acme", "connection_id": c.ConnectionID, // echoed by the Go SDK
		"idp_entity_id":     "urn:idp:acme",
		"display_name":      "After",
		"attribute_mapping": map[string]string{"email": "mail", "first_name": "given", "last_name": "sn", "groups": "memberOf"},
		"idp_sso_url":       "https://idp.example.com/sso",
		"saml_connection_implicit_role_assignments": []map[string]string{{"role_id": "stytch_member"}},
		"saml_group_implicit_role_assignments":      []map[string]string{{"role_id": "admin", "group": "Admins"}},
		"alternative_audience_uri":                  "https://legacy.example.com/audience",
		"identity_provider":                         "onelogin",
		"nameid_format":                             "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
		"alternative_acs_url":                       "https://legacy.example.com/acs",
		"idp_initiated_auth_disabled":               true,
		"allow_gateway_callback":                    true,
	}
	got := h.updateSAML("acme", c.ConnectionID, set)
	want := got
	want.IdPEntityID, want.DisplayName, want.IdPSSOURL = "urn:idp:acme", "After", "https://idp.example.com/sso"
	if got.IdPEntityID != "urn:idp:acme" || got.DisplayName != "After" || got.IdPSSOURL != "https://idp.example.com/sso" ||
		got.AttributeMapping["groups"] != "memberOf" || len(got.AttributeMapping) != 4 ||
		len(got.SAMLConnectionImplicitRoleAssignments) != 1 || got.SAMLConnectionImplicitRoleAssignments[0].RoleID != "stytch_member" ||
		len(got.SAMLGroupImplicitRoleAssignments) != 1 || got.SAMLGroupImplicitRoleAssignments[0] != (groupRoleAssignment{RoleID: "admin", Group: "Admins"}) ||
		got.AlternativeAudienceURI != "https://legacy.example.com/audience" || got.IdentityProvider != "onelogin" ||
		got.NameIDFormat != "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified" || got.AlternativeACSURL != "https://legacy.example.com/acs" ||
		!got.IdPInitiatedAuthDisabled || !got.AllowGatewayCallback || got.Status != "pending" {
		t.Fatalf("set every field: %+v", got)
	}
	// Absent and null leave everything unchanged.
	nulls := map[string]any{}
	for k := range set {
		nulls[k] = nil
	}
	for _, body := range []any{map[string]any{}, nil, nulls} {
		if again := h.updateSAML("acme", c.ConnectionID, body); !sameSAML(again, got) {
			t.Errorf("update %v changed the connection: %+v", body, again)
		}
	}
	// "", [], {} and false clear (the connection is pending, so nothing is
	// required yet).
	cleared := h.updateSAML("acme", c.ConnectionID, map[string]any{
		"idp_entity_id": "", "display_name": "", "attribute_mapping": map[string]string{}, "idp_sso_url": "",
		"saml_connection_implicit_role_assignments": []any{}, "saml_group_implicit_role_assignments": []any{},
		"alternative_audience_uri": "", "nameid_format": "", "alternative_acs_url": "",
		"idp_initiated_auth_disabled": false, "allow_gateway_callback": false,
		"x509_certificate": "", "signing_private_key": "", "saml_encryption_private_key": "",
	})
	if cleared.IdPEntityID != "" || cleared.DisplayName != "" || len(cleared.AttributeMapping) != 0 || cleared.IdPSSOURL != "" ||
		len(cleared.SAMLConnectionImplicitRoleAssignments) != 0 || len(cleared.SAMLGroupImplicitRoleAssignments) != 0 ||
		cleared.AlternativeAudienceURI != "" || cleared.NameIDFormat != "" || cleared.AlternativeACSURL != "" ||
		cleared.IdPInitiatedAuthDisabled || cleared.AllowGatewayCallback || cleared.IdentityProvider != "onelogin" ||
		len(cleared.SigningCertificates) != 1 || len(cleared.VerificationCertificates) != 0 || len(cleared.EncryptionPrivateKeys) != 0 {
		t.Errorf("cleared %+v", cleared)
	}
	// The list answers what Update answered.
	if l := h.list("acme"); !sameSAML(l.SAMLConnections[0], cleared) {
		t.Errorf("list %+v", l.SAMLConnections[0])
	}
}

// sameSAML compares two SAML connections by their JSON.
func sameSAML(a, b samlConnection) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

func TestSAMLValidation(t *testing.T) {
	h := newHarness(t)
	h.create(base(nil))
	c := h.createSAML("acme", nil)
	path := ssoPath("saml", "acme", "connections", c.ConnectionID)
	groups := []map[string]string{{"role_id": "admin", "group": "Admins"}}
	cases := []struct {
		name    string
		body    any
		errType string
	}{
		{"body", rawBody(`"x"`), "bad_request"},
		{"string type", map[string]any{"idp_entity_id": 1}, "bad_request"},
		{"boolean type", map[string]any{"idp_initiated_auth_disabled": "true"}, "bad_request"},
		{"identity provider", map[string]any{"identity_provider": "adfs"}, "invalid_sso_idp"},
		{"mapping type", map[string]any{"attribute_mapping": "email"}, "bad_request"},
		{"mapping nested", map[string]any{"attribute_mapping": map[string]any{"email": "e", "name": map[string]string{"first": "f"}}}, "saml_connection_no_nested_keys_in_attribute_mapping"},
		{"mapping number", map[string]any{"attribute_mapping": map[string]any{"email": 1}}, "bad_request"},
		{"mapping array", map[string]any{"attribute_mapping": map[string]any{"groups": []string{"a"}}}, "bad_request"},
		{"roles type", map[string]any{"saml_connection_implicit_role_assignments": map[string]string{"role_id": "x"}}, "bad_request"},
		{"roles element", map[string]any{"saml_connection_implicit_role_assignments": []string{"admin"}}, "bad_request"},
		{"role id type", map[string]any{"saml_connection_implicit_role_assignments": []map[string]any{{"role_id": 7}}}, "bad_request"},
		{"empty role id", map[string]any{"saml_connection_implicit_role_assignments": []map[string]any{{"role_id": " "}}}, "invalid_rbac_role_id"},
		{"missing role id", map[string]any{"saml_connection_implicit_role_assignments": []map[string]any{{}}}, "invalid_rbac_role_id"},
		{"group role id", map[string]any{"attribute_mapping": map[string]string{"groups": "g"}, "saml_group_implicit_role_assignments": []map[string]any{{"group": "g"}}}, "invalid_rbac_role_id"},
		{"empty group", map[string]any{"attribute_mapping": map[string]string{"groups": "g"}, "saml_group_implicit_role_assignments": []map[string]any{{"role_id": "admin", "group": ""}}}, "invalid_rbac_role_assignment"},
		{"groups without groups key", map[string]any{"saml_group_implicit_role_assignments": groups}, "saml_connection_attribute_mapping_missing_groups_key"},
		{"groups key empty", map[string]any{"attribute_mapping": map[string]string{"groups": ""}, "saml_group_implicit_role_assignments": groups}, "saml_connection_attribute_mapping_missing_groups_key"},
		{"sso url not https", map[string]any{"idp_sso_url": "http://idp.example.com/sso"}, "saml_connection_idp_sso_url_not_https"},
		{"sso url other scheme", map[string]any{"idp_sso_url": "ftp://idp.example.com/sso"}, "saml_connection_idp_sso_url_not_https"},
		{"sso url relative", map[string]any{"idp_sso_url": "/sso"}, "saml_connection_idp_sso_url_invalid_format"},
		{"sso url no host", map[string]any{"idp_sso_url": "https://"}, "saml_connection_idp_sso_url_invalid_format"},
		{"sso url junk", map[string]any{"idp_sso_url": "not a url"}, "saml_connection_idp_sso_url_invalid_format"},
		{"sso url bad escape", map[string]any{"idp_sso_url": "https://idp/%zz"}, "saml_connection_idp_sso_url_invalid_format"},
	}
	for _, tc := range cases {
		t.Log(tc.name)
		// A valid change in the same request is not stored when another fails.
		body := tc.body
		if m, ok := body.(map[string]any); ok {
			m["display_name"] = "must not stick"
		}
		h.wantFail(http.MethodPut, path, body, 400, tc.errType)
	}
	if l := h.list("acme"); l.SAMLConnections[0].DisplayName != "" {
		t.Errorf("a failed update changed the connection: %+v", l.SAMLConnections[0])
	}
	// The groups key and the group assignments may come in one request;
	// the key cannot go while assignments need it.
	h.updateSAML("acme", c.ConnectionID, map[string]any{"attribute_mapping": map[string]string{"email": "e", "full_name": "n", "groups": "memberOf"}, "saml_group_implicit_role_assignments": groups})
	h.wantFail(http.MethodPut, path, map[string]any{"attribute_mapping": map[string]string{"email": "e", "full_name": "n"}}, 400, "saml_connection_attribute_mapping_missing_groups_key")
	h.updateSAML("acme", c.ConnectionID, map[string]any{"attribute_mapping": map[string]string{"email": "e", "full_name": "n"}, "saml_group_implicit_role_assignments": []any{}})
}

func TestSAMLStatus(t *testing.T) {
	h := newHarness(t)
	h.create(base(nil))
	c := h.createSAML("acme", nil)
	path := ssoPath("saml", "acme", "connections", c.ConnectionID)
	steps := []map[string]any{
		{"idp_sso_url": "https://idp.example.com/sso"},
		{"idp_entity_id": "urn:idp"},
		{"attribute_mapping": map[string]string{"email": "mail", "first_name": "given"}}, // no full name yet
		{"x509_certificate": testCertificate(t, "IdP")},
	}
	for i, step := range steps {
		if got := h.updateSAML("acme", c.ConnectionID, step); got.Status != "pending" {
			t.Fatalf("step %d: %s before everything is set", i, got.Status)
		}
		if org := h.get("acme"); len(org.SSOActiveConnections) != 0 {
			t.Fatalf("pending connection listed as active")
		}
	}
	got := h.updateSAML("acme", c.ConnectionID, map[string]any{"attribute_mapping": map[string]string{"email": "mail", "first_name": "given", "last_name": "sn"}})
	if got.Status != "active" {
		t.Fatalf("complete connection is %s", got.Status)
	}
	if org := h.get("acme"); len(org.SSOActiveConnections) != 1 || org.SSOActiveConnections[0] != (stytch.ActiveSSOConnection{ConnectionID: c.ConnectionID, DisplayName: "", IdentityProvider: "generic"}) {
		t.Errorf("sso_active_connections %+v", org.SSOActiveConnections)
	}
	// An active connection keeps what made it active.
	for _, tc := range []struct {
		body    map[string]any
		errType string
	}{
		{map[string]any{"idp_sso_url": ""}, "saml_connection_idp_sso_url_required"},
		{map[string]any{"idp_entity_id": ""}, "invalid_idp_entity_id"},
		{map[string]any{"attribute_mapping": map[string]string{}}, "saml_connection_attribute_mapping_required"},
		{map[string]any{"attribute_mapping": map[string]string{"full_name": "n"}}, "saml_connection_email_mapping_required"},
		{map[string]any{"attribute_mapping": map[string]string{"email": "", "full_name": "n"}}, "saml_connection_email_mapping_required"},
		{map[string]any{"attribute_mapping": map[string]string{"email": "e", "first_name": "f"}}, "saml_connection_name_mapping_required"},
	} {
		h.wantFail(http.MethodPut, path, tc.body, 400, tc.errType)
	}
	if got := h.updateSAML("acme", c.ConnectionID, map[string]any{"attribute_mapping": map[string]string{"email": "e", "full_name": "n"}, "idp_sso_url": "https://other.example.com/sso"}); got.Status != "active" {
		t.Errorf("a change that keeps the requirements deactivated it: %+v", got)
	}
}

func TestSAMLVerificationCertificates(t *testing.T) {
	h := newHarness(t)
	h.create(base(nil))
	c := h.createSAML("acme", nil)
	path := ssoPath("saml", "acme", "connections", c.ConnectionID)
	good := testCertificate(t, "Okta CA")
	block, _ := pem.Decode([]byte(good))
	for name, bad := range map[string]string{
		"garbage":        "not a certificate",
		"bare base64":    base64.StdEncoding.EncodeToString(block.Bytes),
		"private key":    pkcs1PEM(t),
		"two":            good + good,
		"broken DER":     string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte("nope")})),
		"trailing junk":  good + "junk",
		"wrong PEM type": strings.ReplaceAll(good, "CERTIFICATE", "X509 CRL"),
	} {
		t.Log(name)
		h.wantFail(http.MethodPut, path, map[string]any{"x509_certificate": bad}, 400, "invalid_x509_certificate")
	}
	// A valid one is appended with the certificate's own issuer and validity;
	// its PEM is answered in canonical form whatever the line breaks sent.
	got := h.updateSAML("acme", c.ConnectionID, map[string]any{"x509_certificate": "\r\n" + strings.ReplaceAll(good, "\n", "\r\n")})
	if len(got.VerificationCertificates) != 1 {
		t.Fatalf("verification_certificates %+v", got.VerificationCertificates)
	}
	vc := got.VerificationCertificates[0]
	if !certIDPattern.MatchString(vc.CertificateID) || vc.Certificate != good || vc.Issuer != "Okta CA" ||
		vc.CreatedAt != "2025-01-01T00:00:00Z" || vc.ExpiresAt != "2035-01-01T00:00:00Z" || vc.UpdatedAt != vc.CreatedAt {
		t.Errorf("certificate entry %+v", vc)
	}
	// Sending it again adds nothing; "" adds nothing.
	if again := h.updateSAML("acme", c.ConnectionID, map[string]any{"x509_certificate": good}); len(again.VerificationCertificates) != 1 || again.VerificationCertificates[0].CertificateID != vc.CertificateID {
		t.Errorf("re-sent certificate: %+v", again.VerificationCertificates)
	}
	// At most five.
	ids := []string{vc.CertificateID}
	for i := range 4 {
		got = h.updateSAML("acme", c.ConnectionID, map[string]any{"x509_certificate": testCertificate(t, "CA "+itoa(i))})
		ids = append(ids, got.VerificationCertificates[len(got.VerificationCertificates)-1].CertificateID)
	}
	h.wantFail(http.MethodPut, path, map[string]any{"x509_certificate": testCertificate(t, "sixth"), "display_name": "x"}, 400, "too_many_sso_verification_certificates")
	if l := h.list("acme"); len(l.SAMLConnections[0].VerificationCertificates) != 5 || l.SAMLConnections[0].DisplayName != "" {
		t.Fatalf("after the sixth: %+v", l.SAMLConnections[0])
	}

	// Delete: unknown id, and the last certificate of an active connection.
	del := func(id string) string { return path + "/verification_certificates/" + id }
	h.wantFail(http.MethodDelete, del("certificate-test-nope"), nil, 404, "sso_verification_key_not_found")
	h.updateSAML("acme", c.ConnectionID, map[string]any{"idp_sso_url": "https://idp/sso", "idp_entity_id": "urn:idp"})
	for _, id := range ids[:4] {
		raw := h.ok(http.MethodDelete, del(id), nil)
		var resp map[string]json.RawMessage
		decodeInto(t, raw, &resp)
		if len(resp) != 3 || string(resp["certificate_id"]) != `"`+id+`"` {
			t.Errorf("delete answer %s", raw)
		}
	}
	h.wantFail(http.MethodDelete, del(ids[4]), nil, 400, "cannot_delete_last_sso_verification_key")
	h.wantFail(http.MethodDelete, del(ids[0]), nil, 404, "sso_verification_key_not_found")
	if l := h.list("acme"); len(l.SAMLConnections[0].VerificationCertificates) != 1 || l.SAMLConnections[0].Status != "active" {
		t.Errorf("after deletes: %+v", l.SAMLConnections[0])
	}
	// Rotation: add the new one, then delete the old one.
	h.updateSAML("acme", c.ConnectionID, map[string]any{"x509_certificate": testCertificate(t, "new")})
	h.ok(http.MethodDelete, del(ids[4]), nil)
	// A pending connection may lose its only certificate.
	p := h.createSAML("acme", nil)
	p = h.updateSAML("acme", p.ConnectionID, map[string]any{"x509_certificate": good})
	h.ok(http.MethodDelete, ssoPath("saml", "acme", "connections", p.ConnectionID, "verification_certificates", p.VerificationCertificates[0].CertificateID), nil)
}

func TestSAMLSigningPrivateKey(t *testing.T) {
	h := newHarness(t)
	h.create(base(nil))
	c := h.createSAML("acme", nil)
	path := ssoPath("saml", "acme", "connections", c.ConnectionID)
	key := pkcs1PEM(t)
	code, raw := h.do(http.MethodPut, path, map[string]any{"signing_private_key": key})
	if code != 200 {
		t.Fatalf("%d %s", code, raw)
	}
	keyBody := strings.Split(key, "\n")[3] // a line of the key's base64
	if strings.Contains(string(raw), keyBody) {
		t.Fatal("the answer contains the private key")
	}
	var got samlConnection
	var env connEnvelope
	decodeInto(t, raw, &env)
	decodeInto(t, env.Connection, &got)
	if len(got.SigningCertificates) != 2 || got.SigningCertificates[0].CertificateID != c.SigningCertificates[0].CertificateID {
		t.Fatalf("signing_certificates %+v", got.SigningCertificates)
	}
	sc := got.SigningCertificates[1]
	cert := parsePEMCertificate(t, sc.Certificate)
	pub, ok := cert.PublicKey.(*rsa.PublicKey)
	if !ok || !pub.Equal(rsaKey(t).Public()) || sc.Issuer != "Stytch" || cert.Issuer.CommonName != "Stytch" || !certIDPattern.MatchString(sc.CertificateID) {
		t.Errorf("certificate made from the key: %+v", sc)
	}
	if err := cert.CheckSignature(cert.SignatureAlgorithm, cert.RawTBSCertificate, cert.Signature); err != nil {
		t.Errorf("not self-signed with the key: %v", err)
	}
	ecKey := string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: []byte{1, 2, 3}}))
	for _, tc := range []struct {
		key, errType string
	}{
		{pkcs8PEM(t), "saml_signing_private_key_format_not_supported"},
		{ecKey, "saml_signing_private_key_format_not_supported"},
		{"not a key", "saml_signing_private_key_invalid"},
		{string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: []byte("junk")})), "saml_signing_private_key_invalid"},
		{key + key, "saml_signing_private_key_invalid"},
	} {
		h.wantFail(http.MethodPut, path, map[string]any{"signing_private_key": tc.key}, 400, tc.errType)
	}
}

func TestSAMLEncryptionPrivateKeys(t *testing.T) {
	h := newHarness(t)
	h.create(base(nil))
	c := h.createSAML("acme", nil)
	path := ssoPath("saml", "acme", "connections", c.ConnectionID)
	key := pkcs1PEM(t)
	code, raw := h.do(http.MethodPut, path, map[string]any{"saml_encryption_private_key": key})
	if code != 200 || strings.Contains(string(raw), strings.Split(key, "\n")[3]) {
		t.Fatalf("%d, or the answer contains the key: %s", code, raw)
	}
	var got samlConnection
	var env connEnvelope
	decodeInto(t, raw, &env)
	decodeInto(t, env.Connection, &got)
	if len(got.EncryptionPrivateKeys) != 1 {
		t.Fatalf("encryption_private_keys %+v", got.EncryptionPrivateKeys)
	}
	var entry []map[string]json.RawMessage
	var lists map[string]json.RawMessage
	decodeInto(t, env.Connection, &lists)
	decodeInto(t, lists["encryption_private_keys"], &entry)
	if len(entry[0]) != 3 {
		t.Errorf("encryption key keys %v", entry[0])
	}
	ek := got.EncryptionPrivateKeys[0]
	if !encryptionKeyIDPattern.MatchString(ek.PrivateKeyID) || ek.PrivateKey != "" || ek.CreatedAt != "2026-01-02T02:04:05Z" {
		t.Errorf("entry %+v", ek)
	}
	for _, bad := range []string{"junk", pkcs8PEM(t), testCertificate(t, "x")} {
		h.wantFail(http.MethodPut, path, map[string]any{"saml_encryption_private_key": bad}, 400, "bad_request")
	}
	ids := []string{ek.PrivateKeyID}
	for range 4 {
		got = h.updateSAML("acme", c.ConnectionID, map[string]any{"saml_encryption_private_key": key})
		ids = append(ids, got.EncryptionPrivateKeys[len(got.EncryptionPrivateKeys)-1].PrivateKeyID)
	}
	h.wantFail(http.MethodPut, path, map[string]any{"saml_encryption_private_key": key}, 400, "too_many_encryption_certificates")
	del := path + "/encryption_private_keys/"
	h.wantFail(http.MethodDelete, del+"encryption-private-key-test-nope", nil, 404, "sso_encryption_private_key_not_found")
	raw = h.ok(http.MethodDelete, del+ids[2], rawBody("{}"))
	var resp map[string]json.RawMessage
	decodeInto(t, raw, &resp)
	if len(resp) != 3 || string(resp["private_key_id"]) != `"`+ids[2]+`"` {
		t.Errorf("delete answer %s", raw)
	}
	h.wantFail(http.MethodDelete, del+ids[2], nil, 404, "sso_encryption_private_key_not_found")
	if l := h.list("acme"); len(l.SAMLConnections[0].EncryptionPrivateKeys) != 4 {
		t.Errorf("after delete %+v", l.SAMLConnections[0].EncryptionPrivateKeys)
	}
}

// ---------------------------------------------------------------------------
// Update by metadata URL.

// idpMetadataXML is an IdP metadata document with the signing certificate
// certPEM and single sign-on services at ssoURLs (binding → location).
func idpMetadataXML(entityID, certPEM string, services [][2]string, keyUse string) string {
	block, _ := pem.Decode([]byte(certPEM))
	b64 := base64.StdEncoding.EncodeToString(block.Bytes)
	// Line breaks inside the base64, as IdPs write it.
	var wrapped strings.Builder
	for i := 0; i < len(b64); i += 64 {
		wrapped.WriteString("\n        " + b64[i:min(i+64, len(b64))])
	}
	use := ""
	if keyUse != "" {
		use = ` use="` + keyUse + `"`
	}
	var svc strings.Builder
	for _, s := range services {
		fmt.Fprintf(&svc, "\n    <md:SingleSignOnService Binding=\"%s\" Location=\"%s\"/>", s[0], s[1])
	}
	return `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="` + entityID + `">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="encryption"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>bm90IHRoZSBzaWduaW5nIGNlcnQ=</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:KeyDescriptor` + use + `>
      <ds:KeyInfo><ds:X509Data><ds:X509Certificate>` + wrapped.String() + `
      </ds:X509Certificate></ds:X509Data></ds:KeyInfo>
    </md:KeyDescriptor>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>` + svc.String() + `
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`
}

// metadataServer serves IdP metadata documents by path on a loopback address
// and counts the requests it gets. A document "redirect:URL" answers a
// redirect to URL.
type metadataServer struct {
	*httptest.Server
	hits atomic.Int32
}

// newMetadataServer starts a metadataServer with the documents docs returns;
// docs may use the server's address (not its URL, which is set on start).
func newMetadataServer(t *testing.T, docs func(ms *metadataServer) map[string]string) *metadataServer {
	t.Helper()
	ms := &metadataServer{Server: httptest.NewUnstartedServer(nil)}
	byPath := docs(ms)
	ms.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ms.hits.Add(1)
		doc, ok := byPath[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if target, ok := strings.CutPrefix(doc, "redirect:"); ok {
			http.Redirect(w, r, target, http.StatusFound)
			return
		}
		w.Header().Set("Content-Type", "application/samlmetadata+xml")
		_, _ = w.Write([]byte(doc))
	})
	ms.Start()
	t.Cleanup(ms.Close)
	return ms
}

// anyAddressURL is the server's URL with 0.0.0.0 as host: it reaches the
// server (0.0.0.0 dials the local host) but is not a loopback address.
func (ms *metadataServer) anyAddressURL(path string) string {
	_, port, _ := net.SplitHostPort(ms.Listener.Addr().String())
	return "http://0.0.0.0:" + port + path
}

func TestSAMLMetadataURL(t *testing.T) {
	h := newHarness(t)
	h.create(base(nil))
	c := h.createSAML("acme", nil)
	path := ssoPath("saml", "acme", "connections", c.ConnectionID, "url")
	signing := testCertificate(t, "IdP signing")
	redirect := [2]string{bindingHTTPRedirect, "https://idp.example.com/sso/redirect"}
	post := [2]string{bindingHTTPPost, "https://idp.example.com/sso/post"}
	ms := newMetadataServer(t, func(ms *metadataServer) map[string]string {
		return map[string]string{
			"/metadata":    idpMetadataXML("https://idp.example.com/entity", signing, [][2]string{post, redirect}, "signing"),
			"/post-only":   idpMetadataXML("urn:idp:post", testCertificate(t, "other"), [][2]string{post}, ""),
			"/bad-xml":     "<md:EntityDescriptor entityID='x'><unclosed>",
			"/not-xml":     "{\"json\": true}",
			"/empty":       "",
			"/html":        "<html><body>Sign in</body></html>",
			"/no-idp":      `<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="sp"><SPSSODescriptor/></EntityDescriptor>`,
			"/no-entityid": idpMetadataXML("", signing, [][2]string{redirect}, "signing"),
			"/no-sso":      idpMetadataXML("urn:idp", signing, [][2]string{{"urn:oasis:names:tc:SAML:2.0:bindings:SOAP", "https://idp/soap"}}, "signing"),
			"/no-signing":  idpMetadataXML("urn:idp", signing, [][2]string{redirect}, "encryption"),
			"/bad-cert":    strings.Replace(idpMetadataXML("urn:idp", signing, [][2]string{redirect}, "signing"), "<ds:X509Certificate>\n", "<ds:X509Certificate>!!!", 1),
			"/http-sso":    idpMetadataXML("urn:idp", signing, [][2]string{{bindingHTTPRedirect, "http://idp.example.com/sso"}}, "signing"),
			"/entities": `<EntitiesDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata">
  <EntityDescriptor entityID="sp"><SPSSODescriptor/></EntityDescriptor>` +
				strings.TrimPrefix(idpMetadataXML("urn:idp:in-entities", signing, [][2]string{redirect}, ""), `<?xml version="1.0" encoding="UTF-8"?>`) + `
</EntitiesDescriptor>`,
			"/redirect-away": "redirect:" + ms.anyAddressURL("/metadata"),
			"/redirect-here": "redirect:/metadata",
		}
	})
	got := h.connection(http.MethodPut, path, map[string]any{"metadata_url": ms.URL + "/metadata"}, &c)
	if got.Warning != nil || c.IdPEntityID != "https://idp.example.com/entity" || c.IdPSSOURL != "https://idp.example.com/sso/redirect" ||
		len(c.VerificationCertificates) != 1 || c.VerificationCertificates[0].Certificate != signing || c.VerificationCertificates[0].Issuer != "IdP signing" ||
		c.Status != "active" {
		t.Fatalf("after metadata: %+v", c)
	}
	if org := h.get("acme"); len(org.SSOActiveConnections) != 1 {
		t.Errorf("metadata-activated connection not in sso_active_connections: %+v", org.SSOActiveConnections)
	}
	// Again: same certificate, not added twice; through a redirect that stays
	// on a loopback address.
	h.connection(http.MethodPut, path, map[string]any{"metadata_url": ms.URL + "/redirect-here"}, &c)
	if len(c.VerificationCertificates) != 1 {
		t.Errorf("certificate added twice: %+v", c.VerificationCertificates)
	}
	// localhost is loopback too; HTTP-POST when there is no HTTP-Redirect;
	// a KeyDescriptor without use; an EntitiesDescriptor.
	_, port, _ := net.SplitHostPort(ms.Listener.Addr().String())
	h.connection(http.MethodPut, path, map[string]any{"metadata_url": "http://localhost:" + port + "/post-only"}, &c)
	if c.IdPEntityID != "urn:idp:post" || c.IdPSSOURL != "https://idp.example.com/sso/post" || len(c.VerificationCertificates) != 2 {
		t.Errorf("post-only: %+v", c)
	}
	h.connection(http.MethodPut, path, map[string]any{"metadata_url": ms.URL + "/entities"}, &c)
	if c.IdPEntityID != "urn:idp:in-entities" || c.IdPSSOURL != "https://idp.example.com/sso/redirect" {
		t.Errorf("entities: %+v", c)
	}

	before := ms.hits.Load()
	for _, tc := range []struct {
		url     any
		errType string
	}{
		{ms.URL + "/bad-xml", "invalid_xml_from_saml_metadata_url"},
		{ms.URL + "/not-xml", "invalid_xml_from_saml_metadata_url"},
		{ms.URL + "/empty", "invalid_xml_from_saml_metadata_url"},
		{ms.URL + "/html", "saml_connection_metadata_invalid_format"},
		{ms.URL + "/no-idp", "saml_connection_metadata_invalid_format"},
		{ms.URL + "/no-entityid", "saml_connection_metadata_invalid_format"},
		{ms.URL + "/no-sso", "saml_connection_metadata_invalid_format"},
		{ms.URL + "/no-signing", "saml_connection_metadata_invalid_format"},
		{ms.URL + "/bad-cert", "saml_connection_metadata_invalid_format"},
		{ms.URL + "/http-sso", "saml_connection_idp_sso_url_not_https"},
		{ms.URL + "/missing", "invalid_saml_metadata_url"},
	} {
		h.wantFail(http.MethodPut, path, map[string]any{"metadata_url": tc.url}, 400, tc.errType)
	}
	if n := ms.hits.Load() - before; n != 11 {
		t.Errorf("%d fetches for 11 requests", n)
	}

	// Refused without a fetch: not a URL, not http(s), not loopback.
	before = ms.hits.Load()
	for _, u := range []string{"", "metadata.xml", "ftp://127.0.0.1/metadata", "file:///etc/passwd", ms.anyAddressURL("/metadata"), "https://idp.example.com/metadata", "http://10.0.0.1/metadata"} {
		e := h.wantFail(http.MethodPut, path, map[string]any{"metadata_url": u}, 400, "invalid_saml_metadata_url")
		if strings.HasPrefix(u, "http") && !strings.Contains(e.ErrorMessage, "loopback") {
			t.Errorf("%s: message %q does not explain the loopback rule", u, e.ErrorMessage)
		}
	}
	h.wantFail(http.MethodPut, path, map[string]any{}, 400, "invalid_saml_metadata_url")
	h.wantFail(http.MethodPut, path, map[string]any{"metadata_url": 5}, 400, "bad_request")
	if n := ms.hits.Load() - before; n != 0 {
		t.Errorf("refused URLs were fetched %d times", n)
	}
	// A redirect away from loopback is refused at the connection.
	before = ms.hits.Load()
	e := h.wantFail(http.MethodPut, path, map[string]any{"metadata_url": ms.URL + "/redirect-away"}, 400, "invalid_saml_metadata_url")
	if n := ms.hits.Load() - before; n != 1 || !strings.Contains(e.ErrorMessage, "loopback") {
		t.Errorf("redirect away: %d fetches, message %q", n, e.ErrorMessage)
	}
	// Nothing above changed the connection.
	if l := h.list("acme"); l.SAMLConnections[0].IdPEntityID != "urn:idp:in-entities" {
		t.Errorf("failed fetches changed the connection: %+v", l.SAMLConnections[0])
	}

	// With AllowRemoteMetadata, other hosts are fetched.
	remote := newHarnessWith(t, Options{AllowRemoteMetadata: true})
	remote.create(base(nil))
	rc := remote.createSAML("acme", nil)
	before = ms.hits.Load()
	remote.connection(http.MethodPut, ssoPath("saml", "acme", "connections", rc.ConnectionID, "url"), map[string]any{"metadata_url": ms.anyAddressURL("/metadata")}, &rc)
	if rc.IdPEntityID != "https://idp.example.com/entity" || ms.hits.Load()-before != 1 {
		t.Errorf("remote fetch: %+v", rc)
	}
}

// A metadata fetch has a deadline, so a server that never answers cannot hold
// the request.
func TestSAMLMetadataURLTimeout(t *testing.T) {
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer slow.Close()
	defer close(release)
	h := newHarness(t)
	if h.srv.metadataTimeout != metadataFetchTimeout {
		t.Fatalf("default timeout %s", h.srv.metadataTimeout)
	}
	h.srv.metadataTimeout = 300 * time.Millisecond
	h.create(base(nil))
	c := h.createSAML("acme", nil)
	start := time.Now()
	e := h.wantFail(http.MethodPut, ssoPath("saml", "acme", "connections", c.ConnectionID, "url"), map[string]any{"metadata_url": slow.URL}, 400, "invalid_saml_metadata_url")
	if d := time.Since(start); d < 300*time.Millisecond || d > 5*time.Second || !strings.Contains(e.ErrorMessage, "deadline") {
		t.Errorf("the fetch took %s: %s", d, e.ErrorMessage)
	}
}

// parseIdPMetadata is also checked directly on documents that are hard to
// serve wrong.
func TestParseIdPMetadata(t *testing.T) {
	cert := testCertificate(t, "x")
	ok := idpMetadataXML("urn:x", cert, [][2]string{{bindingHTTPRedirect, "https://x/sso"}}, "signing")
	if md, err := parseIdPMetadata([]byte(ok)); err != nil || md.entityID != "urn:x" || md.ssoURL != "https://x/sso" {
		t.Fatalf("%+v %v", md, err)
	}
	for doc, want := range map[string]string{
		ok + "<trailing>":                  "invalid_xml_from_saml_metadata_url",
		"<?xml version=\"1.0\"?>":          "invalid_xml_from_saml_metadata_url",
		"<Other><unclosed></Other>":        "invalid_xml_from_saml_metadata_url",
		"<Other/>":                         "saml_connection_metadata_invalid_format",
		"<EntitiesDescriptor/>":            "saml_connection_metadata_invalid_format",
		"<EntityDescriptor entityID='x'/>": "saml_connection_metadata_invalid_format",
	} {
		_, err := parseIdPMetadata([]byte(doc))
		if err == nil || err.errType.name != want {
			t.Errorf("%q: %v, want %s", doc, err, want)
		}
	}
}
