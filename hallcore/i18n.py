"""Where both sides' gettext catalogues live and which languages they speak.

``locale/<lang>/LC_MESSAGES/kiosk.po`` holds the terminal's words, ``central.po`` the
console's. Message ids are English; Simplified Chinese comes first, English second.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["LANGUAGES", "LOCALE_DIR"]

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
LANGUAGES = ("zh_CN", "en")
