"""When a hall's screens sleep: outside its opening hours, waking ``wake_before_min`` minutes
before the hall opens. One rule for both sides: the terminal turns its display off by it
(kiosk/power.py), the central service stops alerting for a sleeping terminal and says until
when (central/services/fleet.py).

Opening hours map an ISO weekday ("1" Monday .. "7" Sunday) to ``["HH:MM", "HH:MM"]`` in
the hall's time zone; a day absent is closed. A closing time at or before the opening time
runs past midnight ("22:00"-"02:00"); "24:00" closes at midnight. A hall with no hours at all
has no schedule and never sleeps: a hall set up before opening hours existed must not go dark.

Times are compared in UTC: each opening is turned into an instant with the hall's zone for its
own date, so a day on which the clocks change is as long as it really is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Iterator, Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["PowerSchedule", "ScheduleError", "parse_hours", "parse_timezone", "WEEKDAYS",
           "MAX_WAKE_BEFORE_MIN"]

WEEKDAYS = ("1", "2", "3", "4", "5", "6", "7")
MAX_WAKE_BEFORE_MIN = 240
_CLOCK = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$|^24:00$")


class ScheduleError(ValueError):
    """Opening hours, a time zone or a wake time the rule cannot use; the message says which."""


def _clock(value: Any) -> time | None:
    """"HH:MM" as a time; "24:00" as None (midnight at the end of the day)."""
    if not isinstance(value, str) or not _CLOCK.match(value):
        raise ScheduleError(f"not a time of day (HH:MM): {str(value)[:20]!r}")
    return None if value == "24:00" else time(int(value[:2]), int(value[3:]))


def parse_hours(hours: Any) -> dict[str, list[str]]:
    """Opening hours checked and in weekday order; ScheduleError names what is wrong."""
    if not isinstance(hours, Mapping):
        raise ScheduleError("opening hours are a table of weekdays")
    out = {}
    for day in sorted(hours, key=str):
        span = hours[day]
        if day not in WEEKDAYS:
            raise ScheduleError(f"not a weekday (1-7): {str(day)[:10]!r}")
        if not isinstance(span, (list, tuple)) or len(span) != 2:
            raise ScheduleError(f"day {day}: an opening and a closing time")
        opens, closes = _clock(span[0]), _clock(span[1])
        if opens is None or opens == closes:
            raise ScheduleError(f"day {day}: opens at {span[0]} and closes at {span[1]}")
        out[day] = [str(span[0]), str(span[1])]
    return out


def parse_timezone(name: Any) -> ZoneInfo:
    """The IANA time zone ``name``; ScheduleError if there is none by that name."""
    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z][A-Za-z0-9_+\-/]{0,39}", name):
        raise ScheduleError(f"not a time zone: {str(name)[:40]!r}")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ScheduleError(f"no time zone {name!r}") from None


@dataclass(frozen=True)
class PowerSchedule:
    """A hall's opening hours in its time zone, and how early its screens wake."""

    timezone: str = "Asia/Shanghai"
    opening_hours: dict[str, list[str]] = field(default_factory=dict)
    wake_before_min: int = 15

    @classmethod
    def parse(cls, data: Mapping[str, Any]) -> "PowerSchedule":
        """From what the service sends (or a hall row's fields); ScheduleError if unusable."""
        wake = data.get("wake_before_min", 15)
        if not isinstance(wake, int) or isinstance(wake, bool) or not 0 <= wake <= MAX_WAKE_BEFORE_MIN:
            raise ScheduleError(f"wake-before minutes are 0-{MAX_WAKE_BEFORE_MIN}")
        zone = data.get("timezone", "Asia/Shanghai")
        parse_timezone(zone)
        return cls(zone, parse_hours(data.get("opening_hours") or {}), wake)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def _awake_spans(self, day: date) -> Iterator[tuple[datetime, datetime]]:
        """The awake span (UTC) of the opening that starts on local date ``day``, if any."""
        span = self.opening_hours.get(str(day.isoweekday()))
        if not span:
            return
        opens, closes = _clock(span[0]), _clock(span[1])
        start = datetime.combine(day, opens, self.zone)
        end_day = day + timedelta(days=1) if closes is None or closes <= opens else day
        end = datetime.combine(end_day, closes or time(0), self.zone)
        yield (start.astimezone(timezone.utc) - timedelta(minutes=self.wake_before_min),
               end.astimezone(timezone.utc))

    def _spans_from(self, day: date, days: int) -> Iterator[tuple[datetime, datetime]]:
        for offset in range(days):
            yield from self._awake_spans(day + timedelta(days=offset))

    def asleep(self, at: datetime) -> bool:
        """Whether the hall's screens sleep at the instant ``at`` (aware)."""
        if not self.opening_hours:
            return False
        at = at.astimezone(timezone.utc)
        local = at.astimezone(self.zone).date()
        # an opening that began yesterday may run past midnight; tomorrow's may wake today
        return not any(start <= at < end for start, end in self._spans_from(local - timedelta(days=1), 3))

    def wakes_at(self, at: datetime) -> datetime | None:
        """When the screens next wake (UTC), if they sleep at ``at``; else None."""
        if not self.asleep(at):
            return None
        at = at.astimezone(timezone.utc)
        local = at.astimezone(self.zone).date()
        starts = [start for start, _end in self._spans_from(local - timedelta(days=1), 9) if start > at]
        return min(starts) if starts else None

    def as_dict(self) -> dict[str, Any]:
        return {"timezone": self.timezone, "opening_hours": self.opening_hours,
                "wake_before_min": self.wake_before_min}
