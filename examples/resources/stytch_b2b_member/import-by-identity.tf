# Terraform 1.12 and later (OpenTofu 1.12 and later) can import by the
# resource's identity: the organization's id and the member id.
import {
  to = stytch_b2b_member.admin
  identity = {
    organization_id = "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931"
    member_id       = "member-test-32fc5024-9c09-4da3-bd2e-c9ce4da9375f"
  }
}
