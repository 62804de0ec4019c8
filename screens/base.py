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
from kivy.uix.label import Label
from kivy.uix.screenmanager import Screen

from kiosk.guidance import spoken

__all__ = ["KioskScreen", "fill", "visible_texts"]


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
    #: what the screen is for (a msgid), spoken before what it shows
    purpose = ""
    #: widgets whose texts are not read out: keys are spoken one by one, not as a screen
    SILENT = ("KeyButton", "KeyRow", "BigKeyboard", "HandPad")

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

    def speak_text(self) -> str:
        """What "read aloud" says on this screen: its purpose, then what it shows and offers
        (the texts of its visible labels and buttons, in reading order). Screens with a
        better order override ``spoken_parts``."""
        return spoken(self.spoken_parts(), self.services.translator.language)

    def spoken_parts(self) -> list[str]:
        return ([self._(self.purpose)] if self.purpose else []) + visible_texts(self)

    def speak_again(self) -> None:
        """What the screen shows changed (a ticket came): with guidance on, it is spoken."""
        guide = self.services.guide if self.services is not None else None
        if guide is not None and self.manager is not None and self.manager.current == self.name:
            guide.content_changed(self.speak_text())

    def go(self, name: str, **kwargs: Any) -> None:
        self.services.navigate(name, **kwargs)

    def _(self, message: str) -> str:
        return self.services.translator.gettext(message)

    def localized(self, zh: str | None, en: str | None, _lang: str = "") -> str:
        """Two-language content in the visitor's language; kv passes ``app.lang`` to re-bind."""
        return self.services.localized(zh, en)


def visible_texts(widget) -> list[str]:
    """Texts of the visible labels and buttons under ``widget``, top to bottom; a tile gives
    its title and subtitle (not its pictogram); keyboards give nothing."""
    out: list[str] = []
    if widget.opacity == 0 or type(widget).__name__ in KioskScreen.SILENT:
        return out
    if type(widget).__name__ == "Tile":
        return [t for t in (widget.title, widget.subtitle) if t]
    if isinstance(widget, Label):
        return [widget.text] if widget.text.strip() else []
    for child in reversed(widget.children):
        out += visible_texts(child)
    return out


def fill(box, widgets: list) -> None:
    """``box`` holds ``widgets``, in that order, and nothing else (a screen's arrangement:
    the parts out of it are out of the tree, so they take no room and no touch)."""
    if list(reversed(box.children)) == widgets:
        return
    box.clear_widgets()
    for widget in widgets:
        box.add_widget(widget)
