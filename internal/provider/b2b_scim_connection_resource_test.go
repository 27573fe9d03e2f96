package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

const scimAddr = "stytch_b2b_scim_connection.test"

// scimTokenPattern is the form of the emulator's tokens (48 alphanumeric
// characters, like Stytch's examples).
var scimTokenPattern = regexp.MustCompile(`^[A-Za-z0-9]{48}$`)

// testAccSCIMConfig is an organization and its SCIM connection with the given
// arguments besides organization_id.
func testAccSCIMConfig(slug, arguments string) string {
	return fmt.Sprintf(`
resource "stytch_b2b_organization" "test" {
  organization_name = "SCIM"
  organization_slug = %q
}

resource "stytch_b2b_scim_connection" "test" {
  organization_id = stytch_b2b_organization.test.organization_id
%s
}
`, slug, arguments)
}

// scimAttributes returns the state attributes of scimAddr, sensitive ones
// included.
func scimAttributes(s *terraform.State) (map[string]string, error) {
	rs, ok := s.RootModule().Resources[scimAddr]
	if !ok {
		return nil, fmt.Errorf("%s is not in state", scimAddr)
	}
	return rs.Primary.Attributes, nil
}

// checkSCIM runs assertions on the connection of scimAddr as Stytch holds it
// and on its state attributes.
func (e *testEnv) checkSCIM(check func(conn *stytch.SCIMConnection, attrs map[string]string) error) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		attrs, err := scimAttributes(s)
		if err != nil {
			return err
		}
		conn, err := e.client.GetSCIMConnection(context.Background(), attrs["organization_id"])
		if err != nil {
			return err
		}
		if conn.ConnectionID != attrs["connection_id"] {
			return fmt.Errorf("Stytch's connection is %s, state's %s", conn.ConnectionID, attrs["connection_id"])
		}
		return check(conn, attrs)
	}
}

// checkSCIMDestroyed verifies that every organization of the test is gone,
// and that no SCIM connection of the test outlives its resource.
func (e *testEnv) checkSCIMDestroyed(s *terraform.State) error {
	if err := e.checkDestroyed(s); err != nil {
		return err
	}
	for _, rs := range s.RootModule().Resources {
		if rs.Type != scimTypeName {
			continue
		}
		conn, err := e.client.GetSCIMConnection(context.Background(), rs.Primary.Attributes["organization_id"])
		if stytch.IsNotFound(err) {
			continue
		}
		if err != nil {
			return err
		}
		if conn.ConnectionID == rs.Primary.ID {
			return fmt.Errorf("SCIM connection %s still exists after destroy", rs.Primary.ID)
		}
	}
	return nil
}

// scimProtocolURL is where the SCIM protocol API of a connection is served:
// base_url against Stytch, and base_url's path on the emulator, whose
// base_url names Stytch's host as Stytch's does.
func (e *testEnv) scimProtocolURL(baseURL string) (string, error) {
	u, err := url.Parse(baseURL)
	if err != nil {
		return "", err
	}
	if e.emulator == nil {
		u.RawQuery = ""
		return u.String(), nil
	}
	return strings.TrimRight(e.client.BaseURL(), "/") + u.Path, nil
}

// scimRequest sends one request to the SCIM protocol API as the customer's
// IdP does, with token as the bearer token, and returns the status and body.
func (e *testEnv) scimRequest(method, baseURL, token, resourcePath string, body any) (int, []byte, error) {
	endpoint, err := e.scimProtocolURL(baseURL)
	if err != nil {
		return 0, nil, err
	}
	var reader io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		reader = bytes.NewReader(data)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, endpoint+resourcePath, reader)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		req.Header.Set("Content-Type", "application/scim+json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	return resp.StatusCode, data, err
}

// scimTokenStatus is the status the SCIM protocol API answers
// GET /ServiceProviderConfig with token: 200 for a token that works, 401 for
// one that does not.
func (e *testEnv) scimTokenStatus(baseURL, token string) (int, error) {
	status, _, err := e.scimRequest(http.MethodGet, baseURL, token, "/ServiceProviderConfig", nil)
	return status, err
}

// expectTokenStatus fails unless every token gets its status.
func (e *testEnv) expectTokenStatus(baseURL string, want map[string]int) error {
	for token, status := range want {
		got, err := e.scimTokenStatus(baseURL, token)
		if err != nil {
			return err
		}
		if got != status {
			return fmt.Errorf("the SCIM API answers %d to the token ending in %q, want %d", got, tokenLastFour(token), status)
		}
	}
	return nil
}

// pushSCIMGroup creates a group through the SCIM protocol API, as the
// customer's IdP does, and returns its id.
func (e *testEnv) pushSCIMGroup(baseURL, token, name string) (string, error) {
	status, body, err := e.scimRequest(http.MethodPost, baseURL, token, "/Groups", map[string]any{
		"schemas":     []string{"urn:ietf:params:scim:schemas:core:2.0:Group"},
		"displayName": name,
	})
	if err != nil {
		return "", err
	}
	if status != http.StatusCreated {
		return "", fmt.Errorf("pushing SCIM group %q: HTTP %d: %s", name, status, body)
	}
	var group struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(body, &group); err != nil || group.ID == "" {
		return "", fmt.Errorf("pushing SCIM group %q: no id in %s", name, body)
	}
	return group.ID, nil
}

// rememberSCIM records attributes of scimAddr for later steps.
func rememberSCIM(into map[string]*string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		attrs, err := scimAttributes(s)
		if err != nil {
			return err
		}
		for name, dst := range into {
			*dst = attrs[name]
		}
		return nil
	}
}

