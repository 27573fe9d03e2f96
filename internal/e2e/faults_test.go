package e2e

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/platformkit/terraform-provider-stytch/internal/emulator"
)

// manyOrganizations is a configuration of n organizations made with count.
func manyOrganizations(n int, prefix string) string {
	return fmt.Sprintf(`
resource "stytch_b2b_organization" "tenant" {
  count             = %d
  organization_name = "Tenant ${count.index}"
  organization_slug = "%s-${count.index}"
  trusted_metadata  = jsonencode({ index = count.index })
}
`, n, prefix)
}

// importCommand matches the import command that an ambiguous create prints.
var importCommand = regexp.MustCompile(`terraform import ADDRESS (organization-test-[0-9a-f-]+)`)

// TestFaultyApplyLosesNothing applies 50 organizations while the API fails 10%
// of requests (500/503), throttles 10% (429) and drops 3% of connections after
// doing the work. Afterwards every organization the API holds must be in state
// or named, with its import command, in an error; no slug may be duplicated;
// and after following the error's advice a second apply converges to an empty
// plan.
func TestFaultyApplyLosesNothing(t *testing.T) {
	emu, url := startEmulator(t, emulator.Faults{FailRate: 0.10, ThrottleRate: 0.10, DropRate: 0.03, Seed: 20261126})
	ws := newWorkspace(t, url, "STYTCH_MAX_RETRIES=8")
	ws.write(manyOrganizations(50, "faulty"))

	first := ws.run("apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=10")
	stats := emu.Stats()
	inState := ws.stateOrganizations()

	named := map[string]bool{}
	for _, m := range importCommand.FindAllStringSubmatch(first.Stderr, -1) {
		named[m[1]] = true
	}
	slugs := map[string]int{}
	for _, org := range emu.Organizations() {
		slugs[org.OrganizationSlug]++
		_, tracked := inState[org.OrganizationID]
		if !tracked && !named[org.OrganizationID] {
			t.Errorf("organization %s (%s) exists in Stytch but is neither in state nor named in an error", org.OrganizationID, org.OrganizationSlug)
		}
	}
	for slug, n := range slugs {
		if n > 1 {
			t.Errorf("slug %s exists %d times", slug, n)
		}
	}
	retries := 0
	for route, n := range stats.Requests {
		if strings.HasPrefix(route, "POST /v1/b2b/organizations") && !strings.HasSuffix(route, "search") {
			retries += n - 50 // 50 creates were needed; the rest were repeats
		}
	}
	t.Logf("first apply: exit %d, %d organizations in Stytch, %d in state, %d named in errors; faults %v; requests %v; create repeats %d",
		first.Code, emu.Len(), len(inState), len(named), stats.Faults, stats.Requests, retries)
	if first.Code != 0 && len(named) == 0 && !strings.Contains(first.Stderr, "Error") {
		t.Fatalf("apply failed without an error message:\n%s", first.Stderr)
	}

	// The user follows the advice: import each named organization, then apply.
	for i, id := range sortedKeys(named) {
		slug := ""
		for _, org := range emu.Organizations() {
			if org.OrganizationID == id {
				slug = org.OrganizationSlug
			}
		}
		var index int
		if _, err := fmt.Sscanf(slug, "faulty-%d", &index); err != nil {
			t.Fatalf("named organization %s has unexpected slug %q", id, slug)
		}
		ws.mustRun("import", "-input=false", "-no-color", fmt.Sprintf("stytch_b2b_organization.tenant[%d]", index), id)
		t.Logf("imported named organization %d: %s as tenant[%d]", i+1, id, index)
	}
	// Drops are what make a create ambiguous; the second apply keeps the
	// failures and the throttling but no longer drops connections, so that it
	// can converge.
	emu.SetFaults(emulator.Faults{FailRate: 0.10, ThrottleRate: 0.10, Seed: 7})
	ws.mustRun("apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=10")
	ws.mustRun("plan", "-detailed-exitcode", "-input=false", "-no-color")
	if emu.Len() != 50 || len(ws.stateOrganizations()) != 50 {
		t.Fatalf("after convergence: %d organizations in Stytch, %d in state; want 50 and 50", emu.Len(), len(ws.stateOrganizations()))
	}
	ws.mustRun("destroy", "-auto-approve", "-input=false", "-no-color", "-parallelism=10")
	if emu.Len() != 0 {
		t.Fatalf("%d organizations left after destroy", emu.Len())
	}
}

// TestRateLimitedApply applies 100 organizations against an API that allows
// 20 requests per second, with the provider limited to the same rate: no 429
// may reach the user.
func TestRateLimitedApply(t *testing.T) {
	emu, url := startEmulator(t, emulator.Faults{RateLimit: 20})
	ws := newWorkspace(t, url, "STYTCH_REQUESTS_PER_SECOND=20", "STYTCH_MAX_RETRIES=0")
	ws.write(manyOrganizations(100, "paced"))
	ws.mustRun("apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=10")
	if emu.Len() != 100 {
		t.Fatalf("%d organizations created, want 100", emu.Len())
	}
	stats := emu.Stats()
	t.Logf("100-organization apply at 20 req/s: requests %v, statuses %v, faults %v", stats.Requests, stats.Statuses, stats.Faults)
	if n := stats.Faults[emulator.FaultRateLimited]; n != 0 {
		t.Errorf("%d requests were rate-limited by the API although the provider paces itself", n)
	}
	ws.mustRun("destroy", "-auto-approve", "-input=false", "-no-color", "-parallelism=10")
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}
