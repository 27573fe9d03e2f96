package emulator

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/url"
	"strconv"
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

// ssoBasePath is the prefix of the SSO connection API.
const ssoBasePath = "/v1/b2b/sso"

// scimBasePath is the prefix of the SCIM connection API and of the SCIM
// protocol API at each connection's base_url.
const scimBasePath = "/v1/b2b/scim"

// rbacBasePath is the prefix of the RBAC API.
const rbacBasePath = "/v1/b2b/rbac"

// Options configures a Server. The zero value is usable.
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
	// Faults configures fault injection (latency, rate limiting, failures);
	// the zero value injects none. SetFaults changes it at runtime.
	Faults Faults
	// PublicBaseURL is the base of the URLs the emulator builds for SSO
	// connections: acs_url and audience_uri (SAML) and redirect_url (OIDC)
	// are PublicBaseURL + "/v1/b2b/sso/callback/" + connection_id (a
	// trailing slash of PublicBaseURL is dropped). DefaultPublicBaseURL if
	// empty.
	PublicBaseURL string
	// AllowRemoteMetadata lets "Update SAML connection by metadata URL" fetch
	// from any host. By default only loopback hosts (127.0.0.0/8, ::1,
	// localhost) are fetched, so an emulator in a CI job cannot be made to
	// send requests elsewhere.
	AllowRemoteMetadata bool
	// ProjectPolicy is the project's RBAC policy, which GET
	// /v1/b2b/rbac/policy answers and against which organizations' policies
	// and role assignments are checked. Stytch's default resources and roles
	// are in every project: those it lacks are added (nil: only them).
	// ParseProjectPolicy and LoadProjectPolicy check a policy; New takes it
	// as it is.
	ProjectPolicy *ProjectPolicy
	// ProjectRoles are role ids the project's RBAC policy defines besides
	// those of ProjectPolicy (and Stytch's default roles stytch_admin and
	// stytch_member, which every project has); each is added without
	// permissions unless ProjectPolicy defines it. Members' explicit roles
	// must be a role of the project's policy (stytch_member excepted: it
	// cannot be assigned explicitly) or of the organization's custom_roles.
	// Empty entries are ignored.
	ProjectRoles []string
}

// DefaultPublicBaseURL is the host of Stytch's test environment, which is
// what its SSO connection URLs start with there
// (https://test.stytch.com/v1/b2b/sso/callback/{connection_id}).
const DefaultPublicBaseURL = "https://test.stytch.com"

