package provider

// Micro-benchmarks of the provider's per-organization CPU work that does not
// depend on Terraform: the conversions between the API's wire form and the
// Terraform model, and the framework's conversion of the model to and from
// state (which every RPC does). Run them with
//
//	go test -run XXX -bench . -benchmem ./internal/provider
//
// cmd/stytch-bench measures the whole provider through the Terraform CLI;
// BENCHMARKS.md puts the two side by side.

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/platformkit/terraform-provider-stytch/internal/stytch"
)

// benchOrganization is an organization with a value in every field (the
// fixture of the model tests), so that every conversion has work to do.
func benchOrganization() *stytch.Organization {
	return fullOrganization()
}

// benchModel is benchOrganization converted to the model.
func benchModel(b *testing.B) b2bOrganizationModel {
	b.Helper()
	var m b2bOrganizationModel
	if diags := m.fromAPI(context.Background(), benchOrganization()); diags.HasError() {
		b.Fatal(diags)
	}
	return m
}

// BenchmarkFromAPI converts one API organization to the model: done after
// every create, read and update.
func BenchmarkFromAPI(b *testing.B) {
	ctx := context.Background()
	org := benchOrganization()
	b.ReportAllocs()
	for b.Loop() {
		var m b2bOrganizationModel
		if diags := m.fromAPI(ctx, org); diags.HasError() {
			b.Fatal(diags)
		}
	}
}

// BenchmarkToCreateRequest builds the create body from a plan.
func BenchmarkToCreateRequest(b *testing.B) {
	ctx := context.Background()
	plan := benchModel(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, diags := plan.toCreateRequest(ctx); diags.HasError() {
			b.Fatal(diags)
		}
	}
}

// BenchmarkToUpdateRequest builds the update body from plan and state: with
// no change, with one changed argument (the benchmark's update phase), and
// with every argument changed.
func BenchmarkToUpdateRequest(b *testing.B) {
	ctx := context.Background()
	state := benchModel(b)
	oneChange := state
	oneChange.OrganizationName = types.StringValue("Tenant 42 (renamed)")
	every := state
	every.OrganizationName = types.StringValue("Tenant 42 (renamed)")
	every.OrganizationSlug = types.StringValue("tf-tenant-42-renamed")
	every.OrganizationLogoURL = types.StringValue("https://cdn.example.com/logos/42-v2.png")
	every.OrganizationExternalID = types.StringValue("crm|tf|42|v2")
	every.MFAPolicy = types.StringValue("OPTIONAL")
	every.EmailInvites = types.StringValue("ALL_ALLOWED")
	every.EmailAllowedDomains = types.SetValueMust(types.StringType, nil)
	every.AllowedAuthMethods = types.SetValueMust(types.StringType, nil)
	every.RBACEmailImplicitRoleAssignments = types.SetValueMust(every.RBACEmailImplicitRoleAssignments.ElementType(ctx), nil)
	every.AllowedOAuthTenants = types.MapValueMust(oauthTenantsElemType, nil)
	every.TrustedMetadata = jsontypes.NewNormalizedValue(`{"plan":"growth","owner":"platform-team"}`)
	for name, plan := range map[string]b2bOrganizationModel{"no_change": state, "one_change": oneChange, "every_change": every} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, diags := plan.toUpdateRequest(ctx, &state); diags.HasError() {
					b.Fatal(diags)
				}
			}
		})
	}
}

// BenchmarkUpdateIsEmpty is the check Update makes before sending the body:
// it encodes the whole request to JSON.
func BenchmarkUpdateIsEmpty(b *testing.B) {
	ctx := context.Background()
	state := benchModel(b)
	plan := state
	plan.OrganizationName = types.StringValue("Tenant 42 (renamed)")
	req, diags := plan.toUpdateRequest(ctx, &state)
	if diags.HasError() {
		b.Fatal(diags)
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = req.IsEmpty()
	}
}

// BenchmarkRedactBody is the TRACE-log rendering of one create answer. The
// provider's call logger builds it for every API call, also when TRACE
// logging is off, because the arguments of tflog.Trace are evaluated first.
func BenchmarkRedactBody(b *testing.B) {
	body, err := json.Marshal(stytch.OrganizationResponse{RequestID: "request-id-test-1", StatusCode: 200, Organization: *benchOrganization()})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = redactBody(body)
	}
}

// BenchmarkStateRoundTrip is the framework's conversion of the resource model
// to Terraform state and back (resp.State.Set, req.State.Get), which every
// create, read and update does once or twice.
func BenchmarkStateRoundTrip(b *testing.B) {
	ctx := context.Background()
	var schemaResp resource.SchemaResponse
	(&b2bOrganizationResource{}).Schema(ctx, resource.SchemaRequest{}, &schemaResp)
	if schemaResp.Diagnostics.HasError() {
		b.Fatal(schemaResp.Diagnostics)
	}
	model := b2bOrganizationResourceModel{b2bOrganizationModel: benchModel(b), DeletionProtection: types.BoolValue(false)}
	empty := tftypes.NewValue(schemaResp.Schema.Type().TerraformType(ctx), nil)

	b.Run("set", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			state := tfsdk.State{Schema: schemaResp.Schema, Raw: empty}
			if diags := state.Set(ctx, &model); diags.HasError() {
				b.Fatal(diags)
			}
		}
	})
	state := tfsdk.State{Schema: schemaResp.Schema, Raw: empty}
	if diags := state.Set(ctx, &model); diags.HasError() {
		b.Fatal(diags)
	}
	b.Run("get", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var got b2bOrganizationResourceModel
			if diags := state.Get(ctx, &got); diags.HasError() {
				b.Fatal(diags)
			}
		}
	})
}
