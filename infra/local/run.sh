#!/usr/bin/env bash
# `make run`: sets everything up, starts the local stack with demo-friendly timings,
# runs the traffic simulator at a gentle rate and shows the live event stream until
# Ctrl-C, which stops the simulator, the services and the infrastructure cleanly.
# Environment: AFTERSALES_DEMO_RATE (requests per second, default 1),
# AFTERSALES_DEMO_VIEW (watch | dashboard, default watch).
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
log "live view below; Ctrl-C stops everything"
if [ "${AFTERSALES_DEMO_VIEW:-watch}" = "dashboard" ]; then
  "$AFTERSALES" dashboard
else
  "$AFTERSALES" watch
fi