// Create with the defaults, then display_name and identity_provider changed
// in place: the token stays, base_url follows identity_provider (Entra's
// suffix), and the defaults come back when the arguments are removed.
func TestAccB2BSCIMConnection_basic(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	sameID := statecheck.CompareValue(compare.ValuesSame())
	sameToken := statecheck.CompareValue(compare.ValuesSame())
	baseURL := statecheck.CompareValue(compare.ValuesDiffer())
	var token, firstBaseURL string
	stytchHolds := func(displayName, idp string) resource.TestCheckFunc {
		return env.checkSCIM(func(c *stytch.SCIMConnection, attrs map[string]string) error {
			if c.DisplayName != displayName || c.IdentityProvider != idp || c.BaseURL != attrs["base_url"] || c.Status != "active" {
				return fmt.Errorf("Stytch holds display name %q, identity provider %q, base URL %q, status %q; want %q, %q, %q, active",
					c.DisplayName, c.IdentityProvider, c.BaseURL, c.Status, displayName, idp, attrs["base_url"])
			}
			if attrs["bearer_token"] != token || c.BearerTokenLastFour != tokenLastFour(token) {
				return fmt.Errorf("the token changed: Stytch's ends in %q, state's in %q", c.BearerTokenLastFour, tokenLastFour(attrs["bearer_token"]))
			}
			return env.expectTokenStatus(attrs["base_url"], map[string]int{token: http.StatusOK, "wrong-" + token[6:]: http.StatusUnauthorized})
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkSCIMDestroyed,
		Steps: []resource.TestStep{
			{
				Config: env.config(testAccSCIMConfig(slug, "")),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(scimAddr, tfjsonpath.New("id")),
					sameToken.AddStateValue(scimAddr, tfjsonpath.New("bearer_token")),
					baseURL.AddStateValue(scimAddr, tfjsonpath.New("base_url")),
					statecheck.CompareValuePairs(scimAddr, tfjsonpath.New("id"), scimAddr, tfjsonpath.New("connection_id"), compare.ValuesSame()),
					statecheck.CompareValuePairs(scimAddr, tfjsonpath.New("organization_id"), orgAddr, tfjsonpath.New("organization_id"), compare.ValuesSame()),
					statecheck.ExpectKnownValue(scimAddr, tfjsonpath.New("connection_id"), knownvalue.StringRegexp(regexp.MustCompile(`^scim-connection-`))),
					statecheck.ExpectKnownValue(scimAddr, tfjsonpath.New("status"), knownvalue.StringExact("active")),
					statecheck.ExpectKnownValue(scimAddr, tfjsonpath.New("display_name"), knownvalue.StringExact("")),
					statecheck.ExpectKnownValue(scimAddr, tfjsonpath.New("identity_provider"), knownvalue.StringExact("generic")),
					statecheck.ExpectKnownValue(scimAddr, tfjsonpath.New("base_url"), knownvalue.StringRegexp(regexp.MustCompile(`^https://.+/v1/b2b/scim/scim-connection-[^?]+$`))),
					statecheck.ExpectKnownValue(scimAddr, tfjsonpath.New("bearer_token"), knownvalue.StringRegexp(scimTokenPattern)),
					statecheck.ExpectKnownValue(scimAddr, tfjsonpath.New("bearer_token_expires_at"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT`))),
					statecheck.ExpectKnownValue(scimAddr, tfjsonpath.New("rotation_trigger"), knownvalue.Null()),
					statecheck.ExpectKnownValue(scimAddr, tfjsonpath.New("scim_group_implicit_role_assignments"), knownvalue.SetSizeExact(0)),
					statecheck.ExpectSensitiveValue(scimAddr, tfjsonpath.New("bearer_token")),
				},
				Check: resource.ComposeTestCheckFunc(
					rememberSCIM(map[string]*string{"bearer_token": &token, "base_url": &firstBaseURL}),
					env.checkSCIM(func(c *stytch.SCIMConnection, attrs map[string]string) error {
						if attrs["bearer_token_last_four"] != c.BearerTokenLastFour || attrs["bearer_token_expires_at"] != c.BearerTokenExpiresAt {
							return fmt.Errorf("state has last four %q, expiry %q; Stytch %q, %q", attrs["bearer_token_last_four"],
								attrs["bearer_token_expires_at"], c.BearerTokenLastFour, c.BearerTokenExpiresAt)
						}
						return nil
					}),
					stytchHolds("", "generic"),
				),
			},
			// Both arguments change in place with one update; only base_url
			// is unknown besides them, since Stytch builds it from
			// identity_provider.
			{
				Config: env.config(testAccSCIMConfig(slug, `  display_name      = "Okta SCIM"
  identity_provider = "okta"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(scimAddr, plancheck.ResourceActionUpdate),
					expectOnlyAttributesChanged(scimAddr, "display_name", "identity_provider", "base_url"),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(scimAddr, tfjsonpath.New("id")),
					sameToken.AddStateValue(scimAddr, tfjsonpath.New("bearer_token")),
					statecheck.ExpectKnownValue(scimAddr, tfjsonpath.New("identity_provider"), knownvalue.StringExact("okta")),
				},
				Check: stytchHolds("Okta SCIM", "okta"),
			},
			// Entra's base_url has Stytch's suffix.
			{
				Config: env.config(testAccSCIMConfig(slug, `  display_name      = "Entra SCIM"
  identity_provider = "microsoft-entra"`)),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(scimAddr, tfjsonpath.New("id")),
					sameToken.AddStateValue(scimAddr, tfjsonpath.New("bearer_token")),
					baseURL.AddStateValue(scimAddr, tfjsonpath.New("base_url")),
					statecheck.ExpectKnownValue(scimAddr, tfjsonpath.New("base_url"), knownvalue.StringRegexp(regexp.MustCompile(`/v1/b2b/scim/scim-connection-[^?]+\?aadOptscim062020$`))),
				},
				Check: stytchHolds("Entra SCIM", "microsoft-entra"),
			},
			// Removing both arguments sets Stytch's defaults back.
			{
				Config: env.config(testAccSCIMConfig(slug, "")),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(scimAddr, tfjsonpath.New("id")),
					sameToken.AddStateValue(scimAddr, tfjsonpath.New("bearer_token")),
					baseURL.AddStateValue(scimAddr, tfjsonpath.New("base_url")),
					statecheck.ExpectKnownValue(scimAddr, tfjsonpath.New("display_name"), knownvalue.StringExact("")),
					statecheck.ExpectKnownValue(scimAddr, tfjsonpath.New("identity_provider"), knownvalue.StringExact("generic")),
				},
				Check: resource.ComposeTestCheckFunc(
					stytchHolds("", "generic"),
					func(s *terraform.State) error {
						if got := s.RootModule().Resources[scimAddr].Primary.Attributes["base_url"]; got != firstBaseURL {
							return fmt.Errorf("base_url is %q, want the first one %q", got, firstBaseURL)
						}
						return nil
					},
				),
			},
			// Destroying the connection alone deletes it in Stytch; its token
			// stops working.
			{
				Config: env.config(fmt.Sprintf(`
resource "stytch_b2b_organization" "test" {
  organization_name = "SCIM"
  organization_slug = %q
}
`, slug)),
				Check: func(s *terraform.State) error {
					_, err := env.client.GetSCIMConnection(context.Background(), s.RootModule().Resources[orgAddr].Primary.ID)
					switch {
					case err == nil:
						return fmt.Errorf("after destroying the connection, Stytch still has it")
					case !stytch.IsErrorType(err, stytch.ErrorTypeNoActiveSCIMConnection):
						return fmt.Errorf("after destroying the connection, Stytch answers %w, want no_active_scim_connection", err)
					}
					return env.expectTokenStatus(firstBaseURL, map[string]int{token: http.StatusUnauthorized})
				},
			},
		},
	})
}

