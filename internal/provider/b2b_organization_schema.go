package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// This file defines the attributes of a B2B organization once. The resource
// stytch_b2b_organization and the data sources stytch_b2b_organization and
// stytch_b2b_organizations all derive their schema from organizationAttrs:
// the resource adds its modes, validators, defaults and plan modifiers; the
// data sources make every attribute Computed. The descriptions, the types and
// the nesting cannot drift apart, and b2bOrganizationModel.fromAPI fills all three.

// orgAttrKind is the Terraform type of an organization attribute.
type orgAttrKind int

const (
	orgString     orgAttrKind = iota // a string
	orgJSON                          // a JSON object held in a string (jsontypes.Normalized)
	orgStringSet                     // a set of strings
	orgStringList                    // a list of strings
	orgSetMap                        // a map of sets of strings
	orgObjectSet                     // a set of nested objects
	orgObjectList                    // a list of nested objects
	orgObject                        // one nested object
)

// orgAttrMode is how the resource treats an attribute. Data sources ignore it:
// every attribute they return is Computed.
type orgAttrMode int

const (
	modeReadOnly orgAttrMode = iota // Computed: only Stytch sets it
	modeRequired                    // Required
	modeOptional                    // Optional and Computed: configured, or taken from Stytch or the default
)

// orgAttr describes one attribute of an organization.
type orgAttr struct {
	name string
	kind orgAttrKind
	// description says what the value is. The resource and the data sources
	// share it; each may append its own note.
	description string
	// enum lists the allowed values of a string, or of the elements of a set.
	// Every schema documents them after the description; the resource also
	// validates them.
	enum []string
	// nested are the attributes of the objects of the nested kinds.
	nested []orgAttr

	// Resource-only behavior.

	mode orgAttrMode
	// resourceNote is appended to the description in the resource, for
	// example what omitting the argument does. It starts with its separator.
	resourceNote string
	// emptyDefault makes an omitted Optional argument default to the empty
	// value of its kind ("", "{}" for JSON, an empty set or map), so that
	// removing it from the configuration clears it in Stytch.
	emptyDefault bool
	// keepState adds UseStateForUnknown: the value is stable across updates,
	// or, for an Optional argument without default, Stytch's value is kept.
	keepState bool
	// validators check a string; elemValidators each element of a set of
	// strings; mapValidators a map.
	validators     []validator.String
	elemValidators []validator.String
	mapValidators  []validator.Map

	// dataSourceNote is appended to the description in the data sources. It
	// starts with its separator.
	dataSourceNote string
}

// Resource notes shared by several attributes.
const (
	noteStytchDefault = " When omitted, Stytch's default applies when the organization is created and the current value is kept afterwards."
	noteClearsList    = " Omitting it, or removing it from the configuration, clears the list in Stytch."
)

// enumSetting is an Optional setting with enumerated values that Stytch defaults.
func enumSetting(name, description string, values []string) orgAttr {
	return orgAttr{
		name: name, kind: orgString, description: description, enum: values,
		mode: modeOptional, keepState: true, resourceNote: noteStytchDefault,
	}
}

// listSetting is an Optional set of strings that defaults to empty.
func listSetting(name, description string, elemValidators ...validator.String) orgAttr {
	return orgAttr{
		name: name, kind: orgStringSet, description: description,
		mode: modeOptional, emptyDefault: true, resourceNote: noteClearsList, elemValidators: elemValidators,
	}
}

// readOnly is an attribute that only Stytch sets.
func readOnly(name string, kind orgAttrKind, description string, nested ...orgAttr) orgAttr {
	return orgAttr{name: name, kind: kind, description: description, nested: nested}
}

