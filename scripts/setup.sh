#!/usr/bin/env bash
# Idempotent set-up for a fresh Debian machine: system packages where missing,
# a virtualenv in .venv, the project installed editable with both sides and the test extras,
# and the gettext catalogs compiled. Safe to run again; fast when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  xvfb xauth libgl1 libegl1 libmtdev1            # Kivy in a real window under Xvfb
  pcscd libpcsclite-dev swig vsmartcard-vpcd     # PC/SC smart cards, pyscard build, virtual reader
  socat                                          # serial ptys for the ID card emulator
  chromium                                       # staff console browser tests
  fonts-wqy-microhei                             # CJK glyphs for rendered slips and screenshots
  espeak-ng alsa-utils                           # spoken guidance: offline synthesis, aplay for playback
  libzinnia0 tegaki-zinnia-simplified-chinese    # handwriting input: Zinnia and its zh_CN model
  postgresql                                     # started by scripts/ensure-postgres.sh if none runs
  haproxy openssl                                # tests/deploy: the shipped balancer config, over TLS
  systemd xinit x11-xserver-utils x11-utils      # tests/deploy: systemd-analyze, the kiosk X session
  python3-venv gettext
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing system packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$PY" -m venv .venv
fi
stamp=.venv/.installed-$(sha1sum pyproject.toml | cut -c1-12)
if [ ! -f "$stamp" ]; then
  echo "setup: installing the project (editable) into .venv"
  # `python -m pip`, not .venv/bin/pip: a copied venv's pip script runs its origin's python
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e '.[terminal,central,test]'
  rm -f .venv/.installed-*
  touch "$stamp"
fi
.venv/bin/python -m kiosk.i18n compile >/dev/null
mkdir -p var
# The terminal's pictograms: Tabler Icons (MIT) as a font, kiosk/icons.py names them; without
# it the terminal shows words alone.
if [ ! -f var/npm/node_modules/@tabler/icons-webfont/package.json ]; then
  if command -v npm >/dev/null; then
    echo "setup: installing @tabler/icons-webfont into var/npm"
    npm install --prefix var/npm --no-audit --no-fund --silent @tabler/icons-webfont@3 >/dev/null \
      || echo "setup: npm install @tabler/icons-webfont failed; the terminal shows no pictograms"
  else
    echo "setup: npm not found; the terminal shows no pictograms"
  fi
fi
# The console's door page decodes QR codes in the phone camera's frames with jsQR (Apache-2.0)
# where the browser has no BarcodeDetector; the central service serves it (central/vendor.py).
# Without it the door page takes the code typed or pasted.
if [ ! -f var/npm/node_modules/jsqr/package.json ]; then
  if command -v npm >/dev/null; then
    echo "setup: installing jsqr into var/npm"
    npm install --prefix var/npm --no-audit --no-fund --silent jsqr@1 >/dev/null \
      || echo "setup: npm install jsqr failed; the door page scans with BarcodeDetector only"
  else
    echo "setup: npm not found; the door page scans with BarcodeDetector only"
  fi
fi
# Real handwriting for the recogniser's tests and benchmark (tests/handwriting_data.py);
# data, not code: it stays under var/ and out of git.
if [ ! -f var/npm/node_modules/hanzi-writer-data/package.json ]; then
  if command -v npm >/dev/null; then
    echo "setup: installing hanzi-writer-data into var/npm"
    npm install --prefix var/npm --no-audit --no-fund --silent hanzi-writer-data@2 >/dev/null \
      || echo "setup: npm install hanzi-writer-data failed; the handwriting data tests will skip"
  else
    echo "setup: npm not found; the handwriting data tests will skip"
  fi
fi
