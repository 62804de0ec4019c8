#!/usr/bin/env bash
# Runs every test. PostgreSQL is started when none runs; Xvfb, pcscd and the
# emulators are started by the test fixtures themselves.
set -euo pipefail
cd "$(dirname "$0")/.."
export TEST_POSTGRES_URL=${TEST_POSTGRES_URL:-$(scripts/ensure-postgres.sh)}
export KIVY_NO_ARGS=1 KIVY_NO_CONSOLELOG=1 KIVY_NO_FILELOG=1 KIVY_HOME="$PWD/var/kivy-home"
mkdir -p var tests/artifacts
# Keep vpcd's two ports out of the ephemeral range (devices/smartcard/pcscd.py says why).
reserved=/proc/sys/net/ipv4/ip_local_reserved_ports
if [ -w "$reserved" ] && ! grep -q 35963 "$reserved"; then
  current=$(cat "$reserved")
  echo "${current:+$current,}35963-35964" > "$reserved" 2>/dev/null || true
fi
exec .venv/bin/python -m pytest -p no:cacheprovider "$@"
