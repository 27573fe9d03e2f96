# Import an existing external connection with an import block: the slug (or
# id) of the organization that uses it, a slash, and the connection id.
import {
  to = stytch_b2b_external_connection.parent_okta
  id = "acme-emea/external-connection-test-8a9b0c1d-2e3f-4a5b-8c7d-6e5f4a3b2c1d"
}
