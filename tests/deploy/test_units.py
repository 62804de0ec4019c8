"""The shipped deploy/ files as the machine's tools read them: systemd units through
`systemd-analyze verify`, shell scripts through bash, the HAProxy configuration through
`haproxy -c`, and the udev rules against what docs/deploy.md promises."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from central.settings import development_settings
from tests.balancer import HaproxyProcess, shipped_body_limit
from tests.deploy.conftest import ROOT

DEPLOY = ROOT / "deploy"
INSTALL_PREFIX = "/opt/hallkiosk"  # where docs/deploy.md puts the checkout
UNITS = sorted(p for p in DEPLOY.rglob("*") if p.suffix in (".service", ".timer"))
SCRIPTS = [DEPLOY / "kiosk" / "kiosk-session", DEPLOY / "central" / "backup.sh",
           DEPLOY / "central" / "restore.sh"]


def test_every_unit_is_shipped():
    names = {p.name for p in UNITS}
    assert names == {"kiosk.service", "central@.service", "central-purge.service",
                     "central-purge.timer", "central-backup.service", "central-backup.timer"}


@pytest.mark.parametrize("unit", UNITS, ids=lambda p: p.name)
def test_systemd_verifies_the_unit(unit, tmp_path):
    """Verified with the install prefix pointing at this checkout, so every ExecStart must
    name a program that exists here; any warning (an unknown or misspelt key) fails too."""
    if not shutil.which("systemd-analyze"):
        pytest.fail("systemd-analyze is missing (scripts/setup.sh installs the systemd package)")
    for other in UNITS:  # a timer is checked with the service it starts beside it
        text = other.read_text(encoding="utf-8").replace(INSTALL_PREFIX, str(ROOT))
        (tmp_path / other.name).write_text(text, encoding="utf-8")
    name = unit.name.replace("@.", "@8000.")
    if name != unit.name:
        (tmp_path / name).write_text((tmp_path / unit.name).read_text())
    out = subprocess.run(["systemd-analyze", "verify", "--man=no", str(tmp_path / name)],
                         capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0 and not out.stderr.strip(), out.stderr


def test_units_name_only_shipped_files():
    for unit in UNITS:
        for path in re.findall(rf"{INSTALL_PREFIX}(/[^\s]+)", unit.read_text()):
            assert (ROOT / path.lstrip("/")).exists() or path.startswith("/.venv/") \
                or path == "/docs/deploy.md", f"{unit.name} names {path}"


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_scripts_parse_and_are_executable(script):
    assert script.stat().st_mode & 0o111
    out = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def test_haproxy_accepts_the_shipped_configuration(tmp_path):
    proxy = HaproxyProcess(["127.0.0.1:8000", "127.0.0.1:8001"], tmp_path)
    out = subprocess.run(["haproxy", "-c", "-f", str(proxy.config)], env=proxy.env,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "[WARNING]" not in out.stdout + out.stderr


def test_the_proxy_body_limit_is_the_services():
    assert shipped_body_limit() == development_settings().server.max_body_bytes


RULE = re.compile(r'^(?:[A-Z_]+(?:\{[A-Za-z0-9_]+\})?(?:==|!=|\+=|=|:=)"[^"]*"(?:, |$))+')


def test_udev_rules_give_each_device_a_stable_name_owned_by_kiosk():
    rules = (DEPLOY / "kiosk" / "70-kiosk-devices.rules").read_text(encoding="utf-8")
    lines = [ln for ln in rules.splitlines() if ln.strip() and not ln.startswith("#")]
    assert lines
    for line in lines:
        assert RULE.fullmatch(line), f"not a udev rule line: {line}"
        assert 'GROUP="kiosk"' in line and 'MODE="0660"' in line
    links = set(re.findall(r'SYMLINK\+="([^"]+)"', rules))
    assert links == {"kiosk-idreader", "kiosk-printer", "kiosk-camera"}
    doc = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    assert all(f"/dev/{link}" in doc for link in links)


def test_the_session_forbids_leaving_it():
    xorg = (DEPLOY / "kiosk" / "10-kiosk.conf").read_text()
    for option in ("DontVTSwitch", "DontZap", "DontZoom"):
        assert re.search(rf'Option\s+"{option}"\s+"true"', xorg)
    unit = (DEPLOY / "kiosk" / "kiosk.service").read_text()
    start = re.search(r"^ExecStart=(.*)$", unit, re.M).group(1).split()
    assert start[:2] == ["/usr/bin/xinit", f"{INSTALL_PREFIX}/deploy/kiosk/kiosk-session"]
    assert {"-novtswitch", "-nolisten", "-dpms"} <= set(start)
    assert re.search(r"^User=kiosk$", unit, re.M) and re.search(r"^Restart=always$", unit, re.M)
