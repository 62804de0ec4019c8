"""Masking of personal data for screens, paper, the console and logs (pure, no I/O)."""

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


# a whole token of 15 to 21 characters, digits with a digit or X last: resident ID numbers
# (18, or 15 for the old cards) and the card numbers near them in length
_ID_RE = re.compile(r"(?<![0-9A-Za-z])\d{14,20}[\dXx](?![0-9A-Za-z])")


def scrub(text: str) -> str:
    """Mask anything in free text that looks like a resident ID number (for logs)."""
    return _ID_RE.sub(lambda m: mask_id_number(m.group(0)), text)
