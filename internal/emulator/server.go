package emulator

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// Default credentials used when Options leaves them empty.
const (
	DefaultProjectID = "project-test-00000000-0000-0000-0000-000000000000"
	DefaultSecret    = "secret-test-emulator"
)

// maxBodyBytes bounds request bodies.
// INFERRED: Stytch documents no request size limit; 1 MiB is far above any
// valid Organizations request (metadata is capped at 4 KB).
const maxBodyBytes = 1 << 20

// basePath is the collection path of the Organizations API.
const basePath = "/v1/b2b/organizations"

// Options configures a Server. The zero value is usable.
//
// Fault-injection knobs (latency, rate limits, failure rates) belong here as
// well: they are meant to be applied by one more middleware in New, between
// the request-context middleware and the router, so handlers stay unaware of
// them.
type Options struct {
	// ProjectID is the Basic-auth username; DefaultProjectID if empty.
	ProjectID string
	// Secret is the Basic-auth password; DefaultSecret if empty.
	Secret string
	// Logger, if non-nil, receives one line per request: method, path,
	// status and request_id. Credentials are never logged.
	Logger *log.Logger
	// Now is the clock; time.Now if nil.
	Now func() time.Time
}

// Server is an in-memory Stytch B2B Organizations API. It implements
// http.Handler and is safe for concurrent use.
type Server struct {
	opts      Options
	store     *store
	cursorKey []byte
	handler   http.Handler
}

// New returns a Server with an empty store.
func New(opts Options) *Server {
	if opts.ProjectID == "" {
		opts.ProjectID = DefaultProjectID
	}
	if opts.Secret == "" {
		opts.Secret = DefaultSecret
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	key := make([]byte, 32)
	_, _ = rand.Read(key) // crypto/rand.Read never fails (Go 1.24+).
	s := &Server{opts: opts, store: newStore(), cursorKey: key}
	s.handler = s.withRequestContext(http.HandlerFunc(s.route))
	return s
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}

// Len returns the number of organizations held.
func (s *Server) Len() int {
	return s.store.len()
}

// Organizations returns a copy of every organization held, in creation order.
func (s *Server) Organizations() []stytch.Organization {
	return s.store.snapshot()
}

// now returns the current time in UTC, truncated to whole seconds, as Stytch
// timestamps have seconds precision.
func (s *Server) now() time.Time {
	return s.opts.Now().UTC().Truncate(time.Second)
}

// ---------------------------------------------------------------------------
// Request context, logging and recovery.

// ctxKey is the context key of the request id.
type ctxKey struct{}

// requestID returns the request id assigned by withRequestContext.
func requestID(r *http.Request) string {
	if id, ok := r.Context().Value(ctxKey{}).(string); ok {
		return id
	}
	return newRequestID()
}

// newRequestID returns a fresh request id in Stytch's test format.
// INFERRED: the emulator always presents itself as a test environment, so
// ids use the "-test-" infix regardless of the project id.
func newRequestID() string {
	return "request-id-test-" + newUUID()
}

// newUUID returns a random (version 4) UUID in canonical form.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+).
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// statusRecorder remembers the status code written through it.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

// WriteHeader records the status and forwards it.
func (rec *statusRecorder) WriteHeader(code int) {
	if rec.status == 0 {
		rec.status = code
	}
	rec.ResponseWriter.WriteHeader(code)
}

// Write records an implicit 200 and forwards the body.
func (rec *statusRecorder) Write(b []byte) (int, error) {
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	return rec.ResponseWriter.Write(b)
}

// withRequestContext assigns the request id, recovers from handler panics
// with a JSON 500 and logs one line per request.
func (s *Server) withRequestContext(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := newRequestID()
		r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, id))
		rec := &statusRecorder{ResponseWriter: w}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				if rec.status == 0 {
					s.writeError(rec, r, errInternal())
				}
				if s.opts.Logger != nil {
					s.opts.Logger.Printf("panic serving %s %s: %v", r.Method, r.URL.EscapedPath(), v)
				}
			}
			if s.opts.Logger != nil {
				// The escaped path cannot contain control characters, so a
				// client cannot forge log lines; headers are never logged.
				s.opts.Logger.Printf("%s %s %d %s", r.Method, r.URL.EscapedPath(), rec.status, id)
			}
		}()
		next.ServeHTTP(rec, r)
	})
}

// ---------------------------------------------------------------------------
// Routing.

