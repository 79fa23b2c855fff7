#!/usr/bin/env bash
# Run once by the postgres image on an empty data volume (docker-entrypoint-initdb.d):
# one database per service. Without Docker, shared.runtime.stack creates the same ones.
set -euo pipefail
for service in inventory funding campaign notify; do
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -c "CREATE DATABASE weerbaar_${service}"
done
