package tfcli

import (
	"os"
	"path/filepath"
	"testing"
)

func TestParseVersionLine(t *testing.T) {
	cases := map[string]struct {
		name    string
		version [3]int
	}{
		"Terraform v1.8.5":         {"terraform", [3]int{1, 8, 5}},
		"OpenTofu v1.10.10":        {"tofu", [3]int{1, 10, 10}},
		"OpenTofu v1.11.0-beta1":   {"tofu", [3]int{1, 11, 0}},
		"Terraform v1.11.4":        {"terraform", [3]int{1, 11, 4}},
		"Terraform v1.14.0-alpha1": {"terraform", [3]int{1, 14, 0}},
	}
	for line, want := range cases {
		got, err := ParseVersionLine(line)
		if err != nil || got.Name != want.name || got.Version != want.version {
			t.Errorf("ParseVersionLine(%q) = %+v, %v; want %s %v", line, got, err, want.name, want.version)
		}
	}
	for _, bad := range []string{"", "Vagrant 2.4.1", "Terraform v1.8", "OpenTofu vX.Y.Z"} {
		if _, err := ParseVersionLine(bad); err == nil {
			t.Errorf("ParseVersionLine(%q) accepted", bad)
		}
	}
	tofu := Info{Name: "tofu", Version: [3]int{1, 10, 10}}
	if tofu.AtLeast([3]int{1, 11, 2}) || !tofu.AtLeast([3]int{1, 10, 10}) || !tofu.AtLeast([3]int{1, 8, 0}) || !tofu.AtLeast([3]int{0, 15, 5}) {
		t.Errorf("AtLeast is wrong for %v", tofu.Version)
	}
}

// TestIdentify runs fake CLIs that print what `terraform version` and `tofu
// version` print.
func TestIdentify(t *testing.T) {
	dir := t.TempDir()
	for name, line := range map[string]string{"tofu": "OpenTofu v1.10.10", "terraform": "Terraform v1.8.5"} {
		script := filepath.Join(dir, name)
		if err := os.WriteFile(script, []byte("#!/bin/sh\necho '"+line+"'\necho 'on linux_amd64'\n"), 0o755); err != nil {
			t.Fatal(err)
		}
		got, err := Identify(script)
		if err != nil {
			t.Fatal(err)
		}
		if got.IsOpenTofu() != (name == "tofu") || got.Line != line {
			t.Errorf("Identify(%s) = %+v", name, got)
		}
	}
	if _, err := Identify(filepath.Join(dir, "missing")); err == nil {
		t.Error("Identify of a missing CLI succeeded")
	}
}
