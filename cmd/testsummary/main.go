// Command testsummary reads `go test -json` on standard input and sums it up
// in one line:
//
//	terraform 1.8.5: 62 passed, 0 failed, 3 skipped in 4m12s
//	    2 skipped: write-only arguments need Terraform 1.11 or OpenTofu 1.11
//	    1 skipped: ...
//
// followed by one line per reason a test was skipped for, with its count.
// Every test and subtest counts once. While the tests run it prints each
// package result, each failing test with its output and each skipped test
// with its reason; with -log it also writes the plain `go test -v` text to a
// file. The wall time runs from the start of testsummary (started together
// with `go test` in a pipeline) to the end of its input. It exits 1 when a
// test or a package failed, or when no test ran at all.
//
// scripts/test-matrix.sh uses it once per CLI.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"
)

// event is one line of `go test -json` (see `go doc test2json`).
type event struct {
	Action  string
	Package string
	Test    string
	Output  string
	Elapsed float64
}

// counts is the outcome of one run.
type counts struct {
	passed, failed, skipped int
	// skipReasons counts the skipped tests by reason.
	skipReasons map[string]int
	// brokenPackages failed without a failing test (build errors, panics
	// outside a test, timeouts).
	brokenPackages []string
}

func main() {
	label := flag.String("label", "go test", "name of the run in the summary line, e.g. \"terraform 1.8.5\"")
	logPath := flag.String("log", "", "write the plain test output to this file")
	summaryPath := flag.String("summary", "", "also append the summary line to this file")
	flag.Parse()

	start := time.Now()
	log := io.Discard
	if *logPath != "" {
		f, err := os.Create(*logPath)
		if err != nil {
			fmt.Fprintln(os.Stderr, "testsummary:", err)
			os.Exit(2)
		}
		defer f.Close()
		log = f
	}
	c, err := summarize(os.Stdin, os.Stdout, log)
	if err != nil {
		fmt.Fprintln(os.Stderr, "testsummary:", err)
		os.Exit(2)
	}
	line := fmt.Sprintf("%s: %d passed, %d failed, %d skipped in %s", *label, c.passed, c.failed, c.skipped, formatDuration(time.Since(start)))
	if len(c.brokenPackages) > 0 {
		line += fmt.Sprintf(" (packages failed outside tests: %s)", strings.Join(c.brokenPackages, ", "))
	}
	if c.passed+c.failed+c.skipped == 0 {
		line += " (no test ran)"
	}
	for _, r := range sortedReasons(c.skipReasons) {
		line += fmt.Sprintf("\n    %d skipped: %s", c.skipReasons[r], r)
	}
	fmt.Println(line)
	if *summaryPath != "" {
		f, err := os.OpenFile(*summaryPath, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err == nil {
			_, err = fmt.Fprintln(f, line)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "testsummary:", err)
			os.Exit(2)
		}
	}
	if c.failed > 0 || len(c.brokenPackages) > 0 || c.passed+c.failed+c.skipped == 0 {
		os.Exit(1)
	}
}

// summarize counts the results in the `go test -json` stream r, reporting
// progress to out and copying the plain output to log. Lines that are not
// JSON (such as build errors printed by go test itself) are copied to both.
func summarize(r io.Reader, out, log io.Writer) (counts, error) {
	c := counts{skipReasons: map[string]int{}}
	// output holds each running test's lines until it ends.
	output := map[string][]string{}
	packageFailed := map[string]bool{}
	packageHasFailingTest := map[string]bool{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &e) != nil {
			fmt.Fprintf(out, "%s\n", line)
			fmt.Fprintf(log, "%s\n", line)
			continue
		}
		key := e.Package + " " + e.Test
		switch e.Action {
		case "output":
			fmt.Fprint(log, e.Output)
			if e.Test != "" {
				output[key] = append(output[key], e.Output)
			} else if !routine(e.Output) {
				fmt.Fprint(out, e.Output)
			}
		case "build-output":
			// Compiler errors (Go 1.24 and later report them as events).
			fmt.Fprint(out, e.Output)
			fmt.Fprint(log, e.Output)
		case "pass", "fail", "skip":
			if e.Test == "" {
				if e.Action == "fail" {
					packageFailed[e.Package] = true
				}
				if e.Action == "skip" {
					fmt.Fprintf(out, "-    %s (no test files)\n", e.Package)
				} else {
					fmt.Fprintf(out, "%-4s %s (%.1fs)\n", strings.ToUpper(e.Action), e.Package, e.Elapsed)
				}
				continue
			}
			switch e.Action {
			case "pass":
				c.passed++
			case "fail":
				c.failed++
				packageHasFailingTest[e.Package] = true
				fmt.Fprintf(out, "--- FAIL: %s (%.1fs)\n", e.Test, e.Elapsed)
				for _, l := range output[key] {
					fmt.Fprint(out, "    "+l)
				}
			case "skip":
				c.skipped++
				reason := skipReason(output[key])
				c.skipReasons[withoutPosition(reason)]++
				fmt.Fprintf(out, "--- SKIP: %s: %s\n", e.Test, reason)
			}
			delete(output, key)
		}
	}
	if err := sc.Err(); err != nil {
		return c, err
	}
	for pkg := range packageFailed {
		if !packageHasFailingTest[pkg] {
			c.brokenPackages = append(c.brokenPackages, pkg)
		}
	}
	sort.Strings(c.brokenPackages)
	return c, nil
}

// routine reports whether a package-level output line is the usual framing
// that the package result line replaces.
func routine(line string) bool {
	for _, p := range []string{"PASS", "FAIL", "ok ", "?", "=== ", "testing: warning: no tests"} {
		if strings.HasPrefix(line, p) {
			return true
		}
	}
	return false
}

// skipReason is the last line a skipped test printed before "--- SKIP",
// which is the message given to t.Skip.
func skipReason(lines []string) string {
	for i := len(lines) - 1; i >= 0; i-- {
		l := strings.TrimSpace(lines[i])
		if l == "" || strings.HasPrefix(l, "=== ") || strings.HasPrefix(l, "--- ") {
			continue
		}
		return l
	}
	return "(no reason given)"
}

// withoutPosition drops the "file_test.go:123: " that t.Skip puts before
// its message, so that the same reason given in two places counts once.
func withoutPosition(reason string) string {
	file, rest, ok := strings.Cut(reason, ": ")
	if !ok || !strings.HasSuffix(strings.TrimRight(file, "0123456789"), ".go:") {
		return reason
	}
	return rest
}

// sortedReasons lists the reasons, most frequent first.
func sortedReasons(reasons map[string]int) []string {
	out := make([]string, 0, len(reasons))
	for r := range reasons {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool {
		if reasons[out[i]] != reasons[out[j]] {
			return reasons[out[i]] > reasons[out[j]]
		}
		return out[i] < out[j]
	})
	return out
}

// formatDuration rounds to the second: 4m12s.
func formatDuration(d time.Duration) string {
	return d.Round(time.Second).String()
}
