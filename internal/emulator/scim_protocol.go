package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// This file serves a minimal SCIM 2.0 protocol API (RFC 7643, RFC 7644) at
// each SCIM connection's base_url, /v1/b2b/scim/{connection_id}: what a
// customer's identity provider calls with the connection's bearer token. It
// exists so that tokens are real (a rotated-out token is refused) and so that
// tests can push groups, which role assignments must name, as an identity
// provider would:
//
//	GET    …/ServiceProviderConfig
//	GET    …/Groups[?filter=displayName eq "…"&startIndex=&count=]
//	POST   …/Groups          {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"…"}
//	GET    …/Groups/{group_id}
//	DELETE …/Groups/{group_id}
//
// Every request needs "Authorization: Bearer <token>" with the connection's
// current token or, during a rotation, its pending one; there is no Basic
// auth. Answers are application/scim+json; errors are SCIM Error objects.
// Users, PUT and PATCH are not emulated. DESIGN.md, "Inferred SCIM
// connections and organization RBAC policies", lists the choices made.

// scimError is a SCIM Error response (RFC 7644, section 3.12).
type scimError struct {
	Schemas  []string `json:"schemas"`
	Status   string   `json:"status"`
	SCIMType string   `json:"scimType,omitempty"`
	Detail   string   `json:"detail"`
}

// scimMeta is the meta attribute of a SCIM resource.
type scimMeta struct {
	ResourceType string `json:"resourceType"`
	Created      string `json:"created,omitempty"`
	LastModified string `json:"lastModified,omitempty"`
	Location     string `json:"location"`
}

// scimGroupResource is a SCIM Group resource.
//
// INFERRED: members are neither kept nor answered (the emulator provisions
// no users).
type scimGroupResource struct {
	Schemas     []string `json:"schemas"`
	ID          string   `json:"id"`
	DisplayName string   `json:"displayName"`
	Meta        scimMeta `json:"meta"`
}

// scimListResponse is a SCIM ListResponse.
type scimListResponse struct {
	Schemas      []string            `json:"schemas"`
	TotalResults int                 `json:"totalResults"`
	StartIndex   int                 `json:"startIndex"`
	ItemsPerPage int                 `json:"itemsPerPage"`
	Resources    []scimGroupResource `json:"Resources"`
}

// scimSupported is a {"supported": bool} feature of ServiceProviderConfig.
type scimSupported struct {
	Supported bool `json:"supported"`
}

// scimServiceProviderConfig is the ServiceProviderConfig resource.
type scimServiceProviderConfig struct {
	Schemas               []string        `json:"schemas"`
	Patch                 scimSupported   `json:"patch"`
	Bulk                  scimBulk        `json:"bulk"`
	Filter                scimFilter      `json:"filter"`
	ChangePassword        scimSupported   `json:"changePassword"`
	Sort                  scimSupported   `json:"sort"`
	ETag                  scimSupported   `json:"etag"`
	AuthenticationSchemes []scimAuthority `json:"authenticationSchemes"`
	Meta                  scimMeta        `json:"meta"`
}

type scimBulk struct {
	Supported      bool `json:"supported"`
	MaxOperations  int  `json:"maxOperations"`
	MaxPayloadSize int  `json:"maxPayloadSize"`
}

type scimFilter struct {
	Supported  bool `json:"supported"`
	MaxResults int  `json:"maxResults"`
}

type scimAuthority struct {
	Type        string `json:"type"`
	Name        string `json:"name"`
	Description string `json:"description"`
}

// scimMaxResults bounds a Groups listing page.
// INFERRED: the maximum of the management API's group listing.
const scimMaxResults = scimGroupsMaxLimit

