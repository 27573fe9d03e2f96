package provider

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

var (
	// slugPattern is Stytch's slug rule: 2 to 128 characters, alphanumerics
	// and - . _ ~ (the length is checked separately for a clearer message).
	slugPattern = regexp.MustCompile(`^[A-Za-z0-9._~-]+$`)
	alnum       = regexp.MustCompile(`[A-Za-z0-9]`)
	// externalIDPattern is Stytch's external id rule: alphanumerics and . _ - |.
	externalIDPattern = regexp.MustCompile(`^[A-Za-z0-9._|-]*$`)
	// domainPattern is a DNS name with at least two labels, such as example.com.
	domainPattern = regexp.MustCompile(`^(?i)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$`)
)

// slugValidators enforce Stytch's slug rule at plan time.
func slugValidators() []validator.String {
	return []validator.String{
		stringvalidator.LengthBetween(2, 128),
		stringvalidator.RegexMatches(slugPattern, "may only contain alphanumerics and the characters '-', '.', '_' and '~'"),
		stringvalidator.RegexMatches(alnum, "must contain at least one alphanumeric character"),
	}
}

// externalIDValidators enforce Stytch's external id rule at plan time.
func externalIDValidators() []validator.String {
	return []validator.String{
		stringvalidator.LengthAtMost(128),
		stringvalidator.RegexMatches(externalIDPattern, "may only contain alphanumerics and the characters '.', '_', '-' and '|'"),
	}
}

// domainValidator checks that a string is a domain name such as example.com.
func domainValidator() validator.String {
	return stringvalidator.RegexMatches(domainPattern, "must be a domain name such as example.com (no scheme, no @, no path)")
}

// metadataValidator checks trusted_metadata against Stytch's documented limits:
// a JSON object with at most 20 top-level keys and at most 4 KB.
type metadataValidator struct{}

var _ validator.String = metadataValidator{}

func (metadataValidator) Description(context.Context) string {
	return "value must be a JSON object with at most 20 top-level keys and at most 4096 bytes"
}

func (v metadataValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v metadataValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	raw := req.ConfigValue.ValueString()
	m, err := parseMetadata(raw)
	if err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Trusted Metadata", err.Error())
		return
	}
	if len(m) > 20 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Trusted Metadata",
			fmt.Sprintf("Stytch allows at most 20 top-level keys in trusted_metadata; the configuration has %d. Nest related values under one key.", len(m)))
	}
	if len(raw) > 4096 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Trusted Metadata",
			fmt.Sprintf("Stytch allows at most 4 KB of trusted_metadata; the configuration has %d bytes.", len(raw)))
	}
}

// enumDescription renders allowed values for attribute descriptions, from the
// same slice that feeds the validator.
func enumDescription(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = "`" + v + "`"
	}
	return "One of " + strings.Join(quoted, ", ") + "."
}

// absoluteURLValidator checks, when the value is known, that it is an
// absolute URL with a host and one of the schemes.
type absoluteURLValidator struct {
	schemes    []string
	allowEmpty bool
}

var _ validator.String = absoluteURLValidator{}

func (v absoluteURLValidator) Description(context.Context) string {
	return "value must be an absolute " + strings.Join(v.schemes, " or ") + " URL"
}

func (v absoluteURLValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v absoluteURLValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || (v.allowEmpty && req.ConfigValue.ValueString() == "") {
		return
	}
	s := req.ConfigValue.ValueString()
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || !slices.Contains(v.schemes, strings.ToLower(u.Scheme)) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid URL",
			fmt.Sprintf("%q is not usable here: the %s. Give the full URL, such as %s://idp.example.com/....",
				s, v.Description(ctx), v.schemes[0]))
	}
}
