#!/usr/bin/env bash
# Starts (or reuses) a throwaway PostgreSQL server on 127.0.0.1 for the test suite and prints
# the URL the tests read from PSCP_TEST_PG_URL. Usage: scripts/postgres-test-server.sh start|stop
# Needs root (it runs the server as the `postgres` user); installs PostgreSQL when missing.
set -euo pipefail
action=${1:-start}
dir=${PSCP_PG_DIR:-/tmp/pscp-test-pg}
port=${PSCP_PG_PORT:-55432}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)

if [ "$action" = stop ]; then
  [ -n "$bin" ] && [ -d "$dir/data" ] && runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
  exit 0
fi

if [ -z "$bin" ]; then
  echo "Installing the PostgreSQL server..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
mkdir -p "$dir/sock"
chown -R postgres:postgres "$dir"
if [ ! -f "$dir/data/PG_VERSION" ]; then
  install -d -o postgres -g postgres -m 0700 "$dir/data"
  runuser -u postgres -- "$bin/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >/dev/null
fi
if ! runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
  runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $dir/sock -c fsync=off -c max_connections=200" >/dev/null
fi
psql=( runuser -u postgres -- "$bin/psql" -h "$dir/sock" -p "$port" -U postgres -v ON_ERROR_STOP=1 -qAt )
if [ "$("${psql[@]}" -c "SELECT 1 FROM pg_roles WHERE rolname='pscp'")" != 1 ]; then
  "${psql[@]}" -c "CREATE ROLE pscp LOGIN CREATEDB PASSWORD 'pscp-test'"
fi
# The role tests (db setup-roles) create a team role and a member's login.
"${psql[@]}" -c "ALTER ROLE pscp CREATEROLE" >/dev/null
# Dropping a test database WITH (FORCE) may need to end a server process (autovacuum).
"${psql[@]}" -c "SET client_min_messages = warning; GRANT pg_signal_backend TO pscp" >/dev/null
if [ "$("${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname='pscp_test'")" != 1 ]; then
  "${psql[@]}" -c "CREATE DATABASE pscp_test OWNER pscp"
fi
echo "postgresql+psycopg://pscp:pscp-test@127.0.0.1:$port/pscp_test"
