"""The terminal's X session (deploy/kiosk/kiosk-session) as kiosk.service starts it: xinit
runs the session script on an X server (Xvfb here, Xorg on a terminal), the script runs the
real `kiosk run` with the demo config, and starts it again when it is killed."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.deploy.conftest import ROOT

SESSION = ROOT / "deploy" / "kiosk" / "kiosk-session"
TITLE = '"Hall kiosk"'
START_DEADLINE_S = 60   # a cold Kivy start on a busy two-core machine
RESTART_DEADLINE_S = 30


def _free_display() -> int:
    for n in range(60, 200):
        if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists():
            return n
    raise RuntimeError("no free X display number")


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _descendants(pid: int) -> list[int]:
    out = []
    for child in _children(pid):
        out += [child, *_descendants(child)]
    return out


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


class Session:
    """xinit + Xvfb + kiosk-session, as root of its own process group."""

    def __init__(self, tmp: Path):
        self.display = f":{_free_display()}"
        self.log = tmp / "session.log"
        env = dict(os.environ, KIOSK_COMMAND=f"{sys.executable} -m kiosk.cli run --config "
                   "config/kiosk.toml", KIOSK_RESTART_DELAY_S="1",
                   KIOSK__CENTRAL__URL="http://127.0.0.1:9",  # no service: the terminal runs offline
                   KIOSK__CENTRAL__TOKEN_FILE=str(tmp / "token"),
                   KIOSK__STORE__PATH=str(tmp / "store.sqlite3"),
                   KIVY_HOME=str(tmp / "kivy"))
        env.pop("DISPLAY", None)
        for device in ("IDCARD", "SMARTCARD", "PRINTER", "CAMERA"):  # the devices are tested elsewhere
            env[f"KIOSK__DEVICES__{device}__ENABLED"] = "false"
        (tmp / "kivy").mkdir()
        self.proc = subprocess.Popen(
            ["xinit", str(SESSION), "--", shutil.which("Xvfb"), self.display, "-screen", "0",
             "1280x800x24", "-nolisten", "tcp"], cwd=ROOT, env=env, start_new_session=True,
            stdout=self.log.open("wb"), stderr=subprocess.STDOUT)

    def script_pid(self) -> int | None:
        return next((c for c in _children(self.proc.pid) if "kiosk-session" in _cmdline(c)), None)

    def terminal_pid(self) -> int | None:
        script = self.script_pid()
        kids = _children(script) if script else []
        return next((c for c in kids if "kiosk.cli run" in _cmdline(c)), None)

    def window_shown(self) -> bool:
        out = subprocess.run(["xwininfo", "-root", "-children", "-display", self.display],
                             capture_output=True, text=True)
        return TITLE in out.stdout

    def wait_terminal(self, other_than: int | None, deadline_s: float) -> int:
        """The terminal's pid once a new one runs and its window is on the screen."""
        deadline = time.monotonic() + deadline_s
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.log.read_text(errors="replace")[-3000:]
            pid = self.terminal_pid()
            if pid and pid != other_than and self.window_shown():
                return pid
            time.sleep(0.1)
        raise AssertionError(f"no terminal window within {deadline_s}s:\n"
                             + self.log.read_text(errors="replace")[-3000:])

    def stop(self) -> None:
        """Kill everything the session started: xinit puts the X server and the script in
        process groups of their own, so its group alone is not enough."""
        for pid in [self.proc.pid, *_descendants(self.proc.pid)]:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.proc.wait()


@pytest.fixture
def session(tmp_path):
    for tool in ("xinit", "Xvfb", "xwininfo", "xset"):
        if not shutil.which(tool):
            pytest.fail(f"{tool} is missing (scripts/setup.sh installs it)")
    s = Session(tmp_path)
    yield s
    s.stop()


def test_the_terminal_comes_back_after_it_is_killed(session):
    first = session.wait_terminal(None, START_DEADLINE_S)
    os.kill(first, signal.SIGKILL)
    killed_at = time.monotonic()
    second = session.wait_terminal(first, RESTART_DEADLINE_S)
    assert second != first and "kiosk.cli run" in _cmdline(second)
    log = session.log.read_text(errors="replace")
    assert "terminal exited with status 137; restarting in 1s" in log
    print(f"terminal back on screen {time.monotonic() - killed_at:.1f}s after kill -9")


def test_stopping_the_session_stops_the_terminal_and_x(session):
    """What `systemctl stop` does: SIGTERM to every process of the session at once."""
    terminal = session.wait_terminal(None, START_DEADLINE_S)
    os.killpg(session.proc.pid, signal.SIGTERM)
    session.proc.wait(timeout=30)
    assert not Path(f"/proc/{terminal}").exists() or "kiosk.cli run" not in _cmdline(terminal)
    log = session.log.read_text(errors="replace")
    assert "kiosk-session: stopped" in log
    assert "restarting" not in log, "a stopped session must not start the terminal again"
