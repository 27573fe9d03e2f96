package stytch

// Micro-benchmarks of the client's per-call CPU work: encoding request
// bodies, decoding answers, and one whole call over loopback HTTP to a
// server that answers at once. Run them with
//
//	go test -run XXX -bench . -benchmem ./internal/stytch

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

// benchCreateRequest is a create body with every common argument set, as
// cmd/stytch-bench sends it.
func benchCreateRequest() CreateRequest {
	return CreateRequest{
		OrganizationName:       "Tenant 42",
		OrganizationSlug:       "tf-tenant-42",
		OrganizationLogoURL:    "https://cdn.example.com/logos/42.png",
		OrganizationExternalID: "crm|tf|42",
		TrustedMetadata: map[string]json.RawMessage{
			"plan": json.RawMessage(`"enterprise"`), "seats": json.RawMessage(`50`), "index": json.RawMessage(`42`),
			"region": json.RawMessage(`{"primary":"eu-west-1"}`),
		},
		MFAPolicy:                          "REQUIRED_FOR_ALL",
		MFAMethods:                         "RESTRICTED",
		AllowedMFAMethods:                  []string{"totp"},
		AuthMethods:                        "RESTRICTED",
		AllowedAuthMethods:                 []string{"sso", "magic_link"},
		SSOJITProvisioning:                 "ALL_ALLOWED",
		EmailJITProvisioning:               "RESTRICTED",
		EmailInvites:                       "RESTRICTED",
		EmailAllowedDomains:                []string{"t42.tf.example.com"},
		ClaimedEmailDomains:                []string{"t42.tf.example.com"},
		RBACEmailImplicitRoleAssignments:   []RoleAssignment{{Domain: "t42.tf.example.com", RoleID: "stytch_member"}},
		OAuthTenantJITProvisioning:         "RESTRICTED",
		AllowedOAuthTenants:                map[string][]string{"slack": {"T42"}},
		FirstPartyConnectedAppsAllowedType: "RESTRICTED",
		AllowedFirstPartyConnectedApps:     []string{"connected-app-test-first"},
		ThirdPartyConnectedAppsAllowedType: "NOT_ALLOWED",
		AllowedThirdPartyConnectedApps:     []string{},
	}
}

// benchOrganizationBody is the JSON answer of a create, get or update of the
// organization benchCreateRequest describes.
func benchOrganizationBody(b *testing.B) []byte {
	b.Helper()
	req := benchCreateRequest()
	body, err := json.Marshal(OrganizationResponse{RequestID: "request-id-test-5d2c9a7e", StatusCode: 200, Organization: Organization{
		OrganizationID:                       "organization-test-0b7d1f0e-57a4-4b4e-9a39-8f3c1d2e4a10",
		OrganizationName:                     req.OrganizationName,
		OrganizationSlug:                     req.OrganizationSlug,
		OrganizationLogoURL:                  req.OrganizationLogoURL,
		OrganizationExternalID:               req.OrganizationExternalID,
		TrustedMetadata:                      req.TrustedMetadata,
		SSOJITProvisioning:                   req.SSOJITProvisioning,
		EmailAllowedDomains:                  req.EmailAllowedDomains,
		EmailJITProvisioning:                 req.EmailJITProvisioning,
		EmailInvites:                         req.EmailInvites,
		AuthMethods:                          req.AuthMethods,
		AllowedAuthMethods:                   req.AllowedAuthMethods,
		MFAPolicy:                            req.MFAPolicy,
		MFAMethods:                           req.MFAMethods,
		AllowedMFAMethods:                    req.AllowedMFAMethods,
		RBACEmailImplicitRoleAssignments:     req.RBACEmailImplicitRoleAssignments,
		OAuthTenantJITProvisioning:           req.OAuthTenantJITProvisioning,
		AllowedOAuthTenants:                  req.AllowedOAuthTenants,
		ClaimedEmailDomains:                  req.ClaimedEmailDomains,
		FirstPartyConnectedAppsAllowedType:   req.FirstPartyConnectedAppsAllowedType,
		AllowedFirstPartyConnectedApps:       req.AllowedFirstPartyConnectedApps,
		ThirdPartyConnectedAppsAllowedType:   req.ThirdPartyConnectedAppsAllowedType,
		AllowedThirdPartyConnectedApps:       req.AllowedThirdPartyConnectedApps,
		SSOActiveConnections:                 []ActiveSSOConnection{},
		SSOJITProvisioningAllowedConnections: []string{},
		CustomRoles:                          []CustomRole{},
		CreatedAt:                            "2026-01-02T03:04:05Z",
		UpdatedAt:                            "2026-01-02T03:04:06Z",
	}})
	if err != nil {
		b.Fatal(err)
	}
	return body
}