// rotation_trigger rotates the token in place when it changes: the old token
// is refused by Stytch's SCIM API afterwards, the new one works and is in
// state. At creation the value is only recorded; removing it does not
// rotate; setting it again where it was removed rotates.
func TestAccB2BSCIMConnection_rotation(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	withTrigger := func(trigger string) string {
		if trigger == "" {
			return env.config(testAccSCIMConfig(slug, ""))
		}
		return env.config(testAccSCIMConfig(slug, fmt.Sprintf("  rotation_trigger = %q", trigger)))
	}
	sameID := statecheck.CompareValue(compare.ValuesSame())
	var tokens []string
	var baseURL string
	// rotated checks that a rotation replaced the previous token: Stytch
	// refuses every earlier token and accepts the one in state, whose last
	// four it shows.
	rotated := func(s *terraform.State) error {
		attrs, err := scimAttributes(s)
		if err != nil {
			return err
		}
		token := attrs["bearer_token"]
		if slices.Contains(tokens, token) {
			return fmt.Errorf("bearer_token is a token the connection had before: no rotation")
		}
		if !scimTokenPattern.MatchString(token) || attrs["bearer_token_last_four"] != tokenLastFour(token) {
			return fmt.Errorf("state holds a token of %d characters ending in %q, last four %q", len(token), tokenLastFour(token), attrs["bearer_token_last_four"])
		}
		want := map[string]int{token: http.StatusOK}
		for _, old := range tokens {
			want[old] = http.StatusUnauthorized
		}
		if err := env.expectTokenStatus(attrs["base_url"], want); err != nil {
			return err
		}
		tokens = append(tokens, token)
		return nil
	}
	unchanged := func(s *terraform.State) error {
		attrs, err := scimAttributes(s)
		if err != nil {
			return err
		}
		if attrs["bearer_token"] != tokens[len(tokens)-1] {
			return fmt.Errorf("the token changed without a rotation_trigger change")
		}
		return env.expectTokenStatus(attrs["base_url"], map[string]int{tokens[len(tokens)-1]: http.StatusOK})
	}
	stytchShowsStateToken := env.checkSCIM(func(c *stytch.SCIMConnection, attrs map[string]string) error {
		if c.BearerTokenLastFour != tokenLastFour(attrs["bearer_token"]) || c.NextBearerTokenLastFour != "" ||
			c.BearerTokenExpiresAt != attrs["bearer_token_expires_at"] {
			return fmt.Errorf("Stytch's token ends in %q (next %q, expiry %q); state's in %q (expiry %q)", c.BearerTokenLastFour,
				c.NextBearerTokenLastFour, c.BearerTokenExpiresAt, tokenLastFour(attrs["bearer_token"]), attrs["bearer_token_expires_at"])
		}
		return nil
	})
	onlyToken := []plancheck.PlanCheck{
		plancheck.ExpectResourceAction(scimAddr, plancheck.ResourceActionUpdate),
		expectOnlyAttributesChanged(scimAddr, "rotation_trigger", "bearer_token", "bearer_token_last_four", "bearer_token_expires_at"),
		plancheck.ExpectUnknownValue(scimAddr, tfjsonpath.New("bearer_token")),
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkSCIMDestroyed,
		Steps: []resource.TestStep{
			// At creation the trigger is recorded; the token is the create's.
			{
				Config: withTrigger("2026-01"),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(scimAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(scimAddr, tfjsonpath.New("rotation_trigger"), knownvalue.StringExact("2026-01")),
				},
				Check: resource.ComposeTestCheckFunc(rememberSCIM(map[string]*string{"base_url": &baseURL}), rotated, stytchShowsStateToken),
			},
			// A new value rotates: only the token and its details change.
			{
				Config:           withTrigger("2026-07"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: onlyToken},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(scimAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(scimAddr, tfjsonpath.New("rotation_trigger"), knownvalue.StringExact("2026-07")),
				},
				Check: resource.ComposeTestCheckFunc(rotated, stytchShowsStateToken),
			},
			// Removing the trigger only records that; the token stays.
			{
				Config: withTrigger(""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(scimAddr, plancheck.ResourceActionUpdate),
					expectOnlyAttributesChanged(scimAddr, "rotation_trigger"),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(scimAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(scimAddr, tfjsonpath.New("rotation_trigger"), knownvalue.Null()),
				},
				Check: resource.ComposeTestCheckFunc(unchanged, stytchShowsStateToken),
			},
			// Setting it where it was not set rotates, even to an earlier value.
			{
				Config:           withTrigger("2026-07"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: onlyToken},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(scimAddr, tfjsonpath.New("id")),
				},
				Check: resource.ComposeTestCheckFunc(rotated, stytchShowsStateToken),
			},
			// Another argument with the same trigger: no rotation.
			{
				Config: env.config(testAccSCIMConfig(slug, "  rotation_trigger = \"2026-07\"\n  display_name = \"Renamed\"")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					expectOnlyAttributesChanged(scimAddr, "display_name"),
				}},
				Check: resource.ComposeTestCheckFunc(unchanged, stytchShowsStateToken),
			},
			// A rotation and an update in one apply.
			{
				Config:            env.config(testAccSCIMConfig(slug, "  rotation_trigger = \"2027-01\"\n  identity_provider = \"okta\"")),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(scimAddr, tfjsonpath.New("id"))},
				Check: resource.ComposeTestCheckFunc(rotated, stytchShowsStateToken, env.checkSCIM(func(c *stytch.SCIMConnection, _ map[string]string) error {
					if c.IdentityProvider != "okta" || c.DisplayName != "" {
						return fmt.Errorf("Stytch holds identity provider %q and display name %q", c.IdentityProvider, c.DisplayName)
					}
					return nil
				})),
			},
		},
	})
}

