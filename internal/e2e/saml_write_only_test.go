package e2e

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/platformkit/terraform-provider-stytch/internal/emulator"
	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
	"github.com/platformkit/terraform-provider-stytch/internal/tfcli"
)

// writeOnlyCLIVersion is the first Terraform and the first OpenTofu release
// with write-only arguments.
var writeOnlyCLIVersion = [3]int{1, 11, 0}

// TestSAMLWriteOnlyKeyNeverLeaks applies a SAML connection whose signing key
// is the write-only signing_private_key_wo, under TF_LOG=TRACE, and checks
// that the key reaches neither the state, nor a saved plan (terraform show
// -json), nor the log, in any encoding; then that a new key with a new
// signing_private_key_wo_version is sent to Stytch, which makes a signing
// certificate of it.
func TestSAMLWriteOnlyKeyNeverLeaks(t *testing.T) {
	cli := terraformPath(t)
	info, err := tfcli.Identify(cli)
	if err != nil {
		t.Fatal(err)
	}
	if !info.AtLeast(writeOnlyCLIVersion) {
		t.Skipf("%s has no write-only arguments (Terraform and OpenTofu have them from 1.11.0); "+
			"the write-only key cannot be tested with it", info.Line)
	}
	_, url := startEmulator(t, emulator.Faults{})
	logPath := filepath.Join(t.TempDir(), "terraform.log")
	ws := newWorkspace(t, url, "TF_LOG=TRACE", "TF_LOG_PATH="+logPath)
	// The key comes from an ephemeral variable, as it would in real use, so
	// that Terraform itself keeps it out of plan files; the version is an
	// ordinary one.
	ws.write(`
variable "signing_key" {
  type      = string
  sensitive = true
  ephemeral = true
}

variable "signing_key_version" {
  type = number
}

resource "stytch_b2b_organization" "wo" {
  organization_name = "Write-only"
  organization_slug = "write-only"
}

resource "stytch_b2b_saml_connection" "wo" {
  organization_id                = stytch_b2b_organization.wo.organization_id
  display_name                   = "Write-only key"
  signing_private_key_wo         = var.signing_key
  signing_private_key_wo_version = var.signing_key_version
}
`)
	key1, pem1 := newRSAKey(t)
	key2, pem2 := newRSAKey(t)
	env := ws.Env
	use := func(keyPEM, version string) {
		ws.Env = append(env[:len(env):len(env)], "TF_VAR_signing_key="+keyPEM, "TF_VAR_signing_key_version="+version)
	}

	use(pem1, "1")
	ws.mustRun("apply", "-auto-approve", "-input=false", "-no-color")
	client, err := stytch.New(stytch.Config{ProjectID: projectID, Secret: secret, BaseURL: url})
	if err != nil {
		t.Fatal(err)
	}
	conn := samlConnectionOf(t, ws, client)
	if !hasSigningCertificateOf(t, conn, key1) {
		t.Fatalf("after the first apply, Stytch has no signing certificate of the write-only key (%d signing certificates)", len(conn.SigningCertificates))
	}

	// A new key and a new version: the saved plan shows the update without the key.
	use(pem2, "2")
	ws.mustRun("plan", "-input=false", "-no-color", "-out=tfplan")
	show := ws.mustRun("show", "-json", "-no-color", "tfplan")
	if !strings.Contains(show.Stdout, `"signing_private_key_wo_version":2`) {
		t.Fatalf("the saved plan does not change signing_private_key_wo_version to 2; the checks below would prove little:\n%s", tail(show.Stdout))
	}
	ws.mustRun("apply", "-input=false", "-no-color", "tfplan")
	conn = samlConnectionOf(t, ws, client)
	if !hasSigningCertificateOf(t, conn, key2) {
		t.Errorf("after the version changed, Stytch has no signing certificate of the new key: it was not sent again")
	}
	if len(conn.SigningCertificates) != 3 {
		t.Errorf("Stytch has %d signing certificates, want 3 (its own and one per key sent)", len(conn.SigningCertificates))
	}
	ws.mustRun("plan", "-input=false", "-no-color", "-detailed-exitcode")

	state, err := os.ReadFile(filepath.Join(ws.Dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	ws.mustRun("destroy", "-auto-approve", "-input=false", "-no-color")
	logData, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	log := string(logData)
	// The checks only mean something if the key went through the logged calls.
	if !strings.Contains(log, `\"signing_private_key\":\"***\"`) && !strings.Contains(log, `"signing_private_key":"***"`) {
		t.Fatal("no TRACE body shows a masked signing_private_key: the log does not cover the calls that sent the key")
	}
	for name, text := range map[string]string{"state": string(state), "saved plan (show -json)": show.Stdout, "TRACE log": log} {
		for _, keyPEM := range []string{pem1, pem2} {
			for form, leak := range keyForms(keyPEM) {
				if strings.Contains(text, leak) {
					t.Errorf("the %s contains the write-only key (%s)", name, form)
				}
			}
		}
	}
	t.Logf("%s: checked %d bytes of TRACE log, %d of state, %d of saved plan", info.Line, len(log), len(state), len(show.Stdout))
}

// newRSAKey returns a fresh RSA key and its PKCS #1 PEM form.
func newRSAKey(t *testing.T) (*rsa.PrivateKey, string) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return key, string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}))
}