// dispatchSCIM checks the method and the bearer token of a SCIM protocol
// request, then calls the handler, unless fault injection answers instead
// (as for the management API: see Faults).
//
// INFERRED: every route needs the token, ServiceProviderConfig included (RFC
// 7644 leaves that to the service provider); a request without
// "Authorization: Bearer <token>", with a token that is not the connection's
// current or pending token, with an expired token or for a connection that
// does not exist is 401.
func (s *Server) dispatchSCIM(w http.ResponseWriter, r *http.Request, p routeParams, handlers map[string]orgHandler) {
	h, ok := handlers[r.Method]
	if !ok {
		methods := make([]string, 0, len(handlers))
		for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodDelete} {
			if _, ok := handlers[m]; ok {
				methods = append(methods, m)
			}
		}
		w.Header().Set("Allow", strings.Join(methods, ", "))
		s.writeSCIMError(w, http.StatusMethodNotAllowed, "", fmt.Sprintf("The %s method is not allowed on this endpoint.", r.Method))
		return
	}
	token, ok := bearerToken(r)
	if !ok || !s.store.scimAuthenticated(p.conn, token, s.now()) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="SCIM"`)
		s.writeSCIMError(w, http.StatusUnauthorized, "", "Authorization failed: send the SCIM connection's bearer token as \"Authorization: Bearer <token>\".")
		return
	}
	s.serveWithFaults(w, r, p, h)
}

// bearerToken returns the token of an "Authorization: Bearer <token>"
// header; the scheme is case-insensitive.
func bearerToken(r *http.Request) (string, bool) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

// handleSCIMServiceProviderConfig serves GET …/ServiceProviderConfig.
func (s *Server) handleSCIMServiceProviderConfig(w http.ResponseWriter, _ *http.Request, p routeParams) {
	s.writeSCIM(w, http.StatusOK, scimServiceProviderConfig{
		Schemas:        []string{scimSchemaSPConfig},
		Patch:          scimSupported{},
		Bulk:           scimBulk{},
		Filter:         scimFilter{Supported: true, MaxResults: scimMaxResults},
		ChangePassword: scimSupported{},
		Sort:           scimSupported{},
		ETag:           scimSupported{},
		AuthenticationSchemes: []scimAuthority{{
			Type:        "oauthbearertoken",
			Name:        "OAuth Bearer Token",
			Description: "The SCIM connection's bearer token, sent as \"Authorization: Bearer <token>\".",
		}},
		Meta: scimMeta{ResourceType: "ServiceProviderConfig", Location: s.scimEndpoint(p.conn) + "/ServiceProviderConfig"},
	})
}

// scimDisplayNameFilter is the one filter the Groups listing understands,
// what identity providers send to look a group up before creating it.
var scimDisplayNameFilter = regexp.MustCompile(`(?i)^\s*displayName\s+eq\s+("(?:[^"\\]|\\.)*")\s*$`)

// handleSCIMListGroups serves GET …/Groups: the connection's groups in
// creation order.
//
// INFERRED: filter may only be displayName eq "…", compared ignoring case
// (displayName is not caseExact in RFC 7643), anything else is 400
// invalidFilter; startIndex is 1-based (below 1 counts as 1) and count
// defaults to, and is clamped to, 1000; a value that is not an integer is 400
// invalidValue.
func (s *Server) handleSCIMListGroups(w http.ResponseWriter, r *http.Request, p routeParams) {
	q := r.URL.Query()
	var want *string
	if f := q.Get("filter"); f != "" {
		m := scimDisplayNameFilter.FindStringSubmatch(f)
		var name string
		if m == nil || json.Unmarshal([]byte(m[1]), &name) != nil {
			s.writeSCIMError(w, http.StatusBadRequest, "invalidFilter", "Only the filter displayName eq \"<name>\" is supported.")
			return
		}
		want = &name
	}
	start, count := 1, scimMaxResults
	for _, param := range []struct {
		name string
		dst  *int
	}{{"startIndex", &start}, {"count", &count}} {
		if raw := q.Get(param.name); raw != "" {
			n, err := strconv.Atoi(raw)
			if err != nil {
				s.writeSCIMError(w, http.StatusBadRequest, "invalidValue", param.name+" must be an integer.")
				return
			}
			*param.dst = n
		}
	}
	start = max(start, 1)
	count = min(max(count, 0), scimMaxResults)
	var matches []scimGroupResource
	if !s.store.withSCIMConn(p.conn, func(c *scimConn) {
		for _, g := range c.groups {
			if want == nil || strings.EqualFold(g.name, *want) {
				matches = append(matches, s.scimGroupResource(c.id, g))
			}
		}
	}) {
		s.writeSCIMUnauthorized(w)
		return
	}
	page := []scimGroupResource{}
	if start <= len(matches) {
		page = matches[start-1 : min(start-1+count, len(matches))]
	}
	s.writeSCIM(w, http.StatusOK, scimListResponse{
		Schemas:      []string{scimSchemaListResponse},
		TotalResults: len(matches),
		StartIndex:   start,
		ItemsPerPage: len(page),
		Resources:    page,
	})
}

