package provider

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// identityCLI skips a test on CLIs without resource identity: Terraform and
// OpenTofu added it in 1.12.
var identityCLI = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)}

// Patterns of the ids Stytch assigns, which an identity holds (never a slug).
var (
	organizationIDPattern = regexp.MustCompile(`^organization-`)
	memberIDPattern       = regexp.MustCompile(`^member-`)
)

func connectionIDPattern(kind string) *regexp.Regexp {
	return regexp.MustCompile(`^` + kind + `-connection-`)
}

// identityTracker follows the identity of one resource across the steps of
// a test. Its first check records the values, which must look like ids
// Stytch assigned; every later check expects the same values, so a step
// shows that neither an update nor a refresh changed them.
type identityTracker struct {
	addr     string
	patterns map[string]*regexp.Regexp
	values   map[string]*string
}

func newIdentityTracker(addr string, patterns map[string]*regexp.Regexp) *identityTracker {
	tr := &identityTracker{addr: addr, patterns: patterns, values: map[string]*string{}}
	for name := range patterns {
		tr.values[name] = new(string)
	}
	return tr
}

// check is the identity check of one step.
func (tr *identityTracker) check() statecheck.StateCheck {
	checks := map[string]knownvalue.Check{}
	for name, pattern := range tr.patterns {
		recorded := tr.values[name]
		checks[name] = knownvalue.StringFunc(func(v string) error {
			switch {
			case !pattern.MatchString(v):
				return fmt.Errorf("identity %s of %s is %q, which is not an id Stytch assigns (%s)", name, tr.addr, v, pattern)
			case *recorded == "":
				*recorded = v
			case v != *recorded:
				return fmt.Errorf("identity %s of %s changed from %q to %q", name, tr.addr, *recorded, v)
			}
			return nil
		})
	}
	return statecheck.ExpectIdentity(tr.addr, checks)
}

// created are the checks of the step that creates the resource: its
// identity, made of the same values as the attributes of the same names.
func (tr *identityTracker) created() []statecheck.StateCheck {
	checks := []statecheck.StateCheck{tr.check()}
	for _, name := range slices.Sorted(maps.Keys(tr.patterns)) {
		checks = append(checks, statecheck.ExpectIdentityValueMatchesState(tr.addr, tfjsonpath.New(name)))
	}
	return checks
}

// identityTest is what each resource's identity test varies.
type identityTest struct {
	tracker *identityTracker
	// config is the configuration of the last apply step, and variables
	// its variables.
	config    string
	variables config.Variables
	// bySlug is the identity object of an import block that names the
	// organization by its slug; missing one that names no object, which
	// fails with missingError. Both may use var.identity_<name> for the
	// values the tracker recorded.
	bySlug, missing string
	missingError    *regexp.Regexp
	// nonEmptyPlan: the plan after an import is not empty (the OIDC
	// client secret cannot be imported).
	nonEmptyPlan bool
}

// steps are the steps every identity test ends with, after the create and
// update steps (which check the identity with the tracker):
//   - a refresh, then a plan that checks the identity is still the same;
//   - an import block with the identity in state (Terraform 1.12's
//     `import { identity = {...} }`), whose plan must be empty and whose
//     identity must be the same;
//   - an import block whose identity gives the organization's slug:
//     Terraform records the organization's id, so the identity is the same;
//   - an import block whose identity names no object: an error.
func (it identityTest) steps() []resource.TestStep {
	vars := maps.Clone(it.variables)
	if vars == nil {
		vars = config.Variables{}
	}
	declarations := ""
	for _, name := range slices.Sorted(maps.Keys(it.tracker.values)) {
		vars["identity_"+name] = lazyString{it.tracker.values[name]}
		declarations += fmt.Sprintf("\nvariable %q {\n  type = string\n}\n", "identity_"+name)
	}
	importing := func(identity string) string {
		return it.config + declarations + fmt.Sprintf("\nimport {\n  to       = %s\n  identity = %s\n}\n", it.tracker.addr, identity)
	}
	return []resource.TestStep{
		{RefreshState: true, ConfigVariables: it.variables},
		{Config: it.config, ConfigVariables: it.variables, ConfigStateChecks: []statecheck.StateCheck{it.tracker.check()}},
		{
			ResourceName:       it.tracker.addr,
			ImportState:        true,
			ImportStateKind:    resource.ImportBlockWithResourceIdentity,
			ConfigVariables:    it.variables,
			ExpectNonEmptyPlan: it.nonEmptyPlan,
		},
		{
			ResourceName:           it.tracker.addr,
			ImportState:            true,
			ImportStateKind:        resource.ImportBlockWithResourceIdentity,
			ImportStateConfigExact: true,
			Config:                 importing(it.bySlug),
			ConfigVariables:        vars,
			ExpectNonEmptyPlan:     it.nonEmptyPlan,
		},
		{
			ResourceName:           it.tracker.addr,
			ImportState:            true,
			ImportStateKind:        resource.ImportBlockWithResourceIdentity,
			ImportStateConfigExact: true,
			Config:                 importing(it.missing),
			ConfigVariables:        vars,
			ExpectError:            it.missingError,
		},
	}
}

