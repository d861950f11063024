#!/usr/bin/env bash
# Creates every topic of infra/topics.txt on an Apache Kafka cluster (idempotent), with
# Kafka's own kafka-topics.sh. Used by the compose topic-initialisation job.
#   create-topics.sh BOOTSTRAP [TOPICS_FILE] [REPLICATION_FACTOR]
set -euo pipefail
bootstrap="${1:?usage: create-topics.sh BOOTSTRAP [TOPICS_FILE] [REPLICATION_FACTOR]}"
file="${2:-/etc/aftersales/topics.txt}"
replication="${3:-1}"
tool="${KAFKA_TOPICS:-/opt/kafka/bin/kafka-topics.sh}"

for ((i = 0; i < 60; i++)); do
  "$tool" --bootstrap-server "$bootstrap" --list >/dev/null 2>&1 && break
  sleep 2
done
while read -r topic partitions; do
  case "$topic" in ''|'#'*) continue ;; esac
  "$tool" --bootstrap-server "$bootstrap" --create --if-not-exists --topic "$topic" \
    --partitions "$partitions" --replication-factor "$replication"
done < "$file"
echo "create-topics: done"
