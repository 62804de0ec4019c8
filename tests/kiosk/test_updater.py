"""The terminal's side of a release, without a service: a wheel whose checksum or signature is
wrong is never installed, and kiosk-launcher rolls back a release that never becomes healthy."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest

from hallcore.releases import ReleaseError, load_public_key, new_key_pair, sign
from kiosk.updater import Updater, switch_to

ROOT = Path(__file__).resolve().parents[2]
LAUNCHER = ROOT / "deploy" / "kiosk" / "kiosk-launcher"
WHEEL = b"PK\x03\x04 not really a wheel, never opened: refused before install"


class FakeClient:
    def download(self, path: str, limit: int):
        assert path.startswith("/api/kiosk/releases/")
        yield WHEEL


@pytest.fixture
def updater(tmp_path):
    private, public = new_key_pair()
    up = Updater(FakeClient(), tmp_path / "releases", load_public_key(public), 60,
                 idle=lambda: True, restart=lambda: None, version="1.0.0")
    up.private = private
    return up


def offer(sha256: str, signature: str) -> dict:
    return {"version": "2.0.0", "url": "/api/kiosk/releases/2.0.0/wheel", "sha256": sha256,
            "signature": signature}


def test_a_wrong_checksum_or_a_strangers_signature_installs_nothing(updater):
    import hashlib
    digest = hashlib.sha256(WHEEL).hexdigest()
    name = "hallkiosk-2.0.0-py3-none-any.whl"
    with pytest.raises(ReleaseError, match="checksum"):
        updater.fetch_and_install(offer("0" * 64, sign(updater.private, name, "0" * 64)))
    with pytest.raises(ReleaseError, match="signature"):
        updater.fetch_and_install(offer(digest, sign(new_key_pair()[0], name, digest)))
    with pytest.raises(ReleaseError, match="signature"):   # signed, but as another version
        updater.fetch_and_install(offer(digest, sign(updater.private, name.replace("2.0.0", "2.0.1"), digest)))
    assert sorted(p.name for p in updater.releases.iterdir()) == ["downloads"]
    assert list((updater.releases / "downloads").iterdir()) == []


def test_a_refused_release_is_reported_once_and_not_fetched_again(updater):
    updater.on_reply({"release": offer("0" * 64, "x")}, {})
    deadline = time.monotonic() + 10
    while "2.0.0" not in updater.refused and time.monotonic() < deadline:
        time.sleep(0.05)
    fields = updater.beat_fields()
    assert fields["install_failed"]["version"] == "2.0.0"
    assert not updater._wanted(offer("0" * 64, "x"))
    updater.on_reply({}, fields)               # delivered: not sent again
    assert "install_failed" not in updater.beat_fields()


def fake_release(releases: Path, name: str, body: str) -> Path:
    venv = releases / name
    (venv / "bin").mkdir(parents=True)
    script = venv / "bin" / "kiosk"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(0o755)
    return venv


def launch(releases: Path, timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run([str(LAUNCHER), "--releases", str(releases), "--base", str(releases / "none"),
                           "--", "headless"], capture_output=True, text=True, timeout=timeout)


def test_the_launcher_rolls_back_a_release_that_hangs_past_its_deadline(tmp_path):
    releases = tmp_path / "releases"
    old = fake_release(releases, "1.0.0", "exit 0")
    fake_release(releases, "2.0.0", "exec sleep 60")        # runs, never heartbeats
    os.symlink(old, releases / "current")
    switch_to(releases, "2.0.0", str(old), health_timeout_s=1.5)
    started = time.monotonic()
    done = launch(releases)
    assert done.returncode == 75 and time.monotonic() - started < 15, done.stderr
    assert (releases / "current").resolve() == old.resolve()
    assert json.loads((releases / "failed.json").read_text()) == ["2.0.0"]
    rollback = json.loads((releases / "rollback.json").read_text())
    assert rollback["version"] == "2.0.0" and "deadline" in rollback["reason"]
    assert not (releases / "trial.json").exists()


def test_the_launcher_keeps_a_release_that_marks_itself_healthy(tmp_path):
    releases = tmp_path / "releases"
    old = fake_release(releases, "1.0.0", "exit 0")
    fake_release(releases, "2.0.0", f"echo 2.0.0 > {releases / 'healthy'}; exit 0")
    os.symlink(old, releases / "current")
    switch_to(releases, "2.0.0", str(old), health_timeout_s=30)
    assert launch(releases).returncode == 0
    assert (releases / "current").resolve() == (releases / "2.0.0").resolve()
    assert not (releases / "trial.json").exists() and not (releases / "rollback.json").exists()


def test_the_launcher_rolls_back_a_release_that_keeps_dying(tmp_path):
    releases = tmp_path / "releases"
    old = fake_release(releases, "1.0.0", "exit 0")
    fake_release(releases, "2.0.0", "exit 1")
    os.symlink(old, releases / "current")
    switch_to(releases, "2.0.0", str(old), health_timeout_s=300)
    codes = [launch(releases).returncode for _ in range(4)]
    assert codes == [1, 1, 1, 0]                              # the fourth start is the old one
    assert "exited 3 times" in json.loads((releases / "rollback.json").read_text())["reason"]
    assert (releases / "current").resolve() == old.resolve()
