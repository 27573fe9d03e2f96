// Package emulator is an in-memory emulator of Stytch's B2B Organizations API,
// of its Members API and of its SSO connection API (SAML, OIDC and External
// connections) (DESIGN.md, "Wire rules", describes what it follows and where
// that comes from; DESIGN.md, "Inferred SSO connections" and "Inferred
// members", the SSO and member choices).
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
// Options.ProjectRoles adds role ids to the project's RBAC policy, which
// holds Stytch's default roles stytch_admin and stytch_member; members' roles
// must be defined there or in their organization's custom_roles.
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
