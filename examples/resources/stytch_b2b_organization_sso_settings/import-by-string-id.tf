# Import the SSO settings of an existing organization by its slug (or id) with
# an import block.
import {
  to = stytch_b2b_organization_sso_settings.acme
  id = "acme"
}
