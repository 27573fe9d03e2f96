package stytch

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
)

// RBAC answers that fill every field of the client's types.
const (
	orgPolicyEnvelope = `{"request_id":"request-id-test-1","org_policy":{"roles":[` +
		`{"role_id":"reader","description":"Reads documents","permissions":[{"resource_id":"documents","actions":["read","list"]}]},` +
		`{"role_id":"org-admin","description":"Everything on members","permissions":[{"resource_id":"stytch.member","actions":["*"]}]}` +
		`]},"status_code":200}`
	projectPolicyEnvelope = `{"request_id":"request-id-test-1","status_code":200,"policy":{` +
		`"roles":[{"role_id":"stytch_admin","description":"Admin","permissions":[{"resource_id":"stytch.member","actions":["*"]}]}],` +
		`"resources":[{"resource_id":"documents","description":"Documents","actions":["read","list","write"]}],` +
		`"scopes":[{"scope":"read:documents","description":"","permissions":[{"resource_id":"documents","actions":["read"]}]}]}}`
)

func wantOrgPolicy() *OrgPolicy {
	return &OrgPolicy{Roles: []CustomRole{
		{RoleID: "reader", Description: "Reads documents", Permissions: []RolePermission{{ResourceID: "documents", Actions: []string{"read", "list"}}}},
		{RoleID: "org-admin", Description: "Everything on members", Permissions: []RolePermission{{ResourceID: "stytch.member", Actions: []string{"*"}}}},
	}}
}

func wantProjectPolicy() *ProjectPolicy {
	return &ProjectPolicy{
		Roles:     []CustomRole{{RoleID: "stytch_admin", Description: "Admin", Permissions: []RolePermission{{ResourceID: "stytch.member", Actions: []string{"*"}}}}},
		Resources: []PolicyResource{{ResourceID: "documents", Description: "Documents", Actions: []string{"read", "list", "write"}}},
	}
}

func TestRBACExpectedValuesFillEveryField(t *testing.T) {
	for name, v := range map[string]any{"OrgPolicy": wantOrgPolicy(), "ProjectPolicy": wantProjectPolicy()} {
		if zero := zeroFields(name, reflect.ValueOf(v)); len(zero) > 0 {
			t.Errorf("the expected value leaves fields unchecked: %v", zero)
		}
	}
}

func TestRBACRequestShape(t *testing.T) {
	orgPath := "/v1/b2b/rbac/organizations/" + escOrg
	emptyAnswer := `{"request_id":"r","org_policy":{"roles":[]},"status_code":200}`
	tests := []requestCase{
		{
			name: "get organization policy",
			call: func(ctx context.Context, c *Client) error {
				policy, err := c.GetOrganizationRBACPolicy(ctx, rawOrg)
				if err != nil {
					return err
				}
				return sameValue("policy", policy, wantOrgPolicy())
			},
			response:   orgPolicyEnvelope,
			wantMethod: http.MethodGet,
			wantURI:    orgPath,
		},
		{
			name: "set organization policy",
			call: func(ctx context.Context, c *Client) error {
				policy, err := c.SetOrganizationRBACPolicy(ctx, rawOrg, *wantOrgPolicy())
				if err != nil {
					return err
				}
				return sameValue("policy", policy, wantOrgPolicy())
			},
			response:   orgPolicyEnvelope,
			wantMethod: http.MethodPut,
			wantURI:    orgPath,
			wantBody: `{"org_policy":{"roles":[{"role_id":"reader","description":"Reads documents","permissions":[{"resource_id":"documents","actions":["read","list"]}]},` +
				`{"role_id":"org-admin","description":"Everything on members","permissions":[{"resource_id":"stytch.member","actions":["*"]}]}]}}`,
		},
		{
			name: "set an empty policy from nil",
			call: func(ctx context.Context, c *Client) error {
				policy, err := c.SetOrganizationRBACPolicy(ctx, rawOrg, OrgPolicy{})
				if err != nil {
					return err
				}
				return sameValue("policy", policy, &OrgPolicy{Roles: []CustomRole{}})
			},
			response:   emptyAnswer,
			wantMethod: http.MethodPut,
			wantURI:    orgPath,
			wantBody:   `{"org_policy":{"roles":[]}}`,
		},
		{
			name: "set an empty policy from an empty list",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.SetOrganizationRBACPolicy(ctx, rawOrg, OrgPolicy{Roles: []CustomRole{}})
				return err
			},
			response:   emptyAnswer,
			wantMethod: http.MethodPut,
			wantURI:    orgPath,
			wantBody:   `{"org_policy":{"roles":[]}}`,
		},
		{
			name: "set roles without permissions or actions",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.SetOrganizationRBACPolicy(ctx, rawOrg, OrgPolicy{Roles: []CustomRole{
					{RoleID: "nobody"},
					{RoleID: "empty", Permissions: []RolePermission{}},
					{RoleID: "no-actions", Permissions: []RolePermission{{ResourceID: "documents"}}},
				}})
				return err
			},
			response:   emptyAnswer,
			wantMethod: http.MethodPut,
			wantURI:    orgPath,
			wantBody: `{"org_policy":{"roles":[{"role_id":"nobody","description":"","permissions":[]},{"role_id":"empty","description":"","permissions":[]},` +
				`{"role_id":"no-actions","description":"","permissions":[{"resource_id":"documents","actions":[]}]}]}}`,
		},
		{
			name: "get project policy",
			call: func(ctx context.Context, c *Client) error {
				policy, err := c.GetProjectRBACPolicy(ctx)
				if err != nil {
					return err
				}
				return sameValue("policy", policy, wantProjectPolicy())
			},
			response:   projectPolicyEnvelope,
			wantMethod: http.MethodGet,
			wantURI:    "/v1/b2b/rbac/policy",
		},
	}
	checkRequests(t, tests)
}

