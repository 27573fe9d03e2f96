package emulator

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log"
	"math"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// faultEnv is an emulator with faults behind a real HTTP server, so that
// dropped connections are real.
type faultEnv struct {
	t      *testing.T
	srv    *Server
	ts     *httptest.Server
	client *http.Client
	logs   *syncBuffer
}

func newFaultEnv(t *testing.T, f Faults) *faultEnv {
	t.Helper()
	logs := &syncBuffer{}
	srv := New(Options{ProjectID: testProjectID, Secret: testSecret, Logger: log.New(logs, "", 0), Faults: f})
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	// Without keep-alives every request has a fresh connection, so the
	// transport never retries a request whose connection was dropped.
	tr := &http.Transport{DisableKeepAlives: true}
	t.Cleanup(tr.CloseIdleConnections)
	return &faultEnv{t: t, srv: srv, ts: ts, client: &http.Client{Transport: tr, Timeout: 10 * time.Second}, logs: logs}
}

// result is one answer, or the transport error of a dropped connection.
type result struct {
	status int
	header http.Header
	body   []byte
	err    error
}

// outcome is "dropped" for a transport error, else the status code.
func (r result) outcome() string {
	if r.err != nil {
		return outcomeDropped
	}
	return strconv.Itoa(r.status)
}

