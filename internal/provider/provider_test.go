package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/platformkit/terraform-provider-stytch/internal/emulator"
	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// testAccProtoV6ProviderFactories serves the provider in-process to the
// Terraform CLI that terraform-plugin-testing drives.
var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"stytch": providerserver.NewProtocol6WithError(New("test")()),
}

const (
	testProjectID = "project-test-11111111-2222-3333-4444-555555555555"
	testSecret    = "secret-test-acceptance-Zq9xW2"
)

// testEnv is where an acceptance test runs: a fresh emulator on loopback, or
// Stytch's real test environment when STYTCH_ACC_REAL=1.
type testEnv struct {
	// client talks to the same API as the provider, for out-of-band checks.
	client *stytch.Client
	// emulator is nil against the real API.
	emulator *emulator.Server
	// providerBlock configures the provider for this environment.
	providerBlock string
}

// newTestEnv starts one emulator per test (tests stay isolated and can run in
// parallel) unless the test is asked to run against the real Stytch API.
func newTestEnv(t *testing.T) *testEnv {
	t.Helper()
	return newWrappedTestEnv(t, nil)
}

// newWrappedTestEnv is newTestEnv with the emulator served through wrap, for
// tests that watch the requests; a nil wrap serves it as is. Against the real
// API wrap is not used.
func newWrappedTestEnv(t *testing.T, wrap func(http.Handler) http.Handler) *testEnv {
	t.Helper()
	if os.Getenv("STYTCH_ACC_REAL") == "1" {
		projectID, secret := os.Getenv(EnvProjectID), os.Getenv(EnvSecret)
		if projectID == "" || secret == "" {
			t.Fatalf("STYTCH_ACC_REAL=1 needs %s and %s", EnvProjectID, EnvSecret)
		}
		client, err := stytch.New(stytch.Config{ProjectID: projectID, Secret: secret, BaseURL: os.Getenv(EnvBaseURL), MaxRetries: -1})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("acceptance test against the real Stytch API at %s", client.BaseURL())
		return &testEnv{client: client, providerBlock: `provider "stytch" {}`}
	}

	emu := emulator.New(emulator.Options{ProjectID: testProjectID, Secret: testSecret})
	var handler http.Handler = emu
	if wrap != nil {
		handler = wrap(emu)
	}
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	client, err := stytch.New(stytch.Config{ProjectID: testProjectID, Secret: testSecret, BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("acceptance test against the local emulator at %s (set STYTCH_ACC_REAL=1 to use Stytch)", srv.URL)
	return &testEnv{
		client:   client,
		emulator: emu,
		providerBlock: fmt.Sprintf(`provider "stytch" {
  project_id = %q
  secret     = %q
  base_url   = %q
}
`, testProjectID, testSecret, srv.URL),
	}
}

// config prepends the provider block to a configuration.
func (e *testEnv) config(hcl string) string {
	return e.providerBlock + "\n" + hcl
}

// randomSlug returns a slug unique to this run, so tests against the real API
// never collide.
func randomSlug() string {
	return acctest.RandomWithPrefix("tf-acc")
}

func TestProvider_schemaIsValid(t *testing.T) {
	t.Parallel()
	if _, err := testAccProtoV6ProviderFactories["stytch"](); err != nil {
		t.Fatal(err)
	}
}

// TestAccProvider_configurationErrors checks that bad provider settings fail
// with an error that names the argument and its environment variable. It sets
// environment variables, so it does not run in parallel.
func TestAccProvider_configurationErrors(t *testing.T) {
	t.Setenv(EnvProjectID, "")
	t.Setenv(EnvSecret, "")
	t.Setenv(EnvBaseURL, "")
	t.Setenv(EnvMaxRetries, "")
	t.Setenv(EnvRPS, "")
	orgConfig := `
resource "stytch_b2b_organization" "test" {
  organization_name = "Acme"
  organization_slug = "acme"
}
`
	cases := map[string]struct {
		provider string
		want     *regexp.Regexp
	}{
		"missing project id": {
			provider: `provider "stytch" { secret = "s" }`,
			want:     regexp.MustCompile(`(?s)Missing Stytch Project ID.*project_id.*STYTCH_PROJECT_ID`),
		},
		"missing secret": {
			provider: `provider "stytch" { project_id = "project-test-x" }`,
			want:     regexp.MustCompile(`(?s)Missing Stytch Secret.*secret.*STYTCH_SECRET`),
		},
		"http to a remote host": {
			provider: `provider "stytch" {
  project_id = "project-test-x"
  secret     = "s"
  base_url   = "http://stytch.example.com"
}`,
			want: regexp.MustCompile(`(?s)Invalid Stytch Base URL.*clear text`),
		},
		"negative requests per second": {
			provider: `provider "stytch" {
  project_id          = "project-test-x"
  secret              = "s"
  requests_per_second = -1
}`,
			want: regexp.MustCompile(`(?s)Invalid Stytch Requests Per Second`),
		},
		"http to a private address": {
			provider: `provider "stytch" {
  project_id = "project-test-x"
  secret     = "s"
  base_url   = "http://10.0.0.8:8080"
}`,
			want: regexp.MustCompile(`(?s)Invalid Stytch Base URL.*clear text`),
		},
		"negative retries": {
			provider: `provider "stytch" {
  project_id  = "project-test-x"
  secret      = "s"
  max_retries = -1
}`,
			want: regexp.MustCompile(`(?s)Invalid Stytch Max Retries`),
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      tc.provider + "\n" + orgConfig,
					PlanOnly:    true,
					ExpectError: tc.want,
				}},
			})
		})
	}
}

