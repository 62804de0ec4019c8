"""Home screen: four big tiles, identification and the accessibility toggles."""

from __future__ import annotations

from screens import load_kv
from screens.base import KioskScreen

__all__ = ["HomeScreen"]


class HomeScreen(KioskScreen):
    def __init__(self, **kwargs):
        load_kv(__file__)
        super().__init__(**kwargs)
