package e2e

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/platformkit/terraform-provider-stytch/internal/emulator"
)

// TestSecretNeverLeaks runs apply, plan and destroy with TF_LOG=TRACE and
// checks that neither the secret nor its Basic-auth form appears in the log,
// the state or `terraform show -json`. The secret is given in the provider
// block (the worst case), not only in the environment.
func TestSecretNeverLeaks(t *testing.T) {
	_, url := startEmulator(t, emulator.Faults{})
	logPath := filepath.Join(t.TempDir(), "terraform.log")
	ws := newWorkspace(t, url, "TF_LOG=TRACE", "TF_LOG_PATH="+logPath)
	ws.write(`
variable "stytch_secret" {
  type      = string
  sensitive = true
}

provider "stytch" {
  secret = var.stytch_secret
}

resource "stytch_b2b_organization" "secret_test" {
  organization_name = "Secret Test"
  organization_slug = "secret-test"
  trusted_metadata  = jsonencode({ customer_note = "metadata-value-7731" })
}
`)
	ws.Env = append(ws.Env, "TF_VAR_stytch_secret="+secret)
	ws.mustRun("apply", "-auto-approve", "-input=false", "-no-color")
	ws.mustRun("plan", "-input=false", "-no-color")
	show := ws.mustRun("show", "-json", "-no-color")
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
	if !strings.Contains(log, "Stytch API call") {
		t.Fatalf("the TRACE log has no provider API lines; the check would prove nothing")
	}
	basic := base64.StdEncoding.EncodeToString([]byte(projectID + ":" + secret))
	for name, text := range map[string]string{"log": log, "state": string(state), "show -json": show.Stdout} {
		for _, leak := range []string{secret, basic} {
			if strings.Contains(text, leak) {
				t.Errorf("the %s contains the secret (%q…)", name, leak[:8])
			}
		}
	}
	// Metadata values are masked in TRACE bodies, yet the bodies are logged.
	if !strings.Contains(log, "request_body") {
		t.Errorf("TRACE log has no request bodies")
	}
	for _, line := range strings.Split(log, "\n") {
		if strings.Contains(line, "Stytch API call bodies") && strings.Contains(line, "metadata-value-7731") {
			t.Errorf("a TRACE body line shows a trusted_metadata value: %.200s", line)
		}
	}
	t.Logf("checked %d bytes of TRACE log, %d bytes of state", len(log), len(state))
}
