"""Attract screen: hall name, clock, announcements and "touch to start"."""

from __future__ import annotations

import time

from kivy.clock import Clock
from kivy.properties import StringProperty

from screens import load_kv
from screens.base import KioskScreen

__all__ = ["AttractScreen"]


class AttractScreen(KioskScreen):
    clock_text = StringProperty("")
    date_text = StringProperty("")
    announcement = StringProperty("")
    idle_applies = False

    def __init__(self, **kwargs):
        load_kv(__file__)
        super().__init__(**kwargs)
        self._tick(0)
        self._clock = None

    def on_enter(self, *_):
        self._clock = Clock.schedule_interval(self._tick, 1)

    def on_leave(self, *_):
        if self._clock is not None:
            self._clock.cancel()

    def _tick(self, _dt) -> None:
        now = time.localtime()
        self.clock_text = time.strftime("%H:%M", now)
        self.date_text = time.strftime("%Y-%m-%d", now)

    def on_touch_down(self, touch):
        if super().on_touch_down(touch):
            return True
        self.services.extras["start_session"]()
        return True
