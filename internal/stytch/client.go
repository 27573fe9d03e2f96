// Package stytch is a small client for Stytch's B2B Organizations API.
//
// The official Go SDK is not used: its update struct cannot send empty lists or
// clear fields (every field is a non-pointer with omitempty), which a Terraform
// provider needs to make the configuration authoritative. This package has no
// Terraform imports; the provider adapts its logging hook to tflog.
package stytch

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/time/rate"
)

const (
	// TestBaseURL is Stytch's test environment.
	TestBaseURL = "https://test.stytch.com"
	// LiveBaseURL is Stytch's live environment.
	LiveBaseURL = "https://api.stytch.com"

	// DefaultMaxRetries is how many times a failed call is retried by default.
	DefaultMaxRetries = 5

	maxErrorExcerpt = 200
)

// Config configures a Client.
type Config struct {
	// ProjectID and Secret authenticate every call (HTTP Basic auth).
	ProjectID string
	Secret    string
	// BaseURL overrides the API host (the local emulator, a proxy). When empty it
	// is derived from the project id: "project-live-" means live, anything else test.
	BaseURL string
	// UserAgent is sent on every request.
	UserAgent string
	// HTTPClient is used for every call; when nil a client with timeouts is built.
	HTTPClient *http.Client
	// MaxRetries bounds the retries of one call (0 disables retries; negative
	// means DefaultMaxRetries).
	MaxRetries int
	// MinBackoff and MaxBackoff bound the exponential backoff between retries.
	// Zero values mean 250ms and 15s.
	MinBackoff time.Duration
	MaxBackoff time.Duration
	// OnCall, when set, is told about every HTTP attempt. It never sees the secret.
	OnCall func(ctx context.Context, info CallInfo)
	// RequestsPerSecond, when positive, paces every attempt of every call of
	// this client, so that a large apply stays under the project's quota
	// instead of bouncing off it.
	RequestsPerSecond float64
}

// CallInfo describes one HTTP attempt, for logging.
type CallInfo struct {
	Method    string
	Path      string
	Status    int
	RequestID string
	Duration  time.Duration
	Attempt   int
	Err       error
	// RequestBody and ResponseBody are the JSON bodies (nil when there is none),
	// for TRACE logging. They hold secrets a logger must mask: SSO client
	// secrets and private keys, SCIM bearer tokens, and personal data such as
	// emails, phone numbers and metadata. The project's credentials travel
	// only in a header and are never in a body.
	RequestBody  []byte
	ResponseBody []byte
}

// Client calls the Stytch B2B Organizations API. It is safe for concurrent use;
// one Client (and so one connection pool) serves every resource of a provider.
type Client struct {
	baseURL    string
	authHeader string
	userAgent  string
	httpClient *http.Client
	maxRetries int
	minBackoff time.Duration
	maxBackoff time.Duration
	onCall     func(ctx context.Context, info CallInfo)
	limiter    *rate.Limiter
}

// New builds a Client. It fails when credentials are missing or the base URL is
// unsafe (see ValidateBaseURL).
func New(cfg Config) (*Client, error) {
	if cfg.ProjectID == "" {
		return nil, errors.New("stytch: project id is required")
	}
	if cfg.Secret == "" {
		return nil, errors.New("stytch: secret is required")
	}
	base := cfg.BaseURL
	if base == "" {
		base = DefaultBaseURL(cfg.ProjectID)
	}
	if err := ValidateBaseURL(base); err != nil {
		return nil, err
	}
	c := &Client{
		baseURL:    strings.TrimRight(base, "/"),
		authHeader: "Basic " + basicAuth(cfg.ProjectID, cfg.Secret),
		userAgent:  cfg.UserAgent,
		httpClient: cfg.HTTPClient,
		maxRetries: cfg.MaxRetries,
		minBackoff: cfg.MinBackoff,
		maxBackoff: cfg.MaxBackoff,
		onCall:     cfg.OnCall,
	}
	if c.httpClient == nil {
		c.httpClient = NewHTTPClient()
	}
	if c.maxRetries < 0 {
		c.maxRetries = DefaultMaxRetries
	}
	if c.minBackoff <= 0 {
		c.minBackoff = 250 * time.Millisecond
	}
	if c.maxBackoff <= 0 {
		c.maxBackoff = 15 * time.Second
	}
	if c.userAgent == "" {
		c.userAgent = "terraform-provider-stytch"
	}
	if cfg.RequestsPerSecond > 0 {
		// A burst of 1 spreads requests evenly, so a server-side limit with any
		// burst size is never exceeded by the pacing itself.
		c.limiter = rate.NewLimiter(rate.Limit(cfg.RequestsPerSecond), 1)
	}
	return c, nil
}

