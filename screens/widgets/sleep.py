"""The dark screen of a sleeping terminal (kiosk/power.py): black, one dim line saying when it
wakes, over everything (the top bar too). A touch wakes the terminal for a while; it is not
passed on, so the touch that wakes the screen does not also press what lies under it."""

from __future__ import annotations

from typing import Callable

from kivy.properties import StringProperty
from kivy.uix.floatlayout import FloatLayout

from screens import load_kv

__all__ = ["SleepOverlay"]


class SleepOverlay(FloatLayout):
    text = StringProperty("")   # when it wakes, in the terminal's language

    def __init__(self, on_touch: Callable[[], None], **kwargs):
        load_kv(__file__)
        super().__init__(**kwargs)
        self._on_touch = on_touch

    def on_touch_down(self, touch) -> bool:
        self._on_touch()
        return True

    def on_touch_move(self, touch) -> bool:
        return True

    def on_touch_up(self, touch) -> bool:
        return True
