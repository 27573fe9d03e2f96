package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var (
	// designRef is a comment's pointer into DESIGN.md: the file name, a comma
	// and one or more quoted headings.
	designRef = regexp.MustCompile(`DESIGN\.md, ((?:"[^"]+"(?:,? (?:and )?)?)+)`)
	quoted    = regexp.MustCompile(`"([^"]+)"`)
	// commentBreak joins a comment that continues on the next line.
	commentBreak = regexp.MustCompile(`\n\s*// ?`)
)

// Code comments point into DESIGN.md by heading, so that a reader can follow
// them inside the repository. A heading renamed or removed would leave them
// pointing nowhere; this test finds every such reference and checks it.
func TestDesignReferencesResolve(t *testing.T) {
	design, err := os.ReadFile("DESIGN.md")
	if err != nil {
		t.Fatal(err)
	}
	headings := map[string]bool{}
	for _, line := range strings.Split(string(design), "\n") {
		if strings.HasPrefix(line, "#") {
			headings[strings.TrimSpace(strings.TrimLeft(line, "#"))] = true
		}
	}
	refs := 0
	err = filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && path != "." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		text := commentBreak.ReplaceAllString(string(data), " ")
		for _, m := range designRef.FindAllStringSubmatch(text, -1) {
			for _, q := range quoted.FindAllStringSubmatch(m[1], -1) {
				refs++
				if !headings[q[1]] {
					t.Errorf("%s: DESIGN.md has no heading %q", path, q[1])
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if refs == 0 {
		t.Fatal("found no reference to DESIGN.md; the pattern no longer matches the comments")
	}
}
