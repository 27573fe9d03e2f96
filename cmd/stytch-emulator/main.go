// Command stytch-emulator serves the in-memory emulator of Stytch's B2B
// Organizations, Members, SSO connection, SCIM connection and RBAC APIs
// (package internal/emulator) over plain HTTP until it receives SIGINT or
// SIGTERM.
//
// Its first line on stdout is "listening on http://HOST:PORT", with the port
// actually bound, so scripts can start it with -addr 127.0.0.1:0 and read the
// base URL. Request logs go to stderr.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/platformkit/terraform-provider-stytch/internal/emulator"
)

// shutdownTimeout bounds the graceful shutdown.
const shutdownTimeout = 5 * time.Second

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, errUsage) {
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "stytch-emulator:", err)
		os.Exit(1)
	}
}

// errUsage reports invalid command-line arguments (already explained on
// stderr).
var errUsage = errors.New("usage error")

// run parses args, serves the emulator until ctx is done, then shuts down
// gracefully. getenv supplies STYTCH_PROJECT_ID and STYTCH_SECRET for flags
// not given. It never prints the secret.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("stytch-emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:0", "`host:port` to listen on; port 0 picks a free port")
	projectID := fs.String("project-id", "", "project id accepted as the Basic-auth username\n(default $STYTCH_PROJECT_ID, else "+emulator.DefaultProjectID+")")
	secret := fs.String("secret", "", "secret accepted as the Basic-auth password\n(default $STYTCH_SECRET, else the emulator's built-in test secret)")
	quiet := fs.Bool("quiet", false, "do not log requests to stderr")
	latency := fs.Duration("latency", 0, "fault injection: `delay` added to every /v1/ request before it is handled")
	rateLimit := fs.Float64("rate-limit", 0, "fault injection: `requests` per second allowed on /v1/ (token bucket,\nburst max(1, ceil(rate))); beyond it 429 too_many_requests; 0 = off")
	retryAfter := fs.Bool("retry-after", false, "fault injection: send a Retry-After header (whole seconds) with 429s;\nStytch documents none, so it is off by default")
	failRate := fs.Float64("fail-rate", 0, "fault injection: `fraction` (0..1) of /v1/ requests answered 500 or 503\nwithout doing anything")
	dropRate := fs.Float64("drop-rate", 0, "fault injection: `fraction` (0..1) of /v1/ requests processed (state changes\nhappen) and then answered by closing the connection without a response")
	garbageRate := fs.Float64("garbage-rate", 0, "fault injection: `fraction` (0..1) of /v1/ requests answered 502 with an HTML\npage without doing anything")
	throttleRate := fs.Float64("throttle-rate", 0, "fault injection: `fraction` (0..1) of /v1/ requests answered 429\ntoo_many_requests without doing anything, whatever the request rate")
	seed := fs.Int64("seed", 1, "`seed` of the fault-injection random source; the same seed and request\nsequence give the same faults")
	publicBaseURL := fs.String("public-base-url", emulator.DefaultPublicBaseURL, "`URL` that SSO connection URLs start with: acs_url, audience_uri and\nredirect_url are URL/v1/b2b/sso/callback/{connection_id}")
	projectRoles := fs.String("project-roles", "", "comma-separated `role ids` the project's RBAC policy defines besides Stytch's\ndefault roles stytch_admin and stytch_member and those of -rbac-policy;\nmembers may be assigned them")
	rbacPolicy := fs.String("rbac-policy", "", "`file` holding the project's RBAC policy as JSON, in the shape of Stytch's\nPolicy object: {\"resources\": [{\"resource_id\", \"description\", \"actions\"}],\n\"roles\": [{\"role_id\", \"description\", \"permissions\": [{\"resource_id\", \"actions\"}]}],\n\"scopes\": [...]}. Stytch's default resources (stytch.organization,\nstytch.member, stytch.sso, stytch.scim, stytch.self) and roles (stytch_member,\nstytch_admin) are always there; the file may redefine them. Without the flag\nthe policy holds only those defaults")
	allowRemoteMetadata := fs.Bool("allow-remote-metadata", false, "let \"Update SAML connection by metadata URL\" fetch from any host;\nby default only loopback hosts (127.0.0.0/8, ::1, localhost) are fetched")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: stytch-emulator [flags]

Serves an in-memory emulator of Stytch's B2B Organizations API
(/v1/b2b/organizations), its members (/v1/b2b/organizations/{id}/members),
SSO connection API (/v1/b2b/sso), SCIM connection API (/v1/b2b/scim, with
a minimal SCIM 2.0 API for identity providers at each connection's
base_url) and RBAC API (/v1/b2b/rbac) over plain HTTP until SIGINT or
SIGTERM.
The first line on stdout is "listening on http://HOST:PORT".
Request logs (method, path, status, request_id) go to stderr.

Fault injection (-latency, -rate-limit, -fail-rate, -drop-rate,
-garbage-rate, -throttle-rate) applies to /v1/ requests only, in this
order: latency, rate limit (429, before authentication), routing and
authentication, then one seeded random draw among fail, garbage, drop and
throttle (429). The four rates must sum to at most 1.