// A token rotated outside Terraform: the refresh sets bearer_token to null
// (the token in state no longer works) and keeps everything else, with no
// change to plan; a new rotation_trigger brings a working token back.
func TestAccB2BSCIMConnection_rotatedOutsideTerraform(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	var stateToken, outsideToken string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkSCIMDestroyed,
		Steps: []resource.TestStep{
			{
				Config: env.config(testAccSCIMConfig(slug, `  rotation_trigger = "a"`)),
				Check: resource.ComposeTestCheckFunc(
					rememberSCIM(map[string]*string{"bearer_token": &stateToken}),
					func(s *terraform.State) error {
						attrs, err := scimAttributes(s)
						if err != nil {
							return err
						}
						ctx := context.Background()
						started, err := env.client.StartSCIMTokenRotation(ctx, attrs["organization_id"], attrs["connection_id"])
						if err != nil {
							return err
						}
						outsideToken = started.NextBearerToken
						_, err = env.client.CompleteSCIMTokenRotation(ctx, attrs["organization_id"], attrs["connection_id"])
						return err
					},
				),
			},
			{
				Config:           env.config(testAccSCIMConfig(slug, `  rotation_trigger = "a"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(scimAddr, tfjsonpath.New("bearer_token"), knownvalue.Null()),
					statecheck.ExpectKnownValue(scimAddr, tfjsonpath.New("rotation_trigger"), knownvalue.StringExact("a")),
				},
				Check: env.checkSCIM(func(c *stytch.SCIMConnection, attrs map[string]string) error {
					if attrs["bearer_token_last_four"] != tokenLastFour(outsideToken) || c.BearerTokenLastFour != tokenLastFour(outsideToken) {
						return fmt.Errorf("state shows last four %q, Stytch %q; want the outside token's %q",
							attrs["bearer_token_last_four"], c.BearerTokenLastFour, tokenLastFour(outsideToken))
					}
					return env.expectTokenStatus(attrs["base_url"], map[string]int{stateToken: http.StatusUnauthorized, outsideToken: http.StatusOK})
				}),
			},
			{
				Config: env.config(testAccSCIMConfig(slug, `  rotation_trigger = "b"`)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(scimAddr, tfjsonpath.New("bearer_token"), knownvalue.StringRegexp(scimTokenPattern)),
				},
				Check: env.checkSCIM(func(c *stytch.SCIMConnection, attrs map[string]string) error {
					if c.BearerTokenLastFour != tokenLastFour(attrs["bearer_token"]) {
						return fmt.Errorf("Stytch's token ends in %q, state's in %q", c.BearerTokenLastFour, tokenLastFour(attrs["bearer_token"]))
					}
					return env.expectTokenStatus(attrs["base_url"], map[string]int{attrs["bearer_token"]: http.StatusOK, outsideToken: http.StatusUnauthorized})
				}),
			},
		},
	})
}

// A connection deleted outside Terraform leaves state, and apply creates a
// new one with a new token.
func TestAccB2BSCIMConnection_disappears(t *testing.T) {
	env := newTestEnv(t)
	cfg := env.config(testAccSCIMConfig(randomSlug(), ""))
	newID := statecheck.CompareValue(compare.ValuesDiffer())
	var oldToken string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkSCIMDestroyed,
		Steps: []resource.TestStep{
			{
				Config:            cfg,
				ConfigStateChecks: []statecheck.StateCheck{newID.AddStateValue(scimAddr, tfjsonpath.New("id"))},
				Check: resource.ComposeTestCheckFunc(
					rememberSCIM(map[string]*string{"bearer_token": &oldToken}),
					func(s *terraform.State) error {
						rs := s.RootModule().Resources[scimAddr].Primary
						return env.client.DeleteSCIMConnection(context.Background(), rs.Attributes["organization_id"], rs.ID)
					},
				),
				ExpectNonEmptyPlan: true,
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(scimAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction(orgAddr, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{newID.AddStateValue(scimAddr, tfjsonpath.New("id"))},
				Check: env.checkSCIM(func(c *stytch.SCIMConnection, attrs map[string]string) error {
					if attrs["bearer_token"] == oldToken {
						return fmt.Errorf("the new connection has the old token")
					}
					return env.expectTokenStatus(attrs["base_url"], map[string]int{attrs["bearer_token"]: http.StatusOK})
				}),
			},
		},
	})
}

// An organization deleted outside Terraform takes its SCIM connection along:
// both leave state, and apply creates both again.
func TestAccB2BSCIMConnection_organizationDeletedOutside(t *testing.T) {
	env := newTestEnv(t)
	cfg := env.config(testAccSCIMConfig(randomSlug(), `  display_name = "Gone"`))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkSCIMDestroyed,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(s *terraform.State) error {
					return env.client.DeleteOrganization(context.Background(), s.RootModule().Resources[orgAddr].Primary.ID)
				},
				ExpectNonEmptyPlan: true,
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(orgAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction(scimAddr, plancheck.ResourceActionCreate),
				}},
				Check: env.checkSCIM(func(c *stytch.SCIMConnection, _ map[string]string) error {
					if c.DisplayName != "Gone" {
						return fmt.Errorf("Stytch holds display name %q", c.DisplayName)
					}
					return nil
				}),
			},
		},
	})
}

// scimImportID is the organization id of scimAddr's connection, its import id.
func scimImportID(s *terraform.State) (string, error) {
	attrs, err := scimAttributes(s)
	if err != nil {
		return "", err
	}
	return attrs["organization_id"], nil
}

// tokenNotImported checks that an imported connection has no token: Stytch
// never answers it after creation.
func tokenNotImported(states []*terraform.InstanceState) error {
	for _, st := range states {
		if st.Attributes["bearer_token"] != "" {
			return fmt.Errorf("the imported connection has a bearer_token")
		}
		if !strings.HasPrefix(st.Attributes["organization_id"], "organization-") || !strings.HasPrefix(st.ID, "scim-connection-") {
			return fmt.Errorf("the import recorded organization_id %q and id %q, want the ids", st.Attributes["organization_id"], st.ID)
		}
	}
	return nil
}

// Import by the organization's id and by its slug gives the same state but
// the token, which is null; an import block by slug plans no change; setting
// rotation_trigger after an import puts a working token into state.
func TestAccB2BSCIMConnection_import(t *testing.T) {
	env := newTestEnv(t)
	slug, emptySlug := randomSlug(), randomSlug()
	cfg := env.config(testAccSCIMConfig(slug, `  display_name      = "Imported"
  identity_provider = "onelogin"`) + fmt.Sprintf(`
resource "stytch_b2b_organization" "empty" {
  organization_name = "No SCIM"
  organization_slug = %q
}
`, emptySlug))
	withTrigger := env.config(testAccSCIMConfig(slug, `  display_name      = "Imported"
  identity_provider = "onelogin"
  rotation_trigger  = "after-import"`) + fmt.Sprintf(`
resource "stytch_b2b_organization" "empty" {
  organization_name = "No SCIM"
  organization_slug = %q
}
`, emptySlug))
	var createdToken string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkSCIMDestroyed,
		Steps: []resource.TestStep{
			{Config: cfg, Check: rememberSCIM(map[string]*string{"bearer_token": &createdToken})},
			{
				ResourceName:            scimAddr,
				ImportState:             true,
				ImportStateIdFunc:       scimImportID,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"bearer_token"},
				ImportStateCheck:        tokenNotImported,
			},
			{
				ResourceName:            scimAddr,
				ImportState:             true,
				ImportStateId:           slug,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"bearer_token"},
				ImportStateCheck:        tokenNotImported,
			},
			// An import block by slug plans nothing to change.
			{
				Config:          cfg,
				ResourceName:    scimAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:   slug,
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(scimAddr, plancheck.ResourceActionNoop),
					plancheck.ExpectKnownValue(scimAddr, tfjsonpath.New("bearer_token"), knownvalue.Null()),
				}},
			},
			// Import ids that are not an organization, or name one without a connection.
			{
				ResourceName:  scimAddr,
				ImportState:   true,
				ImportStateId: slug + "/scim-connection-test-0000",
				ExpectError:   regexp.MustCompile(`(?s)Invalid Import ID.*` + phrase("imported by its organization alone")),
			},
			{
				ResourceName:  scimAddr,
				ImportState:   true,
				ImportStateId: emptySlug,
				ExpectError:   regexp.MustCompile(`(?s)Unable to Import SCIM Connection.*` + phrase("has no SCIM connection")),
			},
			{
				ResourceName:  scimAddr,
				ImportState:   true,
				ImportStateId: "no-such-organization-" + slug,
				ExpectError:   regexp.MustCompile(`(?s)Unable to Import SCIM Connection.*` + phrase("does not exist")),
			},
			// Terraform forgets the connection, and an import block takes it
			// back: no token, no trigger, nothing to change.
			{
				Config: env.config(fmt.Sprintf(`
resource "stytch_b2b_organization" "test" {
  organization_name = "SCIM"
  organization_slug = %q
}

resource "stytch_b2b_organization" "empty" {
  organization_name = "No SCIM"
  organization_slug = %q
}

%s`, slug, emptySlug, removedBlock(t, "stytch_b2b_scim_connection.test"))),
			},
			{
				Config: cfg + fmt.Sprintf(`
import {
  to = stytch_b2b_scim_connection.test
  id = %q
}
`, slug),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(scimAddr, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(scimAddr, tfjsonpath.New("bearer_token"), knownvalue.Null()),
					statecheck.ExpectKnownValue(scimAddr, tfjsonpath.New("rotation_trigger"), knownvalue.Null()),
					statecheck.ExpectKnownValue(scimAddr, tfjsonpath.New("bearer_token_last_four"), knownvalue.StringRegexp(regexp.MustCompile(`^[A-Za-z0-9]{4}$`))),
				},
			},
			// Setting rotation_trigger rotates: a working token in state.
			{
				Config: withTrigger,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					expectOnlyAttributesChanged(scimAddr, "rotation_trigger", "bearer_token", "bearer_token_last_four", "bearer_token_expires_at"),
				}},
				Check: env.checkSCIM(func(c *stytch.SCIMConnection, attrs map[string]string) error {
					token := attrs["bearer_token"]
					if !scimTokenPattern.MatchString(token) || c.BearerTokenLastFour != tokenLastFour(token) {
						return fmt.Errorf("after the rotation state holds a token ending in %q, Stytch's ends in %q", tokenLastFour(token), c.BearerTokenLastFour)
					}
					return env.expectTokenStatus(attrs["base_url"], map[string]int{token: http.StatusOK, createdToken: http.StatusUnauthorized})
				}),
			},
		},
	})
}

// An import block with -generate-config-out: the generated configuration
// plans no change.
func TestAccB2BSCIMConnection_generatedConfig(t *testing.T) {
	env := newMemberTestEnv(t, nil)
	slug := randomSlug()
	var token, groupID string
	base := testAccSCIMConfig(slug, `  display_name      = "Generated"
  identity_provider = "jumpcloud"`)
	cfg := env.config(base)
	withAssignment := env.config(`
variable "group_id" {
  type = string
}
` + strings.Replace(base, `identity_provider = "jumpcloud"`, `identity_provider = "jumpcloud"
  scim_group_implicit_role_assignments = [{ group_id = var.group_id, role_id = "auditor" }]`, 1))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkSCIMDestroyed,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: resource.ComposeTestCheckFunc(rememberSCIM(map[string]*string{"bearer_token": &token}), func(s *terraform.State) error {
					attrs, err := scimAttributes(s)
					if err != nil {
						return err
					}
					groupID, err = env.pushSCIMGroup(attrs["base_url"], token, "Generated Admins")
					return err
				}),
			},
			{
				Config:          withAssignment,
				ConfigVariables: config.Variables{"group_id": lazyString{&groupID}},
			},
			{
				ResourceName:    scimAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:   slug,
				GenerateConfig:  true,
				Config:          withAssignment,
				ConfigVariables: config.Variables{"group_id": lazyString{&groupID}},
			},
		},
	})
}

// A second SCIM connection for an organization fails with the commands that
// import the existing one; so does the create after the connection in state
// was replaced outside Terraform, which the refresh drops from state.
func TestAccB2BSCIMConnection_secondConnection(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	cfg := env.config(testAccSCIMConfig(slug, ""))
	two := env.config(testAccSCIMConfig(slug, "") + `
resource "stytch_b2b_scim_connection" "second" {
  organization_id = stytch_b2b_organization.test.organization_id
}
`)
	importInstructions := regexp.MustCompile(`(?s)Unable to Create SCIM Connection.*` + phrase("already has a SCIM connection") +
		`.*terraform import stytch_b2b_scim_connection.NAME organization-test-.*import \{.*to = stytch_b2b_scim_connection.NAME.*` +
		`id = "organization-test-.*rotation_trigger.*active_scim_connection_exists`)
	var outsideID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkSCIMDestroyed,
		Steps: []resource.TestStep{
			{Config: cfg},
			{Config: two, ExpectError: importInstructions},
			// The connection in state is deleted and another one created
			// outside Terraform: the refresh drops the first, and creating it
			// again fails the same way.
			{
				Config: cfg,
				PreConfig: func() {
					ctx := context.Background()
					org, err := env.client.GetOrganization(ctx, slug)
					if err != nil {
						t.Fatal(err)
					}
					conn, err := env.client.GetSCIMConnection(ctx, org.OrganizationID)
					if err != nil {
						t.Fatal(err)
					}
					if err := env.client.DeleteSCIMConnection(ctx, org.OrganizationID, conn.ConnectionID); err != nil {
						t.Fatal(err)
					}
					created, err := env.client.CreateSCIMConnection(ctx, org.OrganizationID, stytch.CreateSCIMConnectionRequest{DisplayName: "Outside"})
					if err != nil {
						t.Fatal(err)
					}
					outsideID = created.ConnectionID
				},
				ExpectError: importInstructions,
			},
			// The import block of the instructions adopts it.
			{
				Config: env.config(testAccSCIMConfig(slug, `  display_name = "Outside"`)) + fmt.Sprintf(`
import {
  to = stytch_b2b_scim_connection.test
  id = %q
}
`, slug),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(scimAddr, plancheck.ResourceActionNoop),
				}},
				Check: func(s *terraform.State) error {
					if id := s.RootModule().Resources[scimAddr].Primary.ID; id != outsideID {
						return fmt.Errorf("state holds connection %s, want the one created outside, %s", id, outsideID)
					}
					return nil
				},
			},
		},
	})
}

// organization_id written as the slug: the connection is created with a
// warning, and the next plan refuses the replacement that comparing the slug
// with the recorded id would cause.
func TestAccB2BSCIMConnection_organizationBySlug(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	cfg := func(ref string) string {
		return env.config(strings.Replace(testAccSCIMConfig(slug, ""), "stytch_b2b_organization.test.organization_id",
			"stytch_b2b_organization.test."+ref, 1))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkSCIMDestroyed,
		Steps: []resource.TestStep{
			{
				Config:      cfg("organization_slug"),
				ExpectError: wrappedError(`Organization Given By Slug.*the connection's own organization.*Write the organization's id instead`),
			},
			{
				Config: cfg("organization_id"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(scimAddr, plancheck.ResourceActionNoop),
				}},
			},
		},
	})
}

