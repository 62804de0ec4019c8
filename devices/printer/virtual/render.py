"""Draw a parsed receipt to a PNG the width of the paper, with a real CJK font."""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from devices.printer.virtual.parser import Receipt

__all__ = ["render_receipt", "FONT"]

FONT = Path(__file__).resolve().parents[3] / "assets" / "fonts" / "wqy-microhei.ttc"
LINE = 30       # dots per text line (24-dot font + spacing), like font A
MARGIN = 8  # vertical margin; the grid itself spans the printable width


@lru_cache(maxsize=8)
def _font(size: int):
    try:
        return ImageFont.truetype(str(FONT), size)
    except OSError:
        return ImageFont.load_default()


def _qr(data: str, max_width: int) -> Image.Image:
    import qrcode
    qr = qrcode.QRCode(border=2, box_size=6, error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(data)
    img = qr.make_image(fill_color="black", back_color="white").get_image().convert("L")
    if img.width > max_width:
        img = img.resize((max_width, max_width), Image.NEAREST)
    return img


def _raster(xb: int, yd: int, data: bytes) -> Image.Image:
    from PIL import ImageOps
    return ImageOps.invert(Image.frombytes("1", (xb * 8, yd), data).convert("L"))


def _text_line(line, dots: int) -> Image.Image:
    """Draw text on the printer's character grid: 12 dots a half-width cell, 24 a wide one."""
    size = 24 * max(line.width, line.height)
    font = _font(size)
    h = LINE * line.height
    cells = [(c, (24 if unicodedata.east_asian_width(c) in "WF" else 12) * line.width)
             for c in line.text]
    width = sum(w for _, w in cells)
    x = {0: 0, 1: (dots - width) // 2, 2: dots - width}.get(line.align, 0)
    img = Image.new("L", (dots, h), 255)
    draw = ImageDraw.Draw(img)
    for c, w in cells:
        glyph = draw.textlength(c, font=font)
        draw.text((x + (w - glyph) / 2, (h - size) // 2), c, font=font, fill=0,
                  stroke_width=1 if line.bold else 0, stroke_fill=0)
        x += w
    if line.underline:
        draw.line((0, h - 3, min(dots, x), h - 3), fill=0, width=2)
    return img


def render_receipt(receipt: Receipt, dots: int = 576) -> Image.Image:
    parts: list[tuple[Image.Image, int]] = []
    for line in receipt.lines:
        if line.kind == "text":
            parts.append((_text_line(line, dots), 0))
        elif line.kind == "feed":
            parts.append((Image.new("L", (dots, LINE * int(line.data or 0)), 255), 0))
        elif line.kind == "qr":
            parts.append((_qr(line.data or "", dots - 2 * MARGIN), line.align))
        elif line.kind == "image":
            parts.append((_raster(*line.data), line.align))
    height = sum(p.height for p, _ in parts) + 2 * MARGIN
    page = Image.new("L", (dots, max(height, LINE)), 255)
    y = MARGIN
    for img, align in parts:
        x = 0 if img.width >= dots else {0: MARGIN, 1: (dots - img.width) // 2,
                                         2: dots - img.width - MARGIN}.get(align, 0)
        page.paste(img, (x, y))
        y += img.height
    return page
