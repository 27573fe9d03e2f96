package stytch

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/platformkit/terraform-provider-stytch/internal/testfixtures"
)

// Decoding Stytch's documented bodies into the client's types and encoding
// them again must give the same document: a key the client has no field for
// is lost, and a misspelled JSON tag shows as a missing and an unexpected key.
func TestFixturesRoundTrip(t *testing.T) {
	cases := []struct {
		file string
		into any
	}{
		{"organization_create_response.json", &OrganizationResponse{}},
		{"organization_get_response.json", &OrganizationResponse{}},
		{"organization_search_response.json", &SearchResponse{}},
		{"error_response.json", &ErrorBody{}},
		{"sso_list_response.json", &SSOConnectionsResponse{}},
		{"sso_saml_create_response.json", &SAMLConnectionResponse{}},
		{"sso_oidc_update_response.json", &OIDCConnectionResponse{}},
		{"sso_delete_response.json", &DeleteSSOConnectionResponse{}},
		{"member_get_response.json", &MemberResponse{}},
		{"member_search_response.json", &SearchMembersResponse{}},
		{"member_delete_response.json", &DeleteMemberResponse{}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			want := testfixtures.Load(t, tc.file)
			if err := json.Unmarshal(want, tc.into); err != nil {
				t.Fatal(err)
			}
			got, err := json.Marshal(tc.into)
			if err != nil {
				t.Fatal(err)
			}
			diffs, err := testfixtures.Diff(want, got, testfixtures.Exact)
			if err != nil {
				t.Fatal(err)
			}
			if len(diffs) > 0 {
				t.Errorf("the client's types change %s:\n%s", tc.file, strings.Join(diffs, "\n"))
			}
		})
	}
}

// The client reads Stytch's error body into an *Error with every field a user
// needs to act on it.
func TestFixtureErrorDecoded(t *testing.T) {
	var body ErrorBody
	if err := json.Unmarshal(testfixtures.Load(t, "error_response.json"), &body); err != nil {
		t.Fatal(err)
	}
	if body.StatusCode != 400 || body.ErrorType != ErrorTypeSlugAlreadyUsed || body.RequestID == "" || body.ErrorMessage == "" || body.ErrorURL == "" {
		t.Errorf("decoded %+v", body)
	}
}
