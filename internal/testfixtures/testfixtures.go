// Package testfixtures loads the literal Stytch response bodies in the
// repository's testdata/stytch folder and compares JSON documents with them
// key by key, for the client's and the emulator's tests.
package testfixtures

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"testing"
)

// Load returns the fixture testdata/stytch/name of the repository.
func Load(t testing.TB, name string) []byte {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate the testfixtures package")
	}
	data, err := os.ReadFile(filepath.Join(filepath.Dir(file), "..", "..", "testdata", "stytch", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// Mode says how much of two documents must agree.
type Mode int

const (
	// Exact: the same keys at every level and the same values.
	Exact Mode = iota
	// Shape: the same keys in every object, and values of the same JSON kind
	// where both are present. A null on either side matches any kind (Stytch
	// returns null for unset nullable fields), and arrays are compared through
	// their first elements when both have one.
	Shape
)

// Diff lists the differences between want and got, one line each with the
// JSON path, or nothing when they agree under mode. ignore names top-level or
// nested keys (by path, such as "request_id" or "organization.created_at")
// whose values are not compared; their presence still is.
func Diff(want, got []byte, mode Mode, ignore ...string) ([]string, error) {
	w, err := decode(want)
	if err != nil {
		return nil, fmt.Errorf("want: %w", err)
	}
	g, err := decode(got)
	if err != nil {
		return nil, fmt.Errorf("got: %w", err)
	}
	var diffs []string
	compare("", w, g, mode, ignore, &diffs)
	return diffs, nil
}

func decode(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

func compare(path string, want, got any, mode Mode, ignore []string, diffs *[]string) {
	if mode == Shape && (want == nil || got == nil) {
		return
	}
	if kind(want) != kind(got) {
		*diffs = append(*diffs, fmt.Sprintf("%s: want %s %s, got %s %s", label(path), kind(want), brief(want), kind(got), brief(got)))
		return
	}
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return // kind() said object
		}
		for _, k := range sortedKeys(w) {
			p := join(path, k)
			gv, ok := g[k]
			if !ok {
				*diffs = append(*diffs, fmt.Sprintf("%s: missing", p))
				continue
			}
			if slices.Contains(ignore, p) {
				continue
			}
			compare(p, w[k], gv, mode, ignore, diffs)
		}
		for _, k := range sortedKeys(g) {
			if _, ok := w[k]; !ok {
				*diffs = append(*diffs, fmt.Sprintf("%s: unexpected key", join(path, k)))
			}
		}
	case []any:
		g, ok := got.([]any)
		if !ok {
			return // kind() said array
		}
		if mode == Shape {
			if len(w) > 0 && len(g) > 0 {
				compare(path+"[0]", w[0], g[0], mode, ignore, diffs)
			}
			return
		}
		if len(w) != len(g) {
			*diffs = append(*diffs, fmt.Sprintf("%s: want %d elements, got %d", label(path), len(w), len(g)))
			return
		}
		for i := range w {
			compare(fmt.Sprintf("%s[%d]", path, i), w[i], g[i], mode, ignore, diffs)
		}
	default:
		if mode == Exact && want != got {
			*diffs = append(*diffs, fmt.Sprintf("%s: want %s, got %s", label(path), brief(want), brief(got)))
		}
	}
}

func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case json.Number:
		return "number"
	case bool:
		return "boolean"
	}
	return fmt.Sprintf("%T", v)
}

func brief(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 60 {
		return string(b[:57]) + "..."
	}
	return string(b)
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func label(path string) string {
	if path == "" {
		return "(document)"
	}
	return path
}
