package provider

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// connectionInState reads the connection of the resource at addr from
// Stytch's list of its organization's connections; find picks the kind.
func connectionInState[T any](e *testEnv, s *terraform.State, addr, kind string, find func(*stytch.SSOConnections, string) (*T, bool)) (*T, error) {
	rs, ok := s.RootModule().Resources[addr]
	if !ok {
		return nil, fmt.Errorf("%s is not in state", addr)
	}
	conns, err := e.client.ListSSOConnections(context.Background(), rs.Primary.Attributes["organization_id"])
	if err != nil {
		return nil, err
	}
	conn, ok := find(conns, rs.Primary.ID)
	if !ok {
		return nil, fmt.Errorf("Stytch has no %s connection %s", kind, rs.Primary.ID)
	}
	return conn, nil
}

// testRSAKey is one RSA key for every test certificate: generating a key is
// the slow part, and the tests need distinct certificates, not distinct keys.
var testRSAKey = sync.OnceValue(func() *rsa.PrivateKey {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return key
})

// testCertificatePEM returns a self-signed X.509 certificate with the given
// common name, PEM-encoded, as an IdP would publish it.
func testCertificatePEM(t testing.TB, commonName string) string {
	t.Helper()
	serial, err := rand.Int(rand.Reader, big.NewInt(1<<62))
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: commonName},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(365 * 24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &testRSAKey().PublicKey, testRSAKey())
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

// testRSAPrivateKeyPEM returns a fresh PKCS#1 RSA private key, PEM-encoded,
// the form Stytch takes for SAML signing and encryption keys.
func testRSAPrivateKeyPEM(t testing.TB) string {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}))
}

// createActiveSAMLConnection creates a SAML connection in an organization
// outside Terraform and completes it so that it is active, for tests that need
// a connection to point at.
func createActiveSAMLConnection(t testing.TB, client *stytch.Client, organizationID, displayName string) *stytch.SAMLConnection {
	t.Helper()
	ctx := context.Background()
	conn, err := client.CreateSAMLConnection(ctx, organizationID, stytch.CreateSAMLConnectionRequest{DisplayName: displayName, IdentityProvider: "okta"})
	if err != nil {
		t.Fatal(err)
	}
	entity, sso, cert := "https://idp.example.com/"+conn.ConnectionID, "https://idp.example.com/sso", testCertificatePEM(t, displayName)
	mapping := map[string]string{"email": "email", "full_name": "name"}
	conn, err = client.UpdateSAMLConnection(ctx, organizationID, conn.ConnectionID, stytch.UpdateSAMLConnectionRequest{
		IdPEntityID: &entity, IdPSSOURL: &sso, X509Certificate: &cert, AttributeMapping: &mapping,
	})
	if err != nil {
		t.Fatal(err)
	}
	if conn.Status != "active" {
		t.Fatalf("SAML connection %s is %q after setting every IdP field, want active", conn.ConnectionID, conn.Status)
	}
	return conn
}