// organizationAttrs are the attributes of a B2B organization: the body of
// Stytch's Create Organization call, the update-only SSO settings and the
// read-only fields of the Organization object.
var organizationAttrs = []orgAttr{
	{
		name: "id", kind: orgString, keepState: true,
		description: "The organization id, the same as `organization_id`.",
	},
	{
		name: "organization_id", kind: orgString, keepState: true,
		description: "The organization id assigned by Stytch, such as `organization-test-...`.",
	},
	{
		name: "organization_name", kind: orgString, mode: modeRequired,
		description: "The organization's display name, 1 to 128 characters.",
		validators:  []validator.String{stringvalidator.LengthBetween(1, 128)},
	},
	{
		name: "organization_slug", kind: orgString, mode: modeRequired,
		description: "The organization's unique slug within the project: 2 to 128 characters, alphanumerics and " +
			"`-` `.` `_` `~`, with at least one alphanumeric.",
		resourceNote: " Changing it renames the organization in place.",
		validators:   slugValidators(),
	},
	{
		name: "organization_logo_url", kind: orgString, mode: modeOptional, emptyDefault: true,
		description:    "The URL of the organization's logo (an absolute `http://` or `https://` URL).",
		resourceNote:   " Omitting it clears the logo.",
		dataSourceNote: " Empty when the organization has no logo.",
		validators:     []validator.String{httpURLValidator{}},
	},
	{
		name: "organization_external_id", kind: orgString, mode: modeOptional, emptyDefault: true,
		description: "Your own unique identifier for the organization (alphanumerics and `.` `_` `-` `|`, " +
			"at most 128 characters).",
		resourceNote:   " Omitting it removes the external id.",
		dataSourceNote: " Empty when the organization has none.",
		validators:     externalIDValidators(),
	},
	{
		name: "trusted_metadata", kind: orgJSON, mode: modeOptional, emptyDefault: true,
		description: "Arbitrary JSON object stored with the organization",
		resourceNote: ", written with `jsonencode({...})`. Key order and formatting do not cause a diff. " +
			"The configuration is authoritative: a top-level key removed from it is deleted in Stytch. " +
			"At most 20 top-level keys and 4 KB. Defaults to `{}`.",
		dataSourceNote: ", as a JSON string (`{}` when empty): read it with `jsondecode(...)`.",
		validators:     []validator.String{metadataValidator{}},
	},
	enumSetting("mfa_policy", "Whether members must use multi-factor authentication.", stytch.MFAPolicyValues),
	enumSetting("email_jit_provisioning", "Whether members with a verified email of `email_allowed_domains` may join "+
		"by JIT provisioning (`RESTRICTED`).", stytch.EmailJITProvisioningValues),
	enumSetting("email_invites", "Who may be invited by email: anyone (`ALL_ALLOWED`), only addresses of "+
		"`email_allowed_domains` (`RESTRICTED`), or nobody.", stytch.EmailInvitesValues),
	listSetting("email_allowed_domains", "Email domains (such as `example.com`) used by `email_jit_provisioning` and "+
		"`email_invites` when they are `RESTRICTED`. Stytch rejects common public domains such as `gmail.com`.", domainValidator()),
	enumSetting("sso_jit_provisioning", "Which SSO connections may JIT-provision new members.", stytch.SSOJITProvisioningValues),
	func() orgAttr {
		a := listSetting("sso_jit_provisioning_allowed_connections", "SSO connection ids that may JIT-provision members when "+
			"`sso_jit_provisioning` is `RESTRICTED`.")
		a.resourceNote = " Stytch accepts this setting on update only, so on create the provider sets it with a second call; " +
			"the connections must belong to the organization." + noteClearsList
		return a
	}(),
	{
		name: "sso_default_connection_id", kind: orgString, mode: modeOptional, keepState: true,
		description: "The SSO connection used by default when the organization has several.",
		resourceNote: " It must be one of the organization's connections, so it can be set only once they exist. " +
			"When omitted, Stytch's value is kept.",
		dataSourceNote: " Null when none is set.",
		validators:     []validator.String{stringvalidator.LengthAtLeast(1)},
	},
	enumSetting("auth_methods", "Whether members may use every authentication method (`ALL_ALLOWED`) or only "+
		"`allowed_auth_methods` (`RESTRICTED`).", stytch.AuthMethodsValues),
	func() orgAttr {
		a := listSetting("allowed_auth_methods", "Authentication methods allowed when `auth_methods` is `RESTRICTED` "+
			"(required then).")
		a.enum = stytch.AllowedAuthMethodValues
		return a
	}(),
	enumSetting("mfa_methods", "Whether members may use every MFA method (`ALL_ALLOWED`) or only "+
		"`allowed_mfa_methods` (`RESTRICTED`).", stytch.MFAMethodsValues),
	func() orgAttr {
		a := listSetting("allowed_mfa_methods", "MFA methods allowed when `mfa_methods` is `RESTRICTED` (required then).")
		a.enum = stytch.AllowedMFAMethodValues
		return a
	}(),
	{
		name: "rbac_email_implicit_role_assignments", kind: orgObjectSet, mode: modeOptional, emptyDefault: true,
		description:  "Roles granted implicitly to members whose verified email is in a domain.",
		resourceNote: " Omitting it, or removing it from the configuration, removes every assignment in Stytch.",
		nested: []orgAttr{
			{
				name: "domain", kind: orgString, mode: modeRequired,
				description: "The email domain, such as `example.com`.",
				validators:  []validator.String{domainValidator()},
			},
			{
				name: "role_id", kind: orgString, mode: modeRequired,
				description: "The role granted, such as `stytch_admin` or a custom role id.",
				validators:  []validator.String{stringvalidator.LengthAtLeast(1)},
			},
		},
	},
	enumSetting("oauth_tenant_jit_provisioning", "Whether users of `allowed_oauth_tenants` may join by JIT "+
		"provisioning (`RESTRICTED`).", stytch.OAuthTenantJITProvisioningValues),
	{
		name: "allowed_oauth_tenants", kind: orgSetMap, mode: modeOptional, emptyDefault: true,
		description: "OAuth tenants whose users may join when `oauth_tenant_jit_provisioning` is `RESTRICTED`: " +
			"a map from provider to a set of tenant ids, such as `{ slack = [\"T0123ABCD\"] }`. " +
			"The keys must be " + enumDescription(stytch.OAuthTenantProviders)[len("One of "):],
		resourceNote: " Omitting it, or removing it from the configuration, removes every tenant in Stytch.",
		mapValidators: []validator.Map{
			mapvalidator.KeysAre(stringvalidator.OneOf(stytch.OAuthTenantProviders...)),
			mapvalidator.ValueSetsAre(setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))),
		},
	},
	listSetting("claimed_email_domains", "Email domains this organization claims (verified ownership). A domain can be "+
		"claimed by one organization of the project only.", domainValidator()),
	enumSetting("first_party_connected_apps_allowed_type", "Which first-party Connected Apps members may use.",
		stytch.ConnectedAppsAllowedTypeValues),
	listSetting("allowed_first_party_connected_apps", "First-party Connected App ids allowed when "+
		"`first_party_connected_apps_allowed_type` is `RESTRICTED`."),
	enumSetting("third_party_connected_apps_allowed_type", "Which third-party Connected Apps members may use.",
		stytch.ConnectedAppsAllowedTypeValues),
	listSetting("allowed_third_party_connected_apps", "Third-party Connected App ids allowed when "+
		"`third_party_connected_apps_allowed_type` is `RESTRICTED`."),
	func() orgAttr {
		a := readOnly("sso_active_connections", orgObjectList,
			"The organization's active SSO connections (managed with Stytch's SSO endpoints, read-only here).",
			readOnly("connection_id", orgString, "The connection id."),
			readOnly("display_name", orgString, "The connection's display name."),
			readOnly("identity_provider", orgString, "The identity provider, such as `okta`."),
		)
		a.keepState = true
		return a
	}(),
	func() orgAttr {
		a := readOnly("scim_active_connection", orgObject,
			"The organization's active SCIM connection, or null (read-only).",
			readOnly("connection_id", orgString, "The connection id."),
			readOnly("display_name", orgString, "The connection's display name."),
			readOnly("bearer_token_last_four", orgString, "The last four characters of the SCIM bearer token."),
			readOnly("bearer_token_expires_at", orgString, "When the bearer token expires (RFC 3339), or empty."),
		)
		a.keepState = true
		return a
	}(),
	func() orgAttr {
		a := readOnly("custom_roles", orgObjectList,
			"Organization-scoped RBAC roles (managed with Stytch's RBAC endpoints, read-only here).",
			readOnly("role_id", orgString, "The role id."),
			readOnly("description", orgString, "The role's description."),
			readOnly("permissions", orgObjectList, "What the role may do.",
				readOnly("resource_id", orgString, "The RBAC resource."),
				readOnly("actions", orgStringList, "The actions allowed on it."),
			),
		)
		a.keepState = true
		return a
	}(),
	{
		name: "created_at", kind: orgString, keepState: true,
		description: "When the organization was created (RFC 3339, UTC).",
	},
	{
		name: "updated_at", kind: orgString,
		description: "When the organization was last changed (RFC 3339, UTC).",
	},
}

