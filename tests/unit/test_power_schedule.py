"""The power schedule's rule (hallcore/power.py): asleep outside the opening hours, awake from
``wake_before_min`` before opening; across days, midnight, closed days and clock changes."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings, strategies as st

from hallcore.power import PowerSchedule, ScheduleError, parse_hours, parse_timezone

SHANGHAI = ZoneInfo("Asia/Shanghai")
WEEKDAYS_8_TO_5 = {d: ["08:30", "17:30"] for d in "12345"}


def local(*args, tz=SHANGHAI) -> datetime:
    return datetime(*args, tzinfo=tz)


def test_asleep_outside_hours_and_awake_from_wake_time():
    s = PowerSchedule("Asia/Shanghai", WEEKDAYS_8_TO_5, 15)
    # Monday 30 November 2026
    assert s.asleep(local(2026, 11, 30, 8, 14, 59))
    assert not s.asleep(local(2026, 11, 30, 8, 15))          # 15 minutes before opening
    assert not s.asleep(local(2026, 11, 30, 12, 0))
    assert not s.asleep(local(2026, 11, 30, 17, 29, 59))
    assert s.asleep(local(2026, 11, 30, 17, 30))              # closed: asleep at once
    assert s.wakes_at(local(2026, 11, 30, 12, 0)) is None     # awake: no wake time
    assert s.wakes_at(local(2026, 11, 30, 17, 30)) == local(2026, 12, 1, 8, 15)


def test_the_rule_works_in_utc_whatever_zone_the_instant_is_given_in():
    s = PowerSchedule("Asia/Shanghai", WEEKDAYS_8_TO_5, 15)
    assert not s.asleep(datetime(2026, 11, 30, 0, 15, tzinfo=timezone.utc))  # 08:15 in Shanghai
    assert s.asleep(datetime(2026, 11, 30, 0, 14, tzinfo=timezone.utc))


def test_weekend_sleeps_until_monday():
    s = PowerSchedule("Asia/Shanghai", WEEKDAYS_8_TO_5, 15)
    friday_evening = local(2026, 12, 4, 18, 0)
    assert s.asleep(local(2026, 12, 5, 12, 0)) and s.asleep(local(2026, 12, 6, 12, 0))
    assert s.wakes_at(friday_evening) == local(2026, 12, 7, 8, 15)


def test_wake_before_midnight_for_an_early_opening():
    s = PowerSchedule("Asia/Shanghai", {"2": ["00:10", "06:00"]}, 30)
    assert s.asleep(local(2026, 11, 30, 23, 39))            # Monday night
    assert not s.asleep(local(2026, 11, 30, 23, 40))        # wakes on Monday for Tuesday
    assert s.wakes_at(local(2026, 11, 30, 20, 0)) == local(2026, 11, 30, 23, 40)


def test_opening_past_midnight_and_closing_at_24():
    night = PowerSchedule("Asia/Shanghai", {"5": ["22:00", "02:00"]}, 0)
    assert not night.asleep(local(2026, 12, 5, 1, 59))      # Saturday 01:59: Friday's night
    assert night.asleep(local(2026, 12, 5, 2, 0))
    assert night.asleep(local(2026, 12, 4, 21, 59))
    late = PowerSchedule("Asia/Shanghai", {"1": ["09:00", "24:00"]}, 0)
    assert not late.asleep(local(2026, 11, 30, 23, 59))
    assert late.asleep(local(2026, 12, 1, 0, 0))


def test_no_hours_means_no_schedule_never_asleep():
    s = PowerSchedule("Asia/Shanghai", {}, 15)
    assert not s.asleep(local(2026, 11, 29, 3, 0)) and s.wakes_at(local(2026, 11, 29, 3, 0)) is None


def test_clock_change_day_wakes_at_local_time():
    # Berlin moves clocks forward on Sunday 29 March 2026; Monday opens 08:00 local (06:00 UTC)
    s = PowerSchedule("Europe/Berlin", {"1": ["08:00", "16:00"], "7": ["01:00", "04:00"]}, 10)
    berlin = ZoneInfo("Europe/Berlin")
    assert s.wakes_at(local(2026, 3, 29, 12, 0, tz=berlin)) == local(2026, 3, 30, 7, 50, tz=berlin)
    assert not s.asleep(local(2026, 3, 29, 3, 30, tz=berlin))  # 03:30 CEST is within 01:00-04:00


@pytest.mark.parametrize("hours", [
    {"8": ["08:00", "17:00"]}, {"1": ["8:00", "17:00"]}, {"1": ["08:00"]}, {"1": ["25:00", "26:00"]},
    {"1": ["08:00", "08:00"]}, {"1": ["24:00", "08:00"]}, {"1": "08:00-17:00"}, ["1"], None,
])
def test_bad_hours_are_refused_with_a_reason(hours):
    with pytest.raises(ScheduleError):
        parse_hours(hours)


def test_bad_time_zone_and_wake_minutes_are_refused():
    for zone in ("Mars/Olympus", "../../etc/passwd", "", 5):
        with pytest.raises(ScheduleError):
            parse_timezone(zone)
    for wake in (-1, 241, True, "15"):
        with pytest.raises(ScheduleError):
            PowerSchedule.parse({"timezone": "UTC", "opening_hours": {}, "wake_before_min": wake})


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.dictionaries(st.text(max_size=3), st.lists(st.text(max_size=6), max_size=3),
                                 max_size=8),
                 st.dictionaries(st.sampled_from("1234567"),
                                 st.lists(st.from_regex(r"\A[0-2][0-9]:[0-5][0-9]\Z"), min_size=2, max_size=2)),
                 st.none(), st.integers(), st.text()),
       st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1),
                    timezones=st.just(timezone.utc)),
       st.integers(0, 240))
def test_parse_refuses_or_gives_a_schedule_that_answers(hours, at, wake):
    try:
        s = PowerSchedule.parse({"timezone": "Asia/Shanghai", "opening_hours": hours, "wake_before_min": wake})
    except ScheduleError:
        return
    wakes = s.wakes_at(at)
    if s.asleep(at):
        assert wakes is not None and wakes > at and not s.asleep(wakes)
    else:
        assert wakes is None