// Group role assignments: groups pushed through the SCIM protocol API with
// the token from state can be assigned roles, changed and removed; a group
// or role Stytch does not have fails at apply with what to do, and the data
// source lists the groups with their names.
func TestAccB2BSCIMConnection_groupRoleAssignments(t *testing.T) {
	env := newMemberTestEnv(t, nil)
	slug := randomSlug()
	var token, baseURL, engineering, support string
	withAssignments := func(assignments string) string {
		return env.config(`
variable "engineering" {
  type = string
}

variable "support" {
  type = string
}
` + testAccSCIMConfig(slug, "  scim_group_implicit_role_assignments = ["+assignments+"]") + `
data "stytch_b2b_scim_connection" "test" {
  organization_id = stytch_b2b_organization.test.organization_slug
  depends_on      = [stytch_b2b_scim_connection.test]
}
`)
	}
	vars := config.Variables{"engineering": lazyString{&engineering}, "support": lazyString{&support}}
	assignmentsAre := func(want ...string) resource.TestCheckFunc {
		return env.checkSCIM(func(c *stytch.SCIMConnection, _ map[string]string) error {
			var got []string
			for _, a := range c.SCIMGroupImplicitRoleAssignments {
				got = append(got, a.GroupID+"="+a.RoleID)
			}
			var wanted []string
			for _, w := range want {
				wanted = append(wanted, strings.NewReplacer("ENG", engineering, "SUP", support).Replace(w))
			}
			slices.Sort(got)
			slices.Sort(wanted)
			if !slices.Equal(got, wanted) {
				return fmt.Errorf("Stytch holds assignments %q, want %q", got, wanted)
			}
			return nil
		})
	}
	const dsAddr = "data.stytch_b2b_scim_connection.test"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkSCIMDestroyed,
		Steps: []resource.TestStep{
			{
				Config:            env.config(testAccSCIMConfig(slug, "")),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(scimAddr, tfjsonpath.New("scim_group_implicit_role_assignments"), knownvalue.SetSizeExact(0))},
				Check:             rememberSCIM(map[string]*string{"bearer_token": &token, "base_url": &baseURL}),
			},
			// The IdP pushes two groups; one gets a role.
			{
				PreConfig: func() {
					var err error
					if engineering, err = env.pushSCIMGroup(baseURL, token, "Engineering"); err != nil {
						t.Fatal(err)
					}
					if support, err = env.pushSCIMGroup(baseURL, token, "Support"); err != nil {
						t.Fatal(err)
					}
				},
				Config:          withAssignments(`{ group_id = var.engineering, role_id = "stytch_admin" }`),
				ConfigVariables: vars,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(scimAddr, plancheck.ResourceActionUpdate),
					expectOnlyAttributesChanged(scimAddr, "scim_group_implicit_role_assignments"),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(scimAddr, tfjsonpath.New("scim_group_implicit_role_assignments"), knownvalue.SetSizeExact(1)),
					statecheck.ExpectKnownValue(dsAddr, tfjsonpath.New("groups"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"group_id": knownvalue.StringRegexp(regexp.MustCompile(`^scim-group-`)), "group_name": knownvalue.StringExact("Engineering"),
						}),
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"group_id": knownvalue.StringRegexp(regexp.MustCompile(`^scim-group-`)), "group_name": knownvalue.StringExact("Support"),
						}),
					})),
					statecheck.ExpectKnownValue(dsAddr, tfjsonpath.New("scim_group_implicit_role_assignments"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"group_id": knownvalue.StringRegexp(regexp.MustCompile(`^scim-group-`)), "group_name": knownvalue.StringExact("Engineering"),
							"role_id": knownvalue.StringExact("stytch_admin"),
						}),
					})),
					statecheck.CompareValuePairs(dsAddr, tfjsonpath.New("groups").AtSliceIndex(0).AtMapKey("group_id"),
						scimAddr, tfjsonpath.New("scim_group_implicit_role_assignments").AtSliceIndex(0).AtMapKey("group_id"), compare.ValuesSame()),
				},
				Check: assignmentsAre("ENG=stytch_admin"),
			},
			// Two roles for one group and one for the other.
			{
				Config: withAssignments(`
    { group_id = var.engineering, role_id = "stytch_admin" },
    { group_id = var.engineering, role_id = "auditor" },
    { group_id = var.support, role_id = "support-agent" },
  `),
				ConfigVariables: vars,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(scimAddr, tfjsonpath.New("scim_group_implicit_role_assignments"), knownvalue.SetSizeExact(3)),
					statecheck.ExpectKnownValue(dsAddr, tfjsonpath.New("scim_group_implicit_role_assignments"), knownvalue.SetSizeExact(3)),
				},
				Check: assignmentsAre("ENG=stytch_admin", "ENG=auditor", "SUP=support-agent"),
			},
			// A group the IdP never pushed, and a role nobody defined.
			{
				Config:          withAssignments(`{ group_id = "scim-group-test-00000000-0000-4000-8000-000000000000", role_id = "auditor" }`),
				ConfigVariables: vars,
				ExpectError: regexp.MustCompile(`(?s)Unable to Update SCIM Connection.*` + phrase("must push the group first") +
					`.*scim_group_role_assignment_group_does_not_exist`),
			},
			{
				Config:          withAssignments(`{ group_id = var.support, role_id = "no-such-role" }`),
				ConfigVariables: vars,
				ExpectError: regexp.MustCompile(`(?s)Unable to Update SCIM Connection.*` + phrase("does not exist: define it") +
					`.*invalid_rbac_role_id`),
			},
			// The refused updates changed nothing.
			{
				Config: withAssignments(`
    { group_id = var.engineering, role_id = "stytch_admin" },
    { group_id = var.engineering, role_id = "auditor" },
    { group_id = var.support, role_id = "support-agent" },
  `),
				ConfigVariables:  vars,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            assignmentsAre("ENG=stytch_admin", "ENG=auditor", "SUP=support-agent"),
			},
			// Removing the argument removes every assignment.
			{
				Config: env.config(testAccSCIMConfig(slug, "")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(scimAddr, tfjsonpath.New("scim_group_implicit_role_assignments"), knownvalue.SetSizeExact(0)),
				},
				Check: assignmentsAre(),
			},
		},
	})
}

