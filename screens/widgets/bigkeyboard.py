"""A keyboard that fits fingers: QWERTY letters for pinyin, laid out like a real keyboard
(rows staggered by half a key and a key and a half), and a separate large numeric pad
(an ID number's X included). One state property, ``mode``, says which is shown.

Keys are ``KeyButton``s: a key darkens while a finger is on it. Key widths are in key
units (``LETTER_ROWS``/``NUMBER_ROWS``, data), so the layout fills any width; at the
1280-pixel width of the terminal's screen a letter key is about 120 px wide.

Emits ``on_key(key)`` for every key ("a".."z", "0".."9", "x", "'", "space",
"backspace", "clear") and keeps ``text``. Labels that are words go through ``gettext``
(``app.t`` in the app); set ``lang`` to relabel on a language switch.
"""

from __future__ import annotations

from typing import Callable

from kivy.properties import NumericProperty, ObjectProperty, OptionProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.layout import Layout
from kivy.uix.widget import Widget

from kiosk.i18n import N_
from screens import load_kv
from screens.widgets.buttons import KeyButton

__all__ = ["BigKeyboard", "KeyRow", "LETTER_ROWS", "NUMBER_ROWS", "LABELS", "typed"]

# (key, width in key units); None is a gap. Every row is ten units: keys line up like a
# real keyboard's, and a row's gaps are its stagger.
LETTER_ROWS: list[list[tuple[str | None, float]]] = [
    [(c, 1) for c in "qwertyuiop"],
    [(None, 0.5)] + [(c, 1) for c in "asdfghjkl"] + [(None, 0.5)],
    [(None, 1.5)] + [(c, 1) for c in "zxcvbnm"] + [("backspace", 1.5)],
    [("numbers", 1.5), ("'", 1), ("space", 6), ("clear", 1.5)],
]
NUMBER_ROWS: list[list[tuple[str | None, float]]] = [
    [("1", 1), ("2", 1), ("3", 1), ("backspace", 1)],
    [("4", 1), ("5", 1), ("6", 1), ("clear", 1)],
    [("7", 1), ("8", 1), ("9", 1), ("x", 1)],
    [("letters", 1), ("0", 3)],
]
LABELS = {"space": N_("Space"), "clear": N_("Clear"), "backspace": "←",
          "numbers": "123", "letters": "ABC", "'": "'", "x": "X"}


def typed(text: str, key: str, max_length: int) -> str:
    """``text`` after ``key``: editing keys edit, one space at most between words, and
    nothing is added past ``max_length``."""
    if key == "backspace":
        return text[:-1]
    if key == "clear":
        return ""
    if key == "space":
        return text + " " if text and not text.endswith(" ") else text
    return text + key if len(text) < max_length else text


class KeyRow(Layout):
    """Keys placed by key units, as on a real keyboard: a unit is as wide on every row,
    with one ``gap`` between neighbours, so a row's gaps (None keys) are its stagger."""

    gap = NumericProperty(10)

    def __init__(self, keys: list[tuple[Widget | None, float]], units: float, **kwargs):
        super().__init__(**kwargs)
        self.units, self.places = units, []
        at = 0.0
        for widget, width in keys:
            if widget is not None:
                self.places.append((widget, at, width))
                self.add_widget(widget)
            at += width
        self.fbind("size", self._trigger_layout)
        self.fbind("pos", self._trigger_layout)

    def do_layout(self, *_):
        unit = (self.width + self.gap) / self.units
        for widget, at, width in self.places:
            widget.size_hint = (None, None)
            widget.pos = (self.x + at * unit, self.y)
            widget.size = (width * unit - self.gap, self.height)


class BigKeyboard(BoxLayout):
    text = StringProperty("")
    mode = OptionProperty("letters", options=["letters", "numbers"])
    max_length = NumericProperty(40)
    gettext = ObjectProperty(lambda message: message)
    lang = StringProperty("")
    __events__ = ("on_key",)

    def __init__(self, **kwargs):
        load_kv(__file__)
        self.keys: dict[str, KeyButton] = {}
        self._built = False  # property events during __init__ wait for the kv rule
        super().__init__(**kwargs)
        self._build()

    def on_mode(self, *_):
        if self._built:
            self._build()

    def on_lang(self, *_):
        self._label_keys()

    def on_gettext(self, *_):
        self._label_keys()

    def _build(self) -> None:
        self.clear_widgets()
        self.keys = {}
        numbers = self.mode == "numbers"
        pad = BoxLayout(orientation="vertical", spacing=self.spacing,
                        size_hint_x=0.5 if numbers else 1)
        rows = NUMBER_ROWS if numbers else LETTER_ROWS
        for row in rows:
            placed = []
            for key, units in row:
                button = None if key is None else KeyButton()
                if button is not None:
                    button.bind(on_release=lambda _b, k=key: self.press(k))
                    self.keys[key] = button
                placed.append((button, units))
            pad.add_widget(KeyRow(placed, sum(u for _, u in rows[0]), gap=self.spacing))
        if numbers:  # a large pad, centred: a keypad is not stretched across the screen
            self.add_widget(Widget(size_hint_x=0.25))
            self.add_widget(pad)
            self.add_widget(Widget(size_hint_x=0.25))
        else:
            self.add_widget(pad)
        self._built = True
        self._label_keys()

    def _label_keys(self) -> None:
        translate: Callable[[str], str] = self.gettext
        for key, button in self.keys.items():
            if key in ("space", "clear"):
                button.text = translate(LABELS[key])
            else:
                button.text = LABELS.get(key, key.upper())

    def press(self, key: str) -> None:
        """What a key does; also callable from a hardware keypad."""
        if key in ("numbers", "letters"):
            self.mode = key
            return
        self.text = typed(self.text, key, int(self.max_length))
        self.dispatch("on_key", key)

    def on_key(self, key: str) -> None:
        pass
