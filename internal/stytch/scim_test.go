package stytch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
)

// A fake SCIM token: 48 alphanumeric characters, as Stytch's.
const (
	scimTestToken     = "scimTokenTest0123456789abcdefghijklmnopqrstuvwxy"
	scimTestNextToken = "scimNextTokenTest0123456789abcdefghijklmnopqrstu"
)

// SCIM answers that fill every field of the client's types: a connection in
// the middle of a rotation, its create and rotation start answers, and a page
// of groups.
const (
	scimConnectionBody = `{"organization_id":"organization-test-1","connection_id":"scim-connection-test-1","status":"active",` +
		`"display_name":"Okta SCIM","identity_provider":"microsoft-entra",` +
		`"base_url":"https://test.stytch.com/v1/b2b/scim/scim-connection-test-1?aadOptscim062020","bearer_token_last_four":"wxy1",` +
		`"scim_group_implicit_role_assignments":[{"role_id":"reader","group_id":"scim-group-test-1","group_name":"Readers"}],` +
		`"next_bearer_token_last_four":"rstu","bearer_token_expires_at":"2030-01-02T03:04:05Z","next_bearer_token_expires_at":"2031-01-02T03:04:05Z"}`
	scimConnectionEnvelope = `{"request_id":"request-id-test-1","status_code":200,"connection":` + scimConnectionBody + `}`
	scimCreateEnvelope     = `{"request_id":"request-id-test-1","status_code":200,"connection":{"organization_id":"organization-test-1",` +
		`"connection_id":"scim-connection-test-1","status":"active","display_name":"Okta SCIM","identity_provider":"okta",` +
		`"base_url":"https://test.stytch.com/v1/b2b/scim/scim-connection-test-1","bearer_token":"` + scimTestToken + `",` +
		`"scim_group_implicit_role_assignments":[{"role_id":"reader","group_id":"scim-group-test-1","group_name":"Readers"}],` +
		`"bearer_token_expires_at":"2030-01-02T03:04:05Z"}}`
	scimStartEnvelope = `{"request_id":"request-id-test-1","status_code":200,"connection":{"organization_id":"organization-test-1",` +
		`"connection_id":"scim-connection-test-1","status":"active","display_name":"Okta SCIM",` +
		`"base_url":"https://test.stytch.com/v1/b2b/scim/scim-connection-test-1","identity_provider":"okta","bearer_token_last_four":"wxy1",` +
		`"next_bearer_token":"` + scimTestNextToken + `",` +
		`"scim_group_implicit_role_assignments":[{"role_id":"reader","group_id":"scim-group-test-1","group_name":"Readers"}],` +
		`"bearer_token_expires_at":"2030-01-02T03:04:05Z","next_bearer_token_expires_at":"2031-01-02T03:04:05Z"}}`
	scimGroupsEnvelope = `{"scim_groups":[{"group_id":"scim-group-test-1","group_name":"Readers","organization_id":"organization-test-1",` +
		`"connection_id":"scim-connection-test-1"}],"status_code":200,"next_cursor":"cursor-test-2"}`
	scimDeleteEnvelope = `{"request_id":"request-id-test-1","connection_id":"scim-connection-test-1","status_code":200}`
)

func wantSCIMConnection() *SCIMConnection {
	return &SCIMConnection{
		OrganizationID:                   "organization-test-1",
		ConnectionID:                     "scim-connection-test-1",
		Status:                           "active",
		DisplayName:                      "Okta SCIM",
		IdentityProvider:                 "microsoft-entra",
		BaseURL:                          "https://test.stytch.com/v1/b2b/scim/scim-connection-test-1?aadOptscim062020",
		BearerTokenLastFour:              "wxy1",
		SCIMGroupImplicitRoleAssignments: []SCIMGroupRoleAssignment{{RoleID: "reader", GroupID: "scim-group-test-1", GroupName: "Readers"}},
		NextBearerTokenLastFour:          "rstu",
		BearerTokenExpiresAt:             "2030-01-02T03:04:05Z",
		NextBearerTokenExpiresAt:         "2031-01-02T03:04:05Z",
	}
}

func wantSCIMCreated() *SCIMConnectionWithToken {
	return &SCIMConnectionWithToken{
		OrganizationID:                   "organization-test-1",
		ConnectionID:                     "scim-connection-test-1",
		Status:                           "active",
		DisplayName:                      "Okta SCIM",
		IdentityProvider:                 "okta",
		BaseURL:                          "https://test.stytch.com/v1/b2b/scim/scim-connection-test-1",
		BearerToken:                      scimTestToken,
		SCIMGroupImplicitRoleAssignments: []SCIMGroupRoleAssignment{{RoleID: "reader", GroupID: "scim-group-test-1", GroupName: "Readers"}},
		BearerTokenExpiresAt:             "2030-01-02T03:04:05Z",
	}
}

