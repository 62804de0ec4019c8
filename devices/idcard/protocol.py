"""GA 467 SAM frames (pure): encode commands, decode responses, resynchronise on garbage.

Request:  AA AA AA 96 69 | LEN_H LEN_L | CMD PARA [data] | CHK
Response: AA AA AA 96 69 | LEN_H LEN_L | SW1 SW2 SW3 [data] | CHK
LEN counts every byte after itself, CHK included; CHK is the XOR of LEN_H up to
the last data byte. Status is SW3.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce

from devices.base import CardError, ProtocolError

__all__ = ["PREAMBLE", "Command", "COMMANDS", "Frame", "encode_request", "encode_response",
           "decode_frame", "FrameReader", "SW3", "ChecksumError", "LengthError", "SamStatusError",
           "check_status", "MAX_LEN"]

PREAMBLE = b"\xaa\xaa\xaa\x96\x69"
MAX_LEN = 0x0A00  # the largest real answer (text+photo+fingerprint) is 0x090A


class ChecksumError(ProtocolError):
    """The frame's XOR checksum does not match."""


class LengthError(ProtocolError):
    """The frame's length field is impossible or the frame is cut short."""


class SamStatusError(CardError):
    """The reader answered with a failure status (SW3)."""

    def __init__(self, sw3: int):
        self.sw3 = sw3
        super().__init__(f"SAM status 0x{sw3:02X}: {SW3.get(sw3, 'unknown status')}")


SW3 = {0x90: "success", 0x91: "field empty", 0x9F: "find card success", 0x10: "checksum error",
       0x11: "length error", 0x21: "bad command", 0x23: "operation not permitted",
       0x24: "unknown error", 0x31: "card to SAM authentication failed",
       0x32: "SAM to card authentication failed", 0x33: "verification error",
       0x40: "unknown card type", 0x41: "read failed", 0x47: "random-number failure",
       0x60: "SAM self-test failed", 0x66: "SAM unauthorised", 0x80: "find card failed",
       0x81: "select failed"}
OK_STATUSES = (0x90, 0x91, 0x9F)


@dataclass(frozen=True)
class Command:
    name: str
    cmd: int
    para: int
    timeout_s: float


COMMANDS = {c.name: c for c in (
    Command("find", 0x20, 0x01, 0.1), Command("select", 0x20, 0x02, 0.1),
    Command("read", 0x30, 0x01, 2.0), Command("read_fp", 0x30, 0x10, 3.0),
    Command("read_address", 0x30, 0x03, 2.0), Command("sam_id", 0x12, 0xFF, 0.3),
    Command("status", 0x11, 0xFF, 0.3))}


@dataclass(frozen=True)
class Frame:
    """A decoded response: status bytes and payload."""

    sw1: int
    sw2: int
    sw3: int
    data: bytes

    @property
    def ok(self) -> bool:
        return self.sw3 in OK_STATUSES


def _xor(data: bytes) -> int:
    return reduce(lambda a, b: a ^ b, data, 0)


def _frame(body: bytes) -> bytes:
    length = len(body) + 1
    head = bytes([length >> 8, length & 0xFF])
    return PREAMBLE + head + body + bytes([_xor(head + body)])


def encode_request(name: str, data: bytes = b"") -> bytes:
    cmd = COMMANDS[name]
    return _frame(bytes([cmd.cmd, cmd.para]) + data)


def encode_response(sw3: int, data: bytes = b"", sw1: int = 0, sw2: int = 0) -> bytes:
    return _frame(bytes([sw1, sw2, sw3]) + data)


def decode_frame(frame: bytes) -> Frame:
    """One whole response frame -> Frame; raises ProtocolError subclasses."""
    if not frame.startswith(PREAMBLE):
        raise ProtocolError("frame does not start with the preamble")
    if len(frame) < 7:
        raise LengthError("frame shorter than its header")
    length = (frame[5] << 8) | frame[6]
    if length < 4 or length > MAX_LEN:
        raise LengthError(f"impossible length field {length}")
    if len(frame) != 7 + length:
        raise LengthError(f"frame is {len(frame)} bytes, length field says {7 + length}")
    body, chk = frame[5:-1], frame[-1]
    if _xor(body) != chk:
        raise ChecksumError(f"checksum 0x{chk:02X}, computed 0x{_xor(body):02X}")
    return Frame(frame[7], frame[8], frame[9], bytes(frame[10:-1]))


def check_status(frame: Frame) -> Frame:
    if not frame.ok:
        raise SamStatusError(frame.sw3)
    return frame


class FrameReader:
    """Feed arbitrary chunks; ``frames()`` yields whole frames, skipping noise before a preamble.

    A frame with an impossible length is dropped by skipping its preamble, so one
    corrupted header cannot swallow the frames after it.
    """

    def __init__(self):
        self.buffer = bytearray()
        self.skipped = 0

    def feed(self, data: bytes) -> None:
        self.buffer += data
        if len(self.buffer) > 4 * (MAX_LEN + 7):
            drop = len(self.buffer) - 2 * (MAX_LEN + 7)
            del self.buffer[:drop]
            self.skipped += drop

    def next_frame(self) -> bytes | None:
        while True:
            start = self.buffer.find(PREAMBLE)
            if start < 0:
                keep = 4  # a preamble may be split across chunks
                if len(self.buffer) > keep:
                    self.skipped += len(self.buffer) - keep
                    del self.buffer[:-keep]
                return None
            if start:
                self.skipped += start
                del self.buffer[:start]
            if len(self.buffer) < 7:
                return None
            length = (self.buffer[5] << 8) | self.buffer[6]
            if length < 3 or length > MAX_LEN:  # a request has 3 (CMD PARA CHK)
                self.skipped += 1
                del self.buffer[:1]
                continue
            if len(self.buffer) < 7 + length:
                return None
            frame = bytes(self.buffer[:7 + length])
            del self.buffer[:7 + length]
            return frame

    @property
    def needed(self) -> int:
        """Bytes still missing for the frame in progress (0 when unknown)."""
        if len(self.buffer) >= 7 and self.buffer.startswith(PREAMBLE):
            length = (self.buffer[5] << 8) | self.buffer[6]
            return max(0, 7 + length - len(self.buffer))
        return 0
