"""A printed slip as data: blocks of text, rules, rows, QR codes and images, then a cut.

Independent of ESC/POS, so templates are tested without a printer and the same
document renders for 58 mm and 80 mm paper.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal, Union

__all__ = ["Text", "Rule", "Row", "QR", "Image", "Feed", "Document", "Block", "display_width",
           "wrap", "PAPER_DOTS", "PAPER_COLUMNS"]

Align = Literal["left", "center", "right"]
PAPER_DOTS = {58: 384, 80: 576}
PAPER_COLUMNS = {58: 32, 80: 48}  # font A, 12 dots per half-width character


@dataclass(frozen=True)
class Text:
    text: str
    align: Align = "left"
    bold: bool = False
    width: int = 1   # 1 or 2 (double width)
    height: int = 1  # 1 or 2 (double height)


@dataclass(frozen=True)
class Rule:
    char: str = "-"


@dataclass(frozen=True)
class Row:
    left: str
    right: str
    bold: bool = False


@dataclass(frozen=True)
class QR:
    data: str
    size: int = 6          # module size in dots
    caption: str = ""


@dataclass(frozen=True)
class Image:
    image: Any             # PIL.Image
    align: Align = "center"


@dataclass(frozen=True)
class Feed:
    lines: int = 1


Block = Union[Text, Rule, Row, QR, Image, Feed]


@dataclass
class Document:
    paper_mm: int = 80
    blocks: list[Block] = field(default_factory=list)
    title: str = ""

    def add(self, *blocks: Block) -> "Document":
        self.blocks.extend(blocks)
        return self

    @property
    def columns(self) -> int:
        return PAPER_COLUMNS[self.paper_mm]

    def plain_text(self) -> str:
        """The slip's text, for on-screen fallbacks and tests."""
        lines = []
        for b in self.blocks:
            if isinstance(b, Text):
                lines.append(b.text)
            elif isinstance(b, Row):
                lines.append(f"{b.left} {b.right}")
            elif isinstance(b, QR) and b.caption:
                lines.append(b.caption)
        return "\n".join(lines)


def display_width(text: str) -> int:
    """Columns a string takes on the printer: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, columns: int) -> list[str]:
    """Break ``text`` into lines of at most ``columns`` display columns.

    Latin words are kept whole where they fit; CJK may break between any two characters,
    but a line that must break does so after its last comma or pause mark when that is
    past its first third ("前面还有 3 人，" / "预计等候约 12 分钟", not "... 12 分" / "钟").
    """
    lines: list[str] = []
    for paragraph in (text or "").split("\n"):
        line, width = "", 0
        tokens = _tokens(paragraph)
        for token in tokens:
            w = display_width(token)
            if width + w > columns and line:
                cut = _soft_break(line)
                lines.append(line[:cut].rstrip())
                line = line[cut:].lstrip()
                width = display_width(line)
                if line and width + w > columns:   # the carried words and this one do not fit
                    lines.append(line.rstrip())
                    line, width = "", 0
                if token == " " and not line:
                    continue
            while w > columns:  # a single token longer than a line
                cut = _fit(token, columns)
                lines.append(token[:cut])
                token = token[cut:]
                w = display_width(token)
            line += token
            width += w
        lines.append(line.rstrip())
    return lines


def _tokens(text: str) -> list[str]:
    out, word = [], ""
    for c in text:
        if c == " " or unicodedata.east_asian_width(c) in "WF":
            if word:
                out.append(word)
                word = ""
            out.append(c)
        else:
            word += c
    if word:
        out.append(word)
    return out


PAUSES = "，、；：。,;:"


def _soft_break(line: str) -> int:
    """Where a full line breaks best: after its last pause mark past its first third, else at
    its end."""
    at = max(line.rfind(mark) for mark in PAUSES)
    return at + 1 if at >= len(line) // 3 else len(line)


def _fit(token: str, columns: int) -> int:
    width = 0
    for i, c in enumerate(token):
        width += display_width(c)
        if width > columns:
            return max(1, i)
    return len(token)
