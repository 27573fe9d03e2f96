package provider

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// A resource's schema is the one place where its attributes are declared. The
// data sources that read the same object derive their attributes from it with
// dataSourceAttributesFrom, and the model code takes the types of nested
// objects from it with objectAttrTypes, so that a new attribute is declared
// once and the three cannot drift apart.

// dataSourceDescriptions words the descriptions that a data source takes from
// a resource. The zero value keeps them unchanged.
type dataSourceDescriptions struct {
	// resourceNotes are sentences of resource descriptions that only make sense
	// for an argument, such as what omitting or changing it does. They are cut
	// from the end of each description, in any order and combination.
	resourceNotes []string
	// argumentClauses start the argument-only part of a description ("
	// Omitting it", " Conflicts with"): a description is cut at the first of
	// them, for resources whose notes are worded per argument rather than
	// shared as resourceNotes.
	argumentClauses []string
	// notes are appended to the description of the attribute at a path: its
	// name, or parent names and its name joined by dots for a nested attribute
	// ("custom_roles.permissions"). A path that names no attribute panics, so
	// that a renamed attribute cannot lose its note silently.
	notes map[string]string
}

// dataSourceAttributesFrom returns the data source form of resource
// attributes: every attribute Computed, with the same type (custom types
// included), sensitivity, deprecation message and descriptions (worded by
// descs). Validators, defaults and plan modifiers describe configuration, which
// a Computed attribute has none of, so they are dropped. Nested attributes are
// converted recursively. Write-only attributes are left out: Terraform never
// stores them, so nothing can be read back. Callers adjust the result, for
// example to make a lookup key Optional.
func dataSourceAttributesFrom(attrs map[string]rschema.Attribute, descs dataSourceDescriptions) map[string]dsschema.Attribute {
	unused := make(map[string]bool, len(descs.notes))
	for p := range descs.notes {
		unused[p] = true
	}
	out := convertAttributes(attrs, "", descs, unused)
	if len(unused) > 0 {
		panic(fmt.Sprintf("data source notes for attributes that do not exist: %s",
			strings.Join(slices.Sorted(maps.Keys(unused)), ", ")))
	}
	return out
}

func convertAttributes(attrs map[string]rschema.Attribute, prefix string, descs dataSourceDescriptions, unused map[string]bool) map[string]dsschema.Attribute {
	out := make(map[string]dsschema.Attribute, len(attrs))
	for name, a := range attrs {
		if a.IsWriteOnly() {
			continue
		}
		p := prefix + name
		delete(unused, p)
		out[name] = convertAttribute(a, p, descs, unused)
	}
	return out
}

func convertNestedObject(o rschema.NestedAttributeObject, p string, descs dataSourceDescriptions, unused map[string]bool) dsschema.NestedAttributeObject {
	return dsschema.NestedAttributeObject{
		Attributes: convertAttributes(o.Attributes, p+".", descs, unused),
		CustomType: o.CustomType,
	}
}