func (e *faultEnv) send(method, path, body string, auth bool) result {
	e.t.Helper()
	req, err := http.NewRequestWithContext(e.t.Context(), method, e.ts.URL+path, strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if auth {
		req.SetBasicAuth(testProjectID, testSecret)
	}
	resp, err := e.client.Do(req)
	if err != nil {
		return result{err: err}
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatalf("%s %s: reading body: %v", method, path, err)
	}
	return result{status: resp.StatusCode, header: resp.Header, body: data}
}

func createBody(slug string) string {
	return `{"organization_name":"Org ` + slug + `","organization_slug":"` + slug + `"}`
}

// mixedSequence sends n requests (creates and searches, alternating) and
// returns their outcomes.
func mixedSequence(e *faultEnv, n int) []string {
	out := make([]string, n)
	for i := range n {
		var r result
		if i%2 == 0 {
			r = e.send(http.MethodPost, basePath, createBody("org-"+itoa(i)), true)
		} else {
			r = e.send(http.MethodPost, basePath+"/search", `{"limit":2}`, true)
		}
		out[i] = r.outcome()
	}
	return out
}

func TestFaultSequenceIsDeterministic(t *testing.T) {
	f := Faults{FailRate: 0.2, GarbageRate: 0.2, DropRate: 0.2, Seed: 42}
	a, b := newFaultEnv(t, f), newFaultEnv(t, f)
	seqA, seqB := mixedSequence(a, 200), mixedSequence(b, 200)
	if !slices.Equal(seqA, seqB) {
		t.Fatalf("same seed, different outcomes:\n%v\n%v", seqA, seqB)
	}
	for _, want := range []string{"200", "500", "503", "502", outcomeDropped} {
		if !slices.Contains(seqA, want) {
			t.Errorf("outcome %s never happened in %v", want, seqA)
		}
	}
	if a.srv.Len() != b.srv.Len() {
		t.Errorf("Len %d vs %d", a.srv.Len(), b.srv.Len())
	}
	if sa, sb := a.srv.Stats(), b.srv.Stats(); !statsEqual(sa, sb) {
		t.Errorf("stats differ: %+v vs %+v", sa, sb)
	}

	for _, seed := range []int64{0, 43, -42} {
		f.Seed = seed
		if seq := mixedSequence(newFaultEnv(t, f), 200); slices.Equal(seq, seqA) {
			t.Errorf("seed %d gave the same outcomes as seed 42", seed)
		}
	}

	// SetFaults reseeds: the sequence starts over.
	a.srv.SetFaults(Faults{FailRate: 0.2, GarbageRate: 0.2, DropRate: 0.2, Seed: 42})
	for i := range 20 {
		// New slugs, so every create that is not faulted succeeds as before.
		var r result
		if i%2 == 0 {
			r = a.send(http.MethodPost, basePath, createBody("again-"+itoa(i)), true)
		} else {
			r = a.send(http.MethodPost, basePath+"/search", `{"limit":2}`, true)
		}
		if r.outcome() != seqA[i] {
			t.Fatalf("after SetFaults request %d: %s, want %s", i, r.outcome(), seqA[i])
		}
	}
}

func statsEqual(a, b Stats) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

func TestFaultKinds(t *testing.T) {
	cases := []struct {
		name    string
		faults  Faults
		wantLen int
		check   func(t *testing.T, r result)
	}{
		{
			name:    "fail",
			faults:  Faults{FailRate: 1},
			wantLen: 0,
			check: func(t *testing.T, r result) {
				if r.status != 500 && r.status != 503 {
					t.Fatalf("status %d, want 500 or 503", r.status)
				}
				want := map[int]string{500: "internal_server_error", 503: "server_unavailable"}[r.status]
				wantError(t, r.status, r.body, r.status, want)
				if ct := r.header.Get("Content-Type"); ct != "application/json" {
					t.Errorf("Content-Type %q", ct)
				}
			},
		},
		{
			name:    "garbage",
			faults:  Faults{GarbageRate: 1},
			wantLen: 0,
			check: func(t *testing.T, r result) {
				if r.status != 502 || r.header.Get("Content-Type") != "text/html" {
					t.Fatalf("status %d Content-Type %q", r.status, r.header.Get("Content-Type"))
				}
				body := string(r.body)
				if !strings.HasPrefix(body, "<html>") || !strings.Contains(body, "Bad Gateway") || !strings.Contains(body, "</html>") {
					t.Fatalf("body %q", body)
				}
				if json.Valid(r.body) {
					t.Fatal("garbage body is JSON")
				}
			},
		},
		{
			name:    "drop",
			faults:  Faults{DropRate: 1},
			wantLen: 1,
			check: func(t *testing.T, r result) {
				if r.err == nil {
					t.Fatalf("got a response %d %s", r.status, r.body)
				}
				if !errors.Is(r.err, io.EOF) && !errors.Is(r.err, io.ErrUnexpectedEOF) && !strings.Contains(r.err.Error(), "connection reset") {
					t.Errorf("unexpected transport error %v", r.err)
				}
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newFaultEnv(t, tc.faults)
			statuses := map[int]bool{}
			r := e.send(http.MethodPost, basePath, createBody("acme"), true)
			tc.check(t, r)
			statuses[r.status] = true
			if got := e.srv.Len(); got != tc.wantLen {
				t.Fatalf("Len = %d, want %d", got, tc.wantLen)
			}
			for i := range 30 {
				r := e.send(http.MethodPost, basePath, createBody("more-"+itoa(i)), true)
				tc.check(t, r)
				statuses[r.status] = true
			}
			if tc.name == "fail" && (!statuses[500] || !statuses[503]) {
				t.Errorf("fail statuses %v, want both 500 and 503", statuses)
			}
			// Faults come after routing and authentication.
			wantErrorResult(t, e.send(http.MethodGet, basePath+"/acme", "", false), 401, "unauthorized_credentials")
			wantErrorResult(t, e.send(http.MethodGet, basePath, "", true), 405, "method_not_allowed")
			wantErrorResult(t, e.send(http.MethodGet, "/v1/b2b/members", "", true), 404, "route_not_found")

			kind := map[string]string{"fail": FaultFailed, "garbage": FaultGarbage, "drop": FaultDropped}[tc.name]
			st := e.srv.Stats()
			if st.Faults[kind] != 31 || st.Requests["POST "+basePath] != 31 {
				t.Errorf("stats %+v", st)
			}
			// A dropped request is logged after its connection is closed, so the
			// client may see the EOF first: wait briefly for the last line.
			waitForLogLines(t, e, "POST "+basePath+" ", 31)
			if n := strings.Count(e.logs.String(), "POST "+basePath+" "); n != 31 {
				t.Errorf("%d of 31 faulted requests logged:\n%s", n, e.logs.String())
			}
			if tc.name == "drop" {
				if len(st.Statuses) != 3 { // only the 401, 405 and 404
					t.Errorf("dropped requests counted a status: %v", st.Statuses)
				}
				if n := strings.Count(e.logs.String(), "POST "+basePath+" dropped request-id-test-"); n != 31 {
					t.Errorf("%d dropped log lines:\n%s", n, e.logs.String())
				}
			}
			e.srv.SetFaults(Faults{})
			if r := e.send(http.MethodPost, basePath, createBody("after"), true); r.status != 200 {
				t.Fatalf("after SetFaults(Faults{}): %s %s", r.outcome(), r.body)
			}
		})
	}
}

func wantErrorResult(t *testing.T, r result, status int, errType string) {
	t.Helper()
	if r.err != nil {
		t.Fatalf("transport error %v, want %d", r.err, status)
	}
	wantError(t, r.status, r.body, status, errType)
}

// faultHarness is a harness whose server has faults and a fake rate-limit
// clock.
func faultHarness(t *testing.T, f Faults) (*harness, *fakeClock) {
	t.Helper()
	h := newHarness(t)
	mono := &fakeClock{t: time.Unix(1_000_000, 0)}
	h.srv.mono = mono.Now
	h.srv.SetFaults(f)
	return h, mono
}

func TestRateLimit(t *testing.T) {
	cases := []struct {
		name       string
		rate       float64
		header     bool
		wantBurst  int
		wantAfter  string // Retry-After right after the burst, "" when absent
		refillWait time.Duration
		refilled   int // requests allowed after refillWait
	}{
		{"10 per second", 10, false, 10, "", time.Second, 10},
		{"10 per second with header", 10, true, 10, "1", 300 * time.Millisecond, 3},
		{"fractional", 2.5, true, 3, "1", time.Second, 2},
		{"slow", 0.5, true, 1, "2", 2 * time.Second, 1},
		{"slow without header", 0.5, false, 1, "", 4 * time.Second, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h, mono := faultHarness(t, Faults{RateLimit: tc.rate, RetryAfterHeader: tc.header})
			burst := func() (ok int, first *httptest.ResponseRecorder) {
				for range 30 {
					req := httptest.NewRequestWithContext(context.Background(), http.MethodPost, basePath+"/search", strings.NewReader(`{}`))
					req.SetBasicAuth(testProjectID, testSecret)
					rec := httptest.NewRecorder()
					h.srv.ServeHTTP(rec, req)
					switch rec.Code {
					case 200:
						if rec.Header().Get("Retry-After") != "" {
							t.Error("Retry-After on a 200")
						}
						ok++
					case 429:
						if first == nil {
							first = rec
						}
						wantError(t, rec.Code, rec.Body.Bytes(), 429, "too_many_requests")
					default:
						t.Fatalf("status %d", rec.Code)
					}
				}
				return ok, first
			}
			ok, limited := burst()
			if ok != tc.wantBurst || limited == nil {
				t.Fatalf("burst allowed %d of 30, want %d", ok, tc.wantBurst)
			}
			var e struct {
				ErrorMessage string `json:"error_message"`
			}
			_ = json.Unmarshal(limited.Body.Bytes(), &e)
			if e.ErrorMessage != "Too many requests have been made." {
				t.Errorf("message %q", e.ErrorMessage)
			}
			if got, has := limited.Header()["Retry-After"]; tc.wantAfter == "" && has || tc.wantAfter != "" && (len(got) != 1 || got[0] != tc.wantAfter) {
				t.Errorf("Retry-After = %q, want %q", got, tc.wantAfter)
			}
			// The limiter comes before authentication and routing.
			code, raw := h.do(http.MethodGet, basePath+"/acme", nil, noAuth{})
			wantError(t, code, raw, 429, "too_many_requests")
			code, raw = h.do(http.MethodGet, "/v1/unknown", nil)
			wantError(t, code, raw, 429, "too_many_requests")

			mono.Advance(tc.refillWait)
			if ok, _ := burst(); ok != tc.refilled {
				t.Errorf("after %s: %d allowed, want %d", tc.refillWait, ok, tc.refilled)
			}
			st := h.srv.Stats()
			limitedCount := 60 + 2 - tc.wantBurst - tc.refilled
			if st.Faults[FaultRateLimited] != limitedCount || st.Statuses[429] != limitedCount || st.Statuses[200] != tc.wantBurst+tc.refilled {
				t.Errorf("stats %+v", st)
			}
		})
	}
}

