package emulator

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// ---------------------------------------------------------------------------
// Helpers.

const (
	rbacPolicyPath  = rbacBasePath + "/policy"
	testPolicyFile  = "testdata/rbac-policy.json"
	orgPolicyPrefix = rbacBasePath + "/organizations/"
)

// newPolicyHarness is a harness whose project policy is testdata/rbac-policy.json
// (resources documents and reports, roles editor and auditor).
func newPolicyHarness(t *testing.T, extraRoles ...string) *harness {
	t.Helper()
	policy, err := LoadProjectPolicy(testPolicyFile)
	if err != nil {
		t.Fatal(err)
	}
	return newHarnessWith(t, Options{ProjectPolicy: policy, ProjectRoles: extraRoles})
}

// orgPolicyOf decodes an {org_policy} answer.
func orgPolicyOf(t *testing.T, raw []byte) []stytch.CustomRole {
	t.Helper()
	var env struct {
		OrgPolicy *struct {
			Roles []stytch.CustomRole `json:"roles"`
		} `json:"org_policy"`
	}
	decodeInto(t, raw, &env)
	if env.OrgPolicy == nil || env.OrgPolicy.Roles == nil {
		t.Fatalf("answer without org_policy.roles: %s", raw)
	}
	return env.OrgPolicy.Roles
}

func (h *harness) getOrgPolicy(org string) []stytch.CustomRole {
	h.t.Helper()
	return orgPolicyOf(h.t, h.ok(http.MethodGet, orgPolicyPrefix+org, nil))
}

func (h *harness) setOrgPolicy(org string, roles any) []stytch.CustomRole {
	h.t.Helper()
	return orgPolicyOf(h.t, h.ok(http.MethodPut, orgPolicyPrefix+org, map[string]any{"org_policy": map[string]any{"roles": roles}}))
}

// role builds an org policy role; perms alternate resource ids and action
// lists.
func role(id, description string, perms ...any) map[string]any {
	list := []map[string]any{}
	for i := 0; i+1 < len(perms); i += 2 {
		list = append(list, map[string]any{"resource_id": perms[i], "actions": perms[i+1]})
	}
	return map[string]any{"role_id": id, "description": description, "permissions": list}
}

// ---------------------------------------------------------------------------
// Project policy.

func TestProjectPolicyDefaults(t *testing.T) {
	h := newHarness(t)
	raw := h.ok(http.MethodGet, rbacPolicyPath, nil)
	var env struct {
		Policy json.RawMessage `json:"policy"`
	}
	decodeInto(t, raw, &env)
	wantKeys(t, "policy", env.Policy, []string{"resources", "roles", "scopes"})
	var p ProjectPolicy
	decodeInto(t, env.Policy, &p)
	var resources, roles []string
	for _, r := range p.Resources {
		resources = append(resources, r.ResourceID)
		if len(r.Actions) == 0 || r.Description == "" {
			t.Errorf("default resource %+v", r)
		}
	}
	for _, r := range p.Roles {
		roles = append(roles, r.RoleID)
	}
	if want := []string{"stytch.organization", "stytch.member", "stytch.sso", "stytch.scim", "stytch.self"}; !slices.Equal(resources, want) {
		t.Errorf("resources %v, want %v", resources, want)
	}
	if !slices.Equal(roles, []string{"stytch_member", "stytch_admin"}) || len(p.Scopes) != 0 || p.Scopes == nil {
		t.Errorf("roles %v scopes %v", roles, p.Scopes)
	}
	if sso := p.Resources[2]; !slices.Equal(sso.Actions, []string{"create", "get", "update", "delete"}) {
		t.Errorf("stytch.sso actions %v", sso.Actions)
	}
	if admin := p.Roles[1]; len(admin.Permissions) != 4 || admin.Permissions[3].ResourceID != "stytch.scim" || !slices.Equal(admin.Permissions[3].Actions, []string{"*"}) {
		t.Errorf("stytch_admin %+v", admin)
	}
	// Basic auth is required; only GET is served.
	code, body := h.do(http.MethodGet, rbacPolicyPath, nil, noAuth{})
	wantError(t, code, body, http.StatusUnauthorized, "unauthorized_credentials")
	code, body = h.do(http.MethodPut, rbacPolicyPath, map[string]any{})
	wantError(t, code, body, http.StatusMethodNotAllowed, "method_not_allowed")
}

