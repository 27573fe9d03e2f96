package stytch

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// Stytch's RBAC API: an organization's policy, which holds the
// organization's custom roles (a private beta Stytch enables per
// workspace), and a read of the project's policy, which this provider does
// not manage. Every call reads or replaces a whole document, so each is
// retried like the organization's calls (DESIGN.md, "Rate limits and
// retries"): repeating a Set after a lost answer sets the same roles again.

const rbacPath = "/v1/b2b/rbac"

// rbacProjectPolicyPath is the project's policy.
const rbacProjectPolicyPath = rbacPath + "/policy"

// OrgPolicyResponse is the envelope of the organization policy's Get and Set.
// A missing org_policy decodes as nil.
type OrgPolicyResponse struct {
	RequestID  string     `json:"request_id"`
	OrgPolicy  *OrgPolicy `json:"org_policy"`
	StatusCode int        `json:"status_code"`
}

// ProjectPolicyResponse is the envelope of GET /v1/b2b/rbac/policy. The
// policy's scopes, which concern M2M clients only, are not decoded.
type ProjectPolicyResponse struct {
	RequestID  string         `json:"request_id"`
	StatusCode int            `json:"status_code"`
	Policy     *ProjectPolicy `json:"policy"`
}

// setOrgPolicyRequest is the body of the Set: the policy under org_policy,
// without the organization id of the path.
type setOrgPolicyRequest struct {
	OrgPolicy OrgPolicy `json:"org_policy"`
}

// rbacOrganizationPath is /v1/b2b/rbac/organizations/{organization_id}. As
// everywhere, the organization may be addressed by id, slug or external id.
func rbacOrganizationPath(organizationID string) string {
	return rbacPath + "/organizations/" + url.PathEscape(organizationID)
}

// payloadOf returns the payload of a success envelope; a success without it
// is an error, as a policy cannot be told from an empty one otherwise.
func payloadOf[T any](method, path, key string, payload *T) (*T, error) {
	if payload == nil {
		return nil, fmt.Errorf("%s %s: the success answer has no %s object", method, path, key)
	}
	return payload, nil
}

// withEmptyLists returns a copy of roles in which no list is nil: Stytch
// reads a null list as a missing field, and a caller comparing roles should
// not have to tell nil from empty.
func withEmptyLists(roles []CustomRole) []CustomRole {
	out := make([]CustomRole, 0, len(roles))
	for _, r := range roles {
		perms := make([]RolePermission, 0, len(r.Permissions))
		for _, p := range r.Permissions {
			actions := p.Actions
			if actions == nil {
				actions = []string{}
			}
			perms = append(perms, RolePermission{ResourceID: p.ResourceID, Actions: actions})
		}
		out = append(out, CustomRole{RoleID: r.RoleID, Description: r.Description, Permissions: perms})
	}
	return out
}

// GetOrganizationRBACPolicy reads the organization's custom roles
// (GET /v1/b2b/rbac/organizations/{organization_id}). An organization without
// any has an empty policy. The roles and their lists are never nil; a
// success without org_policy is an error.
func (c *Client) GetOrganizationRBACPolicy(ctx context.Context, organizationID string) (*OrgPolicy, error) {
	if err := requireIDs("an organization id", organizationID); err != nil {
		return nil, err
	}
	return c.orgPolicyCall(ctx, http.MethodGet, rbacOrganizationPath(organizationID), nil)
}

// SetOrganizationRBACPolicy replaces every custom role of the organization
// with policy's (PUT /v1/b2b/rbac/organizations/{organization_id}) and
// returns the policy afterwards. The body is {"org_policy":{"roles":[...]}};
// roles and each role's permissions are sent as [] when empty, never null or
// left out, so an empty policy removes every custom role. The project's
// policy is unchanged. Stytch refuses a role id of the project's policy
// (ReservedRoleIDs among them), a resource or an action the project's policy
// does not define, and a permission that combines WildcardAction with other
// actions. Roles and lists of the answer are never nil.
func (c *Client) SetOrganizationRBACPolicy(ctx context.Context, organizationID string, policy OrgPolicy) (*OrgPolicy, error) {
	if err := requireIDs("an organization id", organizationID); err != nil {
		return nil, err
	}
	body := setOrgPolicyRequest{OrgPolicy: OrgPolicy{Roles: withEmptyLists(policy.Roles)}}
	return c.orgPolicyCall(ctx, http.MethodPut, rbacOrganizationPath(organizationID), body)
}

// orgPolicyCall sends a call answered by OrgPolicyResponse and returns its
// policy.
func (c *Client) orgPolicyCall(ctx context.Context, method, path string, body any) (*OrgPolicy, error) {
	var resp OrgPolicyResponse
	if err := c.do(ctx, method, path, body, &resp, retryIdempotent); err != nil {
		return nil, err
	}
	policy, err := payloadOf(method, path, "org_policy", resp.OrgPolicy)
	if err != nil {
		return nil, err
	}
	return &OrgPolicy{Roles: withEmptyLists(policy.Roles)}, nil
}

// GetProjectRBACPolicy reads the project's RBAC policy
// (GET /v1/b2b/rbac/policy): the resources and actions an organization's
// custom roles may name, and the project's roles, which they may not
// redefine. Its lists are never nil; a success without policy is an error.
func (c *Client) GetProjectRBACPolicy(ctx context.Context) (*ProjectPolicy, error) {
	var resp ProjectPolicyResponse
	if err := c.do(ctx, http.MethodGet, rbacProjectPolicyPath, nil, &resp, retryIdempotent); err != nil {
		return nil, err
	}
	policy, err := payloadOf(http.MethodGet, rbacProjectPolicyPath, "policy", resp.Policy)
	if err != nil {
		return nil, err
	}
	resources := make([]PolicyResource, 0, len(policy.Resources))
	for _, r := range policy.Resources {
		if r.Actions == nil {
			r.Actions = []string{}
		}
		resources = append(resources, r)
	}
	return &ProjectPolicy{Roles: withEmptyLists(policy.Roles), Resources: resources}, nil
}
