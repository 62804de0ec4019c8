"""Start pcscd (with the vsmartcard vpcd reader) for tests and the demo, and wait for it."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from devices.base import DeviceUnavailable

__all__ = ["Pcscd", "list_readers", "VPCD_PORTS", "wait_for_free_ports"]

# vpcd's two readers listen on 0x8C7B and the next port (/etc/reader.conf.d/vpcd). Both lie in
# Linux's ephemeral range: a client connection that used one of them as its local port leaves
# it in TIME_WAIT for 60 s, and vpcd, binding without SO_REUSEADDR, then fails with "Address
# already in use" and pcscd shows no reader. scripts/test.sh reserves the ports when it may.
VPCD_PORTS = (0x8C7B, 0x8C7C)


def wait_for_free_ports(ports, timeout: float) -> bool:
    """Wait until a listener could bind each port as vpcd does (any address, no reuse)."""
    import socket
    deadline = time.monotonic() + timeout
    while True:
        busy = []
        for port in ports:
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
                try:
                    probe.bind(("", port))
                except OSError:
                    busy.append(port)
        if not busy:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.5)


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
        """A live pcscd (a killed one not yet reaped by its parent is a zombie: not counted)."""
        pids = subprocess.run(["pgrep", "-x", "pcscd"], capture_output=True, text=True).stdout.split()
        for pid in pids:
            try:
                state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
            except (OSError, IndexError):
                continue
            if state != "Z":
                return True
        return False

    def _has_vpcd(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any("Virtual PCD" in r for r in list_readers()):
                return True
            time.sleep(0.05)
        return False

    def start(self, timeout: float = 10.0) -> "Pcscd":
        """Use a pcscd that serves the vpcd reader; otherwise replace it with our own.

        A pcscd left from an earlier run can be alive without its vpcd reader (it lost
        the port to another instance); such a daemon is useless here, so it is stopped.
        """
        if self.running() and self._has_vpcd(2.0):
            return self
        said = b""
        for _attempt in range(3):
            self._stop_others()
            wait_for_free_ports(VPCD_PORTS, timeout=70)
            binary = shutil.which("pcscd") or "/usr/sbin/pcscd"
            with tempfile.TemporaryFile() as err:
                self.proc = subprocess.Popen([binary, "-f"], stdout=subprocess.DEVNULL, stderr=err)
                if self._has_vpcd(timeout / 2):
                    return self
                self.stop()
                err.seek(0)
                said = err.read()[-500:]
        raise DeviceUnavailable("pcscd with the vpcd reader did not come up: "
                                + said.decode("utf-8", "replace").strip().replace("\n", " | "))

    def _stop_others(self) -> None:
        subprocess.run(["pkill", "-x", "pcscd"], capture_output=True)
        deadline = time.monotonic() + 5
        while self.running() and time.monotonic() < deadline:
            time.sleep(0.05)
        if self.running():
            subprocess.run(["pkill", "-9", "-x", "pcscd"], capture_output=True)

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
            self.proc = None
