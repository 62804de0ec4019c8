"""Colours and type sizes for the normal and high-contrast looks (data, not code)."""

from __future__ import annotations

__all__ = ["PALETTES", "palette"]


def _hex(value: str, alpha: float = 1.0) -> list[float]:
    value = value.lstrip("#")
    return [int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)] + [alpha]


PALETTES = {
    "normal": {
        "bg": _hex("#F3F6F5"), "surface": _hex("#FFFFFF"), "ink": _hex("#1D2B36"),
        "muted": _hex("#5B6B78"), "brand": _hex("#0B6E4F"), "brand_ink": _hex("#FFFFFF"),
        "accent": _hex("#F2A541"), "danger": _hex("#C0392B"), "ok": _hex("#1E8E5A"),
        "bar": _hex("#0B6E4F"), "bar_ink": _hex("#FFFFFF"), "shade": _hex("#000000", 0.45),
        "tile1": _hex("#0B6E4F"), "tile2": _hex("#2D5D9F"), "tile3": _hex("#B5651D"),
        "tile4": _hex("#6B4C9A"), "tile5": _hex("#1F6F8B"), "tile6": _hex("#9B3D5A"),
        "line": _hex("#D5DEDB"),
    },
    "high_contrast": {
        "bg": _hex("#000000"), "surface": _hex("#111111"), "ink": _hex("#FFFFFF"),
        "muted": _hex("#E0E0E0"), "brand": _hex("#FFD400"), "brand_ink": _hex("#000000"),
        "accent": _hex("#FFD400"), "danger": _hex("#FF6B6B"), "ok": _hex("#7CFC00"),
        "bar": _hex("#000000"), "bar_ink": _hex("#FFD400"), "shade": _hex("#000000", 0.7),
        "tile1": _hex("#FFD400"), "tile2": _hex("#00E5FF"), "tile3": _hex("#7CFC00"),
        "tile4": _hex("#FF9CEE"), "tile5": _hex("#FFA94D"), "tile6": _hex("#B8F2FF"),
        "line": _hex("#FFFFFF"),
    },
}


def palette(high_contrast: bool) -> dict[str, list[float]]:
    return dict(PALETTES["high_contrast" if high_contrast else "normal"])
