package emulator

import (
	"encoding/json"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
)

func TestConcurrentRequests(t *testing.T) {
	h := newHarness(t)
	h.create(base(map[string]any{"organization_slug": "shared"}))
	const workers = 16
	const perWorker = 25
	var wg sync.WaitGroup
	var raceWins atomic.Int32
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWorker {
				slug := "w" + itoa(w) + "-" + itoa(i)
				if code, raw := h.do(http.MethodPost, basePath, base(map[string]any{"organization_slug": slug, "organization_external_id": "ext-" + slug})); code != 200 {
					t.Errorf("create %s: %d %s", slug, code, raw)
				}
				// Everyone races for the same slug; exactly one may win.
				code, _ := h.do(http.MethodPost, basePath, base(map[string]any{"organization_slug": "contested-" + itoa(i)}))
				if code == 200 {
					raceWins.Add(1)
				} else if code != 400 {
					t.Errorf("contested create: %d", code)
				}
				if code, raw := h.do(http.MethodPut, basePath+"/shared", map[string]any{"trusted_metadata": map[string]any{"w" + itoa(w): i}}); code != 200 {
					t.Errorf("update shared: %d %s", code, raw)
				}
				if code, raw := h.do(http.MethodPut, basePath+"/"+slug, map[string]any{"organization_name": "renamed " + slug, "email_allowed_domains": []string{slug + ".example.com"}}); code != 200 {
					t.Errorf("update %s: %d %s", slug, code, raw)
				}
				if code, _ := h.do(http.MethodPost, basePath+"/search", map[string]any{"limit": 5, "query": query("AND", operand("organization_slug_fuzzy", "w"+itoa(w)+"-"))["query"]}); code != 200 {
					t.Errorf("search: %d", code)
				}
				if i%5 == 0 {
					if code, _ := h.do(http.MethodDelete, basePath+"/ext-"+slug, nil); code != 200 {
						t.Errorf("delete %s: %d", slug, code)
					}
				}
				_ = h.srv.Len()
				_ = h.srv.Organizations()
			}
		}()
	}
	wg.Wait()
	if got := raceWins.Load(); got != perWorker {
		t.Fatalf("contested slugs won %d times, want %d", got, perWorker)
	}
	deletedPerWorker := (perWorker + 4) / 5
	want := 1 + workers*(perWorker-deletedPerWorker) + perWorker
	if h.srv.Len() != want {
		t.Fatalf("Len = %d, want %d", h.srv.Len(), want)
	}
	shared := h.get("shared")
	if len(shared.TrustedMetadata) != workers {
		t.Fatalf("metadata merges lost: %d keys", len(shared.TrustedMetadata))
	}
	for k, v := range shared.TrustedMetadata {
		if string(v) != itoa(perWorker-1) {
			t.Errorf("%s = %s", k, v)
		}
	}
	slugs := map[string]bool{}
	for _, o := range h.srv.Organizations() {
		if slugs[o.OrganizationSlug] {
			t.Fatalf("duplicate slug %s", o.OrganizationSlug)
		}
		slugs[o.OrganizationSlug] = true
	}
	all := collect(t, h, 37, nil, nil)
	if len(all) != want {
		t.Fatalf("search found %d", len(all))
	}
}

