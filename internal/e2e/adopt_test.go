package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/platformkit/terraform-provider-stytch/internal/emulator"
	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// seedOrganizations creates n organizations outside Terraform, with a spread
// of settings, as a project that predates Terraform would have them.
func seedOrganizations(t *testing.T, url string, n int) {
	t.Helper()
	client, err := stytch.New(stytch.Config{ProjectID: projectID, Secret: secret, BaseURL: url})
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		req := stytch.CreateRequest{
			OrganizationName: fmt.Sprintf("Existing Customer %d", i),
			OrganizationSlug: fmt.Sprintf("existing-%02d", i),
		}
		switch i % 4 {
		case 1:
			req.AuthMethods = "RESTRICTED"
			req.AllowedAuthMethods = []string{"sso", "magic_link"}
			req.EmailAllowedDomains = []string{fmt.Sprintf("customer%d.example.com", i)}
			req.EmailJITProvisioning = "RESTRICTED"
			req.RBACEmailImplicitRoleAssignments = []stytch.RoleAssignment{{Domain: fmt.Sprintf("customer%d.example.com", i), RoleID: "stytch_member"}}
		case 2:
			req.TrustedMetadata = map[string]json.RawMessage{"plan": json.RawMessage(`"enterprise"`), "seats": json.RawMessage(`120`)}
			req.OrganizationExternalID = fmt.Sprintf("crm|%d", i)
			req.OrganizationLogoURL = "https://cdn.example.com/logo.png"
		case 3:
			req.OrganizationSlug = fmt.Sprintf("existing.%02d~dotted", i) // needs a sanitized resource name
			req.MFAPolicy = "REQUIRED_FOR_ALL"
			req.MFAMethods = "RESTRICTED"
			req.AllowedMFAMethods = []string{"totp"}
			req.OAuthTenantJITProvisioning = "RESTRICTED"
			req.AllowedOAuthTenants = map[string][]string{"slack": {fmt.Sprintf("T%04d", i)}}
		}
		if _, err := client.CreateOrganization(context.Background(), req); err != nil {
			t.Fatalf("seeding organization %d: %v", i, err)
		}
	}
}

// TestAdoptExistingOrganizations follows docs/guides/adopting-existing-organizations.md
// step by step: discover every organization with the search data source,
// render import blocks, generate the configuration with
// -generate-config-out, import, and end with an empty plan. It is also the
// round trip test of configuration generation.
func TestAdoptExistingOrganizations(t *testing.T) {
	const n = 36
	emu, url := startEmulator(t, emulator.Faults{})
	seedOrganizations(t, url, n)
	ws := newWorkspace(t, url)
	discover, err := os.ReadFile(filepath.Join("..", "..", "examples", "guides", "adopt", "discover.tf"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(ws.Dir, "discover.tf"), discover, 0o600); err != nil {
		t.Fatal(err)
	}

	// Step 1: discover and render the import blocks.
	ws.mustRun("apply", "-auto-approve", "-input=false", "-no-color")
	if got := strings.TrimSpace(ws.mustRun("output", "-raw", "organization_count").Stdout); got != fmt.Sprint(n) {
		t.Fatalf("discovered %s organizations, want %d", got, n)
	}
	blocks := ws.mustRun("output", "-raw", "import_blocks").Stdout
	if err := os.WriteFile(filepath.Join(ws.Dir, "imports.tf"), []byte(blocks), 0o600); err != nil {
		t.Fatal(err)
	}

	// Step 2: generate the configuration of every organization.
	skipUnlessConfigGeneration(t)
	plan := ws.mustRun("plan", "-input=false", "-no-color", "-generate-config-out=generated.tf")
	if !strings.Contains(plan.Stdout, fmt.Sprintf("%d to import", n)) {
		t.Fatalf("plan does not import %d organizations:\n%s", n, tail(plan.Stdout))
	}
	if strings.Contains(plan.Stdout, "to add") && !strings.Contains(plan.Stdout, "0 to add, 0 to change, 0 to destroy") {
		t.Fatalf("the generated configuration would change organizations:\n%s", tail(plan.Stdout))
	}
	generated, err := os.ReadFile(filepath.Join(ws.Dir, "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	if c := strings.Count(string(generated), `resource "stytch_b2b_organization"`); c != n {
		t.Fatalf("generated.tf has %d resources, want %d", c, n)
	}

	// Step 3: import, then nothing is left to change.
	ws.mustRun("apply", "-auto-approve", "-input=false", "-no-color")
	ws.mustRun("plan", "-detailed-exitcode", "-input=false", "-no-color")
	if got := len(ws.stateOrganizations()); got != n {
		t.Fatalf("%d organizations in state, want %d", got, n)
	}
	// Adoption changed nothing in Stytch: no update, no delete.
	stats := emu.Stats()
	for _, route := range []string{"PUT /v1/b2b/organizations/{organization_id}", "DELETE /v1/b2b/organizations/{organization_id}"} {
		if stats.Requests[route] != 0 {
			t.Errorf("adoption made %d %s requests", stats.Requests[route], route)
		}
	}
	if emu.Len() != n {
		t.Errorf("%d organizations held after adoption, want %d", emu.Len(), n)
	}
	t.Logf("adopted %d organizations; requests %v", n, stats.Requests)
}