func TestRateLimitRealTime(t *testing.T) {
	e := newFaultEnv(t, Faults{RateLimit: 10, RetryAfterHeader: true})
	count := func(n int) (ok, limited int) {
		for range n {
			r := e.send(http.MethodPost, basePath+"/search", `{}`, true)
			switch r.status {
			case 200:
				ok++
			case 429:
				limited++
				if r.header.Get("Retry-After") != "1" {
					t.Errorf("Retry-After %q", r.header.Get("Retry-After"))
				}
			default:
				t.Fatalf("%s %s", r.outcome(), r.body)
			}
		}
		return ok, limited
	}
	began := time.Now()
	ok, limited := count(30)
	// The burst, plus what refilled while the requests were being sent.
	maxOK := 10 + int(math.Ceil(time.Since(began).Seconds()*10))
	if ok < 10 || ok > maxOK || ok+limited != 30 {
		t.Fatalf("30 immediate requests: %d allowed (want 10..%d), %d limited", ok, maxOK, limited)
	}
	time.Sleep(500 * time.Millisecond)
	if ok, _ := count(3); ok < 3 {
		t.Fatalf("after 500ms only %d of 3 allowed", ok)
	}
}

func TestTokenBucket(t *testing.T) {
	t0 := time.Unix(0, 0)
	steps := []struct {
		at       time.Duration
		ok       bool
		wantWait time.Duration
	}{
		{0, true, 0},
		{0, true, 0},
		{0, false, 500 * time.Millisecond},
		{250 * time.Millisecond, false, 250 * time.Millisecond},
		{500 * time.Millisecond, true, 0},
		{400 * time.Millisecond, false, 500 * time.Millisecond}, // clock going back refills nothing
		{10 * time.Second, true, 0},                             // refill caps at the burst
		{10 * time.Second, true, 0},
		{10 * time.Second, false, 500 * time.Millisecond},
	}
	b := newTokenBucket(2)
	for i, st := range steps {
		ok, wait := b.take(t0.Add(st.at))
		if ok != st.ok || (math.Abs(float64(wait-st.wantWait)) > float64(time.Millisecond)) {
			t.Fatalf("step %d: ok=%v wait=%s, want %v %s", i, ok, wait, st.ok, st.wantWait)
		}
	}
	for _, tc := range []struct {
		wait time.Duration
		want string
	}{{0, "1"}, {time.Millisecond, "1"}, {time.Second, "1"}, {1001 * time.Millisecond, "2"}, {2 * time.Second, "2"}} {
		if got := retryAfterSeconds(tc.wait); got != tc.want {
			t.Errorf("retryAfterSeconds(%s) = %s, want %s", tc.wait, got, tc.want)
		}
	}
	unlimited := newTokenBucket(0)
	for range 100 {
		if ok, _ := unlimited.take(t0); !ok {
			t.Fatal("rate 0 limited")
		}
	}
}

