package e2e

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/platformkit/terraform-provider-stytch/internal/emulator"
)

// tenantCount is the number of tenants of the generated tenants file.
const tenantCount = 20

// skipUnlessWriteOnly skips a test of the tenants example on CLIs without
// write-only arguments and ephemeral variables, which its OIDC secret uses.
func skipUnlessWriteOnly(t *testing.T) {
	t.Helper()
	if c := theCLI(t); !c.AtLeast([3]int{1, 11, 0}) {
		t.Skipf("%s has no write-only arguments or ephemeral variables (Terraform 1.11 and OpenTofu 1.11 added them), which the tenants example uses for OIDC client secrets", c.Line)
	}
}

// Routes as the emulator's statistics name them.
const (
	routeOrg          = "/v1/b2b/organizations/{organization_id}"
	routeSAMLConn     = "/v1/b2b/sso/saml/{organization_id}/connections/{connection_id}"
	routeOIDCConn     = "/v1/b2b/sso/oidc/{organization_id}/connections/{connection_id}"
	routeSSOConn      = "/v1/b2b/sso/{organization_id}/connections/{connection_id}"
	routeRBACOrg      = "/v1/b2b/rbac/organizations/{organization_id}"
	routeSCIMConn     = "/v1/b2b/scim/{organization_id}/connection"
	routeMember       = "/v1/b2b/organizations/{organization_id}/members/{member_id}"
	routeMemberCreate = "/v1/b2b/organizations/{organization_id}/members"
)