// Bad input fails at plan time with a message that names the problem, and
// leaves the existing connection, its token and its state as they were.
func TestAccB2BSCIMConnection_invalidConfig(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	valid := env.config(testAccSCIMConfig(slug, `  display_name     = "Valid"
  rotation_trigger = "v1"`))
	with := func(arguments string) string {
		return env.config(testAccSCIMConfig(slug, "  display_name     = \"Valid\"\n  rotation_trigger = \"v1\"\n"+arguments))
	}
	assignment := func(fields string) string {
		return with("  scim_group_implicit_role_assignments = [{ " + fields + " }]")
	}
	cases := []struct {
		config string
		want   string
	}{
		{env.config(strings.Replace(testAccSCIMConfig(slug, ""), "stytch_b2b_organization.test.organization_id", `""`, 1)),
			`organization_id.*length must be at least 1`},
		{with(`  identity_provider = "azure-ad"`), `identity_provider.*value must be one of`},
		{with(`  identity_provider = "google-workspace"`), `identity_provider.*value must be one of`},
		{with(`  identity_provider = ""`), `identity_provider.*value must be one of`},
		{env.config(testAccSCIMConfig(slug, `  display_name     = "Valid"
  rotation_trigger = ""`)), `rotation_trigger.*length must be at least 1`},
		{assignment(`group_id = "", role_id = "stytch_admin"`), `group_id.*length must be at least 1`},
		{assignment(`group_id = "scim-group-test-1", role_id = ""`), `role_id.*length must be at least 1`},
		{assignment(`role_id = "stytch_admin"`), `attribute "group_id" is required`},
		{assignment(`group_id = "scim-group-test-1"`), `attribute "role_id" is required`},
		{with(`  scim_group_implicit_role_assignments = ["scim-group-test-1"]`), `Inappropriate value for attribute`},
		{with(`  bearer_token = "my-own-token"`), `Invalid Configuration for Read-Only Attribute`},
		{with(`  base_url = "https://scim.example.com"`), `Invalid Configuration for Read-Only Attribute`},
		// The organization's slug where state has its id would replace the connection.
		{env.config(strings.Replace(testAccSCIMConfig(slug, `  display_name     = "Valid"
  rotation_trigger = "v1"`), "stytch_b2b_organization.test.organization_id", fmt.Sprintf("%q", slug), 1)),
			`Organization Given By Slug.*` + phrase("would replace the connection")},
		// Assignments on a connection this plan creates: it has no groups yet.
		{valid + fmt.Sprintf(`
resource "stytch_b2b_organization" "other" {
  organization_name = "SCIM Other"
  organization_slug = "%s-other"
}

resource "stytch_b2b_scim_connection" "other" {
  organization_id                      = stytch_b2b_organization.other.organization_id
  scim_group_implicit_role_assignments = [{ group_id = "scim-group-test-1", role_id = "stytch_admin" }]
}
`, slug), `SCIM Groups Not Pushed Yet.*` + phrase("a new connection has no SCIM groups")},
	}
	sameID := statecheck.CompareValue(compare.ValuesSame())
	sameToken := statecheck.CompareValue(compare.ValuesSame())
	steps := []resource.TestStep{{
		Config: valid,
		ConfigStateChecks: []statecheck.StateCheck{
			sameID.AddStateValue(scimAddr, tfjsonpath.New("id")),
			sameToken.AddStateValue(scimAddr, tfjsonpath.New("bearer_token")),
		},
	}}
	for _, c := range cases {
		want := regexp.MustCompile("(?s)" + strings.ReplaceAll(c.want, " ", `\s+`))
		steps = append(steps, resource.TestStep{Config: c.config, PlanOnly: true, ExpectError: want})
	}
	steps = append(steps, resource.TestStep{
		Config:           valid,
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		ConfigStateChecks: []statecheck.StateCheck{
			sameID.AddStateValue(scimAddr, tfjsonpath.New("id")),
			sameToken.AddStateValue(scimAddr, tfjsonpath.New("bearer_token")),
			statecheck.ExpectKnownValue(scimAddr, tfjsonpath.New("rotation_trigger"), knownvalue.StringExact("v1")),
		},
		Check: env.checkSCIM(func(c *stytch.SCIMConnection, attrs map[string]string) error {
			if c.DisplayName != "Valid" || c.IdentityProvider != "generic" || len(c.SCIMGroupImplicitRoleAssignments) != 0 ||
				c.BearerTokenLastFour != tokenLastFour(attrs["bearer_token"]) {
				return fmt.Errorf("the connection changed: %+v", *c)
			}
			return env.expectTokenStatus(attrs["base_url"], map[string]int{attrs["bearer_token"]: http.StatusOK})
		}),
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkSCIMDestroyed,
		Steps:                    steps,
	})
}

