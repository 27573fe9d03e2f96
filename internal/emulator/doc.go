// Package emulator is an in-memory emulator of Stytch's B2B Organizations API
// (see the project's wire-level spec, shared/stytch-api.md).
//
// It is a product component, used by the provider's offline acceptance tests
// and by "make demo", not a mock: it enforces the documented validation rules
// and answers with Stytch's error shapes, so that tests fail where Stytch would
// fail. Behaviours the spec marks INFERRED or UNKNOWN are implemented with a
// documented choice; each such place carries a comment starting with
// "INFERRED:".
//
// A Server is an http.Handler; serve it with net/http or httptest:
//
//	srv := httptest.NewServer(emulator.New(emulator.Options{}))
//	defer srv.Close()
package emulator