func wantSCIMStarted() *SCIMConnectionWithNextToken {
	return &SCIMConnectionWithNextToken{
		OrganizationID:                   "organization-test-1",
		ConnectionID:                     "scim-connection-test-1",
		Status:                           "active",
		DisplayName:                      "Okta SCIM",
		IdentityProvider:                 "okta",
		BaseURL:                          "https://test.stytch.com/v1/b2b/scim/scim-connection-test-1",
		BearerTokenLastFour:              "wxy1",
		NextBearerToken:                  scimTestNextToken,
		SCIMGroupImplicitRoleAssignments: []SCIMGroupRoleAssignment{{RoleID: "reader", GroupID: "scim-group-test-1", GroupName: "Readers"}},
		BearerTokenExpiresAt:             "2030-01-02T03:04:05Z",
		NextBearerTokenExpiresAt:         "2031-01-02T03:04:05Z",
	}
}

func wantSCIMGroupsPage() *SCIMGroupsPage {
	return &SCIMGroupsPage{
		Groups:     []SCIMGroup{{GroupID: "scim-group-test-1", GroupName: "Readers", OrganizationID: "organization-test-1", ConnectionID: "scim-connection-test-1"}},
		NextCursor: "cursor-test-2",
	}
}

// sameValue compares a decoded result with the expected one.
func sameValue(what string, got, want any) error {
	if reflect.DeepEqual(got, want) {
		return nil
	}
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	return fmt.Errorf("%s decoded as\n %s\nwant\n %s", what, g, w)
}

// The expected values fill every field, so decoding the answers above into
// them checks every JSON tag of the SCIM types.
func TestSCIMExpectedValuesFillEveryField(t *testing.T) {
	for name, v := range map[string]any{
		"SCIMConnection":              wantSCIMConnection(),
		"SCIMConnectionWithToken":     wantSCIMCreated(),
		"SCIMConnectionWithNextToken": wantSCIMStarted(),
		"SCIMGroupsPage":              wantSCIMGroupsPage(),
	} {
		if zero := zeroFields(name, reflect.ValueOf(v)); len(zero) > 0 {
			t.Errorf("the expected value leaves fields unchecked: %v", zero)
		}
	}
}

