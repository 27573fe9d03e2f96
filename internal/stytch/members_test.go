package stytch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/platformkit/terraform-provider-stytch/internal/testfixtures"
)

// Success envelopes of the member endpoints, minimal.
const (
	memberEnvelope       = `{"request_id":"r","status_code":200,"member_id":"member-test-1","member":{"organization_id":"org-1","member_id":"member-test-1","email_address":"ada@example.com","status":"active"},"organization":{"organization_id":"org-1"}}`
	memberDeleteEnvelope = `{"request_id":"r","status_code":200,"member_id":"member-test-1"}`
	memberSearchEnvelope = `{"request_id":"r","status_code":200,"members":[],"results_metadata":{"total":0,"next_cursor":null},"organizations":{}}`
)

// A member id with characters that must be escaped in a path segment, and
// the same id as a query value.
const (
	rawMember      = "member/1 x?"
	escMember      = "member%2F1%20x%3F"
	queryEscMember = "member%2F1+x%3F"
)

// memberJSON is a member object with the given id, email and status.
func memberJSON(id, email, status string) string {
	return fmt.Sprintf(`{"organization_id":"org-1","member_id":%q,"email_address":%q,"status":%q}`, id, email, status)
}

// memberEnvelopeOf is the Get/Create/Update envelope of memberJSON.
func memberEnvelopeOf(id, email, status string) string {
	return fmt.Sprintf(`{"request_id":"r","status_code":200,"member_id":%q,"member":%s,"organization":{"organization_id":"org-1"}}`, id, memberJSON(id, email, status))
}

func TestMemberRequestShape(t *testing.T) {
	str := func(s string) *string { return &s }
	boolp := func(b bool) *bool { return &b }
	tests := []requestCase{
		{
			name: "create with every field",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.CreateMember(ctx, rawOrg, CreateMemberRequest{
					EmailAddress:          "ada@example.com",
					Name:                  "Ada",
					TrustedMetadata:       map[string]json.RawMessage{"tier": json.RawMessage(`"gold"`)},
					UntrustedMetadata:     map[string]json.RawMessage{"theme": json.RawMessage(`{"dark":true}`)},
					CreateMemberAsPending: true,
					IsBreakglass:          true,
					MFAPhoneNumber:        "+12025550162",
					MFAEnrolled:           true,
					Roles:                 []string{"reader", "stytch_admin"},
					ExternalID:            "ada-1",
				})
				return err
			},
			response:   memberEnvelope,
			wantMethod: http.MethodPost,
			wantURI:    "/v1/b2b/organizations/" + escOrg + "/members",
			wantBody:   `{"email_address":"ada@example.com","name":"Ada","trusted_metadata":{"tier":"gold"},"untrusted_metadata":{"theme":{"dark":true}},"create_member_as_pending":true,"is_breakglass":true,"mfa_phone_number":"+12025550162","mfa_enrolled":true,"roles":["reader","stytch_admin"],"external_id":"ada-1"}`,
		},
		{
			name: "create with the email only",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.CreateMember(ctx, "org-1", CreateMemberRequest{EmailAddress: "ada@example.com", Roles: []string{}, TrustedMetadata: map[string]json.RawMessage{}})
				return err
			},
			response:   memberEnvelope,
			wantMethod: http.MethodPost,
			wantURI:    "/v1/b2b/organizations/org-1/members",
			wantBody:   `{"email_address":"ada@example.com"}`,
		},
		{
			name: "get by member id",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.GetMember(ctx, rawOrg, rawMember)
				return err
			},
			response:   memberEnvelope,
			wantMethod: http.MethodGet,
			wantURI:    "/v1/b2b/organizations/" + escOrg + "/member?member_id=" + queryEscMember,
		},
		{
			name: "get by email escapes plus and at",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.GetMemberByEmail(ctx, rawOrg, "ada+test@example.com")
				return err
			},
			response:   memberEnvelope,
			wantMethod: http.MethodGet,
			wantURI:    "/v1/b2b/organizations/" + escOrg + "/member?email_address=ada%2Btest%40example.com",
		},
		{
			name: "update with every field",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.UpdateMember(ctx, rawOrg, rawMember, UpdateMemberRequest{
					Name:                     str("Ada L."),
					TrustedMetadata:          map[string]json.RawMessage{"tier": json.RawMessage(`"silver"`), "old": nil},
					UntrustedMetadata:        map[string]json.RawMessage{"theme": nil},
					IsBreakglass:             boolp(false),
					MFAPhoneNumber:           str("+12025550162"),
					MFAEnrolled:              boolp(true),
					Roles:                    &[]string{"reader"},
					PreserveExistingSessions: boolp(true),
					DefaultMFAMethod:         str("totp"),
					EmailAddress:             str("ada@new.example.com"),
					ExternalID:               str("ada-2"),
					UnlinkEmail:              boolp(true),
				})
				return err
			},
			response:   memberEnvelopeOf("member-test-1", "ada@new.example.com", "active"),
			wantMethod: http.MethodPut,
			wantURI:    "/v1/b2b/organizations/" + escOrg + "/members/" + escMember,
			wantBody:   `{"name":"Ada L.","trusted_metadata":{"old":null,"tier":"silver"},"untrusted_metadata":{"theme":null},"is_breakglass":false,"mfa_phone_number":"+12025550162","mfa_enrolled":true,"roles":["reader"],"preserve_existing_sessions":true,"default_mfa_method":"totp","email_address":"ada@new.example.com","external_id":"ada-2","unlink_email":true}`,
		},
		{
			name: "update clears with empty values",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.UpdateMember(ctx, "org-1", "member-test-1", UpdateMemberRequest{
					Name:         str(""),
					IsBreakglass: boolp(false),
					MFAEnrolled:  boolp(false),
					Roles:        &[]string{},
				})
				return err
			},
			response:   memberEnvelope,
			wantMethod: http.MethodPut,
			wantURI:    "/v1/b2b/organizations/org-1/members/member-test-1",
			wantBody:   `{"name":"","is_breakglass":false,"mfa_enrolled":false,"roles":[]}`,
		},
		{
			name: "update with nothing set",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.UpdateMember(ctx, "org-1", "member-test-1", UpdateMemberRequest{TrustedMetadata: map[string]json.RawMessage{}})
				return err
			},
			response:   memberEnvelope,
			wantMethod: http.MethodPut,
			wantURI:    "/v1/b2b/organizations/org-1/members/member-test-1",
			wantBody:   `{}`,
		},
		{
			name: "delete",
			call: func(ctx context.Context, c *Client) error {
				return c.DeleteMember(ctx, rawOrg, rawMember)
			},
			response:   memberDeleteEnvelope,
			wantMethod: http.MethodDelete,
			wantURI:    "/v1/b2b/organizations/" + escOrg + "/members/" + escMember,
		},
		{
			name: "reactivate sends an empty object",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.ReactivateMember(ctx, rawOrg, rawMember)
				return err
			},
			response:   memberEnvelope,
			wantMethod: http.MethodPut,
			wantURI:    "/v1/b2b/organizations/" + escOrg + "/members/" + escMember + "/reactivate",
			wantBody:   `{}`,
		},
		{
			name: "delete external id",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.DeleteMemberExternalID(ctx, rawOrg, rawMember)
				return err
			},
			response:   memberEnvelope,
			wantMethod: http.MethodDelete,
			wantURI:    "/v1/b2b/organizations/" + escOrg + "/members/" + escMember + "/external_id",
		},
		{
			name: "delete MFA phone number puts the member id last",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.DeleteMemberMFAPhoneNumber(ctx, rawOrg, rawMember)
				return err
			},
			response:   memberEnvelope,
			wantMethod: http.MethodDelete,
			wantURI:    "/v1/b2b/organizations/" + escOrg + "/members/mfa_phone_numbers/" + escMember,
		},
		{
			name: "search",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.SearchMembers(ctx, SearchMembersRequest{
					OrganizationIDs: []string{"org-1", "org-2"},
					Cursor:          "cur",
					Limit:           10,
					Query: &SearchQuery{Operator: "AND", Operands: []SearchOperand{
						{FilterName: MemberFilterStatuses, FilterValue: []string{"active", "deleted"}},
						{FilterName: MemberFilterIsBreakglass, FilterValue: false},
					}},
				})
				return err
			},
			response:   memberSearchEnvelope,
			wantMethod: http.MethodPost,
			wantURI:    "/v1/b2b/organizations/members/search",
			wantBody:   `{"organization_ids":["org-1","org-2"],"cursor":"cur","limit":10,"query":{"operator":"AND","operands":[{"filter_name":"statuses","filter_value":["active","deleted"]},{"filter_name":"member_is_breakglass","filter_value":false}]}}`,
		},
		{
			name: "search without query",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.SearchMembers(ctx, SearchMembersRequest{OrganizationIDs: []string{"org-1"}})
				return err
			},
			response:   memberSearchEnvelope,
			wantMethod: http.MethodPost,
			wantURI:    "/v1/b2b/organizations/members/search",
			wantBody:   `{"organization_ids":["org-1"]}`,
		},
	}
	checkRequests(t, tests)
}