// orgAttrByName returns the attribute of organizationAttrs with that name.
func orgAttrByName(name string) orgAttr {
	for _, a := range organizationAttrs {
		if a.name == name {
			return a
		}
	}
	panic(fmt.Sprintf("no organization attribute %q", name))
}

// sharedDescription is the part of the description every schema has: the
// description and, for enumerations, the allowed values.
func (a orgAttr) sharedDescription() string {
	if len(a.enum) > 0 {
		return a.description + " " + enumDescription(a.enum)
	}
	return a.description
}

// attrType is the Terraform type of the attribute's value, the same in every schema.
func (a orgAttr) attrType() attr.Type {
	switch a.kind {
	case orgJSON:
		return jsontypes.NormalizedType{}
	case orgStringSet:
		return types.SetType{ElemType: types.StringType}
	case orgStringList:
		return types.ListType{ElemType: types.StringType}
	case orgSetMap:
		return types.MapType{ElemType: types.SetType{ElemType: types.StringType}}
	case orgObjectSet:
		return types.SetType{ElemType: types.ObjectType{AttrTypes: orgAttrTypes(a.nested)}}
	case orgObjectList:
		return types.ListType{ElemType: types.ObjectType{AttrTypes: orgAttrTypes(a.nested)}}
	case orgObject:
		return types.ObjectType{AttrTypes: orgAttrTypes(a.nested)}
	default:
		return types.StringType
	}
}

