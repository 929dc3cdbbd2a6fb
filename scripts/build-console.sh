#!/usr/bin/env bash
# npm run build:console: the web console's static build (console/src → console/dist), with Vite
# installed into .tools/vite when missing. `rfid api` serves console/dist at /.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/node.sh
source "$ROOT/scripts/lib/node.sh"
rfid_ensure_node
rfid_build_console
du -sh "$ROOT/console/dist" | cut -f1 | sed 's/^/rfid: console built: console\/dist, /' >&2
