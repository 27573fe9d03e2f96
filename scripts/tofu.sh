#!/usr/bin/env bash
# Prints the path of an OpenTofu CLI that the tests and the demo can use: the
# `tofu` on PATH when it is version 1.8 or newer, otherwise OpenTofu v1.10.10
# built from its module source and cached outside the clone, so that every
# later run and every other clone reuses it. Build progress goes to stderr;
# stdout is only the path.
#
# OpenTofu cannot be `go install`ed (its go.mod has replace directives), so the
# module is fetched from the Go module proxy with `go mod download`, copied to
# a writable folder and built there with `go build ./cmd/tofu`.
#
#   STYTCH_TF_CACHE          cache folder (default: ${XDG_CACHE_HOME:-~/.cache}/terraform-provider-stytch)
#   STYTCH_TOFU_FORCE_BUILD  set to 1 to ignore the tofu on PATH
set -euo pipefail

want=1.10.10
# shellcheck source=lib/cli.sh
source "$(dirname "$0")/lib/cli.sh"
cache=$cli_cache

if [[ "${STYTCH_TOFU_FORCE_BUILD:-}" != 1 ]] && usable_on_path tofu; then
  exit 0
fi

# build_tofu TMP: fetch the module source, copy it somewhere writable, build.
build_tofu() {
  local tmp=$1 dir
  # Outside any module, so the caller's go.mod plays no part.
  dir=$(cd "$tmp" && GOFLAGS= GOWORK=off go mod download -json "github.com/opentofu/opentofu@v$want" |
    sed -n 's/^[[:space:]]*"Dir": *"\([^"]*\)".*/\1/p')
  [[ -n "$dir" && -d "$dir" ]] || { echo "go mod download did not report the OpenTofu source folder" >&2; exit 1; }
  # The module cache is read-only: build from a writable copy.
  cp -R "$dir" "$tmp/src"
  chmod -R u+w "$tmp/src"
  # version.dev=no makes `tofu version` say $want instead of $want-dev.
  (cd "$tmp/src" && GOFLAGS=-buildvcs=false GOWORK=off go build -trimpath \
    -ldflags "-X github.com/opentofu/opentofu/version.dev=no" \
    -o "$tmp/tofu" ./cmd/tofu) >&2
}

bin="$cache/tofu-$want/tofu"
build_once "$bin" "Building OpenTofu v$want from source into $bin (several minutes, once per machine)..." build_tofu
echo "$bin"
