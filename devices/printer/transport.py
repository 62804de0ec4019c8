"""Byte transports to a printer, chosen by config ``kind``: network, serial, usb, file.

Each offers write/read/close and nothing else; ``can_read`` says whether status
queries are possible (a file or a one-way USB link cannot answer). Foreign
exceptions become devices.base.DeviceUnavailable here.
"""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path
from typing import Any

from devices.base import DeviceUnavailable

__all__ = ["open_transport", "TcpTransport", "SerialTransport", "UsbTransport", "FileTransport"]


class TcpTransport:
    can_read = True

    def __init__(self, host: str, port: int, timeout: float):
        try:
            self._sock = socket.create_connection((host, port), timeout=timeout)
        except OSError as exc:
            raise DeviceUnavailable(f"printer {host}:{port}: {exc.strerror or exc}") from None
        self._sock.settimeout(timeout)

    def write(self, data: bytes) -> int:
        try:
            self._sock.sendall(data)
        except OSError as exc:
            raise DeviceUnavailable(f"printer connection lost: {exc.strerror or exc}") from None
        return len(data)

    def read(self, n: int) -> bytes:
        try:
            data = self._sock.recv(n)
        except socket.timeout:
            return b""
        except OSError as exc:
            raise DeviceUnavailable(f"printer connection lost: {exc.strerror or exc}") from None
        if not data:
            raise DeviceUnavailable("printer closed the connection")
        return data

    def close(self) -> None:
        try:
            self._sock.close()
        except OSError:
            pass


class SerialTransport:
    can_read = True

    def __init__(self, devfile: str, baudrate: int, timeout: float):
        import serial
        try:
            # hardware flow control keeps a slow printer from dropping bytes (python-escpos PR #59)
            self._port = serial.Serial(devfile, baudrate, timeout=timeout, write_timeout=timeout * 4,
                                       rtscts=True)
        except (serial.SerialException, OSError) as exc:
            raise DeviceUnavailable(f"printer {devfile}: {exc}") from None
        self._error = serial.SerialException

    def write(self, data: bytes) -> int:
        try:
            return self._port.write(data)
        except (self._error, OSError) as exc:
            raise DeviceUnavailable(f"printer port: {exc}") from None

    def read(self, n: int) -> bytes:
        try:
            return self._port.read(n)
        except (self._error, OSError) as exc:
            raise DeviceUnavailable(f"printer port: {exc}") from None

    def close(self) -> None:
        self._port.close()


class UsbTransport:
    """Through python-escpos's Usb connector (pyusb); fails late and clearly without libusb."""

    can_read = True

    def __init__(self, vendor: int, product: int, timeout: float):
        try:
            _keep_escpos_capabilities()
            from escpos.printer import Usb
            self._printer = Usb(vendor, product, timeout=int(timeout * 1000))
            self._printer.open()
        except Exception as exc:  # pyusb/libusb missing, device absent, permissions
            raise DeviceUnavailable(f"USB printer {vendor:04x}:{product:04x}: {exc}") from None

    def write(self, data: bytes) -> int:
        try:
            self._printer._raw(data)
        except Exception as exc:
            raise DeviceUnavailable(f"USB printer: {exc}") from None
        return len(data)

    def read(self, n: int) -> bytes:
        try:
            return bytes(self._printer._read())[:n]
        except Exception:
            return b""

    def close(self) -> None:
        try:
            self._printer.close()
        except Exception:
            pass


class FileTransport:
    """A device file or plain file (e.g. /dev/usb/lp0): write only, no status."""

    can_read = False

    def __init__(self, devfile: str):
        try:
            self._f = open(devfile, "ab", buffering=0)
        except OSError as exc:
            raise DeviceUnavailable(f"printer file {devfile}: {exc.strerror}") from None

    def write(self, data: bytes) -> int:
        try:
            return self._f.write(data)
        except OSError as exc:
            raise DeviceUnavailable(f"printer file: {exc.strerror}") from None

    def read(self, n: int) -> bytes:
        return b""

    def close(self) -> None:
        self._f.close()


def open_transport(section: Any):
    kind = section.kind
    if kind == "network":
        return TcpTransport(section.host, section.port, section.timeout_s)
    if kind == "serial":
        return SerialTransport(section.devfile, section.baudrate, section.timeout_s)
    if kind == "usb":
        return UsbTransport(section.usb_vendor, section.usb_product, section.timeout_s)
    if kind == "file":
        return FileTransport(section.devfile)
    raise DeviceUnavailable(f"unknown printer kind {kind!r}")


def _keep_escpos_capabilities() -> None:
    """Give python-escpos's capability cache a directory that outlives the process.

    ``escpos.printer`` imports ``escpos.capabilities``, which parses the printer database with
    PyYAML's pure-Python loader (130-210 ms here) and pickles it into a new temporary
    directory at every start, unless ESCPOS_CAPABILITIES_PICKLE_DIR names one; with the
    user's cache directory the next start reads the pickle. Called in the printer's thread
    before the first import, never at import time of our modules; an operator's own setting
    wins. (Profiles do not go through escpos.capabilities at all: see escpos._capabilities.)
    """
    if "escpos.capabilities" in sys.modules or "ESCPOS_CAPABILITIES_PICKLE_DIR" in os.environ:
        return
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "hallkiosk" / "escpos"
    try:
        cache.mkdir(parents=True, exist_ok=True)
    except OSError:  # no writable home: escpos falls back to its temporary directory
        return
    os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = str(cache)