func TestSCIMRequestShape(t *testing.T) {
	str := func(s string) *string { return &s }
	connPath := "/v1/b2b/scim/" + escOrg + "/connection/" + escConn
	tests := []requestCase{
		{
			name: "create",
			call: func(ctx context.Context, c *Client) error {
				conn, err := c.CreateSCIMConnection(ctx, rawOrg, CreateSCIMConnectionRequest{DisplayName: "Okta SCIM", IdentityProvider: "okta"})
				if err != nil {
					return err
				}
				return sameValue("connection", conn, wantSCIMCreated())
			},
			response:   scimCreateEnvelope,
			wantMethod: http.MethodPost,
			wantURI:    "/v1/b2b/scim/" + escOrg + "/connection",
			wantBody:   `{"display_name":"Okta SCIM","identity_provider":"okta"}`,
		},
		{
			name: "create with nothing set",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.CreateSCIMConnection(ctx, rawOrg, CreateSCIMConnectionRequest{})
				return err
			},
			response:   scimCreateEnvelope,
			wantMethod: http.MethodPost,
			wantURI:    "/v1/b2b/scim/" + escOrg + "/connection",
			wantBody:   `{}`,
		},
		{
			name: "get",
			call: func(ctx context.Context, c *Client) error {
				conn, err := c.GetSCIMConnection(ctx, rawOrg)
				if err != nil {
					return err
				}
				return sameValue("connection", conn, wantSCIMConnection())
			},
			response:   scimConnectionEnvelope,
			wantMethod: http.MethodGet,
			wantURI:    "/v1/b2b/scim/" + escOrg + "/connection",
		},
		{
			name: "update every field, group_name left out",
			call: func(ctx context.Context, c *Client) error {
				assignments := []SCIMGroupRoleAssignment{
					{RoleID: "reader", GroupID: "scim-group-test-1", GroupName: "Readers"},
					{RoleID: "stytch_admin", GroupID: "scim-group-test-2"},
				}
				conn, err := c.UpdateSCIMConnection(ctx, rawOrg, rawConn, UpdateSCIMConnectionRequest{
					DisplayName:                      str("Okta SCIM"),
					IdentityProvider:                 str("microsoft-entra"),
					SCIMGroupImplicitRoleAssignments: &assignments,
				})
				if err != nil {
					return err
				}
				if assignments[0].GroupName != "Readers" {
					return fmt.Errorf("the caller's assignments were modified: %+v", assignments)
				}
				return sameValue("connection", conn, wantSCIMConnection())
			},
			response:   scimConnectionEnvelope,
			wantMethod: http.MethodPut,
			wantURI:    connPath,
			wantBody:   `{"display_name":"Okta SCIM","identity_provider":"microsoft-entra","scim_group_implicit_role_assignments":[{"role_id":"reader","group_id":"scim-group-test-1"},{"role_id":"stytch_admin","group_id":"scim-group-test-2"}]}`,
		},
		{
			name: "update clearing",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.UpdateSCIMConnection(ctx, rawOrg, rawConn, UpdateSCIMConnectionRequest{
					DisplayName:                      str(""),
					SCIMGroupImplicitRoleAssignments: &[]SCIMGroupRoleAssignment{},
				})
				return err
			},
			response:   scimConnectionEnvelope,
			wantMethod: http.MethodPut,
			wantURI:    connPath,
			wantBody:   `{"display_name":"","scim_group_implicit_role_assignments":[]}`,
		},
		{
			name: "update with a pointer to a nil list clears it",
			call: func(ctx context.Context, c *Client) error {
				var none []SCIMGroupRoleAssignment
				_, err := c.UpdateSCIMConnection(ctx, rawOrg, rawConn, UpdateSCIMConnectionRequest{SCIMGroupImplicitRoleAssignments: &none})
				return err
			},
			response:   scimConnectionEnvelope,
			wantMethod: http.MethodPut,
			wantURI:    connPath,
			wantBody:   `{"scim_group_implicit_role_assignments":[]}`,
		},
		{
			name: "update with nothing set",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.UpdateSCIMConnection(ctx, rawOrg, rawConn, UpdateSCIMConnectionRequest{})
				return err
			},
			response:   scimConnectionEnvelope,
			wantMethod: http.MethodPut,
			wantURI:    connPath,
			wantBody:   `{}`,
		},
		{
			name: "delete",
			call: func(ctx context.Context, c *Client) error {
				return c.DeleteSCIMConnection(ctx, rawOrg, rawConn)
			},
			response:   scimDeleteEnvelope,
			wantMethod: http.MethodDelete,
			wantURI:    connPath,
		},
		{
			name: "rotation start",
			call: func(ctx context.Context, c *Client) error {
				conn, err := c.StartSCIMTokenRotation(ctx, rawOrg, rawConn)
				if err != nil {
					return err
				}
				return sameValue("connection", conn, wantSCIMStarted())
			},
			response:   scimStartEnvelope,
			wantMethod: http.MethodPost,
			wantURI:    connPath + "/rotate/start",
			wantBody:   `{}`,
		},
		{
			name: "rotation complete",
			call: func(ctx context.Context, c *Client) error {
				conn, err := c.CompleteSCIMTokenRotation(ctx, rawOrg, rawConn)
				if err != nil {
					return err
				}
				return sameValue("connection", conn, wantSCIMConnection())
			},
			response:   scimConnectionEnvelope,
			wantMethod: http.MethodPost,
			wantURI:    connPath + "/rotate/complete",
			wantBody:   `{}`,
		},
		{
			name: "rotation cancel",
			call: func(ctx context.Context, c *Client) error {
				conn, err := c.CancelSCIMTokenRotation(ctx, rawOrg, rawConn)
				if err != nil {
					return err
				}
				return sameValue("connection", conn, wantSCIMConnection())
			},
			response:   scimConnectionEnvelope,
			wantMethod: http.MethodPost,
			wantURI:    connPath + "/rotate/cancel",
			wantBody:   `{}`,
		},
		{
			name: "groups, first page with Stytch's default size",
			call: func(ctx context.Context, c *Client) error {
				page, err := c.ListSCIMGroups(ctx, rawOrg, rawConn, "", 0)
				if err != nil {
					return err
				}
				return sameValue("page", page, wantSCIMGroupsPage())
			},
			response:   scimGroupsEnvelope,
			wantMethod: http.MethodGet,
			wantURI:    connPath,
		},
		{
			name: "groups with cursor and limit",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.ListSCIMGroups(ctx, rawOrg, rawConn, "cursor/2 &x", 50)
				return err
			},
			response:   scimGroupsEnvelope,
			wantMethod: http.MethodGet,
			wantURI:    connPath + "?cursor=cursor%2F2+%26x&limit=50",
		},
		{
			name: "groups with a limit above Stytch's maximum",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.ListSCIMGroups(ctx, rawOrg, rawConn, "", 5000)
				return err
			},
			response:   scimGroupsEnvelope,
			wantMethod: http.MethodGet,
			wantURI:    connPath + "?limit=1000",
		},
		{
			name: "groups with a negative limit",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.ListSCIMGroups(ctx, rawOrg, rawConn, "c1", -1)
				return err
			},
			response:   scimGroupsEnvelope,
			wantMethod: http.MethodGet,
			wantURI:    connPath + "?cursor=c1",
		},
		{
			name: "groups, last page without scim_groups or next_cursor",
			call: func(ctx context.Context, c *Client) error {
				page, err := c.ListSCIMGroups(ctx, rawOrg, rawConn, "", 0)
				if err != nil {
					return err
				}
				return sameValue("page", page, &SCIMGroupsPage{Groups: []SCIMGroup{}})
			},
			response:   `{"status_code":200,"next_cursor":null}`,
			wantMethod: http.MethodGet,
			wantURI:    connPath,
		},
	}
	checkRequests(t, tests)
}

