#!/usr/bin/env bash
# One-line error, before anything starts, when a tool the local Kafka needs is missing
# (Java 17+, and Maven until the Kafka jars are cached). Not needed when Kafka comes
# from Docker or, for tests, from WEERBAAR_TEST_KAFKA_BOOTSTRAP. Run after ensure-venv.sh.
# As root on a Debian/Ubuntu machine (a CI runner) the missing tools are installed with
# apt-get (openjdk-17-jre-headless, maven) instead.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -n "${WEERBAAR_TEST_KAFKA_BOOTSTRAP:-}" ] && [ "${1:-}" = "test" ]; then
  exit 0
fi
if [ "${WEERBAAR_NO_DOCKER:-0}" != "1" ] && command -v docker >/dev/null 2>&1 \
   && timeout 3 docker info >/dev/null 2>&1; then
  exit 0
fi
if .venv/bin/python -m shared.runtime.kafka_local check 2>/dev/null; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Java 17 and Maven with apt-get (needed by the local Kafka) ..."
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless maven >/dev/null
fi
exec .venv/bin/python -m shared.runtime.kafka_local check
