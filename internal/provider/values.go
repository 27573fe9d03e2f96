package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// objectList converts API values into a list of objects of attrTypes, in
// their order; fields gives one object's attributes.
func objectList[T any](in []T, attrTypes map[string]attr.Type, fields func(T) map[string]attr.Value, diags *diag.Diagnostics) types.List {
	l, d := types.ListValue(types.ObjectType{AttrTypes: attrTypes}, objects(in, attrTypes, fields, diags))
	diags.Append(d...)
	return l
}

// objectSet is objectList for a set.
func objectSet[T any](in []T, attrTypes map[string]attr.Type, fields func(T) map[string]attr.Value, diags *diag.Diagnostics) types.Set {
	s, d := types.SetValue(types.ObjectType{AttrTypes: attrTypes}, objects(in, attrTypes, fields, diags))
	diags.Append(d...)
	return s
}

func objects[T any](in []T, attrTypes map[string]attr.Type, fields func(T) map[string]attr.Value, diags *diag.Diagnostics) []attr.Value {
	elems := make([]attr.Value, 0, len(in))
	for _, v := range in {
		obj, d := types.ObjectValue(attrTypes, fields(v))
		diags.Append(d...)
		elems = append(elems, obj)
	}
	return elems
}
