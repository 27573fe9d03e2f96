# Import the custom roles of an existing organization by its slug (or id) with
# an import block.
import {
  to = stytch_b2b_organization_rbac_policy.acme
  id = "acme"
}