// A success without a connection is how the SDKs' types allow Stytch to say
// that the organization has none: it is the same not-found error as
// no_active_scim_connection, with the answer's request id.
func TestGetSCIMConnectionAbsent(t *testing.T) {
	for _, body := range []string{
		`{"request_id":"request-id-test-none","status_code":200}`,
		`{"request_id":"request-id-test-none","status_code":200,"connection":null}`,
	} {
		var hits atomic.Int32
		srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
			hits.Add(1)
			writeJSON(w, http.StatusOK, body)
		})
		c := newTestClient(t, srv.URL, nil)
		conn, err := c.GetSCIMConnection(testContext(t), rawOrg)
		if conn != nil || !IsNotFound(err) || !IsErrorType(err, ErrorTypeNoActiveSCIMConnection) {
			t.Fatalf("%s: got %v, %v; want a not-found error", body, conn, err)
		}
		apiErr, _ := AsError(err)
		want := &Error{
			StatusCode: 404, ErrorType: "no_active_scim_connection", ErrorMessage: apiErr.ErrorMessage,
			RequestID: "request-id-test-none", Method: http.MethodGet, Path: "/v1/b2b/scim/" + escOrg + "/connection",
		}
		if !reflect.DeepEqual(apiErr, want) || apiErr.ErrorMessage == "" {
			t.Errorf("%s: error = %+v, want %+v", body, apiErr, want)
		}
		if n := hits.Load(); n != 1 {
			t.Errorf("%s: server hits = %d, want 1", body, n)
		}
	}
}

func TestSCIMErrorDecoding(t *testing.T) {
	tests := []struct {
		name      string
		status    int
		errorType string
		call      func(ctx context.Context, c *Client) error
		wantPath  string
		notFound  bool
	}{
		{"no connection", 404, ErrorTypeNoActiveSCIMConnection, func(ctx context.Context, c *Client) error {
			_, err := c.GetSCIMConnection(ctx, "org-1")
			return err
		}, "/v1/b2b/scim/org-1/connection", true},
		{"deleted connection", 404, ErrorTypeNoActiveSCIMConnection, func(ctx context.Context, c *Client) error {
			return c.DeleteSCIMConnection(ctx, "org-1", "scim-connection-test-1")
		}, "/v1/b2b/scim/org-1/connection/scim-connection-test-1", true},
		{"missing organization", 404, ErrorTypeOrganizationNotFound, func(ctx context.Context, c *Client) error {
			_, err := c.ListSCIMGroups(ctx, "org-1", "c", "", 0)
			return err
		}, "/v1/b2b/scim/org-1/connection/c", true},
		{"second connection", 400, ErrorTypeActiveSCIMConnectionExists, func(ctx context.Context, c *Client) error {
			_, err := c.CreateSCIMConnection(ctx, "org-1", CreateSCIMConnectionRequest{})
			return err
		}, "/v1/b2b/scim/org-1/connection", false},
		{"invalid identity provider", 400, "invalid_scim_idp", func(ctx context.Context, c *Client) error {
			_, err := c.CreateSCIMConnection(ctx, "org-1", CreateSCIMConnectionRequest{IdentityProvider: "nope"})
			return err
		}, "/v1/b2b/scim/org-1/connection", false},
		{"unknown group", 400, ErrorTypeSCIMGroupRoleAssignmentGroupDoesNotExist, func(ctx context.Context, c *Client) error {
			_, err := c.UpdateSCIMConnection(ctx, "org-1", "c", UpdateSCIMConnectionRequest{
				SCIMGroupImplicitRoleAssignments: &[]SCIMGroupRoleAssignment{{RoleID: "r", GroupID: "g"}},
			})
			return err
		}, "/v1/b2b/scim/org-1/connection/c", false},
		{"complete without rotation", 400, ErrorTypeSCIMConnectionNotRotatingToken, func(ctx context.Context, c *Client) error {
			_, err := c.CompleteSCIMTokenRotation(ctx, "org-1", "c")
			return err
		}, "/v1/b2b/scim/org-1/connection/c/rotate/complete", false},
		{"cancel without rotation", 400, ErrorTypeSCIMConnectionNotRotatingToken, func(ctx context.Context, c *Client) error {
			_, err := c.CancelSCIMTokenRotation(ctx, "org-1", "c")
			return err
		}, "/v1/b2b/scim/org-1/connection/c/rotate/cancel", false},
		{"a route, not an object", 404, "route_not_found", func(ctx context.Context, c *Client) error {
			_, err := c.GetSCIMConnection(ctx, "org-1")
			return err
		}, "/v1/b2b/scim/org-1/connection", false},
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
				t.Errorf("a 4xx is certain: %v", err)
			}
			if n := hits.Load(); n != 1 {
				t.Errorf("server hits = %d, want 1 (a 4xx is not retried)", n)
			}
		})
	}
}

