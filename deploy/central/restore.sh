#!/bin/bash
# Restore a dump made by backup.sh into a new, empty database.
#
#   restore.sh DUMP TARGET_URL
#
# TARGET_URL is a libpq URL (postgresql://central@db.example/central_restored) of a database
# that exists and holds no tables: create it first (createdb -O central central_restored).
# Restoring over a database in use would mix two histories, so a non-empty target is refused.
# The restore is one transaction: it either completes or leaves the target empty. Objects end
# up owned by the role that runs the restore. Then point central.env at the new database and
# restart the replicas (docs/deploy.md, "Restore").
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: restore.sh DUMP TARGET_URL" >&2
  exit 2
fi
dump=$1
target=$2

pg_restore --list "$dump" >/dev/null || { echo "restore: $dump is not a pg_dump archive" >&2; exit 2; }
tables=$(psql --dbname="$target" -XtAc \
  "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")
if [ "$tables" != 0 ]; then
  echo "restore: the target database already has $tables tables; restore into a new one" >&2
  exit 3
fi

pg_restore --exit-on-error --single-transaction --no-owner --no-privileges --dbname="$target" "$dump"
psql --dbname="$target" -XqAc "ANALYZE"
echo "restore: $dump restored into the target database"
