#!/usr/bin/env bash
# Prints the path of a pinned development tool, installing it once with
# `go install` (through the Go module proxy) into a cache outside the clone.
#
#   scripts/tool.sh golangci-lint   -> golangci-lint v2.15.0
#   scripts/tool.sh goreleaser      -> goreleaser v2.15.1
#
# Build progress goes to stderr; stdout is only the path.
set -euo pipefail

# shellcheck source=lib/cli.sh
source "$(dirname "$0")/lib/cli.sh"
cli_cache="${STYTCH_TOOLS_CACHE:-$cli_cache}"
case "${1:-}" in
  golangci-lint) module=github.com/golangci/golangci-lint/v2/cmd/golangci-lint version=v2.15.0 ;;
  goreleaser) module=github.com/goreleaser/goreleaser/v2 version=v2.15.1 ;;
  *) echo "usage: $0 golangci-lint|goreleaser" >&2; exit 2 ;;
esac

# build_tool TMP: go install into a private GOBIN.
build_tool() {
  GOBIN="$1" GOFLAGS=-buildvcs=false go install "$module@$version" >&2
}

bin="$cli_cache/$1-$version/$1"
build_once "$bin" "Installing $1 $version into $(dirname "$bin") (once per machine)..." build_tool
echo "$bin"
