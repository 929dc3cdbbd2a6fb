#!/usr/bin/env bash
# The main command (README): installs what is missing (Node 24, npm dependencies, Kafka jars,
# services), then runs `rfid up` — stack up, migrate, topics ensure, doctor — and whatever
# arguments follow are passed to `rfid up`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec "$ROOT/bin/rfid" up "$@"
