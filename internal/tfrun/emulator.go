package tfrun

import (
	"context"
	"crypto/rand"
	"log"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/platformkit/terraform-provider-stytch/internal/emulator"
)

// API is where the provider sends its requests, and the credentials it sends.
type API struct {
	BaseURL   string
	ProjectID string
	Secret    string
}

// EmulatorOptions configure StartEmulator. The zero value serves a fault-free
// emulator with fresh credentials.
type EmulatorOptions struct {
	// ProjectID and Secret are the credentials the emulator accepts; fresh
	// random test credentials when empty, so that a leak of a secret into
	// logs or state can be searched for.
	ProjectID, Secret string
	// Faults are injected into the API's answers (latency, rate limit,
	// failures); SetFaults changes them while the emulator runs.
	Faults emulator.Faults
	// Logger, when set, receives one line per request (never credentials).
	Logger *log.Logger
	// Wrap, when set, wraps the emulator's handler, e.g. to time requests.
	Wrap func(http.Handler) http.Handler
}

// Emulator is an emulator of Stytch's API served on a loopback port.
type Emulator struct {
	*emulator.Server
	// API is the emulator's URL and the credentials it accepts.
	API API
	srv *http.Server
}

// StartEmulator serves a fresh emulator on 127.0.0.1 until Close.
func StartEmulator(opts EmulatorOptions) (*Emulator, error) {
	if opts.ProjectID == "" {
		opts.ProjectID = "project-test-" + strings.ToLower(rand.Text())
	}
	if opts.Secret == "" {
		opts.Secret = "secret-test-" + rand.Text()
	}
	ln, err := (&net.ListenConfig{}).Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	emu := emulator.New(emulator.Options{ProjectID: opts.ProjectID, Secret: opts.Secret, Faults: opts.Faults, Logger: opts.Logger})
	var h http.Handler = emu
	if opts.Wrap != nil {
		h = opts.Wrap(h)
	}
	e := &Emulator{
		Server: emu,
		API:    API{BaseURL: "http://" + ln.Addr().String(), ProjectID: opts.ProjectID, Secret: opts.Secret},
		srv:    &http.Server{Handler: h, ReadHeaderTimeout: 30 * time.Second},
	}
	go func() { _ = e.srv.Serve(ln) }()
	return e, nil
}

// Close stops serving and drops open connections.
func (e *Emulator) Close() error { return e.srv.Close() }
