#!/usr/bin/env bash
# `make run`: sets everything up, starts the local stack with demo-friendly timings,
# runs the traffic simulator at a gentle rate, starts the operator console (a web page) and
# shows the live event stream until Ctrl-C, which stops the simulator, the console, the
# services and the infrastructure cleanly.
# Environment: AFTERSALES_DEMO_RATE (requests per second, default 1),
# AFTERSALES_DEMO_VIEW (watch | dashboard, default watch),
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
  [ -n "$simulator_pid" ] && kill -INT "$simulator_pid" 2>/dev/null && wait "$simulator_pid" 2>/dev/null
  [ -n "$console_pid" ] && kill -INT "$console_pid" 2>/dev/null && wait "$console_pid" 2>/dev/null
  "$ROOT/infra/local/services.sh" down
  "$ROOT/infra/local/infra-down.sh"
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
if [ "${AFTERSALES_DEMO_VIEW:-watch}" = "dashboard" ]; then
  "$AFTERSALES" dashboard
else
  "$AFTERSALES" watch
fi
