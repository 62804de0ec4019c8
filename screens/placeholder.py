"""A screen for a module that is not built yet; it says so on screen."""

from __future__ import annotations

from kivy.properties import StringProperty

from screens import load_kv
from screens.base import KioskScreen

__all__ = ["PlaceholderScreen"]


class PlaceholderScreen(KioskScreen):
    title = StringProperty("")

    def __init__(self, **kwargs):
        load_kv(__file__)
        super().__init__(**kwargs)