// scimCall is one SCIM method, run against a server that answers success.
type scimCall struct {
	name    string
	success string
	call    func(ctx context.Context, c *Client) error
}

func idempotentSCIMCalls() []scimCall {
	name := "x"
	return []scimCall{
		{"get", scimConnectionEnvelope, func(ctx context.Context, c *Client) error {
			_, err := c.GetSCIMConnection(ctx, "org-1")
			return err
		}},
		{"update", scimConnectionEnvelope, func(ctx context.Context, c *Client) error {
			_, err := c.UpdateSCIMConnection(ctx, "org-1", "c", UpdateSCIMConnectionRequest{DisplayName: &name})
			return err
		}},
		{"delete", scimDeleteEnvelope, func(ctx context.Context, c *Client) error {
			return c.DeleteSCIMConnection(ctx, "org-1", "c")
		}},
		{"rotation start", scimStartEnvelope, func(ctx context.Context, c *Client) error {
			_, err := c.StartSCIMTokenRotation(ctx, "org-1", "c")
			return err
		}},
		{"groups", scimGroupsEnvelope, func(ctx context.Context, c *Client) error {
			_, err := c.ListSCIMGroups(ctx, "org-1", "c", "", 0)
			return err
		}},
	}
}

// unrepeatableSCIMCall is a call that is not safe to repeat, with what its
// error must say after an ambiguous failure.
type unrepeatableSCIMCall struct {
	scimCall
	connectionID string
	wantMessage  []string
}

func unrepeatableSCIMCalls() []unrepeatableSCIMCall {
	read := "GET /v1/b2b/scim/org-1/connection"
	return []unrepeatableSCIMCall{
		{scimCall{"create", scimCreateEnvelope, func(ctx context.Context, c *Client) error {
			_, err := c.CreateSCIMConnection(ctx, "org-1", CreateSCIMConnectionRequest{DisplayName: "Okta"})
			return err
		}}, "", []string{"a SCIM connection may have been created", `organization "org-1"`, read, "POST /v1/b2b/scim/org-1/connection/{connection_id}/rotate/start", "rotate/complete"}},
		{scimCall{"rotation complete", scimConnectionEnvelope, func(ctx context.Context, c *Client) error {
			_, err := c.CompleteSCIMTokenRotation(ctx, "org-1", "c")
			return err
		}}, "c", []string{`rotation of SCIM connection "c" may have been completed`, read, "bearer_token_last_four", "last four characters of the next token"}},
		{scimCall{"rotation cancel", scimConnectionEnvelope, func(ctx context.Context, c *Client) error {
			_, err := c.CancelSCIMTokenRotation(ctx, "org-1", "c")
			return err
		}}, "c", []string{`rotation of SCIM connection "c" may have been canceled`, read, "next_bearer_token_last_four", "last four characters of the next token"}},
	}
}

