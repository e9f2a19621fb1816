#!/bin/sh
# PostgreSQL with the platform's database, created on first start the way k8s/base/postgres/cluster.yaml has
# CloudNativePG create it (bootstrap.initdb + postInitApplicationSQL + managed.roles; a k8s test compares the two).
# Environment: PGDATA, POSTGRES_PORT (5432), POSTGRES_LISTEN (127.0.0.1), and the roles' passwords
# GAMMAVO_DB_TAP_PASSWORD, GAMMAVO_DB_UWS_PASSWORD (from the Secrets gammavo-db-tap, gammavo-db-uws).
set -eu
PORT=${POSTGRES_PORT:-5432}
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "${GAMMAVO_DB_TAP_PASSWORD:?from Secret gammavo-db-tap}" "${GAMMAVO_DB_UWS_PASSWORD:?from Secret gammavo-db-uws}"
  initdb -D "$PGDATA" -U postgres --auth-local=peer --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -k /tmp -p $PORT" -w start >/dev/null
  psql -v ON_ERROR_STOP=1 -q -h /tmp -p "$PORT" -U postgres -d postgres <<SQL
CREATE ROLE gammavo LOGIN;
CREATE DATABASE gammavo OWNER gammavo;
SQL
  # postInitApplicationSQL of cluster.yaml, then the managed roles' passwords.
  psql -v ON_ERROR_STOP=1 -q -h /tmp -p "$PORT" -U postgres -d gammavo \
    -v tap="$GAMMAVO_DB_TAP_PASSWORD" -v uws="$GAMMAVO_DB_UWS_PASSWORD" <<'SQL'
CREATE EXTENSION IF NOT EXISTS pg_sphere;
CREATE ROLE gammavo_query NOLOGIN;
CREATE ROLE gammavo_tap LOGIN IN ROLE gammavo_query;
CREATE ROLE gammavo_uws LOGIN;
GRANT CONNECT, CREATE, TEMPORARY ON DATABASE gammavo TO gammavo_tap, gammavo_uws;
ALTER ROLE gammavo_tap PASSWORD :'tap';
ALTER ROLE gammavo_uws PASSWORD :'uws';
SQL
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
fi
exec postgres -D "$PGDATA" -p "$PORT" -k /tmp -c listen_addresses="${POSTGRES_LISTEN:-127.0.0.1}" \
  -c max_connections=200 -c synchronous_commit=on