// Server is an in-memory Stytch B2B Organizations, Members, SSO connection,
// SCIM connection and RBAC API. It implements http.Handler and is safe for
// concurrent use.
type Server struct {
	opts Options
	// policy is the project's RBAC policy (Options.ProjectPolicy completed);
	// it never changes.
	policy    *ProjectPolicy
	store     *store
	cursorKey []byte
	handler   http.Handler
	faults    faultState
	stats     *statsCounter
	// mono is the real clock of the rate limiter (Options.Now may be fake).
	mono func() time.Time
	// metadata fetches SAML IdP metadata (sso_metadata.go), each fetch
	// within metadataTimeout.
	metadata        *http.Client
	metadataTimeout time.Duration
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
	if opts.PublicBaseURL == "" {
		opts.PublicBaseURL = DefaultPublicBaseURL
	}
	opts.PublicBaseURL = strings.TrimRight(opts.PublicBaseURL, "/")
	roles := make([]string, 0, len(opts.ProjectRoles))
	for _, id := range opts.ProjectRoles {
		if id != "" {
			roles = append(roles, id)
		}
	}
	opts.ProjectRoles = roles
	key := make([]byte, 32)
	_, _ = rand.Read(key) // crypto/rand.Read never fails (Go 1.24+).
	s := &Server{opts: opts, store: newStore(), cursorKey: key, stats: newStatsCounter(), mono: time.Now}
	s.policy = completeProjectPolicy(opts.ProjectPolicy, opts.ProjectRoles)
	s.metadata, s.metadataTimeout = newMetadataClient(opts.AllowRemoteMetadata), metadataFetchTimeout
	s.faults.set(opts.Faults)
	s.handler = s.withRequestContext(http.HandlerFunc(s.serve))
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

// statusRecorder remembers the status code written through it, and counts
// it in the statistics when onStatus is set.
type statusRecorder struct {
	http.ResponseWriter
	status   int
	outcome  string    // logged instead of the status when set (e.g. "dropped")
	onStatus func(int) // called with the status when it is first written
}

// setStatus records the first status written.
func (rec *statusRecorder) setStatus(code int) {
	if rec.status == 0 {
		rec.status = code
		if rec.onStatus != nil {
			rec.onStatus(code)
		}
	}
}

// WriteHeader records the status and forwards it.
func (rec *statusRecorder) WriteHeader(code int) {
	rec.setStatus(code)
	rec.ResponseWriter.WriteHeader(code)
}

// Write records an implicit 200 and forwards the body.
func (rec *statusRecorder) Write(b []byte) (int, error) {
	rec.setStatus(http.StatusOK)
	return rec.ResponseWriter.Write(b)
}

// Unwrap returns the wrapped ResponseWriter, for http.ResponseController.
func (rec *statusRecorder) Unwrap() http.ResponseWriter {
	return rec.ResponseWriter
}

// withRequestContext assigns the request id, counts the request in the
// statistics (control endpoints excepted), recovers from handler panics with
// a JSON 500 and logs one line per request: method, escaped path, status (or
// "dropped", "canceled") and request id.
//
// The request and its status are counted as soon as they are known, before
// the client can see the answer, so a client that reads the statistics
// after a response never misses it.
func (s *Server) withRequestContext(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := newRequestID()
		r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, id))
		rec := &statusRecorder{ResponseWriter: w}
		path := r.URL.EscapedPath()
		if !isControlPath(path) {
			s.stats.countRequest(statsKey(r.Method, path))
			rec.onStatus = s.stats.countStatus
		}
		defer func() {
			v := recover()
			// A handler aborts the response by panicking with
			// http.ErrAbortHandler; any other panic is a bug.
			err, _ := v.(error)
			aborted := errors.Is(err, http.ErrAbortHandler)
			if v != nil && !aborted {
				if rec.status == 0 {
					s.writeError(rec, r, errInternal())
				}
				if s.opts.Logger != nil {
					s.opts.Logger.Printf("panic serving %s %s: %v", r.Method, path, v)
				}
			}
			if s.opts.Logger != nil {
				status := rec.outcome
				if status == "" && aborted {
					status = outcomeAborted
				}
				if status == "" {
					status = strconv.Itoa(rec.status)
				}
				// The escaped path cannot contain control characters, so a
				// client cannot forge log lines; headers are never logged.
				s.opts.Logger.Printf("%s %s %s %s", r.Method, path, status, id)
			}
			if aborted {
				panic(http.ErrAbortHandler) // net/http aborts the response silently
			}
		}()
		next.ServeHTTP(rec, r)
	})
}

// serve answers the control endpoints, applies the edge faults (latency,
// rate limit) to /v1/ requests and routes the rest; see Faults for the
// complete order.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	path := r.URL.EscapedPath()
	if isControlPath(path) {
		s.serveControl(w, r)
		return
	}
	if isAPIPath(path) && !s.edgeFaults(w, r) {
		return
	}
	s.route(w, r)
}

// ---------------------------------------------------------------------------
// Routing.

