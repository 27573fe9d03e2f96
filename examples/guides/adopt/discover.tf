# Step 1 of adopting existing organizations: find them all and render one
# import block per organization. `terraform apply` only reads (no resource is
# created); `terraform output -raw import_blocks > imports.tf` writes the blocks.

terraform {
  required_version = ">= 1.8"
  required_providers {
    stytch = {
      source = "platformkit/stytch"
    }
  }
}

provider "stytch" {}

# Every organization of the project (narrow it with filters such as
# organization_slug_fuzzy to adopt a subset).
data "stytch_b2b_organizations" "existing" {}

locals {
  # A resource name per organization: "org_" and the slug with every character
  # that HCL does not allow in a name replaced by "_".
  adopted = {
    for o in data.stytch_b2b_organizations.existing.organizations :
    "org_${replace(o.organization_slug, "/[^a-zA-Z0-9_-]/", "_")}" => o.organization_id
  }
}

output "organization_count" {
  value = length(local.adopted)
}

output "import_blocks" {
  value = join("\n", [
    for name, id in local.adopted : <<-EOT
      import {
        to = stytch_b2b_organization.${name}
        id = "${id}"
      }
    EOT
  ])
}
