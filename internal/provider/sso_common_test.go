package provider

import (
	"errors"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// TestAddConnectionAPIError_ambiguousCreate checks that a create whose answer
// was lost names the connection that has its display name now, and how to
// import it, as the organization's and the member's ambiguous creates do.
func TestAddConnectionAPIError_ambiguousCreate(t *testing.T) {
	var diags diag.Diagnostics
	err := &stytch.AmbiguousConnectionCreateError{
		Label: "a SAML connection", OrganizationID: "organization-test-1", DisplayName: "Acme SSO",
		ConnectionIDs: []string{"saml-connection-test-9"}, Cause: errors.New("connection reset"),
	}
	addConnectionAPIError(&diags, "Create", samlKind, "organization-test-1", "", err)
	if len(diags) != 1 {
		t.Fatalf("%d diagnostics", len(diags))
	}
	d := diags[0]
	for _, want := range []string{
		"probably happened", "NOT added to Terraform state", `a SAML connection named "Acme SSO"`,
		"stytch_b2b_saml_connection.okta", "terraform import ADDRESS organization-test-1/saml-connection-test-9",
		`id = "organization-test-1/saml-connection-test-9"`, "connection reset",
	} {
		if !strings.Contains(d.Detail(), want) {
			t.Errorf("detail lacks %q:\n%s", want, d.Detail())
		}
	}
	if d.Summary() != "Unable to Create SAML Connection" {
		t.Errorf("summary %q", d.Summary())
	}

	// Several connections have the name: each gets its command, and there is
	// no import block to pick one.
	diags = nil
	err.ConnectionIDs = []string{"saml-connection-test-8", "saml-connection-test-9"}
	addConnectionAPIError(&diags, "Create", samlKind, "organization-test-1", "", err)
	detail := diags[0].Detail()
	if !strings.Contains(detail, "organization-test-1/saml-connection-test-8\n  terraform import ADDRESS organization-test-1/saml-connection-test-9") ||
		strings.Contains(detail, "import {") {
		t.Errorf("detail with two candidates:\n%s", detail)
	}
}
