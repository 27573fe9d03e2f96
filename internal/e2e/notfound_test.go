package e2e

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/platformkit/terraform-provider-stytch/internal/emulator"
)

// TestOnlyStytchNotFoundForgets applies two organizations, then refreshes
// with the provider pointed at places that answer 404 without Stytch's
// organization_not_found: a wrong path under the emulator (Stytch's JSON
// route_not_found, what a typo in base_url gets) and a proxy's HTML 404 page.
// Each refresh fails with an error that names what answered, and state keeps
// both organizations; with the right base_url the plan is empty again.
func TestOnlyStytchNotFoundForgets(t *testing.T) {
	_, url := startEmulator(t, emulator.Faults{})
	ws := newWorkspace(t, url)
	ws.write(`
resource "stytch_b2b_organization" "alpha" {
  organization_name = "Alpha"
  organization_slug = "notfound-alpha"
}

resource "stytch_b2b_organization" "beta" {
  organization_name = "Beta"
  organization_slug = "notfound-beta"
}
`)
	ws.mustRun("apply", "-auto-approve", "-input=false", "-no-color")
	before := ws.stateOrganizations()
	if len(before) != 2 {
		t.Fatalf("state after apply: %v, want two organizations", before)
	}

	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte("<html><body><h1>404 Not Found</h1>nginx</body></html>"))
	}))
	t.Cleanup(proxy.Close)

	for _, tc := range []struct {
		name, baseURL, want string
	}{
		{"wrong path under Stytch's host", url + "/not-the-api", "route_not_found"},
		{"HTML 404 from a proxy", proxy.URL, "not Stytch JSON"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wrong := *ws.Workspace
			wrong.Env = append(append([]string(nil), ws.Env...), "STYTCH_BASE_URL="+tc.baseURL)
			r := wrong.Run(t.Context(), "apply", "-refresh-only", "-auto-approve", "-input=false", "-no-color")
			if r.Code == 0 {
				t.Fatalf("refresh against %s succeeded; want an error\nstdout:\n%s", tc.baseURL, tail(r.Stdout))
			}
			if !strings.Contains(r.Stderr, tc.want) {
				t.Errorf("the error does not say %q:\n%s", tc.want, r.Stderr)
			}
			if after := ws.stateOrganizations(); len(after) != len(before) {
				t.Errorf("state after the failed refresh: %v, want %v", after, before)
			}
		})
	}

	if r := ws.run("plan", "-detailed-exitcode", "-input=false", "-no-color"); r.Code != 0 {
		t.Errorf("plan with the right base_url exited %d, want 0 (no changes)\n%s\n%s", r.Code, tail(r.Stdout), r.Stderr)
	}
	ws.mustRun("destroy", "-auto-approve", "-input=false", "-no-color")
}
