# Terraform 1.12 and later (OpenTofu 1.12 and later) can import by the
# resource's identity: the organization's id.
import {
  to = stytch_b2b_organization_rbac_policy.acme
  identity = {
    organization_id = "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931"
  }
}
