#!/usr/bin/env bash
# Creates one database and one least-privilege login role per service. Used by the
# PostgreSQL container (/docker-entrypoint-initdb.d) and usable by hand against any
# server with a superuser: PGHOST/PGUSER/PGPASSWORD select the server, and
# AFTERSALES_PG_<SERVICE>_PASSWORD carries each service's password (never logged, never
# on a command line; needs psql 15 or later for \getenv).
set -euo pipefail

for service in intake dispatch inventory surveys alerting; do
  upper="$(echo "$service" | tr '[:lower:]' '[:upper:]')"
  password_var="AFTERSALES_PG_${upper}_PASSWORD"
  password="${!password_var:-}"
  if [ -z "$password" ]; then
    echo "init-databases: $password_var is not set" >&2
    exit 1
  fi
  # The password reaches psql through its environment (\getenv), never its command line (ps).
  AFTERSALES_ROLE_PASSWORD="$password" psql -X -q -v ON_ERROR_STOP=1 -d postgres -v role="aftersales_$service" <<'SQL'
\getenv password AFTERSALES_ROLE_PASSWORD
SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE', :'role')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I INHERIT PASSWORD %L CONNECTION LIMIT 64', :'role', :'password') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'role', :'role')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'role') \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'role') \gexec
SELECT format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', :'role', :'role') \gexec
SQL
  psql -X -q -v ON_ERROR_STOP=1 -d "aftersales_$service" -c "ALTER SCHEMA public OWNER TO aftersales_$service"
  echo "init-databases: aftersales_$service ready"
done