// TestUpdateMemberRequestEveryFieldTriState sets each field of the update, one
// at a time, to its zero value and checks that exactly that key is sent, as
// "", false or []; a metadata key set to nil is sent as null (which deletes
// it); and nothing is sent when a field is nil.
func TestUpdateMemberRequestEveryFieldTriState(t *testing.T) {
	typ := reflect.TypeFor[UpdateMemberRequest]()
	zero := UpdateMemberRequest{}
	if b, err := json.Marshal(zero); err != nil || string(b) != "{}" || !zero.IsEmpty() {
		t.Errorf("zero value = %s (%v), IsEmpty %v; want {} and true", b, err, zero.IsEmpty())
	}
	var keys []string
	for i := range typ.NumField() {
		f := typ.Field(i)
		tag := strings.Split(f.Tag.Get("json"), ",")
		if len(tag) != 2 || tag[1] != "omitempty" {
			t.Errorf("field %s has json tag %q, want \"<name>,omitempty\"", f.Name, f.Tag.Get("json"))
			continue
		}
		key := tag[0]
		keys = append(keys, key)

		req := reflect.New(typ).Elem()
		v := req.Field(i)
		var want string
		switch {
		case f.Type == reflect.TypeFor[map[string]json.RawMessage]():
			v.Set(reflect.ValueOf(map[string]json.RawMessage{"gone": nil}))
			want = `{"gone":null}`
		case f.Type.Kind() != reflect.Pointer:
			t.Errorf("field %s has type %s, which cannot express 'unchanged' versus 'clear'", f.Name, f.Type)
			continue
		default:
			p := reflect.New(f.Type.Elem())
			switch f.Type.Elem().Kind() {
			case reflect.String:
				want = `""`
			case reflect.Bool:
				want = `false`
			case reflect.Slice:
				p.Elem().Set(reflect.MakeSlice(f.Type.Elem(), 0, 0))
				want = `[]`
			default:
				t.Errorf("field %s has unexpected type %s", f.Name, f.Type)
				continue
			}
			v.Set(p)
		}
		update, ok := req.Interface().(UpdateMemberRequest)
		if !ok {
			t.Fatalf("%s: not an UpdateMemberRequest", f.Name)
		}
		if update.IsEmpty() {
			t.Errorf("%s: IsEmpty() = true with the field set", f.Name)
		}
		b, err := json.Marshal(update)
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
	wantKeys := []string{
		"name", "trusted_metadata", "untrusted_metadata", "is_breakglass", "mfa_phone_number", "mfa_enrolled",
		"roles", "preserve_existing_sessions", "default_mfa_method", "email_address", "external_id", "unlink_email",
	}
	if !slices.Equal(keys, wantKeys) {
		t.Errorf("json keys =\n %v\nwant Stytch's Update body\n %v", keys, wantKeys)
	}
}

// Create sends the email address always and everything else only when set:
// on Create, not sent and empty mean the same to Stytch.
func TestCreateMemberRequestMarshal(t *testing.T) {
	tests := []struct {
		req  CreateMemberRequest
		want string
	}{
		{CreateMemberRequest{}, `{"email_address":""}`},
		{CreateMemberRequest{EmailAddress: "a@example.com", Roles: []string{}, UntrustedMetadata: map[string]json.RawMessage{}}, `{"email_address":"a@example.com"}`},
		{CreateMemberRequest{EmailAddress: "a@example.com", MFAEnrolled: true}, `{"email_address":"a@example.com","mfa_enrolled":true}`},
	}
	for _, tt := range tests {
		got, err := json.Marshal(tt.req)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != tt.want {
			t.Errorf("%#v = %s, want %s", tt.req, got, tt.want)
		}
	}
}

// wantMemberFixture is the member of testdata/stytch/member_get_response.json
// as the client must decode it, metadata aside (checked as JSON).
func wantMemberFixture() *Member {
	const (
		samlID = "saml-connection-test-51861cbc-d3b9-428b-9761-227f5fb12be9"
		scimID = "scim-connection-test-cdd5415a-c470-42be-8369-5c90cf7762dc"
		group  = "scim-group-test-5c44cc6a-8af7-48d6-8da7-ea821342f5a6"
		idpID  = "00u1abcd2EFGH3ijk4l5"
	)
	return &Member{
		OrganizationID: "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931",
		MemberID:       "member-test-32fc5024-9c09-4da3-bd2e-c9ce4da9375f",
		EmailAddress:   "sandbox@stytch.com",
		Status:         "active",
		Name:           "Test Member",
		SSORegistrations: []SSORegistration{{
			ConnectionID:   samlID,
			ExternalID:     "sandbox@stytch.com",
			RegistrationID: "saml-member-registration-test-9a6d293d-d8b3-42e8-abb4-220cc2060e93",
			SSOAttributes: map[string]any{
				"email":      []any{"sandbox@stytch.com"},
				"first_name": []any{"Test"},
				"last_name":  []any{"Member"},
			},
		}},
		IsBreakglass:     true,
		MemberPasswordID: "member-password-test-51861cbc-d3b9-428b-9761-227f5fb12be9",
		OAuthRegistrations: []OAuthRegistration{{
			ProviderType:              "Google",
			ProviderSubject:           "10769150350006150715113082367",
			MemberOAuthRegistrationID: "oauth-user-test-de86770c-911d-463f-80e7-f1b089cead14",
			ProfilePictureURL:         "example.com",
			Locale:                    "en",
		}},
		EmailAddressVerified:   true,
		MFAPhoneNumberVerified: true,
		IsAdmin:                true,
		TOTPRegistrationID:     "member-totp-test-41920359-8bbb-4fe8-8fa3-aaa83f35f02c",
		RetiredEmailAddresses: []RetiredEmail{{
			EmailID:      "email-test-81bf03a8-86e1-4d95-bd44-bb3495224953",
			EmailAddress: "old@stytch.com",
		}},
		IsLocked:         true,
		MFAEnrolled:      true,
		MFAPhoneNumber:   "+12025550162",
		DefaultMFAMethod: "totp",
		Roles: []MemberRole{
			{RoleID: "stytch_admin", Sources: []MemberRoleSource{{Type: RoleSourceDirectAssignment, Details: map[string]any{}}}},
			{RoleID: "reader", Sources: []MemberRoleSource{
				{Type: RoleSourceEmailAssignment, Details: map[string]any{"email_domain": "example.com"}},
				{Type: RoleSourceSSOConnection, Details: map[string]any{"connection_id": samlID}},
			}},
			{RoleID: "contributor", Sources: []MemberRoleSource{
				{Type: RoleSourceSSOConnectionGroup, Details: map[string]any{"connection_id": samlID, "group": "engineering"}},
				{Type: RoleSourceSCIMConnectionGroup, Details: map[string]any{"connection_id": scimID, "group_id": group}},
				{Type: RoleSourceDirectAssignment, Details: map[string]any{}},
			}},
		},
		TrustedMetadata:   map[string]json.RawMessage{},
		UntrustedMetadata: map[string]json.RawMessage{},
		CreatedAt:         "2023-01-01T00:00:00Z",
		UpdatedAt:         "2024-06-05T12:00:00Z",
		SCIMRegistration: &SCIMRegistration{
			ConnectionID:   scimID,
			RegistrationID: "scim-registration-test-7b9e2c1a-4d3f-4e8b-9a1c-2f6d8e0b3c57",
			ExternalID:     idpID,
			SCIMAttributes: map[string]any{
				"user_name":    "sandbox@stytch.com",
				"id":           idpID,
				"external_id":  idpID,
				"active":       true,
				"groups":       []any{map[string]any{"value": group, "display": "Engineering"}},
				"display_name": "Test Member",
				"emails":       []any{map[string]any{"value": "sandbox@stytch.com", "type": "work", "primary": true}},
				"name":         map[string]any{"formatted": "Test Member", "family_name": "Member", "given_name": "Test"},
			},
		},
		ExternalID:    "sandbox-42",
		LockCreatedAt: "2024-06-05T12:00:00Z",
		LockExpiresAt: "2024-06-05T13:00:00Z",
	}
}

// The get fixture fills every field of the member, so decoding it into the
// expected value checks every JSON tag and nested type.
func TestGetMemberDecoding(t *testing.T) {
	want := wantMemberFixture()
	if zero := zeroFields("Member", reflect.ValueOf(want)); len(zero) > 0 {
		t.Fatalf("the expected value leaves fields unchecked: %v", zero)
	}
	body := testfixtures.Load(t, "member_get_response.json")
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, string(body))
	})
	c := newTestClient(t, srv.URL, nil)
	got, err := c.GetMember(testContext(t), "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931", "member-test-32fc5024-9c09-4da3-bd2e-c9ce4da9375f")
	if err != nil {
		t.Fatal(err)
	}
	trusted, err := json.Marshal(got.TrustedMetadata)
	if err != nil {
		t.Fatal(err)
	}
	assertJSONEqual(t, trusted, `{"role":"admin","teams":["tech","support"]}`)
	untrusted, err := json.Marshal(got.UntrustedMetadata)
	if err != nil {
		t.Fatal(err)
	}
	assertJSONEqual(t, untrusted, `{"job_title":"Business Analyst","preferred_locales":["en","es"]}`)
	decoded := *got
	decoded.TrustedMetadata, decoded.UntrustedMetadata = map[string]json.RawMessage{}, map[string]json.RawMessage{}
	if !reflect.DeepEqual(&decoded, want) {
		gotJSON, _ := json.MarshalIndent(got, "", " ")
		t.Errorf("decoded\n%s", gotJSON)
	}
	if ids := got.DirectRoleIDs(); !slices.Equal(ids, []string{"stytch_admin", "contributor"}) {
		t.Errorf("DirectRoleIDs() = %v, want the two directly assigned roles in Stytch's order", ids)
	}

	// The envelope around the member.
	var resp MemberResponse
	if err := json.Unmarshal(body, &resp); err != nil {
		t.Fatal(err)
	}
	if resp.MemberID != want.MemberID || resp.Organization.OrganizationID != want.OrganizationID || resp.StatusCode != 200 || resp.RequestID == "" {
		t.Errorf("envelope = %q %q %d %q", resp.MemberID, resp.Organization.OrganizationID, resp.StatusCode, resp.RequestID)
	}
	if len(resp.Organization.RBACEmailImplicitRoleAssignments) != 1 {
		t.Errorf("organization = %+v", resp.Organization)
	}
}

