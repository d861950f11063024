#!/usr/bin/env bash
# Starts, stops and reports the five services in the background on the local stack.
#   services.sh up      start what is not running; return when every service is ready
#   services.sh down    SIGTERM each service (it finishes its batch and flushes), wait
#   services.sh status  infrastructure and per-service health
# Logs: .local/log/<service>.log; pid files: .local/run/<service>.pid;
# health endpoints: 127.0.0.1:18081…18085 (/health, /ready, /metrics).
# shellcheck source=infra/local/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

BIN="${AFTERSALES_BIN:-$ROOT/.build/${CONFIGURATION:-debug}}"
health_port() { # health_port SERVICE
  case "$1" in
    intake) echo 18081 ;; dispatch) echo 18082 ;; inventory) echo 18083 ;; surveys) echo 18084 ;; alerting) echo 18085 ;;
  esac
}

http_get() { # http_get PORT PATH: prints the body, fails unless 200
  local port="$1" path="$2" response
  if command -v curl >/dev/null 2>&1; then
    curl -fsS -m 3 "http://127.0.0.1:$port$path"
    return
  fi
  response="$(exec 3<>"/dev/tcp/127.0.0.1/$port" && printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$path" >&3 && cat <&3)" || return 1
  grep -q '^HTTP/1.1 200' <<<"$response" || return 1
  sed '1,/^\r$/d' <<<"$response"
}

figure() { # figure NAME METRICS_TEXT: the value of aftersales_NAME{…} in a /metrics body, 0 when absent
  awk -v name="aftersales_$1{" 'index($1, name) == 1 {print $2; found = 1; exit} END {if (!found) print 0}' <<<"$2"
}

running() { # running SERVICE
  local pidfile="$LOCAL/run/$1.pid"
  [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

up() {
  [ -f "$ENV_FILE" ] || die "no $ENV_FILE: run 'make infra-up' first"
  for service in "${SERVICES[@]}"; do
    [ -x "$BIN/$service" ] || die "$BIN/$service is not built: run 'make build'"
  done
  mkdir -p "$LOCAL/run" "$LOCAL/log"
  for service in "${SERVICES[@]}"; do
    if running "$service"; then log "$service already running (pid $(cat "$LOCAL/run/$service.pid"))"; continue; fi
    (
      set -a
      # shellcheck disable=SC1090
      source "$ENV_FILE"
      # Demo-friendly timings on the local stack (production defaults are in docs/services/*.md).
      export AFTERSALES_HEALTH_PORT; AFTERSALES_HEALTH_PORT="$(health_port "$service")"
      AFTERSALES_SURVEYS_DELAY_SECONDS="${AFTERSALES_SURVEYS_DELAY_SECONDS:-5}"
      AFTERSALES_DISPATCH_ACCEPT_TIMEOUT_SECONDS="${AFTERSALES_DISPATCH_ACCEPT_TIMEOUT_SECONDS:-60}"
      AFTERSALES_ALERTING_KPI_INTERVAL_SECONDS="${AFTERSALES_ALERTING_KPI_INTERVAL_SECONDS:-10}"
      set +a
      # Each service gets its own database URL only (not the others', not the test superuser's).
      keep_only_own_secrets "$service"
      nohup setsid "$BIN/$service" >>"$LOCAL/log/$service.log" 2>&1 </dev/null &
      echo $! >"$LOCAL/run/$service.pid"
    )
    log "started $service (pid $(cat "$LOCAL/run/$service.pid"), health on 127.0.0.1:$(health_port "$service"))"
  done
  for service in "${SERVICES[@]}"; do
    port="$(health_port "$service")"
    for ((i = 0; i < 600; i++)); do
      http_get "$port" /ready >/dev/null 2>&1 && break
      running "$service" || { tail -n 20 "$LOCAL/log/$service.log" >&2; die "$service exited during start-up (log: .local/log/$service.log)"; }
      sleep 0.1
    done
    http_get "$port" /ready >/dev/null 2>&1 || die "$service did not become ready within 60 s (log: .local/log/$service.log)"
  done
  log "all services ready"
}

down() {
  for service in "${SERVICES[@]}"; do
    running "$service" || { rm -f "$LOCAL/run/$service.pid"; continue; }
    pid="$(cat "$LOCAL/run/$service.pid")"
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 150; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then log "$service did not stop in 15 s; killing"; kill -9 "$pid" 2>/dev/null || true; fi
    rm -f "$LOCAL/run/$service.pid"
    log "stopped $service"
  done
}

status() {
  if [ -f "$PG_DATA/PG_VERSION" ] && as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
    printf '%-10s %s\n' postgres "up (127.0.0.1:$PG_PORT)"
  else
    printf '%-10s %s\n' postgres down
  fi
  if [ -f "$TANSU_PID" ] && kill -0 "$(cat "$TANSU_PID")" 2>/dev/null; then
    printf '%-10s %s\n' kafka "up (Tansu, 127.0.0.1:$KAFKA_PORT)"
  else
    printf '%-10s %s\n' kafka down
  fi
  for service in "${SERVICES[@]}"; do
    port="$(health_port "$service")"
    if ! running "$service"; then printf '%-10s %s\n' "$service" down; continue; fi
    if http_get "$port" /ready >/dev/null 2>&1; then
      metrics="$(http_get "$port" /metrics 2>/dev/null || true)"
      printf '%-10s ready (pid %s, :%s) processed=%s dead-lettered=%s outbox-lag=%s parked-outbox=%s parked-timers=%s\n' \
        "$service" "$(cat "$LOCAL/run/$service.pid")" "$port" "$(figure messages_processed_total "$metrics")" \
        "$(figure messages_dead_lettered_total "$metrics")" "$(figure outbox_lag "$metrics")" \
        "$(figure outbox_parked "$metrics")" "$(figure timers_parked "$metrics")"
    else
      printf '%-10s %s\n' "$service" "starting or unhealthy (pid $(cat "$LOCAL/run/$service.pid"))"
    fi
  done
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) die "usage: services.sh up|down|status" ;;
esac