func TestLatency(t *testing.T) {
	const delay = 80 * time.Millisecond
	h, _ := faultHarness(t, Faults{Latency: delay})
	start := time.Now()
	h.create(base(nil))
	if el := time.Since(start); el < delay {
		t.Fatalf("create took %s, want at least %s", el, delay)
	}
	// Only /v1/ requests are delayed.
	start = time.Now()
	h.do(http.MethodGet, "/", nil)
	h.do(http.MethodGet, statsPath, nil)
	if el := time.Since(start); el >= delay {
		t.Fatalf("non-API requests were delayed: %s", el)
	}

	// A client that gives up during the delay is not served.
	ctx, cancel := context.WithTimeout(context.Background(), delay/4)
	defer cancel()
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, basePath, strings.NewReader(createBody("late")))
	req.SetBasicAuth(testProjectID, testSecret)
	h.srv.ServeHTTP(httptest.NewRecorder(), req)
	if h.srv.Len() != 1 {
		t.Fatalf("canceled create happened: Len = %d", h.srv.Len())
	}
	if !strings.Contains(h.logs.String(), "POST "+basePath+" canceled request-id-test-") {
		t.Errorf("log lacks the canceled request:\n%s", h.logs.String())
	}

	// Latency combines with the real server and other faults.
	e := newFaultEnv(t, Faults{Latency: delay, FailRate: 1})
	start = time.Now()
	if r := e.send(http.MethodPost, basePath, createBody("x"), true); r.status != 500 && r.status != 503 {
		t.Fatalf("%s", r.outcome())
	}
	if el := time.Since(start); el < delay {
		t.Fatalf("failed request took %s", el)
	}
}

