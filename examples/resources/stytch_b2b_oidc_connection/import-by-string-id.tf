# Import an existing OIDC connection with an import block: the organization's
# slug (or id), a slash, and the connection id. The client secret cannot be
# imported, so the plan shows it (or client_secret_wo_version) as a change.
import {
  to = stytch_b2b_oidc_connection.okta
  id = "acme/oidc-connection-test-5c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
}
