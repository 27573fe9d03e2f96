package emulator

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzRequestDecoding sends arbitrary bodies to the emulator's write endpoints.
// Whatever the body, the emulator must answer like Stytch: never a panic or a
// 500, always a JSON body whose status_code equals the HTTP status, and every
// error with an error_type, an error_message and a request_id.
func FuzzRequestDecoding(f *testing.F) {
	f.Add("POST", `{"organization_name":"Acme","organization_slug":"acme"}`)
	f.Add("POST", `{"organization_name":"Acme","organization_slug":"acme","trusted_metadata":{"a":null},"allowed_oauth_tenants":{"slack":["T1"]}}`)
	f.Add("PUT", `{"organization_name":null,"email_allowed_domains":[],"trusted_metadata":{"x":{"y":[1,2]}}}`)
	f.Add("PUT", `{"auth_methods":"RESTRICTED","allowed_auth_methods":["sso",1]}`)
	f.Add("SEARCH", `{"limit":2,"query":{"operator":"AND","operands":[{"filter_name":"organization_slug_fuzzy","filter_value":"ac"}]}}`)
	f.Add("SEARCH", `{"cursor":"!!!","query":{"operands":[{"filter_value":[]}]}}`)
	f.Add("MEMBER", `{"email_address":"a@example.com","roles":["stytch_admin"],"trusted_metadata":{"a":null},"mfa_phone_number":"+14155550100"}`)
	f.Add("MEMBER", `{"email_address":"a@b","create_member_as_pending":true,"mfa_phone_number":"+1"}`)
	f.Add("MEMBERPUT", `{"email_address":"new@example.com","unlink_email":true,"roles":[],"default_mfa_method":"totp"}`)
	f.Add("MEMBERSEARCH", `{"organization_ids":["x"],"query":{"operator":"AND","operands":[{"filter_name":"statuses","filter_value":["deleted"]}]}}`)
	f.Add("POST", `[`)
	f.Add("PUT", `"just a string"`)
	f.Fuzz(func(t *testing.T, method, body string) {
		srv := New(Options{ProjectID: DefaultProjectID, Secret: DefaultSecret})
		seed := httptest.NewRequestWithContext(context.Background(), http.MethodPost, "/v1/b2b/organizations", strings.NewReader(`{"organization_name":"Seed","organization_slug":"seed"}`))
		seed.SetBasicAuth(DefaultProjectID, DefaultSecret)
		srv.ServeHTTP(httptest.NewRecorder(), seed)

		seedMember := httptest.NewRequestWithContext(context.Background(), http.MethodPost, "/v1/b2b/organizations/seed/members", strings.NewReader(`{"email_address":"seed@example.com","external_id":"seed"}`))
		seedMember.SetBasicAuth(DefaultProjectID, DefaultSecret)
		srv.ServeHTTP(httptest.NewRecorder(), seedMember)

		var req *http.Request
		switch method {
		case "MEMBER":
			req = httptest.NewRequestWithContext(context.Background(), http.MethodPost, "/v1/b2b/organizations/seed/members", strings.NewReader(body))
		case "MEMBERPUT":
			req = httptest.NewRequestWithContext(context.Background(), http.MethodPut, "/v1/b2b/organizations/seed/members/seed", strings.NewReader(body))
		case "MEMBERSEARCH":
			req = httptest.NewRequestWithContext(context.Background(), http.MethodPost, "/v1/b2b/organizations/members/search", strings.NewReader(body))
		case "PUT":
			req = httptest.NewRequestWithContext(context.Background(), http.MethodPut, "/v1/b2b/organizations/seed", strings.NewReader(body))
		case "SEARCH":
			req = httptest.NewRequestWithContext(context.Background(), http.MethodPost, "/v1/b2b/organizations/search", strings.NewReader(body))
		default:
			req = httptest.NewRequestWithContext(context.Background(), http.MethodPost, "/v1/b2b/organizations", strings.NewReader(body))
		}
		req.SetBasicAuth(DefaultProjectID, DefaultSecret)
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)

		if rec.Code >= 500 {
			t.Fatalf("%s %q answered %d: %s", method, body, rec.Code, rec.Body.String())
		}
		var envelope struct {
			StatusCode   int    `json:"status_code"`
			RequestID    string `json:"request_id"`
			ErrorType    string `json:"error_type"`
			ErrorMessage string `json:"error_message"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &envelope); err != nil {
			t.Fatalf("%s %q answered a body that is not JSON: %v: %s", method, body, err, rec.Body.String())
		}
		if envelope.StatusCode != rec.Code || envelope.RequestID == "" {
			t.Fatalf("status_code %d request_id %q for HTTP %d", envelope.StatusCode, envelope.RequestID, rec.Code)
		}
		if rec.Code >= 400 && (envelope.ErrorType == "" || envelope.ErrorMessage == "") {
			t.Fatalf("error without error_type/error_message: %s", rec.Body.String())
		}
	})
}
