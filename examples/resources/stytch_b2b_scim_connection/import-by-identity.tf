# Terraform 1.12 and later (OpenTofu 1.12 and later) can import by the
# resource's identity: the organization's id and the connection id. An
# organization has at most one SCIM connection, so connection_id may be left
# out; when given, the import fails unless it is that connection's id. The
# bearer token cannot be imported, as with the other forms: with
# rotation_trigger set, the first apply rotates it and records the new one.
import {
  to = stytch_b2b_scim_connection.okta
  identity = {
    organization_id = "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931"
    connection_id   = "scim-connection-test-6a1e0d4b-2f3c-4b5d-9e6f-7a8b9c0d1e2f"
  }
}