func TestSCIMIdempotentCallsRetriedOn5xx(t *testing.T) {
	for _, tt := range idempotentSCIMCalls() {
		t.Run(tt.name, func(t *testing.T) {
			hits, url := failingServer(t, 2, http.StatusServiceUnavailable, tt.success)
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

// The create and the rotation complete and cancel are not repeated after a
// 5xx; the error says what may have happened and how to find out.
func TestSCIMUnrepeatableCallsNotRetriedOn5xx(t *testing.T) {
	for _, tt := range unrepeatableSCIMCalls() {
		t.Run(tt.name, func(t *testing.T) {
			hits, url := failingServer(t, 1, http.StatusServiceUnavailable, tt.success)
			c := newTestClient(t, url, func(cfg *Config) { cfg.MaxRetries = 3 })
			err := tt.call(testContext(t), c)
			if n := hits.Load(); n != 1 {
				t.Errorf("server hits = %d, want 1", n)
			}
			var u *UncertainOutcomeError
			if !errors.As(err, &u) {
				t.Fatalf("err = %T %v, want *UncertainOutcomeError", err, err)
			}
			if u.OrganizationID != "org-1" || u.ConnectionID != tt.connectionID {
				t.Errorf("error names organization %q connection %q, want %q %q", u.OrganizationID, u.ConnectionID, "org-1", tt.connectionID)
			}
			if apiErr, ok := AsError(err); !ok || apiErr.StatusCode != 503 || apiErr.RequestID != "req-1" {
				t.Errorf("the error does not unwrap to the 503: %v", err)
			}
			for _, s := range tt.wantMessage {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("Error() = %q, missing %q", err, s)
				}
			}
		})
	}
}

// Stytch did nothing on a 429: every call, the unrepeatable ones included,
// is repeated.
func TestSCIMCallsRetriedOn429(t *testing.T) {
	calls := idempotentSCIMCalls()
	for _, u := range unrepeatableSCIMCalls() {
		calls = append(calls, u.scimCall)
	}
	for _, tt := range calls {
		t.Run(tt.name, func(t *testing.T) {
			hits, url := failingServer(t, 2, http.StatusTooManyRequests, tt.success)
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

// A connection never established sent nothing, so even the unrepeatable
// calls are repeated; a connection reset after sending is ambiguous and they
// are not, while the idempotent calls are.
func TestSCIMTransportErrors(t *testing.T) {
	tests := []struct {
		name      string
		errs      []error
		wantCalls int32
		wantOK    bool
	}{
		{"dial refused twice", []error{dialRefused(), dialRefused()}, 3, true},
		{"read reset", []error{&net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}}, 1, false},
		{"unexpected EOF", []error{io.ErrUnexpectedEOF}, 1, false},
	}
	run := func(t *testing.T, call scimCall, errs []error) (calls, hits int32, err error) {
		var served atomic.Int32
		srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
			served.Add(1)
			writeJSON(w, http.StatusOK, call.success)
		})
		tr := &scriptedTransport{errs: errs, next: srv.Client().Transport}
		c := newTestClient(t, srv.URL, func(cfg *Config) {
			cfg.HTTPClient = &http.Client{Transport: tr}
			cfg.MaxRetries = 3
		})
		err = call.call(testContext(t), c)
		return tr.calls.Load(), served.Load(), err
	}
	for _, tt := range tests {
		for _, call := range unrepeatableSCIMCalls() {
			t.Run(tt.name+"/"+call.name, func(t *testing.T) {
				calls, hits, err := run(t, call.scimCall, tt.errs)
				if calls != tt.wantCalls {
					t.Errorf("transport calls = %d, want %d", calls, tt.wantCalls)
				}
				if tt.wantOK {
					if err != nil || hits != 1 {
						t.Errorf("err = %v, server hits %d; want success on the attempt that connects", err, hits)
					}
					return
				}
				var u *UncertainOutcomeError
				if !errors.As(err, &u) || !errors.Is(err, tt.errs[0]) {
					t.Errorf("err = %v, want *UncertainOutcomeError wrapping %v", err, tt.errs[0])
				}
			})
		}
	}
	for _, call := range idempotentSCIMCalls() {
		t.Run("idempotent/"+call.name, func(t *testing.T) {
			reset := &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
			calls, _, err := run(t, call, []error{reset, io.ErrUnexpectedEOF})
			if err != nil {
				t.Fatalf("call: %v", err)
			}
			if calls != 3 {
				t.Errorf("transport calls = %d, want 3", calls)
			}
		})
	}
}

// A rotation complete whose context ends while the request is in flight may
// have happened: the error says so.
func TestSCIMCompleteContextCanceledIsUncertain(t *testing.T) {
	ctx, cancel := context.WithCancel(testContext(t))
	release := make(chan struct{})
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		cancel()
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	defer close(release)
	c := newTestClient(t, srv.URL, nil)
	_, err := c.CompleteSCIMTokenRotation(ctx, "org-1", "c")
	var u *UncertainOutcomeError
	if !errors.As(err, &u) || !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want *UncertainOutcomeError wrapping context.Canceled", err)
	}
}

// A success without the connection object: after the create, complete and
// cancel it is uncertain (the call happened, the caller lacks its result);
// after the idempotent calls it is a plain error.
func TestSCIMSuccessWithoutConnection(t *testing.T) {
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/rotate/cancel") {
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte("<html>OK</html>"))
			return
		}
		writeJSON(w, http.StatusOK, `{"request_id":"r","status_code":200}`)
	})
	c := newTestClient(t, srv.URL, nil)
	ctx := testContext(t)
	var u *UncertainOutcomeError
	_, err := c.CreateSCIMConnection(ctx, "org-1", CreateSCIMConnectionRequest{})
	if !errors.As(err, &u) || !strings.Contains(err.Error(), "no connection object") {
		t.Errorf("create: err = %v, want *UncertainOutcomeError naming the missing connection", err)
	}
	_, err = c.CompleteSCIMTokenRotation(ctx, "org-1", "c")
	if !errors.As(err, &u) || !strings.Contains(err.Error(), "no connection object") {
		t.Errorf("complete: err = %v, want *UncertainOutcomeError naming the missing connection", err)
	}
	_, err = c.CancelSCIMTokenRotation(ctx, "org-1", "c")
	if !errors.As(err, &u) || !strings.Contains(err.Error(), "not the expected JSON") {
		t.Errorf("cancel with an HTML success: err = %v, want *UncertainOutcomeError", err)
	}
	name := "x"
	if _, err := c.UpdateSCIMConnection(ctx, "org-1", "c", UpdateSCIMConnectionRequest{DisplayName: &name}); err == nil || errors.As(err, &u) || IsNotFound(err) {
		t.Errorf("update: err = %v, want a plain error", err)
	}
	if _, err := c.StartSCIMTokenRotation(ctx, "org-1", "c"); err == nil || errors.As(err, &u) || IsNotFound(err) {
		t.Errorf("rotation start: err = %v, want a plain error", err)
	}
}