// scimFault is an answer the test puts in place of the emulator's for the
// next POST whose path ends with suffix: carried out (the emulator handles
// the request and the answer is lost) or not, answered with status.
type scimFault struct {
	suffix   string
	carryOut bool
	status   int
}

// scimFaults serves planned faults in order, each once.
type scimFaults struct {
	mu      sync.Mutex
	pending []scimFault
}

func (f *scimFaults) add(fault scimFault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pending = append(f.pending, fault)
}

func (f *scimFaults) left() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.pending)
}

func (f *scimFaults) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var fault *scimFault
		f.mu.Lock()
		if r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/v1/b2b/scim/") && len(f.pending) > 0 &&
			strings.HasSuffix(r.URL.Path, f.pending[0].suffix) {
			fault = &f.pending[0]
			f.pending = f.pending[1:]
		}
		f.mu.Unlock()
		if fault == nil {
			next.ServeHTTP(w, r)
			return
		}
		if fault.carryOut {
			next.ServeHTTP(httptest.NewRecorder(), r)
		}
		errorType := "internal_server_error"
		if fault.status == http.StatusBadRequest {
			errorType = stytch.ErrorTypeSCIMConnectionNotRotatingToken
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(fault.status)
		_, _ = fmt.Fprintf(w, `{"status_code":%d,"request_id":"request-id-test-fault","error_type":%q,"error_message":"Injected by the test."}`,
			fault.status, errorType)
	})
}

