package provider

import (
	"context"
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

func ptr[T any](v T) *T { return &v }

// fullOrganization has a value in every field of the wire object.
func fullOrganization() *stytch.Organization {
	return &stytch.Organization{
		OrganizationID:                       "organization-test-1",
		OrganizationName:                     "Acme",
		OrganizationSlug:                     "acme",
		OrganizationLogoURL:                  "https://cdn.example.com/a.png",
		OrganizationExternalID:               "crm|1",
		TrustedMetadata:                      map[string]json.RawMessage{"b": json.RawMessage(`2`), "a": json.RawMessage(`{"x":[1,2]}`)},
		SSODefaultConnectionID:               ptr("saml-connection-test-1"),
		SSOJITProvisioning:                   "RESTRICTED",
		SSOJITProvisioningAllowedConnections: []string{"saml-connection-test-1"},
		SSOActiveConnections:                 []stytch.ActiveSSOConnection{{ConnectionID: "saml-connection-test-1", DisplayName: "Okta", IdentityProvider: "okta"}},
		SCIMActiveConnection:                 &stytch.ActiveSCIMConnection{ConnectionID: "scim-1", DisplayName: "SCIM", BearerTokenLastFour: "abcd"},
		EmailAllowedDomains:                  []string{"b.example.com", "a.example.com"},
		EmailJITProvisioning:                 "RESTRICTED",
		EmailInvites:                         "ALL_ALLOWED",
		AuthMethods:                          "RESTRICTED",
		AllowedAuthMethods:                   []string{"sso"},
		MFAPolicy:                            "REQUIRED_FOR_ALL",
		MFAMethods:                           "RESTRICTED",
		AllowedMFAMethods:                    []string{"totp"},
		RBACEmailImplicitRoleAssignments:     []stytch.RoleAssignment{{Domain: "a.example.com", RoleID: "stytch_admin"}},
		OAuthTenantJITProvisioning:           "RESTRICTED",
		AllowedOAuthTenants:                  map[string][]string{"slack": {"T1"}, "github": {}},
		ClaimedEmailDomains:                  []string{"a.example.com"},
		FirstPartyConnectedAppsAllowedType:   "RESTRICTED",
		AllowedFirstPartyConnectedApps:       []string{"app-1"},
		ThirdPartyConnectedAppsAllowedType:   "NOT_ALLOWED",
		AllowedThirdPartyConnectedApps:       []string{},
		CustomRoles: []stytch.CustomRole{{RoleID: "billing", Description: "Billing", Permissions: []stytch.RolePermission{
			{ResourceID: "invoices", Actions: []string{"read", "pay"}},
		}}},
		CreatedAt: "2026-01-02T03:04:05Z",
		UpdatedAt: "2026-01-02T03:04:06Z",
	}
}

func TestFromAPI_mapsEveryField(t *testing.T) {
	ctx := context.Background()
	var m b2bOrganizationModel
	if diags := m.fromAPI(ctx, fullOrganization()); diags.HasError() {
		t.Fatal(diags)
	}
	if m.ID.ValueString() != "organization-test-1" || m.OrganizationID.ValueString() != "organization-test-1" {
		t.Errorf("ids: %s %s", m.ID, m.OrganizationID)
	}
	if got := m.TrustedMetadata.ValueString(); got != `{"a":{"x":[1,2]},"b":2}` {
		t.Errorf("trusted_metadata = %s", got)
	}
	if m.SSODefaultConnectionID.ValueString() != "saml-connection-test-1" {
		t.Errorf("sso_default_connection_id = %s", m.SSODefaultConnectionID)
	}
	var diags diag.Diagnostics
	if got := setStrings(ctx, m.EmailAllowedDomains, &diags); !reflect.DeepEqual(got, []string{"a.example.com", "b.example.com"}) {
		t.Errorf("email_allowed_domains = %v", got)
	}
	// A provider with no tenant is left out of the map.
	tenants := m.AllowedOAuthTenants.Elements()
	if len(tenants) != 1 || tenants["slack"] == nil {
		t.Errorf("allowed_oauth_tenants = %v", m.AllowedOAuthTenants)
	}
	if len(m.SSOActiveConnections.Elements()) != 1 || m.SCIMActiveConnection.IsNull() || len(m.CustomRoles.Elements()) != 1 {
		t.Errorf("read-only nested fields not mapped: %v %v %v", m.SSOActiveConnections, m.SCIMActiveConnection, m.CustomRoles)
	}
	if last4, ok := m.SCIMActiveConnection.Attributes()["bearer_token_last_four"].(types.String); !ok || last4.ValueString() != "abcd" {
		t.Errorf("scim_active_connection = %v", m.SCIMActiveConnection)
	}
	// Every attribute of the model is set: nothing is left unknown for state.
	v := reflect.ValueOf(m)
	for i := range v.NumField() {
		if av, ok := v.Field(i).Interface().(interface{ IsUnknown() bool }); ok && av.IsUnknown() {
			t.Errorf("%s is unknown after fromAPI", v.Type().Field(i).Name)
		}
	}
}

func TestFromAPI_emptyOrganization(t *testing.T) {
	ctx := context.Background()
	var m b2bOrganizationModel
	if diags := m.fromAPI(ctx, &stytch.Organization{OrganizationID: "organization-test-2", SSODefaultConnectionID: ptr("")}); diags.HasError() {
		t.Fatal(diags)
	}
	if m.TrustedMetadata.ValueString() != "{}" {
		t.Errorf("missing metadata should be {}, got %s", m.TrustedMetadata)
	}
	if m.EmailAllowedDomains.IsNull() || len(m.EmailAllowedDomains.Elements()) != 0 {
		t.Errorf("missing list should be an empty set, got %v", m.EmailAllowedDomains)
	}
	if !m.SSODefaultConnectionID.IsNull() || !m.SCIMActiveConnection.IsNull() {
		t.Errorf("unset singletons should be null: %v %v", m.SSODefaultConnectionID, m.SCIMActiveConnection)
	}
	if len(m.AllowedOAuthTenants.Elements()) != 0 || m.AllowedOAuthTenants.IsNull() {
		t.Errorf("no tenants should be an empty map, got %v", m.AllowedOAuthTenants)
	}
}

func modelFrom(t *testing.T, org *stytch.Organization) b2bOrganizationModel {
	t.Helper()
	var m b2bOrganizationModel
	if diags := m.fromAPI(context.Background(), org); diags.HasError() {
		t.Fatal(diags)
	}
	return m
}

func marshal(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestToUpdateRequest(t *testing.T) {
	ctx := context.Background()
	state := modelFrom(t, fullOrganization())

	tests := map[string]struct {
		change func(m *b2bOrganizationModel)
		want   string
	}{
		"no change sends nothing": {
			change: func(*b2bOrganizationModel) {},
			want:   `{}`,
		},
		"unknown values are not sent": {
			change: func(m *b2bOrganizationModel) {
				m.MFAPolicy = types.StringUnknown()
				m.EmailAllowedDomains = types.SetUnknown(types.StringType)
			},
			want: `{}`,
		},
		"a set in another order is no change": {
			change: func(m *b2bOrganizationModel) {
				m.EmailAllowedDomains = types.SetValueMust(types.StringType, []attr.Value{types.StringValue("b.example.com"), types.StringValue("a.example.com")})
			},
			want: `{}`,
		},
		"an emptied list is sent as []": {
			change: func(m *b2bOrganizationModel) {
				m.EmailAllowedDomains = types.SetValueMust(types.StringType, nil)
				m.RBACEmailImplicitRoleAssignments = types.SetValueMust(types.ObjectType{AttrTypes: roleAssignmentAttrTypes}, nil)
			},
			want: `{"email_allowed_domains":[],"rbac_email_implicit_role_assignments":[]}`,
		},
		"emptied tenants are sent as {}": {
			change: func(m *b2bOrganizationModel) {
				m.AllowedOAuthTenants = types.MapValueMust(oauthTenantsElemType, nil)
			},
			want: `{"allowed_oauth_tenants":{}}`,
		},
		"a removed metadata key is sent as null, a changed one with its value": {
			change: func(m *b2bOrganizationModel) {
				m.TrustedMetadata = jsontypes.NewNormalizedValue(`{"a": {"x": [1, 2]}, "c": true}`)
			},
			want: `{"trusted_metadata":{"b":null,"c":true}}`,
		},
		"scalars are sent when changed, and the logo can be cleared": {
			change: func(m *b2bOrganizationModel) {
				m.OrganizationName = types.StringValue("Acme 2")
				m.OrganizationLogoURL = types.StringValue("")
				m.MFAPolicy = types.StringValue("OPTIONAL")
			},
			want: `{"organization_name":"Acme 2","organization_logo_url":"","mfa_policy":"OPTIONAL"}`,
		},
		"a cleared external id is left to the dedicated endpoint": {
			change: func(m *b2bOrganizationModel) { m.OrganizationExternalID = types.StringValue("") },
			want:   `{}`,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			plan := modelFrom(t, fullOrganization())
			tc.change(&plan)
			req, diags := plan.toUpdateRequest(ctx, &state)
			if diags.HasError() {
				t.Fatal(diags)
			}
			if got := marshal(t, req); got != tc.want {
				t.Errorf("update body\n got %s\nwant %s", got, tc.want)
			}
		})
	}

	plan := modelFrom(t, fullOrganization())
	plan.OrganizationExternalID = types.StringValue("")
	if !plan.clearsExternalID(&state) {
		t.Error("clearsExternalID = false for a removed external id")
	}
	if state.clearsExternalID(&state) {
		t.Error("clearsExternalID = true without a change")
	}
}

func TestToCreateRequest_omitsUnknownAndEmpty(t *testing.T) {
	ctx := context.Background()
	m := modelFrom(t, &stytch.Organization{OrganizationName: "Acme", OrganizationSlug: "acme"})
	m.MFAPolicy = types.StringUnknown()
	m.EmailInvites = types.StringUnknown()
	m.SSODefaultConnectionID = types.StringUnknown()
	req, diags := m.toCreateRequest(ctx)
	if diags.HasError() {
		t.Fatal(diags)
	}
	if got := marshal(t, req); got != `{"organization_name":"Acme","organization_slug":"acme"}` {
		t.Errorf("create body = %s", got)
	}
}

// TestModelMatchesSchema catches a tfsdk tag without an attribute (or the
// reverse) without running Terraform.
func TestModelMatchesSchema(t *testing.T) {
	var resp resource.SchemaResponse
	NewB2BOrganizationResource().Schema(context.Background(), resource.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	var attrs, tags []string
	for name := range resp.Schema.Attributes {
		attrs = append(attrs, name)
	}
	var collect func(reflect.Type)
	collect = func(typ reflect.Type) {
		for i := range typ.NumField() {
			if f := typ.Field(i); f.Anonymous {
				collect(f.Type)
			} else {
				tags = append(tags, f.Tag.Get("tfsdk"))
			}
		}
	}
	collect(reflect.TypeOf(b2bOrganizationResourceModel{}))
	sort.Strings(attrs)
	sort.Strings(tags)
	if !reflect.DeepEqual(attrs, tags) {
		t.Errorf("schema attributes and model tags differ:\nschema %s\nmodel  %s", strings.Join(attrs, ","), strings.Join(tags, ","))
	}
	for name, a := range resp.Schema.Attributes {
		if a.GetMarkdownDescription() == "" {
			t.Errorf("attribute %s has no MarkdownDescription", name)
		}
	}
}
