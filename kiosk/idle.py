"""Idle timeout: a warning countdown, then the session ends. Pure logic with a clock you pass in."""

from __future__ import annotations

import time
from typing import Any, Callable

__all__ = ["IdleTimer"]


class IdleTimer:
    """``poll()`` returns "active", "warning" (with ``remaining``) or "expired" (once)."""

    def __init__(self, timeout_s: float, warning_s: float,
                 now: Callable[[], float] = time.monotonic):
        self.timeout_s, self.warning_s = timeout_s, min(warning_s, timeout_s)
        self._now = now
        self._last = now()
        self.armed = False

    def reconfigure(self, settings: Any) -> None:
        """Take the timeout and warning of new (remote) settings (``settings.terminal``)."""
        self.timeout_s = settings.terminal.idle_timeout_s
        self.warning_s = min(settings.terminal.idle_warning_s, self.timeout_s)

    def arm(self) -> None:
        self.armed = True
        self.touch()

    def disarm(self) -> None:
        self.armed = False

    def touch(self) -> None:
        self._last = self._now()

    @property
    def remaining(self) -> float:
        return max(0.0, self.timeout_s - (self._now() - self._last))

    def poll(self) -> str:
        if not self.armed:
            return "active"
        left = self.remaining
        if left <= 0:
            self.armed = False
            return "expired"
        return "warning" if left <= self.warning_s else "active"
