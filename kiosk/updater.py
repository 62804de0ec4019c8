"""Software updates on the terminal: fetch a signed release, install it beside the running one,
switch when no visitor is here, and prove the switch healthy.

The heartbeat's reply may carry ``release: {version, url, sha256, signature}``. In a thread of
its own the updater then streams the wheel to disk, hashing it as it comes; checks the sha256
and the Ed25519 signature with the release key this terminal carries (hallcore.releases);
only then installs it into ``<releases_dir>/<version>/``, a virtual environment of its own,
and imports it there once as a smoke test. A release that fails any step is refused and
reported (``install_failed`` in the next beat); the running version is untouched.

When ``idle()`` says nobody is using the terminal, it switches::

    trial.json   {version, previous, new, deadline}   written first
    current      -> <releases_dir>/<version>          a new symlink renamed over the old one
    restart()                                         the app exits; the launcher starts `current`

The new version writes ``healthy`` after its first delivered heartbeat. Everything after the
switch that can undo it belongs to deploy/kiosk/kiosk-launcher, which imports nothing of this
project (a broken release may not even import): it rolls back when the deadline passes
without the mark or the new version keeps dying, and writes ``rollback.json``, which the
restored version reports in its beats until one is delivered. The file names below are the
launcher's too.

Dependencies: a release venv installs only the project's wheel (``--no-deps``) and sees the
dependencies of the terminal's base installation through a ``.pth`` file, so an install takes
seconds, not a download of Kivy and OpenCV. A release that needs other dependency versions
needs the base installation updated first; the smoke test refuses one whose imports fail.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Callable

from hallcore.releases import (ReleaseError, load_public_key, sha256_stream, verify_signature,
                               wheel_version)
from kiosk import __version__
from kiosk.api import CentralClient, CentralError, CentralUnavailable

__all__ = ["Updater", "attach_updater", "install_release", "switch_to", "MAX_WHEEL_BYTES"]

log = logging.getLogger(__name__)

MAX_WHEEL_BYTES = 200 * 1024 * 1024
CURRENT, TRIAL, HEALTHY, ROLLBACK, FAILED = ("current", "trial.json", "healthy",
                                             "rollback.json", "failed.json")
DEPS_PTH = "hallkiosk-deps.pth"
INSTALLED = ".installed"
# the modules a release must import before it is switched to: the launcher's command and the
# heartbeat (without which it could never be found healthy)
SMOKE = "import kiosk, kiosk.cli, kiosk.fleet, kiosk.updater; print(kiosk.__version__)"


def _write_json(path: Path, value: Any) -> None:
    """Atomically: a reader sees the old file or the new one, never half of one."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(value), encoding="utf-8")
    os.replace(tmp, path)


def _read_json(path: Path, default: Any) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return default


def dependency_dirs() -> list[str]:
    """Where the running version finds its dependencies: its own .pth's list when it is a
    release itself (so every release points at the base installation), else its site-packages."""
    purelib = Path(sysconfig.get_paths()["purelib"])
    try:
        lines = (purelib / DEPS_PTH).read_text(encoding="utf-8").splitlines()
        return [line for line in lines if line.strip() and not line.startswith(("#", "import"))]
    except OSError:
        return [str(purelib)]


def install_release(wheel: Path, target: Path, version: str, python: str = sys.executable,
                    timeout: float = 600) -> None:
    """A venv at ``target`` with only ``wheel`` installed, smoke-tested; ReleaseError if any
    step fails (``target`` is removed then). The venv is built where it stays: its scripts
    carry its absolute path."""
    shutil.rmtree(target, ignore_errors=True)
    try:
        steps = [
            [python, "-m", "venv", "--without-pip", str(target)],
            [python, "-m", "pip", "--python", str(target / "bin" / "python"), "install",
             "--no-deps", "--no-index", "--disable-pip-version-check", "--quiet", str(wheel)],
        ]
        for i, cmd in enumerate(steps):
            _run(cmd, timeout)
            if i == 0:  # the dependencies of the base installation, before pip looks
                purelib = _purelib(target)
                (purelib / DEPS_PTH).write_text("\n".join(dependency_dirs()) + "\n", encoding="utf-8")
        seen = _run([str(target / "bin" / "python"), "-c", SMOKE], timeout).strip().splitlines()
        if not seen or seen[-1] != version:
            raise ReleaseError(f"the wheel says it is {seen[-1] if seen else '?'}, not {version}")
        (target / INSTALLED).write_text(version + "\n", encoding="utf-8")
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise


def _purelib(venv: Path) -> Path:
    found = list((venv / "lib").glob("python3*/site-packages"))
    if len(found) != 1:
        raise ReleaseError("the new environment has no site-packages")
    return found[0]


def _run(cmd: list[str], timeout: float) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env,
                              cwd=tempfile.gettempdir())  # not the terminal's dir: no stray imports
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ReleaseError(f"{Path(cmd[0]).name}: {type(exc).__name__}") from None
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        raise ReleaseError(f"{' '.join(cmd[1:3])} failed: {last[:300]}")
    return done.stdout


def switch_to(releases: Path, version: str, previous: str, health_timeout_s: float) -> None:
    """Point ``current`` at the installed ``version``, with a trial the launcher watches."""
    new = releases / version
    _write_json(releases / TRIAL, {"version": version, "previous": previous, "new": str(new),
                                   "deadline": time.time() + health_timeout_s})
    (releases / HEALTHY).unlink(missing_ok=True)
    tmp = releases / f".{CURRENT}.tmp"
    tmp.unlink(missing_ok=True)
    os.symlink(new, tmp)
    os.replace(tmp, releases / CURRENT)  # rename(2): atomic, the link is never missing


