package emulator

import (
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
)

// Paths of the control endpoints. They live outside Stytch's /v1/ namespace,
// require the same Basic auth as the API, are not counted in the statistics
// and never get faults.
const (
	controlPrefix   = "/_emulator"
	statsPath       = controlPrefix + "/stats"
	statsResetPath  = statsPath + "/reset"
	unmatchedRoute  = "(unmatched)"
	otherHTTPMethod = "OTHER"
)

// Stats are request statistics since the Server was created or the last
// reset. GET /_emulator/stats answers them as JSON.
type Stats struct {
	// Requests counts requests by "METHOD ROUTE", where ROUTE is the route
	// template, e.g. "GET /v1/b2b/organizations/{organization_id}". Requests
	// that match no route count as "METHOD (unmatched)"; methods other than
	// the standard ones count as "OTHER".
	Requests map[string]int `json:"requests"`
	// Statuses counts answers by HTTP status code (JSON keys are strings,
	// e.g. "200"). Dropped and canceled requests have no status.
	Statuses map[int]int `json:"statuses"`
	// Faults counts injected faults by kind (FaultRateLimited, FaultFailed,
	// FaultDropped, FaultGarbage); every kind is present.
	Faults map[string]int `json:"faults"`
	// Organizations is the number of organizations held (not reset).
	Organizations int `json:"organizations"`
}

// statsCounter holds the counters behind Stats.
type statsCounter struct {
	mu       sync.Mutex
	requests map[string]int
	statuses map[int]int
	faults   map[string]int
}

// newStatsCounter returns zeroed counters.
func newStatsCounter() *statsCounter {
	c := &statsCounter{}
	c.resetLocked()
	return c
}

func (c *statsCounter) resetLocked() {
	c.requests = map[string]int{}
	c.statuses = map[int]int{}
	c.faults = map[string]int{}
	for _, k := range faultKinds {
		c.faults[k] = 0
	}
}

func (c *statsCounter) countRequest(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.requests[key]++
}

func (c *statsCounter) countStatus(status int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.statuses[status]++
}

func (c *statsCounter) countFault(kind string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.faults[kind]++
}

// snapshot returns a copy of the counters and, if reset, zeroes them in the
// same critical section.
func (c *statsCounter) snapshot(reset bool) Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	st := Stats{Requests: maps.Clone(c.requests), Statuses: maps.Clone(c.statuses), Faults: maps.Clone(c.faults)}
	if reset {
		c.resetLocked()
	}
	return st
}

// Stats returns the request statistics.
func (s *Server) Stats() Stats {
	st := s.stats.snapshot(false)
	st.Organizations = s.store.len()
	return st
}

// ResetStats zeroes the request, status and fault counters.
func (s *Server) ResetStats() {
	s.stats.snapshot(true)
}

// statsKey returns the Stats.Requests key of a request.
func statsKey(method, escapedPath string) string {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodConnect, http.MethodOptions, http.MethodTrace:
	default:
		method = otherHTTPMethod
	}
	tmpl, _, ok := matchRoute(method, escapedPath)
	if !ok {
		tmpl = unmatchedRoute
	}
	return method + " " + tmpl
}

// isControlPath reports whether the escaped path is a control endpoint.
func isControlPath(escaped string) bool {
	return escaped == controlPrefix || strings.HasPrefix(escaped, controlPrefix+"/")
}

// serveControl serves the control endpoints:
//
//	GET    /_emulator/stats        the Stats as JSON
//	DELETE /_emulator/stats        reset the counters
//	POST   /_emulator/stats/reset  reset the counters
//
// A reset answers the Stats as they were just before it (an atomic
// read-and-reset). As on the API, path and method are checked before the
// credentials.
func (s *Server) serveControl(w http.ResponseWriter, r *http.Request) {
	var allowed []string
	switch r.URL.EscapedPath() {
	case statsPath:
		allowed = []string{http.MethodGet, http.MethodDelete}
	case statsResetPath:
		allowed = []string{http.MethodPost}
	default:
		s.writeError(w, r, errRouteNotFound())
		return
	}
	if !slices.Contains(allowed, r.Method) {
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		s.writeError(w, r, errMethodNotAllowed(r.Method))
		return
	}
	if !s.authorized(r) {
		s.writeError(w, r, errUnauthorized())
		return
	}
	st := s.stats.snapshot(r.Method != http.MethodGet)
	st.Organizations = s.store.len()
	s.writeJSON(w, r, st)
}
