package stytch

// Objects of Stytch's RBAC API. An organization's policy holds its custom
// roles, which add to the project's policy; the project's policy itself is
// managed outside this provider.

// ReservedRoleIDs are the roles Stytch defines in every project: they cannot
// be redefined by an organization's policy.
var ReservedRoleIDs = []string{"stytch_member", "stytch_admin"}

// WildcardAction is the action that grants every action of a resource. It
// must be a permission's only action.
const WildcardAction = "*"

// OrgPolicy is the body of an organization's RBAC policy. Roles is always
// sent, [] included: an empty list removes every custom role.
type OrgPolicy struct {
	Roles []CustomRole `json:"roles"`
}

// ProjectPolicy is the project's RBAC policy (GET /v1/b2b/rbac/policy).
type ProjectPolicy struct {
	Roles     []CustomRole     `json:"roles"`
	Resources []PolicyResource `json:"resources"`
}

// PolicyResource is a resource of the project's policy and the actions
// defined on it.
type PolicyResource struct {
	ResourceID  string   `json:"resource_id"`
	Description string   `json:"description"`
	Actions     []string `json:"actions"`
}
