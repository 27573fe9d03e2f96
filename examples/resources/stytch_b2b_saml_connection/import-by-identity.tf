# Terraform 1.12 and later (OpenTofu 1.12 and later) can import by the
# resource's identity: the organization's id and the connection id.
import {
  to = stytch_b2b_saml_connection.okta
  identity = {
    organization_id = "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931"
    connection_id   = "saml-connection-test-51861cbc-d3b9-428b-9761-227f5fb12be9"
  }
}
