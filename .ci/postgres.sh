#!/usr/bin/env bash
# Starts Debian's PostgreSQL 15 with pgSphere for the tests (production-like database; the local default is the
# embedded PostgreSQL without pgSphere). Idempotent. Needs root; the server runs as user postgres. Installed and
# pinned by .ci/install.sh (why the pin: docs/postgresql.md).
# Checks first, in a scratch database, that pgSphere installs and answers a query; then leaves database gammavo,
# role gammavo/gammavo (CREATEDB) and pg_sphere in template1, so every test database has it.
set -euo pipefail
PORT=${GAMMAVO_CI_PG_PORT:-5432}
if ! pg_lsclusters -h 2>/dev/null | grep -q '^15 main'; then
  pg_createcluster 15 main -p "$PORT" >/dev/null
fi
pg_ctlcluster 15 main start 2>/dev/null || true
for i in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p "$PORT" && break; sleep 1; done
pg_isready -q -h 127.0.0.1 -p "$PORT" || { echo "ERROR: PostgreSQL 15 did not start on port $PORT"; exit 1; }
psql_su() { su postgres -c "psql -v ON_ERROR_STOP=1 -X -q -p $PORT $*"; }
# A server left running from before a downgrade still runs the old binary: restart it on the installed one.
installed=$(/usr/lib/postgresql/15/bin/postgres --version | awk '{print $3}')
running=$(psql_su "-At -c 'SHOW server_version'" | awk '{print $1}')
if [ "$installed" != "$running" ]; then
  echo "restarting PostgreSQL: running $running, installed $installed"
  pg_ctlcluster 15 main restart
  for i in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p "$PORT" && break; sleep 1; done
fi

# The real check: CREATE EXTENSION and one pgSphere query, in a database made for it and dropped after.
psql_su "-c 'DROP DATABASE IF EXISTS gammavo_pgsphere_check'"
psql_su "-c 'CREATE DATABASE gammavo_pgsphere_check TEMPLATE template0'"
answer=$(psql_su "-d gammavo_pgsphere_check -At -c 'CREATE EXTENSION pg_sphere' \
  -c 'SELECT spoint(0,0) @ scircle(spoint(0,0), 0.1)'" 2>&1) || true
psql_su "-c 'DROP DATABASE gammavo_pgsphere_check'"
[ "$answer" = t ] || { echo "ERROR: pgSphere check failed: ${answer:-no answer}"; exit 1; }

psql_su "-d template1 -c 'CREATE EXTENSION IF NOT EXISTS pg_sphere'"
psql_su "-tc \"SELECT 1 FROM pg_roles WHERE rolname='gammavo'\"" | grep -q 1 \
  || psql_su "-c \"CREATE ROLE gammavo LOGIN PASSWORD 'gammavo' CREATEDB\""
psql_su "-tc \"SELECT 1 FROM pg_database WHERE datname='gammavo'\"" | grep -q 1 \
  || psql_su "-c 'CREATE DATABASE gammavo OWNER gammavo'"
# The read-only role tap-service's ADQL queries switch to (docs/security.md), so QueryRoleTest runs in CI.
psql_su "-tc \"SELECT 1 FROM pg_roles WHERE rolname='gammavo_query'\"" | grep -q 1 \
  || psql_su "-c 'CREATE ROLE gammavo_query NOLOGIN'"
psql_su "-c 'GRANT gammavo_query TO gammavo'"
echo "PostgreSQL $(psql_su "-At -c 'SHOW server_version'") + pgSphere on 127.0.0.1:$PORT (database gammavo, user gammavo)"
