#!/usr/bin/env bash
# `make test-sdk`: Stytch's official Node SDK (npm stytch, pinned in
# internal/emulator/testdata/sdk-oracle/package.json) drives the emulator, and
# every response is checked against the SDK's TypeScript types. See
# internal/emulator/testdata/sdk-oracle/README.md.
#
# Steps: check node >= 18 and npm; `npm ci` from the committed lock file when
# node_modules is missing or was installed from another lock file or node
# version; build cmd/stytch-emulator;
# start it on 127.0.0.1:0 with a random project id and secret and the project
# RBAC policy internal/emulator/testdata/rbac-policy.json (-rbac-policy); run
# `node --test` with STYTCH_EMULATOR_URL, STYTCH_PROJECT_ID, STYTCH_SECRET and
# STYTCH_RBAC_POLICY_FILE (that policy file, which test/rbac.test.js compares
# with the policy the emulator answers); stop the emulator on exit. Exits
# non-zero on any failure.
#
#   SDK_TEST_ARGS      extra arguments for `node --test` (e.g. a test file)
#   SDK_EMULATOR_BIN   run this stytch-emulator binary instead of building one
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
oracle="$root/internal/emulator/testdata/sdk-oracle"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "test-sdk: node (>= 18) and npm are required." >&2
  echo "  Debian/Ubuntu: apt-get install -y nodejs npm" >&2
  echo "  elsewhere: https://nodejs.org/en/download" >&2
  exit 1
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 18 ]; then
  echo "test-sdk: node $(node --version) is too old; node >= 18 is required." >&2
  echo "  Debian/Ubuntu: apt-get install -y nodejs npm (or a newer node from https://nodejs.org)" >&2
  exit 1
fi

# Dependencies: installed into the oracle's node_modules (ignored by git) with
# `npm ci`, only when the lock file or the node version changed since the last
# install.
stamp="$oracle/node_modules/.sdk-oracle-stamp"
want_stamp="$(sha256sum "$oracle/package-lock.json" | cut -d' ' -f1) node-$(node --version)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want_stamp" ]; then
  echo "==> npm ci in ${oracle#"$root"/}"
  (cd "$oracle" && npm ci --no-audit --no-fund)
  echo "$want_stamp" >"$stamp"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/stytch-test-sdk.XXXXXX")
emulator_pid=
cleanup() {
  local rc=$?
  if [ -n "$emulator_pid" ] && kill -0 "$emulator_pid" 2>/dev/null; then
    kill -TERM "$emulator_pid" 2>/dev/null || true
    wait "$emulator_pid" 2>/dev/null || true
  fi
  if [ "$rc" -ne 0 ] && [ -s "$tmp/emulator.log" ]; then
    echo "--- last lines of the emulator's log (stderr) ---" >&2
    tail -n 20 "$tmp/emulator.log" >&2
  fi
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

emulator_bin=${SDK_EMULATOR_BIN:-}
if [ -z "$emulator_bin" ]; then
  echo "==> go build ./cmd/stytch-emulator"
  (cd "$root" && go build -o "$tmp/stytch-emulator" ./cmd/stytch-emulator)
  emulator_bin="$tmp/stytch-emulator"
fi

rand() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }
project_id="project-test-$(rand 4)-$(rand 2)-$(rand 2)-$(rand 2)-$(rand 6)"
secret="secret-test-$(rand 18)"
# The project's RBAC policy: resources documents and reports, roles editor and
# auditor, besides Stytch's defaults.
rbac_policy="$root/internal/emulator/testdata/rbac-policy.json"

# Created first, so that the loop below can read it before the background
# shell has opened it.
: >"$tmp/stdout"
STYTCH_PROJECT_ID="$project_id" STYTCH_SECRET="$secret" \
  "$emulator_bin" -addr 127.0.0.1:0 -rbac-policy "$rbac_policy" >"$tmp/stdout" 2>"$tmp/emulator.log" &
emulator_pid=$!
# The first line on stdout is "listening on http://HOST:PORT".
line=
for _ in $(seq 300); do
  if IFS= read -r line <"$tmp/stdout" && [ -n "$line" ]; then break; fi
  if ! kill -0 "$emulator_pid" 2>/dev/null; then
    echo "test-sdk: the emulator exited before reporting its address" >&2
    exit 1
  fi
  sleep 0.1
done
if [ -z "$line" ]; then
  echo "test-sdk: the emulator did not report its address within 30s" >&2
  exit 1
fi
url=${line#listening on }
case "$url" in
  http://127.0.0.1:*) ;;
  *) echo "test-sdk: unexpected first line from the emulator: '$line'" >&2; exit 1 ;;
esac
echo "==> emulator at $url (project $project_id)"

echo "==> node --test (stytch $(node -p 'require(process.argv[1]).packages["node_modules/stytch"].version' "$oracle/package-lock.json"), node $(node --version))"
read -r -a extra <<<"${SDK_TEST_ARGS:-}"
cd "$oracle"
STYTCH_EMULATOR_URL="$url" STYTCH_PROJECT_ID="$project_id" STYTCH_SECRET="$secret" \
  STYTCH_RBAC_POLICY_FILE="$rbac_policy" node --test "${extra[@]}"
