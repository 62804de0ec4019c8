"""The staff's way into the maintenance screen: the PIN check.

The PIN is kept as an argon2 hash in the terminal's config (``kiosk hash-pin`` makes one);
a terminal with no hash opens only to the demo PIN, and only in demo mode.
"""

from __future__ import annotations

__all__ = ["check_pin", "DEMO_PIN", "PIN_MAX"]

DEMO_PIN = "1234"
#: the keypad takes no more digits than this
PIN_MAX = 12


def check_pin(pin: str, pin_hash: str, demo: bool) -> bool:
    """The staff PIN against its argon2 hash; an empty hash allows the demo PIN in demo mode only."""
    if not pin_hash:
        return demo and pin == DEMO_PIN
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError
    try:
        return PasswordHasher().verify(pin_hash, pin)
    except (VerificationError, InvalidHashError):
        return False
