package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// identityCLI skips a test on CLIs without resource identity, which
// Terraform and OpenTofu added in 1.12.
func identityCLI(t *testing.T) {
	t.Helper()
	if c := theCLI(t); !c.AtLeast([3]int{1, 12, 0}) {
		t.Skipf("%s has no resource identity (Terraform 1.12 and OpenTofu 1.12 added it), so it cannot import by identity", c.Line)
	}
}

// identityValue is one name = "value" line of an import block's identity.
var identityValue = regexp.MustCompile(`(?m)^(\s*)(\w+)(\s*)=(\s*)"[^"]*"`)

// runImportByIdentityExample runs the import-by-identity.tf example of the
// resource at address, in a subtest that skips on CLIs without resource
// identity. The resource leaves state, the example's import block brings it
// back (the example's ids replaced by the ones Stytch assigned: each identity
// attribute is named like the resource's own), the plan with the block still
// in place is empty (or, with changesAfterImport, has only changes), and the
// identity in state holds the ids. overrides replaces identity values after
// that, such as the organization's slug: Terraform must still record the id.
// name names the subtest.
func runImportByIdentityExample(t *testing.T, name string, parent *workspace, dir, address string, values map[string]any,
	changesAfterImport bool, overrides map[string]string,
) {
	t.Run(name, func(t *testing.T) {
		identityCLI(t)
		ws := &workspace{t: t, Workspace: parent.Workspace}
		example := copyExample(t, ws, filepath.Join("resources", dir, "import-by-identity.tf"), "import.tf")
		want := map[string]any{}
		block := identityValue.ReplaceAllStringFunc(example, func(m string) string {
			g := identityValue.FindStringSubmatch(m)
			v, ok := values[g[2]]
			if !ok {
				t.Fatalf("import-by-identity.tf sets %s, which %s does not have", g[2], address)
			}
			want[g[2]] = v
			if o, ok := overrides[g[2]]; ok {
				v = o
			}
			return fmt.Sprintf("%s%s%s=%s%q", g[1], g[2], g[3], g[4], fmt.Sprint(v))
		})
		if want["organization_id"] == nil {
			t.Fatalf("import-by-identity.tf gives no organization_id:\n%s", example)
		}
		if err := ws.WriteFile("import.tf", block); err != nil {
			t.Fatal(err)
		}
		ws.mustRun("state", "rm", "-no-color", address)
		ws.mustRun("apply", "-auto-approve", "-input=false", "-no-color")
		if r := ws.run("plan", "-detailed-exitcode", "-input=false", "-no-color"); r.Code != 0 && (!changesAfterImport || r.Code != 2) {
			t.Fatalf("plan after the import block exited %d\n%s\n%s", r.Code, tail(r.Stdout), r.Stderr)
		}
		if err := os.Remove(filepath.Join(ws.Dir, "import.tf")); err != nil {
			t.Fatal(err)
		}
		got := ws.resourceIdentity(address)
		for name, v := range want {
			if fmt.Sprint(got[name]) != fmt.Sprint(v) {
				t.Errorf("after the import, the identity of %s is %v, want %s = %v", address, got, name, v)
			}
		}
		if len(got) != len(want) {
			t.Errorf("after the import, the identity of %s is %v, want %v", address, got, want)
		}
	})
}

// resourceIdentity returns the identity Terraform holds for the resource at
// address.
func (w *workspace) resourceIdentity(address string) map[string]any {
	w.t.Helper()
	r := w.mustRun("show", "-json", "-no-color")
	var show struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Address  string         `json:"address"`
					Identity map[string]any `json:"identity"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(r.Stdout), &show); err != nil {
		w.t.Fatalf("terraform show -json: %v", err)
	}
	for _, res := range show.Values.RootModule.Resources {
		if res.Address == address {
			return res.Identity
		}
	}
	w.t.Fatalf("%s is not in state", address)
	return nil
}
