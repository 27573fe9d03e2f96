# Terraform 1.12 and later (OpenTofu 1.12 and later) can import by the
# resource's identity: the id of the organization that uses the connection,
# and the connection id.
import {
  to = stytch_b2b_external_connection.parent_okta
  identity = {
    organization_id = "organization-test-2b7c9d4e-1f3a-4b5c-9d8e-7f6a5b4c3d2e"
    connection_id   = "external-connection-test-8a9b0c1d-2e3f-4a5b-8c7d-6e5f4a3b2c1d"
  }
}
