package emulator

import (
	"net/http"
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