// route dispatches a request to its handler. It answers unknown paths with a
// JSON 404 and unsupported methods with a JSON 405.
//
// INFERRED: path and method are checked before credentials, so an unknown
// route is a 404 even without credentials. The metrics and connected-apps
// endpoints of the real API are not emulated and answer 404.
func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	segs, ok := splitPath(r.URL.EscapedPath())
	if !ok {
		s.writeError(w, r, errRouteNotFound())
		return
	}
	switch {
	case len(segs) == 0:
		s.dispatch(w, r, "", map[string]orgHandler{http.MethodPost: s.handleCreate})
	case len(segs) == 1 && segs[0] == "search" && r.Method == http.MethodPost:
		// "search" is also a valid slug: only POST means Search, other
		// methods address the organization whose id, slug or external id is
		// "search" (the same precedence as Go's ServeMux patterns).
		s.dispatch(w, r, "", map[string]orgHandler{http.MethodPost: s.handleSearch})
	case len(segs) == 1:
		allowed := map[string]orgHandler{
			http.MethodGet:    s.handleGet,
			http.MethodPut:    s.handleUpdate,
			http.MethodDelete: s.handleDelete,
		}
		if segs[0] == "search" {
			allowed[http.MethodPost] = s.handleSearch // for the Allow header only
		}
		s.dispatch(w, r, segs[0], allowed)
	case len(segs) == 2 && segs[1] == "external_id":
		s.dispatch(w, r, segs[0], map[string]orgHandler{http.MethodDelete: s.handleDeleteExternalID})
	default:
		s.writeError(w, r, errRouteNotFound())
	}
}

// orgHandler handles one route; key is the decoded {organization_id} path
// parameter ("" for routes without one).
type orgHandler func(w http.ResponseWriter, r *http.Request, key string)

// dispatch checks the method and the credentials, then calls the handler.
func (s *Server) dispatch(w http.ResponseWriter, r *http.Request, key string, handlers map[string]orgHandler) {
	h, ok := handlers[r.Method]
	if !ok {
		methods := make([]string, 0, len(handlers))
		for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete} {
			if _, ok := handlers[m]; ok {
				methods = append(methods, m)
			}
		}
		w.Header().Set("Allow", strings.Join(methods, ", "))
		s.writeError(w, r, errMethodNotAllowed(r.Method))
		return
	}
	if !s.authorized(r) {
		s.writeError(w, r, errUnauthorized())
		return
	}
	h(w, r, key)
}

// splitPath returns the decoded path segments below basePath. Clients
// path-escape the {organization_id} parameter, so each segment is unescaped
// separately ("a%2Fb" is one segment "a/b"). It reports false for paths
// outside the API and for empty or undecodable segments.
func splitPath(escaped string) ([]string, bool) {
	if escaped == basePath {
		return nil, true
	}
	rest, ok := strings.CutPrefix(escaped, basePath+"/")
	if !ok {
		return nil, false
	}
	raw := strings.Split(rest, "/")
	segs := make([]string, len(raw))
	for i, seg := range raw {
		dec, err := url.PathUnescape(seg)
		if err != nil || dec == "" {
			return nil, false
		}
		segs[i] = dec
	}
	return segs, true
}

// authorized checks HTTP Basic credentials in constant time.
func (s *Server) authorized(r *http.Request) bool {
	user, pass, ok := r.BasicAuth()
	if !ok {
		return false
	}
	userOK := subtle.ConstantTimeCompare([]byte(user), []byte(s.opts.ProjectID))
	passOK := subtle.ConstantTimeCompare([]byte(pass), []byte(s.opts.Secret))
	return userOK&passOK == 1
}

// ---------------------------------------------------------------------------
// JSON helpers.

// readObject reads a JSON object request body into its raw top-level fields.
// An empty body counts as {}. Anything but a single JSON object is a
// bad_request.
//
// INFERRED: the Content-Type header is not enforced (every SDK sends
// application/json; curl users often do not).
func readObject(w http.ResponseWriter, r *http.Request) (map[string]json.RawMessage, *apiError) {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	if err != nil {
		return nil, errBadRequest("The request body could not be read: " + err.Error() + ".")
	}
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return map[string]json.RawMessage{}, nil
	}
	if data[0] != '{' {
		return nil, errBadRequest("The request body must be a JSON object.")
	}
	fields := map[string]json.RawMessage{}
	if err := json.Unmarshal(data, &fields); err != nil {
		return nil, errBadRequest("The request body is not valid JSON: " + err.Error() + ".")
	}
	return fields, nil
}

// writeJSON writes v as the JSON response body with the given status.
func (s *Server) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		s.writeError(w, r, errInternal())
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// writeError writes e as a Stytch error body.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, e *apiError) {
	body := stytch.ErrorBody{
		StatusCode:   e.status,
		RequestID:    requestID(r),
		ErrorType:    e.errType,
		ErrorMessage: e.message,
		ErrorURL:     fmt.Sprintf("https://stytch.com/docs/b2b/api/errors/%d#%s", e.status, e.errType),
	}
	buf, _ := json.Marshal(body) // errorBody always marshals.
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(e.status)
	_, _ = w.Write(append(buf, '\n'))
}