// orgAttrTypes maps attribute names to their types, as an object type needs.
func orgAttrTypes(attrs []orgAttr) map[string]attr.Type {
	out := make(map[string]attr.Type, len(attrs))
	for _, a := range attrs {
		out[a.name] = a.attrType()
	}
	return out
}

// organizationObjectType is the type of one organization as an object, the
// element type of the organizations list of stytch_b2b_organizations.
func organizationObjectType() types.ObjectType {
	return types.ObjectType{AttrTypes: orgAttrTypes(organizationAttrs)}
}

// ---------------------------------------------------------------------------
// Resource schema.

// organizationResourceAttributes are the attributes of the stytch_b2b_organization resource.
func organizationResourceAttributes() map[string]rschema.Attribute {
	return resourceAttributes(organizationAttrs)
}

func resourceAttributes(attrs []orgAttr) map[string]rschema.Attribute {
	out := make(map[string]rschema.Attribute, len(attrs))
	for _, a := range attrs {
		out[a.name] = a.resourceAttribute()
	}
	return out
}

// resourceAttribute is the resource form of the attribute: its mode, the
// resource note, validators, the empty default and plan modifiers.
func (a orgAttr) resourceAttribute() rschema.Attribute {
	desc := a.sharedDescription() + a.resourceNote
	required, optional, computed := a.mode == modeRequired, a.mode == modeOptional, a.mode != modeRequired

	switch a.kind {
	case orgString, orgJSON:
		s := rschema.StringAttribute{MarkdownDescription: desc, Required: required, Optional: optional, Computed: computed}
		if len(a.enum) > 0 {
			s.Validators = append(s.Validators, stringvalidator.OneOf(a.enum...))
		}
		s.Validators = append(s.Validators, a.validators...)
		if a.kind == orgJSON {
			s.CustomType = jsontypes.NormalizedType{}
		}
		if a.emptyDefault {
			empty := ""
			if a.kind == orgJSON {
				empty = "{}"
			}
			s.Default = stringdefault.StaticString(empty)
		}
		if a.keepState {
			s.PlanModifiers = []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
		}
		return s

	case orgStringSet:
		s := rschema.SetAttribute{MarkdownDescription: desc, ElementType: types.StringType, Required: required, Optional: optional, Computed: computed}
		var elems []validator.String
		if len(a.enum) > 0 {
			elems = append(elems, stringvalidator.OneOf(a.enum...))
		}
		if elems = append(elems, a.elemValidators...); len(elems) > 0 {
			s.Validators = []validator.Set{setvalidator.ValueStringsAre(elems...)}
		}
		if a.emptyDefault {
			s.Default = setdefault.StaticValue(types.SetValueMust(types.StringType, []attr.Value{}))
		}
		if a.keepState {
			s.PlanModifiers = []planmodifier.Set{setplanmodifier.UseStateForUnknown()}
		}
		return s

	case orgStringList:
		s := rschema.ListAttribute{MarkdownDescription: desc, ElementType: types.StringType, Required: required, Optional: optional, Computed: computed}
		if a.keepState {
			s.PlanModifiers = []planmodifier.List{listplanmodifier.UseStateForUnknown()}
		}
		return s

	case orgSetMap:
		elem := types.SetType{ElemType: types.StringType}
		m := rschema.MapAttribute{
			MarkdownDescription: desc, ElementType: elem, Required: required, Optional: optional, Computed: computed,
			Validators: a.mapValidators,
		}
		if a.emptyDefault {
			m.Default = mapdefault.StaticValue(types.MapValueMust(elem, map[string]attr.Value{}))
		}
		return m

	case orgObjectSet:
		s := rschema.SetNestedAttribute{
			MarkdownDescription: desc, Required: required, Optional: optional, Computed: computed,
			NestedObject: rschema.NestedAttributeObject{Attributes: resourceAttributes(a.nested)},
		}
		if a.emptyDefault {
			s.Default = setdefault.StaticValue(types.SetValueMust(types.ObjectType{AttrTypes: orgAttrTypes(a.nested)}, []attr.Value{}))
		}
		if a.keepState {
			s.PlanModifiers = []planmodifier.Set{setplanmodifier.UseStateForUnknown()}
		}
		return s

	case orgObjectList:
		l := rschema.ListNestedAttribute{
			MarkdownDescription: desc, Required: required, Optional: optional, Computed: computed,
			NestedObject: rschema.NestedAttributeObject{Attributes: resourceAttributes(a.nested)},
		}
		if a.keepState {
			l.PlanModifiers = []planmodifier.List{listplanmodifier.UseStateForUnknown()}
		}
		return l

	case orgObject:
		o := rschema.SingleNestedAttribute{
			MarkdownDescription: desc, Required: required, Optional: optional, Computed: computed,
			Attributes: resourceAttributes(a.nested),
		}
		if a.keepState {
			o.PlanModifiers = []planmodifier.Object{objectplanmodifier.UseStateForUnknown()}
		}
		return o
	}
	panic(fmt.Sprintf("organization attribute %q has an unknown kind %d", a.name, a.kind))
}

