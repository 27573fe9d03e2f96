#!/usr/bin/env bash
# `make test-matrix`: the whole acceptance suite (the tests of `make testacc`)
# once per supported CLI, one after the other:
#
#   - Terraform v1.8.5, the oldest supported version (scripts/terraform.sh 1.8.5);
#   - the `terraform` on PATH, when it is another version;
#   - Terraform v1.13.3, with resource identity (scripts/terraform.sh 1.13.3);
#   - OpenTofu v1.8.11, the oldest supported line (scripts/tofu.sh 1.8.11);
#   - OpenTofu v1.12.6 (scripts/tofu.sh 1.12.6);
#   - the `tofu` on PATH, when it is another version.
#
# The CLIs are built (or found in ~/.cache/terraform-provider-stytch/) before
# any test runs. Each run prints its progress, then one summary line per CLI:
#
#   terraform 1.8.5: 62 passed, 0 failed, 3 skipped in 4m12s
#
# Full logs stay in a temporary folder whose name is printed. The script runs
# every CLI even when one fails, and exits 1 if any of them failed.
#
#   TEST_TIMEOUT, TEST_PARALLEL, TESTARGS   as for `make testacc`
#   STYTCH_MATRIX_CLIS   only run the CLIs whose label contains one of these
#                        space-separated words, e.g. "tofu" or "1.8.5"
#   STYTCH_MATRIX_SKIP_DEFAULT=1  leave out the CLI `make test` uses (what
#                        scripts/terraform.sh prints), for CI, which ran it already
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
timeout=${TEST_TIMEOUT:-20m}
parallel=${TEST_PARALLEL:-4}
read -r -a testargs <<<"${TESTARGS:-}"
logs=$(mktemp -d "${TMPDIR:-/tmp}/stytch-test-matrix.XXXXXX")

# cli_version PATH: "terraform 1.8.5" or "tofu 1.10.10".
cli_version() {
  local out name version
  out=$(TF_CLI_CONFIG_FILE=/dev/null CHECKPOINT_DISABLE=1 "$1" version 2>/dev/null | head -n 1)
  case "$out" in
    OpenTofu\ v*) name=tofu version=${out#OpenTofu v} ;;
    Terraform\ v*) name=terraform version=${out#Terraform v} ;;
    *) echo "$1 does not look like Terraform or OpenTofu: '$out'" >&2; return 1 ;;
  esac
  echo "$name $version"
}

# timed LABEL COMMAND...: runs COMMAND with its stdout kept, reporting how long it took on stderr.
timed() {
  local label=$1 start=$SECONDS
  shift
  "$@"
  echo "$label: ready after $((SECONDS - start))s" >&2
}

echo "==> Preparing the CLIs (built once into ~/.cache/terraform-provider-stytch/)"
paths=()
paths+=("$(timed "Terraform v1.8.5" scripts/terraform.sh 1.8.5)")
if p=$(command -v terraform 2>/dev/null); then paths+=("$p"); fi
paths+=("$(timed "Terraform v1.13.3" scripts/terraform.sh 1.13.3)")
paths+=("$(timed "OpenTofu v1.8.11" scripts/tofu.sh 1.8.11)")
paths+=("$(timed "OpenTofu v1.12.6" scripts/tofu.sh 1.12.6)")
if p=$(command -v tofu 2>/dev/null); then paths+=("$p"); fi

# One run per distinct CLI version.
clis=() labels=() skip_label=
if [[ "${STYTCH_MATRIX_SKIP_DEFAULT:-}" == 1 ]]; then
  skip_label=$(cli_version "$(scripts/terraform.sh)")
fi
for p in "${paths[@]}"; do
  label=$(cli_version "$p") || continue
  seen=0
  for l in "${labels[@]}"; do [[ "$l" == "$label" ]] && seen=1; done
  (( seen )) && { echo "skipping $p: $label is already in the matrix"; continue; }
  [[ "$label" == "$skip_label" ]] && { echo "skipping $label: make test ran on it (STYTCH_MATRIX_SKIP_DEFAULT)"; continue; }
  if [[ -n "${STYTCH_MATRIX_CLIS:-}" ]]; then
    wanted=0
    for w in $STYTCH_MATRIX_CLIS; do [[ "$label" == *"$w"* ]] && wanted=1; done
    (( wanted )) || { echo "skipping $label: not in STYTCH_MATRIX_CLIS"; continue; }
  fi
  clis+=("$p") labels+=("$label")
done
for i in "${!clis[@]}"; do echo "    ${labels[$i]}: ${clis[$i]}"; done
(( ${#clis[@]} > 0 )) || { echo "no CLI to test" >&2; exit 1; }

go build -o "$logs/testsummary" ./cmd/testsummary

status=0
for i in "${!clis[@]}"; do
  label=${labels[$i]}
  log="$logs/${label// /-}.log"
  printf '\n==> %s: acceptance tests (%s)\n' "$label" "${clis[$i]}"
  # The pipeline's status is testsummary's: go test's own failures are counted there.
  TF_ACC=1 TF_ACC_TERRAFORM_PATH="${clis[$i]}" \
    go test -json -count=1 -timeout "$timeout" -parallel "$parallel" ${testargs[@]+"${testargs[@]}"} \
    . ./internal/provider/... ./internal/e2e/... 2>&1 |
    "$logs/testsummary" -label "$label" -log "$log" -summary "$logs/summary.txt" || status=1
done

printf '\n==> Test matrix (logs in %s)\n' "$logs"
cat "$logs/summary.txt"
exit "$status"
