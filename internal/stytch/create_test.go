package stytch

import (
	"errors"
	"net/http"
	"sync/atomic"
	"testing"
	"time"
)

// TestCreateAmbiguousFailure covers a create whose answer is lost: the client
// looks the slug up, repeats the create only when no organization has it, and
// otherwise names the organization that probably was created.
func TestCreateAmbiguousFailure(t *testing.T) {
	tests := map[string]struct {
		existsAfterFailure bool
		wantPosts          int32
		wantAmbiguous      bool
	}{
		"slug absent: the create is repeated and succeeds": {existsAfterFailure: false, wantPosts: 2},
		"slug present: the create probably happened":       {existsAfterFailure: true, wantPosts: 1, wantAmbiguous: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var posts, gets atomic.Int32
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				switch r.Method {
				case http.MethodPost:
					if posts.Add(1) == 1 {
						writeJSON(w, http.StatusServiceUnavailable, errorJSON(503, "internal_server_error", "req-1"))
						return
					}
					writeJSON(w, http.StatusOK, `{"request_id":"r","organization":{"organization_id":"org-new","organization_slug":"acme"}}`)
				case http.MethodGet:
					gets.Add(1)
					if r.URL.Path != "/v1/b2b/organizations/acme" {
						t.Errorf("lookup path %s", r.URL.Path)
					}
					if tc.existsAfterFailure {
						writeJSON(w, http.StatusOK, `{"request_id":"r","organization":{"organization_id":"org-ghost","organization_slug":"acme"}}`)
						return
					}
					writeJSON(w, http.StatusNotFound, errorJSON(404, "organization_not_found", "req-404"))
				}
			})
			c := newTestClient(t, srv.URL, nil)
			org, err := c.CreateOrganization(testContext(t), CreateRequest{OrganizationName: "Acme", OrganizationSlug: "acme"})
			if posts.Load() != tc.wantPosts || gets.Load() != 1 {
				t.Errorf("posts %d gets %d, want posts %d gets 1", posts.Load(), gets.Load(), tc.wantPosts)
			}
			var amb *AmbiguousCreateError
			if tc.wantAmbiguous {
				if !errors.As(err, &amb) || amb.Organization.OrganizationID != "org-ghost" {
					t.Fatalf("err = %v, want *AmbiguousCreateError naming org-ghost", err)
				}
				if _, ok := AsError(err); !ok {
					t.Errorf("the ambiguous error does not unwrap to the API error")
				}
				return
			}
			if err != nil || org.OrganizationID != "org-new" {
				t.Fatalf("org %v err %v", org, err)
			}
		})
	}
}

func TestCreateNotRepeatedAfterClientError(t *testing.T) {
	var posts, gets atomic.Int32
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			gets.Add(1)
		}
		posts.Add(1)
		writeJSON(w, http.StatusBadRequest, errorJSON(400, "organization_slug_already_used", "req-1"))
	})
	c := newTestClient(t, srv.URL, nil)
	_, err := c.CreateOrganization(testContext(t), CreateRequest{OrganizationName: "Acme", OrganizationSlug: "acme"})
	if !IsErrorType(err, "organization_slug_already_used") || posts.Load() != 1 || gets.Load() != 0 {
		t.Fatalf("err %v posts %d gets %d", err, posts.Load(), gets.Load())
	}
}

// TestRequestsPerSecondPacesCalls checks that the client-side limit spreads
// calls out: 11 calls at 50/s take at least 10 intervals of 20ms.
func TestRequestsPerSecondPacesCalls(t *testing.T) {
	srv := newTestServer(t, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, orgEnvelope("1"))
	})
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.RequestsPerSecond = 50 })
	start := time.Now()
	for range 11 {
		if _, err := c.GetOrganization(testContext(t), "x"); err != nil {
			t.Fatal(err)
		}
	}
	if elapsed := time.Since(start); elapsed < 190*time.Millisecond {
		t.Errorf("11 calls at 50/s took %v, want at least 200ms", elapsed)
	}
}