// hclObject writes an identity object: name = value lines, where a value
// that starts with var. is a reference and any other is a string.
func hclObject(attributes ...string) string {
	var b strings.Builder
	b.WriteString("{\n")
	for i := 0; i+1 < len(attributes); i += 2 {
		value := attributes[i+1]
		if !strings.HasPrefix(value, "var.") {
			value = fmt.Sprintf("%q", value)
		}
		fmt.Fprintf(&b, "    %s = %s\n", attributes[i], value)
	}
	b.WriteString("  }")
	return b.String()
}

// connectionIdentityFor returns a connection identity of the SAML resource's
// schema holding ids, or a null one when ids is nil.
func connectionIdentityFor(t *testing.T, ids *connectionIdentity) *tfsdk.ResourceIdentity {
	t.Helper()
	var resp fwresource.IdentitySchemaResponse
	(&b2bSAMLConnectionResource{}).IdentitySchema(context.Background(), fwresource.IdentitySchemaRequest{}, &resp)
	identity := &tfsdk.ResourceIdentity{Schema: resp.IdentitySchema, Raw: tftypes.NewValue(resp.IdentitySchema.Type().TerraformType(context.Background()), nil)}
	if ids != nil {
		if diags := identity.Set(context.Background(), ids); diags.HasError() {
			t.Fatal(diags)
		}
	}
	return identity
}

func identityOf(t *testing.T, identity *tfsdk.ResourceIdentity) connectionIdentity {
	t.Helper()
	var ids connectionIdentity
	if diags := identity.Get(context.Background(), &ids); diags.HasError() {
		t.Fatal(diags)
	}
	return ids
}

// A Read that removes the resource keeps the identity Terraform holds, which
// state's values may not match (a connection whose configuration names the
// organization by slug), and makes one from them when there is none.
func TestRemoveResource(t *testing.T) {
	held := newConnectionIdentity("organization-test-1", "saml-connection-test-1")
	fromState := newConnectionIdentity("acme", "saml-connection-test-1")
	for name, c := range map[string]struct {
		current *connectionIdentity
		want    connectionIdentity
	}{
		"keeps the identity held": {current: &held, want: held},
		"makes one when none":     {current: nil, want: fromState},
	} {
		t.Run(name, func(t *testing.T) {
			resp := &fwresource.ReadResponse{
				State:    tfsdk.State{Schema: samlConnectionResourceSchema(), Raw: tftypes.NewValue(samlConnectionResourceSchema().Type().TerraformType(context.Background()), nil)},
				Identity: connectionIdentityFor(t, c.current),
			}
			removeResource(context.Background(), resp, fromState)
			if resp.Diagnostics.HasError() {
				t.Fatal(resp.Diagnostics)
			}
			if !resp.State.Raw.IsNull() {
				t.Error("the resource is still in state")
			}
			if got := identityOf(t, resp.Identity); got != c.want {
				t.Errorf("identity %+v, want %+v", got, c.want)
			}
		})
	}
}

// importIdentity tells an import by id string from one by identity, refuses
// an identity with an empty required value and accepts one without an
// optional value.
func TestImportIdentity(t *testing.T) {
	ctx := context.Background()
	full := newConnectionIdentity("acme", "saml-connection-test-1")
	if _, byIdentity := importIdentity[connectionIdentity](ctx, fwresource.ImportStateRequest{ID: "acme/saml-connection-test-1", Identity: connectionIdentityFor(t, nil)},
		"stytch_b2b_saml_connection", &diag.Diagnostics{}); byIdentity {
		t.Error("an import by id string was taken for one by identity")
	}
	var diags diag.Diagnostics
	ids, byIdentity := importIdentity[connectionIdentity](ctx, fwresource.ImportStateRequest{Identity: connectionIdentityFor(t, &full)}, "stytch_b2b_saml_connection", &diags)
	if !byIdentity || diags.HasError() || ids != full {
		t.Errorf("got %+v, %v, %v; want %+v", ids, byIdentity, diags, full)
	}
	// A schema whose connection_id is OptionalForImport (an organization
	// with one connection of a kind) accepts an identity without it.
	optional := identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"organization_id": organizationIDIdentityAttribute(""),
		"connection_id":   identityschema.StringAttribute{OptionalForImport: true},
	}}
	orgOnly := &tfsdk.ResourceIdentity{Schema: optional, Raw: tftypes.NewValue(optional.Type().TerraformType(ctx), nil)}
	if d := orgOnly.Set(ctx, connectionIdentity{OrganizationID: types.StringValue("acme"), ConnectionID: types.StringNull()}); d.HasError() {
		t.Fatal(d)
	}
	diags = nil
	ids, byIdentity = importIdentity[connectionIdentity](ctx, fwresource.ImportStateRequest{Identity: orgOnly}, "stytch_b2b_example", &diags)
	if !byIdentity || diags.HasError() || ids.OrganizationID.ValueString() != "acme" || !ids.ConnectionID.IsNull() {
		t.Errorf("an identity without its optional connection_id gave %+v, %v", ids, diags)
	}
	empty := newConnectionIdentity("", "")
	diags = nil
	_, byIdentity = importIdentity[connectionIdentity](ctx, fwresource.ImportStateRequest{Identity: connectionIdentityFor(t, &empty)}, "stytch_b2b_saml_connection", &diags)
	if !byIdentity || !diags.HasError() || !strings.Contains(diags[0].Detail(), "no value for connection_id and organization_id") {
		t.Errorf("an empty identity gave %v", diags)
	}
}
