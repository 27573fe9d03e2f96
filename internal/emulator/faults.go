package emulator

import (
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Faults configures fault injection, for testing how clients cope with a
// slow, rate-limited or unreliable API. The zero value injects nothing.
//
// Faults apply only to requests below /v1/ (never to the /_emulator/ control
// endpoints, nor to other paths), in this order:
//
//  1. Latency: the request waits Latency before anything else happens, like
//     a slow network. A client that gives up meanwhile is not served
//     (logged as "canceled").
//  2. Rate limit: a request beyond the token bucket is answered 429
//     too_many_requests at once, before routing and authentication, like a
//     rate-limiting edge; nothing else happens.
//  3. Routing (404, 405) and authentication (401), as without faults.
//  4. One draw from the seeded random source decides among fail, garbage,
//     drop and none, for requests that reached this point only (so 401, 404,
//     405 and 429 answers consume no randomness):
//     fail answers 500 or 503 and does nothing; garbage answers a 502 HTML
//     page and does nothing; drop runs the handler (state changes happen)
//     and then closes the connection without any response.
//
// The draw uses cumulative thresholds on one uniform number u in [0,1):
// u < FailRate fails, u < FailRate+GarbageRate is garbage, u <
// FailRate+GarbageRate+DropRate drops, and the next ThrottleRate is answered
// 429. So each rate is exactly its kind's
// share while the three sum to at most 1; if they sum to more, the later
// kinds get only what is left.
//
// Given the same Seed and the same sequence of requests (sent one at a time),
// the same requests are faulted. Rate limiting depends on real time and is
// deterministic only in that sense.
type Faults struct {
	// Latency is added to every request before it is handled. Negative
	// values count as 0.
	Latency time.Duration
	// RateLimit is the number of requests per second allowed, enforced by a
	// token bucket of burst max(1, ceil(RateLimit)) that starts full. Requests
	// beyond it are answered 429 too_many_requests, "Too many requests have
	// been made.". 0 (or a negative, NaN or infinite value) disables it. The
	// bucket runs on real (monotonic) time, not on Options.Now.
	RateLimit float64
	// RetryAfterHeader adds a Retry-After header, in whole seconds (at least
	// 1), to 429 answers: the time until the bucket holds a token again.
	// INFERRED: Stytch does not document a Retry-After header on its 429s, so
	// by default (false) none is sent, as a client must cope without it.
	RetryAfterHeader bool
	// FailRate is the fraction of requests answered 500 internal_server_error
	// or 503 server_unavailable (chosen at random) without doing anything.
	FailRate float64
	// DropRate is the fraction of requests that are processed (state changes
	// happen) and then answered by closing the connection without any
	// response, so the client cannot know whether the call took effect.
	DropRate float64
	// GarbageRate is the fraction of requests answered 502 with an HTML body
	// (Content-Type text/html), like a misbehaving proxy, without doing
	// anything.
	GarbageRate float64
	// ThrottleRate is the fraction of requests answered 429 too_many_requests
	// without doing anything, independent of time: a rate limit that hits a
	// fixed share of requests, for tests that must not depend on timing. It is
	// drawn after FailRate, GarbageRate and DropRate.
	ThrottleRate float64
	// Seed seeds the random source (a PCG) that picks the faulted requests.
	Seed int64
}

// Fault kinds, the keys of Stats.Faults.
const (
	FaultRateLimited = "rate_limited"
	FaultFailed      = "failed"
	FaultDropped     = "dropped"
	FaultGarbage     = "garbage"
)

// faultKinds lists every fault kind, in the order of the documentation.
var faultKinds = []string{FaultRateLimited, FaultFailed, FaultDropped, FaultGarbage}

// Outcomes logged instead of a status code.
const (
	outcomeDropped  = "dropped"
	outcomeCanceled = "canceled"
	outcomeAborted  = "aborted"
)

// normalized returns f with every out-of-range value clamped: negative
// latency to 0, unusable rate limits to 0 (off), rates into [0,1] (NaN to 0).
func (f Faults) normalized() Faults {
	f.Latency = max(f.Latency, 0)
	if !(f.RateLimit > 0) || math.IsInf(f.RateLimit, 1) {
		f.RateLimit = 0
	}
	f.FailRate = clampRate(f.FailRate)
	f.DropRate = clampRate(f.DropRate)
	f.GarbageRate = clampRate(f.GarbageRate)
	f.ThrottleRate = clampRate(f.ThrottleRate)
	return f
}

// clampRate clamps r into [0,1]; NaN counts as 0.
func clampRate(r float64) float64 {
	if !(r > 0) {
		return 0
	}
	return min(r, 1)
}

// newRand returns the PCG random source for seed.
func newRand(seed int64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), uint64(seed)^0x9e3779b97f4a7c15))
}

