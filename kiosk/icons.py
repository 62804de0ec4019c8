"""Pictograms from Tabler Icons (MIT licence, https://tabler.io/icons), used as a font: the
npm package @tabler/icons-webfont, which scripts/setup.sh installs under var/npm. Each name
below is the icon's Tabler name and its code point in that font (its dist/tabler-icons.css).

Without the font the terminal shows its words alone: never a stand-in text.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["ICONS", "FONT", "font_path", "glyph", "with_icon"]

FONT = Path("var/npm/node_modules/@tabler/icons-webfont/dist/fonts/tabler-icons.ttf")
#: what each control shows -> (Tabler name, code point)
ICONS: dict[str, tuple[str, int]] = {
    "jobs": ("briefcase", 0xEA46),
    "quiz": ("compass", 0xEA79),
    "queue": ("ticket", 0xEB3D),
    "progress": ("list-check", 0xEB6A),
    "identify": ("id", 0xEAC3),
    "read_aloud": ("volume", 0xEB51),
    "help": ("bell-ringing", 0xED07),
    "language": ("language", 0xEBBE),
    "home": ("home", 0xEAC1),
    "elders": ("old", 0xEEB9),
    "finish": ("logout", 0xEBA8),
    "registration": ("user-plus", 0xEB4B),
    "difficulty": ("heart-handshake", 0xF0F3),
    "events": ("calendar-event", 0xEA52),
    "print": ("printer", 0xEB0E),
    "next": ("arrow-right", 0xEA1F),
    "back": ("arrow-left", 0xEA19),
    "agree": ("check", 0xEA5E),
    "cancel": ("calendar-x", 0xF832),
    "checked": ("square-check", 0xEB28),
    "unchecked": ("square", 0xEB2C),
}


def font_path(root: Path) -> Path | None:
    """The icon font under the project's ``root``, or None when it is not installed."""
    path = root / FONT
    return path if path.is_file() else None


def glyph(name: str, available: bool) -> str:
    """The pictogram's character ("" without the font or for an unknown name)."""
    return chr(ICONS[name][1]) if available and name in ICONS else ""


def with_icon(name: str, text: str, font: str) -> str:
    """Markup for a label: the pictogram in the icon font, then ``text`` (escaped)."""
    safe = text.replace("&", "&amp;").replace("[", "&bl;").replace("]", "&br;")
    icon = glyph(name, bool(font))
    return f"[font={font}]{icon}[/font]  {safe}" if icon else safe
