#!/usr/bin/env bash
# A local PostgreSQL server for the results-database tests, from Debian's packages. Idempotent:
# installs the server if missing, starts the cluster if stopped, creates the test role and
# database if absent. Listens on 127.0.0.1:${GAMEDAY_PG_PORT:-5432} only.
set -euo pipefail
port=${GAMEDAY_PG_PORT:-5432}
log() { printf '[postgres] %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v pg_lsclusters >/dev/null 2>&1 || [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
  log "installing Debian's postgresql"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
read -r version cluster cport status _ < <(pg_lsclusters -h | head -n1)
if [ "$status" != online ]; then
  log "starting cluster $version/$cluster on port $cport"
  as_root pg_ctlcluster "$version" "$cluster" start
fi
[ "$cport" = "$port" ] || { log "cluster $version/$cluster listens on $cport, not $port; set GAMEDAY_PG_PORT=$cport"; exit 1; }
psql_admin() { as_root su postgres -c "psql -p $port -tAc \"$1\""; }
if [ "$(psql_admin "select 1 from pg_roles where rolname = 'gameday'")" != 1 ]; then
  psql_admin "create role gameday login password 'gameday'" >/dev/null
fi
for db in gameday gameday_test; do
  if [ "$(psql_admin "select 1 from pg_database where datname = '$db'")" != 1 ]; then
    psql_admin "create database $db owner gameday" >/dev/null
  fi
done
log "ready: postgresql://gameday@127.0.0.1:$port/gameday_test"
