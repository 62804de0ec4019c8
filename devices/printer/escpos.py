"""Render a Document to ESC/POS bytes for a paper width and a printer profile.

Text is encoded by us, whole lines, as GB18030 with the printer's Chinese mode
switched on (FS &): python-escpos only switches encodings for strings holding
ideographs, which garbles mixed lines such as "￥12.00". Device differences come
from python-escpos's capability profiles (its capabilities.json): a printer whose
profile lacks ``qrCode`` gets the QR code as a raster image, one without a cutter gets
a feed.
"""

from __future__ import annotations

import importlib.resources
import json
from functools import lru_cache

from devices.printer.document import (PAPER_DOTS, QR, Document, Feed, Image, Row, Rule, Text,
                                      display_width, wrap)

__all__ = ["render", "Profile", "ESC", "GS", "FS", "DLE"]

ESC, GS, FS, DLE = b"\x1b", b"\x1d", b"\x1c", b"\x10"
_ALIGN = {"left": 0, "center": 1, "right": 2}


class Profile:
    """What a printer model can do, from python-escpos's capability database."""

    def __init__(self, name: str):
        self.name = name

    def supports(self, feature: str) -> bool:
        features = _features(self.name)
        if features is None:  # unknown model: assume a capable Epson-like printer
            return feature in ("qrCode", "paperFullCut", "paperPartCut")
        return bool(features.get(feature))  # a feature the file does not name: no


@lru_cache(maxsize=16)
def _features(name: str) -> dict | None:
    try:
        return dict(_capabilities()["profiles"][name]["features"])
    except Exception:  # unknown model, or python-escpos missing
        return None


@lru_cache(maxsize=1)
def _capabilities() -> dict:
    """python-escpos's printer database (escpos-printer-db's capabilities.json), read as JSON.

    Read on the first job, in the printing thread, and not through escpos.capabilities:
    importing that module parses the same file with PyYAML's pure-Python loader (130-210 ms
    at every start of the terminal, measured with python -X importtime), pickles it into a
    new temporary directory each time and leaves the directory behind, and calls
    logging.basicConfig(). The json module reads it in under 10 ms. The profiles in the file
    are already flat, and a profile supports a feature when its "features" entry says so,
    as escpos's own BaseProfile.supports reads it.
    """
    ref = importlib.resources.files("escpos") / "capabilities.json"
    return json.loads(ref.read_text(encoding="utf-8"))


_CONTROL = dict.fromkeys([*range(0x20), 0x7F, *range(0x80, 0xA0)])


def _text(line: str) -> bytes:
    """Encode a line; control characters are dropped so text can never inject a command."""
    return line.translate(_CONTROL).encode("gb18030", errors="replace")


def _raster(image) -> bytes:
    """GS v 0: a 1-bit image, rows padded to bytes, black = 1."""
    bw = image.convert("1")
    width, height = bw.size
    row_bytes = (width + 7) // 8
    data = bytearray(row_bytes * height)
    pixels = bw.load()
    for y in range(height):
        for x in range(width):
            if pixels[x, y] == 0:
                data[y * row_bytes + x // 8] |= 0x80 >> (x % 8)
    return (GS + b"v0\x00" + bytes([row_bytes & 0xFF, row_bytes >> 8, height & 0xFF, height >> 8])
            + bytes(data))


def _qr_native(data: str, size: int) -> bytes:
    payload = data.encode("utf-8")
    n = len(payload) + 3
    return b"".join([
        GS + b"(k\x04\x00\x31\x41\x32\x00",                 # model 2
        GS + b"(k\x03\x00\x31\x43" + bytes([max(1, min(16, size))]),  # module size
        GS + b"(k\x03\x00\x31\x45\x31",                     # error correction M
        GS + b"(k" + bytes([n & 0xFF, n >> 8]) + b"\x31\x50\x30" + payload,  # store
        GS + b"(k\x03\x00\x31\x51\x30",                     # print
    ])


def _qr_image(data: str, size: int, max_dots: int):
    import qrcode
    qr = qrcode.QRCode(border=2, box_size=max(2, size),
                       error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(data)
    img = qr.make_image(fill_color="black", back_color="white").get_image()
    if img.width > max_dots:
        img = img.resize((max_dots, max_dots))
    return img


def _centered(image, dots: int):
    from PIL import Image as PILImage
    if image.width >= dots:
        return image.resize((dots, int(image.height * dots / image.width)))
    canvas = PILImage.new("L", (dots, image.height), 255)
    canvas.paste(image.convert("L"), ((dots - image.width) // 2, 0))
    return canvas


def render(doc: Document, profile: Profile | str = "TM-T88III") -> bytes:
    profile = Profile(profile) if isinstance(profile, str) else profile
    dots, cols = PAPER_DOTS[doc.paper_mm], doc.columns
    out = [ESC + b"@", FS + b"&"]  # reset; Chinese (GB18030) double-byte mode on
    for block in doc.blocks:
        if isinstance(block, Text):
            width, height = max(1, min(2, block.width)), max(1, min(2, block.height))
            out.append(ESC + b"a" + bytes([_ALIGN[block.align]]))
            out.append(ESC + b"E" + (b"\x01" if block.bold else b"\x00"))
            out.append(GS + b"!" + bytes([((width - 1) << 4) | (height - 1)]))
            for line in wrap(block.text, cols // width):
                out.append(_text(line) + b"\n")
            out.append(GS + b"!\x00" + ESC + b"E\x00")
        elif isinstance(block, Rule):
            out.append(ESC + b"a\x00" + _text(block.char * cols) + b"\n")
        elif isinstance(block, Row):
            out.append(ESC + b"a\x00" + ESC + b"E" + (b"\x01" if block.bold else b"\x00"))
            gap = cols - display_width(block.left) - display_width(block.right)
            if gap >= 1:
                out.append(_text(block.left + " " * gap + block.right) + b"\n")
            else:
                for line in wrap(block.left, cols) + wrap(block.right, cols):
                    out.append(_text(line) + b"\n")
            out.append(ESC + b"E\x00")
        elif isinstance(block, QR):
            out.append(ESC + b"a\x01")
            if profile.supports("qrCode"):
                out.append(_qr_native(block.data, block.size) + b"\n")
            else:
                out.append(_raster(_centered(_qr_image(block.data, block.size, dots), dots)))
            if block.caption:
                for line in wrap(block.caption, cols):
                    out.append(_text(line) + b"\n")
        elif isinstance(block, Image):
            out.append(ESC + b"a\x01" + _raster(_centered(block.image, dots)))
        elif isinstance(block, Feed):
            out.append(ESC + b"d" + bytes([max(0, min(255, block.lines))]))
    if profile.supports("paperPartCut") or profile.supports("paperFullCut"):
        out.append(GS + b"VA\x03")  # feed 3 lines and cut
    else:
        out.append(ESC + b"d\x06")  # no cutter: feed past the tear bar
    return b"".join(out)