func TestSearchMembersDecoding(t *testing.T) {
	body := testfixtures.Load(t, "member_search_response.json")
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, string(body))
	})
	c := newTestClient(t, srv.URL, nil)
	resp, err := c.SearchMembers(testContext(t), SearchMembersRequest{OrganizationIDs: []string{"organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931"}})
	if err != nil {
		t.Fatal(err)
	}
	if resp.RequestID != "request-id-test-b05c992f-ebdc-489d-a754-c7e70ba13141" || resp.StatusCode != 200 {
		t.Errorf("envelope = %q %d", resp.RequestID, resp.StatusCode)
	}
	if resp.ResultsMetadata.Total != 3 || resp.ResultsMetadata.NextCursor == nil || *resp.ResultsMetadata.NextCursor != "eyJvZmZzZXQiOjJ9" {
		t.Errorf("results_metadata = %+v", resp.ResultsMetadata)
	}
	org, ok := resp.Organizations["organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931"]
	if !ok || len(resp.Organizations) != 1 || org.OrganizationSlug != "example-org" {
		t.Errorf("organizations = %+v", resp.Organizations)
	}
	if len(resp.Members) != 2 {
		t.Fatalf("members = %d, want 2", len(resp.Members))
	}
	first := resp.Members[0]
	if first.Status != MemberStatusActive || first.ExternalID != "sandbox-42" || first.DefaultMFAMethod != "sms_otp" || first.TOTPRegistrationID == "" {
		t.Errorf("first member = %+v", first)
	}
	if !reflect.DeepEqual(first.RetiredEmailAddresses, []RetiredEmail{{EmailID: "email-test-81bf03a8-86e1-4d95-bd44-bb3495224953", EmailAddress: "old@stytch.com"}}) {
		t.Errorf("retired emails = %+v", first.RetiredEmailAddresses)
	}
	if !slices.Equal(first.DirectRoleIDs(), []string{"reader"}) {
		t.Errorf("roles = %+v", first.Roles)
	}
	pending := resp.Members[1]
	if pending.Status != MemberStatusPending || pending.Name != "" || pending.MemberPasswordID != "" || pending.ExternalID != "" {
		t.Errorf("pending member = %+v", pending)
	}
	if pending.SCIMRegistration != nil || pending.LockCreatedAt != "" || pending.CreatedAt != "2024-06-05T12:00:00Z" {
		t.Errorf("optional fields of the pending member = %+v / %q / %q", pending.SCIMRegistration, pending.LockCreatedAt, pending.CreatedAt)
	}
	// Empty lists and objects decode as empty, not nil.
	if pending.Roles == nil || len(pending.Roles) != 0 || pending.SSORegistrations == nil || pending.RetiredEmailAddresses == nil ||
		pending.TrustedMetadata == nil || len(pending.TrustedMetadata) != 0 {
		t.Errorf("empty values of the pending member = %#v", pending)
	}
	if ids := pending.DirectRoleIDs(); ids == nil || len(ids) != 0 {
		t.Errorf("DirectRoleIDs() = %#v, want empty non-nil", ids)
	}
}

