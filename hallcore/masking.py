"""Masking of personal data for screens, paper, the console and logs (pure, no I/O)."""

from __future__ import annotations

import re

__all__ = ["mask_id_number", "mask_name", "scrub", "SHOWN_HEAD", "SHOWN_TAIL"]


#: characters of a long number left visible at each end: the province and the last four.
#: A resident ID number is region (6), birth date (8), sequence and check digit (4); six
#: region digits and the last four left about a thousand candidate birth dates for one
#: person, so only the province (3) shows: ``110***********1234``.
SHOWN_HEAD, SHOWN_TAIL = 3, 4


def mask_id_number(number: str) -> str:
    """Keep at most the first 3 and the last 4 characters: ``110***********1234``.

    Numbers of 10 characters or fewer (card numbers) show only their last 4. Applied to an
    already masked form it gives the same result as on the number (the database's old masked
    values are re-masked this way).
    """
    number = (number or "").strip()
    if len(number) <= SHOWN_TAIL:
        return "*" * len(number)
    if len(number) <= 10:
        return "*" * (len(number) - SHOWN_TAIL) + number[-SHOWN_TAIL:]
    hidden = len(number) - SHOWN_HEAD - SHOWN_TAIL
    return number[:SHOWN_HEAD] + "*" * hidden + number[-SHOWN_TAIL:]


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
