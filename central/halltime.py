"""The hall's clock: halls run on China Standard Time (UTC+8, no daylight saving).

Times are stored in UTC; a hall's day and hour are read through this module only, in
Python (``day_of``, ``hall_today``, ``day_start``, ``hall_time``) and in SQL (``hall_day``,
``hall_hour``, compiled for SQLite and PostgreSQL), so the offset is written once.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import Integer, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from central.models.base import utcnow

__all__ = ["HALL_UTC_OFFSET", "HALL_TZ", "day_of", "hall_today", "day_start", "hall_time",
           "hall_day", "hall_hour"]

#: halls run on China Standard Time
HALL_UTC_OFFSET = timedelta(hours=8)
HALL_TZ = timezone(HALL_UTC_OFFSET, "CST")
_OFFSET_S = int(HALL_UTC_OFFSET.total_seconds())


def hall_time(when: datetime) -> datetime:
    """A UTC time (naive ones are taken as UTC) as the hall's wall clock shows it."""
    return when.replace(tzinfo=when.tzinfo or timezone.utc).astimezone(HALL_TZ)


def day_of(when: datetime) -> str:
    """The hall's day of a UTC time, as ``YYYY-MM-DD``."""
    return hall_time(when).strftime("%Y-%m-%d")


def hall_today() -> date:
    """The hall's date now."""
    return hall_time(utcnow()).date()


def day_start(day: date) -> datetime:
    """The UTC time at which the hall's ``day`` begins."""
    return datetime.combine(day, time(), tzinfo=HALL_TZ).astimezone(timezone.utc)


class hall_day(FunctionElement):
    """SQL: the hall's day (``YYYY-MM-DD`` text) of a UTC time column."""

    type = String()
    inherit_cache = True


class hall_hour(FunctionElement):
    """SQL: the hour (0-23) on the hall's clock of a UTC time column."""

    type = Integer()
    inherit_cache = True


@compiles(hall_day, "sqlite")
def _hall_day_sqlite(element, compiler, **kw):
    return f"date({compiler.process(element.clauses, **kw)}, '+{_OFFSET_S} seconds')"


@compiles(hall_day, "postgresql")
def _hall_day_postgresql(element, compiler, **kw):
    return (f"to_char(timezone('UTC', {compiler.process(element.clauses, **kw)}) "
            f"+ interval '{_OFFSET_S} seconds', 'YYYY-MM-DD')")


@compiles(hall_hour, "sqlite")
def _hall_hour_sqlite(element, compiler, **kw):
    return (f"CAST(strftime('%H', {compiler.process(element.clauses, **kw)}, "
            f"'+{_OFFSET_S} seconds') AS INTEGER)")


@compiles(hall_hour, "postgresql")
def _hall_hour_postgresql(element, compiler, **kw):
    return (f"CAST(extract(hour from timezone('UTC', {compiler.process(element.clauses, **kw)}) "
            f"+ interval '{_OFFSET_S} seconds') AS INTEGER)")
