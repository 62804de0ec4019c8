#!/usr/bin/env bash
# Make sure a PostgreSQL server answers on 127.0.0.1:5432 with trust auth for
# user postgres, and that the test database exists. Uses the running server
# where there is one; otherwise starts the machine's cluster, or, failing
# that, a private cluster under var/pg owned by the postgres user.
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${TEST_PG_DB:-hallkiosk_test}
ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }

if ! ready; then
  if command -v pg_lsclusters >/dev/null && pg_lsclusters -h 2>/dev/null | grep -q .; then
    read -r ver name _ < <(pg_lsclusters -h | head -1)
    pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start || true
  fi
fi
if ! ready; then
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  data=$PWD/var/pg
  if [ ! -f "$data/PG_VERSION" ]; then
    mkdir -p "$data"; chown postgres "$data" 2>/dev/null || true
    runuser -u postgres -- "$bin/initdb" -D "$data" -A trust -U postgres >/dev/null
  fi
  runuser -u postgres -- "$bin/pg_ctl" -D "$data" -l "$data/server.log" \
    -o "-h 127.0.0.1 -p 5432 -k /tmp" -w start >/dev/null
fi
for _ in $(seq 50); do ready && break; sleep 0.2; done
ready || { echo "ensure-postgres: no server on 127.0.0.1:5432" >&2; exit 1; }
psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$DB'" | grep -q 1 \
  || psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $DB" >/dev/null
echo "postgresql+psycopg://postgres@127.0.0.1:5432/$DB"
