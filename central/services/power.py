"""The power schedule on the service: each hall's screens sleep outside its opening hours
(the rule is hallcore/power.py, shared with the terminal). Terminals fetch their hall's
schedule with their sync round; the fleet asks whether a hall sleeps now, so a sleeping
terminal is not an alert, and says until when."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.orm import Session

from central.models import Hall, Kiosk
from hallcore.contract import PowerScheduleOut
from hallcore.power import PowerSchedule, ScheduleError

__all__ = ["schedule_of", "kiosk_schedule", "asleep_until"]

log = logging.getLogger(__name__)


def schedule_of(hall: Hall) -> PowerSchedule:
    """The hall's schedule; a hall whose stored hours the rule cannot read never sleeps
    (logged), rather than going dark or failing the fleet page."""
    try:
        return PowerSchedule.parse({"timezone": hall.timezone, "opening_hours": hall.opening_hours,
                                    "wake_before_min": hall.wake_before_min})
    except ScheduleError as exc:
        log.warning("hall %s: power schedule unusable, screens stay on: %s", hall.id, exc)
        return PowerSchedule()   # no hours: never asleep


def kiosk_schedule(db: Session, kiosk: Kiosk) -> PowerScheduleOut:
    """The calling terminal's hall schedule, as the terminal applies it."""
    return PowerScheduleOut(**schedule_of(db.get(Hall, kiosk.hall_id)).as_dict())


def asleep_until(schedule: PowerSchedule, now: datetime) -> datetime | None:
    """When the hall's screens wake, if they sleep at ``now``."""
    return schedule.wakes_at(now)
