"""Where both sides' gettext catalogues live and which languages they speak.

``locale/<lang>/LC_MESSAGES/kiosk.po`` holds the terminal's words, ``central.po`` the
console's. Message ids are English; Simplified Chinese comes first, English second.
"""

from __future__ import annotations

from hallcore.resources import data_path

__all__ = ["LANGUAGES", "LOCALE_DIR"]

LOCALE_DIR = data_path("locale")
LANGUAGES = ("zh_CN", "en")
