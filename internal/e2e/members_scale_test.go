package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/platformkit/terraform-provider-stytch/internal/emulator"
)

// The emulator's route templates of a member create and a member read, as
// its request statistics name them.
const (
	memberCreateRoute = "/v1/b2b/organizations/{organization_id}/members"
	memberGetRoute    = "/v1/b2b/organizations/{organization_id}/member"
)

// membersAtScale is the number of members of TestMembersAtScale: what a large
// customer's directory has, and what Auth0's users lost data beyond.
const membersAtScale = 1000

// TestMembersAtScale applies 1,000 members in one organization through the
// real CLI and counts the requests the emulator serves: exactly one create
// per member, and exactly one read per member on refresh, with nothing else.
// The emulator is discarded afterwards, so the test does not destroy them.
func TestMembersAtScale(t *testing.T) {
	emu, url := startEmulator(t, emulator.Faults{})
	ws := newWorkspace(t, url)
	ws.write(fmt.Sprintf(`
resource "stytch_b2b_organization" "big" {
  organization_name = "Big Directory"
  organization_slug = "big-directory"
}

resource "stytch_b2b_member" "staff" {
  count           = %d
  organization_id = stytch_b2b_organization.big.organization_id
  email_address   = format("staff-%%04d@big.example.com", count.index)
  name            = format("Staff %%d", count.index)
}
`, membersAtScale))

	ws.mustRun("apply", "-auto-approve", "-input=false", "-no-color")
	created := emu.Stats().Requests
	wantOnly(t, "apply", created, map[string]int{
		"POST /v1/b2b/organizations": 1,
		"POST " + memberCreateRoute:  membersAtScale,
	})

	emu.ResetStats()
	ws.mustRun("plan", "-detailed-exitcode", "-input=false", "-no-color")
	wantOnly(t, "refresh", emu.Stats().Requests, map[string]int{
		"GET /v1/b2b/organizations/{organization_id}": 1,
		"GET " + memberGetRoute:                       membersAtScale,
	})
}

// wantOnly fails unless requests holds exactly want: the same routes, the
// same counts, and nothing else.
func wantOnly(t *testing.T, phase string, requests, want map[string]int) {
	t.Helper()
	for route, n := range want {
		if requests[route] != n {
			t.Errorf("%s: %d requests %s, want exactly %d", phase, requests[route], route, n)
		}
	}
	var extra []string
	for route, n := range requests {
		if _, ok := want[route]; !ok && n > 0 {
			extra = append(extra, fmt.Sprintf("%d %s", n, route))
		}
	}
	if len(extra) > 0 {
		t.Errorf("%s: unexpected requests: %s", phase, strings.Join(extra, ", "))
	}
}
