"""My progress at the terminal: who may ask (a visitor identified with a card), what the
service is sent (the ID number with the card's proof, kiosk.session.card_proof), and what
the visitor is told when the answer is no.

The service answers 409 when the card is not the one on record for the person (a renewed
card, confirmed once at a counter) and 429 past its lookup limits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kiosk.i18n import N_

if TYPE_CHECKING:
    from kiosk.api import CentralClient
    from kiosk.session import VisitorSession

__all__ = ["NOT_IDENTIFIED", "UNAVAILABLE", "NEEDS_CARD", "CARD_MISMATCH", "TOO_MANY",
           "why_not", "fetch", "refusal", "remembered", "remember", "forget"]

NOT_IDENTIFIED = N_("Please identify first: your progress is shown only to you.")
UNAVAILABLE = N_("Your progress cannot be shown right now.")
NEEDS_CARD = N_("Please read your ID card or social security card: your progress is shown only with the card.")
CARD_MISMATCH = N_("This card is not the one on record for you. If your card was renewed, please show it once at a counter.")
TOO_MANY = N_("Too many lookups just now. Please try again later or ask at a counter.")


def why_not(session: "VisitorSession", api: "CentralClient | None") -> str | None:
    """The message saying why progress cannot be asked for now, or None when it can."""
    if not session.identified:
        return NOT_IDENTIFIED
    if session.card_proof is None:
        return NEEDS_CARD
    return UNAVAILABLE if api is None else None


def fetch(api: "CentralClient", session: "VisitorSession") -> Any:
    """A callable for the worker: the visitor's record, asked with the card's proof (read
    now, on the UI thread, so a session wiped meanwhile sends nothing)."""
    number, card = session.identity.id_number, session.card_proof
    return lambda: api.progress(number, card)


def refusal(exc: BaseException) -> str:
    """What the visitor is told for a failed lookup."""
    status = getattr(exc, "status", None)
    return {409: CARD_MISMATCH, 429: TOO_MANY}.get(status, UNAVAILABLE)


# The visitor's record is asked for once a visit (the service limits lookups per person)
# and kept in the session, which the end of the visit wipes.
def remembered(session: "VisitorSession") -> dict[str, Any] | None:
    """The record fetched in this visit, or None."""
    return session.data.get("record")


def remember(session: "VisitorSession", data: dict[str, Any]) -> None:
    session.data["record"] = data


def forget(session: "VisitorSession") -> None:
    """The record changed (a registration sent): ask again next time."""
    session.data.pop("record", None)
