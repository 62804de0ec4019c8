"""Masking of personal data for screens, paper and logs (pure, no I/O)."""

from __future__ import annotations

import re

__all__ = ["mask_id_number", "mask_name", "scrub"]


def mask_id_number(number: str) -> str:
    """Keep the 6-digit region prefix and last 4: ``110101********1234``."""
    number = (number or "").strip()
    if len(number) <= 4:
        return "*" * len(number)
    if len(number) <= 10:
        return "*" * (len(number) - 4) + number[-4:]
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_name(name: str) -> str:
    """First character and stars: ``张*``, ``欧**``; Latin names keep the first letter."""
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)


_ID_RE = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{8}|\d{5,11})(\d{3}[\dXx])(?![0-9A-Za-z])")


def scrub(text: str) -> str:
    """Mask anything in free text that looks like a resident ID number (for logs)."""
    return _ID_RE.sub(lambda m: m.group(1) + "*" * len(m.group(2)) + m.group(3)[-4:], text)


def reportable_query(query: str) -> str | None:
    """A search text fit for the anonymous "top searches" report, or None.

    Long digit runs (ID, phone or card numbers typed into the box) and long texts (names,
    addresses) are not reported at all; the rest is trimmed and lower-cased.
    """
    text = " ".join((query or "").split()).lower()
    if not text or len(text) > 24 or re.search(r"\d{5,}", text):
        return None
    return text