// The sources disagree on a few shapes (spec, "Contradictions"): a null
// phone number and retired addresses as bare strings appear in a docs
// example. Both decode rather than making the member unreadable; absent
// optional keys decode as empty.
func TestMemberDecodingTolerance(t *testing.T) {
	body := `{"request_id":"r","status_code":200,"member_id":"m","member":{"organization_id":"o","member_id":"m","email_address":"a@example.com","status":"active",` +
		`"mfa_phone_number":null,"retired_email_addresses":["old@example.com",{"email_id":"email-test-1","email_address":"older@example.com"},null],` +
		`"scim_registration":null,"lock_created_at":null,"roles":[{"role_id":"stytch_member","sources":[{"type":"direct_assignment"}]}]}}`
	var resp MemberResponse
	if err := json.Unmarshal([]byte(body), &resp); err != nil {
		t.Fatal(err)
	}
	m := resp.Member
	if m.MFAPhoneNumber != "" || m.SCIMRegistration != nil || m.LockCreatedAt != "" || m.ExternalID != "" || m.TrustedMetadata != nil {
		t.Errorf("member = %+v", m)
	}
	want := []RetiredEmail{{EmailAddress: "old@example.com"}, {EmailID: "email-test-1", EmailAddress: "older@example.com"}, {}}
	if !reflect.DeepEqual(m.RetiredEmailAddresses, want) {
		t.Errorf("retired emails = %+v, want %+v", m.RetiredEmailAddresses, want)
	}
	if !slices.Equal(m.DirectRoleIDs(), []string{"stytch_member"}) || m.Roles[0].Sources[0].Details != nil {
		t.Errorf("roles = %+v", m.Roles)
	}
	var bad RetiredEmail
	if err := json.Unmarshal([]byte(`42`), &bad); err == nil {
		t.Error("a number decoded as a retired email")
	}
	// The object form is what is encoded again.
	b, err := json.Marshal(RetiredEmail{EmailAddress: "old@example.com"})
	if err != nil || string(b) != `{"email_id":"","email_address":"old@example.com"}` {
		t.Errorf("encoded = %s (%v)", b, err)
	}
}

// memberSearchPage is a decoded member search request body.
type memberSearchPage struct {
	OrganizationIDs []string     `json:"organization_ids"`
	Cursor          *string      `json:"cursor"`
	Limit           int          `json:"limit"`
	Query           *SearchQuery `json:"query"`
}

// memberPagingServer serves members in pages of the requested limit; the
// cursor is the offset of the next page. total is what results_metadata
// reports.
func memberPagingServer(t *testing.T, ids []string, total int) (*sync.Mutex, *[]memberSearchPage, string) {
	t.Helper()
	var (
		mu   sync.Mutex
		seen []memberSearchPage
	)
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/v1/b2b/organizations/members/search" {
			t.Errorf("unexpected %s %s", r.Method, r.URL.Path)
		}
		var req memberSearchPage
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			t.Errorf("decoding search body: %v", err)
		}
		mu.Lock()
		seen = append(seen, req)
		mu.Unlock()
		start := 0
		if req.Cursor != nil {
			n, err := strconv.Atoi(strings.TrimPrefix(*req.Cursor, "offset-"))
			if err != nil {
				writeJSON(w, http.StatusBadRequest, errorJSON(400, "user_search_invalid_cursor", "r"))
				return
			}
			start = n
		}
		limit := req.Limit
		if limit <= 0 {
			limit = 100
		}
		end := min(start+limit, len(ids))
		members := make([]string, 0, end-start)
		for _, id := range ids[start:end] {
			members = append(members, memberJSON(id, id+"@example.com", "active"))
		}
		next := "null"
		if end < len(ids) {
			next = strconv.Quote(fmt.Sprintf("offset-%d", end))
		}
		writeJSON(w, http.StatusOK, fmt.Sprintf(`{"request_id":"r","status_code":200,"members":[%s],"results_metadata":{"total":%d,"next_cursor":%s},"organizations":{"org-1":{"organization_id":"org-1"}}}`,
			strings.Join(members, ","), total, next))
	})
	return &mu, &seen, srv.URL
}

func TestSearchAllMembersPages(t *testing.T) {
	ids := []string{"m1", "m2", "m3", "m4", "m5", "m6", "m7"}
	mu, seen, url := memberPagingServer(t, ids, len(ids))
	c := newTestClient(t, url, nil)
	query := &SearchQuery{Operands: []SearchOperand{{FilterName: MemberFilterRoles, FilterValue: []string{"reader"}}}}
	members, total, err := c.SearchAllMembers(testContext(t), []string{"org-1", "org-2"}, query, 3, 100)
	if err != nil {
		t.Fatal(err)
	}
	if total != 7 {
		t.Errorf("total = %d, want 7", total)
	}
	got := make([]string, len(members))
	for i, m := range members {
		got[i] = m.MemberID
	}
	if !reflect.DeepEqual(got, ids) {
		t.Errorf("members = %v, want %v (each once, in order)", got, ids)
	}
	if query.Operator != "" {
		t.Errorf("the caller's query was modified: operator %q", query.Operator)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(*seen) != 3 {
		t.Fatalf("search calls = %d, want 3", len(*seen))
	}
	wantCursors := []string{"", "offset-3", "offset-6"}
	wantQuery := &SearchQuery{Operator: "AND", Operands: []SearchOperand{{FilterName: MemberFilterRoles, FilterValue: []any{"reader"}}}}
	for i, req := range *seen {
		cursor := ""
		if req.Cursor != nil {
			cursor = *req.Cursor
		}
		if cursor != wantCursors[i] || (i == 0 && req.Cursor != nil) {
			t.Errorf("call %d cursor = %v, want %q (none on the first call)", i+1, req.Cursor, wantCursors[i])
		}
		if req.Limit != 3 || !slices.Equal(req.OrganizationIDs, []string{"org-1", "org-2"}) {
			t.Errorf("call %d limit = %d organization_ids = %v", i+1, req.Limit, req.OrganizationIDs)
		}
		if !reflect.DeepEqual(req.Query, wantQuery) {
			t.Errorf("call %d query = %+v, want the caller's query with AND on every page", i+1, req.Query)
		}
	}
}

func TestSearchAllMembersLimits(t *testing.T) {
	ids := []string{"m1", "m2", "m3", "m4", "m5", "m6", "m7"}
	tests := []struct {
		name      string
		total     int
		max       int
		wantTotal int // 0: no error, all 7 members
		wantCalls int
	}{
		{"total reported up front", 7, 5, 7, 1},
		{"totals disabled", -1, 5, 6, 2},
		{"exactly max", 7, 7, 0, 3},
		{"no limit", 7, 0, 0, 3},
		{"totals disabled without limit", -1, 0, 0, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mu, seen, url := memberPagingServer(t, ids, tt.total)
			c := newTestClient(t, url, nil)
			members, total, err := c.SearchAllMembers(testContext(t), []string{"org-1"}, nil, 3, tt.max)
			mu.Lock()
			calls := len(*seen)
			mu.Unlock()
			if calls != tt.wantCalls {
				t.Errorf("search calls = %d, want %d", calls, tt.wantCalls)
			}
			if tt.wantTotal == 0 {
				if err != nil || len(members) != 7 || total != 7 {
					t.Fatalf("got %d members, total %d, %v; want all 7", len(members), total, err)
				}
				return
			}
			var tooMany *ErrTooManyResults
			if !errors.As(err, &tooMany) {
				t.Fatalf("err = %v, want *ErrTooManyResults", err)
			}
			if tooMany.Max != tt.max || tooMany.Total != tt.wantTotal || members != nil {
				t.Errorf("ErrTooManyResults = %+v, members %v; want Max %d Total %d and no members", tooMany, members, tt.max, tt.wantTotal)
			}
		})
	}
}

