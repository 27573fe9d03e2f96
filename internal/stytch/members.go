package stytch

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Stytch's member API. Members live in an organization, which every path
// addresses by id, slug or external id, as elsewhere; a member is addressed by
// its member id or, except on Reactivate, its external id. Bodies carry only
// the documented fields, never the ids of the path (stytch-go echoes them).
//
// Retries (DESIGN.md, "Rate limits and retries"): Get, Search, Delete, Delete
// external id and Delete MFA phone number read, or remove state, and Update
// sets fields, so repeating them after a lost answer changes nothing; they
// are retried like the organization's calls. A repeat of a delete that
// happened answers a not-found error type, which the caller can take as
// done. Three calls are not repeated blindly:
//   - Create is not idempotent; the email address, unique in the
//     organization, tells whether a lost create happened (CreateMember);
//   - an Update that changes email_address retires (or deletes) the old
//     address, and what Stytch answers when the change is sent again is
//     undocumented (UpdateMember);
//   - Reactivate of a member that is no longer deleted fails
//     (ErrorTypeNoDeletedMemberForReactivation), so a repeat of a
//     reactivation that happened would report a failure (ReactivateMember).
//
// Each of them is sent with the create policy (repeated only on 429 or a
// connection never established) and, after an ambiguous failure, reads the
// member to find out whether the call happened before sending it again.

// membersPath is /v1/b2b/organizations/{organization_id}/members.
func membersPath(organizationID string) string {
	return organizationPath(organizationID) + "/members"
}

// memberPath is /v1/b2b/organizations/{organization_id}/members/{member_id}.
func memberPath(organizationID, memberID string) string {
	return membersPath(organizationID) + "/" + url.PathEscape(memberID)
}

// memberGetPath is the read of one member: GET
// /v1/b2b/organizations/{organization_id}/member (singular) with member_id or
// email_address as the only query parameter.
func memberGetPath(organizationID, key, value string) string {
	return organizationPath(organizationID) + "/member?" + url.Values{key: {value}}.Encode()
}

// membersSearchPath is the search across organizations.
const membersSearchPath = organizationsPath + "/members/search"

// CreateMember creates a member (POST /v1/b2b/organizations/{organization_id}/members).
// req.EmailAddress is required.
//
// Create is not idempotent, so it is repeated only when Stytch surely did
// nothing (429, or no connection). After an ambiguous failure (5xx, timeout,
// connection reset after sending) the client looks the email address up, as
// CreateOrganization looks the slug up (DESIGN.md, "Create without
// duplicates"): when no member of the organization has it (or only a deleted
// one, whose address is free again), the create did not happen and is
// repeated, within the retry budget; when a member has it, the create
// probably happened and *AmbiguousMemberCreateError names that member; the
// client never adopts it silently.
func (c *Client) CreateMember(ctx context.Context, organizationID string, req CreateMemberRequest) (*Member, error) {
	if err := requireIDs("an organization id", organizationID, "an email address", req.EmailAddress); err != nil {
		return nil, err
	}
	for attempt := 1; ; attempt++ {
		var resp MemberResponse
		err := c.do(ctx, http.MethodPost, membersPath(organizationID), req, &resp, retryCreate)
		if err == nil {
			return &resp.Member, nil
		}
		if !isAmbiguous(err) || ctx.Err() != nil {
			return nil, err
		}
		existing, lookupErr := c.GetMemberByEmail(ctx, organizationID, req.EmailAddress)
		switch {
		case lookupErr == nil && existing.Status != MemberStatusDeleted && strings.EqualFold(existing.EmailAddress, req.EmailAddress):
			return nil, &AmbiguousMemberCreateError{Member: existing, Cause: err}
		case lookupErr != nil && !IsNotFound(lookupErr):
			// Only the create's error is wrapped: callers inspect it (AsError),
			// and the lookup's error must not be mistaken for it.
			return nil, fmt.Errorf("%w (afterwards, looking up email address %q to see whether the member was created also failed: %s)",
				err, req.EmailAddress, lookupErr.Error())
		case attempt > c.maxRetries:
			return nil, err
		}
		// No member has the address: the create did not happen; try again.
		if !sleep(ctx, c.backoff(attempt, 0)) {
			return nil, fmt.Errorf("%w (while waiting to retry after: %w)", ctx.Err(), err)
		}
	}
}

