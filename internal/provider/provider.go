// Package provider implements the Stytch Terraform provider with
// terraform-plugin-framework.
package provider

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// Address is the provider's source address in the Terraform registry. The
// namespace is not Stytch's own ("stytchauth"): this is an independent provider.
const Address = "registry.terraform.io/platformkit/stytch"

// Environment variables read when the matching provider argument is not set.
const (
	EnvProjectID  = "STYTCH_PROJECT_ID"
	EnvSecret     = "STYTCH_SECRET"
	EnvBaseURL    = "STYTCH_BASE_URL"
	EnvMaxRetries = "STYTCH_MAX_RETRIES"
	EnvRPS        = "STYTCH_REQUESTS_PER_SECOND"
)

// Ensure the provider satisfies the framework interfaces.
var _ provider.Provider = (*stytchProvider)(nil)

// stytchProvider is the provider implementation.
type stytchProvider struct {
	version string
}

// stytchProviderModel is the provider block.
type stytchProviderModel struct {
	ProjectID  types.String  `tfsdk:"project_id"`
	Secret     types.String  `tfsdk:"secret"`
	BaseURL    types.String  `tfsdk:"base_url"`
	MaxRetries types.Int64   `tfsdk:"max_retries"`
	RPS        types.Float64 `tfsdk:"requests_per_second"`
}

// providerData is what Configure hands to every resource and data source: one
// client, and so one connection pool, per provider instance.
type providerData struct {
	client *stytch.Client
}

// New returns a constructor of the provider at the given version.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &stytchProvider{version: version}
	}
}

// Metadata sets the type name prefix of every resource: "stytch".
func (p *stytchProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "stytch"
	resp.Version = p.version
}

// Schema describes the provider block.
func (p *stytchProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages [Stytch](https://stytch.com) B2B organizations as code. " +
			"Authenticates with a project id and secret (HTTP Basic auth), as every Stytch backend SDK does.",
		Attributes: map[string]schema.Attribute{
			"project_id": schema.StringAttribute{
				MarkdownDescription: "The Stytch project id, such as `project-test-...` or `project-live-...`. " +
					"A `project-live-` id talks to `https://api.stytch.com`, any other to `https://test.stytch.com`. " +
					"May also be set with the `" + EnvProjectID + "` environment variable; the argument wins.",
				Optional: true,
			},
			"secret": schema.StringAttribute{
				MarkdownDescription: "The project's secret. Never stored in state or written to logs. " +
					"May also be set with the `" + EnvSecret + "` environment variable, which keeps it out of the configuration.",
				Optional:  true,
				Sensitive: true,
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: "Overrides the API host, for example to use the local emulator " +
					"(`http://127.0.0.1:8787`). Must be `https://`; `http://` is accepted only for loopback hosts, " +
					"since elsewhere the secret would travel in clear text. " +
					"May also be set with the `" + EnvBaseURL + "` environment variable.",
				Optional: true,
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How many times one API call is retried after a rate limit (429), a server error "+
					"or a network failure, with exponential backoff. Defaults to `%d`; `0` disables retries. "+
					"May also be set with the `%s` environment variable.", stytch.DefaultMaxRetries, EnvMaxRetries),
				Optional: true,
			},
			"requests_per_second": schema.Float64Attribute{
				MarkdownDescription: "Client-side rate limit: at most this many API requests per second, shared by every " +
					"resource and data source of this provider block, so that a large apply stays under the project's " +
					"Stytch quota instead of bouncing off it. Unset or `0` means no limit. " +
					"May also be set with the `" + EnvRPS + "` environment variable.",
				Optional: true,
			},
		},
	}
}

