"""Start pcscd (with the vsmartcard vpcd reader) for tests and the demo, and wait for it."""

from __future__ import annotations

import shutil
import subprocess
import time

from devices.base import DeviceUnavailable

__all__ = ["Pcscd", "list_readers"]


def list_readers() -> list[str]:
    try:
        from smartcard.System import readers
        return [str(r) for r in readers()]
    except Exception:  # pcscd down: EstablishContextException and friends
        return []


class Pcscd:
    """A pcscd of our own (foreground child), or the one already running."""

    def __init__(self):
        self.proc: subprocess.Popen | None = None

    def running(self) -> bool:
        return subprocess.run(["pgrep", "-x", "pcscd"], capture_output=True).returncode == 0

    def start(self, timeout: float = 10.0) -> "Pcscd":
        if not self.running():
            binary = shutil.which("pcscd") or "/usr/sbin/pcscd"
            self.proc = subprocess.Popen([binary, "-f"], stdout=subprocess.DEVNULL,
                                         stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any("Virtual PCD" in r for r in list_readers()):
                return self
            time.sleep(0.05)
        raise DeviceUnavailable("pcscd with the vpcd reader did not come up")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
            self.proc = None