// NewHTTPClient returns an http.Client with timeouts and a connection pool
// sized for Terraform's default parallelism.
func NewHTTPClient() *http.Client {
	var transport *http.Transport
	if def, ok := http.DefaultTransport.(*http.Transport); ok {
		transport = def.Clone()
	} else {
		// http.DefaultTransport was replaced by something else: start from
		// the standard library's defaults that the settings below leave out.
		transport = &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			ForceAttemptHTTP2:     true,
			ExpectContinueTimeout: 1 * time.Second,
		}
	}
	transport.MaxIdleConns = 100
	transport.MaxIdleConnsPerHost = 32
	transport.IdleConnTimeout = 90 * time.Second
	transport.TLSHandshakeTimeout = 10 * time.Second
	transport.ResponseHeaderTimeout = 60 * time.Second
	transport.DialContext = (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	return &http.Client{Transport: transport, Timeout: 2 * time.Minute}
}

// DefaultBaseURL is Stytch's host for a project: live for "project-live-" ids,
// test otherwise (the rule every official SDK applies).
func DefaultBaseURL(projectID string) string {
	if strings.HasPrefix(projectID, "project-live-") {
		return LiveBaseURL
	}
	return TestBaseURL
}

// ValidateBaseURL accepts https URLs and http URLs to loopback hosts only:
// anywhere else plain http would send the secret in clear text.
func ValidateBaseURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("base URL %q is not a valid URL: %w", raw, err)
	}
	if u.Host == "" {
		return fmt.Errorf("base URL %q has no host; expected a URL such as https://test.stytch.com", raw)
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		if IsLoopbackHost(u.Hostname()) {
			return nil
		}
		return fmt.Errorf("base URL %q uses http:// to a host that is not loopback; the project secret would travel in clear text, so use https:// (http:// is accepted only for 127.0.0.1, ::1 and localhost, such as the local emulator)", raw)
	default:
		return fmt.Errorf("base URL %q must start with https:// (or http:// for a loopback emulator)", raw)
	}
}

// IsLoopbackHost reports whether host is localhost or a loopback IP address.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// BaseURL is the host this client talks to.
func (c *Client) BaseURL() string { return c.baseURL }

// retryPolicy says which failures of a call may be retried.
type retryPolicy int

const (
	// retryIdempotent: GET, PUT, DELETE and search may be repeated on 429, 5xx
	// and transport errors; repeating them cannot do anything twice.
	retryIdempotent retryPolicy = iota
	// retryCreate: a create is repeated only when it surely did nothing: a 429,
	// or a connection that never reached the server.
	retryCreate
)

// do sends one API call with retries and decodes a 2xx JSON body into out.
func (c *Client) do(ctx context.Context, method, path string, body, out any, policy retryPolicy) error {
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return fmt.Errorf("encoding %s %s request: %w", method, path, err)
		}
	}
	for attempt := 1; ; attempt++ {
		data, status, err := c.attempt(ctx, method, path, payload, attempt)
		if err == nil {
			return decodeSuccess(method, path, status, data, out)
		}
		if ctx.Err() != nil {
			return fmt.Errorf("%s %s: %w", method, path, ctx.Err())
		}
		wait, retry := c.shouldRetry(err, policy, attempt)
		if !retry {
			return err
		}
		if !sleep(ctx, wait) {
			return fmt.Errorf("%s %s: %w (while waiting to retry after: %w)", method, path, ctx.Err(), err)
		}
	}
}

// attemptError is a failed attempt, with what the retry logic needs to know.
type attemptError struct {
	err         error
	retryAfter  time.Duration // from a Retry-After header, 0 when absent
	sentNothing bool          // the connection never reached the server
}

func (e *attemptError) Error() string { return e.err.Error() }
func (e *attemptError) Unwrap() error { return e.err }

// attempt sends the request once and returns the body of a 2xx answer. A
// non-2xx answer is returned as *attemptError wrapping *Error.
func (c *Client) attempt(ctx context.Context, method, path string, payload []byte, attempt int) ([]byte, int, error) {
	if c.limiter != nil {
		if err := c.limiter.Wait(ctx); err != nil {
			return nil, 0, fmt.Errorf("%s %s: waiting for the client-side rate limit: %w", method, path, err)
		}
	}
	var reader io.Reader
	if payload != nil {
		reader = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.baseURL+path, reader)
	if err != nil {
		return nil, 0, fmt.Errorf("building %s %s request: %w", method, path, err)
	}
	req.Header.Set("Authorization", c.authHeader)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)

	start := time.Now()
	resp, err := c.httpClient.Do(req)
	info := CallInfo{Method: method, Path: path, Attempt: attempt, RequestBody: payload}
	if err != nil {
		info.Duration = time.Since(start)
		info.Err = err
		c.report(ctx, info)
		return nil, 0, &attemptError{err: fmt.Errorf("%s %s: %w", method, path, err), sentNothing: isDialError(err)}
	}
	defer resp.Body.Close()
	info.Status = resp.StatusCode
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		data, err := io.ReadAll(resp.Body)
		info.Duration = time.Since(start)
		if err != nil {
			// The answer was cut off: the call may have happened, so only
			// idempotent calls retry this (as any other transport error).
			info.Err = err
			c.report(ctx, info)
			return nil, 0, &attemptError{err: fmt.Errorf("%s %s: reading response: %w", method, path, err)}
		}
		info.RequestID = requestIDOf(data, resp.Header)
		info.ResponseBody = data
		c.report(ctx, info)
		return data, resp.StatusCode, nil
	}
	apiErr := decodeError(method, path, resp)
	info.Duration = time.Since(start)
	info.RequestID = apiErr.RequestID
	info.Err = apiErr
	c.report(ctx, info)
	return nil, resp.StatusCode, &attemptError{err: apiErr, retryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())}
}

