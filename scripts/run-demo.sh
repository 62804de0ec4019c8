#!/usr/bin/env bash
# make run: the central service with demo data, emulated devices and a terminal window.
set -euo pipefail
cd "$(dirname "$0")/.."
export KIVY_NO_ARGS=1 KIVY_HOME="$PWD/var/kivy-home"
if [ -z "${DISPLAY:-}" ] && command -v Xvfb >/dev/null; then
  echo "run: no display here; the terminal runs on a virtual screen (Xvfb :77)"
  Xvfb :77 -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
  trap 'kill $! 2>/dev/null || true' EXIT
  export DISPLAY=:77
fi
exec .venv/bin/python -m kiosk.demo "$@"
