#!/usr/bin/env bash
# Runs every test. PostgreSQL is started when none runs; Xvfb, pcscd and the
# emulators are started by the test fixtures themselves.
set -euo pipefail
cd "$(dirname "$0")/.."
export TEST_POSTGRES_URL=${TEST_POSTGRES_URL:-$(scripts/ensure-postgres.sh)}
export KIVY_NO_ARGS=1 KIVY_NO_CONSOLELOG=1 KIVY_NO_FILELOG=1 KIVY_HOME="$PWD/var/kivy-home"
mkdir -p var tests/artifacts
exec .venv/bin/python -m pytest -p no:cacheprovider "$@"
