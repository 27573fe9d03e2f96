package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/platformkit/terraform-provider-stytch/internal/tfrun"
)

func TestUnknownCLI(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := run(t.Context(), "no-such-cli-here", &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "give terraform, tofu") {
		t.Errorf("run = %v", err)
	}
}

func TestCopyConfiguration(t *testing.T) {
	from, to := t.TempDir(), filepath.Join(t.TempDir(), "demo")
	if err := copyConfiguration(from, to); err == nil || !strings.Contains(err.Error(), "no .tf files") {
		t.Errorf("an empty folder gave %v", err)
	}
	for name, content := range map[string]string{"main.tf": "# main\n", "README.md": "not copied\n"} {
		if err := os.WriteFile(filepath.Join(from, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := copyConfiguration(from, to); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(to)
	if err != nil || len(entries) != 1 || entries[0].Name() != "main.tf" {
		t.Errorf("copied %v, %v", entries, err)
	}
}

// TestDemo runs the whole demo with the CLI of the acceptance tests.
func TestDemo(t *testing.T) {
	cli, skip := tfrun.TestCLI()
	if skip != "" {
		t.Skip(skip)
	}
	var stdout, stderr bytes.Buffer
	if err := run(t.Context(), cli, &stdout, &stderr); err != nil {
		t.Fatalf("%v\nstdout:\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
	}
	for _, want := range []string{"==> Building the provider", ": apply", "Apply complete! Resources: 7 added",
		"==> Outputs", "organization_ids", "acs_url", "acme_admin", "No changes.", "Destroy complete! Resources: 7 destroyed", "requests served",
		"==> Demo finished"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("the demo's output lacks %q:\n%s", want, stdout.String())
		}
	}
}
