#!/usr/bin/env bash
# Entry point of the Kafka container (docker compose, testcontainers): the committed
# server.properties, plus the admin's JAAS lines from KAFKA_ADMIN_PASSWORD, plus
# KAFKA_EXTRA_PROPERTIES (lines that override, e.g. advertised.listeners); the storage
# is formatted once with the admin's SCRAM credentials (KRaft keeps them in its
# metadata); then the broker replaces this script. It also writes the admin's client
# settings to /tmp/weerbaar-admin.properties (healthcheck, operators' Kafka CLI).
set -euo pipefail

: "${KAFKA_ADMIN_PASSWORD:?KAFKA_ADMIN_PASSWORD is not set (write it into .env, see .env.example)}"
: "${CLUSTER_ID:?CLUSTER_ID is not set}"
KAFKA_HOME="${KAFKA_HOME:-/opt/kafka}"
TEMPLATE="${KAFKA_TEMPLATE:-$(dirname "$0")/server.properties}"
CONFIG="${KAFKA_CONFIG:-/tmp/weerbaar-server.properties}"

case "$KAFKA_ADMIN_PASSWORD" in
  *[\"\\\;\ ]*) echo "KAFKA_ADMIN_PASSWORD must not contain quotes, backslashes, semicolons or spaces" >&2; exit 2 ;;
esac

umask 077
{
  cat "$TEMPLATE"
  scram="org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\"$KAFKA_ADMIN_PASSWORD\";"
  echo "listener.name.internal.scram-sha-512.sasl.jaas.config=$scram"
  echo "listener.name.host.scram-sha-512.sasl.jaas.config=$scram"
  echo "listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" password=\"$KAFKA_ADMIN_PASSWORD\" user_admin=\"$KAFKA_ADMIN_PASSWORD\";"
  printf '%s\n' "${KAFKA_EXTRA_PROPERTIES:-}"
} > "$CONFIG"
# For the healthcheck and for an operator's `docker compose exec kafka /opt/kafka/bin/kafka-*.sh --command-config ...`.
{
  echo "security.protocol=SASL_PLAINTEXT"
  echo "sasl.mechanism=SCRAM-SHA-512"
  echo "sasl.jaas.config=$scram"
} > "${KAFKA_ADMIN_CLIENT_CONFIG:-/tmp/weerbaar-admin.properties}"

"$KAFKA_HOME/bin/kafka-storage.sh" format --ignore-formatted --cluster-id "$CLUSTER_ID" --config "$CONFIG" \
  --add-scram "SCRAM-SHA-512=[name=admin,password=$KAFKA_ADMIN_PASSWORD]"
exec "$KAFKA_HOME/bin/kafka-server-start.sh" "$CONFIG"
