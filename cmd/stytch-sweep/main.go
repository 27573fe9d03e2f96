// Command stytch-sweep deletes the organizations that acceptance tests run
// against Stytch's test environment (make testacc-live) leave behind when a run
// fails before Terraform destroys them. Left alone, they pile up in the test
// project, count against its quotas and make later searches slower.
//
// It only lists what it would delete unless -apply is given, refuses live
// projects, and matches an organization only by the slug prefix that every
// acceptance test uses (acctest.RandomWithPrefix("tf-acc")). `make sweep` runs
// it; `SWEEP_APPLY=1 make sweep` deletes.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

const (
	// defaultPrefix is the slug prefix of every organization the acceptance
	// tests create (randomSlug in internal/provider/provider_test.go).
	defaultPrefix = "tf-acc"
	// minPrefixLen is the shortest value Stytch's organization_slug_fuzzy
	// filter accepts; it also keeps a typo such as -prefix t from matching
	// most of a project.
	minPrefixLen = 3
	// liveProjectPrefix marks a live project id: the sweeper never touches one.
	liveProjectPrefix = "project-live-"

	envProjectID = "STYTCH_PROJECT_ID"
	envSecret    = "STYTCH_SECRET"
	envBaseURL   = "STYTCH_BASE_URL"
)

// searchPageSize is the page size of the search, Stytch's maximum. A variable
// so that the tests can make the search span several pages.
var searchPageSize = 1000

// errUsage reports invalid command-line arguments (already explained on stderr).
var errUsage = errors.New("usage error")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, errUsage) {
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "stytch-sweep:", err)
		os.Exit(1)
	}
}

const usage = `Usage: stytch-sweep [-apply] [-prefix PREFIX] [-older-than DURATION]
       make sweep                 (dry run)
       SWEEP_APPLY=1 make sweep   (deletes)

Finds the organizations that acceptance tests against Stytch's test environment
(make testacc-live) left behind in a TEST project, and deletes them with -apply.
Without -apply it only lists them ("would delete") and deletes nothing.

What it matches, exactly: an organization is swept when, and only when,
  - its organization_slug starts with PREFIX (default "tf-acc", compared
    case-sensitively: "tf-acc-123" matches, "TF-ACC-123", "my-tf-acc" and
    "tfacc-1" do not), and
  - with -older-than, its created_at is at least DURATION ago (an organization
    whose created_at is missing or unreadable is then kept).
Its name is not looked at: acceptance tests give their organizations ordinary
names such as "Acme Corp". Every acceptance test names its slugs with
acctest.RandomWithPrefix("tf-acc"), so the default prefix covers them all.
Stytch is searched with organization_slug_fuzzy = PREFIX (a case-insensitive
substring match), through every page; the prefix is then checked locally.

Deleting an organization deletes all its members too, and cannot be undone.

Environment:
  STYTCH_PROJECT_ID   project id of a Stytch TEST project (required);
                      project-live-... ids are refused
  STYTCH_SECRET       its secret (required; never printed)
  STYTCH_BASE_URL     API host (optional; default https://test.stytch.com),
                      e.g. the local emulator

Flags:
`

// options are the parsed command line.
type options struct {
	apply     bool
	prefix    string
	olderThan time.Duration
}

// run parses args, reads the credentials through getenv, and sweeps. Listings
// go to stdout; the flag package's messages go to stderr. It never prints the
// secret.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	opts, err := parseFlags(args, stderr)
	if errors.Is(err, errHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	client, err := newClient(getenv)
	if err != nil {
		return err
	}
	return sweep(ctx, client, getenv(envProjectID), opts, stdout)
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var opts options
	fs := flag.NewFlagSet("stytch-sweep", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.BoolVar(&opts.apply, "apply", false, "delete the matching organizations (default: list them and delete nothing)")
	fs.StringVar(&opts.prefix, "prefix", defaultPrefix, "sweep only organizations whose slug starts with this `prefix` (at least 3 characters)")
	fs.DurationVar(&opts.olderThan, "older-than", 0, "sweep only organizations created at least this `duration` ago, e.g. 2h,\nso that the organizations of a test run still in progress are kept (default: any age)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return opts, errHelp
		}
		return opts, errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "unexpected argument %q: stytch-sweep takes flags only\n\n", fs.Arg(0))
		fs.Usage()
		return opts, errUsage
	}
	if len(opts.prefix) < minPrefixLen {
		fmt.Fprintf(stderr, "-prefix %q is too short: give at least %d characters (Stytch's slug search needs them, and a short prefix would match organizations the tests did not create); the acceptance tests use %q\n",
			opts.prefix, minPrefixLen, defaultPrefix)
		return opts, errUsage
	}
	if opts.olderThan < 0 {
		fmt.Fprintf(stderr, "-older-than %s is negative: give a positive duration such as 2h, or leave it out to sweep organizations of any age\n", opts.olderThan)
		return opts, errUsage
	}
	return opts, nil
}