// The store's one lock covers the SSO connections: concurrent creates,
// activations, links, renames of a shared source, deletes of connections and
// of organizations leave every organization's sso_active_connections equal to
// its active connections, and no External connection pointing nowhere.
func TestConcurrentSSORequests(t *testing.T) {
	h := newHarness(t)
	shared := h.create(base(map[string]any{"organization_slug": "shared"}))
	src := h.activeSAML("shared", "Shared")
	const workers = 8
	const perWorker = 6
	certs := make([]string, workers)
	for w := range certs {
		certs[w] = testCertificate(t, "w"+itoa(w))
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			slug := "w" + itoa(w)
			if code, raw := h.do(http.MethodPost, basePath, base(map[string]any{"organization_slug": slug})); code != 200 {
				t.Errorf("create %s: %d %s", slug, code, raw)
				return
			}
			for i := range perWorker {
				var c samlConnection
				code, raw := h.do(http.MethodPost, ssoPath("saml", slug), map[string]any{"display_name": slug + "-" + itoa(i)})
				if code != 200 {
					t.Errorf("create SAML: %d %s", code, raw)
					continue
				}
				var env connEnvelope
				_ = json.Unmarshal(raw, &env)
				_ = json.Unmarshal(env.Connection, &c)
				if code, raw := h.do(http.MethodPut, ssoPath("saml", slug, "connections", c.ConnectionID), map[string]any{
					"idp_sso_url": "https://idp/" + slug, "idp_entity_id": slug, "x509_certificate": certs[w],
				}); code != 200 {
					t.Errorf("activate: %d %s", code, raw)
				}
				code, _ = h.do(http.MethodPost, ssoPath("external", slug), map[string]any{"external_organization_id": shared.OrganizationID, "external_connection_id": src.ConnectionID})
				if code != 200 && code != 400 { // 400: this worker already links to it
					t.Errorf("link: %d", code)
				}
				if code, raw := h.do(http.MethodPut, ssoPath("saml", "shared", "connections", src.ConnectionID), map[string]any{"display_name": slug}); code != 200 {
					t.Errorf("rename shared: %d %s", code, raw)
				}
				h.do(http.MethodPost, basePath+"/search", query("AND", operand("has_active_sso_connection", true)))
				h.do(http.MethodGet, ssoPath("shared"), nil)
				if i%2 == 1 {
					if code, raw := h.do(http.MethodDelete, ssoPath(slug, "connections", c.ConnectionID), nil); code != 200 {
						t.Errorf("delete: %d %s", code, raw)
					}
				}
				_ = h.srv.Organizations()
			}
			if w%2 == 0 {
				if code, _ := h.do(http.MethodDelete, basePath+"/"+slug, nil); code != 200 {
					t.Errorf("delete org %s: %d", slug, code)
				}
			}
		}()
	}
	wg.Wait()
	// Invariants: every organization's sso_active_connections is exactly its
	// active connections, and every External connection links to a stored
	// connection.
	h.srv.store.mu.Lock()
	defer h.srv.store.mu.Unlock()
	total := 0
	for _, rec := range h.srv.store.recs {
		var want []string
		for _, c := range rec.conns {
			total++
			if h.srv.store.conns[c.id()] != c {
				t.Errorf("connection %s is not in the index", c.id())
			}
			if c.status() == ssoStatusActive {
				want = append(want, c.id())
			}
			if c.kind == connExternal && h.srv.store.conns[c.ext.ExternalConnectionID] == nil {
				t.Errorf("External connection %s links to a deleted connection", c.id())
			}
		}
		var got []string
		for _, a := range rec.org.SSOActiveConnections {
			got = append(got, a.ConnectionID)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: sso_active_connections %v, want %v", rec.org.OrganizationSlug, got, want)
		}
	}
	if total != len(h.srv.store.conns) {
		t.Errorf("index holds %d connections, organizations %d", len(h.srv.store.conns), total)
	}
	// Workers that kept their organization: 3 SAML connections and one link.
	if want := 1 + workers/2*(perWorker/2+1); total != want {
		t.Errorf("%d connections, want %d", total, want)
	}
}

