"""The ID card reader device: a serial transport, a polling thread, events and health.

The thread polls "find card"; on a new card it selects and reads it and emits
``card_inserted`` (a PersonIdentity) once; when the card goes it emits
``card_removed``. A port that vanishes (reader unplugged) makes the device
offline; it reopens the port with backoff (0.2 s doubling to 2 s) by itself.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from devices.base import CardError, DeviceUnavailable, Health, ProtocolError, ThreadedDevice
from devices.idcard.protocol import (COMMANDS, Frame, FrameReader, SamStatusError, check_status,
                                     decode_frame, encode_request)
from devices.idcard.text import ReadResult, parse_read

__all__ = ["SerialTransport", "IdCardReader"]

log = logging.getLogger(__name__)


class SerialTransport:
    """pyserial, reduced to write/read/close; its exceptions become DeviceUnavailable."""

    def __init__(self, port: str, baudrate: int):
        import termios

        import serial
        # pyserial lets termios.error through on a vanished pty/USB adapter (EIO)
        self._error = (serial.SerialException, termios.error)
        try:
            self._serial = serial.Serial(port, baudrate, timeout=0.02, write_timeout=1)
        except (*self._error, OSError, ValueError) as exc:
            raise DeviceUnavailable(f"cannot open {port}: {exc}") from None

    def write(self, data: bytes) -> int:
        try:
            return self._serial.write(data)
        except (*self._error, OSError) as exc:
            raise DeviceUnavailable(f"reader write failed: {exc}") from None

    def read(self, n: int) -> bytes:
        try:
            return self._serial.read(n)
        except (*self._error, OSError, TypeError) as exc:  # TypeError: pyserial on a closed fd
            raise DeviceUnavailable(f"reader read failed: {exc}") from None

    def reset_input(self) -> None:
        try:
            self._serial.reset_input_buffer()
        except (*self._error, OSError) as exc:
            raise DeviceUnavailable(f"reader port: {exc}") from None

    def close(self) -> None:
        try:
            self._serial.close()
        except (*self._error, OSError):
            pass


class IdCardReader(ThreadedDevice):
    name = "idcard"

    def __init__(self, port: str, baudrate: int = 115200, poll_interval_s: float = 0.2,
                 transport_factory=SerialTransport):
        self.port, self.baudrate, self.poll_interval_s = port, baudrate, poll_interval_s
        self._factory = transport_factory
        self._transport = None
        self._lock = threading.Lock()
        super().__init__()
        self.card_present = False
        self.reads = 0
        self._bad_answers = 0

    @classmethod
    def from_settings(cls, section: Any) -> "IdCardReader":
        if not section.port:
            raise DeviceUnavailable("no serial port configured (devices.idcard.port)")
        return cls(section.port, section.baudrate, section.poll_interval_s)

    # -- Device ----------------------------------------------------------------------



    def _closed(self) -> None:
        with self._lock:
            self._close()

    # -- synchronous API ---------------------------------------------------------------
    def transceive(self, name: str, timeout: float | None = None) -> Frame:
        """Send one command and return its decoded, successful answer."""
        with self._lock:
            self._open()
            return self._transceive(name, timeout)

    def read_card(self, fingerprint: bool = False) -> ReadResult:
        with self._lock:
            self._open()
            return self._read_locked(fingerprint)

    # -- internals -------------------------------------------------------------------
    def _open(self) -> None:
        if self._transport is None:
            self._transport = self._factory(self.port, self.baudrate)

    def _close(self) -> None:
        if self._transport is not None:
            self._transport.close()
            self._transport = None

    def _transceive(self, name: str, timeout: float | None = None) -> Frame:
        command = COMMANDS[name]
        self._transport.reset_input()
        self._transport.write(encode_request(name))
        reader = FrameReader()
        deadline = time.monotonic() + (timeout or command.timeout_s) + 0.05
        while True:
            frame = reader.next_frame()
            if frame is not None:
                return check_status(decode_frame(frame))
            if time.monotonic() > deadline:
                if reader.buffer:
                    raise ProtocolError(f"{name}: truncated answer ({len(reader.buffer)} bytes)")
                raise ProtocolError(f"{name}: no answer")
            chunk = self._transport.read(max(1, reader.needed) if reader.needed else 64)
            if chunk:
                reader.feed(chunk)

    def _read_locked(self, fingerprint: bool) -> ReadResult:
        self._transceive("select")
        frame = self._transceive("read_fp" if fingerprint else "read")
        return parse_read(frame.data, fingerprint)



    def _run(self) -> None:
        backoff = 0.2
        while not self._stop.is_set():
            try:
                with self._lock:
                    self._open()
                    self._poll_once()
                backoff = 0.2
                self._stop.wait(self.poll_interval_s)
            except Exception as exc:  # DeviceUnavailable, or anything a broken port throws
                if not isinstance(exc, DeviceUnavailable):
                    log.warning("ID card reader error: %s", type(exc).__name__)
                with self._lock:
                    self._close()
                self._set_health(Health.offline("unplugged"))
                if self.card_present:
                    self.card_present = False
                    self._event("card_removed")
                log.info("ID card reader unavailable (%s); retry in %.1fs", exc, backoff)
                self._stop.wait(backoff)
                backoff = min(2.0, backoff * 2)

    def _poll_once(self) -> None:
        try:
            self._transceive("find")
        except SamStatusError as exc:
            self._bad_answers = 0
            if exc.sw3 == 0x80:  # no card on the reader
                self._set_health(Health.ok())
                if self.card_present:
                    self.card_present = False
                    self._event("card_removed")
                return
            self._set_health(Health.degraded(f"sam_{exc.sw3:02x}"))
            return
        except ProtocolError:
            self._bad_answers += 1
            if self._bad_answers >= 3:  # a reader that stopped answering: reopen its port
                self._bad_answers = 0
                raise DeviceUnavailable("reader stopped answering") from None
            self._set_health(Health.degraded("bad_answer"))
            return
        self._bad_answers = 0
        self._set_health(Health.ok())
        if self.card_present:
            return
        for attempt in range(3):
            try:
                result = self._read_locked(fingerprint=False)
            except (ProtocolError, CardError) as exc:
                if attempt == 2:
                    self._event("card_error", "card_read_failed")
                    log.info("ID card read failed: %s", type(exc).__name__)
                    self.card_present = True  # do not retry until the card is taken away
                continue
            self.reads += 1
            self.card_present = True
            self._event("card_inserted", result.text.identity())
            return
