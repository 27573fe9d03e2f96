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
// organization id, its slug or its external id (spec 1.5); it is path-escaped
// as every official SDK does.
func organizationPath(idOrSlug string) string {
	return organizationsPath + "/" + url.PathEscape(idOrSlug)
}

// CreateOrganization creates an organization (POST /v1/b2b/organizations).
// It is retried only when Stytch surely did nothing (429, or no connection).
func (c *Client) CreateOrganization(ctx context.Context, req CreateRequest) (*Organization, error) {
	var resp OrganizationResponse
	if err := c.do(ctx, http.MethodPost, organizationsPath, req, &resp, retryCreate); err != nil {
		return nil, err
	}
	return &resp.Organization, nil
}

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
// it (spec 4.8), and returns the organization afterwards.
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

// SearchOrganizations fetches one page of a search. Search has no side effect,
// so it is retried like a read.
func (c *Client) SearchOrganizations(ctx context.Context, req SearchRequest) (*SearchResponse, error) {
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
}

func (e *ErrTooManyResults) Error() string {
	return fmt.Sprintf("the search matches more than %d organizations (Stytch reports %d)", e.Max, e.Total)
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
		total = len(all) // total is -1 when a workspace disables totals (spec 4.5)
	}
	return all, total, nil
}
