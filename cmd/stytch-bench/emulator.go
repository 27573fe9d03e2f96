package main

import (
	"context"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/platformkit/terraform-provider-stytch/internal/emulator"
)

// Credentials of the in-process emulator. They never leave this machine.
const (
	benchProjectID = "project-test-bench0000-0000-4000-8000-000000000000"
	benchSecret    = "secret-test-bench-local-only"
)

// emulatorServer is the emulator served on a loopback port, with a record of
// when the API was busy.
type emulatorServer struct {
	emu    *emulator.Server
	srv    *http.Server
	url    string
	window apiWindow
}

// startEmulator serves a fresh emulator on 127.0.0.1 with latency added to
// every API request and, when rateLimit > 0, a token-bucket rate limit.
func startEmulator(latency time.Duration, rateLimit float64) (*emulatorServer, error) {
	ln, err := (&net.ListenConfig{}).Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	e := &emulatorServer{
		emu: emulator.New(emulator.Options{
			ProjectID: benchProjectID,
			Secret:    benchSecret,
			Faults:    emulator.Faults{Latency: latency, RateLimit: rateLimit},
		}),
		url: "http://" + ln.Addr().String(),
	}
	e.srv = &http.Server{Handler: e.window.wrap(e.emu), ReadHeaderTimeout: 30 * time.Second}
	go func() { _ = e.srv.Serve(ln) }()
	return e, nil
}

// close stops the server.
func (e *emulatorServer) close() { _ = e.srv.Close() }

// reset zeroes the request statistics and the busy window, before a phase.
func (e *emulatorServer) reset() {
	e.emu.ResetStats()
	e.window.reset()
}

// apiWindow records when the first API request of a phase arrived and when
// the last one was answered: the time the API was in use, which is what a
// request rate is measured over.
type apiWindow struct {
	mu          sync.Mutex
	first, last time.Time
}

// wrap returns h, recording the window of requests below /v1/.
func (w *apiWindow) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/v1/") {
			h.ServeHTTP(rw, r)
			return
		}
		w.mark(time.Now())
		h.ServeHTTP(rw, r)
		w.mark(time.Now())
	})
}

// mark extends the window to t.
func (w *apiWindow) mark(t time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.first.IsZero() || t.Before(w.first) {
		w.first = t
	}
	if t.After(w.last) {
		w.last = t
	}
}

// reset empties the window.
func (w *apiWindow) reset() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.first, w.last = time.Time{}, time.Time{}
}

// duration is the length of the window, 0 when no request came.
func (w *apiWindow) duration() time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.last.Sub(w.first)
}