// The store's one lock covers the members: concurrent creates racing for
// the same email address and external id, metadata merges into one member,
// deletes and reactivations, searches and deletes of whole organizations
// leave the indexes equal to the members and lose no merge.
func TestConcurrentMemberRequests(t *testing.T) {
	h := newHarness(t)
	shared := h.create(base(map[string]any{"organization_slug": "shared"}))
	target := h.createMember("shared", map[string]any{"email_address": "target@example.com"})
	const workers = 12
	const perWorker = 20
	var wg sync.WaitGroup
	var emailWins, externalWins atomic.Int32
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			slug := "mw" + itoa(w)
			if code, raw := h.do(http.MethodPost, basePath, base(map[string]any{"organization_slug": slug})); code != 200 {
				t.Errorf("create %s: %d %s", slug, code, raw)
				return
			}
			for i := range perWorker {
				e := "w" + itoa(w) + "-" + itoa(i) + "@example.com"
				code, raw := h.do(http.MethodPost, membersPath("shared"), map[string]any{"email_address": e, "external_id": "w" + itoa(w) + "-" + itoa(i)})
				if code != 200 {
					t.Errorf("create member: %d %s", code, raw)
					continue
				}
				var env memberEnvelope
				_ = json.Unmarshal(raw, &env)
				// Everyone races for the same address and the same external id.
				if code, _ := h.do(http.MethodPost, membersPath("shared"), map[string]any{"email_address": "contested-" + itoa(i) + "@example.com"}); code == 200 {
					emailWins.Add(1)
				}
				if code, _ := h.do(http.MethodPost, membersPath("shared"), map[string]any{"email_address": "x" + e, "external_id": "contested-" + itoa(i)}); code == 200 {
					externalWins.Add(1)
				}
				if code, raw := h.do(http.MethodPut, membersPath("shared", target.MemberID), map[string]any{"trusted_metadata": map[string]any{"w" + itoa(w): i}}); code != 200 {
					t.Errorf("update target: %d %s", code, raw)
				}
				if i%4 == 0 {
					if code, _ := h.do(http.MethodDelete, membersPath("shared", env.MemberID), nil); code != 200 {
						t.Errorf("delete member: %d", code)
					}
					if i%8 == 0 {
						if code, raw := h.do(http.MethodPut, membersPath("shared", env.MemberID, "reactivate"), nil); code != 200 {
							t.Errorf("reactivate: %d %s", code, raw)
						}
					}
				}
				h.do(http.MethodPost, membersPath(slug), map[string]any{"email_address": e})
				h.do(http.MethodPost, memberSearchPath, map[string]any{"organization_ids": []string{shared.OrganizationID}, "limit": 10, "query": query("AND", operand("member_email_fuzzy", "w"+itoa(w)+"-"))["query"]})
				h.do(http.MethodPost, basePath+"/search", query("AND", operand("member_emails", []string{e})))
			}
			if w%3 == 0 {
				if code, _ := h.do(http.MethodDelete, basePath+"/"+slug, nil); code != 200 {
					t.Errorf("delete org %s: %d", slug, code)
				}
			}
		}()
	}
	wg.Wait()
	if emailWins.Load() != perWorker || externalWins.Load() != perWorker {
		t.Fatalf("contested email won %d times, external id %d times, want %d each", emailWins.Load(), externalWins.Load(), perWorker)
	}
	got := h.getMember("shared", "member_id", target.MemberID)
	if len(got.TrustedMetadata) != workers {
		t.Fatalf("metadata merges lost: %d keys", len(got.TrustedMetadata))
	}
	// Indexes equal the members.
	h.srv.store.mu.Lock()
	defer h.srv.store.mu.Unlock()
	for _, rec := range h.srv.store.recs {
		ms := rec.members
		live := 0
		for _, r := range ms.list {
			if ms.byID[r.m.MemberID] != r {
				t.Errorf("member %s not indexed by id", r.m.MemberID)
			}
			if r.deleted() {
				continue
			}
			live++
			if ms.byEmail[foldEmail(r.m.EmailAddress)] != r.m.MemberID {
				t.Errorf("member %s not indexed by email", r.m.MemberID)
			}
			if r.m.ExternalID != "" && ms.byExternal[r.m.ExternalID] != r.m.MemberID {
				t.Errorf("member %s not indexed by external id", r.m.MemberID)
			}
		}
		if len(ms.byEmail) != live || len(ms.byID) != len(ms.list) {
			t.Errorf("%s: %d emails indexed for %d live members, %d ids for %d members", rec.org.OrganizationSlug, len(ms.byEmail), live, len(ms.byID), len(ms.list))
		}
	}
	// Shared: the target, every worker's members (a quarter deleted, half of
	// those reactivated) and the contested winners.
	shRec := h.srv.store.recordLocked(shared.OrganizationID)
	if want := 1 + workers*perWorker + 2*perWorker; len(shRec.members.list) != want {
		t.Errorf("%d members in shared, want %d", len(shRec.members.list), want)
	}
	// Workers 0, 3, 6 and 9 deleted their organization, with its members.
	if want := 1 + workers - workers/3; len(h.srv.store.recs) != want {
		t.Errorf("%d organizations, want %d", len(h.srv.store.recs), want)
	}
}