// AmbiguousMemberCreateError is a member create whose answer was lost while a
// member with the requested email address exists in the organization
// afterwards: the create probably happened (or the member existed before).
type AmbiguousMemberCreateError struct {
	// Member is the member that has the requested email address now.
	Member *Member
	// Cause is the failure of the create call.
	Cause error
}

func (e *AmbiguousMemberCreateError) Error() string {
	return fmt.Sprintf("the create request failed (%v), but member %s of organization %s now has email address %q: the create probably happened",
		e.Cause, e.Member.MemberID, e.Member.OrganizationID, e.Member.EmailAddress)
}

func (e *AmbiguousMemberCreateError) Unwrap() error { return e.Cause }

// GetMember reads one member by member id or external id
// (GET /v1/b2b/organizations/{organization_id}/member?member_id=). A member
// that does not exist is ErrorTypeMemberNotFound (IsNotFound); a deleted one
// may come back with status MemberStatusDeleted, which the caller treats as
// gone too.
func (c *Client) GetMember(ctx context.Context, organizationID, memberID string) (*Member, error) {
	if err := requireIDs("an organization id", organizationID, "a member id", memberID); err != nil {
		return nil, err
	}
	return c.memberCall(ctx, http.MethodGet, memberGetPath(organizationID, "member_id", memberID), nil, retryIdempotent)
}

// GetMemberByEmail reads the member of the organization that has the email
// address (GET /v1/b2b/organizations/{organization_id}/member?email_address=).
func (c *Client) GetMemberByEmail(ctx context.Context, organizationID, email string) (*Member, error) {
	if err := requireIDs("an organization id", organizationID, "an email address", email); err != nil {
		return nil, err
	}
	return c.memberCall(ctx, http.MethodGet, memberGetPath(organizationID, "email_address", email), nil, retryIdempotent)
}

// memberCall sends a call answered by MemberResponse and returns its member.
func (c *Client) memberCall(ctx context.Context, method, path string, body any, policy retryPolicy) (*Member, error) {
	var resp MemberResponse
	if err := c.do(ctx, method, path, body, &resp, policy); err != nil {
		return nil, err
	}
	return &resp.Member, nil
}

// UpdateMember changes the fields set in req
// (PUT /v1/b2b/organizations/{organization_id}/members/{member_id}) and
// returns the member afterwards. Fields left nil are not sent and stay
// unchanged.
//
// An update that sets fields only is idempotent and retried like the
// organization's. One that sends email_address is different in effect: the
// first request retires the old address (or, with unlink_email, deletes it),
// clears the member's passwords and resets email_address_verified, and a
// repeat finds the member already at the new address. The end state would be
// the same, but what Stytch answers to a change to the address the member
// already has is undocumented (duplicate_member_email and
// retired_member_email exist). So such an update is repeated only when Stytch
// surely did nothing; after an ambiguous failure the client reads the member:
// if it has the new address, the update happened (Stytch applies one request
// as a whole), and the other fields are sent again without email_address and
// unlink_email, which is idempotent; otherwise the whole update is sent
// again, within the retry budget.
func (c *Client) UpdateMember(ctx context.Context, organizationID, memberID string, req UpdateMemberRequest) (*Member, error) {
	if err := requireIDs("an organization id", organizationID, "a member id", memberID); err != nil {
		return nil, err
	}
	path := memberPath(organizationID, memberID)
	if req.EmailAddress == nil {
		return c.memberCall(ctx, http.MethodPut, path, req, retryIdempotent)
	}
	for attempt := 1; ; attempt++ {
		member, err := c.memberCall(ctx, http.MethodPut, path, req, retryCreate)
		if err == nil {
			return member, nil
		}
		if !isAmbiguous(err) || ctx.Err() != nil {
			return nil, err
		}
		current, lookupErr := c.GetMember(ctx, organizationID, memberID)
		switch {
		case lookupErr != nil && !IsNotFound(lookupErr):
			return nil, fmt.Errorf("%w (afterwards, reading the member to see whether its email address changed also failed: %s)", err, lookupErr.Error())
		case lookupErr == nil && strings.EqualFold(current.EmailAddress, *req.EmailAddress):
			rest := req
			rest.EmailAddress, rest.UnlinkEmail = nil, nil
			if rest.IsEmpty() {
				return current, nil
			}
			return c.memberCall(ctx, http.MethodPut, path, rest, retryIdempotent)
		case attempt > c.maxRetries:
			return nil, err
		}
		// The member still has another address (or cannot be found, which a
		// repeat reports): the update did not happen.
		if !sleep(ctx, c.backoff(attempt, 0)) {
			return nil, fmt.Errorf("%w (while waiting to retry after: %w)", ctx.Err(), err)
		}
	}
}

