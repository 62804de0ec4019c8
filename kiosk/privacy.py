"""What the terminal may report about a visit without naming anyone (pure, no I/O).

Masking itself (ID numbers, names, free text) is shared with the central service and
lives in :mod:`hallcore.masking`.
"""

from __future__ import annotations

import re

__all__ = ["reportable_query"]


def reportable_query(query: str) -> str | None:
    """A search text fit for the anonymous "top searches" report, or None.

    Long digit runs (ID, phone or card numbers typed into the box) and long texts (names,
    addresses) are not reported at all; the rest is trimmed and lower-cased.
    """
    text = " ".join((query or "").split()).lower()
    if not text or len(text) > 24 or re.search(r"\d{5,}", text):
        return None
    return text
