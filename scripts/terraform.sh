#!/usr/bin/env bash
# Prints the path of a Terraform CLI that the tests and the demo can use.
# Build progress goes to stderr; stdout is only the path.
#
#   scripts/terraform.sh           the `terraform` on PATH when it is version
#                                  1.8 or newer, otherwise Terraform v1.13.3
#                                  built from source (the default CLI: it has
#                                  resource identity and write-only arguments)
#   scripts/terraform.sh VERSION   Terraform VERSION built from source, e.g.
#                                  1.8.5 (the oldest supported) or 1.13.3
#
# Builds are cached outside the clone, so every later run and every other clone
# reuses them. Versions before 1.13 are built with `go install` (about 5
# minutes on 2 cores). From 1.13 on, Terraform's module zip lacks the nested
# modules its go.mod replaces (the remote-state backends azure, consul, cos,
# gcs, kubernetes, oci, oss, pg and s3, and internal/legacy), so the source is
# copied, those requirements and the nine backends are dropped, and the rest
# is built (about 8 minutes). That binary has everything the tests use (local
# state); it cannot use those nine remote-state backends.
#
#   STYTCH_TF_CACHE        cache folder (default: ${XDG_CACHE_HOME:-~/.cache}/terraform-provider-stytch)
#   STYTCH_TF_FORCE_BUILD  set to 1 to ignore the terraform on PATH
set -euo pipefail

default=1.13.3
# shellcheck source=lib/cli.sh
source "$(dirname "$0")/lib/cli.sh"
cache=$cli_cache

want=${1:-}
if [[ -z "$want" ]]; then
  if [[ "${STYTCH_TF_FORCE_BUILD:-}" != 1 ]] && usable_on_path terraform; then
    exit 0
  fi
  want=$default
fi
version_ok "$want" || { echo "Terraform $want: the provider supports 1.8 and newer" >&2; exit 1; }

ldflags="-X github.com/hashicorp/terraform/version.dev=no"

# build_go_install TMP: go install into a private GOBIN, out of the user's PATH.
build_go_install() {
  GOBIN="$1" GOFLAGS=-buildvcs=false go install -ldflags "$ldflags" \
    "github.com/hashicorp/terraform@v$want" >&2
}

# build_without_nested TMP: build a writable copy of the module source from
# which the nested modules the zip lacks are dropped.
build_without_nested() {
  local tmp=$1 dir nested='(azure|consul|cos|gcs|kubernetes|oci|oss|pg|s3)'
  dir=$(module_dir "$tmp" "github.com/hashicorp/terraform@v$want")
  cp -R "$dir" "$tmp/src"
  chmod -R u+w "$tmp/src"
  sed -E -i "/internal\/backend\/remote-state\/$nested( |$)/d; /internal\/legacy( |$)/d" "$tmp/src/go.mod"
  sed -E -i "/backend(Azure|Consul|Cos|GCS|Kubernetes|OCI|OSS|Pg|S3)[ .]/d" "$tmp/src/internal/backend/init/init.go"
  (cd "$tmp/src" && GOFLAGS="-mod=mod -buildvcs=false" GOWORK=off go build -trimpath -ldflags "$ldflags" \
    -o "$tmp/terraform" .) >&2
}

build=build_go_install
if version_at_least "$want" 1 13; then build=build_without_nested; fi
bin="$cache/terraform-$want/terraform"
build_once "$bin" "Building Terraform v$want from source into $bin (5 to 10 minutes, once per machine)..." "$build"
echo "$bin"
