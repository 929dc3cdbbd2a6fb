#!/usr/bin/env bash
# Runs one benchmark from bench/ after the same set-up as the main command (Node 24, npm ci, the
# local stack): bash scripts/bench.sh <name> [options], e.g. bash scripts/bench.sh ingest-throughput
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/lib/node.sh"
rfid_ensure_node
rfid_ensure_deps
name="${1:?usage: bash scripts/bench.sh <$(cd "$ROOT/bench" && ls *.ts | sed 's/\.ts$//' | paste -sd'|')> [options]}"
shift
cd "$ROOT"
# daily-run sets its forecasts side by side with statsmodels: Debian's python3-statsmodels.
if [[ "$name" == daily-run ]] && ! /usr/bin/python3 -c 'import statsmodels' 2>/dev/null; then
  echo "rfid: installing python3-statsmodels (Debian) for the daily-run side-by-side..." >&2
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get install -y -qq python3-statsmodels >&2 ||
    { "${sudo_cmd[@]}" apt-get update -qq >&2 && "${sudo_cmd[@]}" apt-get install -y -qq python3-statsmodels >&2; }
fi
node src/cli/main.ts stack up >&2
node src/cli/main.ts migrate >&2
exec node "bench/$name.ts" "$@"
