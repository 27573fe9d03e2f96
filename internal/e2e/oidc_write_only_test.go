package e2e

import (
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/platformkit/terraform-provider-stytch/internal/emulator"
	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// oidcWriteOnlyConfig is an organization and an OIDC connection whose client
// secret comes from an ephemeral variable through client_secret_wo, as the
// documentation's example has it. Without the endpoint URLs the connection
// stays pending.
func oidcWriteOnlyConfig(version int, withURLs bool) string {
	urls := ""
	if withURLs {
		urls = `
  authorization_url = "https://idp.example.com/authorize"
  token_url         = "https://idp.example.com/token"
  userinfo_url      = "https://idp.example.com/userinfo"
  jwks_url          = "https://idp.example.com/jwks"`
	}
	return fmt.Sprintf(`
variable "oidc_client_secret" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "stytch_b2b_organization" "acme" {
  organization_name = "Write-only"
  organization_slug = "write-only"
}

resource "stytch_b2b_oidc_connection" "okta" {
  organization_id          = stytch_b2b_organization.acme.organization_id
  display_name             = "Okta"
  client_id                = "client-e2e"
  client_secret_wo         = var.oidc_client_secret
  client_secret_wo_version = %d
  issuer                   = "https://idp.example.com/"%s
}
`, version, urls)
}

// TestOIDCWriteOnlySecretNeverStored applies an OIDC connection whose secret
// is given as client_secret_wo, with TF_LOG=TRACE, and checks that neither
// secret it is given appears in the state, in `show -json` of a saved plan,
// of the state, or in the log, while Stytch (the emulator) receives each one:
// the first on create, the second when client_secret_wo_version is bumped.
func TestOIDCWriteOnlySecretNeverStored(t *testing.T) {
	if c := theCLI(t); !c.AtLeast([3]int{1, 11, 0}) {
		t.Skipf("%s has no write-only arguments (Terraform 1.11 and OpenTofu 1.11 added them), so client_secret_wo cannot be set", c.Line)
	}
	emu, url := startEmulator(t, emulator.Faults{})
	client, err := stytch.New(stytch.Config{ProjectID: projectID, Secret: secret, BaseURL: url})
	if err != nil {
		t.Fatal(err)
	}
	logPath := filepath.Join(t.TempDir(), "terraform.log")
	ws := newWorkspace(t, url, "TF_LOG=TRACE", "TF_LOG_PATH="+logPath)
	first, second := "oidc-first-"+rand.Text(), "oidc-second-"+rand.Text()
	var shown []string // show -json outputs of saved plans and of the state

	// planAndApply saves a plan, keeps its JSON form, and applies it. An
	// ephemeral variable is not saved in the plan, so apply gets it again
	// from the environment.
	planAndApply := func(secretValue string) string {
		ws.Env = append(ws.Env, "TF_VAR_oidc_client_secret="+secretValue)
		ws.mustRun("plan", "-input=false", "-no-color", "-out=tfplan")
		shown = append(shown, ws.mustRun("show", "-json", "-no-color", "tfplan").Stdout)
		return ws.mustRun("apply", "-input=false", "-no-color", "tfplan").Stdout
	}
	connection := func() *stytch.OIDCConnection {
		t.Helper()
		orgs := emu.Organizations()
		if len(orgs) != 1 {
			t.Fatalf("the emulator holds %d organizations, want 1", len(orgs))
		}
		conns, err := client.ListSSOConnections(context.Background(), orgs[0].OrganizationID)
		if err != nil {
			t.Fatal(err)
		}
		if len(conns.OIDCConnections) != 1 {
			t.Fatalf("the organization has %d OIDC connections, want 1", len(conns.OIDCConnections))
		}
		return &conns.OIDCConnections[0]
	}

	// Create without endpoint URLs: Stytch's discovery warning, a pending
	// connection that already holds the secret.
	ws.write(oidcWriteOnlyConfig(1, false))
	out := planAndApply(first)
	if !strings.Contains(out, "OIDC Discovery Document Not Read") {
		t.Errorf("apply shows no discovery warning:\n%s", tail(out))
	}
	if c := connection(); c.ClientSecret != first || c.Status != "pending" {
		t.Fatalf("after create Stytch holds secret %q… with status %q, want the first secret, pending", c.ClientSecret[:min(len(c.ClientSecret), 12)], c.Status)
	}

	// The URLs make it active; the secret is not sent again.
	ws.write(oidcWriteOnlyConfig(1, true))
	planAndApply(first)
	if c := connection(); c.Status != "active" || c.ClientSecret != first {
		t.Fatalf("after setting the URLs Stytch holds status %q and the first secret: %t", c.Status, c.ClientSecret == first)
	}

	// A new version sends the new secret.
	ws.write(oidcWriteOnlyConfig(2, true))
	planAndApply(second)
	if c := connection(); c.ClientSecret != second {
		t.Fatalf("after bumping client_secret_wo_version Stytch does not hold the second secret")
	}
	ws.mustRun("plan", "-detailed-exitcode", "-input=false", "-no-color")
	shown = append(shown, ws.mustRun("show", "-json", "-no-color").Stdout)

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
	// The check proves something only if the log has the provider's request
	// bodies, with the secret sent (masked), and the state has the connection.
	if !strings.Contains(log, "Stytch API call bodies") || !strings.Contains(log, `\"client_secret\":\"***\"`) {
		t.Fatalf("the TRACE log has no request body sending the client secret; the check would prove nothing")
	}
	if !strings.Contains(string(state), "client_secret_wo_version") {
		t.Fatalf("the state has no OIDC connection; the check would prove nothing")
	}
	texts := map[string]string{"state file": string(state), "TRACE log": log}
	for i, s := range shown {
		texts[fmt.Sprintf("show -json #%d", i+1)] = s
	}
	for name, text := range texts {
		for label, value := range map[string]string{"first": first, "second": second} {
			if strings.Contains(text, value) {
				t.Errorf("the %s contains the %s client secret", name, label)
			}
		}
	}
	t.Logf("checked %d bytes of TRACE log, %d bytes of state, %d show -json outputs", len(log), len(state), len(shown))
}
