//go:build stytchbench

package provider

import (
	"math/big"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// typeName is the type name r gives itself in the provider "stytch".
func typeName(t *testing.T, r resource.Resource) string {
	t.Helper()
	var resp resource.MetadataResponse
	r.Metadata(t.Context(), resource.MetadataRequest{ProviderTypeName: "stytch"}, &resp)
	return resp.TypeName
}

// resourceSchema is r's schema response.
func resourceSchema(t *testing.T, r resource.Resource) resource.SchemaResponse {
	t.Helper()
	var resp resource.SchemaResponse
	r.Schema(t.Context(), resource.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("schema of %s: %v", typeName(t, r), resp.Diagnostics)
	}
	return resp
}

// TestBenchBuildHasNoopTwins checks that a benchmark build lists, after the
// real resources, one twin of each, named stytch_noop_..., with the same
// schema.
func TestBenchBuildHasNoopTwins(t *testing.T) {
	resources := (&stytchProvider{}).Resources(t.Context())
	if len(resources)%2 != 0 {
		t.Fatalf("%d resources: not the real ones and one twin each", len(resources))
	}
	half := len(resources) / 2
	for i, newReal := range resources[:half] {
		original, twin := newReal(), resources[half+i]()
		realName, twinName := typeName(t, original), typeName(t, twin)
		if want := "stytch_noop_" + strings.TrimPrefix(realName, "stytch_"); twinName != want {
			t.Errorf("twin of %s is %s, want %s", realName, twinName, want)
		}
		realSchema, twinSchema := resourceSchema(t, original), resourceSchema(t, twin)
		if !realSchema.Schema.Type().TerraformType(t.Context()).Equal(twinSchema.Schema.Type().TerraformType(t.Context())) ||
			len(realSchema.Schema.Attributes) != len(twinSchema.Schema.Attributes) {
			t.Errorf("%s: the schema differs from %s's", twinName, realName)
		}
	}
}

// TestNoopCreateAndUpdateFillUnknowns checks that a no-op twin stores the
// planned values, known ones as planned and unknown ones as placeholders.
func TestNoopCreateAndUpdateFillUnknowns(t *testing.T) {
	twin := &noopResource{real: NewB2BSAMLConnectionResource()}
	sch := resourceSchema(t, twin).Schema
	typ, ok := sch.Type().TerraformType(t.Context()).(tftypes.Object)
	if !ok {
		t.Fatalf("the schema's type is %T", sch.Type().TerraformType(t.Context()))
	}
	attrs := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		switch name {
		case "organization_id":
			attrs[name] = tftypes.NewValue(at, "organization-test-1")
		case "display_name":
			attrs[name] = tftypes.NewValue(at, "Okta")
		case "idp_initiated_auth_disabled":
			attrs[name] = tftypes.NewValue(at, true)
		case "signing_private_key_wo_version":
			attrs[name] = tftypes.NewValue(at, nil)
		default:
			attrs[name] = tftypes.NewValue(at, tftypes.UnknownValue)
		}
	}
	plan := tfsdk.Plan{Schema: sch, Raw: tftypes.NewValue(typ, attrs)}
	check := func(op string, state tfsdk.State) {
		t.Helper()
		var got map[string]tftypes.Value
		if err := state.Raw.As(&got); err != nil {
			t.Fatalf("%s: %v", op, err)
		}
		for name, v := range got {
			if !v.IsFullyKnown() {
				t.Errorf("%s: %s is still unknown", op, name)
			}
		}
		for name, want := range map[string]tftypes.Value{
			"organization_id":                tftypes.NewValue(tftypes.String, "organization-test-1"),
			"display_name":                   tftypes.NewValue(tftypes.String, "Okta"),
			"connection_id":                  tftypes.NewValue(tftypes.String, noopPlaceholder),
			"idp_initiated_auth_disabled":    tftypes.NewValue(tftypes.Bool, true),
			"allow_gateway_callback":         tftypes.NewValue(tftypes.Bool, false),
			"signing_private_key_wo_version": tftypes.NewValue(tftypes.Number, nil),
		} {
			if !got[name].Equal(want) {
				t.Errorf("%s: %s = %s, want %s", op, name, got[name], want)
			}
		}
		if !got["signing_certificates"].IsKnown() || got["signing_certificates"].IsNull() {
			t.Errorf("%s: signing_certificates = %s, want an empty list", op, got["signing_certificates"])
		}
	}

	create := resource.CreateResponse{State: tfsdk.State{Schema: sch, Raw: tftypes.NewValue(typ, nil)}}
	twin.Create(t.Context(), resource.CreateRequest{Plan: plan}, &create)
	if create.Diagnostics.HasError() {
		t.Fatal(create.Diagnostics)
	}
	check("create", create.State)

	update := resource.UpdateResponse{State: create.State}
	twin.Update(t.Context(), resource.UpdateRequest{Plan: plan, State: create.State}, &update)
	if update.Diagnostics.HasError() {
		t.Fatal(update.Diagnostics)
	}
	check("update", update.State)
}

func TestNoopValue(t *testing.T) {
	object := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"a": tftypes.String}}
	for _, c := range []struct {
		typ  tftypes.Type
		want tftypes.Value
	}{
		{tftypes.String, tftypes.NewValue(tftypes.String, "noop")},
		{tftypes.Number, tftypes.NewValue(tftypes.Number, big.NewFloat(0))},
		{tftypes.Bool, tftypes.NewValue(tftypes.Bool, false)},
		{tftypes.List{ElementType: tftypes.String}, tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, []tftypes.Value{})},
		{tftypes.Set{ElementType: tftypes.String}, tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, []tftypes.Value{})},
		{tftypes.Map{ElementType: tftypes.String}, tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, map[string]tftypes.Value{})},
		{object, tftypes.NewValue(object, nil)},
	} {
		if got := noopValue(c.typ); !got.Equal(c.want) {
			t.Errorf("noopValue(%s) = %s, want %s", c.typ, got, c.want)
		}
	}
}
