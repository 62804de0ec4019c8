"""The on-screen keyboard for search: letters, digits, space, backspace, clear.

Our own, with big keys, because a kiosk has no Chinese IME: visitors type pinyin
or initials and the search matches them (kiosk.search).
"""

from __future__ import annotations

from kivy.properties import StringProperty
from kivy.uix.gridlayout import GridLayout

from screens.widgets.buttons import KeyButton

__all__ = ["TouchKeyboard", "ROWS"]

ROWS = ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"]
MAX_LEN = 40


class TouchKeyboard(GridLayout):
    """``text`` is what has been typed; bind to it."""

    text = StringProperty("")

    def __init__(self, **kwargs):
        kwargs.setdefault("cols", 1)
        kwargs.setdefault("spacing", 8)
        super().__init__(**kwargs)
        from kivy.uix.boxlayout import BoxLayout
        self.keys: dict[str, KeyButton] = {}
        for row in ROWS:
            line = BoxLayout(spacing=8)
            for ch in row:
                key = KeyButton(text=ch.upper() if ch.isalpha() else ch)
                key.bind(on_release=lambda _k, c=ch: self.press(c))
                self.keys[ch] = key
                line.add_widget(key)
            if row.startswith("z"):
                back = KeyButton(text="←", size_hint_x=1.6)
                back.bind(on_release=lambda _k: self.press("backspace"))
                self.keys["backspace"] = back
                line.add_widget(back)
            self.add_widget(line)
        last = BoxLayout(spacing=8)
        for name, label, weight in (("clear", "C", 1.5), ("space", "—", 5)):
            key = KeyButton(text=label, size_hint_x=weight)
            key.bind(on_release=lambda _k, n=name: self.press(n))
            self.keys[name] = key
            last.add_widget(key)
        self.add_widget(last)

    def press(self, key: str) -> None:
        if key == "backspace":
            self.text = self.text[:-1]
        elif key == "clear":
            self.text = ""
        elif key == "space":
            if self.text and not self.text.endswith(" "):
                self.text += " "
        elif len(self.text) < MAX_LEN:
            self.text += key
