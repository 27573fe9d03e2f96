package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/platformkit/terraform-provider-stytch/internal/emulator"
)

// copyExample copies examples/<rel> into the workspace under the name as.
func copyExample(t *testing.T, ws *workspace, rel, as string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "examples", rel))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(ws.Dir, as), data, 0o600); err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestDocumentationExamples runs every example that the documentation shows
// (provider, resource, both data sources, the three import forms) against the
// emulator, so that none of them can rot: each applies, and plans empty after.
func TestDocumentationExamples(t *testing.T) {
	emu, url := startEmulator(t, emulator.Faults{})
	ws := newWorkspace(t, url)
	copyExample(t, ws, "provider/provider.tf", "provider.tf")
	copyExample(t, ws, "resources/stytch_b2b_organization/resource.tf", "resource.tf")
	ws.mustRun("apply", "-auto-approve", "-input=false", "-no-color")
	ws.mustRun("plan", "-detailed-exitcode", "-input=false", "-no-color")
	orgs := ws.stateOrganizations()
	if len(orgs) != 1 {
		t.Fatalf("resource example: %d organizations in state", len(orgs))
	}
	var id string
	for k := range orgs {
		id = k
	}

	// The data source examples read the organization of the resource example.
	copyExample(t, ws, "data-sources/stytch_b2b_organization/data-source.tf", "ds-one.tf")
	copyExample(t, ws, "data-sources/stytch_b2b_organizations/data-source.tf", "ds-many.tf")
	ws.mustRun("apply", "-auto-approve", "-input=false", "-no-color")
	if got := strings.TrimSpace(ws.mustRun("output", "-raw", "acme_organization_id").Stdout); got != id {
		t.Errorf("data source example found %q, want %q", got, id)
	}
	if got := strings.TrimSpace(ws.mustRun("output", "-raw", "named_acme_count").Stdout); got != "1" {
		t.Errorf("search example counted %s organizations, want 1", got)
	}
	ws.mustRun("plan", "-detailed-exitcode", "-input=false", "-no-color")

	// import.sh: by organization id, then by slug.
	script := copyExample(t, ws, "resources/stytch_b2b_organization/import.sh", "import.sh")
	imports := 0
	for _, line := range strings.Split(script, "\n") {
		fields := strings.Fields(line)
		if len(fields) != 4 || fields[0] != "terraform" || fields[1] != "import" {
			continue
		}
		if strings.HasPrefix(fields[3], "organization-") {
			fields[3] = id // the example's id belongs to another project
		}
		ws.mustRun("state", "rm", "-no-color", fields[2])
		ws.mustRun("import", "-input=false", "-no-color", fields[2], fields[3])
		ws.mustRun("plan", "-detailed-exitcode", "-input=false", "-no-color")
		imports++
	}
	if imports != 2 {
		t.Fatalf("import.sh has %d import commands, want 2", imports)
	}

	// import-by-string-id.tf: an import block.
	ws.mustRun("state", "rm", "-no-color", "stytch_b2b_organization.acme")
	copyExample(t, ws, "resources/stytch_b2b_organization/import-by-string-id.tf", "import.tf")
	ws.mustRun("apply", "-auto-approve", "-input=false", "-no-color")
	ws.mustRun("plan", "-detailed-exitcode", "-input=false", "-no-color")
	if got := ws.stateOrganizations(); len(got) != 1 || got[id] != "acme" {
		t.Fatalf("after the import block, state holds %v", got)
	}
	if err := os.Remove(filepath.Join(ws.Dir, "import.tf")); err != nil {
		t.Fatal(err)
	}

	// import-by-identity.tf (Terraform 1.12 and later): by the id, and with
	// the slug in its place, for which Terraform records the id.
	values := ws.resourceValues("stytch_b2b_organization.acme")
	runImportByIdentityExample(t, "import by identity", ws, "stytch_b2b_organization", "stytch_b2b_organization.acme", values, false, nil)
	runImportByIdentityExample(t, "import by identity with the slug", ws, "stytch_b2b_organization", "stytch_b2b_organization.acme", values, false,
		map[string]string{"organization_id": "acme"})
	ws.mustRun("destroy", "-auto-approve", "-input=false", "-no-color")
	if emu.Len() != 0 {
		t.Fatalf("%d organizations left after destroy", emu.Len())
	}
}
