# Shared by scripts/terraform.sh and scripts/tofu.sh (sourced, not run).

# The cache of built CLIs and tools, outside the clone.
cli_cache="${STYTCH_TF_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-stytch}"

# version_ok VERSION: true when VERSION is 1.8 or newer.
version_ok() {
  version_at_least "$1" 1 8
}

# version_at_least VERSION MAJOR MINOR: true when VERSION is MAJOR.MINOR or newer.
version_at_least() {
  local major minor
  IFS=. read -r major minor _ <<<"$1"
  [[ "$major" =~ ^[0-9]+$ && "$minor" =~ ^[0-9]+$ ]] || return 1
  (( major > $2 || (major == $2 && minor >= $3) ))
}

# module_dir TMP MODULE@VERSION: downloads a module's source with `go mod
# download` (run in TMP, outside any module, so the caller's go.mod plays no
# part) and prints the folder the module cache holds it in (read-only).
module_dir() {
  local dir
  dir=$(cd "$1" && GOFLAGS= GOWORK=off go mod download -json "$2" |
    sed -n 's/^[[:space:]]*"Dir": *"\([^"]*\)".*/\1/p')
  [[ -n "$dir" && -d "$dir" ]] || { echo "go mod download did not report the source folder of $2" >&2; return 1; }
  echo "$dir"
}

# usable_on_path NAME: prints the path of NAME on PATH and succeeds when it is
# version 1.8 or newer (Terraform and OpenTofu both answer `version -json`
# with a "terraform_version" key). An empty CLI config keeps it quiet whatever
# TF_CLI_CONFIG_FILE says.
usable_on_path() {
  local path version
  path=$(command -v "$1" 2>/dev/null) || return 1
  version=$(TF_CLI_CONFIG_FILE=/dev/null "$path" version -json 2>/dev/null |
    sed -n 's/.*"terraform_version": *"\([^"]*\)".*/\1/p' | head -n 1)
  if version_ok "${version:-0.0}"; then
    echo "$path"
    return 0
  fi
  echo "$1 on PATH is version '${version:-unknown}', older than 1.8" >&2
  return 1
}

# build_once BIN MESSAGE BUILD: unless BIN is there already, prints MESSAGE to
# stderr and runs the function BUILD with a fresh temporary folder TMP, in
# which it must leave the binary as TMP/$(basename BIN). The binary is renamed
# into place only after BUILD succeeded, so an interrupted build is never
# "cached". Build output belongs on stderr.
build_once() {
  local bin=$1 message=$2 build=$3 tmp
  [[ -x "$bin" ]] && return 0
  echo "$message" >&2
  mkdir -p "$(dirname "$bin")"
  tmp=$(mktemp -d "$cli_cache/build.XXXXXX")
  # chmod: copies from the read-only Go module cache must be removable too.
  # shellcheck disable=SC2064 # $tmp is meant to expand now.
  trap "chmod -R u+w '$tmp' 2>/dev/null; rm -rf '$tmp'" EXIT
  "$build" "$tmp"
  mv "$tmp/$(basename "$bin")" "$bin"
}
