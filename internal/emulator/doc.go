// Package emulator is an in-memory emulator of Stytch's B2B Organizations API
// (DESIGN.md, "Wire rules", describes what it follows and where that comes
// from).
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
// Request statistics (counts by route template, by status and by injected
// fault) are available from Server.Stats and, over HTTP with the same Basic
// auth, from GET /_emulator/stats; POST /_emulator/stats/reset resets them.
package emulator