func TestSCIMEmptyIdentifierRejectedWithoutRequest(t *testing.T) {
	var hits atomic.Int32
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		writeJSON(w, http.StatusOK, scimConnectionEnvelope)
	})
	c := newTestClient(t, srv.URL, nil)
	ctx := testContext(t)
	calls := map[string]func() error{
		"create": func() error { _, err := c.CreateSCIMConnection(ctx, "", CreateSCIMConnectionRequest{}); return err },
		"get":    func() error { _, err := c.GetSCIMConnection(ctx, ""); return err },
		"update org": func() error {
			_, err := c.UpdateSCIMConnection(ctx, "", "c", UpdateSCIMConnectionRequest{})
			return err
		},
		"update connection": func() error {
			_, err := c.UpdateSCIMConnection(ctx, "o", "", UpdateSCIMConnectionRequest{})
			return err
		},
		"delete":            func() error { return c.DeleteSCIMConnection(ctx, "o", "") },
		"rotation start":    func() error { _, err := c.StartSCIMTokenRotation(ctx, "", "c"); return err },
		"rotation complete": func() error { _, err := c.CompleteSCIMTokenRotation(ctx, "o", ""); return err },
		"rotation cancel":   func() error { _, err := c.CancelSCIMTokenRotation(ctx, "", "c"); return err },
		"groups":            func() error { _, err := c.ListSCIMGroups(ctx, "o", "", "", 0); return err },
		"all groups":        func() error { _, err := c.ListAllSCIMGroups(ctx, "", "c"); return err },
	}
	for name, call := range calls {
		if err := call(); err == nil || !strings.Contains(err.Error(), "required") {
			t.Errorf("%s = %v, want a 'required' error", name, err)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("server saw %d requests, want 0", n)
	}
}

// scimGroupsServer serves n groups in pages of the requested limit; the
// cursor is the offset of the next page. next, when set, replaces the cursor
// it answers for a request with the given cursor.
func scimGroupsServer(t *testing.T, n int, next func(cursor string) string) (*sync.Mutex, *[]string, string) {
	t.Helper()
	var (
		mu      sync.Mutex
		queries []string
	)
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || r.URL.Path != "/v1/b2b/scim/org-1/connection/c" {
			t.Errorf("unexpected %s %s", r.Method, r.URL.Path)
		}
		mu.Lock()
		queries = append(queries, r.URL.RawQuery)
		mu.Unlock()
		cursor := r.URL.Query().Get("cursor")
		start := 0
		if cursor != "" && next == nil {
			var err error
			if start, err = strconv.Atoi(strings.TrimPrefix(cursor, "offset-")); err != nil {
				writeJSON(w, http.StatusBadRequest, errorJSON(400, "invalid_cursor", "r"))
				return
			}
		}
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		if limit <= 0 {
			limit = 100
		}
		end := min(start+limit, n)
		groups := make([]string, 0, end-start)
		for i := start; i < end; i++ {
			groups = append(groups, fmt.Sprintf(`{"group_id":"scim-group-test-%d","group_name":"Group %d","organization_id":"org-1","connection_id":"c"}`, i, i))
		}
		nextCursor := "null"
		switch {
		case next != nil:
			nextCursor = strconv.Quote(next(cursor))
		case end < n:
			nextCursor = strconv.Quote(fmt.Sprintf("offset-%d", end))
		}
		writeJSON(w, http.StatusOK, fmt.Sprintf(`{"scim_groups":[%s],"status_code":200,"next_cursor":%s}`, strings.Join(groups, ","), nextCursor))
	})
	return &mu, &queries, srv.URL
}

