"""Our virtual social-security card, speaking vpcd's socket protocol to pcscd.

vpcd (the vsmartcard driver inside pcscd) listens on TCP 35963; a card
"inserts" by connecting. Messages both ways are a 2-byte big-endian length and
a payload. A 1-byte payload from vpcd is a control: 0 power off, 1 power on,
2 reset, 4 ATR request (the only control answered). Anything longer is a
command APDU, answered with a response APDU (data + SW1 SW2).
"""

from __future__ import annotations

import socket
import struct
import threading
from typing import Any

from devices.smartcard.apdu import DF_NAME, RECORDS

__all__ = ["SocialSecurityCardOS", "VirtualCard", "DEMO_PERSON", "VPCD_PORT"]

VPCD_PORT = 35963
ATR = bytes.fromhex("3B6800000073C84000009000")

DEMO_PERSON = {"card_number": "A12345678", "name": "王建国", "id_number": "110105198203154317",
               "sex": "1", "birth": "19820315", "issued": "20190601", "expires": "20290601"}


def _bcd(digits: str) -> bytes:
    return bytes(int(digits[i]) << 4 | int(digits[i + 1]) for i in range(0, len(digits), 2))


class SocialSecurityCardOS:
    """Answers the APDUs of the social-security application; faults for tests."""

    FAULTS = ("wrong_sw", "short", "unknown_card", "pulled")

    def __init__(self, person: dict[str, str] | None = None, fault: str | None = None):
        self.person = dict(person or DEMO_PERSON)
        self.fault = fault
        self.df_selected = False
        self.ef: int | None = None
        self.apdus = 0

    def record(self, ef: int, rec: int) -> bytes | None:
        spec = RECORDS.get((ef, rec))
        if spec is None:
            return None
        name, length = spec
        value = self.person[name]
        if name in ("issued", "expires", "birth"):
            raw = _bcd(value)
        elif name == "name":
            raw = value.encode("gbk")
        else:
            raw = value.encode("ascii")
        return bytes([rec, len(raw)]) + raw

    def execute(self, apdu: bytes) -> bytes | None:
        """One C-APDU -> R-APDU; None means the card was pulled."""
        self.apdus += 1
        if len(apdu) < 4:
            return b"\x67\x00"
        cla, ins, p1, p2 = apdu[:4]
        body = apdu[5:5 + apdu[4]] if len(apdu) > 5 else b""
        if ins == 0xA4 and p1 == 0x04:
            if self.fault == "unknown_card" or body != DF_NAME:
                return b"\x6A\x82"
            self.df_selected, self.ef = True, None
            return b"\x90\x00"
        if ins == 0xA4 and p1 == 0x02:
            if not self.df_selected:
                return b"\x69\x86"
            fid = int.from_bytes(body, "big")
            if fid not in (0xEF05, 0xEF06):
                return b"\x6A\x82"
            self.ef = fid
            return b"\x90\x00"
        if ins == 0xB2:
            if self.fault == "pulled" and self.ef == 0xEF06:
                return None
            if self.fault == "wrong_sw":
                return b"\x6F\x00"
            data = self.record(self.ef or 0, p1)
            if data is None:
                return b"\x6A\x83"
            if self.fault == "short":
                data = data[: len(data) // 2]
            return data + b"\x90\x00"
        return b"\x6D\x00"


class VirtualCard:
    """Insert = connect to vpcd; remove = close. Runs the card in a thread."""

    def __init__(self, os_: SocialSecurityCardOS | None = None, host: str = "127.0.0.1",
                 port: int = VPCD_PORT):
        self.os = os_ or SocialSecurityCardOS()
        self.host, self.port = host, port
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None

    @property
    def inserted(self) -> bool:
        return self._sock is not None

    def insert(self, timeout: float = 5.0) -> "VirtualCard":
        self._sock = socket.create_connection((self.host, self.port), timeout=timeout)
        self._sock.settimeout(None)
        self._thread = threading.Thread(target=self._run, args=(self._sock,), daemon=True,
                                        name="virtual-card")
        self._thread.start()
        return self

    def remove(self) -> None:
        sock, self._sock = self._sock, None
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
        if self._thread is not None:
            self._thread.join(timeout=2)

    stop = remove

    def _recv(self, sock: socket.socket, n: int) -> bytes:
        out = b""
        while len(out) < n:
            chunk = sock.recv(n - len(out))
            if not chunk:
                raise ConnectionError("vpcd closed")
            out += chunk
        return out

    def _run(self, sock: socket.socket) -> None:
        try:
            while True:
                (length,) = struct.unpack(">H", self._recv(sock, 2))
                msg = self._recv(sock, length)
                if length == 1:
                    if msg[0] == 4:
                        sock.sendall(struct.pack(">H", len(ATR)) + ATR)
                    elif msg[0] in (0, 1, 2):
                        self.os.df_selected, self.os.ef = False, None
                    continue
                answer = self.os.execute(msg)
                if answer is None:  # pulled mid-APDU
                    self._sock = None
                    sock.close()
                    return
                sock.sendall(struct.pack(">H", len(answer)) + answer)
        except (OSError, ConnectionError):
            return


def describe(card: Any) -> str:
    return f"virtual social-security card ({card.os.person['card_number']})"
