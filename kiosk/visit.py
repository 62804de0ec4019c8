"""A visit's device events: a card put in or taken out, a card that could not be read, a QR
code held up to the camera; and where the visitor goes once identified.

The device manager posts its events on the UI thread; the app hands the card and QR ones
here. A card starts a session when none is running (a visitor may walk up with the card
in hand) and shows the identification screen, which reads the outcome from the session
and from ``card_message`` (set through navigation: the visit never calls a screen).
Taking out the card that identified the visitor ends the session. In maintenance mode
cards and tickets are ignored.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from devices.base import DeviceEvent
    from kiosk.services import Services

__all__ = ["Visit", "HOME"]

HOME = "home"


class Visit:
    def __init__(self, services: "Services", in_maintenance: Callable[[], bool] = lambda: False,
                 on_identity: Callable[[str], None] = lambda label: None):
        self._services = services
        self._in_maintenance = in_maintenance
        self._on_identity = on_identity
        #: the screen to go on to once the visitor has identified (visit state: reset), and
        #: the properties to set on it then (what it was about to do)
        self.after_identify = HOME
        self.on_return: dict[str, Any] = {}
        #: QR code kind -> handler, taking the code before the built-in ones (tests, demo)
        self.qr_handlers: dict[str, Callable[[Any], None]] = {}

    def reset(self) -> None:
        self.after_identify, self.on_return = HOME, {}

    # -- identification --------------------------------------------------------------------
    def identify_then(self, screen: str, **on_return: Any) -> None:
        """Ask the visitor to identify, then go on to ``screen``, setting ``on_return`` on it
        (``issue_on_return=True``: the queue issues the ticket at once, with no second tap)."""
        self.after_identify, self.on_return = screen, on_return
        self._services.navigate("identify")

    def identified(self) -> None:
        """The visitor is done on the identification screen: on to where they were going."""
        target, on_return = self.after_identify, self.on_return
        self.reset()
        if self._services.session.identified:
            self._services.navigate(target, **on_return)
        else:   # they went back without a card: nothing they asked for goes ahead
            self._services.navigate(target)

    def _ensure_session(self) -> None:
        session = self._services.session
        if not session.active:
            session.start(self._services.settings.terminal.language)

    def _show_identify(self, message_id: str) -> None:
        self._services.navigate("identify", card_message=message_id)

    # -- device events ---------------------------------------------------------------------
    def card_inserted(self, event: "DeviceEvent") -> None:
        if self._in_maintenance():
            return
        self._ensure_session()
        session = self._services.session
        session.identify(event.payload)
        self._on_identity(f"{session.masked_name} {session.masked_id}")
        self._show_identify("")

    def card_error(self, event: "DeviceEvent") -> None:
        if self._in_maintenance():
            return
        self._ensure_session()
        self._show_identify(str(event.payload))

    def card_removed(self, event: "DeviceEvent") -> None:
        session = self._services.session
        if session.identity is not None and session.identity.source == event.device:
            self._services.end_session("card removed")

    def qr(self, event: "DeviceEvent") -> None:
        code = event.payload
        handler = self.qr_handlers.get(code.kind)
        if handler is not None:
            handler(code)
        elif code.kind == "ticket" and not self._in_maintenance():
            self._ensure_session()
            self._services.navigate("rating", token=code.value)
        elif code.kind == "signin" and self._services.session.active:
            self._show_identify("qr_signin_unavailable")
