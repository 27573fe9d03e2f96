package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/platformkit/terraform-provider-stytch/internal/emulator"
)

// TestProviderLogFollowsTerraformLevel checks that the provider's log still
// reaches the user at the level they ask Terraform for, now that main.go
// turns off the log lines Terraform would throw away. TF_LOG_PROVIDER=DEBUG
// alone (TF_LOG unset) must show the provider's and the framework's DEBUG
// lines and none of their TRACE lines.
func TestProviderLogFollowsTerraformLevel(t *testing.T) {
	_, url := startEmulator(t, emulator.Faults{})
	logPath := filepath.Join(t.TempDir(), "terraform.log")
	ws := newWorkspace(t, url, "TF_LOG=", "TF_LOG_PROVIDER=DEBUG", "TF_LOG_PATH="+logPath,
		"TF_LOG_SDK=", "TF_LOG_SDK_PROTO=", "TF_LOG_SDK_FRAMEWORK=", "TF_LOG_PROVIDER_STYTCH=")
	ws.write(`
resource "stytch_b2b_organization" "logged" {
  organization_name = "Logged"
  organization_slug = "logged"
}
`)
	ws.mustRun("apply", "-auto-approve", "-input=false", "-no-color")
	ws.mustRun("destroy", "-auto-approve", "-input=false", "-no-color")
	data, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	log := string(data)
	for _, want := range []string{
		"Stytch API call",       // this provider's DEBUG line per call
		"@module=sdk.framework", // the framework's DEBUG lines
	} {
		if !strings.Contains(log, want) {
			t.Errorf("the TF_LOG_PROVIDER=DEBUG log has no %q line", want)
		}
	}
	if strings.Contains(log, "Stytch API call bodies") {
		t.Errorf("the DEBUG log has TRACE body lines")
	}
}