// errHelp is -h: the usage was printed and nothing else is done.
var errHelp = errors.New("help requested")

// newClient builds the API client from the environment, refusing anything but
// a test project.
func newClient(getenv func(string) string) (*stytch.Client, error) {
	projectID, secret, baseURL := getenv(envProjectID), getenv(envSecret), getenv(envBaseURL)
	var missing []string
	if projectID == "" {
		missing = append(missing, envProjectID)
	}
	if secret == "" {
		missing = append(missing, envSecret)
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%s not set: export %s and %s of the Stytch TEST project the acceptance tests ran against (the sweeper reads credentials from the environment only)",
			strings.Join(missing, " and "), envProjectID, envSecret)
	}
	if strings.HasPrefix(projectID, liveProjectPrefix) {
		return nil, fmt.Errorf("refusing to sweep %s: it is a live project (%s...). Acceptance tests run only against test projects; set %s and %s to those of the test project (project-test-...) instead",
			projectID, liveProjectPrefix, envProjectID, envSecret)
	}
	if baseURL != "" {
		if u, err := url.Parse(baseURL); err == nil && strings.EqualFold(u.Hostname(), liveHost()) {
			return nil, fmt.Errorf("refusing to sweep through %s=%s: that is Stytch's live API. Unset %s to use the test environment (%s), or point it at the emulator",
				envBaseURL, baseURL, envBaseURL, stytch.TestBaseURL)
		}
	}
	client, err := stytch.New(stytch.Config{
		ProjectID:  projectID,
		Secret:     secret,
		BaseURL:    baseURL,
		UserAgent:  "terraform-provider-stytch-sweep",
		MaxRetries: -1, // the default retries with backoff, as the provider does
	})
	if err != nil {
		return nil, fmt.Errorf("%w (check %s)", err, envBaseURL)
	}
	return client, nil
}

// liveHost is the host name of Stytch's live API.
func liveHost() string {
	u, _ := url.Parse(stytch.LiveBaseURL)
	return u.Hostname()
}

// candidate is one organization the search returned, with the sweeper's verdict.
type candidate struct {
	org    stytch.Organization
	reason string // why it is kept; empty when it is swept
}

