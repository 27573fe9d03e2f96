package emulator

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"strings"
	"sync"
	"time"
)

// Certificates and keys of SAML connections. The emulator parses what it is
// given with crypto/x509 and makes real certificates, so that a value Stytch
// would refuse is refused here too, and what it answers is a certificate a
// client can parse.

// signingIssuer is the issuer of the signing certificates Stytch makes ("For
// signing certificates, this value will be "Stytch"").
const signingIssuer = "Stytch"

// signingValidityYears is the validity of a signing certificate.
// INFERRED: ten years, as in the documentation's example (created 2023-01-01,
// expires 2033-01-01).
const signingValidityYears = 10

// maxVerificationCertificates is Stytch's documented limit ("a maximum of 5
// certificates per connection").
const maxVerificationCertificates = 5

// maxEncryptionPrivateKeys bounds encryption_private_keys.
// INFERRED: Stytch has the error too_many_encryption_certificates but
// documents no number; the emulator uses the verification certificates' 5.
const maxEncryptionPrivateKeys = 5

// stytchSigningKey is the RSA key of the signing certificate every new SAML
// connection gets. It is made once per process, on first use, so that
// creating servers (one per test) stays fast.
//
// INFERRED: one key for all the connections of the process; Stytch does not
// say whether its signing keys are per connection, and nothing in the API
// can tell.
var stytchSigningKey = sync.OnceValues(func() (*rsa.PrivateKey, error) {
	return rsa.GenerateKey(rand.Reader, 2048)
})

// newSigningCertificate makes a self-signed certificate of key, issued by
// "Stytch", valid from now for ten years.
func newSigningCertificate(key *rsa.PrivateKey, now time.Time) (x509Certificate, error) {
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		return x509Certificate{}, err
	}
	name := pkix.Name{CommonName: signingIssuer, Organization: []string{signingIssuer}}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               name,
		Issuer:                name,
		NotBefore:             now,
		NotAfter:              now.AddDate(signingValidityYears, 0, 0),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return x509Certificate{}, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return x509Certificate{}, err
	}
	return certificateEntry(cert), nil
}

// certificateEntry returns the x509Certificate entry of cert with a new id:
// the certificate in PEM, its issuer, and its validity as created_at and
// expires_at.
//
// INFERRED: the PEM is re-encoded (64-character lines, one trailing newline)
// whatever the line breaks sent; issuer is the issuer's common name, or the
// whole issuer name when it has none; created_at is the certificate's
// NotBefore, and updated_at the same, as a certificate never changes
// (DESIGN.md, "Inferred SSO connections").
func certificateEntry(cert *x509.Certificate) x509Certificate {
	issuer := cert.Issuer.CommonName
	if issuer == "" {
		issuer = cert.Issuer.String()
	}
	created := cert.NotBefore.UTC().Format(time.RFC3339)
	return x509Certificate{
		CertificateID: "certificate-test-" + newUUID(),
		Certificate:   string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw})),
		Issuer:        issuer,
		CreatedAt:     created,
		ExpiresAt:     cert.NotAfter.UTC().Format(time.RFC3339),
		UpdatedAt:     created,
	}
}

// parseCertificatePEM parses one PEM "CERTIFICATE" block holding an X.509
// certificate, with nothing else but white space around it.
func parseCertificatePEM(s string) (*x509.Certificate, bool) {
	block, rest := pem.Decode([]byte(strings.TrimSpace(s)))
	if block == nil || block.Type != "CERTIFICATE" || len(bytes.TrimSpace(rest)) > 0 {
		return nil, false
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return nil, false
	}
	return cert, true
}

// keyProblem tells why a private key was refused.
type keyProblem int

const (
	keyOK          keyProblem = iota
	keyInvalid                // not PEM, or a PKCS #1 block that does not parse
	keyWrongFormat            // PEM, but not PKCS #1 ("RSA PRIVATE KEY")
)

// parseRSAPrivateKeyPEM parses a PKCS #1 RSA private key in PEM
// ("-----BEGIN RSA PRIVATE KEY-----"), the only format Stytch accepts.
func parseRSAPrivateKeyPEM(s string) (*rsa.PrivateKey, keyProblem) {
	block, rest := pem.Decode([]byte(strings.TrimSpace(s)))
	if block == nil || len(bytes.TrimSpace(rest)) > 0 {
		return nil, keyInvalid
	}
	if block.Type != "RSA PRIVATE KEY" {
		return nil, keyWrongFormat
	}
	key, err := x509.ParsePKCS1PrivateKey(block.Bytes)
	if err != nil {
		return nil, keyInvalid
	}
	return key, keyOK
}
