"""A roll-out end to end: the real central service, two terminals each under the real
kiosk-session and kiosk-launcher running `kiosk headless` from real wheels of this project.

The terminals go from A to B through their hall's ring, then get a C that dies at start: each
installs it, switches, and its launcher rolls it back to B by itself; the console's progress
shows both on B, then both rollbacks of C. Releases with a bad signature or a wrong checksum
never get past the upload.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from hallcore.releases import new_key_pair, sha256_file, sign
from kiosk.api import CentralClient
from kiosk.updater import install_release
from tests.servers import CentralProcess, create_kiosk_code, seeded_database

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy" / "kiosk"
SOURCES = ("pyproject.toml", "setup.py", "README.md", "hallcore", "kiosk", "screens", "devices",
           "central", "bench", "assets", "locale")
A, B, C = "1.0.0", "1.1.0", "1.2.0"


def build_wheel(tmp: Path, version: str, broken: bool = False) -> Path:
    """A wheel of this project at ``version``, built from a copy of the tree; ``broken``: its
    `kiosk` command dies at start (it imports, so the pre-switch smoke test lets it through)."""
    src = tmp / f"src-{version}"
    src.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name,   # .mo too: the build compiles its own
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo"))
        else:
            shutil.copy2(ROOT / name, src / name)
    init = src / "kiosk" / "__init__.py"
    init.write_text(re.sub(r'__version__ = "[^"]+"', f'__version__ = "{version}"', init.read_text()))
    if broken:
        cli = src / "kiosk" / "cli.py"
        cli.write_text(cli.read_text().replace(
            "def main(argv: list[str] | None = None) -> int:\n",
            "def main(argv: list[str] | None = None) -> int:\n"
            "    raise SystemExit('this release is broken on purpose')\n"))
    out = tmp / "dist"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                            "--no-index", "--quiet", "-w", str(out), str(src)], cwd=tmp,
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stderr[-3000:]
    return out / f"hallkiosk-{version}-py3-none-any.whl"


@pytest.fixture(scope="module")
def release_kit(tmp_path_factory):
    """Three wheels (A, B, broken C) and a throwaway release key pair, plus a stranger's key."""
    tmp = tmp_path_factory.mktemp("releases")
    private, public = new_key_pair()
    (tmp / "release-key.pub").write_bytes(public)
    wheels = {A: build_wheel(tmp, A), B: build_wheel(tmp, B), C: build_wheel(tmp, C, broken=True)}
    return {"dir": tmp, "private": private, "public": tmp / "release-key.pub",
            "stranger": new_key_pair()[0], "wheels": wheels}


class Terminal:
    """One terminal's directory, and kiosk-session running it (a process group of its own)."""

    def __init__(self, root: Path, url: str, token: str, public_key: Path):
        self.root, self.releases = root, root / "releases"
        self.releases.mkdir(parents=True)
        (root / "token").write_text(token)
        (root / "kiosk.toml").write_text(
            f'[central]\nurl = "{url}"\ntoken_file = "{root / "token"}"\nheartbeat_interval_s = 0.5\n'
            f'[store]\npath = "{root / "store.sqlite3"}"\n'
            f'[updates]\npublic_key = "{public_key}"\nreleases_dir = "{self.releases}"\n'
            f'health_timeout_s = 120\n')
        self.log = open(root / "session.log", "wb")
        self.proc: subprocess.Popen | None = None

    def start(self) -> "Terminal":
        launcher = (f"{DEPLOY / 'kiosk-launcher'} --releases {self.releases} --base {self.root / 'none'}"
                    f" -- --config {self.root / 'kiosk.toml'} headless")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
        env.update(KIOSK_COMMAND=launcher, KIOSK_RESTART_DELAY_S="1")
        self.proc = subprocess.Popen(["bash", str(DEPLOY / "kiosk-session")], cwd=self.root, env=env,
                                     stdout=self.log, stderr=self.log, start_new_session=True)
        return self

    def stop(self) -> None:
        if self.proc is not None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()

    def session_log(self) -> str:
        return (self.root / "session.log").read_text(errors="replace")[-3000:]


def wait_for(what, check, timeout: float, terminals=()):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.3)
    logs = "\n".join(t.session_log() for t in terminals)
    raise AssertionError(f"timed out waiting for {what}; terminal logs:\n{logs}")


def upload(http: httpx.Client, wheel: Path, sha256: str, signature: str) -> httpx.Response:
    with open(wheel, "rb") as f:
        return http.post("/api/releases", files={"wheel": (wheel.name, f)},
                         data={"sha256": sha256, "signature": signature})


