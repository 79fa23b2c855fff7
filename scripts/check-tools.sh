#!/usr/bin/env bash
# One-line error, before anything starts, when a tool the local Kafka needs is missing
# (Java 17+, and Maven until the Kafka jars are cached). Not needed when Kafka comes
# from Docker or, for tests, from WEERBAAR_TEST_KAFKA_BOOTSTRAP. Run after ensure-venv.sh.
# For `test` it first makes sure the portal's browser tests have Chromium and axe-core.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "test" ]; then
  bash scripts/ensure-browser-tools.sh
fi

if [ -n "${WEERBAAR_TEST_KAFKA_BOOTSTRAP:-}" ] && [ "${1:-}" = "test" ]; then
  exit 0
fi
if [ "${WEERBAAR_NO_DOCKER:-0}" != "1" ] && command -v docker >/dev/null 2>&1 \
   && timeout 3 docker info >/dev/null 2>&1; then
  exit 0
fi
exec .venv/bin/python -m shared.runtime.kafka_local check