// route dispatches a request to its handler. It answers unknown paths with a
// JSON 404 and unsupported methods with a JSON 405.
//
// INFERRED: path and method are checked before credentials, so an unknown
// route is a 404 even without credentials. The metrics and connected-apps
// endpoints of the real API are not emulated and answer 404, nor are the
// member routes the provider does not use (dangerously get, the TOTP and
// password deletes, unlink retired email, start email update).
func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	tmpl, p, ok := matchRoute(r.Method, r.URL.EscapedPath())
	if !ok {
		s.writeError(w, r, errRouteNotFound())
		return
	}
	var allowed map[string]orgHandler
	switch tmpl {
	case routeCollection:
		allowed = map[string]orgHandler{http.MethodPost: s.handleCreate}
	case routeSearch:
		allowed = map[string]orgHandler{http.MethodPost: s.handleSearch}
	case routeOrganization:
		allowed = map[string]orgHandler{
			http.MethodGet:    s.handleGet,
			http.MethodPut:    s.handleUpdate,
			http.MethodDelete: s.handleDelete,
		}
		if p.org == "search" {
			allowed[http.MethodPost] = s.handleSearch // for the Allow header only
		}
	case routeExternalID:
		allowed = map[string]orgHandler{http.MethodDelete: s.handleDeleteExternalID}
	case routeMembers:
		allowed = map[string]orgHandler{http.MethodPost: s.handleCreateMember}
	case routeMemberGet:
		allowed = map[string]orgHandler{http.MethodGet: s.handleGetMember}
	case routeMember:
		allowed = map[string]orgHandler{http.MethodPut: s.handleUpdateMember, http.MethodDelete: s.handleDeleteMember}
	case routeMemberReactivate:
		allowed = map[string]orgHandler{http.MethodPut: s.handleReactivateMember}
		if p.member == mfaPhoneNumbersSegment {
			allowed[http.MethodDelete] = s.handleDeleteMemberMFAPhone // for the Allow header only
		}
	case routeMemberExternalID:
		allowed = map[string]orgHandler{http.MethodDelete: s.handleDeleteMemberExternalID}
	case routeMemberMFAPhone:
		allowed = map[string]orgHandler{http.MethodDelete: s.handleDeleteMemberMFAPhone}
	case routeMemberSearch:
		allowed = map[string]orgHandler{http.MethodPost: s.handleMemberSearch}
	case routeSSOList:
		allowed = map[string]orgHandler{http.MethodGet: s.handleListConnections}
	case routeSSOConnection:
		allowed = map[string]orgHandler{http.MethodDelete: s.handleDeleteConnection}
	case routeSAMLCreate:
		allowed = map[string]orgHandler{http.MethodPost: s.handleCreateSAML}
	case routeSAMLConnection:
		allowed = map[string]orgHandler{http.MethodPut: s.handleUpdateSAML}
	case routeSAMLURL:
		allowed = map[string]orgHandler{http.MethodPut: s.handleUpdateSAMLByURL}
	case routeSAMLVerificationCert:
		allowed = map[string]orgHandler{http.MethodDelete: s.handleDeleteVerificationCertificate}
	case routeSAMLEncryptionKey:
		allowed = map[string]orgHandler{http.MethodDelete: s.handleDeleteEncryptionPrivateKey}
	case routeOIDCCreate:
		allowed = map[string]orgHandler{http.MethodPost: s.handleCreateOIDC}
	case routeOIDCConnection:
		allowed = map[string]orgHandler{http.MethodPut: s.handleUpdateOIDC}
	case routeExternalCreate:
		allowed = map[string]orgHandler{http.MethodPost: s.handleCreateExternal}
	case routeExternalConnection:
		allowed = map[string]orgHandler{http.MethodPut: s.handleUpdateExternal}
	case routeSCIMConnection:
		allowed = map[string]orgHandler{http.MethodPost: s.handleCreateSCIM, http.MethodGet: s.handleGetSCIM}
	case routeSCIMConnectionID:
		allowed = map[string]orgHandler{
			http.MethodGet:    s.handleListSCIMGroups,
			http.MethodPut:    s.handleUpdateSCIM,
			http.MethodDelete: s.handleDeleteSCIM,
		}
	case routeSCIMRotateStart:
		allowed = map[string]orgHandler{http.MethodPost: s.handleRotateSCIMStart}
	case routeSCIMRotateComplete:
		allowed = map[string]orgHandler{http.MethodPost: s.handleRotateSCIMComplete}
	case routeSCIMRotateCancel:
		allowed = map[string]orgHandler{http.MethodPost: s.handleRotateSCIMCancel}
	case routeRBACPolicy:
		allowed = map[string]orgHandler{http.MethodGet: s.handleGetProjectPolicy}
	case routeRBACOrganization:
		allowed = map[string]orgHandler{http.MethodGet: s.handleGetOrgPolicy, http.MethodPut: s.handleSetOrgPolicy}
	case routeSCIMServiceProviderConfig:
		s.dispatchSCIM(w, r, p, map[string]orgHandler{http.MethodGet: s.handleSCIMServiceProviderConfig})
		return
	case routeSCIMGroups:
		s.dispatchSCIM(w, r, p, map[string]orgHandler{http.MethodGet: s.handleSCIMListGroups, http.MethodPost: s.handleSCIMCreateGroup})
		return
	case routeSCIMGroup:
		s.dispatchSCIM(w, r, p, map[string]orgHandler{http.MethodGet: s.handleSCIMGetGroup, http.MethodDelete: s.handleSCIMDeleteGroup})
		return
	}
	s.dispatch(w, r, p, allowed)
}

