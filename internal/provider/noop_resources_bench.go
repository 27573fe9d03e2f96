//go:build stytchbench

package provider

import (
	"context"
	"fmt"
	"math/big"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// This file is compiled only into a benchmark build (go build -tags
// stytchbench): cmd/stytch-bench builds the provider with it to measure the
// plugin framework's own cost, the third reference beside terraform_data and
// the direct client (BENCHMARKS.md). The provider's own build has none of
// it; TestDefaultBuildHasNoNoopResources checks that.

func init() { noopResources = noopTwins }

// noopTypeInfix is inserted after the provider's type name to name a no-op
// twin: stytch_b2b_organization has the twin stytch_noop_b2b_organization.
const noopTypeInfix = "_noop"

// noopPlaceholder is the value of every unknown string in a no-op resource's
// planned state: its ids, timestamps and other values that Stytch assigns.
const noopPlaceholder = "noop"

// noopTwins returns a no-op twin of each resource.
func noopTwins(resources []func() resource.Resource) []func() resource.Resource {
	twins := make([]func() resource.Resource, 0, len(resources))
	for _, newResource := range resources {
		twins = append(twins, func() resource.Resource { return &noopResource{real: newResource()} })
	}
	return twins
}

// noopResource is a resource with the schema of a real one (its Schema
// method is called, so attribute validators, plan modifiers and defaults
// are the same) and no behavior of its own: no API call, no
// ValidateConfig, ConfigValidators or ModifyPlan. Create and Update store the
// planned values, with every value still unknown (what Stytch would assign)
// replaced by a fixed placeholder; Read keeps the state as it is; Delete
// lets the framework remove it. Its cost is what the plugin framework and
// Terraform's plugin protocol cost for this schema.
type noopResource struct {
	real resource.Resource
}

var _ resource.Resource = (*noopResource)(nil)

// Metadata names the twin: the real type name with noopTypeInfix after the
// provider's name.
func (r *noopResource) Metadata(ctx context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	r.real.Metadata(ctx, req, resp)
	resp.TypeName = req.ProviderTypeName + noopTypeInfix + strings.TrimPrefix(resp.TypeName, req.ProviderTypeName)
}

// Schema is the real resource's schema.
func (r *noopResource) Schema(ctx context.Context, req resource.SchemaRequest, resp *resource.SchemaResponse) {
	r.real.Schema(ctx, req, resp)
}

// Create stores the plan, unknown values replaced by placeholders.
func (r *noopResource) Create(_ context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	resp.State.Raw = noopKnown(req.Plan.Raw, &resp.Diagnostics)
}

// Read keeps the state: the framework hands it over unchanged.
func (r *noopResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

// Update stores the plan, unknown values replaced by placeholders.
func (r *noopResource) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.State.Raw = noopKnown(req.Plan.Raw, &resp.Diagnostics)
}

// Delete does nothing: the framework removes the state.
func (r *noopResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

// noopKnown returns v with every unknown value replaced by noopValue.
func noopKnown(v tftypes.Value, diags *diag.Diagnostics) tftypes.Value {
	out, err := tftypes.Transform(v, func(_ *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if v.IsKnown() {
			return v, nil
		}
		return noopValue(v.Type()), nil
	})
	if err != nil {
		diags.AddError("No-op Resource", fmt.Sprintf("Could not fill in the unknown values of the plan: %s", err))
		return v
	}
	return out
}

// noopValue is the fixed placeholder of a value of type t: "noop", 0,
// false, an empty collection, or null for an object (a nested attribute
// Stytch leaves out).
func noopValue(t tftypes.Type) tftypes.Value {
	switch {
	case t.Is(tftypes.String):
		return tftypes.NewValue(t, noopPlaceholder)
	case t.Is(tftypes.Number):
		return tftypes.NewValue(t, new(big.Float))
	case t.Is(tftypes.Bool):
		return tftypes.NewValue(t, false)
	case t.Is(tftypes.List{}), t.Is(tftypes.Set{}):
		return tftypes.NewValue(t, []tftypes.Value{})
	case t.Is(tftypes.Map{}):
		return tftypes.NewValue(t, map[string]tftypes.Value{})
	}
	return tftypes.NewValue(t, nil)
}
