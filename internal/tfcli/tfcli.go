// Package tfcli identifies the Terraform or OpenTofu CLI that the tests drive,
// so that they can adapt to it (OpenTofu's registry host, features missing
// from some versions).
package tfcli

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// Info is what `<cli> version` says about a CLI.
type Info struct {
	// Name is "terraform" or "tofu".
	Name string
	// Version is major, minor and patch, e.g. [1 10 10].
	Version [3]int
	// Line is the first line of `version`, e.g. "OpenTofu v1.10.10".
	Line string
}

// Identify runs `path version` and parses its first line.
func Identify(path string) (Info, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, "version")
	// An empty CLI configuration keeps the output to the version lines.
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE=/dev/null", "CHECKPOINT_DISABLE=1")
	out, err := cmd.Output()
	if err != nil {
		return Info{}, fmt.Errorf("%s version: %w", path, err)
	}
	return ParseVersionLine(strings.SplitN(strings.TrimSpace(string(out)), "\n", 2)[0])
}

// ParseVersionLine reads "Terraform v1.8.5" or "OpenTofu v1.10.10".
func ParseVersionLine(line string) (Info, error) {
	info := Info{Line: line}
	var rest string
	switch {
	case strings.HasPrefix(line, "OpenTofu v"):
		info.Name, rest = "tofu", strings.TrimPrefix(line, "OpenTofu v")
	case strings.HasPrefix(line, "Terraform v"):
		info.Name, rest = "terraform", strings.TrimPrefix(line, "Terraform v")
	default:
		return info, fmt.Errorf("%q is neither Terraform nor OpenTofu", line)
	}
	rest, _, _ = strings.Cut(rest, "-") // 1.11.0-beta1
	parts := strings.Split(rest, ".")
	if len(parts) != 3 {
		return info, fmt.Errorf("unexpected version in %q", line)
	}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil {
			return info, fmt.Errorf("unexpected version in %q", line)
		}
		info.Version[i] = n
	}
	return info, nil
}

// IsOpenTofu reports whether the CLI is OpenTofu.
func (c Info) IsOpenTofu() bool { return c.Name == "tofu" }

// AtLeast reports whether the CLI is version want (major, minor, patch) or newer.
func (c Info) AtLeast(want [3]int) bool {
	for i := range want {
		if c.Version[i] != want[i] {
			return c.Version[i] > want[i]
		}
	}
	return true
}