// Route templates, as counted in Stats.Requests.
const (
	routeCollection   = basePath
	routeSearch       = basePath + "/search"
	routeOrganization = basePath + "/{organization_id}"
	routeExternalID   = basePath + "/{organization_id}/external_id"

	routeMembers          = basePath + "/{organization_id}/members"
	routeMemberGet        = basePath + "/{organization_id}/member"
	routeMember           = routeMembers + "/{member_id}"
	routeMemberReactivate = routeMember + "/reactivate"
	routeMemberExternalID = routeMember + "/external_id"
	routeMemberMFAPhone   = routeMembers + "/" + mfaPhoneNumbersSegment + "/{member_id}"
	routeMemberSearch     = basePath + "/members/search"

	routeSSOList              = ssoBasePath + "/{organization_id}"
	routeSSOConnection        = ssoBasePath + "/{organization_id}/connections/{connection_id}"
	routeSAMLCreate           = ssoBasePath + "/saml/{organization_id}"
	routeSAMLConnection       = ssoBasePath + "/saml/{organization_id}/connections/{connection_id}"
	routeSAMLURL              = routeSAMLConnection + "/url"
	routeSAMLVerificationCert = routeSAMLConnection + "/verification_certificates/{certificate_id}"
	routeSAMLEncryptionKey    = routeSAMLConnection + "/encryption_private_keys/{private_key_id}"
	routeOIDCCreate           = ssoBasePath + "/oidc/{organization_id}"
	routeOIDCConnection       = ssoBasePath + "/oidc/{organization_id}/connections/{connection_id}"
	routeExternalCreate       = ssoBasePath + "/external/{organization_id}"
	routeExternalConnection   = ssoBasePath + "/external/{organization_id}/connections/{connection_id}"

	routeSCIMConnection     = scimBasePath + "/{organization_id}/connection"
	routeSCIMConnectionID   = routeSCIMConnection + "/{connection_id}"
	routeSCIMRotateStart    = routeSCIMConnectionID + "/rotate/start"
	routeSCIMRotateComplete = routeSCIMConnectionID + "/rotate/complete"
	routeSCIMRotateCancel   = routeSCIMConnectionID + "/rotate/cancel"
	// The SCIM protocol API, at a connection's base_url (scim_protocol.go).
	routeSCIMServiceProviderConfig = scimBasePath + "/{connection_id}/ServiceProviderConfig"
	routeSCIMGroups                = scimBasePath + "/{connection_id}/Groups"
	routeSCIMGroup                 = routeSCIMGroups + "/{group_id}"

	routeRBACPolicy       = rbacBasePath + "/policy"
	routeRBACOrganization = rbacBasePath + "/organizations/{organization_id}"
)

// routeParams are the decoded path parameters of a request.
type routeParams struct {
	org    string // {organization_id}; "" for routes without one
	conn   string // {connection_id}
	sub    string // {certificate_id}, {private_key_id} or {group_id}
	member string // {member_id}
}

// mfaPhoneNumbersSegment is the literal segment of
// DELETE …/members/mfa_phone_numbers/{member_id}, which comes before the
// member id, unlike the other member sub-routes.
const mfaPhoneNumbersSegment = "mfa_phone_numbers"

// matchRoute returns the route template of a request and its decoded path
// parameters. It reports false for paths outside the emulated API.
func matchRoute(method, escapedPath string) (string, routeParams, bool) {
	if segs, ok := splitBelow(ssoBasePath, escapedPath); ok {
		return matchSSORoute(segs)
	}
	if segs, ok := splitBelow(scimBasePath, escapedPath); ok {
		return matchSCIMRoute(segs)
	}
	if segs, ok := splitBelow(rbacBasePath, escapedPath); ok {
		return matchRBACRoute(segs)
	}
	segs, ok := splitPath(escapedPath)
	if !ok {
		return "", routeParams{}, false
	}
	switch {
	case len(segs) == 0:
		return routeCollection, routeParams{}, true
	case len(segs) == 1 && segs[0] == "search" && method == http.MethodPost:
		// "search" is also a valid slug: only POST means Search, other
		// methods address the organization whose id, slug or external id is
		// "search" (the same precedence as Go's ServeMux patterns).
		return routeSearch, routeParams{}, true
	case len(segs) == 1:
		return routeOrganization, routeParams{org: segs[0]}, true
	case len(segs) == 2 && segs[1] == "external_id":
		return routeExternalID, routeParams{org: segs[0]}, true
	case len(segs) >= 2 && len(segs) <= 4:
		return matchMemberRoute(method, segs)
	}
	return "", routeParams{}, false
}