func TestSearchAllMembersEmptyAndErrors(t *testing.T) {
	t.Run("no match", func(t *testing.T) {
		srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, http.StatusOK, `{"request_id":"r","status_code":200,"members":null,"results_metadata":{"total":0,"next_cursor":null}}`)
		})
		c := newTestClient(t, srv.URL, nil)
		members, total, err := c.SearchAllMembers(testContext(t), []string{"org-1"}, nil, 100, 10)
		if err != nil || members == nil || len(members) != 0 || total != 0 {
			t.Errorf("got %#v, %d, %v; want an empty non-nil slice", members, total, err)
		}
	})
	t.Run("repeated cursor", func(t *testing.T) {
		var hits atomic.Int32
		srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
			n := hits.Add(1)
			next := `"A"`
			if n > 10 {
				next = "null"
			}
			writeJSON(w, http.StatusOK, fmt.Sprintf(`{"request_id":"r","status_code":200,"members":[%s],"results_metadata":{"total":-1,"next_cursor":%s}}`,
				memberJSON(fmt.Sprintf("m%d", n), "a@example.com", "active"), next))
		})
		c := newTestClient(t, srv.URL, nil)
		_, _, err := c.SearchAllMembers(testContext(t), []string{"org-1"}, nil, 1, 0)
		if err == nil || !strings.Contains(err.Error(), "cursor") {
			t.Fatalf("err = %v, want a repeated-cursor error", err)
		}
		if n := hits.Load(); n != 2 {
			t.Errorf("server called %d times, want the loop detected at the first repeated cursor", n)
		}
	})
	t.Run("error midway", func(t *testing.T) {
		var hits atomic.Int32
		srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
			if hits.Add(1) == 1 {
				writeJSON(w, http.StatusOK, `{"request_id":"r","status_code":200,"members":[`+memberJSON("m1", "a@example.com", "active")+`],"results_metadata":{"total":2,"next_cursor":"c1"}}`)
				return
			}
			writeJSON(w, http.StatusBadRequest, errorJSON(400, "user_search_invalid_cursor", "req-2"))
		})
		c := newTestClient(t, srv.URL, nil)
		members, total, err := c.SearchAllMembers(testContext(t), []string{"org-1"}, nil, 1, 10)
		if !IsErrorType(err, "user_search_invalid_cursor") || members != nil || total != 0 {
			t.Errorf("got %v, %d, %v; want nothing and the error", members, total, err)
		}
	})
}

// Stytch refuses a query without an operator and returns at most 1000
// results a page, so the client never sends either; a search without an
// organization is refused before any request.
func TestSearchMembersRequestNormalized(t *testing.T) {
	var (
		hits atomic.Int32
		got  []byte
	)
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		got, _ = io.ReadAll(r.Body)
		writeJSON(w, http.StatusOK, memberSearchEnvelope)
	})
	c := newTestClient(t, srv.URL, nil)
	query := &SearchQuery{Operands: []SearchOperand{{FilterName: MemberFilterEmailFuzzy, FilterValue: "ada"}}}
	if _, err := c.SearchMembers(testContext(t), SearchMembersRequest{OrganizationIDs: []string{"org-1"}, Limit: 5000, Query: query}); err != nil {
		t.Fatal(err)
	}
	assertJSONEqual(t, got, `{"organization_ids":["org-1"],"limit":1000,"query":{"operator":"AND","operands":[{"filter_name":"member_email_fuzzy","filter_value":"ada"}]}}`)
	if query.Operator != "" {
		t.Errorf("the caller's query was modified: operator %q", query.Operator)
	}
	for _, ids := range [][]string{nil, {}} {
		if _, err := c.SearchMembers(testContext(t), SearchMembersRequest{OrganizationIDs: ids}); err == nil || !strings.Contains(err.Error(), "organization id") {
			t.Errorf("organization_ids %#v: err = %v, want a client-side refusal", ids, err)
		}
		if _, _, err := c.SearchAllMembers(testContext(t), ids, nil, 10, 10); err == nil {
			t.Errorf("SearchAllMembers with organization_ids %#v: want an error", ids)
		}
	}
	if n := hits.Load(); n != 1 {
		t.Errorf("server hits = %d, want 1", n)
	}
}

// ambiguousCreateServer fails the first `failures` creates with a 503 and
// answers the lookup by email with lookup (status and body).
type ambiguousCreateServer struct {
	posts, gets  atomic.Int32
	failures     int32
	lookupStatus int
	lookupBody   string
	mu           sync.Mutex
	lookupURIs   []string
	postBodies   []string
}

func (s *ambiguousCreateServer) handler(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodPost:
		b, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.postBodies = append(s.postBodies, string(b))
		s.mu.Unlock()
		if s.posts.Add(1) <= s.failures {
			writeJSON(w, http.StatusServiceUnavailable, errorJSON(503, "internal_server_error", "req-create"))
			return
		}
		writeJSON(w, http.StatusOK, memberEnvelopeOf("member-test-new", "Ada@Example.com", "active"))
	case http.MethodGet:
		s.gets.Add(1)
		s.mu.Lock()
		s.lookupURIs = append(s.lookupURIs, r.RequestURI)
		s.mu.Unlock()
		writeJSON(w, s.lookupStatus, s.lookupBody)
	}
}

