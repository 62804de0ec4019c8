"""The Halls page's rules: a hall's names, address, opening hours, time zone, wait target and
how early its screens wake, for admins (a city-wide admin every hall, an admin of one hall
that hall). Every change is checked against the power schedule's own rule (hallcore/power.py,
the same the terminals and the fleet apply) and audited with what it changed.

Refusals are the service layer's (errors.py): Invalid with the reason for a value the rule
cannot use, NotFound for a hall that is not the caller's, Forbidden below admin.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from central.audit import audit
from central.i18n import N_
from central.models import Hall, StaffUser
from central.schemas.halls import HallEditIn
from central.services import access, power
from central.services.errors import Invalid, NotFound
from hallcore.power import PowerSchedule, ScheduleError

__all__ = ["editable_halls", "editable_hall", "update_hall", "form_values", "hours_rows",
           "schedule_words", "WEEKDAY_NAMES", "FIELDS"]

# ISO weekday -> its name on the page
WEEKDAY_NAMES = {"1": N_("Monday"), "2": N_("Tuesday"), "3": N_("Wednesday"), "4": N_("Thursday"),
                 "5": N_("Friday"), "6": N_("Saturday"), "7": N_("Sunday")}
FIELDS = ("name", "name_en", "address", "timezone", "opening_hours", "wait_target_min",
          "wake_before_min")


def editable_halls(db: Session, user: StaffUser) -> list[Hall]:
    """The halls this person may edit (admin there), in id order."""
    return access.hall_choices(db, user, "admin")


def editable_hall(db: Session, user: StaffUser, hall_id: int) -> Hall:
    """The hall, for an admin of it (another hall's is not found)."""
    access.require(user, hall_id, "admin", "hall")
    hall = db.get(Hall, hall_id)
    if hall is None:
        raise NotFound("no such hall")
    return hall


def update_hall(db: Session, user: StaffUser, hall_id: int, change: HallEditIn) -> Hall:
    """Apply the form's values after the power schedule's rule has accepted them; audited
    with the fields that changed. Commits."""
    hall = editable_hall(db, user, hall_id)
    try:
        schedule = PowerSchedule.parse({"timezone": change.timezone,
                                        "opening_hours": change.opening_hours,
                                        "wake_before_min": change.wake_before_min})
    except ScheduleError as exc:
        raise Invalid(str(exc)) from None
    values = {**change.model_dump(), "opening_hours": schedule.opening_hours}
    changed = sorted(k for k in FIELDS if getattr(hall, k) != values[k])
    for key in changed:
        setattr(hall, key, values[key])
    audit(db, user, "hall_update", f"hall:{hall.id}", ", ".join(changed) or "no change")
    db.commit()
    return hall


def form_values(hall: Hall) -> dict[str, Any]:
    """The edit form's fields as the hall holds them (``open_N``/``close_N`` per weekday)."""
    values = {k: getattr(hall, k) for k in FIELDS if k != "opening_hours"}
    for day in WEEKDAY_NAMES:
        values[f"open_{day}"], values[f"close_{day}"] = (hall.opening_hours or {}).get(day) or ("", "")
    return values


def hours_rows(hours: dict[str, list[str]]) -> list[tuple[str, str, str, str]]:
    """(weekday, its name, opens, closes), Monday first; a closed day's times empty."""
    return [(day, name, *((hours or {}).get(day) or ("", ""))) for day, name in WEEKDAY_NAMES.items()]


def schedule_words(hall: Hall, now: datetime, gettext: Any) -> str:
    """The hall's state as the list shows it: open, asleep until a time, or no schedule."""
    schedule = power.schedule_of(hall)
    if not schedule.opening_hours:
        return gettext(N_("No opening hours: screens stay on"))
    wakes = schedule.wakes_at(now)
    if wakes is None:
        return gettext(N_("Screens on"))
    local = wakes.astimezone(schedule.zone)
    today = now.astimezone(schedule.zone).date()
    day = "" if local.date() == today else gettext(WEEKDAY_NAMES[str(local.isoweekday())]) + " "
    return gettext(N_("Asleep until %(time)s")) % {"time": day + local.strftime("%H:%M")}
