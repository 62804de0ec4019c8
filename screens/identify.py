"""Identification: ID card, social-security card or phone QR; a masked identity and consent.

The screen only shows state; card events come from the device manager through
the app (``on_card``, ``on_card_error``), on the UI thread. While it is shown it
follows the devices' health events, so a way in whose device is not working says
so on the spot instead of inviting the visitor to use it.
"""

from __future__ import annotations

from kivy.properties import BooleanProperty, DictProperty, StringProperty

from devices.base import HealthState
from screens import load_kv
from screens.base import KioskScreen

__all__ = ["IdentifyScreen", "CARD_MESSAGES", "OPTION_HINTS", "DOWN_HINTS"]

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
    "camera": "Hold the QR code from the app up to the camera",
}
DOWN_HINTS = {
    "idcard": "ID card reader not working right now: please choose another way",
    "smartcard": "Card slot not working right now: please choose another way",
    "camera": "Camera not working right now: please use a card",
}


class IdentifyScreen(KioskScreen):
    identified = BooleanProperty(False)
    masked = StringProperty("")
    message = StringProperty("")
    consent = BooleanProperty(False)
    photo_note = StringProperty("")
    #: device name -> whether it works (a device this terminal does not have counts as working)
    working = DictProperty({name: True for name in OPTION_HINTS})

    def __init__(self, **kwargs):
        load_kv(__file__)
        super().__init__(**kwargs)

    def on_pre_enter(self, *_):
        self.refresh()
        self.message = ""
        devices = self.services.devices
        if devices is not None:
            devices.bind("health", self._on_health)
        self.show_devices()

    def on_leave(self, *_):
        if self.services.devices is not None:
            self.services.devices.unbind("health", self._on_health)

    def _on_health(self, event) -> None:
        if event.device in OPTION_HINTS:
            self.show_devices()

    def show_devices(self) -> None:
        devices = self.services.devices
        health = devices.health() if devices is not None else {}
        self.working = {name: name not in health or health[name].state is not HealthState.OFFLINE
                        for name in OPTION_HINTS}

    def hint(self, name: str, _working=None) -> str:
        """The way in's hint; kv passes ``root.working`` so the text re-binds when it changes."""
        return OPTION_HINTS[name] if self.working[name] else DOWN_HINTS[name]

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

