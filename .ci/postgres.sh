#!/usr/bin/env bash
# Starts Debian's PostgreSQL 15 with pgSphere for the tests (production-like database; the local default is the
# embedded PostgreSQL without pgSphere). Idempotent. Needs root (apt) once; the server runs as user postgres.
# Leaves: database gammavo, role gammavo/gammavo (CREATEDB), pg_sphere in template1 so every test database has it.
set -euo pipefail
PORT=${GAMMAVO_CI_PG_PORT:-5432}
if ! pg_lsclusters -h 2>/dev/null | grep -q '^15 main'; then
  pg_createcluster 15 main -p "$PORT" >/dev/null
fi
pg_ctlcluster 15 main start 2>/dev/null || true
for i in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p "$PORT" && break; sleep 1; done
psql_su() { su postgres -c "psql -v ON_ERROR_STOP=1 -q -p $PORT $*"; }
psql_su "-d template1 -c 'CREATE EXTENSION IF NOT EXISTS pg_sphere'"
psql_su "-tc \"SELECT 1 FROM pg_roles WHERE rolname='gammavo'\"" | grep -q 1 \
  || psql_su "-c \"CREATE ROLE gammavo LOGIN PASSWORD 'gammavo' CREATEDB\""
psql_su "-tc \"SELECT 1 FROM pg_database WHERE datname='gammavo'\"" | grep -q 1 \
  || psql_su "-c 'CREATE DATABASE gammavo OWNER gammavo'"
echo "PostgreSQL 15 + pgSphere on 127.0.0.1:$PORT (database gammavo, user gammavo)"