// BenchmarkEncodeCreateRequest encodes a create body, as Client.do does.
func BenchmarkEncodeCreateRequest(b *testing.B) {
	req := benchCreateRequest()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := json.Marshal(req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncodeUpdateRequest encodes update bodies: the one changed
// argument of the benchmark's update phase, and every field set.
func BenchmarkEncodeUpdateRequest(b *testing.B) {
	name := "Tenant 42 (renamed)"
	c := benchCreateRequest()
	every := UpdateRequest{
		OrganizationName: &name, OrganizationSlug: &c.OrganizationSlug, OrganizationLogoURL: &c.OrganizationLogoURL,
		TrustedMetadata: c.TrustedMetadata, OrganizationExternalID: &c.OrganizationExternalID,
		SSOJITProvisioning: &c.SSOJITProvisioning, EmailAllowedDomains: &c.EmailAllowedDomains,
		EmailJITProvisioning: &c.EmailJITProvisioning, EmailInvites: &c.EmailInvites, AuthMethods: &c.AuthMethods,
		AllowedAuthMethods: &c.AllowedAuthMethods, MFAPolicy: &c.MFAPolicy,
		RBACEmailImplicitRoleAssignments: &c.RBACEmailImplicitRoleAssignments, MFAMethods: &c.MFAMethods,
		AllowedMFAMethods: &c.AllowedMFAMethods, OAuthTenantJITProvisioning: &c.OAuthTenantJITProvisioning,
		AllowedOAuthTenants: &c.AllowedOAuthTenants, ClaimedEmailDomains: &c.ClaimedEmailDomains,
		FirstPartyConnectedAppsAllowedType: &c.FirstPartyConnectedAppsAllowedType,
		AllowedFirstPartyConnectedApps:     &c.AllowedFirstPartyConnectedApps,
		ThirdPartyConnectedAppsAllowedType: &c.ThirdPartyConnectedAppsAllowedType,
		AllowedThirdPartyConnectedApps:     &c.AllowedThirdPartyConnectedApps,
	}
	for name, req := range map[string]UpdateRequest{"one_field": {OrganizationName: &name}, "every_field": every} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := json.Marshal(req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDecodeOrganizationResponse decodes a create/get/update answer into
// the envelope, as decodeSuccess does.
func BenchmarkDecodeOrganizationResponse(b *testing.B) {
	body := benchOrganizationBody(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		var resp OrganizationResponse
		if err := json.Unmarshal(body, &resp); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRequestIDOf finds the request id in a success body, which the
// client does (a second decode of the body) for the OnCall hook.
func BenchmarkRequestIDOf(b *testing.B) {
	body := benchOrganizationBody(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if requestIDOf(body, http.Header{}) == "" {
			b.Fatal("no request id")
		}
	}
}

// BenchmarkClientCall is one whole call (encode, HTTP over loopback, decode)
// against a server that answers a canned body at once: the client's own cost
// per API call, without latency.
func BenchmarkClientCall(b *testing.B) {
	body := benchOrganizationBody(b)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	defer srv.Close()
	c, err := New(Config{ProjectID: "project-test-bench", Secret: "secret-test-bench", BaseURL: srv.URL})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	name := "Tenant 42 (renamed)"
	calls := map[string]func() error{
		"create": func() error { _, err := c.CreateOrganization(ctx, benchCreateRequest()); return err },
		"get":    func() error { _, err := c.GetOrganization(ctx, "tf-tenant-42"); return err },
		"update": func() error {
			_, err := c.UpdateOrganization(ctx, "tf-tenant-42", UpdateRequest{OrganizationName: &name})
			return err
		},
	}
	for _, op := range []string{"create", "get", "update"} {
		b.Run(op, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := calls[op](); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
