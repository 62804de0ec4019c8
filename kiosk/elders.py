"""Elders' mode (长辈模式): what it changes, and who is offered it.

Larger text, longer idle times, slower speech and every screen spoken when shown; the home
screen leaves out the look toggles, keeping its four big choices. A visitor whose ID card says
they are ``ELDER_AGE`` or older is put in it when identified (and told so, aloud); the
"elders' mode" control leaves it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hallcore.ages import age_on
from kiosk.i18n import N_

__all__ = ["ELDER_AGE", "FONT_SCALE", "IDLE_FACTOR", "RATE_FACTOR", "OFFERED", "idle_times",
           "is_elder", "font_scale"]

ELDER_AGE = 60
FONT_SCALE = 1.5          # large text is 1.25
IDLE_FACTOR = 2.0         # twice the hall's idle timeout and warning
RATE_FACTOR = 0.85        # speech a little slower than the configured rate
OFFERED = N_("Elders' mode is on: larger text, and each screen is read aloud. "
             "Tap \"Standard mode\" to leave it.")


def is_elder(id_number: str, today: date) -> bool:
    age = age_on(id_number, today)
    return age is not None and age >= ELDER_AGE


def idle_times(settings: Any, on: bool) -> tuple[float, float]:
    """The idle timeout and warning, in seconds, for elders' mode on or off."""
    t = settings.terminal
    factor = IDLE_FACTOR if on else 1.0
    return t.idle_timeout_s * factor, t.idle_warning_s * factor


def font_scale(large_text: bool, elders: bool) -> float:
    return FONT_SCALE if elders else (1.25 if large_text else 1.0)
