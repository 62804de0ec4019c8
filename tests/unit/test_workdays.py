"""Working days for case due dates (central.services.workdays): weekends, China's public
holidays and make-up working days (调休) from chinesecalendar, a hall's own closure days,
and years the library does not cover yet."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from central.services import workdays as w


def test_a_weekend_is_skipped():
    friday = date(2026, 11, 20)
    assert w.add_working_days(friday, 1) == w.Due(date(2026, 11, 23), False)   # Monday
    assert w.add_working_days(friday, 5).day == date(2026, 11, 27)
    assert w.add_working_days(date(2026, 11, 21), 1).day == date(2026, 11, 23)  # from a Saturday


def test_national_day_2026_and_its_make_up_saturday():
    # 2026: Oct 1-7 are holidays; Saturday Oct 10 is a make-up working day, Sunday Oct 11 is not
    assert not w.is_working_day(date(2026, 10, 5))[0]           # a Monday, but National Day
    assert w.is_working_day(date(2026, 10, 10)) == (True, False)   # a Saturday that is worked
    assert not w.is_working_day(date(2026, 10, 11))[0]
    sept_30 = date(2026, 9, 30)                                  # Wednesday before the holiday
    assert w.add_working_days(sept_30, 1).day == date(2026, 10, 8)
    assert w.add_working_days(sept_30, 3).day == date(2026, 10, 10)   # Thu 8, Fri 9, Sat 10
    assert w.add_working_days(sept_30, 4).day == date(2026, 10, 12)   # Sunday 11 is skipped
    # counted by hand from Monday Sep 28: 29, 30, Oct 8, 9, 10, 12, 13, 14, 15, 16
    assert w.add_working_days(date(2026, 9, 28), 10).day == date(2026, 10, 16)


def test_a_hall_closure_is_skipped_too():
    monday = date(2026, 11, 23)
    closed = {date(2026, 11, 24)}
    assert w.add_working_days(monday, 1, closed).day == date(2026, 11, 25)
    assert w.add_working_days(monday, 5, closed).day == date(2026, 12, 1)
    assert w.working_days_between(monday, date(2026, 11, 27), closed) == 3


def test_beyond_the_calendar_weekdays_count_and_the_date_is_marked_estimated():
    assert not w.covered(date(2027, 1, 4)) and w.covered(date(2026, 12, 31))
    due = w.add_working_days(date(2026, 12, 30), 3)
    # Dec 31 (Thu, covered), then Jan 1 2027 is counted as a plain Friday: no guessing
    assert due == w.Due(date(2027, 1, 4), True)
    assert w.add_working_days(date(2026, 12, 1), 5).estimated is False


def test_zero_days_is_the_same_day_and_absurd_limits_are_refused():
    assert w.add_working_days(date(2026, 11, 23), 0).day == date(2026, 11, 23)
    for days in (-1, w.MAX_LIMIT_DAYS + 1):
        with pytest.raises(ValueError):
            w.add_working_days(date(2026, 11, 23), days)


def test_every_due_date_is_a_working_day_after_the_start():
    start = date(2026, 1, 1)
    for n in range(1, 40):
        for offset in range(0, 300, 23):
            day = start + timedelta(days=offset)
            due = w.add_working_days(day, n).day
            assert due > day and w.is_working_day(due)[0]
            assert w.working_days_between(day, due) == n
