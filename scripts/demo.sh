#!/usr/bin/env bash
# `make demo`: build the provider and the emulator, start the emulator on a free
# loopback port, apply examples/demo with the real Terraform CLI through a
# dev_overrides CLI configuration, show the outputs, prove that the plan is
# empty, destroy, and stop the emulator. Any failing step fails the demo.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
# TF picks the CLI: empty or "terraform" for Terraform (scripts/terraform.sh),
# "tofu" or "opentofu" for OpenTofu (scripts/tofu.sh), or a CLI's path or name.
case "${TF:-terraform}" in
  terraform) tf=$("$root/scripts/terraform.sh") ;;
  tofu | opentofu) tf=$("$root/scripts/tofu.sh") ;;
  *) tf=$(command -v "$TF") || { echo "TF=$TF: no such CLI" >&2; exit 1; } ;;
esac
work=$(mktemp -d "${TMPDIR:-/tmp}/stytch-demo.XXXXXX")
emulator_pid=""

cleanup() {
  if [[ -n "$emulator_pid" ]] && kill -0 "$emulator_pid" 2>/dev/null; then
    kill "$emulator_pid" 2>/dev/null || true
    wait "$emulator_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

step() { printf '\n==> %s\n' "$*"; }

step "Building the provider and the emulator"
mkdir -p "$work/bin" "$work/demo"
(cd "$root" && go build -o "$work/bin/terraform-provider-stytch" . &&
  go build -o "$work/bin/stytch-emulator" ./cmd/stytch-emulator)

step "Starting the emulator"
export STYTCH_PROJECT_ID="project-test-$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')-demo"
# A fresh random secret per run; it never leaves this machine.
STYTCH_SECRET="secret-test-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
export STYTCH_SECRET
"$work/bin/stytch-emulator" -addr 127.0.0.1:0 >"$work/emulator.out" 2>"$work/emulator.log" &
emulator_pid=$!
for _ in $(seq 100); do
  grep -q '^listening on ' "$work/emulator.out" 2>/dev/null && break
  kill -0 "$emulator_pid" 2>/dev/null || { cat "$work/emulator.log" >&2; exit 1; }
  sleep 0.1
done
STYTCH_BASE_URL=$(sed -n 's/^listening on //p' "$work/emulator.out" | head -n 1)
[[ -n "$STYTCH_BASE_URL" ]] || { echo "the emulator did not start" >&2; exit 1; }
export STYTCH_BASE_URL
echo "emulator at $STYTCH_BASE_URL"

# dev_overrides makes Terraform use the provider just built, without a registry.
cat >"$work/terraformrc" <<CFG
provider_installation {
  dev_overrides {
    "platformkit/stytch" = "$work/bin"
  }
  direct {}
}
CFG
export TF_CLI_CONFIG_FILE="$work/terraformrc"
export TF_IN_AUTOMATION=1
cp "$root"/examples/demo/*.tf "$work/demo/"
cd "$work/demo"

step "$("$tf" version | head -n 1): apply"
"$tf" apply -auto-approve -input=false -no-color

step "Outputs"
"$tf" output -no-color

step "Plan after apply (must be empty)"
set +e
"$tf" plan -detailed-exitcode -input=false -no-color
plan_status=$?
set -e
if [[ $plan_status -ne 0 ]]; then
  echo "plan after apply exited $plan_status; expected 0 (no changes)" >&2
  exit 1
fi

step "Destroy"
"$tf" destroy -auto-approve -input=false -no-color

step "Emulator requests"
wc -l <"$work/emulator.log" | xargs printf '%s requests served\n'
if grep -q -- "$STYTCH_SECRET" "$work/emulator.log" "$work/emulator.out"; then
  echo "the secret appeared in the emulator log" >&2
  exit 1
fi

step "Demo finished: apply, empty plan and destroy all succeeded"