class Updater:
    """One per terminal; its hooks plug into the HeartbeatWorker (``attach_updater``)."""

    def __init__(self, client: CentralClient, releases_dir: Path | str, public_key: Any,
                 health_timeout_s: float, idle: Callable[[], bool], restart: Callable[[], None],
                 version: str = __version__, poll_s: float = 1.0):
        self.client, self.releases = client, Path(releases_dir)
        self.keys = [public_key]
        self.health_timeout_s, self.idle, self.restart = health_timeout_s, idle, restart
        self.version, self.poll_s = version, poll_s
        self.refused: dict[str, str] = {}       # version -> why, not tried again by this process
        self._unreported: dict[str, str] | None = None
        self._busy = threading.Lock()
        self._stop = threading.Event()
        self.switched = threading.Event()
        self.releases.mkdir(parents=True, exist_ok=True)

    # -- the heartbeat's hooks -------------------------------------------------------
    def beat_fields(self) -> dict[str, Any]:
        """What the next beat tells the service: a rollback the launcher made, a refusal."""
        out: dict[str, Any] = {}
        rollback = _read_json(self.releases / ROLLBACK, None)
        if isinstance(rollback, dict):
            out["rollback"] = {"version": str(rollback.get("version", ""))[:32],
                               "reason": str(rollback.get("reason", ""))[:200]}
        if self._unreported:
            out["install_failed"] = dict(self._unreported)
        return out

    def on_reply(self, reply: dict[str, Any], sent: dict[str, Any]) -> None:
        """A beat was delivered: this version is healthy, reports are done, maybe a release."""
        trial = _read_json(self.releases / TRIAL, {})
        if isinstance(trial, dict) and trial.get("version") == self.version:
            (self.releases / HEALTHY).write_text(self.version + "\n", encoding="utf-8")
        if "rollback" in sent:
            (self.releases / ROLLBACK).unlink(missing_ok=True)
        if sent.get("install_failed") == self._unreported:
            self._unreported = None
        offer = reply.get("release")
        if isinstance(offer, dict) and self._wanted(offer) and self._busy.acquire(blocking=False):
            threading.Thread(target=self._take, args=(offer,), name="updater", daemon=True).start()

    def stop(self) -> None:
        self._stop.set()

    # -- the work --------------------------------------------------------------------
    def _wanted(self, offer: dict[str, Any]) -> bool:
        version = offer.get("version")
        failed = _read_json(self.releases / FAILED, [])
        failed = failed if isinstance(failed, list) else []
        return (isinstance(version, str) and version != self.version and not self.switched.is_set()
                and version not in self.refused and version not in failed)

    def _take(self, offer: dict[str, Any]) -> None:
        version = str(offer.get("version"))
        try:
            self.fetch_and_install(offer)   # switch_to finds it under releases/version
            while not self.idle():
                if self._stop.wait(self.poll_s):
                    return
            switch_to(self.releases, version, sys.prefix, self.health_timeout_s)
            self.switched.set()
            log.info("switched to release %s; restarting", version)
            self.restart()
        except ReleaseError as exc:
            log.warning("release %s refused: %s", version, exc)
            self.refused[version] = str(exc)
            self._unreported = {"version": version[:32], "reason": str(exc)[:200]}
        except (CentralUnavailable, CentralError, OSError) as exc:  # tried again at a later beat
            log.info("release %s not fetched: %s", version, exc)
        finally:
            self._busy.release()

    def fetch_and_install(self, offer: dict[str, Any]) -> Path:
        """Download, verify, install: the new release's directory (ReleaseError: refused)."""
        version, sha256 = str(offer.get("version")), str(offer.get("sha256", ""))
        filename = f"hallkiosk-{version}-py3-none-any.whl"
        if wheel_version(filename) != version:
            raise ReleaseError("malformed version")
        target = self.releases / version
        if (target / INSTALLED).is_file():
            return target
        self._prune(keep={Path(sys.prefix).resolve()})
        downloads = self.releases / "downloads"
        downloads.mkdir(exist_ok=True)
        wheel = downloads / filename
        try:
            with open(wheel, "wb") as out:
                digest, _ = sha256_stream(self.client.download(str(offer.get("url", "")),
                                                               MAX_WHEEL_BYTES), out)
            if digest != sha256:
                raise ReleaseError(f"checksum mismatch: got {digest[:12]}…")
            verify_signature(self.keys, filename, sha256, str(offer.get("signature", "")))
            install_release(wheel, target, version)
        finally:
            wheel.unlink(missing_ok=True)
        return target

    def _prune(self, keep: set[Path]) -> None:
        """Old release directories go; the running one and what `current` names stay."""
        try:
            keep.add((self.releases / CURRENT).resolve())
        except OSError:
            pass
        for child in self.releases.iterdir():
            if child.is_dir() and not child.is_symlink() and child.name != "downloads" \
                    and child.resolve() not in keep:
                shutil.rmtree(child, ignore_errors=True)


def attach_updater(fleet: Any, client: CentralClient, updates: Any, idle: Callable[[], bool],
                   restart: Callable[[], None]) -> Updater | None:
    """An Updater plugged into ``fleet`` (a HeartbeatWorker) from the ``[updates]`` settings;
    None when no release key is configured (updates off)."""
    if not updates.public_key:
        return None
    try:
        key = load_public_key(Path(updates.public_key))
    except (OSError, ReleaseError) as exc:
        log.error("updates off: release key %s unusable: %s", updates.public_key, exc)
        return None
    updater = Updater(client, updates.releases_dir, key, updates.health_timeout_s, idle, restart)
    fleet.extra_fields, fleet.on_reply = updater.beat_fields, updater.on_reply
    return updater
