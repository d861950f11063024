#!/usr/bin/env bash
# Stops the local infrastructure (idempotent). Data of PostgreSQL stays in .local/pg;
# the broker keeps its topics in memory only. `--purge` also deletes the database cluster.
# shellcheck source=infra/local/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if [ -f "$TANSU_PID" ]; then
  pid="$(cat "$TANSU_PID")"
  if kill -0 "$pid" 2>/dev/null; then
    log "stopping Tansu (pid $pid)"
    kill "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$TANSU_PID"
fi
if [ -n "$PG_BIN" ] && [ -f "$PG_DATA/PG_VERSION" ]; then
  if as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
    log "stopping PostgreSQL"
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null
  fi
fi
if [ "${1:-}" = "--purge" ]; then
  log "deleting the local database cluster"
  rm -rf "$LOCAL/pg" "$ENV_FILE"
fi
log "stopped"
