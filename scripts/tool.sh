#!/usr/bin/env bash
# Prints the path of a pinned development tool, installing it once with
# `go install` (through the Go module proxy) into a cache outside the clone.
#
#   scripts/tool.sh golangci-lint   -> golangci-lint v2.15.0
#   scripts/tool.sh goreleaser      -> goreleaser v2.15.1
#
# Build progress goes to stderr; stdout is only the path.
set -euo pipefail

cache="${STYTCH_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-stytch}"
case "${1:-}" in
  golangci-lint) module=github.com/golangci/golangci-lint/v2/cmd/golangci-lint version=v2.15.0 ;;
  goreleaser) module=github.com/goreleaser/goreleaser/v2 version=v2.15.1 ;;
  *) echo "usage: $0 golangci-lint|goreleaser" >&2; exit 2 ;;
esac

dir="$cache/$1-$version"
if [[ ! -x "$dir/$1" ]]; then
  echo "Installing $1 $version into $dir (once per machine)..." >&2
  mkdir -p "$dir"
  tmp=$(mktemp -d "$cache/build.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  GOBIN="$tmp" GOFLAGS=-buildvcs=false go install "$module@$version" >&2
  mv "$tmp/$1" "$dir/$1"
fi
echo "$dir/$1"
