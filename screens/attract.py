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
    shell_state = ("clock_text", "date_text", "announcement")

    def __init__(self, **kwargs):
        load_kv(__file__)
        super().__init__(**kwargs)
        self._tick(0)
        self._clock = None

    def on_enter(self, *_):
        self._clock = Clock.schedule_interval(self._tick, 1)
        self._turn = 0
        self.show_announcement()

    def show_announcement(self) -> None:
        """One of the hall's announcements (synced from the central service), in turn."""
        import json
        store = self.services.store if self.services else None
        try:
            items = json.loads(store.get("announcements", "[]")) if store is not None else []
        except ValueError:
            items = []
        if not items:
            self.announcement = ""
            return
        item = items[getattr(self, "_turn", 0) % len(items)]
        self.announcement = self.services.localized(item.get("text"), item.get("text_en"))
        self._turn = getattr(self, "_turn", 0) + 1

    def on_leave(self, *_):
        if self._clock is not None:
            self._clock.cancel()

    def on_language(self) -> None:
        self._turn = max(0, getattr(self, "_turn", 1) - 1)
        self.show_announcement()

    def _tick(self, _dt) -> None:
        now = time.localtime()
        if now.tm_sec % 8 == 0:
            self.show_announcement()
        self.clock_text = time.strftime("%H:%M", now)
        self.date_text = time.strftime("%Y-%m-%d", now)

    def on_touch_down(self, touch):
        if super().on_touch_down(touch):
            return True
        self.services.start_session()
        return True
