// Package emulator is an in-memory emulator of Stytch's B2B Organizations API,
// of its Members API, of its SSO connection API (SAML, OIDC and External
// connections), of its SCIM connection API and of its RBAC API (the
// project's policy and organizations' policies) (DESIGN.md, "Wire rules",
// describes what it follows and where that comes from; DESIGN.md, "Inferred
// SSO connections", "Inferred members" and "Inferred SCIM connections and
// organization RBAC policies", the choices made for those APIs).
//
// It is a product component, used by the provider's offline acceptance tests
// and by "make demo", not a mock: it enforces the documented validation rules
// and answers with Stytch's error shapes, so that tests fail where Stytch would
// fail. Where Stytch documents nothing, the emulator makes a
// choice, listed in DESIGN.md, "Emulator inferred behaviors"; each such place
// carries a comment starting with "INFERRED:".
//
// A Server is an http.Handler; serve it with net/http or httptest:
//
//	srv := httptest.NewServer(emulator.New(emulator.Options{}))
//	defer srv.Close()
//
// Options.Faults injects latency, rate limiting (429), failures (500/503),
// HTML 502 answers and dropped connections into /v1/ requests,
// deterministically under a seed; see Faults for the order in which they
// apply. Server.SetFaults changes them at runtime.
//
// Options.ProjectPolicy is the project's RBAC policy, which the emulator
// answers at GET /v1/b2b/rbac/policy and checks organizations' policies and
// role assignments against; LoadProjectPolicy reads one from a JSON file in
// the shape of Stytch's Policy object. The file is the whole project policy,
// except that Stytch's default resources (stytch.organization, stytch.member,
// stytch.sso, stytch.scim, stytch.self) and roles (stytch_member,
// stytch_admin) are always in it, as in every Stytch project: the file may
// redefine them (a policy copied from a real project keeps its own actions),
// and those it leaves out keep the emulator's defaults. Options.ProjectRoles
// adds role ids without permissions. Members' roles must be defined in the
// project's policy or in their organization's policy, which the organization
// answers as its read-only custom_roles.
//
// Each SCIM connection's base_url points at a minimal SCIM 2.0 protocol API
// the emulator serves (/v1/b2b/scim/{connection_id}/ServiceProviderConfig,
// …/Groups, …/Groups/{group_id}), authenticated by the connection's bearer
// token instead of the project's credentials, so that a rotated-out token is
// refused and tests can push groups as an identity provider would.
//
// Options.PublicBaseURL sets the host of the URLs made for SSO connections
// (acs_url, audience_uri, redirect_url); Options.AllowRemoteMetadata lets
// "Update SAML connection by metadata URL" fetch from hosts other than
// loopback ones.
//
// Request statistics (counts by route template, by status and by injected
// fault) are available from Server.Stats and, over HTTP with the same Basic
// auth, from GET /_emulator/stats; POST /_emulator/stats/reset resets them.
package emulator
