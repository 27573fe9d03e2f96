package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/platformkit/terraform-provider-stytch/internal/emulator"
	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// scimProtocolRequest sends one request to the emulator's SCIM protocol API
// for the connection whose base_url is baseURL (a URL on Stytch's host, whose
// path the emulator serves), as the customer's IdP does with token, and
// returns the status and the body.
func scimProtocolRequest(t *testing.T, emulatorURL, baseURL, token, method, resourcePath, body string) (int, []byte) {
	t.Helper()
	u, err := url.Parse(baseURL)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, emulatorURL+u.Path+resourcePath, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		req.Header.Set("Content-Type", "application/scim+json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, data
}

// expectSCIMToken fails the test unless the SCIM protocol API answers
// ServiceProviderConfig with want for token.
func expectSCIMToken(t *testing.T, emulatorURL, baseURL, token string, want int, which string) {
	t.Helper()
	if got, _ := scimProtocolRequest(t, emulatorURL, baseURL, token, http.MethodGet, "/ServiceProviderConfig", ""); got != want {
		t.Fatalf("the SCIM API answers %d to the %s token, want %d", got, which, want)
	}
}

// scimValues returns the state values of a SCIM connection resource: its
// token and base URL.
func (w *workspace) scimValues(address string) (token, baseURL string) {
	w.t.Helper()
	values := w.resourceValues(address)
	token, _ = values["bearer_token"].(string)
	baseURL, _ = values["base_url"].(string)
	return token, baseURL
}

// TestSCIMTokenNeverLogged creates a SCIM connection, rotates its token
// through rotation_trigger, rotates it once more outside Terraform and
// refreshes, all with TF_LOG=TRACE, and checks that none of the tokens
// appears in the log or in the CLI's output, while each is handed out and
// works in turn. The state holds the current token once, as the sensitive
// bearer_token, which is what the documentation says.
func TestSCIMTokenNeverLogged(t *testing.T) {
	_, emuURL := startEmulator(t, emulator.Faults{})
	client, err := stytch.New(stytch.Config{ProjectID: projectID, Secret: secret, BaseURL: emuURL})
	if err != nil {
		t.Fatal(err)
	}
	logPath := filepath.Join(t.TempDir(), "terraform.log")
	ws := newWorkspace(t, emuURL, "TF_LOG=TRACE", "TF_LOG_PATH="+logPath)
	const address = "stytch_b2b_scim_connection.logged"
	config := func(trigger string) string {
		return fmt.Sprintf(`
resource "stytch_b2b_organization" "logged" {
  organization_name = "SCIM Logged"
  organization_slug = "scim-logged"
}

resource "stytch_b2b_scim_connection" "logged" {
  organization_id  = stytch_b2b_organization.logged.organization_id
  display_name     = "Logged"
  rotation_trigger = %q
}

output "base_url" {
  value = stytch_b2b_scim_connection.logged.base_url
}
`, trigger)
	}
	var outputs []string
	run := func(args ...string) string {
		t.Helper()
		r := ws.mustRun(args...)
		outputs = append(outputs, r.Stdout, r.Stderr)
		return r.Stdout
	}
	apply := func() { run("apply", "-auto-approve", "-input=false", "-no-color") }

	// Create: the token is the create's.
	ws.write(config("1"))
	apply()
	first, baseURL := ws.scimValues(address)
	if len(first) != 48 {
		t.Fatalf("the created token has %d characters, want 48", len(first))
	}
	expectSCIMToken(t, emuURL, baseURL, first, http.StatusOK, "created")

	// Rotate through rotation_trigger.
	ws.write(config("2"))
	apply()
	second, _ := ws.scimValues(address)
	if second == first || second == "" {
		t.Fatal("changing rotation_trigger did not put a new token into state")
	}
	expectSCIMToken(t, emuURL, baseURL, second, http.StatusOK, "rotated")
	expectSCIMToken(t, emuURL, baseURL, first, http.StatusUnauthorized, "created")

	// Refresh: nothing changes.
	run("apply", "-refresh-only", "-auto-approve", "-input=false", "-no-color")
	run("plan", "-detailed-exitcode", "-input=false", "-no-color")
	state, err := os.ReadFile(filepath.Join(ws.Dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	checkTokenInState(t, string(state), second)

	// A rotation outside Terraform: the refresh warns and drops the token
	// from state; a new trigger brings a working one back.
	values := ws.resourceValues(address)
	orgID, connID := fmt.Sprint(values["organization_id"]), fmt.Sprint(values["connection_id"])
	started, err := client.StartSCIMTokenRotation(t.Context(), orgID, connID)
	if err != nil {
		t.Fatal(err)
	}
	outside := started.NextBearerToken
	if _, err := client.CompleteSCIMTokenRotation(t.Context(), orgID, connID); err != nil {
		t.Fatal(err)
	}
	refreshed := run("apply", "-refresh-only", "-auto-approve", "-input=false", "-no-color")
	if !strings.Contains(refreshed, "SCIM Bearer Token Rotated Outside Terraform") || !strings.Contains(refreshed, "rotation_trigger") {
		t.Errorf("the refresh after a rotation outside Terraform shows no warning that says to change rotation_trigger:\n%s", tail(refreshed))
	}
	if token, _ := ws.scimValues(address); token != "" {
		t.Errorf("after a rotation outside Terraform, state still has a bearer_token")
	}
	ws.write(config("3"))
	apply()
	third, _ := ws.scimValues(address)
	expectSCIMToken(t, emuURL, baseURL, third, http.StatusOK, "third")
	expectSCIMToken(t, emuURL, baseURL, outside, http.StatusUnauthorized, "outside")
	run("plan", "-detailed-exitcode", "-input=false", "-no-color")
	show := run("show", "-no-color")
	outputs = append(outputs, run("output", "-no-color"))
	if !strings.Contains(show, "bearer_token") || !strings.Contains(show, "(sensitive value)") {
		t.Errorf("terraform show does not list bearer_token as a sensitive value:\n%s", tail(show))
	}
	run("destroy", "-auto-approve", "-input=false", "-no-color")

	logData, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	log := string(logData)
	// The check proves something only if the log has the bodies of the
	// answers that carry tokens, masked.
	for _, want := range []string{`\"bearer_token\":\"***\"`, `\"next_bearer_token\":\"***\"`, "/rotate/complete"} {
		if !strings.Contains(log, want) {
			t.Fatalf("the TRACE log has no %s; the check would prove nothing", want)
		}
	}
	tokens := map[string]string{"created": first, "rotated": second, "outside": outside, "third": third}
	for name, token := range tokens {
		if strings.Contains(log, token) {
			t.Errorf("the TRACE log contains the %s token", name)
		}
		for _, out := range outputs {
			if strings.Contains(out, token) {
				t.Errorf("the CLI's output contains the %s token", name)
			}
		}
	}
	t.Logf("checked %d bytes of TRACE log and %d CLI outputs for %d tokens", len(log), len(outputs), len(tokens))

	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "resources", "b2b_scim_connection.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, says := range []string{"The bearer token is kept in state", "marked sensitive", "state encryption", "rotation_trigger",
		"never writes the token to its logs"} {
		if !strings.Contains(string(doc), says) {
			t.Errorf("docs/resources/b2b_scim_connection.md does not say %q", says)
		}
	}
}

// checkTokenInState checks that the state file holds the token exactly once,
// as the value of bearer_token, and marks bearer_token sensitive.
func checkTokenInState(t *testing.T, state, token string) {
	t.Helper()
	if n := strings.Count(state, token); n != 1 {
		t.Errorf("the state holds the token %d times, want once", n)
	}
	var parsed struct {
		Resources []struct {
			Type      string `json:"type"`
			Instances []struct {
				Attributes          map[string]any    `json:"attributes"`
				SensitiveAttributes []json.RawMessage `json:"sensitive_attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal([]byte(state), &parsed); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range parsed.Resources {
		for _, inst := range r.Instances {
			for name, v := range inst.Attributes {
				if s, ok := v.(string); ok && s == token {
					if r.Type != "stytch_b2b_scim_connection" || name != "bearer_token" {
						t.Errorf("the token is in state as %s.%s", r.Type, name)
					}
					found = true
					sensitive := false
					for _, p := range inst.SensitiveAttributes {
						sensitive = sensitive || strings.Contains(string(p), `"bearer_token"`)
					}
					if !sensitive {
						t.Errorf("the state does not mark bearer_token sensitive")
					}
				}
			}
		}
	}
	if !found {
		t.Errorf("the state has no bearer_token attribute with the token")
	}
}

// TestSCIMDocumentationExamples runs the SCIM connection's examples the way
// TestSSODocumentationExamples runs the SSO ones: the resource example
// applies and plans empty, its token works and its outputs hand out the base
// URL and the token; the data source example lists a group the IdP pushed;
// each import command of import.sh and the import block bring the connection
// back, and the apply that follows rotates the token (the example sets
// rotation_trigger, as its import comments say), after which the plan is
// empty; so does the identity import block on CLIs that have resource
// identity, by the ids and with the slug.
func TestSCIMDocumentationExamples(t *testing.T) {
	emu, emuURL := startEmulator(t, emulator.Faults{})
	ws := newWorkspace(t, emuURL)
	const address = "stytch_b2b_scim_connection.okta"
	copyExample(t, ws, "provider/provider.tf", "provider.tf")
	copyExample(t, ws, filepath.Join("resources", "stytch_b2b_scim_connection", "resource.tf"), "resource.tf")
	ws.mustRun("apply", "-auto-approve", "-input=false", "-no-color")
	ws.mustRun("plan", "-detailed-exitcode", "-input=false", "-no-color")
	values := ws.resourceValues(address)
	token, baseURL := ws.scimValues(address)
	expectSCIMToken(t, emuURL, baseURL, token, http.StatusOK, "created")
	if got := ws.mustRun("output", "-raw", "okta_scim_base_url").Stdout; got != baseURL {
		t.Errorf("output okta_scim_base_url is %q, want %q", got, baseURL)
	}
	if got := ws.mustRun("output", "-raw", "okta_scim_bearer_token").Stdout; got != token {
		t.Errorf("output okta_scim_bearer_token is not the token in state")
	}

	// The IdP pushes a group; the data source example lists it.
	status, body := scimProtocolRequest(t, emuURL, baseURL, token, http.MethodPost, "/Groups",
		`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Engineering"}`)
	if status != http.StatusCreated {
		t.Fatalf("pushing a group: HTTP %d: %s", status, body)
	}
	var group struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(body, &group); err != nil || group.ID == "" {
		t.Fatalf("pushing a group: no id in %s", body)
	}
	copyExample(t, ws, filepath.Join("data-sources", "stytch_b2b_scim_connection", "data-source.tf"), "ds.tf")
	ws.mustRun("apply", "-auto-approve", "-input=false", "-no-color")
	var groups map[string]string
	if err := json.Unmarshal([]byte(ws.mustRun("output", "-json", "acme_scim_groups").Stdout), &groups); err != nil {
		t.Fatal(err)
	}
	if groups["Engineering"] != group.ID || len(groups) != 1 {
		t.Errorf("the data source example lists groups %v, want Engineering = %s", groups, group.ID)
	}
	if got := ws.mustRun("output", "-raw", "acme_scim_token_last_four").Stdout; got != token[len(token)-4:] {
		t.Errorf("the data source example shows last four %q, want the token's", got)
	}
	ws.mustRun("plan", "-detailed-exitcode", "-input=false", "-no-color")
	// The data source reads at plan time, so a rotation below would leave
	// its output a plan behind: it has been checked, it goes.
	if err := os.Remove(filepath.Join(ws.Dir, "ds.tf")); err != nil {
		t.Fatal(err)
	}

	// reimported checks the plan after an import, applies it and checks the
	// token it puts into state. inState says whether the import already
	// happened (terraform import) or happens in the apply (an import block).
	reimported := func(how string, inState bool) {
		t.Helper()
		r := ws.run("plan", "-detailed-exitcode", "-input=false", "-no-color")
		if r.Code != 2 || !strings.Contains(r.Stdout, "rotation_trigger") || !strings.Contains(r.Stdout, "1 to change") {
			t.Fatalf("plan after %s exited %d, want a change of rotation_trigger\n%s\n%s", how, r.Code, tail(r.Stdout), r.Stderr)
		}
		if inState {
			if v, _ := ws.scimValues(address); v != "" {
				t.Fatalf("after %s the state has a bearer_token", how)
			}
		}
		ws.mustRun("apply", "-auto-approve", "-input=false", "-no-color")
		next, _ := ws.scimValues(address)
		expectSCIMToken(t, emuURL, baseURL, next, http.StatusOK, "rotated after "+how)
		expectSCIMToken(t, emuURL, baseURL, token, http.StatusUnauthorized, "previous")
		token = next
		ws.mustRun("plan", "-detailed-exitcode", "-input=false", "-no-color")
	}

	script := copyExample(t, ws, filepath.Join("resources", "stytch_b2b_scim_connection", "import.sh"), "import.sh")
	imports := 0
	for _, line := range strings.Split(script, "\n") {
		fields := strings.Fields(line)
		if len(fields) != 4 || fields[0] != "terraform" || fields[1] != "import" {
			continue
		}
		if fields[2] != address {
			t.Fatalf("import.sh imports %s, the example declares %s", fields[2], address)
		}
		ws.mustRun("state", "rm", "-no-color", address)
		ws.mustRun("import", "-input=false", "-no-color", address, realImportID(fields[3], values))
		reimported("terraform import "+fields[3], true)
		imports++
	}
	if imports != 2 {
		t.Fatalf("import.sh has %d import commands, want 2 (by id and by slug)", imports)
	}

	block := copyExample(t, ws, filepath.Join("resources", "stytch_b2b_scim_connection", "import-by-string-id.tf"), "import.tf")
	if err := ws.WriteFile("import.tf", importBlockID.ReplaceAllStringFunc(block, func(m string) string {
		return fmt.Sprintf("id = %q", realImportID(importBlockID.FindStringSubmatch(m)[1], values))
	})); err != nil {
		t.Fatal(err)
	}
	ws.mustRun("state", "rm", "-no-color", address)
	reimported("the import block", false)
	if err := os.Remove(filepath.Join(ws.Dir, "import.tf")); err != nil {
		t.Fatal(err)
	}

	// import-by-identity.tf (Terraform 1.12 and later): by the ids, and with
	// the slug in place of the organization's id, for which Terraform records
	// the id. The apply that imports also rotates the token, as the
	// example's rotation_trigger asks: the token in state works, and the
	// previous one no longer does.
	const dir = "stytch_b2b_scim_connection"
	runImportByIdentityExample(t, "import by identity", ws, dir, address, values, false, nil)
	runImportByIdentityExample(t, "import by identity with the slug", ws, dir, address, values, false,
		map[string]string{"organization_id": "acme"})
	if theCLI(t).AtLeast([3]int{1, 12, 0}) {
		next, _ := ws.scimValues(address)
		expectSCIMToken(t, emuURL, baseURL, next, http.StatusOK, "rotated by the import by identity")
		expectSCIMToken(t, emuURL, baseURL, token, http.StatusUnauthorized, "previous")
	}
	ws.mustRun("destroy", "-auto-approve", "-input=false", "-no-color")
	if emu.Len() != 0 {
		t.Fatalf("%d organizations left after destroy", emu.Len())
	}
}