// keyForms are the ways a PEM key could show up in a file or a log: a line
// of its base64 body (in the PEM itself, or in JSON with its line breaks
// escaped), its body in one piece, and the whole PEM base64-encoded again.
func keyForms(keyPEM string) map[string]string {
	lines := strings.Split(strings.TrimSpace(keyPEM), "\n")
	body := strings.Join(lines[1:len(lines)-1], "")
	return map[string]string{
		"a line of its PEM body":      lines[3],
		"its base64 body in one line": body[100:164],
		"the PEM in base64":           base64.StdEncoding.EncodeToString([]byte(keyPEM))[40:104],
	}
}

// samlConnectionOf reads, through the API, the one SAML connection in state.
func samlConnectionOf(t *testing.T, ws *workspace, client *stytch.Client) *stytch.SAMLConnection {
	t.Helper()
	orgID := strings.TrimSpace(ws.mustRun("state", "show", "-no-color", "stytch_b2b_organization.wo").Stdout)
	orgID = attributeOf(t, orgID, "organization_id")
	connID := attributeOf(t, ws.mustRun("state", "show", "-no-color", "stytch_b2b_saml_connection.wo").Stdout, "connection_id")
	conns, err := client.ListSSOConnections(context.Background(), orgID)
	if err != nil {
		t.Fatal(err)
	}
	conn, ok := conns.SAML(connID)
	if !ok {
		t.Fatalf("SAML connection %s is not in Stytch", connID)
	}
	return conn
}

// attributeOf finds `name = "value"` in the output of terraform state show.
func attributeOf(t *testing.T, show, name string) string {
	t.Helper()
	for _, line := range strings.Split(show, "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), "=")
		if ok && strings.TrimSpace(k) == name {
			return strings.Trim(strings.TrimSpace(v), `"`)
		}
	}
	t.Fatalf("no %s in:\n%s", name, show)
	return ""
}

// hasSigningCertificateOf reports whether one of the connection's signing
// certificates certifies the public key of key.
func hasSigningCertificateOf(t *testing.T, conn *stytch.SAMLConnection, key *rsa.PrivateKey) bool {
	t.Helper()
	for _, c := range conn.SigningCertificates {
		block, _ := pem.Decode([]byte(c.Certificate))
		if block == nil {
			t.Fatalf("signing certificate %s is not PEM", c.CertificateID)
		}
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			t.Fatal(err)
		}
		if pub, ok := cert.PublicKey.(*rsa.PublicKey); ok && pub.Equal(&key.PublicKey) {
			return true
		}
	}
	return false
}