// TestCreateMemberAmbiguousFailure covers a create whose answer is lost: the
// client looks the email address up, repeats the create only when no member
// has it, and otherwise names the member that probably was created.
func TestCreateMemberAmbiguousFailure(t *testing.T) {
	notFound := errorJSON(404, ErrorTypeMemberNotFound, "req-404")
	tests := []struct {
		name          string
		failures      int32
		lookupStatus  int
		lookupBody    string
		wantPosts     int32
		wantGets      int32
		wantAmbiguous bool
		wantLookupErr bool
	}{
		{"no member has the address: repeated and succeeds", 1, 404, notFound, 2, 1, false, false},
		{"only a deleted member has it: repeated", 1, 200, memberEnvelopeOf("member-test-old", "ada@example.com", "deleted"), 2, 1, false, false},
		{"a member has it: the create probably happened", 1, 200, memberEnvelopeOf("member-test-ghost", "ada@example.com", "active"), 1, 1, true, false},
		{"the lookup fails", 1, 401, errorJSON(401, "unauthorized_credentials", "req-401"), 1, 1, false, true},
		{"never answered: gives up after the retry budget", 100, 404, notFound, 4, 4, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &ambiguousCreateServer{failures: tt.failures, lookupStatus: tt.lookupStatus, lookupBody: tt.lookupBody}
			srv := newTestServer(t, s.handler)
			c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.MaxRetries = 3 })
			member, err := c.CreateMember(testContext(t), "org/1", CreateMemberRequest{EmailAddress: "Ada@Example.com", Name: "Ada"})
			if s.posts.Load() != tt.wantPosts || s.gets.Load() != tt.wantGets {
				t.Errorf("posts %d gets %d, want %d and %d", s.posts.Load(), s.gets.Load(), tt.wantPosts, tt.wantGets)
			}
			s.mu.Lock()
			for _, uri := range s.lookupURIs {
				if uri != "/v1/b2b/organizations/org%2F1/member?email_address=Ada%40Example.com" {
					t.Errorf("lookup URI = %q", uri)
				}
			}
			for _, b := range s.postBodies {
				if b != `{"email_address":"Ada@Example.com","name":"Ada"}` {
					t.Errorf("create body = %s", b)
				}
			}
			s.mu.Unlock()
			var amb *AmbiguousMemberCreateError
			switch {
			case tt.wantAmbiguous:
				if !errors.As(err, &amb) || amb.Member.MemberID != "member-test-ghost" {
					t.Fatalf("err = %v, want *AmbiguousMemberCreateError naming member-test-ghost", err)
				}
				if apiErr, ok := AsError(err); !ok || apiErr.StatusCode != 503 || apiErr.RequestID != "req-create" {
					t.Errorf("the ambiguous error does not unwrap to the create's 503: %v", err)
				}
				for _, s := range []string{"member-test-ghost", "ada@example.com", "org-1", "probably happened"} {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("Error() = %q, missing %q", err, s)
					}
				}
			case tt.wantLookupErr:
				if errors.As(err, &amb) || !strings.Contains(err.Error(), "looking up email address") || !strings.Contains(err.Error(), "unauthorized_credentials") {
					t.Errorf("err = %v, want the create's error with the lookup failure appended", err)
				}
				if apiErr, ok := AsError(err); !ok || apiErr.StatusCode != 503 {
					t.Errorf("err = %v, want it to unwrap to the create's 503, not the lookup's 401", err)
				}
			case tt.failures > tt.wantPosts:
				if apiErr, ok := AsError(err); !ok || apiErr.StatusCode != 503 || errors.As(err, &amb) {
					t.Errorf("err = %v, want the create's 503", err)
				}
			default:
				if err != nil || member.MemberID != "member-test-new" {
					t.Fatalf("member %+v err %v", member, err)
				}
			}
		})
	}
}

// Only an ambiguous failure leads to a lookup: a 4xx is Stytch's refusal, a
// 429 and a refused connection are repeated at once, and a reset after
// sending is ambiguous.
func TestCreateMemberFailureKinds(t *testing.T) {
	t.Run("duplicate email", func(t *testing.T) {
		var posts, gets atomic.Int32
		srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodGet {
				gets.Add(1)
			} else {
				posts.Add(1)
			}
			writeJSON(w, http.StatusBadRequest, errorJSON(400, ErrorTypeDuplicateMemberEmail, "req-1"))
		})
		c := newTestClient(t, srv.URL, nil)
		_, err := c.CreateMember(testContext(t), "org-1", CreateMemberRequest{EmailAddress: "ada@example.com"})
		if !IsErrorType(err, ErrorTypeDuplicateMemberEmail) || posts.Load() != 1 || gets.Load() != 0 {
			t.Fatalf("err %v posts %d gets %d", err, posts.Load(), gets.Load())
		}
	})
	t.Run("429 then success", func(t *testing.T) {
		hits, url := failingServer(t, 2, http.StatusTooManyRequests, memberEnvelope)
		c := newTestClient(t, url, func(cfg *Config) { cfg.MaxRetries = 3 })
		if _, err := c.CreateMember(testContext(t), "org-1", CreateMemberRequest{EmailAddress: "ada@example.com"}); err != nil || hits.Load() != 3 {
			t.Fatalf("err %v hits %d", err, hits.Load())
		}
	})
	for _, tt := range []struct {
		name      string
		errs      []error
		wantCalls int32 // transport round trips, lookups included
		wantGets  int32
	}{
		{"dial refused", []error{dialRefused(), dialRefused()}, 3, 0},
		{"reset after sending", []error{&net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}}, 3, 1},
		{"unexpected EOF", []error{io.ErrUnexpectedEOF}, 3, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var gets atomic.Int32
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				if r.Method == http.MethodGet {
					gets.Add(1)
					writeJSON(w, http.StatusNotFound, errorJSON(404, ErrorTypeMemberNotFound, "req-404"))
					return
				}
				writeJSON(w, http.StatusOK, memberEnvelope)
			})
			tr := &scriptedTransport{errs: tt.errs, next: srv.Client().Transport}
			c := newTestClient(t, srv.URL, func(cfg *Config) {
				cfg.HTTPClient = &http.Client{Transport: tr}
				cfg.MaxRetries = 3
			})
			if _, err := c.CreateMember(testContext(t), "org-1", CreateMemberRequest{EmailAddress: "ada@example.com"}); err != nil {
				t.Fatalf("err = %v", err)
			}
			if tr.calls.Load() != tt.wantCalls || gets.Load() != tt.wantGets {
				t.Errorf("round trips %d lookups %d, want %d and %d", tr.calls.Load(), gets.Load(), tt.wantCalls, tt.wantGets)
			}
		})
	}
}

// memberStateServer answers PUTs with a 503 for the first `failures` and then
// with success, and GETs with the member in the given email and status.
type memberStateServer struct {
	puts, gets atomic.Int32
	failures   int32
	getStatus  int
	getBody    string
	mu         sync.Mutex
	putBodies  []string
}

func (s *memberStateServer) handler(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodPut:
		b, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.putBodies = append(s.putBodies, string(b))
		s.mu.Unlock()
		if s.puts.Add(1) <= s.failures {
			writeJSON(w, http.StatusServiceUnavailable, errorJSON(503, "internal_server_error", "req-put"))
			return
		}
		writeJSON(w, http.StatusOK, memberEnvelopeOf("member-test-1", "new@example.com", "active"))
	case http.MethodGet:
		s.gets.Add(1)
		writeJSON(w, s.getStatus, s.getBody)
	}
}

func (s *memberStateServer) bodies() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.putBodies)
}

