#!/usr/bin/env bash
# `make run`: sets everything up, starts the local stack with demo-friendly timings,
# runs the traffic simulator at a gentle rate, starts the operator console (a web page) and
# shows the live event stream until Ctrl-C, which stops the simulator, the console, the
# services and the infrastructure cleanly.
# Environment: AFTERSALES_DEMO_RATE (requests per second, default 1),
# AFTERSALES_DEMO_VIEW (live: the summary above the recent events, `aftersales dashboard
# --stream`; watch: every event, one line each; dashboard: KPIs and open alerts; default live),
# AFTERSALES_DEMO_REFRESH (seconds between summaries of the live view, default 3),
# AFTERSALES_DEMO_SLA_RESPOND_HOURS / _ONSITE_HOURS / _RESOLVE_HOURS (the demo's SLA for every
# priority, default 0.02 / 0.025 / 0.03 h), AFTERSALES_ALERTING_SETTLEMENT_RUNNING_SECONDS (30),
# AFTERSALES_CONSOLE_PORT (the console's port on 127.0.0.1, default 8080).
# shellcheck source=infra/local/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

"$ROOT/infra/local/setup.sh"
CONFIGURATION="${CONFIGURATION:-debug}"
export CONFIGURATION
log "building the services ($CONFIGURATION; make run CONFIGURATION=release for release binaries)"
(cd "$ROOT" && for product in intake dispatch inventory surveys alerting aftersales; do
  swift build -c "$CONFIGURATION" --product "$product" || exit 1
done) || die "build failed"
"$ROOT/infra/local/infra-up.sh"
# Demo settings, so the December flows show within the first minutes (override any of them
# in the environment): SLA deadlines of one to two minutes, so a ticket left waiting (a declined
# quote, say) breaches and is compensated; alerting publishes the month's settlement
# statements so far every 30 s instead of only at month end.
for priority in EMERGENCY HIGH NORMAL LOW; do
  export "AFTERSALES_INTAKE_SLA_${priority}_RESPOND_HOURS=${AFTERSALES_DEMO_SLA_RESPOND_HOURS:-0.02}"   # 72 s
  export "AFTERSALES_INTAKE_SLA_${priority}_ONSITE_HOURS=${AFTERSALES_DEMO_SLA_ONSITE_HOURS:-0.025}"   # 90 s
  export "AFTERSALES_INTAKE_SLA_${priority}_RESOLVE_HOURS=${AFTERSALES_DEMO_SLA_RESOLVE_HOURS:-0.03}"  # 108 s
done
export AFTERSALES_ALERTING_SETTLEMENT_RUNNING_SECONDS="${AFTERSALES_ALERTING_SETTLEMENT_RUNNING_SECONDS:-30}"
# With deadlines that short the SLA forecast (travel at 30 km/h plus an hour's repair) would
# warn about every ticket: travel is made quick and the repair time learned after 3 visits.
export AFTERSALES_ALERTING_FORECAST_SPEED_KMH="${AFTERSALES_ALERTING_FORECAST_SPEED_KMH:-1000}"
export AFTERSALES_ALERTING_FORECAST_REPAIR_MINUTES="${AFTERSALES_ALERTING_FORECAST_REPAIR_MINUTES:-1}"
export AFTERSALES_ALERTING_FORECAST_MIN_SAMPLES="${AFTERSALES_ALERTING_FORECAST_MIN_SAMPLES:-3}"
# A quarter of the completed tickets audited (default 5 %), so failed audits show early too.
export AFTERSALES_SURVEYS_AUDIT_SHARE="${AFTERSALES_SURVEYS_AUDIT_SHARE:-0.25}"
"$ROOT/infra/local/services.sh" up

simulator_pid=""
console_pid=""
stop_all() {
  trap - INT TERM EXIT
  # With the output piped (make run | tee log), Ctrl-C has ended the reader already: a write
  # to the pipe must neither kill the clean-up (SIGPIPE) nor end it (set -e), so an output
  # found gone is replaced by /dev/null before the services and the infrastructure stop.
  trap '' PIPE
  printf '\n' 2>/dev/null || exec >/dev/null
  exec 3>&2
  { log "stopping" 2>&3; } 2>/dev/null || exec 2>/dev/null
  exec 3>&-
  # Every step runs whatever the one before returned (set -e would end the clean-up at the
  # first non-zero status: a process stopped by SIGINT exits with 130).
  if [ -n "$simulator_pid" ]; then kill -INT "$simulator_pid" 2>/dev/null || true; wait "$simulator_pid" 2>/dev/null || true; fi
  if [ -n "$console_pid" ]; then kill -INT "$console_pid" 2>/dev/null || true; wait "$console_pid" 2>/dev/null || true; fi
  "$ROOT/infra/local/services.sh" down || true
  "$ROOT/infra/local/infra-down.sh" || true
}
trap stop_all INT TERM EXIT

set -a
# shellcheck disable=SC1090
source "$ENV_FILE"
set +a
AFTERSALES="$ROOT/.build/$CONFIGURATION/aftersales"
mkdir -p "$LOCAL/log"
"$AFTERSALES" simulate --rate "${AFTERSALES_DEMO_RATE:-1}" --duration 0 --seed 7 >"$LOCAL/log/simulator.log" 2>&1 &
simulator_pid=$!
log "simulator running (log: .local/log/simulator.log); services: 'make status' in another terminal"
console_port="${AFTERSALES_CONSOLE_PORT:-8080}"
"$AFTERSALES" console --port "$console_port" >"$LOCAL/log/console.log" 2>&1 &
console_pid=$!
for _ in $(seq 1 300); do   # until it says it listens, or gives up (port in use, say)
  grep -q "console listening on" "$LOCAL/log/console.log" 2>/dev/null && break
  kill -0 "$console_pid" 2>/dev/null || break
  sleep 0.1
done
if grep -q "console listening on" "$LOCAL/log/console.log" 2>/dev/null; then
  log "operator console: http://127.0.0.1:$console_port/ (中文: http://127.0.0.1:$console_port/?lang=zh)"
else
  log "the operator console did not start (log: .local/log/console.log; another port: AFTERSALES_CONSOLE_PORT=8081 make run)"
fi
log "live view below; Ctrl-C stops everything"
case "${AFTERSALES_DEMO_VIEW:-live}" in
  watch) "$AFTERSALES" watch ;;
  dashboard) "$AFTERSALES" dashboard ;;
  *) "$AFTERSALES" dashboard --stream --refresh "${AFTERSALES_DEMO_REFRESH:-3}" \
       --note "operator console: http://127.0.0.1:$console_port/ · simulator log: .local/log/simulator.log · 'make status' in another terminal" ;;
esac