func TestFaultRates(t *testing.T) {
	const n = 1000
	e := newFaultEnv(t, Faults{FailRate: 0.1, GarbageRate: 0.1, DropRate: 0.1, Seed: 7})
	counts := map[string]int{}
	for i := range n {
		var r result
		if i%4 == 0 {
			r = e.send(http.MethodPost, basePath, createBody("org-"+itoa(i)), true)
		} else {
			r = e.send(http.MethodPost, basePath+"/search", `{"limit":1}`, true)
		}
		switch o := r.outcome(); o {
		case "500", "503":
			counts[FaultFailed]++
		case "502":
			counts[FaultGarbage]++
		case outcomeDropped:
			counts[FaultDropped]++
		case "200":
			counts["ok"]++
		default:
			t.Fatalf("request %d: %s %s", i, o, r.body)
		}
	}
	for _, kind := range []string{FaultFailed, FaultGarbage, FaultDropped} {
		// Binomial(1000, 0.1): mean 100, standard deviation ~9.5.
		if c := counts[kind]; c < 65 || c > 135 {
			t.Errorf("%s: %d of %d, want about 100", kind, c, n)
		}
	}
	if c := counts["ok"]; c < 620 || c > 780 {
		t.Errorf("ok: %d of %d, want about 700", c, n)
	}
	st := e.srv.Stats()
	for _, kind := range []string{FaultFailed, FaultGarbage, FaultDropped} {
		if st.Faults[kind] != counts[kind] {
			t.Errorf("Stats.Faults[%s] = %d, observed %d", kind, st.Faults[kind], counts[kind])
		}
	}
	if st.Faults[FaultRateLimited] != 0 || st.Statuses[200] != counts["ok"] || st.Statuses[502] != counts[FaultGarbage] || st.Statuses[500]+st.Statuses[503] != counts[FaultFailed] {
		t.Errorf("stats %+v vs observed %v", st, counts)
	}
}

func TestFaultsNormalized(t *testing.T) {
	cases := []struct {
		name string
		in   Faults
		want Faults
	}{
		{"zero", Faults{}, Faults{}},
		{"clamped", Faults{Latency: -time.Second, RateLimit: -3, FailRate: 2, DropRate: -1, GarbageRate: 0.5, Seed: 9}, Faults{FailRate: 1, GarbageRate: 0.5, Seed: 9}},
		{"nan", Faults{RateLimit: math.NaN(), FailRate: math.NaN(), DropRate: math.Inf(1), GarbageRate: math.Inf(-1)}, Faults{DropRate: 1}},
		{"infinite rate limit", Faults{RateLimit: math.Inf(1), RetryAfterHeader: true}, Faults{RetryAfterHeader: true}},
		{"kept", Faults{Latency: time.Millisecond, RateLimit: 0.25, FailRate: 0.1, DropRate: 0.2, GarbageRate: 0.3, Seed: -1}, Faults{Latency: time.Millisecond, RateLimit: 0.25, FailRate: 0.1, DropRate: 0.2, GarbageRate: 0.3, Seed: -1}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.in.normalized(); got != tc.want {
				t.Fatalf("normalized = %+v, want %+v", got, tc.want)
			}
		})
	}
	// Rates summing to more than 1: later kinds get what is left.
	var fs faultState
	fs.set(Faults{FailRate: 0.7, GarbageRate: 0.7, DropRate: 0.7, Seed: 1})
	counts := map[fault]int{}
	for range 2000 {
		k, _ := fs.draw()
		counts[k]++
	}
	if counts[faultDrop] != 0 || counts[faultNone] != 0 || counts[faultFail] < 1250 || counts[faultGarbage] < 450 {
		t.Fatalf("counts %v", counts)
	}
}

