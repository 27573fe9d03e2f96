# Shared by scripts/terraform.sh and scripts/tofu.sh (sourced, not run).

# The cache of built CLIs and tools, outside the clone.
cli_cache="${STYTCH_TF_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-stytch}"

# version_ok VERSION: true when VERSION is 1.8 or newer.
version_ok() {
  local major minor
  IFS=. read -r major minor _ <<<"$1"
  [[ "$major" =~ ^[0-9]+$ && "$minor" =~ ^[0-9]+$ ]] || return 1
  (( major > 1 || (major == 1 && minor >= 8) ))
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