// TestTenantsOnboarding runs the tenants example (examples/tenants with the
// module examples/modules/b2b-tenant) through the pull requests of its
// guide, with 20 tenants generated from a template: SAML by metadata URL, by
// fields and OIDC in turn, SCIM on half of them, custom roles on four. Each
// step saves its plan and checks in its JSON form exactly which resources it
// touches, then applies that plan (which does not refresh) and checks
// exactly the requests the emulator served:
//
//  1. onboard the 20 tenants; the plan after is empty, and its refresh
//     costs one read per object;
//  2. one tenant's IdP moves to a new metadata URL and one member gets a
//     custom role: the plan updates those two resources only;
//  3. a tenant removed while protected: the plan fails, nothing is touched;
//  4. its deletion_protection turned off, then the tenant removed: its
//     members, connection, settings, SCIM connection, roles and organization
//     are deleted, the settings before the connection they name, the
//     members before the roles they hold, the organization last;
//  5. a tenant added; the plan is empty at the end, and the outputs give
//     each customer's IT team its values and a SCIM token that works.
func TestTenantsOnboarding(t *testing.T) {
	skipUnlessWriteOnly(t)
	emu, url, reqLog := startLoggedEmulator(t, emulator.Faults{})
	fx := newTenantFixture(t)
	ws := tenantsWorkspace(t, url, oidcSecretsEnv(tenantCount+1))
	specs := make([]*tenantSpec, tenantCount)
	for i := range specs {
		specs[i] = fx.tenant(i)
	}
	var all map[string]string
	for _, s := range specs {
		all = merge(all, tenantAddresses(s, "create"))
	}
	step := func(name, plan string, want map[string]string, requests map[string]int) {
		t.Helper()
		wantChanges(t, name, ws.planChanges(plan), want)
		emu.ResetStats()
		ws.mustRun("apply", "-input=false", "-no-color", plan)
		wantOnly(t, name, emu.Stats().Requests, requests)
		t.Logf("%s: %d resources changed; requests %v", name, len(want), emu.Stats().Requests)
	}

	// 1. Onboarding: one create per object, and the calls each create needs
	// besides (DESIGN.md, "SSO connections", "Organization RBAC policies").
	ws.writeTenants(specs)
	step("onboard 20 tenants", "onboard.tfplan", all, map[string]int{
		"POST /v1/b2b/organizations": 20,
		// The SSO settings: one PUT of the organization each.
		"PUT " + routeOrg: 20,
		// SAML: the create takes a name and an IdP; the 7 by metadata URL
		// then have Stytch fetch the metadata, the 7 by fields get their
		// IdP fields in one update. The attribute mapping is Stytch's
		// default, which the module's equals, so it costs nothing.
		"POST /v1/b2b/sso/saml/{organization_id}": 14,
		"PUT " + routeSAMLConn + "/url":           7,
		"PUT " + routeSAMLConn:                    7,
		// OIDC: the create, then the client id, secret, issuer and URLs.
		"POST /v1/b2b/sso/oidc/{organization_id}": 6,
		"PUT " + routeOIDCConn:                    6,
		"POST " + routeMemberCreate:               60,
		"POST " + routeSCIMConn:                   10,
		// The 4 RBAC policies: a GET that makes sure no roles made
		// elsewhere would be replaced, the PUT, and a GET of the
		// organization that checks organization_id, unknown at plan time.
		"GET " + routeRBACOrg: 4,
		"PUT " + routeRBACOrg: 4,
		"GET " + routeOrg:     4,
	})
	// The refresh of every plan: one read per object (an organization's
	// SSO settings are read from the organization, its connections from its
	// one list of connections).
	refresh := func(tenants []*tenantSpec) map[string]int {
		scim, roles := 0, 0
		for _, s := range tenants {
			scim += btoi(s.SCIM)
			roles += btoi(s.CustomRoles)
		}
		return map[string]int{
			"GET " + routeOrg:                   2 * len(tenants),
			"GET /v1/b2b/sso/{organization_id}": len(tenants),
			"GET " + memberGetRoute:             3 * len(tenants),
			"GET " + routeSCIMConn:              scim,
			"GET " + routeRBACOrg:               roles,
		}
	}
	emu.ResetStats()
	ws.mustRun("plan", "-detailed-exitcode", "-input=false", "-no-color")
	wantOnly(t, "empty plan after onboarding", emu.Stats().Requests, refresh(specs))

	// 2. tenant-03's IdP moved (a new metadata URL), and a member of
	// tenant-05 gets the custom role auditor.
	moved, promoted := specs[3], specs[5]
	moved.MetadataURL = fx.metadataURL(moved.Key, 2)
	promoted.Members[0].Roles = []string{"auditor"}
	ws.writeTenants(specs)
	step("new metadata URL and a member's roles", "change.tfplan", map[string]string{
		`module.tenant["tenant-03"].stytch_b2b_saml_connection.this[0]`:                  "update",
		`module.tenant["tenant-05"].stytch_b2b_member.this["ops@tenant-05.example.com"]`: "update",
	}, map[string]int{
		// Stytch fetches the new metadata, which adds the IdP's new
		// certificate; then the previous one is deleted (a connection is
		// never without one).
		"PUT " + routeSAMLConn + "/url":                                           1,
		"DELETE " + routeSAMLConn + "/verification_certificates/{certificate_id}": 1,
		"PUT " + routeMember:                                                      1,
	})

	// 3. Removing a protected tenant: the plan fails before anything is
	// destroyed, and says what to do.
	removed := specs[0]
	rest := specs[1:]
	before := emu.Holdings()
	ws.writeTenants(rest)
	r := ws.run("plan", "-input=false", "-no-color")
	if r.Code != 1 || !strings.Contains(r.Stderr, "Protected From Deletion") || !strings.Contains(r.Stderr, removed.Key) ||
		!strings.Contains(r.Stderr, "deletion_protection = false") {
		t.Fatalf("the plan removing protected %s exited %d:\n%s", removed.Key, r.Code, r.Stderr)
	}
	if after := emu.Holdings(); !slices.EqualFunc(before, after, sameHoldings) {
		t.Fatal("a failed plan changed what Stytch holds")
	}

	// 4. The guide's two pull requests: deletion_protection off (one read
	// of the organization, nothing sent), then the entry removed.
	removed.Unprotected = true
	ws.writeTenants(specs)
	step("deletion protection off", "unprotect.tfplan", map[string]string{
		`module.tenant["tenant-00"].stytch_b2b_organization.this`: "update",
	}, map[string]int{"GET " + routeOrg: 1})

	ws.writeTenants(rest)
	mark := reqLog.len()
	step("remove tenant-00", "remove.tfplan", tenantAddresses(removed, "delete"), map[string]int{
		"DELETE " + routeMember:                        3,
		"PUT " + routeOrg:                              1, // the SSO settings cleared
		"DELETE " + routeSSOConn:                       1,
		"DELETE " + routeSCIMConn + "/{connection_id}": 1,
		"PUT " + routeRBACOrg:                          1, // the custom roles removed
		"DELETE " + routeOrg:                           1,
	})
	checkRemovalOrder(t, reqLog.since(mark))

	// 5. A new customer: tenant-20, OIDC with SCIM and custom roles.
	added := fx.tenant(tenantCount)
	rest = append(rest, added)
	ws.writeTenants(rest)
	step("add tenant-20", "add.tfplan", tenantAddresses(added, "create"), map[string]int{
		"POST /v1/b2b/organizations":              1,
		"PUT " + routeOrg:                         1,
		"POST /v1/b2b/sso/oidc/{organization_id}": 1,
		"PUT " + routeOIDCConn:                    1,
		"POST " + routeMemberCreate:               3,
		"POST " + routeSCIMConn:                   1,
		"GET " + routeRBACOrg:                     1,
		"PUT " + routeRBACOrg:                     1,
		"GET " + routeOrg:                         1,
	})
	emu.ResetStats()
	ws.mustRun("plan", "-detailed-exitcode", "-input=false", "-no-color")
	wantOnly(t, "empty plan at the end", emu.Stats().Requests, refresh(rest))

	// What the customers' IT teams get: the SSO values, and a SCIM base URL
	// and token that the emulator's SCIM API accepts.
	var handover map[string]struct {
		ACSURL               *string `json:"acs_url"`
		AudienceURI          *string `json:"audience_uri"`
		SPSigningCertificate *string `json:"sp_signing_certificate"`
		OIDCRedirectURL      *string `json:"oidc_redirect_url"`
		SCIMBaseURL          *string `json:"scim_base_url"`
	}
	if err := json.Unmarshal([]byte(ws.mustRun("output", "-json", "it_handover").Stdout), &handover); err != nil {
		t.Fatal(err)
	}
	var tokens map[string]string
	if err := json.Unmarshal([]byte(ws.mustRun("output", "-json", "scim_bearer_tokens").Stdout), &tokens); err != nil {
		t.Fatal(err)
	}
	if len(handover) != len(rest) {
		t.Errorf("it_handover has %d tenants, want %d", len(handover), len(rest))
	}
	for _, s := range rest {
		h := handover[s.Key]
		saml := s.SSO != "oidc"
		if (h.ACSURL != nil) != saml || (h.AudienceURI != nil) != saml || (h.OIDCRedirectURL != nil) == saml ||
			(saml && !strings.HasPrefix(*h.SPSigningCertificate, "-----BEGIN CERTIFICATE-----")) {
			t.Errorf("it_handover of %s (%s): %+v", s.Key, s.SSO, h)
		}
		if (h.SCIMBaseURL != nil) != s.SCIM || (tokens[s.Key] != "") != s.SCIM {
			t.Errorf("%s (SCIM %t): scim_base_url %v, token given %t", s.Key, s.SCIM, h.SCIMBaseURL, tokens[s.Key] != "")
		}
		if s.SCIM {
			expectSCIMToken(t, url, *h.SCIMBaseURL, tokens[s.Key], http.StatusOK, "output scim_bearer_tokens of "+s.Key)
		}
	}
}

