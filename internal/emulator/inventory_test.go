package emulator

import (
	"encoding/json"
	"net/http"
	"reflect"
	"testing"
)

// TestHoldings checks what Holdings reports for an organization with a SAML
// and an OIDC connection, two live members and a deleted one, and a SCIM
// connection, and for an organization with nothing.
func TestHoldings(t *testing.T) {
	h := newHarness(t)
	acme := h.create(map[string]any{"organization_name": "Acme", "organization_slug": "acme"})
	empty := h.create(map[string]any{"organization_name": "Empty", "organization_slug": "empty"})
	idOf := func(raw []byte, key string) string {
		var v map[string]json.RawMessage
		if err := json.Unmarshal(raw, &v); err != nil {
			t.Fatal(err)
		}
		var obj map[string]any
		if err := json.Unmarshal(v[key], &obj); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"connection_id", "member_id"} {
			if id, ok := obj[k].(string); ok {
				return id
			}
		}
		t.Fatalf("no id in %s", raw)
		return ""
	}
	saml := idOf(h.ok(http.MethodPost, "/v1/b2b/sso/saml/acme", map[string]any{"display_name": "Okta"}), "connection")
	oidc := idOf(h.ok(http.MethodPost, "/v1/b2b/sso/oidc/acme", map[string]any{"display_name": "Okta OIDC"}), "connection")
	alice := idOf(h.ok(http.MethodPost, membersPath("acme"), map[string]any{"email_address": "alice@acme.com"}), "member")
	bob := idOf(h.ok(http.MethodPost, membersPath("acme"), map[string]any{"email_address": "bob@acme.com"}), "member")
	gone := idOf(h.ok(http.MethodPost, membersPath("acme"), map[string]any{"email_address": "gone@acme.com"}), "member")
	h.ok(http.MethodDelete, membersPath("acme", gone), nil)
	scim := idOf(h.ok(http.MethodPost, "/v1/b2b/scim/acme/connection", map[string]any{"display_name": "Directory"}), "connection")

	got := h.srv.Holdings()
	if len(got) != 2 || got[0].Organization.OrganizationID != acme.OrganizationID || got[1].Organization.OrganizationID != empty.OrganizationID {
		t.Fatalf("holdings of %d organizations: %+v", len(got), got)
	}
	want := Holdings{
		Organization:    got[0].Organization,
		SAMLConnections: []string{saml}, OIDCConnections: []string{oidc},
		Members:     map[string]string{"alice@acme.com": alice, "bob@acme.com": bob},
		MemberCount: 2, SCIMConnection: scim,
	}
	if !reflect.DeepEqual(got[0], want) {
		t.Errorf("acme holds %+v, want %+v", got[0], want)
	}
	if g := got[1]; len(g.SAMLConnections)+len(g.OIDCConnections)+len(g.ExternalConnections) != 0 ||
		g.MemberCount != 0 || len(g.Members) != 0 || g.SCIMConnection != "" {
		t.Errorf("empty holds %+v", g)
	}
}