// matchMemberRoute matches the member routes, given two to four segments
// below /v1/b2b/organizations.
//
// The member search, POST /v1/b2b/organizations/members/search, is the only
// two-segment route whose second segment is "search", so it never addresses
// an organization whose slug is "members" (whose members are at
// …/members/members and …/members/member).
//
// INFERRED: DELETE …/members/mfa_phone_numbers/{member_id} and
// DELETE …/members/{member_id}/external_id overlap when the member id is
// "mfa_phone_numbers" or "external_id" (Go's ServeMux would refuse both
// patterns). The literal segment that comes first wins: a DELETE whose third
// segment is mfa_phone_numbers deletes a phone number; any other method on
// …/members/mfa_phone_numbers/reactivate (or /external_id) addresses the
// member whose id is mfa_phone_numbers (DESIGN.md, "Inferred members").
func matchMemberRoute(method string, segs []string) (string, routeParams, bool) {
	p := routeParams{org: segs[0]}
	switch {
	case len(segs) == 2 && segs[0] == "members" && segs[1] == "search":
		return routeMemberSearch, routeParams{}, true
	case segs[1] == "member" && len(segs) == 2:
		return routeMemberGet, p, true
	case segs[1] != "members":
		return "", routeParams{}, false
	case len(segs) == 2:
		return routeMembers, p, true
	case len(segs) == 3:
		p.member = segs[2]
		return routeMember, p, true
	}
	last := segs[3]
	if segs[2] == mfaPhoneNumbersSegment && (method == http.MethodDelete || (last != "reactivate" && last != "external_id")) {
		p.member = last
		return routeMemberMFAPhone, p, true
	}
	p.member = segs[2]
	switch last {
	case "reactivate":
		return routeMemberReactivate, p, true
	case "external_id":
		return routeMemberExternalID, p, true
	}
	return "", routeParams{}, false
}

// ssoKindRoutes maps the connection type segment of the SSO paths to the
// templates of its Create and Update routes.
var ssoKindRoutes = map[string][2]string{
	"saml":     {routeSAMLCreate, routeSAMLConnection},
	"oidc":     {routeOIDCCreate, routeOIDCConnection},
	"external": {routeExternalCreate, routeExternalConnection},
}

// matchSSORoute matches the segments below /v1/b2b/sso.
//
// INFERRED: the routes are told apart by their number of segments, so an
// organization whose slug is "saml", "oidc" or "external" is still addressed
// by GET /v1/b2b/sso/{organization_id} and
// DELETE /v1/b2b/sso/{organization_id}/connections/{connection_id}
// (DESIGN.md, "Inferred SSO connections").
func matchSSORoute(segs []string) (string, routeParams, bool) {
	if len(segs) == 0 {
		return "", routeParams{}, false
	}
	kind, isKind := ssoKindRoutes[segs[0]]
	switch {
	case len(segs) == 1:
		return routeSSOList, routeParams{org: segs[0]}, true
	case len(segs) == 2 && isKind:
		return kind[0], routeParams{org: segs[1]}, true
	case len(segs) == 3 && segs[1] == "connections":
		return routeSSOConnection, routeParams{org: segs[0], conn: segs[2]}, true
	case len(segs) < 4 || !isKind || segs[2] != "connections":
		return "", routeParams{}, false
	}
	p := routeParams{org: segs[1], conn: segs[3]}
	switch {
	case len(segs) == 4:
		return kind[1], p, true
	case segs[0] != "saml":
		return "", routeParams{}, false
	case len(segs) == 5 && segs[4] == "url":
		return routeSAMLURL, p, true
	case len(segs) == 6 && segs[4] == "verification_certificates":
		p.sub = segs[5]
		return routeSAMLVerificationCert, p, true
	case len(segs) == 6 && segs[4] == "encryption_private_keys":
		p.sub = segs[5]
		return routeSAMLEncryptionKey, p, true
	}
	return "", routeParams{}, false
}

