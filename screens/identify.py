"""Identification: ID card, social-security card or phone QR; a masked identity and consent.

The screen only shows state; card events come from the device manager through
the app (``on_card``, ``on_card_error``), on the UI thread.
"""

from __future__ import annotations

from kivy.properties import BooleanProperty, StringProperty

from screens import load_kv
from screens.base import KioskScreen

__all__ = ["IdentifyScreen", "CARD_MESSAGES"]

# message ids for card_error payloads
CARD_MESSAGES = {
    "card_not_supported": "This card is not supported. Please use a resident ID card or a social-security card.",
    "card_read_failed": "The card could not be read. Please take it away and try again.",
    "qr_unknown": "This QR code is not a sign-in code.",
    "qr_signin_unavailable": "Phone sign-in is not available at this terminal yet. Please use a card.",
}


class IdentifyScreen(KioskScreen):
    identified = BooleanProperty(False)
    masked = StringProperty("")
    message = StringProperty("")
    consent = BooleanProperty(False)
    photo_note = StringProperty("")

    def __init__(self, **kwargs):
        load_kv(__file__)
        super().__init__(**kwargs)

    def on_pre_enter(self, *_):
        self.refresh()
        self.message = ""

    def refresh(self) -> None:
        session = self.services.session
        self.identified = session.identified
        self.masked = f"{session.masked_name}  {session.masked_id}" if session.identified else ""
        self.consent = session.consent
        self.photo_note = ("The card photo is kept on the card: it cannot be shown here."
                           if session.identified and session.identity.source == "idcard" else "")

    def on_card(self) -> None:
        self.message = ""
        self.refresh()

    def on_card_error(self, message_id: str) -> None:
        self.message = CARD_MESSAGES.get(message_id, CARD_MESSAGES["card_read_failed"])

    def toggle_consent(self) -> None:
        self.services.session.consent = not self.services.session.consent
        self.refresh()

    def done(self) -> None:
        self.go(self.services.extras.get("after_identify", "home"))