func TestListAllSCIMGroupsFollowsCursors(t *testing.T) {
	mu, queries, url := scimGroupsServer(t, 2500, nil)
	c := newTestClient(t, url, nil)
	groups, err := c.ListAllSCIMGroups(testContext(t), "org-1", "c")
	if err != nil {
		t.Fatal(err)
	}
	if len(groups) != 2500 {
		t.Fatalf("got %d groups, want 2500", len(groups))
	}
	for i, g := range groups {
		if g.GroupID != fmt.Sprintf("scim-group-test-%d", i) {
			t.Fatalf("groups[%d] = %+v: want each group once, in order", i, g)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	want := []string{"limit=1000", "cursor=offset-1000&limit=1000", "cursor=offset-2000&limit=1000"}
	if !slices.Equal(*queries, want) {
		t.Errorf("queries = %q, want %q", *queries, want)
	}
}

func TestListAllSCIMGroupsEmpty(t *testing.T) {
	mu, queries, url := scimGroupsServer(t, 0, nil)
	c := newTestClient(t, url, nil)
	groups, err := c.ListAllSCIMGroups(testContext(t), "org-1", "c")
	if err != nil || groups == nil || len(groups) != 0 {
		t.Fatalf("groups = %#v, %v; want an empty, non-nil list", groups, err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(*queries) != 1 {
		t.Errorf("queries = %q, want one", *queries)
	}
}

// A server that answers a cursor already requested would page forever.
func TestListAllSCIMGroupsRefusesRepeatedCursor(t *testing.T) {
	tests := []struct {
		name      string
		next      func(cursor string) string
		wantPages int
	}{
		{"the same cursor every time", func(string) string { return "same" }, 2},
		{"a cycle of two", func(cursor string) string {
			if cursor == "a" {
				return "b"
			}
			return "a"
		}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mu, queries, url := scimGroupsServer(t, 1, tt.next)
			c := newTestClient(t, url, nil)
			groups, err := c.ListAllSCIMGroups(testContext(t), "org-1", "c")
			if err == nil || groups != nil || !strings.Contains(err.Error(), "same cursor twice") {
				t.Fatalf("groups %v, err %v; want the repeated-cursor error", groups, err)
			}
			mu.Lock()
			defer mu.Unlock()
			if len(*queries) != tt.wantPages {
				t.Errorf("queries = %q, want %d", *queries, tt.wantPages)
			}
		})
	}
}

// A failure on a later page fails the whole listing.
func TestListAllSCIMGroupsPageError(t *testing.T) {
	var hits atomic.Int32
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 {
			writeJSON(w, http.StatusOK, scimGroupsEnvelope)
			return
		}
		writeJSON(w, http.StatusNotFound, errorJSON(404, ErrorTypeNoActiveSCIMConnection, "req-gone"))
	})
	c := newTestClient(t, srv.URL, nil)
	groups, err := c.ListAllSCIMGroups(testContext(t), "org-1", "c")
	if groups != nil || !IsNotFound(err) {
		t.Errorf("groups %v, err %v; want the second page's not-found error", groups, err)
	}
}

// The enumeration is a literal copy of the SDK's request enum; a duplicate
// or a stray space would pass plan-time validation and fail at Stytch.
func TestSCIMIdentityProviderValues(t *testing.T) {
	seen := map[string]bool{}
	for _, v := range SCIMIdentityProviderValues {
		if v == "" || strings.TrimSpace(v) != v || strings.ToLower(v) != v || seen[v] {
			t.Errorf("bad or repeated value %q", v)
		}
		seen[v] = true
	}
	if len(SCIMIdentityProviderValues) != 8 || !slices.Contains(SCIMIdentityProviderValues, "generic") || !slices.Contains(SCIMIdentityProviderValues, "microsoft-entra") {
		t.Errorf("identity providers = %v, want the SDK's eight", SCIMIdentityProviderValues)
	}
}
