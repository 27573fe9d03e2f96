# Import the SCIM connection of an existing organization with an import block,
# by the organization's slug (or id). Its bearer token cannot be imported:
# with rotation_trigger set, the first apply rotates it and records the new one.
import {
  to = stytch_b2b_scim_connection.okta
  id = "acme"
}
