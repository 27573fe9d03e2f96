package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// addAPIError adds the diagnostic of a failed API call. The summary is constant
// ("Unable to Create B2B Organization"); the detail names the organization, the
// Stytch error fields a user quotes to support, and what to do next.
func addAPIError(diags *diag.Diagnostics, operation, organization string, err error) {
	summary := "Unable to " + operation + " B2B Organization"
	var ambiguous *stytch.AmbiguousCreateError
	if errors.As(err, &ambiguous) {
		org := ambiguous.Organization
		diags.AddError(summary, fmt.Sprintf("The request to create organization %s failed without a clear answer, and "+
			"afterwards organization %s has that slug: the create probably happened. It was NOT added to Terraform state, "+
			"so Terraform will not manage or delete it.\n\n"+
			"If it is the organization you wanted, bring it under Terraform with its id (replace ADDRESS with this "+
			"resource's address, such as stytch_b2b_organization.acme):\n\n"+
			"  terraform import ADDRESS %s\n\n"+
			"or an import block:\n\n  import {\n    to = ADDRESS\n    id = %q\n  }\n\nOtherwise delete it in Stytch or choose another slug.\n\n"+
			"Original error: %v", describeOrg(org.OrganizationSlug, ""), describeOrg(org.OrganizationSlug, org.OrganizationID),
			org.OrganizationID, org.OrganizationID, ambiguous.Cause))
		return
	}
	addObjectAPIError(diags, summary, fmt.Sprintf("Stytch did not %s organization %s.", strings.ToLower(operation), organization), err)
}

// addObjectAPIError adds the diagnostic of a failed API call: the summary, a
// first sentence that names the object, a hint at what to do, and the Stytch
// error fields a user quotes to support.
func addObjectAPIError(diags *diag.Diagnostics, summary, what string, err error) {
	var b strings.Builder
	b.WriteString(what)
	if hint := errorHint(err); hint != "" {
		b.WriteString(" ")
		b.WriteString(hint)
	}
	b.WriteString("\n\n")
	if apiErr, ok := stytch.AsError(err); ok {
		fmt.Fprintf(&b, "Stytch API error:\n  HTTP status:   %d\n  error_type:    %s\n  error_message: %s\n  request_id:    %s",
			apiErr.StatusCode, apiErr.ErrorType, apiErr.ErrorMessage, orNone(apiErr.RequestID))
		if apiErr.ErrorURL != "" {
			fmt.Fprintf(&b, "\n  error_url:     %s", apiErr.ErrorURL)
		}
	} else {
		b.WriteString("Error: " + err.Error())
	}
	diags.AddError(summary, b.String())
}

// errorHint says what a user can do about the most common failures.
func errorHint(err error) string {
	apiErr, ok := stytch.AsError(err)
	if !ok {
		return "The request did not get an answer from Stytch; check the network and base_url, then run the command again."
	}
	switch {
	case apiErr.ErrorType == stytch.ErrorTypeSlugAlreadyUsed:
		return "Another organization of this project already uses that organization_slug: choose another slug, " +
			"or bring the existing organization under Terraform with `terraform import`."
	case apiErr.StatusCode == 401:
		return "Stytch rejected the credentials: check project_id and secret (or STYTCH_PROJECT_ID and STYTCH_SECRET) " +
			"and that the project id matches the environment (test or live) of base_url."
	case apiErr.StatusCode == 429:
		return "Stytch kept rate-limiting the request after the provider's retries: run with a lower -parallelism or raise max_retries."
	case apiErr.StatusCode >= 500:
		return "Stytch had an internal problem; run the command again. If it persists, quote the request_id to Stytch support."
	case apiErr.StatusCode == 400:
		return "Stytch rejected a value of the configuration: the error_message below names it."
	}
	return ""
}

// describeOrg names an organization in messages by slug and, when known, id.
func describeOrg(slug, id string) string {
	switch {
	case slug != "" && id != "":
		return fmt.Sprintf("%q (%s)", slug, id)
	case slug != "":
		return fmt.Sprintf("%q", slug)
	default:
		return id
	}
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// refuseSlugReplacement stops a plan that would replace an object only
// because organization_id now names the object's own organization by slug or
// external id: state holds the organization's id, and Terraform compares the
// two as text. object names the object ("connection", "member"); replaced
// says what the replacement would cost. One GET of the organization, made
// only when the planned value differs from the prior one.
func refuseSlugReplacement(ctx context.Context, client *stytch.Client, planned, prior types.String, object, replaced string, diags *diag.Diagnostics) {
	if client == nil || planned.IsUnknown() || planned.Equal(prior) {
		return
	}
	org, err := client.GetOrganization(ctx, planned.ValueString())
	if err != nil || org.OrganizationID != prior.ValueString() {
		return // another organization, or one not found: a real move
	}
	diags.AddAttributeError(path.Root("organization_id"), "Organization Given By Slug",
		fmt.Sprintf("organization_id is %q, which Stytch resolves to organization %s, the %s's own organization. "+
			"Terraform compares the values as text, so it would replace the %s: %s. Write the organization's id instead, "+
			"such as stytch_b2b_organization.example.organization_id or %q.",
			planned.ValueString(), org.OrganizationID, object, object, replaced, org.OrganizationID))
}
