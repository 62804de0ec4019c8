"""Suite-wide fixtures: a virtual display for Kivy and the PostgreSQL URL.

Area fixtures live in each folder's own conftest.py (tests/api, tests/devices, ...).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"


def _start_xvfb() -> subprocess.Popen | None:
    """Start Xvfb on a free display for this test run; None if there is none to start."""
    if os.environ.get("DISPLAY") or not shutil.which("Xvfb"):
        return None
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp",
         "+extension", "GLX"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    display = proc.stdout.readline().decode().strip()
    if not display:
        proc.kill()
        return None
    os.environ["DISPLAY"] = f":{display}"
    return proc


_XVFB = _start_xvfb()
os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
os.environ.setdefault("KIVY_NO_FILELOG", "1")
os.environ.setdefault("KIVY_HOME", str(ROOT / "var" / "kivy-home"))


def pytest_unconfigure(config):
    if _XVFB is not None:
        _XVFB.terminate()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """URL of the test PostgreSQL database (scripts/test.sh sets it up)."""
    url = os.environ.get("TEST_POSTGRES_URL")
    if not url:
        out = subprocess.run([str(ROOT / "scripts" / "ensure-postgres.sh")],
                             capture_output=True, text=True, check=True)
        url = out.stdout.strip().splitlines()[-1]
        os.environ["TEST_POSTGRES_URL"] = url
    return url

