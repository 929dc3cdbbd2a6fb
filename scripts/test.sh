#!/usr/bin/env bash
# The test command (README): installs what is missing (Node 24, npm dependencies, Kafka jars,
# services), brings the local stack up, type-checks, then runs every test against the real
# Kafka, Postgres and Redis on loopback.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=lib/node.sh
source "$ROOT/scripts/lib/node.sh"
rfid_ensure_node
rfid_ensure_deps
rfid_ensure_biome
rfid_ensure_chromium
rfid_ensure_console
echo "── node $(node --version), stack up" >&2
node --disable-warning=ExperimentalWarning src/cli/main.ts stack up
echo "── typecheck" >&2
npx --no-install tsc -p tsconfig.json
npx --no-install tsc -p console/tsconfig.json
echo "── lint and format check (biome ci)" >&2
biome ci --max-diagnostics=50
echo "── tests" >&2
# Arguments narrow the run to some files or folders; none runs everything under test/.
# --test-force-exit: a test file whose tests have all finished exits even if a handle it leaked
# keeps its event loop alive (seen once in ~10 runs of test/console/sign-in.test.ts, cause not yet
# found): a leak must not hang CI; a test that has not finished still fails by --test-timeout.
# The preload makes that exit lose no verdict (test/support/blocking-stdout.ts).
mapfile -t files < <(find "${@:-test}" -name '*.test.ts' | sort)
exec node --disable-warning=ExperimentalWarning --import ./test/support/blocking-stdout.ts --test --test-reporter=spec \
  --test-concurrency="${RFID_TEST_CONCURRENCY:-2}" --test-force-exit --test-timeout="${RFID_TEST_TIMEOUT_MS:-600000}" "${files[@]}"