func TestFaultsSpareNonAPIPaths(t *testing.T) {
	h, _ := faultHarness(t, Faults{RateLimit: 0.001, FailRate: 1})
	for range 5 {
		code, raw := h.do(http.MethodGet, statsPath, nil)
		if code != 200 {
			t.Fatalf("stats: %d %s", code, raw)
		}
		code, raw = h.do(http.MethodGet, "/", nil)
		wantError(t, code, raw, 404, "route_not_found")
		code, raw = h.do(http.MethodGet, "/v1", nil)
		wantError(t, code, raw, 404, "route_not_found")
	}
	// The bucket (burst 1) is still full for the first API request, which
	// then fails.
	code, raw := h.do(http.MethodGet, basePath+"/x", nil)
	if code != 500 && code != 503 {
		t.Fatalf("%d %s", code, raw)
	}
	code, raw = h.do(http.MethodGet, basePath+"/x", nil)
	wantError(t, code, raw, 429, "too_many_requests")
}

func TestSetFaultsConcurrently(t *testing.T) {
	e := newFaultEnv(t, Faults{FailRate: 0.3, DropRate: 0.1, GarbageRate: 0.1, Latency: time.Millisecond, Seed: 5})
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			e.srv.SetFaults(Faults{FailRate: float64(i%3) / 4, DropRate: 0.1, RateLimit: float64(1000 + i), Seed: int64(i)})
			_ = e.srv.Stats()
			if i%10 == 0 {
				e.srv.ResetStats()
			}
			time.Sleep(time.Millisecond)
		}
	}()
	var workers sync.WaitGroup
	for w := range 8 {
		workers.Add(1)
		go func() {
			defer workers.Done()
			for i := range 25 {
				r := e.send(http.MethodPost, basePath, createBody("w"+itoa(w)+"-"+itoa(i)), true)
				switch r.outcome() {
				case "200", "429", "500", "503", "502", outcomeDropped:
				default:
					t.Errorf("%s %s", r.outcome(), r.body)
				}
			}
		}()
	}
	workers.Wait()
	close(stop)
	wg.Wait()
	e.srv.SetFaults(Faults{})
	e.srv.ResetStats()
	if r := e.send(http.MethodPost, basePath, createBody("final"), true); r.status != 200 {
		t.Fatalf("after faults off: %s %s", r.outcome(), r.body)
	}
	if st := e.srv.Stats(); st.Requests["POST "+basePath] != 1 || st.Statuses[200] != 1 || st.Organizations != e.srv.Len() {
		t.Fatalf("stats %+v", st)
	}
}

func TestThrottleRate(t *testing.T) {
	srv := New(Options{ProjectID: DefaultProjectID, Secret: DefaultSecret, Faults: Faults{ThrottleRate: 1, Seed: 1}})
	req := httptest.NewRequestWithContext(context.Background(), http.MethodPost, "/v1/b2b/organizations", strings.NewReader(`{"organization_name":"A","organization_slug":"aa"}`))
	req.SetBasicAuth(DefaultProjectID, DefaultSecret)
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusTooManyRequests || !strings.Contains(rec.Body.String(), "too_many_requests") {
		t.Fatalf("got %d %s, want 429 too_many_requests", rec.Code, rec.Body.String())
	}
	if srv.Len() != 0 || srv.Stats().Faults[FaultRateLimited] != 1 {
		t.Fatalf("a throttled create happened (len %d) or was not counted (%v)", srv.Len(), srv.Stats().Faults)
	}
}

// waitForLogLines waits up to 5 seconds until the log holds n lines with substr.
func waitForLogLines(t *testing.T, e *faultEnv, substr string, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for strings.Count(e.logs.String(), substr) < n && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
}
