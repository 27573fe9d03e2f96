package main

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// directRunner measures reference (b): the N calls of each phase made by P
// workers through the project's client, with the provider's client settings
// (default retries, the same rate limit), against the same emulator. Its
// organizations use other slugs and domains than the provider's.
type directRunner struct {
	b      *bench
	client *stytch.Client
	ids    []string // organization ids by index, from the create phase
}

// newDirectRunner builds the client.
func (b *bench) newDirectRunner() (*directRunner, error) {
	client, err := b.newDirectClient()
	if err != nil {
		return nil, err
	}
	return &directRunner{b: b, client: client, ids: make([]string, b.opts.n)}, nil
}

// newDirectClient is a client of the emulator with the provider's client
// settings: the default retries and the same rate limit.
func (b *bench) newDirectClient() (*stytch.Client, error) {
	return stytch.New(stytch.Config{
		ProjectID:         b.emu.API.ProjectID,
		Secret:            b.emu.API.Secret,
		BaseURL:           b.emu.API.BaseURL,
		UserAgent:         "stytch-bench",
		MaxRetries:        stytch.DefaultMaxRetries,
		RequestsPerSecond: b.opts.rateLimit,
	})
}

func (d *directRunner) name() string { return subjectDirect }

// call is the API call of phase for organization i.
func (d *directRunner) call(phase string) func(ctx context.Context, i int) error {
	switch phase {
	case phaseCreate:
		return func(ctx context.Context, i int) error {
			org, err := d.client.CreateOrganization(ctx, createRequest(i))
			if err == nil {
				d.ids[i] = org.OrganizationID
			}
			return err
		}
	case phaseRefresh:
		return func(ctx context.Context, i int) error {
			_, err := d.client.GetOrganization(ctx, d.ids[i])
			return err
		}
	case phaseUpdate:
		return func(ctx context.Context, i int) error {
			_, err := d.client.UpdateOrganization(ctx, d.ids[i], updateRequest(i))
			return err
		}
	default:
		return func(ctx context.Context, i int) error {
			return d.client.DeleteOrganization(ctx, d.ids[i])
		}
	}
}

// run measures one phase: N calls from P workers.
func (d *directRunner) run(ctx context.Context, phase string) measurement {
	m := measurement{Subject: subjectDirect, Phase: phase}
	d.b.emu.reset()
	cpuStart := markCPU()
	start := time.Now()
	m.Errors, m.FirstError = parallel(ctx, d.b.opts.n, d.b.opts.parallelism, d.call(phase))
	m.Wall = time.Since(start)
	m.BackgroundCPU = backgroundCPU(cpuStart, markCPU(), 0)
	d.b.recordAPI(&m, directPrefix)
	if m.Errors > 0 {
		m.ExitCode = 1
	}
	return m
}

// parallel calls call(ctx, i) for every i in [0, n) from workers goroutines
// and returns how many calls failed and the first failure.
func parallel(ctx context.Context, n, workers int, call func(ctx context.Context, i int) error) (int, string) {
	next := make(chan int)
	var (
		mu     sync.Mutex
		failed int
		first  string
		wg     sync.WaitGroup
	)
	for range min(workers, n) {
		wg.Go(func() {
			for i := range next {
				if err := call(ctx, i); err != nil {
					mu.Lock()
					if failed == 0 {
						first = fmt.Sprintf("call %d: %v", i, err)
					}
					failed++
					mu.Unlock()
				}
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	return failed, first
}