// scimRotateRoutes maps the last segment of the rotation paths to their
// templates.
var scimRotateRoutes = map[string]string{
	"start":    routeSCIMRotateStart,
	"complete": routeSCIMRotateComplete,
	"cancel":   routeSCIMRotateCancel,
}

// matchSCIMRoute matches the segments below /v1/b2b/scim: the management
// routes, whose second segment is "connection", and the SCIM protocol
// routes, whose second segment is "ServiceProviderConfig" or "Groups". The
// literal second segment tells them apart, so no organization id, slug or
// external id can make a management path reach the protocol API or the
// reverse.
func matchSCIMRoute(segs []string) (string, routeParams, bool) {
	if len(segs) < 2 {
		return "", routeParams{}, false
	}
	switch segs[1] {
	case "connection":
		p := routeParams{org: segs[0]}
		switch {
		case len(segs) == 2:
			return routeSCIMConnection, p, true
		case len(segs) == 3:
			p.conn = segs[2]
			return routeSCIMConnectionID, p, true
		case len(segs) == 5 && segs[3] == "rotate" && scimRotateRoutes[segs[4]] != "":
			p.conn = segs[2]
			return scimRotateRoutes[segs[4]], p, true
		}
	case "ServiceProviderConfig":
		if len(segs) == 2 {
			return routeSCIMServiceProviderConfig, routeParams{conn: segs[0]}, true
		}
	case "Groups":
		switch len(segs) {
		case 2:
			return routeSCIMGroups, routeParams{conn: segs[0]}, true
		case 3:
			return routeSCIMGroup, routeParams{conn: segs[0], sub: segs[2]}, true
		}
	}
	return "", routeParams{}, false
}

// matchRBACRoute matches the segments below /v1/b2b/rbac.
func matchRBACRoute(segs []string) (string, routeParams, bool) {
	switch {
	case len(segs) == 1 && segs[0] == "policy":
		return routeRBACPolicy, routeParams{}, true
	case len(segs) == 2 && segs[0] == "organizations":
		return routeRBACOrganization, routeParams{org: segs[1]}, true
	}
	return "", routeParams{}, false
}

// orgHandler handles one route, given its decoded path parameters.
type orgHandler func(w http.ResponseWriter, r *http.Request, p routeParams)

// dispatch checks the method and the credentials, then calls the handler,
// unless fault injection answers instead (see Faults).
func (s *Server) dispatch(w http.ResponseWriter, r *http.Request, p routeParams, handlers map[string]orgHandler) {
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
	s.serveWithFaults(w, r, p, h)
}

// splitPath returns the decoded path segments below basePath; see splitBelow.
func splitPath(escaped string) ([]string, bool) {
	return splitBelow(basePath, escaped)
}

// splitBelow returns the decoded path segments of escaped below prefix.
// Clients path-escape the path parameters, so each segment is unescaped
// separately ("a%2Fb" is one segment "a/b"). It reports false for paths
// outside prefix and for empty or undecodable segments.
func splitBelow(prefix, escaped string) ([]string, bool) {
	if escaped == prefix {
		return nil, true
	}
	rest, ok := strings.CutPrefix(escaped, prefix+"/")
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

// writeJSON writes v as the JSON body of a 200 OK response.
func (s *Server) writeJSON(w http.ResponseWriter, r *http.Request, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		s.writeError(w, r, errInternal())
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(buf.Bytes())
}

// writeError writes e as a Stytch error body.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, e *apiError) {
	body := stytch.ErrorBody{
		StatusCode:   e.status,
		RequestID:    requestID(r),
		ErrorType:    e.errType.name,
		ErrorMessage: e.message,
		ErrorURL:     fmt.Sprintf("https://stytch.com/docs/b2b/api/errors/%d#%s", e.status, e.errType.name),
	}
	buf, _ := json.Marshal(body) // errorBody always marshals.
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(e.status)
	_, _ = w.Write(append(buf, '\n'))
}
