"""The terminal's sleep: outside its hall's opening hours (the rule: hallcore/power.py) the
display is turned off through the kiosk session (DPMS with ``xset`` by default) and the
terminal shows a dark screen; a touch wakes it for ``touch_wake_s``, then it sleeps again.
A visitor is never cut short: the terminal sleeps only when no session is active.

``PowerManager`` is pure logic with a clock you pass in (like kiosk.idle): the app polls it
on the Kivy clock and acts on a change of state; ``DisplayPower`` runs the commands in the
app's worker, off the UI thread (``xset`` talks to the X server and may stall with it).

The schedule arrives with the sync round (kiosk.sync keeps it in the store under
``SCHEDULE_KEY``); a terminal that has none, or one it cannot read, never sleeps.
"""

from __future__ import annotations

import json
import logging
import shlex
import subprocess
from datetime import datetime, timedelta, timezone
from typing import Callable

from hallcore.power import PowerSchedule, ScheduleError

__all__ = ["PowerManager", "DisplayPower", "SCHEDULE_KEY", "AWAKE", "ASLEEP", "WOKEN"]

log = logging.getLogger(__name__)
SCHEDULE_KEY = "power_schedule"
AWAKE, ASLEEP, WOKEN = "awake", "asleep", "woken"   # woken: the hall sleeps, a touch woke us


class PowerManager:
    """``poll(busy)`` answers "awake", "asleep" or "woken"; ``touch()`` wakes a sleeping
    terminal for ``touch_wake_s``; ``load(text)`` takes the schedule as the store keeps it."""

    def __init__(self, schedule: PowerSchedule | None = None, touch_wake_s: float = 60,
                 now: Callable[[], datetime] = lambda: datetime.now(timezone.utc)):
        self.schedule = schedule or PowerSchedule()
        self.touch_wake_s = touch_wake_s
        self._now = now
        self._loaded: str | None = None
        self._woken_until: datetime | None = None
        self.state = AWAKE

    def load(self, text: str | None) -> None:
        """Take the schedule the store holds (JSON), when it changed; a bad one: never asleep."""
        if text == self._loaded:
            return
        self._loaded = text
        try:
            self.schedule = PowerSchedule.parse(json.loads(text)) if text else PowerSchedule()
        except (ValueError, TypeError, AttributeError, ScheduleError) as exc:
            log.warning("power schedule ignored, the screen stays on: %s", exc)
            self.schedule = PowerSchedule()

    def touch(self) -> None:
        """A touch while the hall sleeps keeps the terminal awake a while."""
        if self.state != AWAKE:
            self._woken_until = self._now() + timedelta(seconds=self.touch_wake_s)

    def poll(self, busy: bool = False) -> str:
        """The state now; ``busy``: a visitor's session is active (then never asleep)."""
        now = self._now()
        if not self.schedule.asleep(now):
            self.state, self._woken_until = AWAKE, None
        elif busy or (self._woken_until is not None and now < self._woken_until):
            self.state = WOKEN
        else:
            self.state = ASLEEP
        return self.state

    def wakes_at(self) -> datetime | None:
        """When the hall's screens wake next (UTC), while it sleeps."""
        return self.schedule.wakes_at(self._now())

    def wakes_at_local(self) -> str:
        """The wake time as the hall's clock shows it ("08:15"), or ""."""
        wakes = self.wakes_at()
        return wakes.astimezone(self.schedule.zone).strftime("%H:%M") if wakes else ""


class DisplayPower:
    """Turns the display off and on with the configured commands (the session's X server:
    ``xset``); a command that fails is logged, and the terminal goes on."""

    def __init__(self, off_command: str, on_command: str, timeout_s: float = 10):
        self.off_command, self.on_command, self.timeout_s = off_command, on_command, timeout_s

    def off(self) -> bool:
        return self._run(self.off_command)

    def on(self) -> bool:
        return self._run(self.on_command)

    def _run(self, command: str) -> bool:
        if not command.strip():
            return True
        try:
            done = subprocess.run(shlex.split(command), capture_output=True, text=True,
                                  timeout=self.timeout_s)
        except (OSError, ValueError, subprocess.TimeoutExpired) as exc:
            log.warning("display command %r failed: %s", command, exc)
            return False
        if done.returncode:
            log.warning("display command %r exited %s: %s", command, done.returncode,
                        done.stderr.strip()[-300:])
        return done.returncode == 0
