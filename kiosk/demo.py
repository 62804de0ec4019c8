"""``kiosk demo``: everything on one machine for a person to try (what ``make run`` starts).

Starts the central service on SQLite with demo data (seeded once), enrols this
terminal, starts every device emulator that is available (ID card reader on a
pty, virtual printer on 127.0.0.1:9100 rendering slips to var/prints/, virtual
smart card through pcscd, a camera video), points the terminal at them through
KIOSK__* overrides, and runs the terminal in a window. Ctrl-C stops it all.
"""

from __future__ import annotations

import importlib
import logging
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import requests

from kiosk.config import load_kiosk_settings

__all__ = ["main"]

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
CENTRAL_DB = VAR / "central" / "central.sqlite3"


def _central(*args: str, capture: bool = False) -> str:
    cmd = [sys.executable, "-m", "central.cli", *args]
    out = subprocess.run(cmd, cwd=ROOT, check=True, text=True,
                         stdout=subprocess.PIPE if capture else None)
    return (out.stdout or "").strip()


def start_central(port: int = 8000) -> subprocess.Popen:
    if not CENTRAL_DB.exists():
        print("demo: seeding the central service with a demo hall")
        _central("seed")
    proc = subprocess.Popen([sys.executable, "-m", "central.cli", "serve", "--port", str(port)],
                            cwd=ROOT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/api/health", timeout=1).ok:
                return proc
        except requests.RequestException:
            pass
        if proc.poll() is not None:
            raise SystemExit("demo: the central service did not start")
        time.sleep(0.2)
    proc.terminate()
    raise SystemExit("demo: the central service did not answer within 30 s")


def start_emulators() -> tuple[dict[str, str], list[Any]]:
    """Start what emulators exist; returns KIOSK__* overrides and the handles to stop."""
    env: dict[str, str] = {}
    handles: list[Any] = []
    for device in ("idcard", "printer", "smartcard", "camera"):
        try:
            module = importlib.import_module(f"devices.{device}.emulator")
            starter = getattr(module, "start_demo")
        except (ImportError, AttributeError):
            env[f"KIOSK__DEVICES__{device.upper()}__ENABLED"] = "false"
            continue
        try:
            overrides, handle = starter(VAR)
            env.update(overrides)
            handles.append(handle)
            print(f"demo: {device} emulator running")
        except Exception as exc:  # the demo runs on without that device
            print(f"demo: {device} emulator unavailable: {exc}")
            env[f"KIOSK__DEVICES__{device.upper()}__ENABLED"] = "false"
    return env, handles


def dev_actions(handles: list[Any]) -> list[tuple[str, Any]]:
    """Buttons of the demo's developer panel: put demo cards on and off the emulated readers."""
    actions: list[tuple[str, Any]] = []
    for handle in handles:
        kind = type(handle).__name__
        if kind == "IdCardEmulator":
            actions += [("ID card on", lambda h=handle: h.insert(0)),
                        ("ID card off", handle.remove)]
        elif kind == "SmartCardDemo":
            actions += [("SS card in", handle.insert), ("SS card out", handle.remove)]
        elif kind == "VirtualPrinter":
            actions += [("Paper out", lambda h=handle: setattr(h, "paper_out", not h.paper_out))]
    return actions


def main(argv: list[str] | None = None) -> int:
    central = start_central()
    handles: list[Any] = []
    try:
        env, handles = start_emulators()
        os.environ.update(env)
        settings = load_kiosk_settings()
        token_file = Path(settings.central.token_file)
        if not token_file.exists():
            code = _central("create-kiosk", "--name", settings.terminal.name,
                            capture=True).splitlines()[-1]
            from kiosk.sync import enrol
            enrol(settings, code)
            print(f"demo: terminal enrolled as {settings.terminal.name}")
        print("demo: central service http://127.0.0.1:8000  (staff: admin / admin-demo)")
        print("demo: printed slips land in var/prints/")
        from kiosk.app import run
        return run(settings, dev_actions=dev_actions(handles))
    finally:
        for handle in handles:
            try:
                handle.stop()
            except Exception:
                log.exception("stopping an emulator failed")
        central.terminate()
        central.wait(timeout=10)


if __name__ == "__main__":
    from kiosk.app import RESTART_EXIT, restart_in_place
    status = main()
    if status == RESTART_EXIT:   # the central service and emulators are stopped: all again
        restart_in_place()
    sys.exit(status)
