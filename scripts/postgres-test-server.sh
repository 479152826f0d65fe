#!/usr/bin/env bash
# Starts (or reuses) a throwaway PostgreSQL server on 127.0.0.1 for the test suite and prints
# the URL the tests read from PSCP_TEST_PG_URL. Usage: scripts/postgres-test-server.sh start|stop
# Needs root (it runs the server as the `postgres` user); installs PostgreSQL when missing.
# The port is PSCP_PG_PORT, else the first free one from 55432 up (another server may hold
# 55432 on a shared machine).
set -euo pipefail
action=${1:-start}
here=$(cd "$(dirname "$0")" && pwd)
dir=${PSCP_PG_DIR:-/tmp/pscp-test-pg}
# The server runs as `postgres`, which may not read the caller's folder (/root/...): from
# anywhere else psql and pg_ctl complain that they "could not change directory".
cd /
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
as_postgres=(runuser -u postgres --)

if [ "$action" = stop ]; then
  [ -n "$bin" ] && [ -d "$dir/data" ] && "${as_postgres[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
  exit 0
fi
[ "$action" = start ] || { echo "usage: $0 start|stop" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "postgres-test-server.sh: run it as root (it starts the server as the postgres user)" >&2; exit 1; }

if [ -z "$bin" ]; then
  bash "$here/system-deps.sh" postgresql >&2
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
mkdir -p "$dir/sock"
chown -R postgres:postgres "$dir"
if [ ! -f "$dir/data/PG_VERSION" ]; then
  install -d -o postgres -g postgres -m 0700 "$dir/data"
  "${as_postgres[@]}" "$bin/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >/dev/null
fi

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if "${as_postgres[@]}" "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
  port=$(sed -n 4p "$dir/data/postmaster.pid")   # already running: its port
else
  port=${PSCP_PG_PORT:-}
  if [ -z "$port" ]; then
    port=55432
    while listening "$port"; do port=$((port + 1)); done
  fi
  if ! "${as_postgres[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start \
      -o "-p $port -c listen_addresses=127.0.0.1 -k $dir/sock -c fsync=off -c max_connections=200" \
      >/dev/null; then
    tail -n 5 "$dir/server.log" >&2
    echo "postgres-test-server.sh: the server did not start on port $port (see $dir/server.log)" >&2
    exit 1
  fi
fi
psql=( "${as_postgres[@]}" "$bin/psql" -h "$dir/sock" -p "$port" -U postgres -v ON_ERROR_STOP=1 -qAt )
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