// An update that changes the email address is not repeated blindly: after a
// lost answer the client reads the member and repeats only what is still
// to do.
func TestUpdateMemberEmailAfterAmbiguousFailure(t *testing.T) {
	str := func(s string) *string { return &s }
	yes := true
	full := UpdateMemberRequest{Name: str("Ada"), EmailAddress: str("New@Example.com"), UnlinkEmail: &yes}
	fullBody := `{"name":"Ada","email_address":"New@Example.com","unlink_email":true}`
	tests := []struct {
		name       string
		req        UpdateMemberRequest
		failures   int32
		getStatus  int
		getBody    string
		wantBodies []string
		wantGets   int32
		wantErr    string
	}{
		{"the change happened: the other fields are sent again without the email", full, 1, 200,
			memberEnvelopeOf("member-test-1", "new@example.com", "active"), []string{fullBody, `{"name":"Ada"}`}, 1, ""},
		{"the change happened and nothing else was asked", UpdateMemberRequest{EmailAddress: str("new@example.com")}, 1, 200,
			memberEnvelopeOf("member-test-1", "new@example.com", "active"), []string{`{"email_address":"new@example.com"}`}, 1, ""},
		{"the change did not happen: the whole update is repeated", full, 1, 200,
			memberEnvelopeOf("member-test-1", "old@example.com", "active"), []string{fullBody, fullBody}, 1, ""},
		{"the member is not found: repeated, and the repeat reports it", full, 100, 404,
			errorJSON(404, ErrorTypeMemberNotFound, "req-404"), []string{fullBody, fullBody, fullBody, fullBody}, 4, "internal_server_error"},
		{"the read fails", full, 1, 401,
			errorJSON(401, "unauthorized_credentials", "req-401"), []string{fullBody}, 1, "reading the member"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &memberStateServer{failures: tt.failures, getStatus: tt.getStatus, getBody: tt.getBody}
			srv := newTestServer(t, s.handler)
			c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.MaxRetries = 3 })
			member, err := c.UpdateMember(testContext(t), "org-1", "member-test-1", tt.req)
			if got := s.bodies(); !slices.Equal(got, tt.wantBodies) {
				t.Errorf("PUT bodies =\n %v\nwant\n %v", got, tt.wantBodies)
			}
			if s.gets.Load() != tt.wantGets {
				t.Errorf("reads = %d, want %d", s.gets.Load(), tt.wantGets)
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want it to mention %q", err, tt.wantErr)
				}
				if apiErr, ok := AsError(err); !ok || apiErr.StatusCode != 503 {
					t.Errorf("err = %v, want it to unwrap to the update's 503", err)
				}
				return
			}
			if err != nil || member.EmailAddress != "new@example.com" {
				t.Fatalf("member %+v err %v", member, err)
			}
		})
	}
}

// A reactivation whose answer is lost is repeated only when the member is
// still deleted: a repeat of one that happened would fail with
// no_deleted_member_found_for_reactivation.
func TestReactivateMemberAfterAmbiguousFailure(t *testing.T) {
	tests := []struct {
		name      string
		getStatus int
		getBody   string
		wantPuts  int32
		wantErr   string
	}{
		{"reactivated", 200, memberEnvelopeOf("member-test-1", "new@example.com", "active"), 1, ""},
		{"still deleted: repeated", 200, memberEnvelopeOf("member-test-1", "new@example.com", "deleted"), 2, ""},
		{"not found: repeated", 404, errorJSON(404, ErrorTypeMemberNotFound, "req-404"), 2, ""},
		{"the read fails", 401, errorJSON(401, "unauthorized_credentials", "req-401"), 1, "whether it was reactivated"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &memberStateServer{failures: 1, getStatus: tt.getStatus, getBody: tt.getBody}
			srv := newTestServer(t, s.handler)
			c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.MaxRetries = 3 })
			member, err := c.ReactivateMember(testContext(t), "org-1", "member-test-1")
			if s.puts.Load() != tt.wantPuts || s.gets.Load() != 1 {
				t.Errorf("puts %d reads %d, want %d and 1", s.puts.Load(), s.gets.Load(), tt.wantPuts)
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want it to mention %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || member.Status != MemberStatusActive {
				t.Fatalf("member %+v err %v", member, err)
			}
		})
	}
	t.Run("not deleted", func(t *testing.T) {
		hits, url := failingServer(t, 100, http.StatusBadRequest, memberEnvelope)
		c := newTestClient(t, url, nil)
		if _, err := c.ReactivateMember(testContext(t), "org-1", "member-test-1"); err == nil || hits.Load() != 1 {
			t.Errorf("err %v hits %d, want the 400 at once", err, hits.Load())
		}
	})
}

// memberCall is one member method, run against a server that answers success.
type memberCall struct {
	name    string
	success string
	call    func(ctx context.Context, c *Client) error
}

func idempotentMemberCalls() []memberCall {
	name := "Ada"
	return []memberCall{
		{"get", memberEnvelope, func(ctx context.Context, c *Client) error {
			_, err := c.GetMember(ctx, "org-1", "member-test-1")
			return err
		}},
		{"get by email", memberEnvelope, func(ctx context.Context, c *Client) error {
			_, err := c.GetMemberByEmail(ctx, "org-1", "ada@example.com")
			return err
		}},
		{"update without email", memberEnvelope, func(ctx context.Context, c *Client) error {
			_, err := c.UpdateMember(ctx, "org-1", "member-test-1", UpdateMemberRequest{Name: &name, Roles: &[]string{}})
			return err
		}},
		{"delete", memberDeleteEnvelope, func(ctx context.Context, c *Client) error {
			return c.DeleteMember(ctx, "org-1", "member-test-1")
		}},
		{"delete external id", memberEnvelope, func(ctx context.Context, c *Client) error {
			_, err := c.DeleteMemberExternalID(ctx, "org-1", "member-test-1")
			return err
		}},
		{"delete MFA phone number", memberEnvelope, func(ctx context.Context, c *Client) error {
			_, err := c.DeleteMemberMFAPhoneNumber(ctx, "org-1", "member-test-1")
			return err
		}},
		{"search", memberSearchEnvelope, func(ctx context.Context, c *Client) error {
			_, err := c.SearchMembers(ctx, SearchMembersRequest{OrganizationIDs: []string{"org-1"}})
			return err
		}},
	}
}

func TestMemberIdempotentCallsRetriedOn5xx(t *testing.T) {
	for _, tt := range idempotentMemberCalls() {
		t.Run(tt.name, func(t *testing.T) {
			hits, url := failingServer(t, 2, http.StatusServiceUnavailable, tt.success)
			c := newTestClient(t, url, func(cfg *Config) { cfg.MaxRetries = 3 })
			if err := tt.call(testContext(t), c); err != nil {
				t.Fatalf("call: %v", err)
			}
			if n := hits.Load(); n != 3 {
				t.Errorf("server hits = %d, want 3", n)
			}
		})
	}
}

// Stytch did nothing on a 429: every call is repeated at once, without a
// lookup, the three that are otherwise not repeated blindly included.
func TestMemberCallsRetriedOn429(t *testing.T) {
	email := "new@example.com"
	calls := append(idempotentMemberCalls(),
		memberCall{"create", memberEnvelope, func(ctx context.Context, c *Client) error {
			_, err := c.CreateMember(ctx, "org-1", CreateMemberRequest{EmailAddress: "ada@example.com"})
			return err
		}},
		memberCall{"update with email", memberEnvelope, func(ctx context.Context, c *Client) error {
			_, err := c.UpdateMember(ctx, "org-1", "member-test-1", UpdateMemberRequest{EmailAddress: &email})
			return err
		}},
		memberCall{"reactivate", memberEnvelope, func(ctx context.Context, c *Client) error {
			_, err := c.ReactivateMember(ctx, "org-1", "member-test-1")
			return err
		}},
	)
	for _, tt := range calls {
		t.Run(tt.name, func(t *testing.T) {
			hits, url := failingServer(t, 2, http.StatusTooManyRequests, tt.success)
			c := newTestClient(t, url, func(cfg *Config) { cfg.MaxRetries = 3 })
			if err := tt.call(testContext(t), c); err != nil {
				t.Fatalf("call: %v", err)
			}
			if n := hits.Load(); n != 3 {
				t.Errorf("server hits = %d, want 3 (no lookup)", n)
			}
		})
	}
}