// The client fills in the empty lists on a copy: the caller's policy, which
// may be the provider's plan, is left as it was.
func TestSetOrganizationRBACPolicyLeavesCallerAlone(t *testing.T) {
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, orgPolicyEnvelope)
	})
	c := newTestClient(t, srv.URL, nil)
	policy := OrgPolicy{Roles: []CustomRole{{RoleID: "nobody"}, {RoleID: "r", Permissions: []RolePermission{{ResourceID: "documents"}}}}}
	if _, err := c.SetOrganizationRBACPolicy(testContext(t), "org-1", policy); err != nil {
		t.Fatal(err)
	}
	if policy.Roles[0].Permissions != nil || policy.Roles[1].Permissions[0].Actions != nil {
		t.Errorf("the caller's policy was modified: %#v", policy)
	}
}

// Lists Stytch leaves out or sends as null decode as empty lists; an answer
// without the policy object is an error, not an empty policy.
func TestRBACDecoding(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		call    func(ctx context.Context, c *Client) (any, error)
		want    any
		wantErr string
	}{
		{"org policy without roles", `{"request_id":"r","org_policy":{},"status_code":200}`, getOrgPolicy,
			&OrgPolicy{Roles: []CustomRole{}}, ""},
		{"org policy with null roles", `{"request_id":"r","org_policy":{"roles":null},"status_code":200}`, getOrgPolicy,
			&OrgPolicy{Roles: []CustomRole{}}, ""},
		{"org role with null lists", `{"request_id":"r","org_policy":{"roles":[{"role_id":"a","description":"d","permissions":null},{"role_id":"b","description":"","permissions":[{"resource_id":"x","actions":null}]}]},"status_code":200}`,
			getOrgPolicy,
			&OrgPolicy{Roles: []CustomRole{
				{RoleID: "a", Description: "d", Permissions: []RolePermission{}},
				{RoleID: "b", Permissions: []RolePermission{{ResourceID: "x", Actions: []string{}}}},
			}}, ""},
		{"org policy missing", `{"request_id":"r","status_code":200}`, getOrgPolicy, nil, "no org_policy object"},
		{"org policy null after a set", `{"request_id":"r","org_policy":null,"status_code":200}`,
			func(ctx context.Context, c *Client) (any, error) {
				return c.SetOrganizationRBACPolicy(ctx, "org-1", OrgPolicy{})
			}, nil, "no org_policy object"},
		{"project policy with empty lists left out", `{"request_id":"r","status_code":200,"policy":{"resources":[{"resource_id":"x","description":""}]}}`,
			getProjectPolicy, &ProjectPolicy{Roles: []CustomRole{}, Resources: []PolicyResource{{ResourceID: "x", Actions: []string{}}}}, ""},
		{"project policy missing", `{"request_id":"r","status_code":200}`, getProjectPolicy, nil, "no policy object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, http.StatusOK, tt.body)
			})
			c := newTestClient(t, srv.URL, nil)
			got, err := tt.call(testContext(t), c)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || IsNotFound(err) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if err := sameValue("policy", got, tt.want); err != nil {
				t.Error(err)
			}
		})
	}
}

