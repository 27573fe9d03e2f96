#!/usr/bin/env bash
# Prints the path of a Terraform CLI that the tests and the demo can use:
# the `terraform` on PATH when it is version 1.8 or newer, otherwise Terraform
# v1.8.5 built from source with `go install` (about 5 minutes on 2 cores) and
# cached outside the clone, so that every later run and every other clone
# reuses it. Build progress goes to stderr; stdout is only the path.
#
#   STYTCH_TF_CACHE        cache folder (default: ${XDG_CACHE_HOME:-~/.cache}/terraform-provider-stytch)
#   STYTCH_TF_FORCE_BUILD  set to 1 to ignore the terraform on PATH
set -euo pipefail

want=1.8.5
cache="${STYTCH_TF_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-stytch}"

# version_ok VERSION: true when VERSION is 1.8 or newer.
version_ok() {
  local major minor
  IFS=. read -r major minor _ <<<"$1"
  [[ "$major" =~ ^[0-9]+$ && "$minor" =~ ^[0-9]+$ ]] || return 1
  (( major > 1 || (major == 1 && minor >= 8) ))
}

if [[ "${STYTCH_TF_FORCE_BUILD:-}" != 1 ]] && path=$(command -v terraform 2>/dev/null); then
  # An empty CLI config keeps `terraform version` quiet whatever TF_CLI_CONFIG_FILE says.
  version=$(TF_CLI_CONFIG_FILE=/dev/null "$path" version -json 2>/dev/null |
    sed -n 's/.*"terraform_version": *"\([^"]*\)".*/\1/p' | head -n 1)
  if version_ok "${version:-0.0}"; then
    echo "$path"
    exit 0
  fi
  echo "terraform on PATH is version '${version:-unknown}', older than 1.8; using Terraform v$want instead" >&2
fi

bin="$cache/terraform-$want/terraform"
if [[ ! -x "$bin" ]]; then
  echo "Building Terraform v$want from source into $bin (about 5 minutes, once per machine)..." >&2
  mkdir -p "$cache/terraform-$want"
  # A private GOBIN keeps the build out of the user's PATH; a temporary name
  # makes the final rename atomic, so an interrupted build is never "cached".
  tmp=$(mktemp -d "$cache/build.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  GOBIN="$tmp" GOFLAGS=-buildvcs=false go install \
    -ldflags "-X github.com/hashicorp/terraform/version.dev=no" \
    "github.com/hashicorp/terraform@v$want" >&2
  mv "$tmp/terraform" "$bin"
fi
echo "$bin"