func TestMemberErrorDecoding(t *testing.T) {
	tests := []struct {
		name      string
		status    int
		errorType string
		call      func(ctx context.Context, c *Client) error
		wantPath  string
		notFound  bool
	}{
		{"missing member", 404, ErrorTypeMemberNotFound, func(ctx context.Context, c *Client) error {
			_, err := c.GetMember(ctx, "org-1", "member-test-1")
			return err
		}, "/v1/b2b/organizations/org-1/member?member_id=member-test-1", true},
		{"deleted member deleted again", 404, ErrorTypeMemberNotFound, func(ctx context.Context, c *Client) error {
			return c.DeleteMember(ctx, "org-1", "member-test-1")
		}, "/v1/b2b/organizations/org-1/members/member-test-1", true},
		{"missing organization", 404, ErrorTypeOrganizationNotFound, func(ctx context.Context, c *Client) error {
			_, err := c.GetMemberByEmail(ctx, "org-1", "ada@example.com")
			return err
		}, "/v1/b2b/organizations/org-1/member?email_address=ada%40example.com", true},
		{"member of another organization", 404, ErrorTypeMemberDoesNotExistInOrganization, func(ctx context.Context, c *Client) error {
			_, err := c.GetMember(ctx, "org-1", "member-test-1")
			return err
		}, "/v1/b2b/organizations/org-1/member?member_id=member-test-1", false},
		{"no phone number", 404, ErrorTypeMemberPhoneNumberNotFound, func(ctx context.Context, c *Client) error {
			_, err := c.DeleteMemberMFAPhoneNumber(ctx, "org-1", "member-test-1")
			return err
		}, "/v1/b2b/organizations/org-1/members/mfa_phone_numbers/member-test-1", false},
		{"duplicate external id", 400, ErrorTypeDuplicateMemberExternalID, func(ctx context.Context, c *Client) error {
			id := "ext-1"
			_, err := c.UpdateMember(ctx, "org-1", "member-test-1", UpdateMemberRequest{ExternalID: &id})
			return err
		}, "/v1/b2b/organizations/org-1/members/member-test-1", false},
		{"reactivating an active member", 400, ErrorTypeNoDeletedMemberForReactivation, func(ctx context.Context, c *Client) error {
			_, err := c.ReactivateMember(ctx, "org-1", "member-test-1")
			return err
		}, "/v1/b2b/organizations/org-1/members/member-test-1/reactivate", false},
		{"a route, not a member", 404, "route_not_found", func(ctx context.Context, c *Client) error {
			_, err := c.GetMember(ctx, "org-1", "member-test-1")
			return err
		}, "/v1/b2b/organizations/org-1/member?member_id=member-test-1", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hits atomic.Int32
			srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				writeJSON(w, tt.status, errorJSON(tt.status, tt.errorType, "req-err"))
			})
			c := newTestClient(t, srv.URL, nil)
			err := tt.call(testContext(t), c)
			apiErr, ok := AsError(err)
			if !ok {
				t.Fatalf("err = %T %v, want *Error", err, err)
			}
			if apiErr.StatusCode != tt.status || apiErr.ErrorType != tt.errorType || apiErr.RequestID != "req-err" || apiErr.Path != tt.wantPath {
				t.Errorf("error = %+v", apiErr)
			}
			if IsNotFound(err) != tt.notFound {
				t.Errorf("IsNotFound = %v, want %v", IsNotFound(err), tt.notFound)
			}
			if n := hits.Load(); n != 1 {
				t.Errorf("server hits = %d, want 1 (a 4xx is not retried)", n)
			}
		})
	}
}

func TestMemberEmptyIdentifierRejectedWithoutRequest(t *testing.T) {
	var hits atomic.Int32
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		writeJSON(w, http.StatusOK, memberEnvelope)
	})
	c := newTestClient(t, srv.URL, nil)
	ctx := testContext(t)
	calls := map[string]func() error{
		"create without organization": func() error {
			_, err := c.CreateMember(ctx, "", CreateMemberRequest{EmailAddress: "a@example.com"})
			return err
		},
		"create without email":  func() error { _, err := c.CreateMember(ctx, "o", CreateMemberRequest{}); return err },
		"get":                   func() error { _, err := c.GetMember(ctx, "o", ""); return err },
		"get by email":          func() error { _, err := c.GetMemberByEmail(ctx, "o", ""); return err },
		"update":                func() error { _, err := c.UpdateMember(ctx, "", "m", UpdateMemberRequest{}); return err },
		"delete":                func() error { return c.DeleteMember(ctx, "o", "") },
		"reactivate":            func() error { _, err := c.ReactivateMember(ctx, "", "m"); return err },
		"delete external id":    func() error { _, err := c.DeleteMemberExternalID(ctx, "o", ""); return err },
		"delete MFA phone":      func() error { _, err := c.DeleteMemberMFAPhoneNumber(ctx, "", "m"); return err },
		"search without org id": func() error { _, err := c.SearchMembers(ctx, SearchMembersRequest{}); return err },
	}
	for name, call := range calls {
		if err := call(); err == nil || !strings.Contains(err.Error(), "required") && !strings.Contains(err.Error(), "at least one") {
			t.Errorf("%s = %v, want a 'required' error", name, err)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("server saw %d requests, want 0", n)
	}
}

// The enumerations are literal copies of the SDKs' lists; a duplicate or a
// stray space would pass plan-time validation and fail at Stytch.
func TestMemberEnumerations(t *testing.T) {
	for name, values := range map[string][]string{
		"statuses":     MemberStatusValues,
		"MFA methods":  MFAMethodValues,
		"role sources": {RoleSourceDirectAssignment, RoleSourceEmailAssignment, RoleSourceSSOConnection, RoleSourceSSOConnectionGroup, RoleSourceSCIMConnectionGroup},
		"filters": {MemberFilterIDs, MemberFilterEmails, MemberFilterEmailFuzzy, MemberFilterIsBreakglass, MemberFilterStatuses,
			MemberFilterMFAPhoneNumbers, MemberFilterMFAPhoneNumberFuzzy, MemberFilterPasswordExists, MemberFilterRoles},
	} {
		seen := map[string]bool{}
		for _, v := range values {
			if v == "" || strings.TrimSpace(v) != v || strings.ToLower(v) != v || seen[v] {
				t.Errorf("%s: bad or repeated value %q", name, v)
			}
			seen[v] = true
		}
	}
	if !slices.Equal(MemberStatusValues, []string{"pending", "invited", "active", "deleted"}) || !slices.Equal(MFAMethodValues, []string{"sms_otp", "totp"}) {
		t.Errorf("statuses %v, MFA methods %v", MemberStatusValues, MFAMethodValues)
	}
}