// Answers lost on the way back: a create that did not happen is reported
// and the next apply creates; a create that did happen is taken over and its
// token rotated; a rotation complete that happened, or that did not and is
// sent again, ends with a working token in state; a complete Stytch refuses
// keeps the old token and trigger, and the next apply rotates again.
func TestAccB2BSCIMConnection_lostAnswers(t *testing.T) {
	faults := &scimFaults{}
	env := newWrappedTestEnv(t, faults.wrap)
	if env.emulator == nil {
		t.Skip("the lost answers are injected in front of the emulator; Stytch cannot be made to lose them")
	}
	slug := randomSlug()
	withTrigger := func(trigger string) string {
		return env.config(testAccSCIMConfig(slug, fmt.Sprintf("  display_name     = \"Lost\"\n  rotation_trigger = %q", trigger)))
	}
	inject := func(fault scimFault) func() { return func() { faults.add(fault) } }
	var tokens []string
	// works checks that the token in state is Stytch's current token, that
	// every token state held before is refused, and that the fault was used.
	works := env.checkSCIM(func(c *stytch.SCIMConnection, attrs map[string]string) error {
		if n := faults.left(); n != 0 {
			return fmt.Errorf("%d injected faults were not used", n)
		}
		token := attrs["bearer_token"]
		if c.BearerTokenLastFour != tokenLastFour(token) || attrs["bearer_token_last_four"] != c.BearerTokenLastFour || c.NextBearerTokenLastFour != "" {
			return fmt.Errorf("Stytch's token ends in %q (next %q); state's in %q (last four %q)", c.BearerTokenLastFour,
				c.NextBearerTokenLastFour, tokenLastFour(token), attrs["bearer_token_last_four"])
		}
		want := map[string]int{token: http.StatusOK}
		for _, old := range tokens {
			if old != token {
				want[old] = http.StatusUnauthorized
			}
		}
		if err := env.expectTokenStatus(attrs["base_url"], want); err != nil {
			return err
		}
		tokens = append(tokens, token)
		return nil
	})
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             env.checkSCIMDestroyed,
		Steps: []resource.TestStep{
			{
				PreConfig:   inject(scimFault{suffix: "/connection", status: http.StatusInternalServerError}),
				Config:      withTrigger("t0"),
				ExpectError: regexp.MustCompile(`(?s)Unable to Create SCIM Connection.*` + phrase("has no SCIM connection: nothing was created. Run terraform apply again")),
			},
			{
				PreConfig:         inject(scimFault{suffix: "/connection", carryOut: true, status: http.StatusInternalServerError}),
				Config:            withTrigger("t0"),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(scimAddr, tfjsonpath.New("id"))},
				Check:             works,
			},
			{
				PreConfig:         inject(scimFault{suffix: "/rotate/complete", carryOut: true, status: http.StatusInternalServerError}),
				Config:            withTrigger("t1"),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(scimAddr, tfjsonpath.New("id"))},
				Check:             works,
			},
			{
				PreConfig:         inject(scimFault{suffix: "/rotate/complete", status: http.StatusBadGateway}),
				Config:            withTrigger("t2"),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(scimAddr, tfjsonpath.New("id"))},
				Check:             works,
			},
			{
				PreConfig:   inject(scimFault{suffix: "/rotate/complete", status: http.StatusBadRequest}),
				Config:      withTrigger("t3"),
				ExpectError: regexp.MustCompile(`(?s)Unable to Rotate SCIM Bearer Token.*` + phrase("did not complete it") + `.*` + phrase("State keeps the previous bearer_token and rotation_trigger")),
			},
			// The refused rotation left the token and trigger of t2 in state:
			// the same configuration rotates again.
			{
				Config: withTrigger("t3"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					expectOnlyAttributesChanged(scimAddr, "rotation_trigger", "bearer_token", "bearer_token_last_four", "bearer_token_expires_at"),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(scimAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(scimAddr, tfjsonpath.New("rotation_trigger"), knownvalue.StringExact("t3")),
				},
				Check: works,
			},
		},
	})
}

// Resource identity (Terraform 1.12 and later), as for SAML connections: the
// organization's id and the connection id, set at create, unchanged by an
// update and a refresh. An import block's identity may leave connection_id
// out (an organization has one SCIM connection) and name the organization by
// its slug; the token is null after the import, as after an import by id
// string, and the plan is empty since the configuration sets no
// rotation_trigger. An identity whose organization does not exist, or whose
// connection_id is not the organization's connection, is an error.
func TestAccB2BSCIMConnection_resourceIdentity(t *testing.T) {
	env := newTestEnv(t)
	slug := randomSlug()
	updated := env.config(testAccSCIMConfig(slug, `  display_name = "Identity (renamed)"`))
	tracker := newIdentityTracker(scimAddr, map[string]*regexp.Regexp{
		"organization_id": organizationIDPattern,
		"connection_id":   connectionIDPattern("scim"),
	})
	it := identityTest{
		tracker:      tracker,
		config:       updated,
		bySlug:       hclObject("organization_id", slug),
		missing:      hclObject("organization_id", "organization-test-00000000-0000-4000-8000-000000000000"),
		missingError: wrappedError(`Unable to Import SCIM Connection.*` + phrase("organization-test-00000000-0000-4000-8000-000000000000 does not exist")),
	}
	const otherConnection = "scim-connection-test-00000000-0000-4000-8000-000000000000"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   identityCLI,
		CheckDestroy:             env.checkSCIMDestroyed,
		Steps: append(append([]resource.TestStep{
			{Config: env.config(testAccSCIMConfig(slug, `  display_name = "Identity"`)), ConfigStateChecks: tracker.created()},
			{
				Config:            updated,
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(scimAddr, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: []statecheck.StateCheck{tracker.check()},
			},
		}, it.steps()...),
			// A connection_id that is not the organization's connection fails
			// rather than importing the organization's connection.
			resource.TestStep{
				ResourceName:           scimAddr,
				ImportState:            true,
				ImportStateKind:        resource.ImportBlockWithResourceIdentity,
				ImportStateConfigExact: true,
				Config: updated + `
variable "identity_organization_id" {
  type = string
}

import {
  to = stytch_b2b_scim_connection.test
  identity = {
    organization_id = var.identity_organization_id
    connection_id   = "` + otherConnection + `"
  }
}
`,
				ConfigVariables: config.Variables{"identity_organization_id": lazyString{tracker.values["organization_id"]}},
				ExpectError: wrappedError(`Unable to Import SCIM Connection.*The SCIM connection of organization organization-\S+ is ` +
					`scim-connection-\S+, not ` + otherConnection + `.*` + phrase("import without connection_id, or with connection_id =") +
					` "scim-connection-`),
			},
		),
	})
}
