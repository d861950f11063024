#!/usr/bin/env bash
# An integrator's round trip with kcat (a common third-party Kafka client, Debian package
# `kcat`): produce a request.submitted envelope on aftersales.requests keyed by its
# requestId, then read aftersales.tickets until the ticket.opened of that request arrives
# and print it. The README's integration section shows the same commands.
#
#   infra/contract/kcat-example.sh [REQUEST_ID]
# Environment: KAFKA_BOOTSTRAP_SERVERS (default 127.0.0.1:19092), AFTERSALES_TOPIC_PREFIX
# (test prefixes), KCAT_TIMEOUT_SECONDS (default 60).
# Against the local Tansu broker kcat needs librdkafka 2.16: .local/lib is put first on
# LD_LIBRARY_PATH (Debian's 2.0.2 cannot talk to Tansu); Apache Kafka needs nothing special.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BROKER="${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:19092}"
PREFIX="${AFTERSALES_TOPIC_PREFIX:-}"
REQUEST_ID="${1:-REQ-KCAT-$(date -u +%Y%m%d%H%M%S)-$$}"
TIMEOUT="${KCAT_TIMEOUT_SECONDS:-60}"
export LD_LIBRARY_PATH="$ROOT/.local/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
command -v kcat >/dev/null || { echo "kcat is not installed (apt-get install kcat)" >&2; exit 2; }

now="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
envelope="$(cat <<JSON
{"id":"$(cat /proc/sys/kernel/random/uuid)","type":"request.submitted","version":1,"occurredAt":"$now","source":"kcat","correlationId":"$REQUEST_ID","causationId":null,"data":{"requestId":"$REQUEST_ID","channel":"web","kind":"repair","customer":{"id":"C-KCAT","name":"Li Na","phone":"13800138000","address":"上海市徐汇区中山路1号","region":"shanghai","location":{"lat":31.22,"lon":121.47}},"product":{"sku":"SKU-RF","category":"refrigerator","model":"RF-500","purchaseDate":"$(date -u +%Y)-01-02"},"description":"fridge not cooling"}}
JSON
)"

# Produce: key and value separated by a tab (-K), one message per line.
printf '%s\t%s\n' "$REQUEST_ID" "$envelope" | kcat -P -b "$BROKER" -t "${PREFIX}aftersales.requests" -K $'\t'
echo "produced request $REQUEST_ID on ${PREFIX}aftersales.requests" >&2

# Consume: read the tickets topic to its end (-e), again until the ticket shows up.
deadline=$((SECONDS + TIMEOUT))
while [ "$SECONDS" -lt "$deadline" ]; do
  if line="$(kcat -C -q -b "$BROKER" -t "${PREFIX}aftersales.tickets" -o beginning -e -f '%k\t%s\n' 2>/dev/null \
      | grep -F '"type":"ticket.opened"' | grep -F "\"requestId\":\"$REQUEST_ID\"" | head -n 1)" && [ -n "$line" ]; then
    printf '%s\n' "$line"
    exit 0
  fi
  sleep 1
done
echo "no ticket.opened for $REQUEST_ID on ${PREFIX}aftersales.tickets within ${TIMEOUT}s" >&2
exit 1