func getOrgPolicy(ctx context.Context, c *Client) (any, error) {
	return c.GetOrganizationRBACPolicy(ctx, "org-1")
}

func getProjectPolicy(ctx context.Context, c *Client) (any, error) {
	return c.GetProjectRBACPolicy(ctx)
}

func rbacCalls() []scimCall {
	return []scimCall{
		{"get organization policy", orgPolicyEnvelope, func(ctx context.Context, c *Client) error {
			_, err := c.GetOrganizationRBACPolicy(ctx, "org-1")
			return err
		}},
		{"set organization policy", orgPolicyEnvelope, func(ctx context.Context, c *Client) error {
			_, err := c.SetOrganizationRBACPolicy(ctx, "org-1", *wantOrgPolicy())
			return err
		}},
		{"get project policy", projectPolicyEnvelope, func(ctx context.Context, c *Client) error {
			_, err := c.GetProjectRBACPolicy(ctx)
			return err
		}},
	}
}

// Every RBAC call reads or replaces a whole document, so each is repeated
// after a 5xx or a 429.
func TestRBACCallsRetried(t *testing.T) {
	for _, status := range []int{http.StatusServiceUnavailable, http.StatusTooManyRequests} {
		for _, tt := range rbacCalls() {
			t.Run(http.StatusText(status)+"/"+tt.name, func(t *testing.T) {
				hits, url := failingServer(t, 2, status, tt.success)
				c := newTestClient(t, url, func(cfg *Config) { cfg.MaxRetries = 3 })
				if err := tt.call(testContext(t), c); err != nil {
					t.Fatalf("call: %v", err)
				}
				if n := hits.Load(); n != 3 {
					t.Errorf("server hits = %d, want 3", n)
				}
			})
		}
	}
}

func TestRBACErrorDecoding(t *testing.T) {
	tests := []struct {
		name      string
		status    int
		errorType string
		call      func(ctx context.Context, c *Client) error
		wantPath  string
		notFound  bool
	}{
		{"missing organization", 404, ErrorTypeOrganizationNotFound, func(ctx context.Context, c *Client) error {
			_, err := c.GetOrganizationRBACPolicy(ctx, "org-1")
			return err
		}, "/v1/b2b/rbac/organizations/org-1", true},
		{"duplicate role", 400, "rbac_role_duplicate", func(ctx context.Context, c *Client) error {
			_, err := c.SetOrganizationRBACPolicy(ctx, "org-1", *wantOrgPolicy())
			return err
		}, "/v1/b2b/rbac/organizations/org-1", false},
		{"bad credentials", 401, "unauthorized_credentials", func(ctx context.Context, c *Client) error {
			_, err := c.GetProjectRBACPolicy(ctx)
			return err
		}, "/v1/b2b/rbac/policy", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hits atomic.Int32
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				writeJSON(w, tt.status, errorJSON(tt.status, tt.errorType, "req-err"))
			})
			c := newTestClient(t, srv.URL, nil)
			err := tt.call(testContext(t), c)
			apiErr, ok := AsError(err)
			if !ok {
				t.Fatalf("err = %T %v, want *Error", err, err)
			}
			if apiErr.StatusCode != tt.status || apiErr.ErrorType != tt.errorType || apiErr.RequestID != "req-err" || apiErr.Path != tt.wantPath {
				t.Errorf("error = %+v", apiErr)
			}
			if IsNotFound(err) != tt.notFound {
				t.Errorf("IsNotFound = %v, want %v", IsNotFound(err), tt.notFound)
			}
			var u *UncertainOutcomeError
			if errors.As(err, &u) {
				t.Errorf("an RBAC call is never uncertain: %v", err)
			}
			if n := hits.Load(); n != 1 {
				t.Errorf("server hits = %d, want 1 (a 4xx is not retried)", n)
			}
		})
	}
}

func TestRBACEmptyOrganizationRejectedWithoutRequest(t *testing.T) {
	var hits atomic.Int32
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		writeJSON(w, http.StatusOK, orgPolicyEnvelope)
	})
	c := newTestClient(t, srv.URL, nil)
	ctx := testContext(t)
	if _, err := c.GetOrganizationRBACPolicy(ctx, ""); err == nil || !strings.Contains(err.Error(), "required") {
		t.Errorf("get = %v, want a 'required' error", err)
	}
	if _, err := c.SetOrganizationRBACPolicy(ctx, "", OrgPolicy{}); err == nil || !strings.Contains(err.Error(), "required") {
		t.Errorf("set = %v, want a 'required' error", err)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("server saw %d requests, want 0", n)
	}
}