// DeleteMember deletes a member
// (DELETE /v1/b2b/organizations/{organization_id}/members/{member_id}). Stytch
// deletes softly: the member keeps its id with status deleted, loses its
// factors, and its email address is free for another member. It is retried
// like any delete; a repeat of a delete that happened answers
// ErrorTypeMemberNotFound, which IsNotFound reports.
func (c *Client) DeleteMember(ctx context.Context, organizationID, memberID string) error {
	if err := requireIDs("an organization id", organizationID, "a member id", memberID); err != nil {
		return err
	}
	var resp DeleteMemberResponse
	return c.do(ctx, http.MethodDelete, memberPath(organizationID, memberID), nil, &resp, retryIdempotent)
}

// ReactivateMember restores a deleted member to active
// (PUT /v1/b2b/organizations/{organization_id}/members/{member_id}/reactivate).
// memberID must be the Stytch member id: this endpoint does not accept an
// external id. Stytch reactivates only members with a verified email address
// (ErrorTypeEmailUnverifiedForReactivation).
//
// Reactivating a member that is not deleted fails
// (ErrorTypeNoDeletedMemberForReactivation), so a repeat of a reactivation
// whose answer was lost would report a failure for a call that happened. It
// is therefore repeated only when Stytch surely did nothing; after an
// ambiguous failure the client reads the member: no longer deleted means
// reactivated, and that member is returned; still deleted (or not found,
// which is how Get may answer for a deleted member) means the call did not
// happen, and it is sent again, within the retry budget.
func (c *Client) ReactivateMember(ctx context.Context, organizationID, memberID string) (*Member, error) {
	if err := requireIDs("an organization id", organizationID, "a member id", memberID); err != nil {
		return nil, err
	}
	path := memberPath(organizationID, memberID) + "/reactivate"
	for attempt := 1; ; attempt++ {
		// The body is {} as the Node SDK sends it: a PUT declared as JSON
		// with no body at all is left to chance.
		member, err := c.memberCall(ctx, http.MethodPut, path, struct{}{}, retryCreate)
		if err == nil {
			return member, nil
		}
		if !isAmbiguous(err) || ctx.Err() != nil {
			return nil, err
		}
		current, lookupErr := c.GetMember(ctx, organizationID, memberID)
		switch {
		case lookupErr != nil && !IsNotFound(lookupErr):
			return nil, fmt.Errorf("%w (afterwards, reading the member to see whether it was reactivated also failed: %s)", err, lookupErr.Error())
		case lookupErr == nil && current.Status != MemberStatusDeleted:
			return current, nil
		case attempt > c.maxRetries:
			return nil, err
		}
		if !sleep(ctx, c.backoff(attempt, 0)) {
			return nil, fmt.Errorf("%w (while waiting to retry after: %w)", ctx.Err(), err)
		}
	}
}