// handleSCIMCreateGroup serves POST …/Groups: a new group of the connection,
// answered 201 with its Location.
//
// INFERRED: the body must be a JSON object; schemas, when sent, must list the
// Group schema (400 invalidSyntax); displayName must be a non-blank string
// (400 invalidValue) unique in the connection ignoring case (409
// uniqueness); other attributes (members, externalId) are ignored.
func (s *Server) handleSCIMCreateGroup(w http.ResponseWriter, r *http.Request, p routeParams) {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	if err != nil {
		s.writeSCIMError(w, http.StatusBadRequest, "invalidSyntax", "The request body could not be read.")
		return
	}
	var body struct {
		Schemas     *[]string `json:"schemas"`
		DisplayName *string   `json:"displayName"`
	}
	if !hasPrefixByte(data, '{') || json.Unmarshal(bytes.TrimSpace(data), &body) != nil {
		s.writeSCIMError(w, http.StatusBadRequest, "invalidSyntax", "The request body must be a SCIM Group: a JSON object with a string displayName.")
		return
	}
	if body.Schemas != nil && !slices.Contains(*body.Schemas, scimSchemaGroup) {
		s.writeSCIMError(w, http.StatusBadRequest, "invalidSyntax", "schemas must list "+scimSchemaGroup+".")
		return
	}
	if body.DisplayName == nil || strings.TrimSpace(*body.DisplayName) == "" {
		s.writeSCIMError(w, http.StatusBadRequest, "invalidValue", "displayName is required.")
		return
	}
	name := *body.DisplayName
	now := s.now().Format(time.RFC3339)
	var created *scimGroupResource
	duplicate := false
	if !s.store.withSCIMConn(p.conn, func(c *scimConn) {
		if slices.ContainsFunc(c.groups, func(g *scimGroup) bool { return strings.EqualFold(g.name, name) }) {
			duplicate = true
			return
		}
		c.groupSeq++
		g := &scimGroup{id: scimGroupIDPrefix + newUUID(), name: name, seq: c.groupSeq, created: now}
		c.groups = append(c.groups, g)
		res := s.scimGroupResource(c.id, g)
		created = &res
	}) {
		s.writeSCIMUnauthorized(w)
		return
	}
	if duplicate {
		s.writeSCIMError(w, http.StatusConflict, "uniqueness", "A group with the displayName "+quote(name)+" already exists.")
		return
	}
	w.Header().Set("Location", created.Meta.Location)
	s.writeSCIM(w, http.StatusCreated, created)
}

// handleSCIMGetGroup serves GET …/Groups/{group_id}.
func (s *Server) handleSCIMGetGroup(w http.ResponseWriter, _ *http.Request, p routeParams) {
	var found *scimGroupResource
	if !s.store.withSCIMConn(p.conn, func(c *scimConn) {
		if g := c.group(p.sub); g != nil {
			res := s.scimGroupResource(c.id, g)
			found = &res
		}
	}) {
		s.writeSCIMUnauthorized(w)
		return
	}
	if found == nil {
		s.writeSCIMGroupNotFound(w, p.sub)
		return
	}
	s.writeSCIM(w, http.StatusOK, found)
}

// handleSCIMDeleteGroup serves DELETE …/Groups/{group_id}: 204 without a
// body.
//
// INFERRED: the connection's role assignments that name the group are
// deleted with it, so every stored assignment names an existing group.
func (s *Server) handleSCIMDeleteGroup(w http.ResponseWriter, _ *http.Request, p routeParams) {
	found := false
	if !s.store.withSCIMConn(p.conn, func(c *scimConn) {
		if c.group(p.sub) == nil {
			return
		}
		found = true
		c.groups = slices.DeleteFunc(c.groups, func(g *scimGroup) bool { return g.id == p.sub })
		c.assignments = slices.DeleteFunc(c.assignments, func(a scimAssignment) bool { return a.groupID == p.sub })
	}) {
		s.writeSCIMUnauthorized(w)
		return
	}
	if !found {
		s.writeSCIMGroupNotFound(w, p.sub)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// scimGroupResource returns the SCIM Group resource of g.
func (s *Server) scimGroupResource(connID string, g *scimGroup) scimGroupResource {
	return scimGroupResource{
		Schemas:     []string{scimSchemaGroup},
		ID:          g.id,
		DisplayName: g.name,
		Meta: scimMeta{
			ResourceType: "Group",
			Created:      g.created,
			LastModified: g.created,
			Location:     s.scimEndpoint(connID) + "/Groups/" + g.id,
		},
	}
}

// writeSCIM writes v as a SCIM JSON answer with the given status.
func (s *Server) writeSCIM(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // the SCIM types always marshal.
	w.Header().Set("Content-Type", scimMediaType)
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// writeSCIMError writes a SCIM Error; scimType may be "".
func (s *Server) writeSCIMError(w http.ResponseWriter, status int, scimType, detail string) {
	s.writeSCIM(w, status, scimError{
		Schemas:  []string{scimSchemaError},
		Status:   strconv.Itoa(status),
		SCIMType: scimType,
		Detail:   detail,
	})
}

// writeSCIMUnauthorized answers a request whose connection was deleted after
// it was authenticated.
func (s *Server) writeSCIMUnauthorized(w http.ResponseWriter) {
	s.writeSCIMError(w, http.StatusUnauthorized, "", "Authorization failed: the SCIM connection no longer exists.")
}

// writeSCIMGroupNotFound answers a group id the connection does not have.
func (s *Server) writeSCIMGroupNotFound(w http.ResponseWriter, id string) {
	s.writeSCIMError(w, http.StatusNotFound, "", "Group "+quote(id)+" not found.")
}
