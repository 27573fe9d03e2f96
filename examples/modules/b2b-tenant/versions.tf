# Terraform 1.11 (or OpenTofu 1.11) for the write-only OIDC client secret and
# the ephemeral variable that carries it, so that no secret of an identity
# provider is ever written to a plan or a state file.
terraform {
  required_version = ">= 1.11"
  required_providers {
    stytch = {
      source  = "platformkit/stytch"
      version = ">= 0.1"
    }
  }
}
