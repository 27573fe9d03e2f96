# Import an existing member with an import block: the organization's slug (or
# id), a slash, and the member's email address (or member id).
# `terraform plan -generate-config-out=generated.tf` writes its configuration.
import {
  to = stytch_b2b_member.admin
  id = "initech/peter.gibbons@initech.com"
}