func TestProjectPolicyFromOptions(t *testing.T) {
	h := newPolicyHarness(t, "viewer", "editor", "")
	var env struct {
		Policy ProjectPolicy `json:"policy"`
	}
	decodeInto(t, h.ok(http.MethodGet, rbacPolicyPath, nil), &env)
	var roles, resources []string
	for _, r := range env.Policy.Roles {
		roles = append(roles, r.RoleID)
	}
	for _, r := range env.Policy.Resources {
		resources = append(resources, r.ResourceID)
	}
	// Stytch's defaults first, then the file's, then -project-roles that are
	// new (editor is already defined).
	if want := []string{"stytch_member", "stytch_admin", "editor", "auditor", "viewer"}; !slices.Equal(roles, want) {
		t.Errorf("roles %v, want %v", roles, want)
	}
	if want := []string{"stytch.organization", "stytch.member", "stytch.sso", "stytch.scim", "stytch.self", "documents", "reports"}; !slices.Equal(resources, want) {
		t.Errorf("resources %v, want %v", resources, want)
	}
	if v := env.Policy.Roles[4]; v.Description != "" || v.Permissions == nil || len(v.Permissions) != 0 {
		t.Errorf("extra role %+v", v)
	}

	// Members may be given the project's roles.
	h.create(base(nil))
	m := h.createMember("acme", map[string]any{"email_address": "a@example.com", "roles": []string{"editor", "auditor", "viewer", "stytch_admin"}})
	if got := roleIDs(m.Roles); !slices.Equal(got, []string{"editor", "auditor", "viewer", "stytch_admin"}) {
		t.Errorf("member roles %v", got)
	}
	code, body := h.do(http.MethodPost, membersPath("acme"), map[string]any{"email_address": "b@example.com", "roles": []string{"writer"}})
	wantError(t, code, body, http.StatusBadRequest, "invalid_rbac_role_id")
}

