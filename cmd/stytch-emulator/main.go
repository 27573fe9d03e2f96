// Command stytch-emulator serves the in-memory Stytch B2B Organizations API
// emulator (package internal/emulator) over plain HTTP until it receives
// SIGINT or SIGTERM.
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
	"net"
	"net/http"
	"os"
	"os/signal"
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
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: stytch-emulator [flags]

Serves an in-memory emulator of Stytch's B2B Organizations API
(/v1/b2b/organizations) over plain HTTP until SIGINT or SIGTERM.
The first line on stdout is "listening on http://HOST:PORT".
Request logs (method, path, status, request_id) go to stderr.

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
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	if !given["project-id"] {
		*projectID = getenv("STYTCH_PROJECT_ID")
	}
	if !given["secret"] {
		*secret = getenv("STYTCH_SECRET")
	}

	opts := emulator.Options{ProjectID: *projectID, Secret: *secret}
	if !*quiet {
		opts.Logger = log.New(stderr, "", log.LstdFlags|log.LUTC)
	}
	srv := &http.Server{
		Handler:           emulator.New(opts),
		ReadHeaderTimeout: 10 * time.Second,
	}

	ln, err := net.Listen("tcp", *addr)
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
