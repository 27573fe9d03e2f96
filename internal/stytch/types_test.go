package stytch

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestUpdateRequestMarshal(t *testing.T) {
	str := func(s string) *string { return &s }
	tests := []struct {
		name  string
		req   UpdateRequest
		want  string
		empty bool
	}{
		{"zero value sends nothing", UpdateRequest{}, `{}`, true},
		{"empty metadata map is not sent", UpdateRequest{TrustedMetadata: map[string]json.RawMessage{}}, `{}`, true},
		{"name set", UpdateRequest{OrganizationName: str("Acme")}, `{"organization_name":"Acme"}`, false},
		{"empty string is sent", UpdateRequest{OrganizationLogoURL: str("")}, `{"organization_logo_url":""}`, false},
		{"empty default connection is sent", UpdateRequest{SSODefaultConnectionID: str("")}, `{"sso_default_connection_id":""}`, false},
		{"empty slice is sent as []", UpdateRequest{EmailAllowedDomains: &[]string{}}, `{"email_allowed_domains":[]}`, false},
		{"nil slice behind a pointer is sent as null", UpdateRequest{AllowedMFAMethods: new([]string)}, `{"allowed_mfa_methods":null}`, false},
		{"empty role assignments", UpdateRequest{RBACEmailImplicitRoleAssignments: &[]RoleAssignment{}}, `{"rbac_email_implicit_role_assignments":[]}`, false},
		{"empty tenants map is sent as {}", UpdateRequest{AllowedOAuthTenants: &map[string][]string{}}, `{"allowed_oauth_tenants":{}}`, false},
		{
			"metadata key deletion",
			UpdateRequest{TrustedMetadata: map[string]json.RawMessage{"gone": nil, "kept": json.RawMessage(`{"a":[1,2]}`), "s": json.RawMessage(`"x"`)}},
			`{"trusted_metadata":{"gone":null,"kept":{"a":[1,2]},"s":"x"}}`,
			false,
		},
		{
			"only changed fields, in declaration order",
			UpdateRequest{
				OrganizationSlug:           str("acme"),
				EmailJITProvisioning:       str("RESTRICTED"),
				AllowedAuthMethods:         &[]string{"sso"},
				OrganizationExternalID:     str(""),
				ClaimedEmailDomains:        &[]string{"acme.com", "acme.io"},
				OAuthTenantJITProvisioning: str("NOT_ALLOWED"),
			},
			`{"organization_slug":"acme","organization_external_id":"","email_jit_provisioning":"RESTRICTED","allowed_auth_methods":["sso"],"oauth_tenant_jit_provisioning":"NOT_ALLOWED","claimed_email_domains":["acme.com","acme.io"]}`,
			false,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := json.Marshal(tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("json = %s\nwant   %s", got, tt.want)
			}
			if tt.req.IsEmpty() != tt.empty {
				t.Errorf("IsEmpty() = %v, want %v", tt.req.IsEmpty(), tt.empty)
			}
		})
	}
}

// TestUpdateRequestEveryFieldTriState sets each field, one at a time, to its
// "clear" value and checks that exactly that JSON key is sent with [], "" or {}.
func TestUpdateRequestEveryFieldTriState(t *testing.T) {
	typ := reflect.TypeFor[UpdateRequest]()
	seen := map[string]bool{}
	for i := range typ.NumField() {
		f := typ.Field(i)
		tag := strings.Split(f.Tag.Get("json"), ",")
		key := tag[0]
		if key == "" || key == "-" || len(tag) < 2 || tag[1] != "omitempty" {
			t.Errorf("field %s has json tag %q, want \"<name>,omitempty\"", f.Name, f.Tag.Get("json"))
			continue
		}
		if seen[key] {
			t.Errorf("json key %q used twice", key)
		}
		seen[key] = true

		var req UpdateRequest
		v := reflect.ValueOf(&req).Elem().Field(i)
		var want string
		switch {
		case f.Type.Kind() == reflect.Map: // trusted_metadata
			v.Set(reflect.MakeMap(f.Type))
			v.SetMapIndex(reflect.ValueOf("k"), reflect.ValueOf(json.RawMessage(nil)))
			want = `{"k":null}`
		case f.Type.Kind() == reflect.Pointer && f.Type.Elem().Kind() == reflect.String:
			v.Set(reflect.New(f.Type.Elem()))
			want = `""`
		case f.Type.Kind() == reflect.Pointer && f.Type.Elem().Kind() == reflect.Slice:
			p := reflect.New(f.Type.Elem())
			p.Elem().Set(reflect.MakeSlice(f.Type.Elem(), 0, 0))
			v.Set(p)
			want = `[]`
		case f.Type.Kind() == reflect.Pointer && f.Type.Elem().Kind() == reflect.Map:
			p := reflect.New(f.Type.Elem())
			p.Elem().Set(reflect.MakeMap(f.Type.Elem()))
			v.Set(p)
			want = `{}`
		default:
			t.Errorf("field %s has type %s, which cannot express 'unchanged' versus 'clear'", f.Name, f.Type)
			continue
		}
		if req.IsEmpty() {
			t.Errorf("%s: IsEmpty() = true with the field set", f.Name)
		}
		b, err := json.Marshal(req)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		var got map[string]json.RawMessage
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || string(got[key]) != want {
			t.Errorf("%s: json = %s, want {%q:%s}", f.Name, b, key, want)
		}
	}
	// Every updatable field (DESIGN.md, "Update an organization") is present.
	for _, key := range []string{
		"organization_name", "organization_slug", "organization_logo_url", "trusted_metadata",
		"organization_external_id", "sso_default_connection_id", "sso_jit_provisioning",
		"sso_jit_provisioning_allowed_connections", "email_allowed_domains", "email_jit_provisioning",
		"email_invites", "auth_methods", "allowed_auth_methods", "mfa_policy",
		"rbac_email_implicit_role_assignments", "mfa_methods", "allowed_mfa_methods",
		"oauth_tenant_jit_provisioning", "allowed_oauth_tenants", "claimed_email_domains",
		"first_party_connected_apps_allowed_type", "allowed_first_party_connected_apps",
		"third_party_connected_apps_allowed_type", "allowed_third_party_connected_apps",
	} {
		if !seen[key] {
			t.Errorf("UpdateRequest has no field for %q", key)
		}
	}
	if len(seen) != 24 {
		t.Errorf("UpdateRequest has %d fields, want the 24 of Stytch's Update body", len(seen))
	}
}

