"""Gettext catalogs for the terminal and slips: zh_CN first, en second.

Message ids are English; ``locale/zh_CN/LC_MESSAGES/kiosk.po`` translates every
one of them. ``python -m kiosk.i18n compile`` builds the .mo files (make does it).
``Translator`` switches language at run time and tells listeners, so every
screen's text can be re-bound when the visitor taps the language switch.
"""

from __future__ import annotations

import gettext
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable, Mapping

from hallcore.i18n import LANGUAGES, LOCALE_DIR

__all__ = ["LANGUAGES", "LOCALE_DIR", "Translator", "compile_catalogs", "N_", "localized",
           "localized_field", "listing"]

DOMAIN = "kiosk"


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now."""
    return message


def localized(zh: str | None, en: str | None, lang: str) -> str:
    """Content the central service keeps in two languages (a service's name, a posting's
    title): the English text for an English visitor when there is one, else the Chinese."""
    if lang.startswith("en") and en:
        return en
    return zh or ""


def localized_field(item: Mapping[str, Any], key: str, lang: str) -> str:
    """``localized`` for a record that keeps ``key`` and ``key_en`` (``name``, ``name_en``)."""
    return localized(item.get(key), item.get(f"{key}_en"), lang)


def listing(items: list[str], lang: str) -> str:
    """Several things in one line: "会计、出纳" in Chinese, "Accountant, Cashier" in English."""
    return (", " if lang.startswith("en") else "、").join(items)


class Translator:
    """The current language and its catalog; ``gettext`` is bound by screens as ``_``."""

    def __init__(self, language: str = "zh_CN", locale_dir: Path = LOCALE_DIR):
        self._dir = locale_dir
        self._listeners: list[Callable[[str], None]] = []
        self.language = ""
        self._catalog: gettext.NullTranslations = gettext.NullTranslations()
        self.switch(language)

    def switch(self, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unsupported language {language!r}")
        if language == self.language:
            return
        self._catalog = gettext.translation(DOMAIN, self._dir, [language], fallback=True)
        self.language = language
        for listener in list(self._listeners):
            listener(language)

    def gettext(self, message: str) -> str:
        return self._catalog.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._catalog.ngettext(singular, plural, n)

    def bind(self, listener: Callable[[str], None]) -> None:
        self._listeners.append(listener)

    def unbind(self, listener: Callable[[str], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)


def compile_catalogs(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Compile every .po under ``locale_dir`` to .mo with msgfmt (gettext package)."""
    built = []
    for po in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        subprocess.run(["msgfmt", "--check-format", "-o", str(mo), str(po)], check=True)
        built.append(mo)
    return built


if __name__ == "__main__":
    if sys.argv[1:] == ["compile"]:
        for path in compile_catalogs():
            print(path)
    else:
        sys.exit("usage: python -m kiosk.i18n compile")