// requestIDOf finds Stytch's request_id in a success body, or in the
// X-Request-Id header when the body has none.
func requestIDOf(data []byte, h http.Header) string {
	var envelope struct {
		RequestID string `json:"request_id"`
	}
	if json.Unmarshal(data, &envelope) == nil && envelope.RequestID != "" {
		return envelope.RequestID
	}
	return h.Get("X-Request-Id")
}

func (c *Client) report(ctx context.Context, info CallInfo) {
	if c.onCall != nil {
		c.onCall(ctx, info)
	}
}

// shouldRetry decides whether a failed attempt is retried and how long to wait.
func (c *Client) shouldRetry(err error, policy retryPolicy, attempt int) (time.Duration, bool) {
	if attempt > c.maxRetries {
		return 0, false
	}
	var ae *attemptError
	if !errors.As(err, &ae) {
		return 0, false
	}
	apiErr, isAPI := AsError(ae.err)
	switch {
	case isAPI && apiErr.StatusCode == http.StatusTooManyRequests:
		// Retried for every call: Stytch refused the request before doing anything.
	case isAPI && apiErr.ErrorType == ErrorTypeSearchTimeout:
		// A 400 that Stytch documents as transient; only search answers it.
	case isAPI && apiErr.StatusCode >= 500:
		if policy == retryCreate {
			return 0, false // the create may have happened; the caller decides
		}
	case isAPI:
		return 0, false // other 4xx: the request is wrong, repeating it will not help
	case ae.sentNothing:
		// The connection was never made, so even a create is safe to repeat.
	default:
		if policy == retryCreate {
			return 0, false
		}
	}
	return c.backoff(attempt, ae.retryAfter), true
}

// backoff is exponential with full jitter, or the server's Retry-After when given.
func (c *Client) backoff(attempt int, retryAfter time.Duration) time.Duration {
	if retryAfter > 0 {
		return min(retryAfter, c.maxBackoff*4)
	}
	ceiling := c.minBackoff << min(attempt-1, 16)
	if ceiling <= 0 || ceiling > c.maxBackoff {
		ceiling = c.maxBackoff
	}
	return time.Duration(rand.Int64N(int64(ceiling)) + 1)
}

// sleep waits d or until ctx is done; it reports whether the full wait happened.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// parseRetryAfter reads a Retry-After header in seconds or as an HTTP date.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(v); err == nil {
		if secs < 0 {
			return 0
		}
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}

// isAmbiguous reports whether a failed call may nevertheless have been carried
// out by Stytch: a 5xx, or a transport failure after the request was sent.
func isAmbiguous(err error) bool {
	var ae *attemptError
	if !errors.As(err, &ae) || ae.sentNothing {
		return false
	}
	if apiErr, ok := AsError(ae.err); ok {
		return apiErr.StatusCode >= 500
	}
	return true
}

// isDialError reports whether err happened before any byte reached the server.
func isDialError(err error) bool {
	var opErr *net.OpError
	return errors.As(err, &opErr) && opErr.Op == "dial"
}

func decodeSuccess(method, path string, status int, data []byte, out any) error {
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("%s %s: HTTP %d with a body that is not the expected JSON (%s): %w", method, path, status, excerpt(data), err)
	}
	return nil
}

// decodeError turns a non-2xx response into *Error. A body that is not Stytch
// JSON (an HTML 502 page from a proxy) still yields a readable error.
func decodeError(method, path string, resp *http.Response) *Error {
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	apiErr := &Error{StatusCode: resp.StatusCode, Method: method, Path: path}
	var body ErrorBody
	if err := json.Unmarshal(data, &body); err == nil && body.ErrorType != "" {
		apiErr.ErrorType = body.ErrorType
		apiErr.ErrorMessage = body.ErrorMessage
		apiErr.RequestID = body.RequestID
		if apiErr.RequestID == "" {
			apiErr.RequestID = resp.Header.Get("X-Request-Id")
		}
		apiErr.ErrorURL = body.ErrorURL
		return apiErr
	}
	apiErr.ErrorType = errorTypeUnexpected
	apiErr.ErrorMessage = fmt.Sprintf("%s response that is not Stytch JSON: %s", http.StatusText(resp.StatusCode), excerpt(data))
	apiErr.RequestID = resp.Header.Get("X-Request-Id")
	return apiErr
}

// excerpt is a short single-line rendering of a response body for messages.
func excerpt(data []byte) string {
	s := strings.Join(strings.Fields(string(data)), " ")
	if s == "" {
		return "(empty body)"
	}
	if len(s) > maxErrorExcerpt {
		s = s[:maxErrorExcerpt] + "…"
	}
	return strconv.Quote(s)
}
