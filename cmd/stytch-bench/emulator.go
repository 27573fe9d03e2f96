package main

import (
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/platformkit/terraform-provider-stytch/internal/emulator"
	"github.com/platformkit/terraform-provider-stytch/internal/tfrun"
)

// emulatorServer is the emulator served on a loopback port, with a record of
// when the API was busy.
type emulatorServer struct {
	*tfrun.Emulator
	window apiWindow
}

// startEmulator serves a fresh emulator on 127.0.0.1 with latency added to
// every API request and, when rateLimit > 0, a token-bucket rate limit.
func startEmulator(latency time.Duration, rateLimit float64) (*emulatorServer, error) {
	e := &emulatorServer{}
	emu, err := tfrun.StartEmulator(tfrun.EmulatorOptions{
		Faults: emulator.Faults{Latency: latency, RateLimit: rateLimit},
		Wrap:   e.window.wrap,
	})
	if err != nil {
		return nil, err
	}
	e.Emulator = emu
	return e, nil
}

// reset zeroes the request statistics and the busy window, before a phase.
func (e *emulatorServer) reset() {
	e.ResetStats()
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
