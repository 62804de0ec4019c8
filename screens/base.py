"""The base of every screen: the services it is handed, navigation, translation."""

from __future__ import annotations

from typing import Any

from kivy.properties import ObjectProperty
from kivy.uix.screenmanager import Screen

__all__ = ["KioskScreen"]


class KioskScreen(Screen):
    """Screens get ``services`` (kiosk.services.Services) from the app; they hold no rules."""

    services = ObjectProperty(None, allownone=True)
    #: whether the idle timeout runs while this screen is shown
    idle_applies = True

    def go(self, name: str, **kwargs: Any) -> None:
        self.services.navigate(name, **kwargs)

    def _(self, message: str) -> str:
        return self.services.translator.gettext(message)