// TestAccProvider_environmentFallback configures the provider from the
// environment only, and checks that the configuration wins over it.
func TestAccProvider_environmentFallback(t *testing.T) {
	emu := emulator.New(emulator.Options{ProjectID: testProjectID, Secret: testSecret})
	srv := httptest.NewServer(emu)
	defer srv.Close()
	t.Setenv(EnvProjectID, testProjectID)
	t.Setenv(EnvSecret, "wrong-secret-from-env")
	t.Setenv(EnvBaseURL, srv.URL)
	t.Setenv(EnvMaxRetries, "")
	t.Setenv(EnvRPS, "")
	slug := randomSlug()
	body := fmt.Sprintf(`
resource "stytch_b2b_organization" "test" {
  organization_name = "Env"
  organization_slug = %q
}
`, slug)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// The wrong secret from the environment is used: Stytch says 401.
				Config:      `provider "stytch" {}` + body,
				ExpectError: regexp.MustCompile(`unauthorized_credentials`),
			},
			{
				// The secret in the configuration wins over the environment.
				Config: fmt.Sprintf(`provider "stytch" { secret = %q }`, testSecret) + body,
			},
		},
	})
	if emu.Len() != 0 {
		t.Fatalf("the emulator still holds %d organizations after destroy", emu.Len())
	}
}

func TestRedactBody(t *testing.T) {
	body := `{"organization":{"organization_slug":"acme","trusted_metadata":{"ssn":"123-45-6789","tier":{"x":1}}},` +
		`"organizations":[{"trusted_metadata":{"card":"4111"}}]}`
	got := redactBody([]byte(body))
	for _, secret := range []string{"123-45-6789", "4111", `"x"`} {
		if strings.Contains(got, secret) {
			t.Errorf("redacted body %s still contains %s", got, secret)
		}
	}
	if !strings.Contains(got, `"ssn":"***"`) || !strings.Contains(got, `"organization_slug":"acme"`) {
		t.Errorf("redacted body %s lost its shape", got)
	}
	secrets := `{"client_secret":"cs-1","connection":{"encryption_private_keys":[{"private_key_id":"k","private_key":"-----BEGIN RSA"}],` +
		`"signing_private_key":"spk"},"saml_encryption_private_key":"sek","bearer_token":"bt","next_bearer_token":"nbt","untrusted_metadata":{"u":"v"}}`
	got = redactBody([]byte(secrets))
	for _, secret := range []string{"cs-1", "BEGIN RSA", "spk", "sek", `"bt"`, "nbt", `"v"`} {
		if strings.Contains(got, secret) {
			t.Errorf("redacted body %s still contains %s", got, secret)
		}
	}
	if !strings.Contains(got, `"private_key_id":"k"`) || redactBody([]byte(`{"client_secret":""}`)) != `{"client_secret":""}` {
		t.Errorf("redacted body %s hides what is not secret", got)
	}
	personal := `{"member":{"email_address":"ada@acme.com","mfa_phone_number":"+15555550100","retired_email_addresses":[{"email_address":"old@acme.com"}]},` +
		`"query":{"operands":[{"filter_name":"member_emails","filter_value":["bob@acme.com"]},{"filter_name":"statuses","filter_value":["active"]}]}}`
	got = redactBody([]byte(personal))
	for _, pii := range []string{"ada@acme.com", "+15555550100", "old@acme.com", "bob@acme.com"} {
		if strings.Contains(got, pii) {
			t.Errorf("redacted body %s still contains %s", got, pii)
		}
	}
	if !strings.Contains(got, `"active"`) {
		t.Errorf("redacted body %s hides a filter that is not personal", got)
	}
	if p := redactPath("/v1/b2b/organizations/o/member?email_address=ada%40acme.com"); p != "/v1/b2b/organizations/o/member?email_address=***" {
		t.Errorf("redactPath = %s", p)
	}
	if redactBody([]byte("<html>")) != "(6 bytes, not JSON)" || redactBody(nil) != "" {
		t.Error("non-JSON and empty bodies are not summarized")
	}
}
