#!/usr/bin/env bash
# The main command (README): installs what is missing (Node 24, npm dependencies, Kafka jars,
# services), then runs `rfid up`: stack up, migrate, topics ensure, doctor, and then the product
# itself in the foreground under one supervisor (ingest worker(s), job worker, API; a demo feed
# when the events topic is empty) until Ctrl-C. Arguments are passed to `rfid up`, e.g.
# `bash scripts/main.sh --detach`, `--no-demo`, `--ingest-workers 2`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec "$ROOT/bin/rfid" up "$@"
