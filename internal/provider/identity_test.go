package provider

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

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
