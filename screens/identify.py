"""Identification: a resident ID card or a social-security card; a masked identity and consent.

The screen only shows state: the session's identity, and ``card_message``, which the
visit (kiosk.visit) sets when it shows this screen for a card read or a card error. It offers only the ways in
this terminal has (``app.devices_working``: the devices enabled in its config), and a way
in whose device is not working says so on the spot instead of inviting the visitor to
use it. Phone sign-in needs the national e-social-security card platform, which this
terminal cannot check a code against, so it is not offered; a phone held up to the camera
anyway is told so (``qr_signin_unavailable``).
"""

from __future__ import annotations

from typing import Mapping

from kivy.properties import BooleanProperty, StringProperty

from screens import load_kv
from screens.base import KioskScreen

__all__ = ["IdentifyScreen", "CARD_MESSAGES", "OPTION_HINTS", "DOWN_HINTS", "NO_WAY_IN"]

# message ids for card_error payloads
CARD_MESSAGES = {
    "card_not_supported": "This card is not supported. Please use a resident ID card or a social-security card.",
    "card_read_failed": "The card could not be read. Please take it away and try again.",
    "card_pulled": "The card was taken out before it was read. Please insert it again and leave "
                   "it in until your name appears.",
    "qr_unknown": "This QR code is not a sign-in code.",
    "qr_signin_unavailable": "Phone sign-in is not available at this terminal yet. Please use a card.",
}

# each way in, by the device it needs: what the option says, and what it says instead
# while that device is not working
OPTION_HINTS = {
    "idcard": "Place your ID card flat on the reader below the screen",
    "smartcard": "Insert your social-security card, chip first, into the slot",
}
DOWN_HINTS = {
    "idcard": "ID card reader not working right now: please choose another way",
    "smartcard": "Card slot not working right now: please choose another way",
}
#: shown when this terminal has no card reader at all
NO_WAY_IN = "This terminal has no card reader. Please ask at the front desk."


class IdentifyScreen(KioskScreen):
    identified = BooleanProperty(False)
    masked = StringProperty("")
    message = StringProperty("")
    consent = BooleanProperty(False)
    photo_note = StringProperty("")
    #: what the last card event said: "" (read) or a CARD_MESSAGES key; set by the visit
    #: each time, the same message again included
    card_message = StringProperty("", force_dispatch=True)
    stage = StringProperty("options")       # options | identified
    visitor_state = ("identified", "masked", "message", "consent", "photo_note", "card_message",
                     "stage")

    def __init__(self, **kwargs):
        load_kv(__file__)
        super().__init__(**kwargs)

    def on_pre_enter(self, *_):
        self.refresh()

    def on_leave(self, *_):
        self.message = ""

    def on_card_message(self, _inst, message_id: str) -> None:
        self.refresh()
        self.message = CARD_MESSAGES.get(message_id, CARD_MESSAGES["card_read_failed"]) \
            if message_id else ""

    @staticmethod
    def hint(name: str, working: Mapping[str, bool]) -> str:
        """The way in's hint; kv passes ``app.devices_working`` so it re-binds on a change."""
        return OPTION_HINTS[name] if working.get(name, False) else DOWN_HINTS[name]

    @staticmethod
    def no_way_in(working: Mapping[str, bool]) -> str:
        return "" if any(name in working for name in OPTION_HINTS) else NO_WAY_IN

    def refresh(self) -> None:
        if self.services is None:
            return
        session = self.services.session
        self.identified = session.identified
        self.stage = "identified" if session.identified else "options"
        self.masked = f"{session.masked_name}  {session.masked_id}" if session.identified else ""
        self.consent = session.consent
        self.photo_note = ("The card photo is kept on the card: it cannot be shown here."
                           if session.identified and session.identity.source == "idcard" else "")

    def toggle_consent(self) -> None:
        self.services.session.consent = not self.services.session.consent
        self.refresh()

    def done(self) -> None:
        self.services.visit.identified()