// fault is the outcome of the random draw for one request.
type fault int

const (
	faultNone fault = iota
	faultFail
	faultGarbage
	faultDrop
	faultThrottle
)

// faultState is the mutable fault-injection state of a Server. One mutex
// guards the configuration, the random source and the token bucket.
type faultState struct {
	mu     sync.Mutex
	cfg    Faults
	rng    *rand.Rand
	bucket tokenBucket
}

// set installs f (normalized), reseeds the random source from f.Seed and
// refills the token bucket.
func (fs *faultState) set(f Faults) {
	f = f.normalized()
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.cfg = f
	fs.rng = newRand(f.Seed)
	fs.bucket = newTokenBucket(f.RateLimit)
}

// config returns the current configuration.
func (fs *faultState) config() Faults {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return fs.cfg
}

// take takes a token at now. When none is left it reports false and the time
// until one is available; with rate limiting off it always reports true.
func (fs *faultState) take(now time.Time) (bool, time.Duration) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return fs.bucket.take(now)
}

// draw decides the fault of one request; for faultFail it also returns the
// status to answer (500 or 503). It consumes no randomness while every rate
// is 0.
func (fs *faultState) draw() (fault, int) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	c := fs.cfg
	if c.FailRate == 0 && c.GarbageRate == 0 && c.DropRate == 0 && c.ThrottleRate == 0 {
		return faultNone, 0
	}
	u := fs.rng.Float64()
	switch {
	case u < c.FailRate:
		if fs.rng.IntN(2) == 0 {
			return faultFail, http.StatusInternalServerError
		}
		return faultFail, http.StatusServiceUnavailable
	case u < c.FailRate+c.GarbageRate:
		return faultGarbage, 0
	case u < c.FailRate+c.GarbageRate+c.DropRate:
		return faultDrop, 0
	case u < c.FailRate+c.GarbageRate+c.DropRate+c.ThrottleRate:
		return faultThrottle, 0
	}
	return faultNone, 0
}

// tokenBucket is a token bucket rate limiter; the zero value (rate 0) allows
// everything.
type tokenBucket struct {
	rate   float64 // tokens per second; 0 = unlimited
	burst  float64 // capacity
	tokens float64
	last   time.Time // when tokens was computed; zero before the first take
}

// newTokenBucket returns a full bucket for rate requests per second with
// burst max(1, ceil(rate)).
func newTokenBucket(rate float64) tokenBucket {
	if rate <= 0 {
		return tokenBucket{}
	}
	burst := max(1, math.Ceil(rate))
	return tokenBucket{rate: rate, burst: burst, tokens: burst}
}

// take refills the bucket up to now and takes one token. When none is left it
// reports false and how long until one will be.
func (b *tokenBucket) take(now time.Time) (bool, time.Duration) {
	if b.rate == 0 {
		return true, 0
	}
	if !b.last.IsZero() {
		if elapsed := now.Sub(b.last); elapsed > 0 {
			b.tokens = min(b.burst, b.tokens+elapsed.Seconds()*b.rate)
		}
	}
	if b.last.IsZero() || now.After(b.last) {
		b.last = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / b.rate * float64(time.Second))
}

