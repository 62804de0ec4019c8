"""Working days for time-limited cases (限时办结): China's public holidays and make-up working
days (调休) from the ``chinesecalendar`` library (module ``chinese_calendar``), plus the days
a hall is closed locally (``HallClosure``).

The rule: a case's time limit of N working days counts from the day after it is received
(the day of receipt is not counted, as for any period counted in days), and the due date
is the N-th working day after it. A working day is a day the State Council's calendar
makes one (Monday to Friday except public holidays, plus the make-up Saturdays and Sundays)
on which the hall is not closed.

Coverage: the library carries the State Council's yearly notice, published each
November or December for the next year; version 1.11.0 covers 2004 to 2026. For a day
beyond its coverage we do not guess holidays: such a day counts as a working day when it is
Monday to Friday and the hall is not closed, and the due date is marked *estimated*
(``Due.estimated``) so the console says so. Upgrading the library (and entering local
closures) makes later due dates exact; an estimated due date is computed again when the
case changes state (central.services.cases).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Collection

import chinese_calendar
from sqlalchemy import select
from sqlalchemy.orm import Session

from central.models.casework import HallClosure

__all__ = ["Due", "covered", "is_working_day", "add_working_days", "working_days_between",
           "closures", "due_date", "MAX_LIMIT_DAYS"]

MAX_LIMIT_DAYS = 365   # a time limit longer than this is a data error, not a case


@dataclass(frozen=True)
class Due:
    day: date
    estimated: bool    # it crossed a year the holiday calendar does not cover yet


def covered(day: date) -> bool:
    """Whether the national calendar knows this day's year."""
    try:
        chinese_calendar.is_workday(day)
    except NotImplementedError:
        return False
    return True


def is_working_day(day: date, closed: Collection[date] = ()) -> tuple[bool, bool]:
    """(working, estimated): a working day of the hall; ``estimated`` for a year the
    calendar does not cover (then Monday to Friday count)."""
    if day in closed:
        return False, False
    try:
        return chinese_calendar.is_workday(day), False
    except NotImplementedError:
        return day.weekday() < 5, True


def add_working_days(start: date, days: int, closed: Collection[date] = ()) -> Due:
    """The ``days``-th working day after ``start`` (``start`` itself not counted)."""
    if not 0 <= days <= MAX_LIMIT_DAYS:
        raise ValueError(f"a time limit must be 0..{MAX_LIMIT_DAYS} working days")
    day, counted, estimated = start, 0, False
    while counted < days:
        day += timedelta(days=1)
        working, guessed = is_working_day(day, closed)
        estimated |= guessed
        counted += working
    return Due(day, estimated)


def working_days_between(start: date, end: date, closed: Collection[date] = ()) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` <= ``start``)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_working_day(day, closed)[0]
    return count


def closures(db: Session, hall_id: int, start: date, days: int = MAX_LIMIT_DAYS * 2) -> set[date]:
    """The hall's local closure days from ``start`` on (a limit's worth of calendar days)."""
    return set(db.scalars(select(HallClosure.day).where(
        HallClosure.hall_id == hall_id, HallClosure.day > start,
        HallClosure.day <= start + timedelta(days=days))))


def due_date(db: Session, hall_id: int, start: date, days: int) -> Due:
    """The due date of a case received in ``hall_id`` on ``start`` with a limit of ``days``."""
    return add_working_days(start, days, closures(db, hall_id, start, days * 3 + 60))
