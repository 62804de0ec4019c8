"""DLE EOT n status replies (pure): online, offline cause (cover open), paper sensor.

A valid reply is one byte of the form 0xx1xx10 (bit 1 set, bits 0, 4 and 7:
0, 1, 0 ... as Epson documents); anything else is a ProtocolError.
"""

from __future__ import annotations

from dataclasses import dataclass

from devices.base import ProtocolError

__all__ = ["QUERIES", "PrinterStatus", "parse_status", "StatusError"]

DLE_EOT = b"\x10\x04"
QUERIES = {"printer": DLE_EOT + b"\x01", "offline": DLE_EOT + b"\x02", "paper": DLE_EOT + b"\x04"}


class StatusError(ProtocolError):
    """A status byte that does not follow the fixed-bit pattern."""


@dataclass(frozen=True)
class PrinterStatus:
    online: bool = True
    cover_open: bool = False
    paper_low: bool = False
    paper_out: bool = False

    @property
    def reason(self) -> str:
        """The worst problem: paper_out, cover_open, offline, paper_low, or ''."""
        if self.paper_out:
            return "paper_out"
        if self.cover_open:
            return "cover_open"
        if not self.online:
            return "offline"
        if self.paper_low:
            return "paper_low"
        return ""


def _check(byte: int) -> None:
    if byte & 0b10010011 != 0b00010010:
        raise StatusError(f"invalid status byte 0x{byte:02x}")


def parse_status(printer: bytes, offline: bytes, paper: bytes) -> PrinterStatus:
    """The three replies (1 byte each) -> PrinterStatus."""
    for name, reply in (("printer", printer), ("offline", offline), ("paper", paper)):
        if len(reply) != 1:
            raise StatusError(f"{name} status: expected 1 byte, got {len(reply)}")
        _check(reply[0])
    p, o, s = printer[0], offline[0], paper[0]
    return PrinterStatus(
        online=not (p & 0x08),
        cover_open=bool(o & 0x04),
        paper_low=bool(s & 0x0C),
        paper_out=bool(s & 0x60) or bool(o & 0x20),
    )
