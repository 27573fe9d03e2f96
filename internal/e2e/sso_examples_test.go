package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/platformkit/terraform-provider-stytch/internal/emulator"
)

// TestSSODocumentationExamples runs the examples of the SSO and member resources the way
// TestDocumentationExamples runs the organization's: each resource example
// applies against a fresh emulator and plans empty; then every import command
// of its import.sh, its import block and its import block by identity
// (Terraform 1.12 and later) bring the resource back into state, with the
// example's placeholder ids replaced by the ones Stytch assigned.
func TestSSODocumentationExamples(t *testing.T) {
	examples := []struct {
		dir, address string
		// env the example needs; writeOnly marks an example that uses
		// write-only arguments and ephemeral variables (Terraform 1.11+).
		env       []string
		writeOnly bool
		// secretsNotImported: the resource has a secret Stytch cannot give
		// back, so the plan after an import updates it in place.
		secretsNotImported bool
		// dataSources are the data source examples that read what the
		// resource example created.
		dataSources []string
	}{
		{dir: "stytch_b2b_saml_connection", address: "stytch_b2b_saml_connection.okta"},
		{dir: "stytch_b2b_oidc_connection", address: "stytch_b2b_oidc_connection.okta", env: []string{"TF_VAR_okta_client_secret=example-client-secret"}, writeOnly: true, secretsNotImported: true},
		{dir: "stytch_b2b_external_connection", address: "stytch_b2b_external_connection.parent_okta"},
		{dir: "stytch_b2b_organization_sso_settings", address: "stytch_b2b_organization_sso_settings.acme"},
		{dir: "stytch_b2b_member", address: "stytch_b2b_member.admin", dataSources: []string{"stytch_b2b_member", "stytch_b2b_members"}},
	}
	for _, ex := range examples {
		t.Run(ex.dir, func(t *testing.T) {
			if c := theCLI(t); ex.writeOnly && !c.AtLeast([3]int{1, 11, 0}) {
				t.Skipf("%s has no write-only arguments or ephemeral variables (Terraform 1.11 and OpenTofu 1.11 added them), which this example uses", c.Line)
			}
			emu, url := startEmulator(t, emulator.Faults{})
			ws := newWorkspace(t, url, ex.env...)
			copyExample(t, ws, "provider/provider.tf", "provider.tf")
			copyExample(t, ws, filepath.Join("resources", ex.dir, "resource.tf"), "resource.tf")
			ws.mustRun("apply", "-auto-approve", "-input=false", "-no-color")
			ws.mustRun("plan", "-detailed-exitcode", "-input=false", "-no-color")
			values := ws.resourceValues(ex.address)
			for _, ds := range ex.dataSources {
				copyExample(t, ws, filepath.Join("data-sources", ds, "data-source.tf"), "ds-"+ds+".tf")
			}
			if len(ex.dataSources) > 0 {
				ws.mustRun("apply", "-auto-approve", "-input=false", "-no-color")
				ws.mustRun("plan", "-detailed-exitcode", "-input=false", "-no-color")
			}

			planAfterImport := func(how string) {
				t.Helper()
				r := ws.run("plan", "-detailed-exitcode", "-input=false", "-no-color")
				if r.Code == 0 || (ex.secretsNotImported && r.Code == 2) {
					return
				}
				t.Fatalf("plan after %s exited %d\n%s\n%s", how, r.Code, tail(r.Stdout), r.Stderr)
			}

			script := copyExample(t, ws, filepath.Join("resources", ex.dir, "import.sh"), "import.sh")
			imports := 0
			for _, line := range strings.Split(script, "\n") {
				fields := strings.Fields(line)
				if len(fields) != 4 || fields[0] != "terraform" || fields[1] != "import" {
					continue
				}
				if fields[2] != ex.address {
					t.Fatalf("import.sh imports %s, the example declares %s", fields[2], ex.address)
				}
				ws.mustRun("state", "rm", "-no-color", fields[2])
				ws.mustRun("import", "-input=false", "-no-color", fields[2], realImportID(fields[3], values))
				planAfterImport("terraform import " + fields[3])
				imports++
			}
			if imports != 2 {
				t.Fatalf("import.sh has %d import commands, want 2 (by id and by slug)", imports)
			}

			block := copyExample(t, ws, filepath.Join("resources", ex.dir, "import-by-string-id.tf"), "import.tf")
			if err := ws.WriteFile("import.tf", importBlockID.ReplaceAllStringFunc(block, func(m string) string {
				id := importBlockID.FindStringSubmatch(m)[1]
				return fmt.Sprintf("id = %q", realImportID(id, values))
			})); err != nil {
				t.Fatal(err)
			}
			ws.mustRun("state", "rm", "-no-color", ex.address)
			ws.mustRun("apply", "-auto-approve", "-input=false", "-no-color")
			planAfterImport("the import block")
			if err := os.Remove(filepath.Join(ws.Dir, "import.tf")); err != nil {
				t.Fatal(err)
			}
			runImportByIdentityExample(t, "import by identity", ws, ex.dir, ex.address, values, ex.secretsNotImported, nil)
			ws.mustRun("destroy", "-auto-approve", "-input=false", "-no-color")
			if emu.Len() != 0 {
				t.Fatalf("%d organizations left after destroy", emu.Len())
			}
		})
	}
}

var importBlockID = regexp.MustCompile(`id\s*=\s*"([^"]+)"`)

// realImportID replaces the placeholder ids of an example import id (an
// organization id, and a connection or member id after a slash) with the real
// ones; slugs and email addresses stay as they are.
func realImportID(example string, values map[string]any) string {
	org, object, hasObject := strings.Cut(example, "/")
	if strings.HasPrefix(org, "organization-") {
		org = fmt.Sprint(values["organization_id"])
	}
	switch {
	case !hasObject:
		return org
	case strings.HasPrefix(object, "member-"):
		object = fmt.Sprint(values["member_id"])
	case !strings.Contains(object, "@"):
		object = fmt.Sprint(values["connection_id"])
	}
	return org + "/" + object
}

// resourceValues returns the state values of the resource at address.
func (w *workspace) resourceValues(address string) map[string]any {
	w.t.Helper()
	r := w.mustRun("show", "-json", "-no-color")
	var show struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Address string         `json:"address"`
					Values  map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(r.Stdout), &show); err != nil {
		w.t.Fatalf("terraform show -json: %v", err)
	}
	for _, res := range show.Values.RootModule.Resources {
		if res.Address == address {
			return res.Values
		}
	}
	w.t.Fatalf("%s is not in state", address)
	return nil
}
