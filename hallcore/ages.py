"""A person's age from a resident identity card number (GB 11643: digits 7-14 are the birth
date, YYYYMMDD). Shared: the terminal offers elders' mode by it, the central service gives a
hall's age priority by it (from a number whose card it has proof of)."""

from __future__ import annotations

from datetime import date

__all__ = ["birth_date", "age_on"]


def birth_date(id_number: str) -> date | None:
    """The birth date an 18-digit number holds, or None (another kind of number, or nonsense)."""
    text = str(id_number or "").strip()
    if len(text) != 18 or not text[:17].isdigit() or not text[:17].isascii():
        return None
    try:
        born = date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return None
    return born if born.year >= 1880 else None


def age_on(id_number: str, today: date) -> int | None:
    """Full years on ``today`` (None when the number holds no birth date, or one after today)."""
    born = birth_date(id_number)
    if born is None or born > today:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