// retryAfterSeconds renders wait as a Retry-After value: whole seconds,
// rounded up, at least 1.
func retryAfterSeconds(wait time.Duration) string {
	return strconv.FormatInt(max(1, int64(math.Ceil(wait.Seconds()))), 10)
}

// SetFaults replaces the fault configuration at runtime (for example to turn
// faults off before a test verifies the final state). It is safe to call
// concurrently with requests. Like New, it normalizes out-of-range values,
// reseeds the random source from f.Seed and refills the token bucket, so
// the faults that follow are those of a new Server with these Faults.
func (s *Server) SetFaults(f Faults) {
	s.faults.set(f)
}

// isAPIPath reports whether faults apply to the escaped path.
func isAPIPath(escaped string) bool {
	return strings.HasPrefix(escaped, "/v1/")
}

// edgeFaults applies latency and rate limiting (steps 1 and 2 of the order
// documented on Faults). It reports whether the request should proceed; if
// not, it has answered it (or the client is gone).
func (s *Server) edgeFaults(w http.ResponseWriter, r *http.Request) bool {
	cfg := s.faults.config()
	if cfg.Latency > 0 {
		t := time.NewTimer(cfg.Latency)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			setOutcome(w, outcomeCanceled)
			return false
		}
	}
	if ok, wait := s.faults.take(s.mono()); !ok {
		s.stats.countFault(FaultRateLimited)
		if cfg.RetryAfterHeader {
			w.Header().Set("Retry-After", retryAfterSeconds(wait))
		}
		s.writeError(w, r, errTooManyRequests())
		return false
	}
	return true
}

// serveWithFaults runs h for a routed, authenticated request, unless the
// random draw (step 4 of the order documented on Faults) injects a fault.
func (s *Server) serveWithFaults(w http.ResponseWriter, r *http.Request, p routeParams, h orgHandler) {
	kind, status := s.faults.draw()
	switch kind {
	case faultFail:
		s.stats.countFault(FaultFailed)
		if status == http.StatusServiceUnavailable {
			s.writeError(w, r, errServerUnavailable())
		} else {
			s.writeError(w, r, errInternal())
		}
	case faultGarbage:
		s.stats.countFault(FaultGarbage)
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = io.WriteString(w, badGatewayPage)
	case faultThrottle:
		s.stats.countFault(FaultRateLimited)
		s.writeError(w, r, errTooManyRequests())
	case faultDrop:
		s.stats.countFault(FaultDropped)
		h(&discardWriter{header: http.Header{}}, r, p)
		s.dropConnection(w)
	default:
		h(w, r, p)
	}
}

// badGatewayPage is the body of a garbage answer, as a proxy in front of an
// API might serve it.
const badGatewayPage = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n"

// dropConnection closes the client connection without a response. If the
// connection cannot be hijacked (HTTP/2, or a ResponseWriter that is not a
// connection) it panics with http.ErrAbortHandler, which makes net/http
// abort the response (a stream reset for HTTP/2).
func (s *Server) dropConnection(w http.ResponseWriter) {
	setOutcome(w, outcomeDropped)
	conn, _, err := http.NewResponseController(w).Hijack()
	if err == nil {
		_ = conn.Close()
		return
	}
	panic(http.ErrAbortHandler)
}

// setOutcome records on the request's statusRecorder an outcome to log
// instead of a status code.
func setOutcome(w http.ResponseWriter, outcome string) {
	for {
		switch v := w.(type) {
		case *statusRecorder:
			v.outcome = outcome
			return
		case interface{ Unwrap() http.ResponseWriter }:
			w = v.Unwrap()
		default:
			return
		}
	}
}

// discardWriter is a ResponseWriter that throws the response away; a dropped
// request is handled into one.
type discardWriter struct {
	header http.Header
}

// Header returns the (discarded) response header.
func (d *discardWriter) Header() http.Header { return d.header }

// Write discards b.
func (d *discardWriter) Write(b []byte) (int, error) { return len(b), nil }

// WriteHeader discards the status.
func (d *discardWriter) WriteHeader(int) {}