func TestParseProjectPolicy(t *testing.T) {
	// A file that redefines Stytch's defaults replaces them in place.
	p, err := ParseProjectPolicy([]byte(`{
		"resources": [{"resource_id": "stytch.sso", "description": "mine", "actions": ["get"]}],
		"roles": [{"role_id": "stytch_member", "description": "everyone", "permissions": [{"resource_id": "stytch.sso", "actions": ["get"]}]}]
	}`))
	if err != nil {
		t.Fatal(err)
	}
	if p.Resources[2].ResourceID != "stytch.sso" || p.Resources[2].Description != "mine" || !slices.Equal(p.Resources[2].Actions, []string{"get"}) || len(p.Resources) != 5 {
		t.Errorf("resources %+v", p.Resources)
	}
	if p.Roles[0].Description != "everyone" || len(p.Roles) != 2 || p.Roles[1].RoleID != "stytch_admin" {
		t.Errorf("roles %+v", p.Roles)
	}
	// An empty document is the default policy.
	p, err = ParseProjectPolicy([]byte(" {} "))
	if err != nil || len(p.Resources) != 5 || len(p.Roles) != 2 || p.Scopes == nil {
		t.Fatalf("{}: %+v %v", p, err)
	}

	for _, tc := range []struct{ name, doc, want string }{
		{"not JSON", `{"roles": [`, "invalid RBAC policy JSON"},
		{"not an object", `[]`, "must be one JSON object"},
		{"null", `null`, "must be one JSON object"},
		{"empty", ``, "must be one JSON object"},
		{"trailing data", `{} {}`, "data after the policy object"},
		{"unknown key", `{"policy": {}}`, `unknown field "policy"`},
		{"unknown nested key", `{"roles": [{"role_id": "a", "name": "A"}]}`, `unknown field "name"`},
		{"wrong type", `{"roles": {}}`, "invalid RBAC policy JSON"},
		{"duplicate resource", `{"resources": [{"resource_id": "docs", "actions": ["read"]}, {"resource_id": "docs", "actions": ["read"]}]}`, `resource "docs" is defined twice`},
		{"reserved resource twice", `{"resources": [{"resource_id": "stytch.sso", "actions": ["get"]}, {"resource_id": "stytch.sso", "actions": ["get"]}]}`, `resource "stytch.sso" is defined twice`},
		{"empty resource id", `{"resources": [{"resource_id": " ", "actions": ["read"]}]}`, "empty resource_id"},
		{"resource without actions", `{"resources": [{"resource_id": "docs"}]}`, `resource "docs" defines no actions`},
		{"empty action", `{"resources": [{"resource_id": "docs", "actions": [""]}]}`, "empty action"},
		{"wildcard action", `{"resources": [{"resource_id": "docs", "actions": ["*"]}]}`, "reserved"},
		{"duplicate action", `{"resources": [{"resource_id": "docs", "actions": ["read", "read"]}]}`, `action "read" twice`},
		{"duplicate role", `{"roles": [{"role_id": "a"}, {"role_id": "a"}]}`, `role "a" is defined twice`},
		{"reserved role twice", `{"roles": [{"role_id": "stytch_admin"}, {"role_id": "stytch_admin"}]}`, `role "stytch_admin" is defined twice`},
		{"empty role id", `{"roles": [{"role_id": ""}]}`, "empty role_id"},
		{"unknown resource", `{"roles": [{"role_id": "a", "permissions": [{"resource_id": "docs", "actions": ["read"]}]}]}`, `role "a": Resource "docs" is not defined`},
		{"unknown action", `{"roles": [{"role_id": "a", "permissions": [{"resource_id": "stytch.sso", "actions": ["read"]}]}]}`, `role "a": Action "read" is not defined on resource "stytch.sso"`},
		{"permission without actions", `{"roles": [{"role_id": "a", "permissions": [{"resource_id": "stytch.sso", "actions": []}]}]}`, "has no actions"},
		{"duplicate scope", `{"scopes": [{"scope": "read:docs"}, {"scope": "read:docs"}]}`, `scope "read:docs" is defined twice`},
		{"empty scope", `{"scopes": [{"scope": ""}]}`, "empty scope"},
		{"scope permission", `{"scopes": [{"scope": "s", "permissions": [{"resource_id": "x", "actions": ["*"]}]}]}`, `scope "s": Resource "x"`},
		// A redefined default resource loses actions the default roles do not use.
		{"default role on a redefined resource", `{"resources": [{"resource_id": "stytch.sso", "actions": ["get"]}], "roles": [{"role_id": "sso", "permissions": [{"resource_id": "stytch.sso", "actions": ["create"]}]}]}`, `Action "create" is not defined`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseProjectPolicy([]byte(tc.doc))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestLoadProjectPolicy(t *testing.T) {
	p, err := LoadProjectPolicy(testPolicyFile)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Resources) != 7 || len(p.Roles) != 4 || p.Roles[3].RoleID != "auditor" {
		t.Errorf("policy %+v", p)
	}
	if _, err := LoadProjectPolicy(filepath.Join(t.TempDir(), "missing.json")); err == nil || !os.IsNotExist(err) {
		t.Errorf("missing file: %v", err)
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(bad, []byte(`{"roles": [{"role_id": "a"}, {"role_id": "a"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadProjectPolicy(bad); err == nil || !strings.Contains(err.Error(), bad+": role \"a\" is defined twice") {
		t.Errorf("bad file: %v", err)
	}
}

// ---------------------------------------------------------------------------
// Organization policies.

func TestOrgPolicyGetAndSet(t *testing.T) {
	h := newPolicyHarness(t)
	org := h.create(base(map[string]any{"organization_external_id": "acme-ext"}))

	// An organization that never had a policy has no roles.
	raw := h.ok(http.MethodGet, orgPolicyPrefix+org.OrganizationID, nil)
	if !strings.Contains(string(raw), `"org_policy":{"roles":[]}`) {
		t.Errorf("empty policy %s", raw)
	}
	if org.CustomRoles == nil || len(org.CustomRoles) != 0 {
		t.Errorf("custom_roles %v", org.CustomRoles)
	}

	roles := []any{
		role("writer", "Writes documents", "documents", []string{"write", "read"}, "reports", []string{"*"}),
		role("reader", "", "documents", []string{"read"}),
		map[string]any{"role_id": "nobody"}, // no description, no permissions: the Go SDK omits empty ones
	}
	want := []stytch.CustomRole{
		{RoleID: "writer", Description: "Writes documents", Permissions: []stytch.RolePermission{{ResourceID: "documents", Actions: []string{"write", "read"}}, {ResourceID: "reports", Actions: []string{"*"}}}},
		{RoleID: "reader", Description: "", Permissions: []stytch.RolePermission{{ResourceID: "documents", Actions: []string{"read"}}}},
		{RoleID: "nobody", Description: "", Permissions: []stytch.RolePermission{}},
	}
	if got := h.setOrgPolicy("acme", roles); !reflect.DeepEqual(got, want) {
		t.Errorf("Set answered %+v, want %+v", got, want)
	}
	// Get by id, slug and external id; the organization mirrors the policy
	// in custom_roles, in the order set.
	for _, key := range []string{org.OrganizationID, "acme", "acme-ext"} {
		if got := h.getOrgPolicy(key); !reflect.DeepEqual(got, want) {
			t.Errorf("Get %s = %+v", key, got)
		}
	}
	got := h.get("acme")
	if !reflect.DeepEqual(got.CustomRoles, want) {
		t.Errorf("custom_roles %+v", got.CustomRoles)
	}
	// The policy is not an organization field: updated_at stays.
	if got.UpdatedAt != org.UpdatedAt {
		t.Errorf("updated_at %s, was %s", got.UpdatedAt, org.UpdatedAt)
	}

	// Set replaces; an org_policy without roles (what stytch-go sends for an
	// empty policy) and roles [] remove every role.
	if got := h.setOrgPolicy("acme", []any{role("reader", "r", "documents", []string{"read"})}); len(got) != 1 || got[0].Description != "r" {
		t.Errorf("replace: %+v", got)
	}
	if got := orgPolicyOf(t, h.ok(http.MethodPut, orgPolicyPrefix+"acme", map[string]any{"org_policy": map[string]any{}, "organization_id": "acme"})); len(got) != 0 {
		t.Errorf("org_policy {}: %+v", got)
	}
	h.setOrgPolicy("acme", []any{role("reader", "", "documents", []string{"read"})})
	if got := h.setOrgPolicy("acme", []any{}); len(got) != 0 || len(h.get("acme").CustomRoles) != 0 {
		t.Errorf("roles []: %+v", got)
	}

	for _, tc := range []struct {
		body    any
		status  int
		errType string
	}{
		{map[string]any{}, 400, "bad_request"},
		{map[string]any{"org_policy": nil}, 400, "bad_request"},
		{map[string]any{"org_policy": []any{}}, 400, "bad_request"},
		{map[string]any{"org_policy": map[string]any{"roles": "x"}}, 400, "bad_request"},
		{map[string]any{"org_policy": map[string]any{"roles": []any{nil}}}, 400, "bad_request"},
		{map[string]any{"org_policy": map[string]any{"roles": []any{map[string]any{"role_id": 1}}}}, 400, "bad_request"},
		{map[string]any{"org_policy": map[string]any{"roles": []any{map[string]any{"role_id": "a", "permissions": []any{nil}}}}}, 400, "bad_request"},
		{map[string]any{"org_policy": map[string]any{"roles": []any{map[string]any{"role_id": "a", "permissions": []any{map[string]any{"resource_id": "documents", "actions": "read"}}}}}}, 400, "bad_request"},
		{rawBody("[]"), 400, "bad_request"},
	} {
		code, body := h.do(http.MethodPut, orgPolicyPrefix+"acme", tc.body)
		wantError(t, code, body, tc.status, tc.errType)
	}
	code, body := h.do(http.MethodGet, orgPolicyPrefix+"missing", nil)
	wantError(t, code, body, http.StatusNotFound, "organization_not_found")
	code, body = h.do(http.MethodPut, orgPolicyPrefix+"missing", map[string]any{"org_policy": map[string]any{"roles": []any{}}})
	wantError(t, code, body, http.StatusNotFound, "organization_not_found")
	code, body = h.do(http.MethodGet, orgPolicyPrefix+"acme", nil, noAuth{})
	wantError(t, code, body, http.StatusUnauthorized, "unauthorized_credentials")
	code, body = h.do(http.MethodDelete, orgPolicyPrefix+"acme", nil)
	wantError(t, code, body, http.StatusMethodNotAllowed, "method_not_allowed")
}

func TestOrgPolicyValidation(t *testing.T) {
	h := newPolicyHarness(t, "viewer")
	h.create(base(nil))
	kept := []any{role("kept", "", "documents", []string{"read"})}
	h.setOrgPolicy("acme", kept)

	long := strings.Repeat("r", maxRBACRoleIDLen)
	for _, tc := range []struct {
		name    string
		roles   []any
		errType string
		message string // a part of error_message
	}{
		{"empty role id", []any{role("", "")}, "empty_rbac_role_id", "Role 2 "}, // "fine" is role 1
		{"blank role id", []any{role("ok", ""), role("  ", "")}, "empty_rbac_role_id", "Role 3 "},
		{"role id too long", []any{role(long+"é", "")}, "rbac_role_id_too_long", "at most 100"},
		{"stytch_admin", []any{role("stytch_admin", "")}, "invalid_rbac_stytch_role_edit", `"stytch_admin"`},
		{"stytch_member", []any{role("stytch_member", "")}, "invalid_rbac_stytch_role_edit", `"stytch_member"`},
		{"stytch_ prefix", []any{role("stytch_custom", "")}, "invalid_rbac_stytch_role_edit", `"stytch_custom"`},
		{"project role from the file", []any{role("editor", "")}, "rbac_org_custom_roles_only", `"editor"`},
		{"project role from ProjectRoles", []any{role("viewer", "")}, "rbac_org_custom_roles_only", `"viewer"`},
		{"duplicate role", []any{role("a", ""), role("b", ""), role("a", "")}, "rbac_role_duplicate", `"a"`},
		{"description too long", []any{role("a", strings.Repeat("d", maxRBACDescriptionLen+1))}, "rbac_description_too_long", `"a"`},
		{"empty resource id", []any{role("a", "", "", []string{"read"})}, "empty_rbac_resource_id", `"a"`},
		{"unknown resource", []any{role("a", "", "invoices", []string{"read"})}, "invalid_permission_resource", `"invoices"`},
		{"no actions", []any{role("a", "", "documents", []string{})}, "rbac_permission_missing_actions", `"documents"`},
		{"null actions", []any{role("a", "", "documents", nil)}, "rbac_permission_missing_actions", `"documents"`},
		{"wildcard with others", []any{role("a", "", "documents", []string{"read", "*"})}, "cannot_specify_wildcard_with_other_actions", `"documents"`},
		{"empty action", []any{role("a", "", "documents", []string{"read", " "})}, "invalid_permission_action", `"documents"`},
		{"unknown action", []any{role("a", "", "documents", []string{"read", "share"})}, "invalid_permission_action", `"share"`},
		{"action of another resource", []any{role("a", "", "reports", []string{"write"})}, "invalid_permission_action", `"write"`},
		{"duplicate action", []any{role("a", "", "documents", []string{"read", "read"})}, "rbac_action_duplicate", `"read"`},
		{"reserved resource, unknown action", []any{role("a", "", "stytch.member", []string{"fly"})}, "invalid_permission_action", `"fly"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// A valid role comes first: nothing changes unless the whole
			// policy is valid.
			roles := append([]any{role("fine", "", "stytch.scim", []string{"get"})}, tc.roles...)
			code, body := h.do(http.MethodPut, orgPolicyPrefix+"acme", map[string]any{"org_policy": map[string]any{"roles": roles}})
			e := wantError(t, code, body, http.StatusBadRequest, tc.errType)
			if !strings.Contains(e.ErrorMessage, tc.message) {
				t.Errorf("error_message %q lacks %q", e.ErrorMessage, tc.message)
			}
			if got := h.getOrgPolicy("acme"); len(got) != 1 || got[0].RoleID != "kept" {
				t.Errorf("policy changed: %+v", got)
			}
		})
	}

	// At the limits, and with Stytch's resources and a role without
	// permissions, the policy is accepted.
	ok := []any{
		role(long, strings.Repeat("d", maxRBACDescriptionLen), "documents", []string{"*"}),
		role("sso-admin", "", "stytch.sso", []string{"create", "get", "update", "delete"}, "stytch.member", []string{"search"}),
		role("empty", ""),
	}
	if got := h.setOrgPolicy("acme", ok); len(got) != 3 {
		t.Errorf("valid policy: %+v", got)
	}
}

func TestOrgPolicyRoleRemoval(t *testing.T) {
	h := newPolicyHarness(t)
	org := h.create(base(map[string]any{
		"email_allowed_domains": []string{"example.com"},
	}))
	h.setOrgPolicy("acme", []any{role("writer", "", "documents", []string{"write"}), role("reader", "", "documents", []string{"read"})})

	// A member may be given the organization's roles, explicitly and through
	// the organization's implicit assignments.
	m := h.createMember("acme", map[string]any{"email_address": "a@example.com", "roles": []string{"writer", "editor", "reader"}})
	if got := roleIDs(m.Roles); !slices.Equal(got, []string{"writer", "editor", "reader"}) {
		t.Fatalf("roles %v", got)
	}
	deleted := h.createMember("acme", map[string]any{"email_address": "gone@example.com", "roles": []string{"writer"}})
	h.ok(http.MethodDelete, membersPath("acme", deleted.MemberID), nil)
	h.update("acme", map[string]any{"rbac_email_implicit_role_assignments": []map[string]string{
		{"domain": "example.com", "role_id": "writer"}, {"domain": "example.com", "role_id": "reader"},
	}})
	saml := h.createSAML("acme", map[string]any{"display_name": "IdP"})
	h.updateSAML("acme", saml.ConnectionID, map[string]any{
		"attribute_mapping":                         map[string]string{"email": "email", "full_name": "name", "groups": "groups"},
		"saml_connection_implicit_role_assignments": []map[string]string{{"role_id": "writer"}, {"role_id": "editor"}},
		"saml_group_implicit_role_assignments":      []map[string]string{{"role_id": "writer", "group": "eng"}, {"role_id": "reader", "group": "eng"}},
	})
	sc := h.createSCIM("acme", nil)
	group := h.pushGroup(sc.ConnectionID, sc.BearerToken, "Engineering")
	h.updateSCIM("acme", sc.ConnectionID, map[string]any{"scim_group_implicit_role_assignments": []map[string]string{
		{"group_id": group, "role_id": "writer"}, {"group_id": group, "role_id": "reader"},
	}})

	// writer leaves the policy: it leaves everything that named it.
	h.setOrgPolicy(org.OrganizationID, []any{role("reader", "", "documents", []string{"read"})})
	got := h.memberOK(http.MethodGet, memberGetPath("acme", "member_id", m.MemberID), nil)
	var explicit []string
	for _, r := range got.Member.Roles {
		if slices.ContainsFunc(r.Sources, func(s roleSource) bool { return s.Type == roleSourceDirect }) {
			explicit = append(explicit, r.RoleID)
		}
	}
	if !slices.Equal(explicit, []string{"editor", "reader"}) || slices.Contains(roleIDs(got.Member.Roles), "writer") {
		t.Errorf("member roles after removal %+v", got.Member.Roles)
	}
	o := h.get("acme")
	if want := []stytch.RoleAssignment{{Domain: "example.com", RoleID: "reader"}}; !reflect.DeepEqual(o.RBACEmailImplicitRoleAssignments, want) {
		t.Errorf("email assignments %+v", o.RBACEmailImplicitRoleAssignments)
	}
	if c := h.list("acme").SAMLConnections[0]; !reflect.DeepEqual(c.SAMLConnectionImplicitRoleAssignments, []connectionRoleAssignment{{RoleID: "editor"}}) ||
		!reflect.DeepEqual(c.SAMLGroupImplicitRoleAssignments, []groupRoleAssignment{{RoleID: "reader", Group: "eng"}}) {
		t.Errorf("SAML assignments %+v %+v", c.SAMLConnectionImplicitRoleAssignments, c.SAMLGroupImplicitRoleAssignments)
	}
	if a := h.getSCIM("acme").SCIMGroupImplicitRoleAssignments; len(a) != 1 || a[0].RoleID != "reader" {
		t.Errorf("SCIM assignments %+v", a)
	}
	// The deleted member comes back without it.
	back := h.memberOK(http.MethodPut, membersPath("acme", deleted.MemberID, "reactivate"), nil)
	if len(back.Member.Roles) != 1 || back.Member.Roles[0].RoleID != "reader" {
		t.Errorf("reactivated member roles %+v", back.Member.Roles)
	}
	// And the role can no longer be given.
	code, body := h.do(http.MethodPut, membersPath("acme", m.MemberID), map[string]any{"roles": []string{"writer"}})
	wantError(t, code, body, http.StatusBadRequest, "invalid_rbac_role_id")
}

// custom_roles is read-only: the organization's RBAC policy is the only way
// to change it.
func TestOrganizationCustomRolesReadOnly(t *testing.T) {
	h := newPolicyHarness(t)
	roles := []map[string]any{role("x", "", "documents", []string{"read"})}
	org := h.create(base(map[string]any{"custom_roles": roles}))
	if len(org.CustomRoles) != 0 {
		t.Errorf("Create wrote custom_roles: %+v", org.CustomRoles)
	}
	h.setOrgPolicy("acme", []any{role("kept", "", "documents", []string{"read"})})
	got := h.update("acme", map[string]any{"custom_roles": roles, "organization_name": "Renamed"})
	if len(got.CustomRoles) != 1 || got.CustomRoles[0].RoleID != "kept" || got.OrganizationName != "Renamed" {
		t.Errorf("Update wrote custom_roles: %+v", got.CustomRoles)
	}
}

func TestOrganizationDeleteDeletesPolicy(t *testing.T) {
	h := newPolicyHarness(t)
	h.create(base(nil))
	h.setOrgPolicy("acme", []any{role("writer", "", "documents", []string{"write"})})
	h.ok(http.MethodDelete, basePath+"/acme", nil)
	code, body := h.do(http.MethodGet, orgPolicyPrefix+"acme", nil)
	wantError(t, code, body, http.StatusNotFound, "organization_not_found")
	// A new organization with the same slug starts without roles.
	h.create(base(nil))
	if got := h.getOrgPolicy("acme"); len(got) != 0 {
		t.Errorf("policy of the new organization %+v", got)
	}
}

// roleIDs returns the role ids of member roles.
func roleIDs(roles []memberRole) []string {
	ids := make([]string, 0, len(roles))
	for _, r := range roles {
		ids = append(ids, r.RoleID)
	}
	return ids
}

// FuzzTenantBodies sends arbitrary bodies to the SCIM and RBAC write
// endpoints and to the SCIM protocol API. Whatever the body: never a panic or
// a 500, and always the error shape of the API it went to.
func FuzzTenantBodies(f *testing.F) {
	f.Add("POLICY", `{"org_policy":{"roles":[{"role_id":"a","description":"","permissions":[{"resource_id":"documents","actions":["read"]}]}]}}`)
	f.Add("POLICY", `{"org_policy":{"roles":[{"role_id":"stytch_x"},{"permissions":[null]}]}}`)
	f.Add("SCIMCREATE", `{"display_name":"x","identity_provider":"okta"}`)
	f.Add("SCIMUPDATE", `{"scim_group_implicit_role_assignments":[{"group_id":"g","role_id":"editor"},{}]}`)
	f.Add("GROUP", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"G"}`)
	f.Add("GROUP", `{"displayName":["x"]}`)
	f.Fuzz(func(t *testing.T, target, body string) {
		policy, err := LoadProjectPolicy(testPolicyFile)
		if err != nil {
			t.Fatal(err)
		}
		h := newHarnessWith(t, Options{ProjectPolicy: policy})
		h.create(base(nil))
		c := h.createSCIM("acme", nil)
		if target == "GROUP" {
			res := h.scimAs(http.MethodPost, c.ConnectionID, "Groups", c.BearerToken, rawBody(body))
			if res.code >= 500 {
				t.Fatalf("%q answered %d: %s", body, res.code, res.body)
			}
			if res.code >= 400 {
				var e scimError
				if json.Unmarshal(res.body, &e) != nil || e.Status != itoa(res.code) || e.Detail == "" {
					t.Fatalf("%q answered %d %s", body, res.code, res.body)
				}
			}
			return
		}
		method, path := http.MethodPut, orgPolicyPrefix+"acme"
		switch target {
		case "SCIMCREATE":
			h.ok(http.MethodDelete, scimPath("acme", c.ConnectionID), nil)
			method, path = http.MethodPost, scimPath("acme")
		case "SCIMUPDATE":
			path = scimPath("acme", c.ConnectionID)
		}
		code, raw := h.do(method, path, rawBody(body))
		if code >= 500 {
			t.Fatalf("%s %q answered %d: %s", target, body, code, raw)
		}
		var env struct {
			StatusCode int    `json:"status_code"`
			RequestID  string `json:"request_id"`
			ErrorType  string `json:"error_type"`
		}
		if err := json.Unmarshal(raw, &env); err != nil || env.StatusCode != code || env.RequestID == "" || (code >= 400 && env.ErrorType == "") {
			t.Fatalf("%s %q answered %d %s", target, body, code, raw)
		}
	})
}