// sweep searches, filters, prints one line per matching organization and,
// with opts.apply, deletes the ones to sweep.
func sweep(ctx context.Context, client *stytch.Client, projectID string, opts options, stdout io.Writer) error {
	query := &stytch.SearchQuery{
		Operator: "AND",
		Operands: []stytch.SearchOperand{{FilterName: stytch.FilterOrganizationSlugFuzzy, FilterValue: opts.prefix}},
	}
	found, _, err := client.SearchAllOrganizations(ctx, query, searchPageSize, 0)
	if err != nil {
		return fmt.Errorf("searching organizations whose slug contains %q: %w", opts.prefix, err)
	}

	now := time.Now()
	var matching []candidate
	for _, org := range found {
		if !strings.HasPrefix(org.OrganizationSlug, opts.prefix) {
			continue // a substring elsewhere in the slug, or another case: not the tests'
		}
		matching = append(matching, candidate{org: org, reason: keepReason(org, opts.olderThan, now)})
	}
	slices.SortStableFunc(matching, func(a, b candidate) int {
		return strings.Compare(a.org.OrganizationSlug, b.org.OrganizationSlug)
	})

	scope := fmt.Sprintf("organizations whose slug starts with %q", opts.prefix)
	if opts.olderThan > 0 {
		scope += fmt.Sprintf(" and that were created at least %s ago", opts.olderThan)
	}
	mode := "dry run: nothing will be deleted"
	if opts.apply {
		mode = "deleting"
	}
	fmt.Fprintf(stdout, "Project %s at %s: %s (%s).\n", projectID, client.BaseURL(), scope, mode)

	widths := columnWidths(matching)
	toSweep, kept := 0, 0
	for _, c := range matching {
		if c.reason != "" {
			kept++
			printLine(stdout, widths, "keep", c.org, c.reason)
			continue
		}
		toSweep++
		if !opts.apply {
			printLine(stdout, widths, "would delete", c.org, "")
		}
	}
	if !opts.apply {
		if toSweep == 0 {
			fmt.Fprintln(stdout, "Nothing to sweep.")
		} else {
			fmt.Fprintf(stdout, "Dry run: %s would be deleted, nothing was. To delete, run: SWEEP_APPLY=1 make sweep (or stytch-sweep -apply).\n", count(toSweep))
		}
		reportKept(stdout, kept)
		return nil
	}

	deleted, failed := 0, 0
	for _, c := range matching {
		if c.reason != "" {
			continue
		}
		if ctx.Err() != nil {
			break
		}
		// By id: the slug could have been given to another organization since the search.
		err := client.DeleteOrganization(ctx, c.org.OrganizationID)
		switch {
		case err == nil:
			deleted++
			printLine(stdout, widths, "deleted", c.org, "")
		case stytch.IsNotFound(err):
			deleted++
			printLine(stdout, widths, "already gone", c.org, "")
		default:
			failed++
			printLine(stdout, widths, "FAILED", c.org, err.Error())
		}
	}
	if toSweep == 0 {
		fmt.Fprintln(stdout, "Nothing to sweep.")
	} else {
		fmt.Fprintf(stdout, "Deleted %d of %s.\n", deleted, count(toSweep))
	}
	reportKept(stdout, kept)
	if ctx.Err() != nil {
		return fmt.Errorf("interrupted after deleting %d of %s: run the sweep again to finish", deleted, count(toSweep))
	}
	if failed > 0 {
		return fmt.Errorf("%d of %s could not be deleted (errors above): run the sweep again to retry them", failed, count(toSweep))
	}
	return nil
}

// keepReason says why a matching organization is kept, or "" to sweep it.
func keepReason(org stytch.Organization, olderThan time.Duration, now time.Time) string {
	if olderThan <= 0 {
		return ""
	}
	created, err := time.Parse(time.RFC3339, org.CreatedAt)
	if err != nil {
		return fmt.Sprintf("created_at %q is not a time, so its age is unknown", org.CreatedAt)
	}
	if age := now.Sub(created); age < olderThan {
		return fmt.Sprintf("created %s ago, less than -older-than %s", age.Truncate(time.Second), olderThan)
	}
	return ""
}

func reportKept(w io.Writer, kept int) {
	if kept > 0 {
		fmt.Fprintf(w, "Kept %s too young or of unknown age for -older-than (listed as keep).\n", count(kept))
	}
}

// count is "1 organization" or "n organizations".
func count(n int) string {
	if n == 1 {
		return "1 organization"
	}
	return fmt.Sprintf("%d organizations", n)
}

// widths are the column widths of the listing, computed before any delete so
// that lines printed as each delete finishes still line up.
type widths struct{ id, slug int }

func columnWidths(cs []candidate) widths {
	var w widths
	for _, c := range cs {
		w.id = max(w.id, len(c.org.OrganizationID))
		w.slug = max(w.slug, len(c.org.OrganizationSlug))
	}
	return w
}

// printLine prints one organization: what happens to it, id, slug, quoted
// name, and a note.
func printLine(w io.Writer, ws widths, action string, org stytch.Organization, note string) {
	line := fmt.Sprintf("%-12s  %-*s  %-*s  %q", action, ws.id, org.OrganizationID, ws.slug, org.OrganizationSlug, org.OrganizationName)
	if note != "" {
		line += "  (" + note + ")"
	}
	fmt.Fprintln(w, line)
}
