package provider

import (
	"context"
	"math/big"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/objectvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/numberdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// testResourceAttributes has an attribute of every kind that
// dataSourceAttributesFrom converts, each with resource-only behavior.
func testResourceAttributes() map[string]rschema.Attribute {
	nested := map[string]rschema.Attribute{
		"key": rschema.StringAttribute{
			MarkdownDescription: "The key." + testNote,
			Required:            true,
			Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
		},
		"count": rschema.Int64Attribute{MarkdownDescription: "How many.", Optional: true, Computed: true, Default: int64default.StaticInt64(1)},
	}
	return map[string]rschema.Attribute{
		"name": rschema.StringAttribute{
			Description:         "The name (plain)." + testNote,
			MarkdownDescription: "The `name`." + testNote,
			Required:            true,
			Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
		},
		"secret": rschema.StringAttribute{
			MarkdownDescription: "A secret.", Optional: true, Sensitive: true,
		},
		"metadata": rschema.StringAttribute{
			MarkdownDescription: "JSON.", CustomType: jsontypes.NormalizedType{}, Optional: true, Computed: true,
			Default: stringdefault.StaticString("{}"),
		},
		"old": rschema.StringAttribute{
			MarkdownDescription: "Old.", Optional: true, DeprecationMessage: "Use name.",
		},
		"password": rschema.StringAttribute{MarkdownDescription: "Write-only.", Optional: true, WriteOnly: true},
		"enabled":  rschema.BoolAttribute{MarkdownDescription: "Enabled.", Optional: true, Computed: true, Default: booldefault.StaticBool(false)},
		"size":     rschema.Int64Attribute{MarkdownDescription: "Size.", Optional: true},
		"size32":   rschema.Int32Attribute{MarkdownDescription: "Size.", Optional: true},
		"ratio":    rschema.Float64Attribute{MarkdownDescription: "Ratio.", Optional: true},
		"ratio32":  rschema.Float32Attribute{MarkdownDescription: "Ratio.", Optional: true},
		"amount": rschema.NumberAttribute{
			MarkdownDescription: "Amount.", Optional: true, Computed: true, Default: numberdefault.StaticBigFloat(big.NewFloat(1)),
		},
		"anything": rschema.DynamicAttribute{MarkdownDescription: "Anything.", Optional: true},
		"tags":     rschema.SetAttribute{MarkdownDescription: "Tags.", ElementType: types.StringType, Optional: true},
		"ports":    rschema.ListAttribute{MarkdownDescription: "Ports.", ElementType: types.Int64Type, Required: true},
		"labels": rschema.MapAttribute{
			MarkdownDescription: "Labels.", ElementType: types.SetType{ElemType: types.StringType}, Optional: true,
		},
		"point": rschema.ObjectAttribute{
			MarkdownDescription: "A point.", AttributeTypes: map[string]attr.Type{"x": types.Int64Type}, Computed: true,
		},
		"items": rschema.ListNestedAttribute{
			MarkdownDescription: "Items.",
			Optional:            true,
			Validators:          []validator.List{listvalidator.SizeAtMost(3)},
			PlanModifiers:       []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			NestedObject: rschema.NestedAttributeObject{
				Attributes: nested,
				Validators: []validator.Object{objectvalidator.AlsoRequires()},
			},
		},
		"item_set": rschema.SetNestedAttribute{
			MarkdownDescription: "A set of items.", Computed: true,
			NestedObject: rschema.NestedAttributeObject{Attributes: nested},
		},
		"item_map": rschema.MapNestedAttribute{
			MarkdownDescription: "A map of items.", Optional: true,
			NestedObject: rschema.NestedAttributeObject{Attributes: nested},
		},
		"single": rschema.SingleNestedAttribute{
			MarkdownDescription: "One item.",
			Optional:            true,
			PlanModifiers:       []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
			Attributes: map[string]rschema.Attribute{
				"items": rschema.ListNestedAttribute{
					MarkdownDescription: "Items of the item.", Computed: true,
					NestedObject: rschema.NestedAttributeObject{Attributes: nested},
				},
			},
		},
	}
}

const testNote = " Changing it replaces the thing."

// TestDataSourceAttributesFrom checks the conversion of every kind of
// attribute: Computed only, same type, sensitivity, deprecation and
// descriptions, no validators, defaults or plan modifiers, at every depth.
func TestDataSourceAttributesFrom(t *testing.T) {
	ctx := context.Background()
	rattrs := testResourceAttributes()
	dattrs := dataSourceAttributesFrom(rattrs, dataSourceDescriptions{})

	if _, ok := dattrs["password"]; ok {
		t.Error("the write-only attribute is in the data source")
	}
	if len(dattrs) != len(rattrs)-1 {
		t.Errorf("the data source has %d attributes, want %d", len(dattrs), len(rattrs)-1)
	}
	if diags := (dsschema.Schema{Attributes: dattrs}).ValidateImplementation(ctx); diags.HasError() {
		t.Fatalf("the derived schema is invalid: %v", diags)
	}
	if diags := (rschema.Schema{Attributes: rattrs}).ValidateImplementation(ctx); diags.HasError() {
		t.Fatalf("the test's resource schema is invalid: %v", diags)
	}

	var check func(prefix string, r map[string]rschema.Attribute, d map[string]dsschema.Attribute)
	check = func(prefix string, r map[string]rschema.Attribute, d map[string]dsschema.Attribute) {
		for name, ra := range r {
			p := prefix + name
			if ra.IsWriteOnly() {
				continue
			}
			da, ok := d[name]
			if !ok {
				t.Errorf("%s is missing", p)
				continue
			}
			if !da.IsComputed() || da.IsOptional() || da.IsRequired() {
				t.Errorf("%s: Computed %v, Optional %v, Required %v; want Computed only", p, da.IsComputed(), da.IsOptional(), da.IsRequired())
			}
			if !da.GetType().Equal(ra.GetType()) {
				t.Errorf("%s: type %s, want %s", p, da.GetType(), ra.GetType())
			}
			if da.IsSensitive() != ra.IsSensitive() {
				t.Errorf("%s: Sensitive %v, want %v", p, da.IsSensitive(), ra.IsSensitive())
			}
			if da.GetDeprecationMessage() != ra.GetDeprecationMessage() {
				t.Errorf("%s: deprecation %q, want %q", p, da.GetDeprecationMessage(), ra.GetDeprecationMessage())
			}
			if da.GetDescription() != ra.GetDescription() || da.GetMarkdownDescription() != ra.GetMarkdownDescription() {
				t.Errorf("%s: descriptions %q, %q; want %q, %q", p,
					da.GetDescription(), da.GetMarkdownDescription(), ra.GetDescription(), ra.GetMarkdownDescription())
			}
			// Data source attributes have no defaults or plan modifiers at all.
			if n := reflect.ValueOf(da).FieldByName("Validators").Len(); n != 0 {
				t.Errorf("%s keeps %d validators", p, n)
			}
			switch ra := ra.(type) {
			case rschema.ListNestedAttribute:
				dn := as[dsschema.ListNestedAttribute](t, da)
				if len(dn.NestedObject.Validators) != 0 {
					t.Errorf("%s keeps the validators of its objects", p)
				}
				check(p+".", ra.NestedObject.Attributes, dn.NestedObject.Attributes)
			case rschema.SetNestedAttribute:
				check(p+".", ra.NestedObject.Attributes, as[dsschema.SetNestedAttribute](t, da).NestedObject.Attributes)
			case rschema.MapNestedAttribute:
				check(p+".", ra.NestedObject.Attributes, as[dsschema.MapNestedAttribute](t, da).NestedObject.Attributes)
			case rschema.SingleNestedAttribute:
				check(p+".", ra.Attributes, as[dsschema.SingleNestedAttribute](t, da).Attributes)
			}
		}
	}
	check("", rattrs, dattrs)

	// The data source's attribute is plain Terraform data, such as a model field of the resource's type.
	if got := as[dsschema.StringAttribute](t, dattrs["metadata"]).CustomType; got != (jsontypes.NormalizedType{}) {
		t.Errorf("metadata: custom type %v, want jsontypes.NormalizedType", got)
	}
}

// TestDataSourceAttributesFrom_descriptions checks that resource notes are cut
// and data source notes appended, at the top level and in nested objects.
func TestDataSourceAttributesFrom_descriptions(t *testing.T) {
	descs := dataSourceDescriptions{
		resourceNotes: []string{" Unused note.", testNote},
		notes: map[string]string{
			"name":               " Read from the API.",
			"tags":               " Empty when none.",
			"items.key":          " The key of the item.",
			"single.items.count": " Zero when none.",
		},
	}
	dattrs := dataSourceAttributesFrom(testResourceAttributes(), descs)
	for _, tc := range []struct {
		path      string
		attr      dsschema.Attribute
		plain, md string
	}{
		{"name", dattrs["name"], "The name (plain). Read from the API.", "The `name`. Read from the API."},
		{"tags", dattrs["tags"], "", "Tags. Empty when none."},
		{"size", dattrs["size"], "", "Size."},
		{"items.key", as[dsschema.ListNestedAttribute](t, dattrs["items"]).NestedObject.Attributes["key"], "", "The key. The key of the item."},
		{"item_set.key", as[dsschema.SetNestedAttribute](t, dattrs["item_set"]).NestedObject.Attributes["key"], "", "The key."},
		{"single.items.count", as[dsschema.ListNestedAttribute](t, as[dsschema.SingleNestedAttribute](t, dattrs["single"]).Attributes["items"]).
			NestedObject.Attributes["count"], "", "How many. Zero when none."},
	} {
		if got := tc.attr.GetDescription(); got != tc.plain {
			t.Errorf("%s: description %q, want %q", tc.path, got, tc.plain)
		}
		if got := tc.attr.GetMarkdownDescription(); got != tc.md {
			t.Errorf("%s: Markdown description %q, want %q", tc.path, got, tc.md)
		}
	}
}

// TestDataSourceAttributesFrom_trimsNotesInAnyOrder checks that several resource
// notes ending a description are all cut, whatever their order.
func TestDataSourceAttributesFrom_trimsNotesInAnyOrder(t *testing.T) {
	const a, b = " Omitting it clears it.", " Changing it renames it."
	rattrs := map[string]rschema.Attribute{
		"ab":     rschema.StringAttribute{MarkdownDescription: "X." + a + b, Optional: true},
		"ba":     rschema.StringAttribute{MarkdownDescription: "X." + b + a, Optional: true},
		"middle": rschema.StringAttribute{MarkdownDescription: "X." + a + " Y.", Optional: true},
		"only":   rschema.StringAttribute{MarkdownDescription: a, Optional: true},
	}
	dattrs := dataSourceAttributesFrom(rattrs, dataSourceDescriptions{
		resourceNotes: []string{a, b},
		notes:         map[string]string{"only": " Read from the API."},
	})
	for name, want := range map[string]string{"ab": "X.", "ba": "X.", "middle": "X." + a + " Y.", "only": " Read from the API."} {
		if got := dattrs[name].GetMarkdownDescription(); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
}

// TestDataSourceAttributesFrom_unknownNotePath checks that a note for an
// attribute that does not exist, such as after a rename, is reported.
func TestDataSourceAttributesFrom_unknownNotePath(t *testing.T) {
	defer func() {
		msg, _ := recover().(string)
		if !strings.Contains(msg, "items.nope") || !strings.Contains(msg, "renamed") {
			t.Errorf("panic %q, want one naming items.nope and renamed", msg)
		}
	}()
	dataSourceAttributesFrom(testResourceAttributes(), dataSourceDescriptions{
		notes: map[string]string{"items.key": " Ok.", "items.nope": " No.", "renamed": " No."},
	})
}

// TestObjectAttrTypes checks that the object types of nested attributes are
// found through lists, sets, maps and single objects.
func TestObjectAttrTypes(t *testing.T) {
	attrs := testResourceAttributes()
	want := map[string]attr.Type{"key": types.StringType, "count": types.Int64Type}
	for _, name := range []string{"items", "item_set", "item_map"} {
		if got := objectAttrTypes(attrs[name].GetType()); !(types.ObjectType{AttrTypes: got}).Equal(types.ObjectType{AttrTypes: want}) {
			t.Errorf("%s: %v, want %v", name, got, want)
		}
	}
	single := objectAttrTypes(attrs["single"].GetType())
	if got := objectAttrTypes(single["items"]); !(types.ObjectType{AttrTypes: got}).Equal(types.ObjectType{AttrTypes: want}) {
		t.Errorf("single.items: %v, want %v", got, want)
	}
	if got := objectAttrTypes(attrs["point"].GetType()); !got["x"].Equal(types.Int64Type) {
		t.Errorf("point: %v", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("objectAttrTypes of a list of strings did not panic")
		}
	}()
	objectAttrTypes(types.ListType{ElemType: types.StringType})
}

// as returns v as a T, or fails the test.
func as[T any](t *testing.T, v any) T {
	t.Helper()
	x, ok := v.(T)
	if !ok {
		t.Fatalf("%T is not a %T", v, x)
	}
	return x
}