func convertAttribute(a rschema.Attribute, p string, descs dataSourceDescriptions, unused map[string]bool) dsschema.Attribute {
	desc, md := descs.describe(p, a.GetDescription(), a.GetMarkdownDescription())
	sensitive, deprecation := a.IsSensitive(), a.GetDeprecationMessage()

	switch a := a.(type) {
	case rschema.StringAttribute:
		return dsschema.StringAttribute{CustomType: a.CustomType, Computed: true, Sensitive: sensitive,
			Description: desc, MarkdownDescription: md, DeprecationMessage: deprecation}
	case rschema.BoolAttribute:
		return dsschema.BoolAttribute{CustomType: a.CustomType, Computed: true, Sensitive: sensitive,
			Description: desc, MarkdownDescription: md, DeprecationMessage: deprecation}
	case rschema.Int64Attribute:
		return dsschema.Int64Attribute{CustomType: a.CustomType, Computed: true, Sensitive: sensitive,
			Description: desc, MarkdownDescription: md, DeprecationMessage: deprecation}
	case rschema.Int32Attribute:
		return dsschema.Int32Attribute{CustomType: a.CustomType, Computed: true, Sensitive: sensitive,
			Description: desc, MarkdownDescription: md, DeprecationMessage: deprecation}
	case rschema.Float64Attribute:
		return dsschema.Float64Attribute{CustomType: a.CustomType, Computed: true, Sensitive: sensitive,
			Description: desc, MarkdownDescription: md, DeprecationMessage: deprecation}
	case rschema.Float32Attribute:
		return dsschema.Float32Attribute{CustomType: a.CustomType, Computed: true, Sensitive: sensitive,
			Description: desc, MarkdownDescription: md, DeprecationMessage: deprecation}
	case rschema.NumberAttribute:
		return dsschema.NumberAttribute{CustomType: a.CustomType, Computed: true, Sensitive: sensitive,
			Description: desc, MarkdownDescription: md, DeprecationMessage: deprecation}
	case rschema.DynamicAttribute:
		return dsschema.DynamicAttribute{CustomType: a.CustomType, Computed: true, Sensitive: sensitive,
			Description: desc, MarkdownDescription: md, DeprecationMessage: deprecation}
	case rschema.ListAttribute:
		return dsschema.ListAttribute{ElementType: a.ElementType, CustomType: a.CustomType, Computed: true, Sensitive: sensitive,
			Description: desc, MarkdownDescription: md, DeprecationMessage: deprecation}
	case rschema.SetAttribute:
		return dsschema.SetAttribute{ElementType: a.ElementType, CustomType: a.CustomType, Computed: true, Sensitive: sensitive,
			Description: desc, MarkdownDescription: md, DeprecationMessage: deprecation}
	case rschema.MapAttribute:
		return dsschema.MapAttribute{ElementType: a.ElementType, CustomType: a.CustomType, Computed: true, Sensitive: sensitive,
			Description: desc, MarkdownDescription: md, DeprecationMessage: deprecation}
	case rschema.ObjectAttribute:
		return dsschema.ObjectAttribute{AttributeTypes: a.AttributeTypes, CustomType: a.CustomType, Computed: true, Sensitive: sensitive,
			Description: desc, MarkdownDescription: md, DeprecationMessage: deprecation}
	case rschema.ListNestedAttribute:
		return dsschema.ListNestedAttribute{NestedObject: convertNestedObject(a.NestedObject, p, descs, unused),
			CustomType: a.CustomType, Computed: true, Sensitive: sensitive,
			Description: desc, MarkdownDescription: md, DeprecationMessage: deprecation}
	case rschema.SetNestedAttribute:
		return dsschema.SetNestedAttribute{NestedObject: convertNestedObject(a.NestedObject, p, descs, unused),
			CustomType: a.CustomType, Computed: true, Sensitive: sensitive,
			Description: desc, MarkdownDescription: md, DeprecationMessage: deprecation}
	case rschema.MapNestedAttribute:
		return dsschema.MapNestedAttribute{NestedObject: convertNestedObject(a.NestedObject, p, descs, unused),
			CustomType: a.CustomType, Computed: true, Sensitive: sensitive,
			Description: desc, MarkdownDescription: md, DeprecationMessage: deprecation}
	case rschema.SingleNestedAttribute:
		return dsschema.SingleNestedAttribute{Attributes: convertAttributes(a.Attributes, p+".", descs, unused),
			CustomType: a.CustomType, Computed: true, Sensitive: sensitive,
			Description: desc, MarkdownDescription: md, DeprecationMessage: deprecation}
	}
	panic(fmt.Sprintf("dataSourceAttributesFrom: attribute %s has the unsupported type %T", p, a))
}

// describe returns the data source's plain and Markdown descriptions of the
// attribute at path p. Terraform shows the Markdown one when it is set.
func (d dataSourceDescriptions) describe(p, desc, md string) (string, string) {
	note := d.notes[p]
	desc, md = d.trimResourceNotes(desc), d.trimResourceNotes(md)
	if desc != "" {
		desc += note
	}
	if md != "" || desc == "" {
		md += note
	}
	return desc, md
}

// trimResourceNotes cuts resource notes from the end of s until none is left,
// and s from the first argument clause on.
func (d dataSourceDescriptions) trimResourceNotes(s string) string {
	for _, c := range d.argumentClauses {
		if i := strings.Index(s, c); i > 0 {
			s = s[:i]
		}
	}
	for trimmed := true; trimmed; {
		trimmed = false
		for _, n := range d.resourceNotes {
			if n != "" && strings.HasSuffix(s, n) {
				s, trimmed = strings.TrimSuffix(s, n), true
			}
		}
	}
	return s
}

// mapElemType returns the element type of a map type; the schema is the
// provider's own, so anything else is a programming error.
func mapElemType(t attr.Type) attr.Type {
	m, ok := t.(types.MapType)
	if !ok {
		panic(fmt.Sprintf("mapElemType: %s is not a map type", t))
	}
	return m.ElemType
}

// objectAttrTypes returns the attribute types of the objects held by a value
// of type t: t itself when it is an object type, or the elements of a list,
// set or map, at any depth. Read from a schema attribute's GetType(), it is
// what types.ObjectValue and friends need, without writing the types twice.
func objectAttrTypes(t attr.Type) map[string]attr.Type {
	for {
		switch tt := t.(type) {
		case attr.TypeWithAttributeTypes:
			return tt.AttributeTypes()
		case attr.TypeWithElementType:
			t = tt.ElementType()
		default:
			panic(fmt.Sprintf("objectAttrTypes: %s holds no object", t))
		}
	}
}

// codeList renders values as Markdown code separated by commas: `a`, `b`.
func codeList(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = "`" + v + "`"
	}
	return strings.Join(quoted, ", ")
}