func TestCreateRequestMarshal(t *testing.T) {
	tests := []struct {
		name string
		req  CreateRequest
		want string
	}{
		{"name only", CreateRequest{OrganizationName: "Acme"}, `{"organization_name":"Acme"}`},
		{"name is always sent", CreateRequest{}, `{"organization_name":""}`},
		{
			"empty collections omitted",
			CreateRequest{
				OrganizationName:    "Acme",
				EmailAllowedDomains: []string{},
				TrustedMetadata:     map[string]json.RawMessage{},
				AllowedOAuthTenants: map[string][]string{},
				AllowedAuthMethods:  nil,
			},
			`{"organization_name":"Acme"}`,
		},
		{
			"set fields sent",
			CreateRequest{
				OrganizationName:                 "Acme",
				OrganizationSlug:                 "acme",
				TrustedMetadata:                  map[string]json.RawMessage{"tier": json.RawMessage(`"gold"`)},
				EmailAllowedDomains:              []string{"acme.com"},
				MFAPolicy:                        "REQUIRED_FOR_ALL",
				RBACEmailImplicitRoleAssignments: []RoleAssignment{{Domain: "acme.com", RoleID: "admin"}},
				AllowedOAuthTenants:              map[string][]string{"slack": {"T1"}},
			},
			`{"organization_name":"Acme","organization_slug":"acme","trusted_metadata":{"tier":"gold"},"email_allowed_domains":["acme.com"],"mfa_policy":"REQUIRED_FOR_ALL","rbac_email_implicit_role_assignments":[{"domain":"acme.com","role_id":"admin"}],"allowed_oauth_tenants":{"slack":["T1"]}}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := json.Marshal(tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("json = %s\nwant   %s", got, tt.want)
			}
		})
	}

	// Every field but the name is omitempty, and none of Update's SSO-only fields exist.
	typ := reflect.TypeFor[CreateRequest]()
	for i := range typ.NumField() {
		f := typ.Field(i)
		tag := f.Tag.Get("json")
		if f.Name == "OrganizationName" {
			if tag != "organization_name" {
				t.Errorf("OrganizationName tag = %q", tag)
			}
			continue
		}
		if !strings.HasSuffix(tag, ",omitempty") {
			t.Errorf("field %s tag %q is not omitempty", f.Name, tag)
		}
		if strings.HasPrefix(tag, "sso_default_connection_id") || strings.HasPrefix(tag, "sso_jit_provisioning_allowed_connections") {
			t.Errorf("field %s is not accepted on Create", f.Name)
		}
	}
}

func TestSearchRequestMarshal(t *testing.T) {
	got, err := json.Marshal(SearchRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != `{}` {
		t.Errorf("empty search = %s, want {}", got)
	}
	got, err = json.Marshal(SearchRequest{Limit: 100, Query: &SearchQuery{Operator: "AND", Operands: []SearchOperand{{FilterName: FilterOrganizationSlugs, FilterValue: []string{"acme-corp"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	// The example body of the search documentation (DESIGN.md, "Search").
	if want := `{"limit":100,"query":{"operator":"AND","operands":[{"filter_name":"organization_slugs","filter_value":["acme-corp"]}]}}`; string(got) != want {
		t.Errorf("search = %s\nwant     %s", got, want)
	}
}
