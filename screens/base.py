"""The base of every screen: the services it is handed, navigation, translation, and the
visitor state that a session's end wipes.

Each screen declares its Kivy properties once, in one of two lists: ``visitor_state``
(what a visitor typed, chose or was shown: ``reset_session`` puts every one back to its
default when the session ends) or ``shell_state`` (the terminal's own: the clock, the
hall's services). tests/ui/test_reset.py checks that every property is in one of them,
so a new one cannot be forgotten by the wipe.
"""

from __future__ import annotations

import copy
from typing import Any

from kivy.properties import ObjectProperty, StringProperty
from kivy.uix.screenmanager import Screen

__all__ = ["KioskScreen"]


class KioskScreen(Screen):
    """Screens get ``services`` (kiosk.services.Services) from the app; they hold no rules."""

    services = ObjectProperty(None, allownone=True)
    #: the palette colour the screen is drawn on (common.kv)
    background = StringProperty("bg")
    #: whether the idle timeout runs while this screen is shown
    idle_applies = True
    #: properties holding the visitor's state, reset to their defaults when a session ends
    visitor_state: tuple[str, ...] = ()
    #: properties holding the terminal's own state, kept across sessions
    shell_state: tuple[str, ...] = ()

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fbind("services", self._take_services)

    def _take_services(self, _inst, services) -> None:
        if services is not None:
            services.translator.bind(lambda _lang: self.on_language())

    def on_language(self) -> None:
        """The visitor switched language: texts made in Python are made again."""

    def reset_session(self) -> None:
        """Every ``visitor_state`` property back to its default (the session has ended)."""
        for name in self.visitor_state:
            setattr(self, name, copy.copy(self.property(name).defaultvalue))

    def go(self, name: str, **kwargs: Any) -> None:
        self.services.navigate(name, **kwargs)

    def _(self, message: str) -> str:
        return self.services.translator.gettext(message)

    def localized(self, zh: str | None, en: str | None, _lang: str = "") -> str:
        """Two-language content in the visitor's language; kv passes ``app.lang`` to re-bind."""
        return self.services.localized(zh, en)
