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
node src/cli/main.ts stack up >&2
node src/cli/main.ts migrate >&2
exec node "bench/$name.ts" "$@"
