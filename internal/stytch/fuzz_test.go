package stytch

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// FuzzDecodeResponse feeds arbitrary bytes to the client's response decoding,
// as a success body and as an error body: it must never panic, and an error
// must always be readable (name the call and the HTTP status).
func FuzzDecodeResponse(f *testing.F) {
	f.Add([]byte(`{"request_id":"r","status_code":200,"organization":{"organization_id":"o","trusted_metadata":{"a":1}}}`), 200)
	f.Add([]byte(`{"status_code":400,"request_id":"r","error_type":"bad_request","error_message":"m","error_url":"u"}`), 400)
	f.Add([]byte(`<html><body><h1>502 Bad Gateway</h1></body></html>`), 502)
	f.Add([]byte(`{"organizations":[{"allowed_oauth_tenants":{"slack":["T1"]}}],"results_metadata":{"total":1,"next_cursor":null}}`), 200)
	f.Add([]byte(``), 503)
	f.Add([]byte(`{"organization":{"sso_default_connection_id":null,"scim_active_connection":{"connection_id":1}}}`), 200)
	f.Fuzz(func(t *testing.T, body []byte, status int) {
		if status < 100 || status > 599 {
			status = 500
		}
		var org OrganizationResponse
		if err := decodeSuccess("GET", "/v1/b2b/organizations/x", status, body, &org); err != nil {
			if !strings.Contains(err.Error(), "GET /v1/b2b/organizations/x") {
				t.Errorf("success decoding error does not name the call: %v", err)
			}
		}
		var search SearchResponse
		_ = decodeSuccess("POST", "/v1/b2b/organizations/search", status, body, &search)

		resp := &http.Response{StatusCode: status, Header: http.Header{}, Body: io.NopCloser(bytes.NewReader(body))}
		apiErr := decodeError("PUT", "/v1/b2b/organizations/x", resp)
		msg := apiErr.Error()
		if apiErr.ErrorType == "" || !strings.Contains(msg, "HTTP ") || !strings.Contains(msg, "PUT /v1/b2b/organizations/x") {
			t.Errorf("error is not readable: %q (type %q)", msg, apiErr.ErrorType)
		}
		if apiErr.ErrorType == errorTypeUnexpected && len(apiErr.ErrorMessage) > 400 {
			t.Errorf("excerpt of a non-JSON body is too long: %d bytes", len(apiErr.ErrorMessage))
		}
		// Whatever was decoded can be encoded again (state is built from it).
		if _, err := json.Marshal(org); err != nil {
			t.Errorf("decoded organization cannot be re-encoded: %v", err)
		}
	})
}