def test_two_terminals_go_to_b_and_roll_c_back_by_themselves(release_kit, tmp_path, monkeypatch):
    kit, wheels = release_kit, release_kit["wheels"]
    url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    seeded_database(url, 3, 20).dispose()
    monkeypatch.setenv("CENTRAL__RELEASES__PUBLIC_KEYS", str(kit["public"]))
    central = CentralProcess(url).start()
    terminals: list[Terminal] = []
    try:
        staff = httpx.Client(base_url=central.url, timeout=30)
        login = staff.post("/api/auth/login", json={"username": "admin", "password": "admin-demo"})
        staff.headers["Authorization"] = f"Bearer {login.raise_for_status().json()['access_token']}"
        signed = {v: (sha256_file(w), sign(kit["private"], w.name, sha256_file(w))) for v, w in wheels.items()}

        # A is installed by hand, the way a terminal's first release would be
        for name in ("rollout-1", "rollout-2"):
            token = CentralClient(central.url).enrol(create_kiosk_code(url, name))["token"]
            terminal = Terminal(tmp_path / name, central.url, token, kit["public"])
            install_release(wheels[A], terminal.releases / A, A)
            os.symlink(terminal.releases / A, terminal.releases / "current")
            terminals.append(terminal.start())

        def ring(scope: str) -> dict:
            body = staff.get("/api/releases/progress").raise_for_status().json()
            return next((r for r in body["rings"] if r["scope"] == scope), {})

        assert upload(staff, wheels[A], *signed[A]).status_code == 200
        staff.put("/api/releases/rings/fleet/0", json={"version": A}).raise_for_status()
        wait_for("both terminals beating on A", lambda: ring("fleet").get("on_version") == 2, 60, terminals)

        # refused at the door: a stranger's signature, a checksum that is not the file's
        stranger = sign(kit["stranger"], wheels[B].name, signed[B][0])
        bad_sig = upload(staff, wheels[B], signed[B][0], stranger)
        assert bad_sig.status_code == 422 and "signature" in bad_sig.text
        wrong_sum = upload(staff, wheels[B], "0" * 64, signed[B][1])
        assert wrong_sum.status_code == 422 and "sha256" in wrong_sum.text
        assert [r["version"] for r in staff.get("/api/releases").json()] == [A]

        # B through the hall's ring (more specific than the fleet's)
        assert upload(staff, wheels[B], *signed[B]).status_code == 200
        staff.put("/api/releases/rings/hall/1", json={"version": B}).raise_for_status()
        hall = wait_for("both terminals on B", lambda: (r := ring("hall")).get("on_version") == 2 and r,
                        240, terminals)
        assert hall["versions"] == {B: 2} and hall["rolled_back"] == 0
        assert ring("fleet")["terminals"] == 0          # the hall's ring governs them now
        for t in terminals:   # the launcher saw the healthy mark and closed the trial
            assert (t.releases / "current").resolve() == (t.releases / B).resolve()
            wait_for("the trial of B closed", lambda: not (t.releases / "trial.json").exists(), 10)

        # C installs (it imports), is switched to, dies at every start: rolled back to B
        assert upload(staff, wheels[C], *signed[C]).status_code == 200
        staff.put("/api/releases/rings/hall/1", json={"version": C}).raise_for_status()
        hall = wait_for("both rollbacks of C reported",
                        lambda: (r := ring("hall")).get("rolled_back") == 2 and r, 300, terminals)
        assert hall["version"] == C and hall["versions"] == {B: 2} and hall["on_version"] == 0
        reports = staff.get("/api/releases/progress").json()["reports"]
        assert {(r["kiosk"], r["version"], r["outcome"]) for r in reports} == {
            ("rollout-1", C, "rolled_back"), ("rollout-2", C, "rolled_back")}
        assert all("without a healthy heartbeat" in r["reason"] for r in reports)
        for t in terminals:
            assert (t.releases / "current").resolve() == (t.releases / B).resolve()
            assert "rolling back release 1.2.0" in t.session_log()
        page = staff.get("/console/releases")
        assert page.status_code == 200 and "/static/console/releases.js" in page.text
        assert "/api/releases/progress" in staff.get("/static/console/releases.js").text
    finally:
        for t in terminals:
            t.stop()
        central.stop()


# what a terminal installed from the wheel alone finds, printed by its own Python
_RESOURCES_PROBE = """
from kiosk.app import FONT_PATH
from hallcore.i18n import LOCALE_DIR
from kiosk.i18n import Translator
from central.i18n import catalogue
print(FONT_PATH)
print(FONT_PATH.is_file() and FONT_PATH.stat().st_size)
print(LOCALE_DIR)
print(Translator("zh_CN").gettext("Touch to start"))
print(catalogue("zh_CN").gettext("Log out"))
"""


def test_a_terminal_installed_from_the_wheel_finds_its_font_and_words(release_kit, tmp_path):
    """The wheel carries the fonts and the compiled catalogues (setup.py): a fresh venv with
    only the wheel, far from any checkout, shows Chinese in the terminal's font."""
    venv = tmp_path / "venv"
    install_release(release_kit["wheels"][A], venv, A)
    seen = subprocess.run([str(venv / "bin" / "python"), "-c", _RESOURCES_PROBE], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120,
                          env={k: v for k, v in os.environ.items() if not k.startswith("PYTHON")})
    assert seen.returncode == 0, seen.stderr[-2000:]
    font, size, locale_dir, terminal_words, console_words = seen.stdout.strip().splitlines()[-5:]
    assert font.startswith(str(venv)) and "hallkiosk_data" in font and int(size) > 1_000_000
    assert locale_dir.startswith(str(venv))
    assert (terminal_words, console_words) == ("触摸屏幕开始", "退出")