// DeleteMemberExternalID removes the member's external id
// (DELETE /v1/b2b/organizations/{organization_id}/members/{member_id}/external_id)
// and returns the member afterwards. Removing what is gone changes nothing,
// so it is retried like any delete.
func (c *Client) DeleteMemberExternalID(ctx context.Context, organizationID, memberID string) (*Member, error) {
	if err := requireIDs("an organization id", organizationID, "a member id", memberID); err != nil {
		return nil, err
	}
	return c.memberCall(ctx, http.MethodDelete, memberPath(organizationID, memberID)+"/external_id", nil, retryIdempotent)
}

// DeleteMemberMFAPhoneNumber removes the member's MFA phone number and returns
// the member afterwards. The path puts the member id last:
// DELETE /v1/b2b/organizations/{organization_id}/members/mfa_phone_numbers/{member_id}.
// It is retried like any delete; a repeat of a delete that happened may
// answer ErrorTypeMemberPhoneNumberNotFound, which a caller can take as done.
func (c *Client) DeleteMemberMFAPhoneNumber(ctx context.Context, organizationID, memberID string) (*Member, error) {
	if err := requireIDs("an organization id", organizationID, "a member id", memberID); err != nil {
		return nil, err
	}
	path := membersPath(organizationID) + "/mfa_phone_numbers/" + url.PathEscape(memberID)
	return c.memberCall(ctx, http.MethodDelete, path, nil, retryIdempotent)
}

// SearchMembers fetches one page of a member search
// (POST /v1/b2b/organizations/members/search) in the organizations of
// req.OrganizationIDs, at least one. Search has no side effect, so it is
// retried like a read. As in SearchOrganizations, a limit above
// MaxSearchLimit is sent as MaxSearchLimit and a query without an operator is
// sent with AND. Deleted members are left out unless the query asks for them
// (MemberFilterStatuses).
func (c *Client) SearchMembers(ctx context.Context, req SearchMembersRequest) (*SearchMembersResponse, error) {
	if len(req.OrganizationIDs) == 0 {
		return nil, fmt.Errorf("stytch: a member search needs at least one organization id")
	}
	req.Limit = min(req.Limit, MaxSearchLimit)
	if req.Query != nil && req.Query.Operator == "" {
		q := *req.Query
		q.Operator = SearchOperatorAND
		req.Query = &q
	}
	var resp SearchMembersResponse
	if err := c.do(ctx, http.MethodPost, membersSearchPath, req, &resp, retryIdempotent); err != nil {
		return nil, err
	}
	return &resp, nil
}

// SearchAllMembers follows next_cursor through every page of a member search
// and returns every match in Stytch's order, with the number of matches. It
// fails with *ErrTooManyResults rather than cutting the result when more than
// maxResults members match (0 means no limit), and stops when Stytch repeats
// a cursor.
func (c *Client) SearchAllMembers(ctx context.Context, organizationIDs []string, query *SearchQuery, pageSize, maxResults int) ([]Member, int, error) {
	var all []Member
	total := 0
	cursor := ""
	seen := map[string]bool{} // cursors already requested, to stop a cycling server
	for {
		page, err := c.SearchMembers(ctx, SearchMembersRequest{OrganizationIDs: organizationIDs, Cursor: cursor, Limit: pageSize, Query: query})
		if err != nil {
			return nil, 0, err
		}
		total = page.ResultsMetadata.Total
		all = append(all, page.Members...)
		if maxResults > 0 && (len(all) > maxResults || total > maxResults) {
			return nil, total, &ErrTooManyResults{Max: maxResults, Total: max(total, len(all)), What: "members"}
		}
		if page.ResultsMetadata.NextCursor == nil || *page.ResultsMetadata.NextCursor == "" {
			break
		}
		seen[cursor] = true
		if seen[*page.ResultsMetadata.NextCursor] {
			return nil, total, fmt.Errorf("stytch: member search returned the same cursor twice; stopping to avoid an endless loop")
		}
		cursor = *page.ResultsMetadata.NextCursor
	}
	if all == nil {
		all = []Member{}
	}
	if total < len(all) {
		total = len(all) // total is -1 when a workspace disables totals (DESIGN.md, "Search")
	}
	return all, total, nil
}
