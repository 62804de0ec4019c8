#!/bin/bash
# Dump the central service's PostgreSQL database (pg_dump custom format) into BACKUP_DIR and
# keep the newest BACKUP_KEEP dumps. Run daily by central-backup.timer; restore with restore.sh.
#
#   BACKUP_DATABASE_URL  libpq URL of the database, e.g. postgresql:///central (required)
#   BACKUP_DIR           where the dumps go (default /var/backups/central)
#   BACKUP_KEEP          how many dumps to keep, newest first (default 14: two weeks of dailies)
#
# A dump is written under a temporary name, checked to be readable, and only then named
# central-<UTC time>.dump; old dumps are deleted only after that, so a failed run never leaves
# fewer good dumps than before.
set -euo pipefail

url=${BACKUP_DATABASE_URL:?BACKUP_DATABASE_URL is not set}
dir=${BACKUP_DIR:-/var/backups/central}
keep=${BACKUP_KEEP:-14}
[[ $keep =~ ^[1-9][0-9]{0,3}$ ]] || { echo "backup: BACKUP_KEEP must be 1 to 9999" >&2; exit 2; }

umask 077
mkdir -p "$dir"
out="$dir/central-$(date -u +%Y%m%dT%H%M%S.%3NZ).dump"
partial="$out.partial"
trap 'rm -f "$partial"' EXIT

pg_dump --format=custom --dbname="$url" --file="$partial"
pg_restore --list "$partial" >/dev/null
mv "$partial" "$out"

# names sort by time: everything after the newest $keep goes
find "$dir" -maxdepth 1 -name 'central-*.dump' -printf '%f\n' | sort -r | tail -n +"$((keep + 1))" \
  | while read -r old; do rm -f -- "$dir/$old"; done

echo "backup: wrote $out ($(stat -c %s "$out") bytes); keeping the newest $keep"
