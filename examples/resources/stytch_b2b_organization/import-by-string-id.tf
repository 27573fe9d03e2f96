# Import an existing organization by slug (or organization id) with an import
# block; `terraform plan -generate-config-out=generated.tf` writes its
# configuration.
import {
  to = stytch_b2b_organization.acme
  id = "acme"
}