GET /_emulator/stats (same Basic auth) answers request counts by route,
status counts and fault counts as JSON; POST /_emulator/stats/reset or
DELETE /_emulator/stats resets them.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return errUsage
	}
	faults, err := faultsFromFlags(*latency, *rateLimit, *retryAfter, *failRate, *dropRate, *garbageRate, *throttleRate, *seed)
	if err != nil {
		fmt.Fprintln(stderr, err)
		fs.Usage()
		return errUsage
	}
	if err := checkPublicBaseURL(*publicBaseURL); err != nil {
		fmt.Fprintln(stderr, err)
		fs.Usage()
		return errUsage
	}
	var policy *emulator.ProjectPolicy
	if *rbacPolicy != "" {
		if policy, err = emulator.LoadProjectPolicy(*rbacPolicy); err != nil {
			fmt.Fprintf(stderr, "invalid -rbac-policy: %v\n", err)
			return errUsage
		}
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	if !given["project-id"] {
		*projectID = getenv("STYTCH_PROJECT_ID")
	}
	if !given["secret"] {
		*secret = getenv("STYTCH_SECRET")
	}

	opts := emulator.Options{
		ProjectID:           *projectID,
		Secret:              *secret,
		Faults:              faults,
		PublicBaseURL:       *publicBaseURL,
		AllowRemoteMetadata: *allowRemoteMetadata,
		ProjectPolicy:       policy,
		ProjectRoles:        splitRoles(*projectRoles),
	}
	if !*quiet {
		opts.Logger = log.New(stderr, "", log.LstdFlags|log.LUTC)
		if faults != (emulator.Faults{Seed: faults.Seed}) {
			opts.Logger.Printf("fault injection: latency=%s rate-limit=%g retry-after=%t fail-rate=%g drop-rate=%g garbage-rate=%g throttle-rate=%g seed=%d",
				faults.Latency, faults.RateLimit, faults.RetryAfterHeader, faults.FailRate, faults.DropRate, faults.GarbageRate, faults.ThrottleRate, faults.Seed)
		}
		if policy != nil {
			opts.Logger.Printf("project RBAC policy from %s: %d resources, %d roles", *rbacPolicy, len(policy.Resources), len(policy.Roles))
		}
	}
	srv := &http.Server{
		Handler:           emulator.New(opts),
		ReadHeaderTimeout: 10 * time.Second,
	}

	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", *addr)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintf(stdout, "listening on http://%s\n", ln.Addr()); err != nil {
		ln.Close()
		return err
	}
	if f, ok := stdout.(interface{ Flush() error }); ok {
		_ = f.Flush()
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// splitRoles parses -project-roles: role ids separated by commas, white space
// around each trimmed, empty entries dropped.
func splitRoles(list string) []string {
	var roles []string
	for _, id := range strings.Split(list, ",") {
		if id = strings.TrimSpace(id); id != "" {
			roles = append(roles, id)
		}
	}
	return roles
}

// checkPublicBaseURL validates -public-base-url: an absolute http or https
// URL without query or fragment.
func checkPublicBaseURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("invalid -public-base-url %q: must be an absolute http:// or https:// URL without query or fragment", raw)
	}
	return nil
}

// faultsFromFlags validates the fault-injection flags: a latency of at least
// 0, a finite rate limit of at least 0, and rates in [0,1] that sum to at most
// 1 (beyond that the emulator would silently shrink the later rates).
func faultsFromFlags(latency time.Duration, rateLimit float64, retryAfter bool, failRate, dropRate, garbageRate, throttleRate float64, seed int64) (emulator.Faults, error) {
	if latency < 0 {
		return emulator.Faults{}, fmt.Errorf("invalid -latency %s: must not be negative", latency)
	}
	if !(rateLimit >= 0) || math.IsInf(rateLimit, 1) {
		return emulator.Faults{}, fmt.Errorf("invalid -rate-limit %g: must be a finite number >= 0", rateLimit)
	}
	for _, r := range []struct {
		name string
		v    float64
	}{{"fail-rate", failRate}, {"drop-rate", dropRate}, {"garbage-rate", garbageRate}, {"throttle-rate", throttleRate}} {
		if !(r.v >= 0 && r.v <= 1) {
			return emulator.Faults{}, fmt.Errorf("invalid -%s %g: must be between 0 and 1", r.name, r.v)
		}
	}
	if sum := failRate + dropRate + garbageRate + throttleRate; sum > 1+1e-9 {
		return emulator.Faults{}, fmt.Errorf("invalid fault rates: -fail-rate + -drop-rate + -garbage-rate + -throttle-rate = %g, must be at most 1", sum)
	}
	return emulator.Faults{
		Latency:          latency,
		RateLimit:        rateLimit,
		RetryAfterHeader: retryAfter,
		FailRate:         failRate,
		ThrottleRate:     throttleRate,
		DropRate:         dropRate,
		GarbageRate:      garbageRate,
		Seed:             seed,
	}, nil
}
