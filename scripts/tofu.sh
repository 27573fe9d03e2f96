#!/usr/bin/env bash
# Prints the path of an OpenTofu CLI that the tests and the demo can use.
# Build progress goes to stderr; stdout is only the path.
#
#   scripts/tofu.sh           the `tofu` on PATH when it is version 1.8 or
#                             newer, otherwise OpenTofu v1.12.6 built from
#                             source
#   scripts/tofu.sh VERSION   OpenTofu VERSION built from source, e.g. 1.8.11
#                             (the oldest supported line) or 1.12.6
#
# OpenTofu cannot be `go install`ed (its go.mod has replace directives), so the
# module is fetched from the Go module proxy with `go mod download`, copied to
# a writable folder and built there with `go build ./cmd/tofu` (5 to 10
# minutes on 2 cores), then cached outside the clone.
#
#   STYTCH_TF_CACHE          cache folder (default: ${XDG_CACHE_HOME:-~/.cache}/terraform-provider-stytch)
#   STYTCH_TOFU_FORCE_BUILD  set to 1 to ignore the tofu on PATH
set -euo pipefail

default=1.12.6
# shellcheck source=lib/cli.sh
source "$(dirname "$0")/lib/cli.sh"
cache=$cli_cache

want=${1:-}
if [[ -z "$want" ]]; then
  if [[ "${STYTCH_TOFU_FORCE_BUILD:-}" != 1 ]] && usable_on_path tofu; then
    exit 0
  fi
  want=$default
fi
version_ok "$want" || { echo "OpenTofu $want: the provider supports 1.8 and newer" >&2; exit 1; }

# build_tofu TMP: fetch the module source, copy it somewhere writable, build.
build_tofu() {
  local tmp=$1 dir
  dir=$(module_dir "$tmp" "github.com/opentofu/opentofu@v$want")
  cp -R "$dir" "$tmp/src"
  chmod -R u+w "$tmp/src"
  # version.dev=no makes `tofu version` say $want instead of $want-dev.
  (cd "$tmp/src" && GOFLAGS=-buildvcs=false GOWORK=off go build -trimpath \
    -ldflags "-X github.com/opentofu/opentofu/version.dev=no" \
    -o "$tmp/tofu" ./cmd/tofu) >&2
}

bin="$cache/tofu-$want/tofu"
build_once "$bin" "Building OpenTofu v$want from source into $bin (5 to 10 minutes, once per machine)..." build_tofu
echo "$bin"
