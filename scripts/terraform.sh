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
# shellcheck source=lib/cli.sh
source "$(dirname "$0")/lib/cli.sh"
cache=$cli_cache

if [[ "${STYTCH_TF_FORCE_BUILD:-}" != 1 ]] && usable_on_path terraform; then
  exit 0
fi

# build_terraform TMP: go install into a private GOBIN, out of the user's PATH.
build_terraform() {
  GOBIN="$1" GOFLAGS=-buildvcs=false go install \
    -ldflags "-X github.com/hashicorp/terraform/version.dev=no" \
    "github.com/hashicorp/terraform@v$want" >&2
}

bin="$cache/terraform-$want/terraform"
build_once "$bin" "Building Terraform v$want from source into $bin (about 5 minutes, once per machine)..." build_terraform
echo "$bin"
