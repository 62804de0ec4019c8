"""The typing panel (输入面板): everything a visitor needs to fill one text field on the touch
screen. The field's text is shown at the top with a tab for each way to type beside it:
pinyin on the finger-sized keyboard (``BigKeyboard``) or characters written with a finger
on the handwriting pad (``HandPad``), which offers candidates; a picked candidate is added
to the field as a typed key would be.

``text`` is the field: a screen binds it (``text: root.query`` in kv, and a Python
binding back), so setting it from outside (a wipe) empties the keyboard and the pad too.
``services`` (kiosk.services.Services) comes in from the screen; through it the pad
recognises on the app's worker, never on the UI thread, and elders' mode speaks keys and
picked characters.

Built lazily: the keyboard with the panel (when its screen is first shown), the pad and the
handwriting engine only when the visitor first chooses handwriting. Whether the engine can
work here (a library and a model on disk) is asked on the worker when the panel gets its
services; until the answer comes the handwriting tab is dimmed and does nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kivy.properties import BooleanProperty, ObjectProperty, OptionProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from screens import load_kv
from screens.widgets.bigkeyboard import BigKeyboard, typed

if TYPE_CHECKING:
    from screens.widgets.handpad import HandPad

__all__ = ["TypingPanel"]


class TypingPanel(BoxLayout):
    services = ObjectProperty(None, allownone=True)
    #: the field's text
    text = StringProperty("")
    #: shown in the field while it is empty (translated by the screen's kv)
    hint = StringProperty("")
    #: how the visitor types: pinyin keys or the handwriting pad
    mode = OptionProperty("letters", options=["letters", "handwriting"])
    #: the handwriting engine answered that it can work on this terminal
    ready = BooleanProperty(False)

    def __init__(self, **kwargs):
        load_kv(__file__)
        self.keyboard = BigKeyboard()
        self.pad: HandPad | None = None   # built when first chosen
        self._asked = False
        super().__init__(**kwargs)
        self.keyboard.bind(text=self.setter("text"), on_key=self._key)

    def on_kv_post(self, _base) -> None:
        # a panel in a screen's kv is built before its own rule gives it ``input_area``
        self.ids["keyboard"] = self.keyboard
        self.ids.input_area.add_widget(self.keyboard)

    def on_services(self, _inst, services) -> None:
        if services is None:
            return
        self.keyboard.gettext = services.translator.gettext
        self.keyboard.lang = services.translator.language
        services.translator.bind(lambda lang: setattr(self.keyboard, "lang", lang))
        if not self._asked and services.worker is not None:
            self._asked = True   # finding the library is file I/O: not on the UI thread
            services.worker.submit(services.handwriting_unavailable, on_done=self._answered)

    def _answered(self, reason: str | None) -> None:
        self.ready = reason is None

    # -- what the visitor does -------------------------------------------------------------------
    def choose_handwriting(self) -> None:
        if self.ready:
            self.mode = "handwriting"

    def on_mode(self, _inst, mode: str) -> None:
        area = self.ids.input_area
        area.clear_widgets()   # the other one leaves the tree: it takes no touches
        if mode == "handwriting":
            area.add_widget(self._handpad())
        else:
            area.add_widget(self.keyboard)

    def _handpad(self) -> HandPad:
        if self.pad is None:
            from screens.widgets.handpad import HandPad
            self.pad = HandPad(recognise=self.services.handwriting.candidates,
                               submit=self.services.worker.submit)
            self.pad.bind(on_pick=self._written)
            self.ids["pad"] = self.pad
        return self.pad

    def _written(self, _pad, char: str) -> None:
        self.keyboard.text = typed(self.keyboard.text, char, int(self.keyboard.max_length))
        guide = self.services.guide if self.services is not None else None
        if guide is not None:
            guide.written(char)

    def _key(self, _kb, key: str) -> None:
        guide = self.services.guide if self.services is not None else None
        if guide is not None:
            guide.key_pressed(key)

    def on_text(self, _inst, text: str) -> None:
        if self.keyboard.text != text:   # set from outside (a wipe): what was typed goes too
            self.keyboard.text = text
            if self.pad is not None:
                self.pad.clear()

    def reset(self) -> None:
        """The visit is over: back to the letter keys, with nothing half-written on the pad."""
        self.mode = "letters"
        self.keyboard.mode = "letters"
        if self.pad is not None:
            self.pad.clear()
