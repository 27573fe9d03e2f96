package stytch

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
)

const organizationsPath = "/v1/b2b/organizations"

func basicAuth(user, password string) string {
	return base64.StdEncoding.EncodeToString([]byte(user + ":" + password))
}

// organizationPath is the path of one organization. The identifier may be the
// organization id, its slug or its external id (DESIGN.md, "Organization identifiers"); it is path-escaped
// as every official SDK does.
func organizationPath(idOrSlug string) string {
	return organizationsPath + "/" + url.PathEscape(idOrSlug)
}

// CreateOrganization creates an organization (POST /v1/b2b/organizations).
//
// A create is not idempotent, so it is repeated only when Stytch surely did
// nothing (429, or no connection). After an ambiguous failure (5xx, timeout,
// connection reset after sending) the client looks the slug up: if no
// organization has it, repeating the create is safe; if one does, the create
// probably happened and *AmbiguousCreateError names that organization. The
// client never adopts it silently.
func (c *Client) CreateOrganization(ctx context.Context, req CreateRequest) (*Organization, error) {
	for attempt := 1; ; attempt++ {
		var resp OrganizationResponse
		err := c.do(ctx, http.MethodPost, organizationsPath, req, &resp, retryCreate)
		if err == nil {
			return &resp.Organization, nil
		}
		if !isAmbiguous(err) || req.OrganizationSlug == "" || ctx.Err() != nil {
			return nil, err
		}
		existing, lookupErr := c.GetOrganization(ctx, req.OrganizationSlug)
		switch {
		case lookupErr == nil && existing.OrganizationSlug == req.OrganizationSlug:
			return nil, &AmbiguousCreateError{Organization: existing, Cause: err}
		case lookupErr != nil && !IsNotFound(lookupErr):
			// Only the create's error is wrapped: callers inspect it (AsError),
			// and the lookup's error must not be mistaken for it.
			return nil, fmt.Errorf("%w (afterwards, looking up slug %q to see whether the organization was created also failed: %s)", err, req.OrganizationSlug, lookupErr.Error())
		case attempt > c.maxRetries:
			return nil, err
		}
		// No organization has the slug: the create did not happen; try again.
		if !sleep(ctx, c.backoff(attempt, 0)) {
			return nil, fmt.Errorf("%w (while waiting to retry after: %w)", ctx.Err(), err)
		}
	}
}

// AmbiguousCreateError is a create whose answer was lost while an organization
// with the requested slug exists afterwards: the create probably happened.
type AmbiguousCreateError struct {
	// Organization is the organization that has the requested slug now.
	Organization *Organization
	// Cause is the failure of the create call.
	Cause error
}

func (e *AmbiguousCreateError) Error() string {
	return fmt.Sprintf("the create request failed (%v), but organization %s now has slug %q: the create probably happened",
		e.Cause, e.Organization.OrganizationID, e.Organization.OrganizationSlug)
}

func (e *AmbiguousCreateError) Unwrap() error { return e.Cause }

// GetOrganization reads one organization by id, slug or external id.
func (c *Client) GetOrganization(ctx context.Context, idOrSlug string) (*Organization, error) {
	if idOrSlug == "" {
		return nil, fmt.Errorf("stytch: an organization id or slug is required")
	}
	var resp OrganizationResponse
	if err := c.do(ctx, http.MethodGet, organizationPath(idOrSlug), nil, &resp, retryIdempotent); err != nil {
		return nil, err
	}
	return &resp.Organization, nil
}

// UpdateOrganization changes the fields set in req and returns the organization
// as Stytch holds it afterwards. Fields left nil are not sent and stay unchanged.
func (c *Client) UpdateOrganization(ctx context.Context, idOrSlug string, req UpdateRequest) (*Organization, error) {
	if idOrSlug == "" {
		return nil, fmt.Errorf("stytch: an organization id or slug is required")
	}
	var resp OrganizationResponse
	if err := c.do(ctx, http.MethodPut, organizationPath(idOrSlug), req, &resp, retryIdempotent); err != nil {
		return nil, err
	}
	return &resp.Organization, nil
}