// Configure builds the API client from the provider block and the environment.
func (p *stytchProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var config stytchProviderModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}

	for _, a := range []struct {
		value types.String
		name  string
		env   string
	}{
		{config.ProjectID, "project_id", EnvProjectID},
		{config.Secret, "secret", EnvSecret},
		{config.BaseURL, "base_url", EnvBaseURL},
	} {
		if a.value.IsUnknown() {
			resp.Diagnostics.AddAttributeError(path.Root(a.name), "Unknown Stytch Provider Argument",
				fmt.Sprintf("The provider cannot create the Stytch API client because %q is not known until apply. "+
					"Set it to a static value, or use the %s environment variable.", a.name, a.env))
		}
	}
	if config.RPS.IsUnknown() {
		resp.Diagnostics.AddAttributeError(path.Root("requests_per_second"), "Unknown Stytch Provider Argument",
			"The provider cannot create the Stytch API client because \"requests_per_second\" is not known until apply. "+
				"Set it to a static value, or use the "+EnvRPS+" environment variable.")
	}
	if config.MaxRetries.IsUnknown() {
		resp.Diagnostics.AddAttributeError(path.Root("max_retries"), "Unknown Stytch Provider Argument",
			"The provider cannot create the Stytch API client because \"max_retries\" is not known until apply. "+
				"Set it to a static value, or use the "+EnvMaxRetries+" environment variable.")
	}
	if resp.Diagnostics.HasError() {
		return
	}

	projectID := valueOrEnv(config.ProjectID, EnvProjectID)
	secret := valueOrEnv(config.Secret, EnvSecret)
	baseURL := valueOrEnv(config.BaseURL, EnvBaseURL)

	if projectID == "" {
		resp.Diagnostics.AddAttributeError(path.Root("project_id"), "Missing Stytch Project ID",
			"The provider needs a Stytch project id. Set the \"project_id\" argument in the provider block "+
				"or the "+EnvProjectID+" environment variable.")
	}
	if secret == "" {
		resp.Diagnostics.AddAttributeError(path.Root("secret"), "Missing Stytch Secret",
			"The provider needs the Stytch project secret. Set the \"secret\" argument in the provider block "+
				"or, better, the "+EnvSecret+" environment variable.")
	}
	if baseURL != "" {
		if err := stytch.ValidateBaseURL(baseURL); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("base_url"), "Invalid Stytch Base URL",
				"The \"base_url\" argument (or "+EnvBaseURL+") is not usable: "+err.Error()+".")
		}
	}
	maxRetries := int64(stytch.DefaultMaxRetries)
	switch {
	case !config.MaxRetries.IsNull():
		maxRetries = config.MaxRetries.ValueInt64()
	case os.Getenv(EnvMaxRetries) != "":
		n, err := strconv.ParseInt(os.Getenv(EnvMaxRetries), 10, 64)
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("max_retries"), "Invalid Stytch Max Retries",
				fmt.Sprintf("The %s environment variable must be a whole number, got %q.", EnvMaxRetries, os.Getenv(EnvMaxRetries)))
		}
		maxRetries = n
	}
	if maxRetries < 0 || maxRetries > 20 {
		resp.Diagnostics.AddAttributeError(path.Root("max_retries"), "Invalid Stytch Max Retries",
			fmt.Sprintf("\"max_retries\" must be between 0 and 20, got %d.", maxRetries))
	}
	rps := 0.0
	switch {
	case !config.RPS.IsNull():
		rps = config.RPS.ValueFloat64()
	case os.Getenv(EnvRPS) != "":
		f, err := strconv.ParseFloat(os.Getenv(EnvRPS), 64)
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("requests_per_second"), "Invalid Stytch Requests Per Second",
				fmt.Sprintf("The %s environment variable must be a number, got %q.", EnvRPS, os.Getenv(EnvRPS)))
		}
		rps = f
	}
	if rps < 0 {
		resp.Diagnostics.AddAttributeError(path.Root("requests_per_second"), "Invalid Stytch Requests Per Second",
			fmt.Sprintf("\"requests_per_second\" must be 0 (no limit) or positive, got %g.", rps))
	}
	if resp.Diagnostics.HasError() {
		return
	}

	client, err := stytch.New(stytch.Config{
		ProjectID:         projectID,
		Secret:            secret,
		BaseURL:           baseURL,
		UserAgent:         fmt.Sprintf("terraform-provider-stytch/%s (+https://%s) Terraform/%s", p.version, Address, req.TerraformVersion),
		MaxRetries:        int(maxRetries),
		RequestsPerSecond: rps,
		OnCall:            callLogger(projectID, secret),
	})
	if err != nil {
		resp.Diagnostics.AddError("Unable to Create Stytch API Client",
			"The provider could not build its Stytch API client. Check the provider arguments.\n\n"+err.Error())
		return
	}
	tflog.Debug(ctx, "Configured Stytch API client", map[string]any{"base_url": client.BaseURL(), "max_retries": maxRetries, "requests_per_second": rps})

	data := &providerData{client: client}
	resp.ResourceData = data
	resp.DataSourceData = data
}

// Resources lists the provider's resources. A benchmark build (build tag
// stytchbench) adds a no-op twin of each one; the provider's own build has
// none (noopResources is nil).
func (p *stytchProvider) Resources(_ context.Context) []func() resource.Resource {
	resources := []func() resource.Resource{
		NewB2BOrganizationResource,
		NewB2BOrganizationSSOSettingsResource,
		NewB2BSAMLConnectionResource,
		NewB2BOIDCConnectionResource,
		NewB2BExternalConnectionResource,
		NewB2BMemberResource,
		NewB2BSCIMConnectionResource,
		NewB2BOrganizationRBACPolicyResource,
	}
	if noopResources != nil {
		resources = append(resources, noopResources(resources)...)
	}
	return resources
}

// noopResources is set only in a benchmark build (noop_resources_bench.go,
// build tag stytchbench): it returns a no-op twin of each resource, with the
// same schema and no API call, which cmd/stytch-bench measures as the
// plugin framework's own cost (BENCHMARKS.md, "References").
var noopResources func(resources []func() resource.Resource) []func() resource.Resource

// DataSources lists the provider's data sources.
func (p *stytchProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewB2BOrganizationDataSource,
		NewB2BOrganizationsDataSource,
		NewB2BSSOConnectionsDataSource,
		NewB2BMemberDataSource,
		NewB2BMembersDataSource,
		NewB2BSCIMConnectionDataSource,
	}
}

