package tfrun

import (
	"bytes"
	"context"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// fakeCLI writes an executable shell script named name into a temporary
// folder and returns its path.
func fakeCLI(t *testing.T, name, script string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+script), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestCLIConfig(t *testing.T) {
	got := cliConfig("/tmp/x y/bin")
	want := "provider_installation {\n  dev_overrides {\n    \"platformkit/stytch\" = \"/tmp/x y/bin\"\n  }\n  direct {}\n}\n"
	if got != want {
		t.Errorf("cliConfig =\n%s\nwant\n%s", got, want)
	}
}

// TestBuildProvider builds a stand-in module, not the provider: what is
// tested is where the binary and the configuration land.
func TestBuildProvider(t *testing.T) {
	root := t.TempDir()
	for name, content := range map[string]string{
		"go.mod":          "module example.com/fake\n\ngo 1.24\n",
		"variant/main.go": "package main\n\nfunc main() {}\n",
		// tagged builds only with the build tag benchtag.
		"tagged/main.go": "package main\n\nfunc main() { tagged() }\n",
		"tagged/tag.go":  "//go:build benchtag\n\npackage main\n\nfunc tagged() {}\n",
	} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(root, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	p, err := BuildProvider(t.Context(), root, "./variant", dir)
	if err != nil {
		t.Fatal(err)
	}
	if p.Binary != filepath.Join(dir, "bin", "terraform-provider-stytch") {
		t.Errorf("binary at %s", p.Binary)
	}
	if fi, err := os.Stat(p.Binary); err != nil || fi.Mode()&0o111 == 0 {
		t.Errorf("no executable at %s: %v", p.Binary, err)
	}
	rc, err := os.ReadFile(p.CLIConfig)
	if err != nil {
		t.Fatal(err)
	}
	if string(rc) != cliConfig(filepath.Join(dir, "bin")) {
		t.Errorf("CLI configuration:\n%s", rc)
	}
	if _, err := BuildProvider(t.Context(), root, "./missing", dir); err == nil || !strings.Contains(err.Error(), "building the provider") {
		t.Errorf("a failing build returned %v", err)
	}
	// Build tags reach go build.
	if _, err := BuildProvider(t.Context(), root, "./tagged", t.TempDir(), "benchtag"); err != nil {
		t.Errorf("build with the tag: %v", err)
	}
	if _, err := BuildProvider(t.Context(), root, "./tagged", t.TempDir()); err == nil {
		t.Error("./tagged built without its tag")
	}
	if got := strings.Join(buildArgs("b", ".", []string{"x", "y"}), " "); got != "build -tags x,y -o b ." {
		t.Errorf("buildArgs = %s", got)
	}
	if got := strings.Join(buildArgs("b", ".", nil), " "); got != "build -o b ." {
		t.Errorf("buildArgs without tags = %s", got)
	}
}

func TestModuleRoot(t *testing.T) {
	root, err := ModuleRoot(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "internal", "tfrun")); err != nil {
		t.Errorf("ModuleRoot = %s, which has no internal/tfrun", root)
	}
	for data, want := range map[string]string{
		"\nmodule example.com/m\n\ngo 1.26\n":   "example.com/m",
		"// c\nmodule \"example.com/q\" // x\n": "example.com/q",
		"go 1.26\n":                             "",
	} {
		if got := moduleLine([]byte(data)); got != want {
			t.Errorf("moduleLine(%q) = %q, want %q", data, got, want)
		}
	}
}

func TestEnv(t *testing.T) {
	p := &Provider{CLIConfig: "/w/terraformrc"}
	base := []string{"HOME=/h", "TF_CLI_CONFIG_FILE=/missing"}
	env := p.Env(base, API{BaseURL: "http://127.0.0.1:1", ProjectID: "project-test-p", Secret: "s"}, "STYTCH_MAX_RETRIES=0")
	if len(base) != 2 {
		t.Errorf("Env changed its base: %v", base)
	}
	for _, want := range []string{"HOME=/h", "TF_CLI_CONFIG_FILE=/w/terraformrc", "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1",
		"STYTCH_PROJECT_ID=project-test-p", "STYTCH_SECRET=s", "STYTCH_BASE_URL=http://127.0.0.1:1", "STYTCH_MAX_RETRIES=0"} {
		if !slices.Contains(env, want) {
			t.Errorf("Env lacks %s: %v", want, env)
		}
	}
	// The configuration comes after the caller's, so it is the one in effect.
	if slices.Index(env, "TF_CLI_CONFIG_FILE=/w/terraformrc") < slices.Index(env, "TF_CLI_CONFIG_FILE=/missing") {
		t.Errorf("the caller's TF_CLI_CONFIG_FILE would win: %v", env)
	}
	got := Isolated([]string{"HOME=/h", "TF_LOG=TRACE", "STYTCH_SECRET=x", "CHECKPOINT_DISABLE=1", "PATH=/bin", "TFX=1"})
	if want := []string{"HOME=/h", "PATH=/bin", "TFX=1"}; !slices.Equal(got, want) {
		t.Errorf("Isolated = %v, want %v", got, want)
	}
}

// TestRun drives a fake CLI that prints its arguments, its directory and an
// environment variable, so that what Run passes and captures can be seen.
func TestRun(t *testing.T) {
	cli := fakeCLI(t, "terraform", `echo "args:$*"; echo "dir:$(pwd)"; echo "x:$X"; echo "oops" >&2; exit "${CODE:-0}"`)
	dir := t.TempDir()
	var shown bytes.Buffer
	ws := &Workspace{CLI: cli, Dir: dir, Env: []string{"X=1", "X=2", "PATH=" + os.Getenv("PATH")}, Stdout: &shown}
	r := ws.Run(t.Context(), "plan", "-no-color")
	if r.Code != 0 || r.Err != nil || r.ExpectExit() != nil {
		t.Fatalf("result %+v", r)
	}
	realDir, _ := filepath.EvalSymlinks(dir)
	for _, want := range []string{"args:plan -no-color\n", "dir:" + realDir + "\n", "x:2\n"} {
		if !strings.Contains(r.Stdout, want) {
			t.Errorf("stdout %q lacks %q", r.Stdout, want)
		}
	}
	if r.Stderr != "oops\n" || shown.String() != r.Stdout || r.Command != "terraform plan -no-color" {
		t.Errorf("stderr %q, shown %q, command %q", r.Stderr, shown.String(), r.Command)
	}

	ws.Env = append(ws.Env, "CODE=2")
	r = ws.Run(t.Context(), "plan", "-detailed-exitcode")
	if r.Code != 2 || r.Err != nil {
		t.Fatalf("result %+v", r)
	}
	if err := r.ExpectExit(0, 2); err != nil {
		t.Errorf("exit 2 is allowed: %v", err)
	}
	if err := r.ExpectExit(); err == nil || err.Error() != "terraform plan -detailed-exitcode exited 2, want 0" {
		t.Errorf("ExpectExit() = %v", err)
	}

	ws.CLI = filepath.Join(dir, "missing")
	if r := ws.Run(t.Context(), "plan"); r.Code != -1 || r.Err == nil || r.ExpectExit() == nil {
		t.Errorf("a missing CLI gave %+v", r)
	}
}

// TestRunTimeoutInterrupts checks that a command past its timeout is
// interrupted (so that the real CLI could save its state) and reported.
func TestRunTimeoutInterrupts(t *testing.T) {
	cli := fakeCLI(t, "tofu", `trap 'echo interrupted; exit 130' INT; echo started; while :; do sleep 0.05; done`)
	ws := &Workspace{CLI: cli, Dir: t.TempDir(), Timeout: 300 * time.Millisecond}
	start := time.Now()
	r := ws.Run(t.Context(), "apply")
	if time.Since(start) > gracePeriod {
		t.Errorf("the interrupted command took %s", time.Since(start))
	}
	if !strings.Contains(r.Stdout, "interrupted") || r.Code != 130 {
		t.Errorf("the CLI was not interrupted: code %d, stdout %q", r.Code, r.Stdout)
	}
	err := r.ExpectExit()
	if err == nil || !strings.Contains(err.Error(), "tofu apply: stopped after the timeout of 300ms") {
		t.Errorf("ExpectExit() = %v", err)
	}
}

func TestWriteFile(t *testing.T) {
	ws := &Workspace{Dir: t.TempDir()}
	if err := ws.WriteFile("main.tf", "# x\n"); err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(filepath.Join(ws.Dir, "main.tf")); err != nil || string(data) != "# x\n" {
		t.Errorf("main.tf = %q, %v", data, err)
	}
}

func TestStartEmulator(t *testing.T) {
	var wrapped atomic.Int32
	var logs bytes.Buffer
	emu, err := StartEmulator(EmulatorOptions{
		Logger: log.New(&logs, "", 0),
		Wrap: func(h http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				wrapped.Add(1)
				h.ServeHTTP(w, r)
			})
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Close()
	if !strings.HasPrefix(emu.API.ProjectID, "project-test-") || !strings.HasPrefix(emu.API.Secret, "secret-test-") ||
		!strings.HasPrefix(emu.API.BaseURL, "http://127.0.0.1:") {
		t.Errorf("API = %+v", emu.API)
	}
	other, err := StartEmulator(EmulatorOptions{})
	if err != nil {
		t.Fatal(err)
	}
	other.Close()
	if other.API.Secret == emu.API.Secret {
		t.Error("two emulators got the same secret")
	}

	client, err := stytch.New(stytch.Config{ProjectID: emu.API.ProjectID, Secret: emu.API.Secret, BaseURL: emu.API.BaseURL})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.CreateOrganization(t.Context(), stytch.CreateRequest{OrganizationName: "A", OrganizationSlug: "org-a"}); err != nil {
		t.Fatal(err)
	}
	if emu.Len() != 1 || wrapped.Load() != 1 || !strings.Contains(logs.String(), "POST /v1/b2b/organizations") {
		t.Errorf("organizations %d, wrapped requests %d, log %q", emu.Len(), wrapped.Load(), logs.String())
	}
	if strings.Contains(logs.String(), emu.API.Secret) {
		t.Error("the log holds the secret")
	}
	if err := emu.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := client.GetOrganization(context.Background(), "organization-test-x"); err == nil {
		t.Error("the emulator still answers after Close")
	}
}

func TestFindCLI(t *testing.T) {
	// A stand-in root whose scripts print where "their" CLI is.
	root := t.TempDir()
	if err := os.Mkdir(filepath.Join(root, "scripts"), 0o755); err != nil {
		t.Fatal(err)
	}
	for script, out := range map[string]string{"terraform.sh": "/opt/terraform", "tofu.sh": "/opt/tofu"} {
		body := "#!/bin/sh\necho building >&2\necho " + out + "\n"
		if err := os.WriteFile(filepath.Join(root, "scripts", script), []byte(body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	named := fakeCLI(t, "mycli", "exit 0\n")
	t.Setenv("PATH", filepath.Dir(named)+string(os.PathListSeparator)+os.Getenv("PATH"))
	for choice, want := range map[string]string{"": "/opt/terraform", "terraform": "/opt/terraform", "tofu": "/opt/tofu",
		"opentofu": "/opt/tofu", "mycli": named, named: named} {
		var progress bytes.Buffer
		got, err := FindCLI(t.Context(), root, choice, &progress)
		if err != nil || got != want {
			t.Errorf("FindCLI(%q) = %q, %v; want %q", choice, got, err, want)
		}
		if strings.HasPrefix(want, "/opt/") && progress.String() != "building\n" {
			t.Errorf("FindCLI(%q) passed on stderr %q", choice, progress.String())
		}
	}
	if _, err := FindCLI(t.Context(), root, "no-such-cli-here", nil); err == nil || !strings.Contains(err.Error(), "give terraform, tofu") {
		t.Errorf("an unknown CLI gave %v", err)
	}
}

func TestTestCLI(t *testing.T) {
	t.Setenv("TF_ACC", "")
	if _, skip := TestCLI(); !strings.Contains(skip, "TF_ACC=1") {
		t.Errorf("without TF_ACC: skip %q", skip)
	}
	t.Setenv("TF_ACC", "1")
	t.Setenv("TF_ACC_TERRAFORM_PATH", "/opt/tofu")
	if path, skip := TestCLI(); path != "/opt/tofu" || skip != "" {
		t.Errorf("TestCLI = %q, %q", path, skip)
	}
}

// TestRealCLI applies, plans and destroys one organization with the real CLI
// through everything this package sets up.
func TestRealCLI(t *testing.T) {
	cli, skip := TestCLI()
	if skip != "" {
		t.Skip(skip)
	}
	root, err := ModuleRoot(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	p, err := BuildProvider(t.Context(), root, ".", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	emu, err := StartEmulator(EmulatorOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Close()
	ws := &Workspace{CLI: cli, Dir: t.TempDir(), Env: p.Env(os.Environ(), emu.API), Timeout: 5 * time.Minute}
	if err := ws.WriteFile("main.tf", `terraform {
  required_providers {
    stytch = { source = "platformkit/stytch" }
  }
}

resource "stytch_b2b_organization" "one" {
  organization_name = "One"
  organization_slug = "one"
}
`); err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		args  []string
		check func() bool
	}{
		{[]string{"apply", "-auto-approve", "-input=false", "-no-color"}, func() bool { return emu.Len() == 1 }},
		{[]string{"plan", "-detailed-exitcode", "-input=false", "-no-color"}, func() bool { return true }},
		{[]string{"destroy", "-auto-approve", "-input=false", "-no-color"}, func() bool { return emu.Len() == 0 }},
	} {
		r := ws.Run(t.Context(), step.args...)
		if err := r.ExpectExit(); err != nil {
			t.Fatalf("%v\n%s", err, r.Stderr)
		}
		if !step.check() {
			t.Fatalf("after %s the emulator holds %d organizations", r.Command, emu.Len())
		}
	}
}
