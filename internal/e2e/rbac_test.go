package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/platformkit/terraform-provider-stytch/internal/emulator"
	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// TestRBACDocumentationExample runs the example of
// stytch_b2b_organization_rbac_policy the way TestSSODocumentationExamples
// runs the SSO ones: it applies against a fresh emulator with the member
// that takes a role from it, plans empty, and Stytch holds the roles and the
// member's role; every import command of import.sh, the import block and
// the import block by identity (Terraform 1.12 and later) bring the policy
// back into state with an empty plan after; another workspace generates the
// policy's configuration from an import block, which applies and plans
// empty; destroy removes the member, the roles and the organization.
func TestRBACDocumentationExample(t *testing.T) {
	const dir, address = "stytch_b2b_organization_rbac_policy", "stytch_b2b_organization_rbac_policy.acme"
	emu, url := startEmulator(t, emulator.Faults{})
	client, err := stytch.New(stytch.Config{ProjectID: projectID, Secret: secret, BaseURL: url})
	if err != nil {
		t.Fatal(err)
	}
	ws := newWorkspace(t, url)
	copyExample(t, ws, "provider/provider.tf", "provider.tf")
	copyExample(t, ws, filepath.Join("resources", dir, "resource.tf"), "resource.tf")
	ws.mustRun("apply", "-auto-approve", "-input=false", "-no-color")
	ws.mustRun("plan", "-detailed-exitcode", "-input=false", "-no-color")
	values := ws.resourceValues(address)
	orgID := fmt.Sprint(values["organization_id"])

	expectRoles := func(want ...string) {
		t.Helper()
		policy, err := client.GetOrganizationRBACPolicy(context.Background(), orgID)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range policy.Roles {
			got = append(got, r.RoleID)
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Fatalf("Stytch holds the custom roles %v, want %v", got, want)
		}
	}
	expectRoles("member-manager", "sso-admin")
	member := ws.resourceValues("stytch_b2b_member.it_lead")
	m, err := client.GetMember(context.Background(), orgID, fmt.Sprint(member["member_id"]))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(m.Roles, func(r stytch.MemberRole) bool { return r.RoleID == "sso-admin" }) {
		t.Fatalf("the example's member has the roles %+v, want sso-admin among them", m.Roles)
	}

	planAfterImport := func(how string) {
		t.Helper()
		if r := ws.run("plan", "-detailed-exitcode", "-input=false", "-no-color"); r.Code != 0 {
			t.Fatalf("plan after %s exited %d\n%s\n%s", how, r.Code, tail(r.Stdout), r.Stderr)
		}
	}
	script := copyExample(t, ws, filepath.Join("resources", dir, "import.sh"), "import.sh")
	imports := 0
	for _, line := range strings.Split(script, "\n") {
		fields := strings.Fields(line)
		if len(fields) != 4 || fields[0] != "terraform" || fields[1] != "import" {
			continue
		}
		if fields[2] != address {
			t.Fatalf("import.sh imports %s, the example declares %s", fields[2], address)
		}
		ws.mustRun("state", "rm", "-no-color", fields[2])
		ws.mustRun("import", "-input=false", "-no-color", fields[2], realImportID(fields[3], values))
		planAfterImport("terraform import " + fields[3])
		imports++
	}
	if imports != 2 {
		t.Fatalf("import.sh has %d import commands, want 2 (by id and by slug)", imports)
	}

	block := copyExample(t, ws, filepath.Join("resources", dir, "import-by-string-id.tf"), "import.tf")
	if err := ws.WriteFile("import.tf", importBlockID.ReplaceAllStringFunc(block, func(m string) string {
		return fmt.Sprintf("id = %q", realImportID(importBlockID.FindStringSubmatch(m)[1], values))
	})); err != nil {
		t.Fatal(err)
	}
	ws.mustRun("state", "rm", "-no-color", address)
	ws.mustRun("apply", "-auto-approve", "-input=false", "-no-color")
	planAfterImport("the import block")
	if err := os.Remove(filepath.Join(ws.Dir, "import.tf")); err != nil {
		t.Fatal(err)
	}
	runImportByIdentityExample(t, "import by identity", ws, dir, address, values, false, nil)

	// Configuration generation, in a workspace of its own whose only
	// configuration is the import block. The policy has no read-only nested
	// attributes, so every supported CLI generates it (unlike the
	// organization, see skipUnlessConfigGeneration).
	t.Run("generated configuration", func(t *testing.T) {
		gen := newWorkspace(t, url)
		copyExample(t, gen, "provider/provider.tf", "provider.tf")
		copyExample(t, gen, filepath.Join("resources", dir, "import-by-string-id.tf"), "import.tf")
		gen.mustRun("plan", "-generate-config-out=generated.tf", "-input=false", "-no-color")
		generated, err := os.ReadFile(filepath.Join(gen.Dir, "generated.tf"))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{`"member-manager"`, `"sso-admin"`, `"stytch.member"`, `"update.info.name"`, orgID} {
			if !strings.Contains(string(generated), want) {
				t.Errorf("the generated configuration lacks %s:\n%s", want, generated)
			}
		}
		gen.mustRun("apply", "-auto-approve", "-input=false", "-no-color")
		if r := gen.run("plan", "-detailed-exitcode", "-input=false", "-no-color"); r.Code != 0 {
			t.Fatalf("plan of the generated configuration exited %d\n%s\n%s", r.Code, tail(r.Stdout), r.Stderr)
		}
		// Hand the roles back to the first workspace.
		gen.mustRun("state", "rm", "-no-color", address)
	})

	ws.mustRun("destroy", "-auto-approve", "-input=false", "-no-color")
	if emu.Len() != 0 {
		t.Fatalf("%d organizations left after destroy", emu.Len())
	}
}