// ---------------------------------------------------------------------------
// Data source schemas.

// organizationDataSourceAttributes are the attributes of one organization as
// the data sources return it: every attribute Computed.
func organizationDataSourceAttributes() map[string]dsschema.Attribute {
	return dataSourceAttributes(organizationAttrs)
}

func dataSourceAttributes(attrs []orgAttr) map[string]dsschema.Attribute {
	out := make(map[string]dsschema.Attribute, len(attrs))
	for _, a := range attrs {
		out[a.name] = a.dataSourceAttribute()
	}
	return out
}

// dataSourceAttribute is the Computed form of the attribute. Validators,
// defaults and plan modifiers are resource behavior and are left out.
func (a orgAttr) dataSourceAttribute() dsschema.Attribute {
	desc := a.sharedDescription() + a.dataSourceNote
	switch a.kind {
	case orgString:
		return dsschema.StringAttribute{MarkdownDescription: desc, Computed: true}
	case orgJSON:
		return dsschema.StringAttribute{MarkdownDescription: desc, Computed: true, CustomType: jsontypes.NormalizedType{}}
	case orgStringSet:
		return dsschema.SetAttribute{MarkdownDescription: desc, Computed: true, ElementType: types.StringType}
	case orgStringList:
		return dsschema.ListAttribute{MarkdownDescription: desc, Computed: true, ElementType: types.StringType}
	case orgSetMap:
		return dsschema.MapAttribute{MarkdownDescription: desc, Computed: true, ElementType: types.SetType{ElemType: types.StringType}}
	case orgObjectSet:
		return dsschema.SetNestedAttribute{
			MarkdownDescription: desc, Computed: true,
			NestedObject: dsschema.NestedAttributeObject{Attributes: dataSourceAttributes(a.nested)},
		}
	case orgObjectList:
		return dsschema.ListNestedAttribute{
			MarkdownDescription: desc, Computed: true,
			NestedObject: dsschema.NestedAttributeObject{Attributes: dataSourceAttributes(a.nested)},
		}
	case orgObject:
		return dsschema.SingleNestedAttribute{MarkdownDescription: desc, Computed: true, Attributes: dataSourceAttributes(a.nested)}
	}
	panic(fmt.Sprintf("organization attribute %q has an unknown kind %d", a.name, a.kind))
}

// dataSourceLookupAttribute is the Optional and Computed form of a string
// attribute that a data source also accepts as a lookup key: the resource's
// validators apply, after extra ones.
func (a orgAttr) dataSourceLookupAttribute(note string, extra ...validator.String) dsschema.StringAttribute {
	return dsschema.StringAttribute{
		MarkdownDescription: a.sharedDescription() + note,
		Optional:            true,
		Computed:            true,
		Validators:          append(extra, a.validators...),
	}
}