// checkRemovalOrder checks the requests that removed a tenant, as the
// emulator logged them ("METHOD PATH STATUS REQUEST_ID"): the SSO settings are
// cleared before the connection they name is deleted, the members are
// deleted before the custom roles they hold, and the organization last.
func checkRemovalOrder(t *testing.T, lines []string) {
	t.Helper()
	first, last := map[string]int{}, map[string]int{}
	var order []string
	for i, line := range lines {
		method, path, _ := strings.Cut(line, " ")
		path, _, _ = strings.Cut(path, " ")
		kind := ""
		switch {
		case method == "DELETE" && strings.Contains(path, "/members/"):
			kind = "member"
		case method == "PUT" && strings.HasPrefix(path, "/v1/b2b/organizations/"):
			kind = "settings"
		case method == "DELETE" && strings.HasPrefix(path, "/v1/b2b/sso/"):
			kind = "connection"
		case method == "DELETE" && strings.HasPrefix(path, "/v1/b2b/scim/"):
			kind = "scim"
		case method == "PUT" && strings.HasPrefix(path, "/v1/b2b/rbac/"):
			kind = "roles"
		case method == "DELETE" && strings.HasPrefix(path, "/v1/b2b/organizations/"):
			kind = "organization"
		default:
			continue
		}
		if _, ok := first[kind]; !ok {
			first[kind] = i
		}
		last[kind] = i
		order = append(order, kind)
	}
	t.Logf("removal order: %s", strings.Join(order, " → "))
	before := func(a, b string) {
		if _, ok := last[a]; !ok {
			t.Errorf("no %s request in the removal", a)
			return
		}
		if last[a] > first[b] {
			t.Errorf("a %s request came after a %s request: %s", a, b, strings.Join(order, " → "))
		}
	}
	before("settings", "connection")
	before("member", "roles")
	for _, k := range []string{"member", "settings", "connection", "scim", "roles"} {
		before(k, "organization")
	}
}