// DeleteOrganization deletes an organization and, with it, all its members.
func (c *Client) DeleteOrganization(ctx context.Context, idOrSlug string) error {
	if idOrSlug == "" {
		return fmt.Errorf("stytch: an organization id or slug is required")
	}
	var resp DeleteResponse
	return c.do(ctx, http.MethodDelete, organizationPath(idOrSlug), nil, &resp, retryIdempotent)
}

// DeleteOrganizationExternalID removes the organization's external id
// (DELETE /v1/b2b/organizations/{id}/external_id), the documented way to clear
// it (DESIGN.md, "Delete the external id"), and returns the organization afterwards.
func (c *Client) DeleteOrganizationExternalID(ctx context.Context, idOrSlug string) (*Organization, error) {
	if idOrSlug == "" {
		return nil, fmt.Errorf("stytch: an organization id or slug is required")
	}
	var resp OrganizationResponse
	if err := c.do(ctx, http.MethodDelete, organizationPath(idOrSlug)+"/external_id", nil, &resp, retryIdempotent); err != nil {
		return nil, err
	}
	return &resp.Organization, nil
}

// MaxSearchLimit is the largest page Stytch returns: "A maximum of 1000
// results can be returned by a single search request" (stytch-go SearchParams).
const MaxSearchLimit = 1000

// SearchOrganizations fetches one page of a search. Search has no side effect,
// so it is retried like a read. A limit above MaxSearchLimit is sent as
// MaxSearchLimit, and a query without an operator is sent with AND, the only
// operator Stytch still supports: Stytch requires one (DESIGN.md, "Search").
func (c *Client) SearchOrganizations(ctx context.Context, req SearchRequest) (*SearchResponse, error) {
	req.Limit = min(req.Limit, MaxSearchLimit)
	if req.Query != nil && req.Query.Operator == "" {
		q := *req.Query
		q.Operator = SearchOperatorAND
		req.Query = &q
	}
	var resp SearchResponse
	if err := c.do(ctx, http.MethodPost, organizationsPath+"/search", req, &resp, retryIdempotent); err != nil {
		return nil, err
	}
	return &resp, nil
}

// ErrTooManyResults is returned by SearchAllOrganizations when more
// organizations match than the caller allowed.
type ErrTooManyResults struct {
	Max   int
	Total int
	// What names the objects searched: "organizations" when empty.
	What string
}

func (e *ErrTooManyResults) Error() string {
	what := e.What
	if what == "" {
		what = "organizations"
	}
	return fmt.Sprintf("the search matches more than %d %s (Stytch reports %d)", e.Max, what, e.Total)
}

// SearchAllOrganizations follows next_cursor through every page of a search and
// returns every match in Stytch's order. It fails with *ErrTooManyResults
// rather than cutting the result when more than maxResults organizations match.
func (c *Client) SearchAllOrganizations(ctx context.Context, query *SearchQuery, pageSize, maxResults int) ([]Organization, int, error) {
	var all []Organization
	total := 0
	cursor := ""
	seen := map[string]bool{} // cursors already requested, to stop a cycling server
	for {
		page, err := c.SearchOrganizations(ctx, SearchRequest{Cursor: cursor, Limit: pageSize, Query: query})
		if err != nil {
			return nil, 0, err
		}
		total = page.ResultsMetadata.Total
		all = append(all, page.Organizations...)
		if maxResults > 0 && (len(all) > maxResults || total > maxResults) {
			return nil, total, &ErrTooManyResults{Max: maxResults, Total: max(total, len(all))}
		}
		if page.ResultsMetadata.NextCursor == nil || *page.ResultsMetadata.NextCursor == "" {
			break
		}
		seen[cursor] = true
		if seen[*page.ResultsMetadata.NextCursor] {
			return nil, total, fmt.Errorf("stytch: search returned the same cursor twice; stopping to avoid an endless loop")
		}
		cursor = *page.ResultsMetadata.NextCursor
	}
	if all == nil {
		all = []Organization{}
	}
	if total < len(all) {
		total = len(all) // total is -1 when a workspace disables totals (DESIGN.md, "Search")
	}
	return all, total, nil
}
