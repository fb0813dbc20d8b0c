#!/usr/bin/env bash
# Idempotently provides a local PostgreSQL server for Fleet's tests and prints its connection string.
# Safe to run repeatedly: installs Debian's postgresql only if missing, starts the cluster if it is down,
# creates role fleet/fleet and database fleet_test if they do not exist. Runs as root, no systemd needed.
set -euo pipefail

PGROLE="${FLEET_PG_ROLE:-fleet}"
PGPASS="${FLEET_PG_PASSWORD:-fleet}"
PGDB="${FLEET_PG_DATABASE:-fleet_test}"

log() { echo "ensure-postgres: $*" >&2; }

if ! command -v pg_lsclusters >/dev/null 2>&1; then
  log "installing postgresql (apt)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi

# First cluster listed by pg_lsclusters (Debian creates "<version> main" on install).
read -r PGVER PGCLUSTER PGPORT _ < <(pg_lsclusters --no-header | head -n 1) || true
if [[ -z "${PGVER:-}" ]]; then
  PGVER="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
  PGCLUSTER=main
  log "creating cluster $PGVER/$PGCLUSTER"
  pg_createcluster "$PGVER" "$PGCLUSTER" >&2
  read -r PGVER PGCLUSTER PGPORT _ < <(pg_lsclusters --no-header | head -n 1)
fi

if ! pg_lsclusters --no-header | awk -v v="$PGVER" -v c="$PGCLUSTER" '$1==v && $2==c {print $4}' | grep -q online; then
  log "starting cluster $PGVER/$PGCLUSTER"
  pg_ctlcluster "$PGVER" "$PGCLUSTER" start >&2
fi

psql_admin() { runuser -u postgres -- psql -p "$PGPORT" -v ON_ERROR_STOP=1 -qtA "$@"; }

# Wait briefly for the server to accept connections (start is asynchronous on slow machines).
for _ in $(seq 1 30); do
  if psql_admin -c 'SELECT 1' >/dev/null 2>&1; then break; fi
  sleep 0.5
done

if [[ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$PGROLE'")" != "1" ]]; then
  log "creating role $PGROLE"
  psql_admin -c "CREATE ROLE \"$PGROLE\" LOGIN PASSWORD '$PGPASS'"
fi
if [[ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$PGDB'")" != "1" ]]; then
  log "creating database $PGDB"
  psql_admin -c "CREATE DATABASE \"$PGDB\" OWNER \"$PGROLE\""
fi

echo "Host=127.0.0.1;Port=$PGPORT;Database=$PGDB;Username=$PGROLE;Password=$PGPASS"