// sameHoldings reports whether two organizations hold the same objects.
func sameHoldings(a, b emulator.Holdings) bool {
	return a.Organization.OrganizationID == b.Organization.OrganizationID &&
		slices.Equal(a.SAMLConnections, b.SAMLConnections) && slices.Equal(a.OIDCConnections, b.OIDCConnections) &&
		maps.Equal(a.Members, b.Members) && a.SCIMConnection == b.SCIMConnection && a.MemberCount == b.MemberCount &&
		reflect.DeepEqual(a.Organization.CustomRoles, b.Organization.CustomRoles)
}

func merge(a, b map[string]string) map[string]string {
	if a == nil {
		a = map[string]string{}
	}
	maps.Copy(a, b)
	return a
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// tenantImport is an import command an error printed, with the address of
// the resource the error is about.
type tenantImport struct{ address, id string }

var importInError = regexp.MustCompile(`terraform import (\S+) (\S+)`)

// tenantErrors reads the error diagnostics of a CLI command run with -json
// and returns their summaries and the import commands they print, each for
// the resource the error names.
func tenantErrors(t *testing.T, stdout string) (summaries []string, imports []tenantImport) {
	t.Helper()
	for _, line := range strings.Split(stdout, "\n") {
		var msg struct {
			Type       string `json:"type"`
			Diagnostic struct {
				Severity, Summary, Detail, Address string
			} `json:"diagnostic"`
		}
		if line == "" || json.Unmarshal([]byte(line), &msg) != nil {
			continue
		}
		if msg.Type != "diagnostic" || msg.Diagnostic.Severity != "error" {
			continue
		}
		d := msg.Diagnostic
		summaries = append(summaries, d.Summary)
		for _, m := range importInError.FindAllStringSubmatch(d.Detail, -1) {
			address := m[1]
			if address == "ADDRESS" || strings.HasSuffix(address, ".NAME") {
				address = d.Address
			}
			imports = append(imports, tenantImport{address, m[2]})
		}
	}
	return summaries, imports
}

// stateObjectIDs returns the id of every organization, connection and member
// in state (tainted ones included) by its resource address.
func (w *workspace) stateObjectIDs() map[string]string {
	w.t.Helper()
	var show struct {
		Values struct {
			RootModule struct {
				ChildModules []struct {
					Resources []struct {
						Address string         `json:"address"`
						Type    string         `json:"type"`
						Values  map[string]any `json:"values"`
					} `json:"resources"`
				} `json:"child_modules"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(w.mustRun("show", "-json", "-no-color").Stdout), &show); err != nil {
		w.t.Fatal(err)
	}
	key := map[string]string{
		"stytch_b2b_organization": "organization_id", "stytch_b2b_saml_connection": "connection_id",
		"stytch_b2b_oidc_connection": "connection_id", "stytch_b2b_member": "member_id", "stytch_b2b_scim_connection": "connection_id",
	}
	out := map[string]string{}
	for _, m := range show.Values.RootModule.ChildModules {
		for _, r := range m.Resources {
			if k, ok := key[r.Type]; ok {
				out[fmt.Sprint(r.Values[k])] = r.Address
			}
		}
	}
	return out
}

// faultRow is one apply of TestTenantsUnderFaults.
type faultRow struct {
	attempt, exit, errors, imports int
	created                        [4]int // organizations, connections, members, SCIM connections
	statuses                       map[int]int
	faults                         map[string]int
}

// TestTenantsUnderFaults applies the same 20 generated tenants against an
// API that answers 10% of requests 500 or 503 (doing nothing), 10% 429 and
// drops 3% of connections after doing the work. After every apply: no
// object is duplicated (one organization per slug, one connection of the
// configured kind per tenant and none of another, one member per address,
// at most one SCIM connection where configured), and every object Stytch
// holds is in state or named, with its import command, in an error. Then
// the user does what the errors say: runs those import commands and applies
// again, until an apply succeeds; the plan after it is empty. The faults stay
// on throughout. The table of the attempts is logged.
func TestTenantsUnderFaults(t *testing.T) {
	skipUnlessWriteOnly(t)
	emu, url, _ := startLoggedEmulator(t, emulator.Faults{FailRate: 0.10, ThrottleRate: 0.10, DropRate: 0.03, Seed: 20261201})
	fx := newTenantFixture(t)
	ws := tenantsWorkspace(t, url, oidcSecretsEnv(tenantCount), "STYTCH_MAX_RETRIES=8")
	specs := make([]*tenantSpec, tenantCount)
	bySlug := map[string]*tenantSpec{}
	for i := range specs {
		specs[i] = fx.tenant(i)
		bySlug[specs[i].Key] = specs[i]
	}
	ws.writeTenants(specs)

	const maxAttempts = 6
	var rows []faultRow
	var prev [4]int
	for attempt := 1; ; attempt++ {
		emu.ResetStats()
		r := ws.run("apply", "-auto-approve", "-input=false", "-json", "-parallelism=10")
		if r.Err != nil {
			t.Fatalf("apply %d: %v", attempt, r.Err)
		}
		stats := emu.Stats()
		summaries, imports := tenantErrors(t, r.Stdout)
		named := map[string]bool{}
		for _, imp := range imports {
			named[imp.id] = true
		}
		inState := ws.stateObjectIDs()
		holdings := emu.Holdings()
		total := checkNoDuplicates(t, attempt, holdings, bySlug)
		checkTracked(t, attempt, holdings, inState, named)
		row := faultRow{attempt: attempt, exit: r.Code, errors: len(summaries), imports: len(imports), statuses: stats.Statuses, faults: stats.Faults}
		for i := range total {
			row.created[i] = total[i] - prev[i]
		}
		prev = total
		rows = append(rows, row)
		if r.Code == 0 {
			break
		}
		if len(summaries) == 0 {
			t.Fatalf("apply %d exited %d without an error:\n%s\n%s", attempt, r.Code, tail(r.Stdout), r.Stderr)
		}
		t.Logf("apply %d: %d errors: %s", attempt, len(summaries), strings.Join(summaries, "; "))
		if attempt == maxAttempts {
			t.Fatalf("no convergence after %d applies; the last errors: %s", attempt, strings.Join(summaries, "; "))
		}
		// What the errors say: import what they name, then apply again.
		for _, imp := range imports {
			ws.mustRun("import", "-input=false", "-no-color", imp.address, imp.id)
			t.Logf("apply %d: imported %s as %s", attempt, imp.id, imp.address)
		}
	}
	ws.mustRun("plan", "-detailed-exitcode", "-input=false", "-no-color")
	if got := prev; got != [4]int{20, 20, 60, 10} {
		t.Errorf("after convergence Stytch holds %d organizations, %d connections, %d members, %d SCIM connections; want 20, 20, 60, 10",
			got[0], got[1], got[2], got[3])
	}
	if n := len(ws.stateObjectIDs()); n != 110 {
		t.Errorf("after convergence the state has %d organizations, connections, members and SCIM connections, want 110", n)
	}

	var b strings.Builder
	b.WriteString("\n| apply | exit | errors | imports run after | created: orgs | connections | members | SCIM | requests by status | faults injected |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|---|\n")
	for _, row := range rows {
		statuses := make([]string, 0, len(row.statuses))
		for _, code := range slices.Sorted(maps.Keys(row.statuses)) {
			statuses = append(statuses, fmt.Sprintf("%d: %d", code, row.statuses[code]))
		}
		fmt.Fprintf(&b, "| %d | %d | %d | %d | %d | %d | %d | %d | %s | 5xx %d, 429 %d, dropped %d |\n", row.attempt, row.exit, row.errors,
			row.imports, row.created[0], row.created[1], row.created[2], row.created[3], strings.Join(statuses, ", "),
			row.faults[emulator.FaultFailed], row.faults[emulator.FaultRateLimited], row.faults[emulator.FaultDropped])
	}
	t.Log(b.String())
}

// checkNoDuplicates checks what Stytch holds against the tenants: one
// organization per slug, none unknown; per tenant at most one connection,
// of its kind; members with distinct configured addresses; SCIM only where
// configured. It returns the totals: organizations, connections, members,
// SCIM connections.
func checkNoDuplicates(t *testing.T, attempt int, holdings []emulator.Holdings, tenants map[string]*tenantSpec) [4]int {
	t.Helper()
	var total [4]int
	seen := map[string]bool{}
	for _, h := range holdings {
		slug := h.Organization.OrganizationSlug
		s, ok := tenants[slug]
		if !ok || seen[slug] {
			t.Errorf("apply %d: organization %s with slug %q is a duplicate or no tenant's", attempt, h.Organization.OrganizationID, slug)
			continue
		}
		seen[slug] = true
		saml, oidc := len(h.SAMLConnections), len(h.OIDCConnections)
		if s.SSO == "oidc" {
			saml, oidc = oidc, saml
		}
		if saml > 1 || oidc > 0 || len(h.ExternalConnections) > 0 {
			t.Errorf("apply %d: %s has SAML %v, OIDC %v, external %v; want at most one %s connection", attempt, slug,
				h.SAMLConnections, h.OIDCConnections, h.ExternalConnections, s.SSO)
		}
		if h.MemberCount != len(h.Members) || h.MemberCount > 3 {
			t.Errorf("apply %d: %s has %d members for %d addresses", attempt, slug, h.MemberCount, len(h.Members))
		}
		if h.SCIMConnection != "" && !s.SCIM {
			t.Errorf("apply %d: %s has a SCIM connection it should not", attempt, slug)
		}
		total[0]++
		total[1] += len(h.SAMLConnections) + len(h.OIDCConnections)
		total[2] += h.MemberCount
		total[3] += btoi(h.SCIMConnection != "")
	}
	return total
}

// checkTracked checks that every object Stytch holds is in state or named,
// with its import command, in an error.
func checkTracked(t *testing.T, attempt int, holdings []emulator.Holdings, inState map[string]string, named map[string]bool) {
	t.Helper()
	for _, h := range holdings {
		org := h.Organization.OrganizationID
		ids := map[string]string{org: "organization " + h.Organization.OrganizationSlug}
		for _, id := range slices.Concat(h.SAMLConnections, h.OIDCConnections) {
			ids[id] = "connection of " + h.Organization.OrganizationSlug
		}
		for email, id := range h.Members {
			ids[id] = "member " + email
		}
		if h.SCIMConnection != "" {
			ids[h.SCIMConnection] = "SCIM connection of " + h.Organization.OrganizationSlug
		}
		for id, what := range ids {
			_, tracked := inState[id]
			// Connections and members are imported as ORGANIZATION/ID; a
			// SCIM connection by its organization.
			if tracked || named[id] || named[org+"/"+id] || (what[:4] == "SCIM" && named[org]) {
				continue
			}
			t.Errorf("apply %d: %s (%s) is in Stytch but neither in state nor named in an error", attempt, what, id)
		}
	}
}

// TestTenantsExample plans the tenants example as shipped, its own
// tenants.yaml included: it validates and plans the three tenants' resources;
// a shard, by variable or by workspace, plans its tenants only; and the
// checks of the file and of the module's variables stop a plan with a
// message that names the mistake.
func TestTenantsExample(t *testing.T) {
	skipUnlessWriteOnly(t)
	_, url := startEmulator(t, emulator.Faults{})
	ws := tenantsWorkspace(t, url, `TF_VAR_oidc_client_secrets={"initech":"example-secret"}`)
	copyExampleFiles(t, "tenants", ws.Dir, ".yaml")
	ws.mustRun("validate", "-no-color")

	count := func(changes map[string]string) map[string]int {
		out := map[string]int{}
		for addr, action := range changes {
			if action != "create" {
				t.Errorf("%s: %s, want create", addr, action)
			}
			key, _, _ := strings.Cut(strings.TrimPrefix(addr, `module.tenant["`), `"]`)
			out[key]++
		}
		return out
	}
	// acme: organization, SAML connection, settings, 1 admin, SCIM.
	// globex: organization, roles, SAML connection, settings, 2 members.
	// initech: organization, OIDC connection, settings, 2 admins.
	all := map[string]int{"acme": 5, "globex": 6, "initech": 5}
	if got := count(ws.planChanges("all.tfplan")); !maps.Equal(got, all) {
		t.Errorf("the example plans %v, want %v", got, all)
	}
	if got := count(ws.planChanges("americas.tfplan", "-var", "shard=americas")); !maps.Equal(got, map[string]int{"globex": 6, "initech": 5}) {
		t.Errorf("shard americas plans %v", got)
	}
	// In a workspace, the workspace's name is the shard; a tenant without a
	// shard key is a shard of its own.
	ws.mustRun("workspace", "new", "-no-color", "acme")
	if got := count(ws.planChanges("acme.tfplan")); !maps.Equal(got, map[string]int{"acme": 5}) {
		t.Errorf("workspace acme plans %v", got)
	}
	ws.mustRun("workspace", "select", "-no-color", "default")
	// A shard without tenants only warns: it is what removing a shard's last
	// tenant leaves.
	empty := ws.mustRun("plan", "-input=false", "-no-color", "-var", "shard=emea")
	if out := strings.Join(strings.Fields(empty.Stdout), " "); !strings.Contains(out, `No tenant of tenants.yaml is in shard "emea"`) ||
		strings.Contains(out, "Plan:") {
		t.Errorf("plan of an empty shard:\n%s", empty.Stdout)
	}

	example, err := os.ReadFile(filepath.Join(ws.Dir, "tenants.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, from, to string
		want           []string
	}{
		{"misspelled keys", "    rotation_trigger:", "    rotation_triger:",
			[]string{"settings the tenant module does not know", "tenants.acme.scim.rotation_triger"}},

		{"SAML by URL and by fields", "      metadata_url: https://acme.okta.com/app/exk1acme/sso/saml/metadata",
			"      metadata_url: https://acme.okta.com/app/exk1acme/sso/saml/metadata\n      idp_sso_url: https://acme.okta.com/sso",
			[]string{"reads idp_entity_id, idp_sso_url and x509_certificate from the metadata: leave them out"}},
		{"SAML by neither", "      metadata_url: https://acme.okta.com/app/exk1acme/sso/saml/metadata\n", "",
			[]string{"either metadata_url or all of idp_entity_id, idp_sso_url and x509_certificate"}},
		{"an address twice", "        name: Bill Lumbergh", "        name: Bill Lumbergh\n      - email: Bill.Lumbergh@initech.com",
			[]string{"Each email address may appear once"}},
		{"stytch_member assigned", "        roles: [support-agent]", "        roles: [support-agent, stytch_member]",
			[]string{"stytch_member cannot be assigned"}},
		{"a bad slug", "  acme:\n", "  acme:\n    slug: acme corp\n", []string{"slug must be 2 to 128 characters"}},
		{"no OIDC secret", "", "", []string{"An OIDC connection needs its client secret"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad := strings.Replace(string(example), tc.from, tc.to, 1)
			if tc.from != "" && bad == string(example) {
				t.Fatalf("examples/tenants/tenants.yaml has no %q", tc.from)
			}
			if err := ws.WriteFile("bad.yaml", bad); err != nil {
				t.Fatal(err)
			}
			args := []string{"plan", "-input=false", "-no-color", "-var", "tenants_file=bad.yaml"}
			if tc.name == "no OIDC secret" {
				args = append(args, "-var", "oidc_client_secrets={}")
			}
			r := ws.run(args...)
			out := strings.Join(strings.Fields(r.Stderr), " ")
			for _, want := range tc.want {
				if r.Code != 1 || !strings.Contains(out, want) {
					t.Errorf("plan exited %d; want an error saying %q:\n%s", r.Code, want, r.Stderr)
				}
			}
		})
	}
}
