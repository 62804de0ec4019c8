"""Incremental ESC/POS parser: bytes in, receipts out (pure; never raises on bad bytes).

Understands what a receipt printer must: text with code pages (GB18030 in
Chinese mode, single-byte pages by ESC t), bold/underline/size (ESC !, ESC E,
ESC -, GS !), alignment, feeds, QR codes (GS ( k store + print), raster images
(GS v 0), cuts (GS V) and status queries (DLE EOT n). Unknown commands are
skipped; incomplete ones wait for more bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Line", "Receipt", "EscPosParser", "CODE_PAGES"]

CODE_PAGES = {0: "cp437", 2: "cp850", 3: "cp860", 16: "cp1252", 17: "cp866", 19: "cp858"}
MAX_BUFFER = 4 * 1024 * 1024


@dataclass
class Line:
    kind: str                 # "text" | "qr" | "image" | "feed"
    text: str = ""
    align: int = 0
    bold: bool = False
    underline: bool = False
    width: int = 1
    height: int = 1
    data: Any = None          # QR text, or (width_bytes, height, bytes) for images


@dataclass
class Receipt:
    lines: list[Line] = field(default_factory=list)
    cut: bool = False

    def texts(self) -> list[str]:
        return [l.text for l in self.lines if l.kind == "text"]

    def qr_codes(self) -> list[str]:
        return [l.data for l in self.lines if l.kind == "qr"]


class _Incomplete(Exception):
    pass


class EscPosParser:
    def __init__(self):
        self.buffer = bytearray()
        self.receipt = Receipt()
        self._line = bytearray()
        self.reset()

    def reset(self) -> None:
        self.align, self.bold, self.underline = 0, False, False
        self.width = self.height = 1
        self.chinese, self.code_page = True, 0
        self._qr_store = ""

    # -- public ----------------------------------------------------------------------
    def feed(self, data: bytes) -> tuple[list[Receipt], list[int]]:
        """Add bytes; returns (receipts finished by a cut, status queries n to answer)."""
        self.buffer += data
        if len(self.buffer) > MAX_BUFFER:  # garbage flood: keep the tail only
            del self.buffer[:-MAX_BUFFER]
        done: list[Receipt] = []
        queries: list[int] = []
        pos = 0
        while pos < len(self.buffer):
            try:
                pos = self._step(pos, done, queries)
            except _Incomplete:
                break
        del self.buffer[:pos]
        return done, queries

    def flush(self) -> Receipt | None:
        """End the receipt in progress without a cut (printers with no cutter: tear-off)."""
        self._flush_line()
        if not self.receipt.lines or self.buffer:
            return None
        receipt, self.receipt = self.receipt, Receipt()
        return receipt

    # -- internals -------------------------------------------------------------------
    def _need(self, pos: int, n: int) -> bytes:
        if pos + n > len(self.buffer):
            raise _Incomplete
        return bytes(self.buffer[pos:pos + n])

    def _flush_line(self, force: bool = False) -> None:
        if not self._line and not force:
            return
        encoding = "gb18030" if self.chinese else CODE_PAGES.get(self.code_page, "cp437")
        text = bytes(self._line).decode(encoding, errors="replace")
        self.receipt.lines.append(Line("text", text, self.align, self.bold, self.underline,
                                       self.width, self.height))
        self._line.clear()

    def _step(self, pos: int, done: list[Receipt], queries: list[int]) -> int:
        b = self.buffer[pos]
        if b == 0x0A:
            self._flush_line(force=True)
            return pos + 1
        if b == 0x0D:
            return pos + 1
        if b == 0x1B:
            return self._esc(pos, done)
        if b == 0x1D:
            return self._gs(pos, done)
        if b == 0x1C:
            cmd = self._need(pos, 2)[1]
            if cmd == 0x26:
                self.chinese = True
            elif cmd == 0x2E:
                self.chinese = False
            return pos + 2
        if b == 0x10:
            head = self._need(pos, 2)
            if head[1] == 0x04:
                n = self._need(pos, 3)[2]
                queries.append(n)
                return pos + 3
            return pos + 1
        if b < 0x20 and b not in (0x09,):
            return pos + 1  # other control bytes: ignored
        self._line.append(b)
        return pos + 1

    def _esc(self, pos: int, done: list[Receipt]) -> int:
        cmd = self._need(pos, 2)[1]
        if cmd == 0x40:  # ESC @ starts a job: on a printer with no cutter it ends the last one
            self._flush_line()
            if self.receipt.lines:
                done.append(self.receipt)
                self.receipt = Receipt()
            self.reset()
            return pos + 2
        arg = self._need(pos, 3)[2]
        if cmd == 0x61:
            self._flush_line()
            self.align = arg if arg in (0, 1, 2) else (arg - 0x30 if 0x30 <= arg <= 0x32 else 0)
        elif cmd == 0x45:
            self.bold = bool(arg & 1)
        elif cmd == 0x2D:
            self.underline = bool(arg & 3)
        elif cmd == 0x21:
            self.bold = bool(arg & 0x08)
            self.height = 2 if arg & 0x10 else 1
            self.width = 2 if arg & 0x20 else 1
            self.underline = bool(arg & 0x80)
        elif cmd == 0x64:
            self._flush_line()
            self.receipt.lines.append(Line("feed", data=arg))
        elif cmd == 0x74:
            self.code_page = arg
        elif cmd == 0x70:  # ESC p m t1 t2: cash drawer
            self._need(pos, 5)
            return pos + 5
        return pos + 3

    def _gs(self, pos: int, done: list[Receipt]) -> int:
        cmd = self._need(pos, 2)[1]
        if cmd == 0x21:
            arg = self._need(pos, 3)[2]
            self.width = min(8, (arg >> 4) + 1)
            self.height = min(8, (arg & 0x0F) + 1)
            return pos + 3
        if cmd == 0x56:  # GS V m [n]
            m = self._need(pos, 3)[2]
            length = 4 if m in (0x41, 0x42, 65, 66) else 3
            self._need(pos, length)
            self._flush_line()
            self.receipt.cut = True
            done.append(self.receipt)
            self.receipt = Receipt()
            return pos + length
        if cmd == 0x28:  # GS ( k pL pH cn fn [data]
            head = self._need(pos, 5)
            n = head[3] | (head[4] << 8)
            body = self._need(pos + 5, n)
            if head[2] == 0x6B and n >= 2 and body[0] == 0x31:
                fn = body[1]
                if fn == 0x50 and n >= 3:
                    self._qr_store = body[3:].decode("utf-8", errors="replace")
                elif fn == 0x51:
                    self._flush_line()
                    self.receipt.lines.append(Line("qr", align=self.align, data=self._qr_store))
            return pos + 5 + n
        if cmd == 0x76:  # GS v 0 m xL xH yL yH d...
            head = self._need(pos, 8)
            xb = head[4] | (head[5] << 8)
            yd = head[6] | (head[7] << 8)
            size = xb * yd
            if size > MAX_BUFFER:
                return pos + 8  # absurd header: skip it, resynchronise on what follows
            data = self._need(pos + 8, size)
            self._flush_line()
            self.receipt.lines.append(Line("image", align=self.align, data=(xb, yd, data)))
            return pos + 8 + size
        if cmd in (0x42, 0x48, 0x66, 0x68, 0x77, 0x4C, 0x57, 0x61):
            return pos + 3  # one-argument settings we do not render
        return pos + 2
