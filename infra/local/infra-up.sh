#!/usr/bin/env bash
# Starts the local infrastructure (idempotent; returns when ready):
#  - a project-private PostgreSQL cluster on 127.0.0.1:$AFTERSALES_PG_PORT (15432) with one
#    database and one least-privilege role per service,
#  - a Tansu broker on 127.0.0.1:$AFTERSALES_KAFKA_PORT (19092) with every registry topic,
#  - .local/env: the connection settings for services, tools and tests.
# shellcheck source=infra/local/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

[ -x "$TANSU" ] && [ -f "$SECRETS" ] && [ -n "$PG_BIN" ] || "$ROOT/infra/local/setup.sh"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
mkdir -p "$LOCAL/log" "$LOCAL/run" "$LOCAL/pg"
# Secrets files written by older versions of these scripts may be readable by others.
for file in "$SECRETS" "$ENV_FILE"; do
  if [ -f "$file" ] && [ "$(stat -c %a "$file")" != 600 ]; then chmod 600 "$file"; log "made $file private (mode 600)"; fi
done
# shellcheck disable=SC1090
source "$SECRETS"

# MARK: PostgreSQL
if [ "$(id -u)" = "0" ]; then chown postgres: "$LOCAL/pg"; fi
if [ ! -f "$PG_DATA/PG_VERSION" ]; then
  log "initialising PostgreSQL cluster in $PG_DATA"
  pwfile="$LOCAL/pg/.pw"
  (umask 077; printf '%s\n' "$AFTERSALES_PG_ADMIN_PASSWORD" > "$pwfile")
  if [ "$(id -u)" = "0" ]; then chown postgres: "$pwfile"; fi
  as_postgres "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --pwfile="$pwfile" \
    --auth-host=scram-sha-256 --auth-local=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
fi
mkdir -p "$PG_RUN"
if [ "$(id -u)" = "0" ]; then chown postgres: "$PG_RUN"; touch "$LOCAL/pg/postgres.log"; chown postgres: "$LOCAL/pg/postgres.log"; fi
if ! as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
  log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
  as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$LOCAL/pg/postgres.log" -w -t 60 \
    -o "-p $PG_PORT -k $PG_RUN -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=on" \
    start >/dev/null || { tail -n 20 "$LOCAL/pg/postgres.log" >&2; die "PostgreSQL did not start"; }
fi
# Secrets never appear on a command line (visible in ps): the admin password reaches psql
# through PGPASSWORD in the environment of that one psql process only (not exported, so
# the broker started below does not inherit it), role passwords through \getenv.
psql_admin() { PGPASSWORD="$AFTERSALES_PG_ADMIN_PASSWORD" psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres "$@"; }
for ((i = 0; i < 100; i++)); do psql_admin -d postgres -c 'SELECT 1' >/dev/null 2>&1 && break; sleep 0.2; done
psql_admin -d postgres -c 'SELECT 1' >/dev/null || die "PostgreSQL is not answering on 127.0.0.1:$PG_PORT"

# One database and one login role per service; the role owns only its database, cannot
# create databases or roles, and no other role may connect to it.
for service in "${SERVICES[@]}"; do
  upper="$(echo "$service" | tr '[:lower:]' '[:upper:]')"
  password_var="AFTERSALES_PG_${upper}_PASSWORD"
  AFTERSALES_ROLE_PASSWORD="${!password_var}" psql_admin -d postgres -v role="aftersales_$service" <<'SQL'
\getenv password AFTERSALES_ROLE_PASSWORD
SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE', :'role')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I INHERIT PASSWORD %L CONNECTION LIMIT 64', :'role', :'password') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'role', :'role')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'role') \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'role') \gexec
SELECT format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', :'role', :'role') \gexec
SQL
  # The role owns its database's public schema (PostgreSQL 15 no longer lets everyone create there).
  psql_admin -d "aftersales_$service" -c "ALTER SCHEMA public OWNER TO aftersales_$service" >/dev/null
done

# MARK: Tansu broker (memory storage: a restart loses topics, so they are created on every start)
started_broker=0
if ! { [ -f "$TANSU_PID" ] && kill -0 "$(cat "$TANSU_PID")" 2>/dev/null; }; then
  log "starting Tansu broker on 127.0.0.1:$KAFKA_PORT"
  nohup setsid "$TANSU" broker \
    --listener-url "tcp://127.0.0.1:$KAFKA_PORT" \
    --advertised-listener-url "tcp://127.0.0.1:$KAFKA_PORT" \
    >"$TANSU_LOG" 2>&1 < /dev/null &
  echo $! > "$TANSU_PID"
  started_broker=1
fi
wait_for_port "$KAFKA_PORT" 30 || { tail -n 20 "$TANSU_LOG" >&2; die "Tansu did not listen on 127.0.0.1:$KAFKA_PORT"; }
existing="$("$TANSU" topic list --broker "tcp://127.0.0.1:$KAFKA_PORT" 2>/dev/null || true)"
while read -r topic partitions; do
  case "$topic" in ''|'#'*) continue ;; esac
  if [ "$started_broker" = 1 ] || ! grep -qF "\"$topic\"" <<<"$existing"; then
    "$TANSU" topic create "$topic" --partitions "$partitions" --broker "tcp://127.0.0.1:$KAFKA_PORT" >/dev/null 2>&1 \
      || grep -qF "\"$topic\"" <<<"$("$TANSU" topic list --broker "tcp://127.0.0.1:$KAFKA_PORT" 2>/dev/null)" \
      || die "could not create topic $topic"
  fi
done < "$ROOT/infra/topics.txt"

# MARK: environment for services, tools and tests (contains secrets: mode 600, git-ignored)
# Created 0600 from the start (mktemp under umask 077), then renamed into place.
env_tmp="$(umask 077; mktemp "$LOCAL/.env.XXXXXX")"
{
  echo "# Written by infra/local/infra-up.sh; source with: set -a; . .local/env; set +a"
  echo "KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$KAFKA_PORT"
  echo "AFTERSALES_TEST_KAFKA=127.0.0.1:$KAFKA_PORT"
  echo "AFTERSALES_TEST_DATABASE_URL=postgres://postgres:$AFTERSALES_PG_ADMIN_PASSWORD@127.0.0.1:$PG_PORT/postgres"
  for service in "${SERVICES[@]}"; do
    upper="$(echo "$service" | tr '[:lower:]' '[:upper:]')"
    password_var="AFTERSALES_PG_${upper}_PASSWORD"
    echo "AFTERSALES_${upper}_DATABASE_URL=postgres://aftersales_$service:${!password_var}@127.0.0.1:$PG_PORT/aftersales_$service"
  done
} > "$env_tmp"
mv "$env_tmp" "$ENV_FILE"
log "ready: PostgreSQL 127.0.0.1:$PG_PORT, Kafka (Tansu) 127.0.0.1:$KAFKA_PORT, settings in .local/env"