// valueOrEnv returns the configured value, or the environment variable when the
// argument is not set: configuration wins over the environment.
func valueOrEnv(v types.String, env string) string {
	if !v.IsNull() && !v.IsUnknown() {
		return v.ValueString()
	}
	return os.Getenv(env)
}

// callLogger returns the client's logging hook: one DEBUG line per API attempt
// (method, path, status, request_id, duration, attempt) and, at TRACE, the
// bodies with trusted_metadata values masked. The client never passes
// credentials to the hook; masking the secret and its Basic-auth form anyway
// keeps them out of every log line should that ever change.
func callLogger(projectID, secret string) func(context.Context, stytch.CallInfo) {
	basic := base64.StdEncoding.EncodeToString([]byte(projectID + ":" + secret))
	return func(ctx context.Context, info stytch.CallInfo) {
		ctx = tflog.MaskAllFieldValuesStrings(ctx, secret, basic)
		ctx = tflog.MaskMessageStrings(ctx, secret, basic)
		fields := map[string]any{
			"method":      info.Method,
			"path":        redactPath(info.Path),
			"status":      info.Status,
			"request_id":  info.RequestID,
			"duration_ms": info.Duration.Milliseconds(),
			"attempt":     info.Attempt,
		}
		if info.Err != nil {
			fields["error"] = strings.ReplaceAll(info.Err.Error(), info.Path, redactPath(info.Path))
		}
		tflog.Debug(ctx, "Stytch API call", fields)
		if info.RequestBody != nil || info.ResponseBody != nil {
			tflog.Trace(ctx, "Stytch API call bodies", map[string]any{
				"method":        info.Method,
				"path":          redactPath(info.Path),
				"request_id":    info.RequestID,
				"request_body":  redactBody(info.RequestBody),
				"response_body": redactBody(info.ResponseBody),
			})
		}
	}
}

// redactBody renders a JSON body for TRACE logs with every trusted_metadata
// and untrusted_metadata value and every secret replaced by "***": metadata
// often holds customer data, and secrets must never reach a log.
func redactBody(body []byte) string {
	if len(body) == 0 {
		return ""
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return fmt.Sprintf("(%d bytes, not JSON)", len(body))
	}
	out, err := json.Marshal(redact(v))
	if err != nil {
		return fmt.Sprintf("(%d bytes)", len(body))
	}
	return string(out)
}

// redactPath masks the query values of a logged path: a member is read by
// email address, which is personal data.
func redactPath(p string) string {
	base, query, ok := strings.Cut(p, "?")
	if !ok {
		return p
	}
	values, err := url.ParseQuery(query)
	if err != nil {
		return base + "?***"
	}
	for k := range values {
		values[k] = []string{"***"}
	}
	return base + "?" + strings.ReplaceAll(values.Encode(), "%2A%2A%2A", "***")
}

// secretKeys are the JSON keys whose values are secrets, wherever they
// appear: the OIDC client secret and the SAML private keys a user sends, the
// private keys and SCIM bearer tokens Stytch answers.
var secretKeys = map[string]bool{
	"client_secret":               true,
	"signing_private_key":         true,
	"saml_encryption_private_key": true,
	"private_key":                 true,
	"bearer_token":                true,
	"next_bearer_token":           true,
	// A member's personal data: addresses and phone numbers.
	"email_address":           true,
	"mfa_phone_number":        true,
	"retired_email_addresses": true,
}

// personalFilters are the search filters whose values are personal data.
var personalFilters = map[string]bool{
	"member_emails": true, "member_email_fuzzy": true,
	"member_mfa_phone_numbers": true, "member_mfa_phone_number_fuzzy": true,
}

// metadataKeys are the JSON keys of free-form customer data, masked value by value.
var metadataKeys = map[string]bool{"trusted_metadata": true, "untrusted_metadata": true}

func redact(v any) any {
	switch x := v.(type) {
	case map[string]any:
		if name, ok := x["filter_name"].(string); ok && personalFilters[name] {
			x["filter_value"] = "***"
		}
		for k, child := range x {
			switch {
			case secretKeys[k]:
				if s, ok := child.(string); !ok || s != "" {
					x[k] = "***"
				}
			case metadataKeys[k]:
				if md, ok := child.(map[string]any); ok {
					for mk := range md {
						md[mk] = "***"
					}
				}
			default:
				x[k] = redact(child)
			}
		}
	case []any:
		for i := range x {
			x[i] = redact(x[i])
		}
	}
	return v
}

// clientFromProviderData turns the provider data handed to a resource or data
// source back into the client. It returns nil without a diagnostic when the
// provider is not configured yet (validation runs before Configure).
func clientFromProviderData(data any, addError func(summary, detail string)) *stytch.Client {
	if data == nil {
		return nil
	}
	pd, ok := data.(*providerData)
	if !ok {
		addError("Unexpected Provider Data Type",
			fmt.Sprintf("Expected *providerData, got %T. Please report this issue to the provider developers.", data))
		return nil
	}
	return pd.client
}
