terraform {
  required_providers {
    stytch = {
      source  = "platformkit/stytch"
      version = "~> 0.1"
    }
  }
}

# Credentials come from STYTCH_PROJECT_ID and STYTCH_SECRET, which keeps the
# secret out of the configuration. A project-live- id talks to Stytch's live
# environment, any other id to the test environment.
provider "stytch" {}
