#!/usr/bin/env bash
# shellcheck disable=SC2034  # variables are used by the scripts that source this file
# Shared settings for the local (embedded) infrastructure scripts.
# Everything lives under .local/ in the repository (git-ignored), so nothing else on the
# machine is touched.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LOCAL="$ROOT/.local"
PG_PORT="${AFTERSALES_PG_PORT:-15432}"
KAFKA_PORT="${AFTERSALES_KAFKA_PORT:-19092}"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
PG_DATA="$LOCAL/pg/data"
PG_RUN="$LOCAL/pg/run"
PG_LOG="$LOCAL/log/postgres.log"
TANSU="$LOCAL/bin/tansu"
TANSU_PID="$LOCAL/run/tansu.pid"
TANSU_LOG="$LOCAL/log/tansu.log"
SECRETS="$LOCAL/secrets.env"
ENV_FILE="$LOCAL/env"
SERVICES=(intake dispatch inventory surveys alerting)

log() { printf '[infra] %s\n' "$*" >&2; }
die() { printf '[infra] error: %s\n' "$*" >&2; exit 1; }

# as_postgres CMD...: run a PostgreSQL tool as the unprivileged postgres user
# (initdb and postgres refuse to run as root).
as_postgres() {
  if [ "$(id -u)" = "0" ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# wait_for_port PORT SECONDS: true once something listens on 127.0.0.1:PORT.
wait_for_port() {
  local port="$1" seconds="$2" i
  for ((i = 0; i < seconds * 10; i++)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  return 1
}

# keep_only_own_secrets SERVICE: unsets, in the calling shell, every database credential
# but SERVICE's own AFTERSALES_<SERVICE>_DATABASE_URL: the other services' URLs, the test
# superuser URL, the generated passwords, DATABASE_URL and libpq's PGPASSWORD/PGPASSFILE.
# Call it in the subshell that starts SERVICE, after sourcing .local/env.
keep_only_own_secrets() {
  local own name
  own="AFTERSALES_$(echo "$1" | tr '[:lower:]' '[:upper:]')_DATABASE_URL"
  while IFS= read -r name; do
    case "$name" in
      "$own") ;;
      *DATABASE_URL | AFTERSALES_TEST_* | AFTERSALES_PG_* | PGPASSWORD | PGPASSFILE) unset "$name" ;;
    esac
  done < <(compgen -A variable)
}
