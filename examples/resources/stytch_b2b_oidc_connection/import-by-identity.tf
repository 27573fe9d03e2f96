# Terraform 1.12 and later (OpenTofu 1.12 and later) can import by the
# resource's identity: the organization's id and the connection id. The
# client secret cannot be imported, as with the other forms.
import {
  to = stytch_b2b_oidc_connection.okta
  identity = {
    organization_id = "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931"
    connection_id   = "oidc-connection-test-5c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
  }
}
