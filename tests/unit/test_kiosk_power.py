"""The terminal's sleep (kiosk/power.py) with a clock the test moves: asleep outside hours,
a touch wakes it for a while, a visitor is never cut short, a bad schedule never darkens."""

from __future__ import annotations

import json
import sys
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from kiosk.power import ASLEEP, AWAKE, WOKEN, DisplayPower, PowerManager

SHANGHAI = ZoneInfo("Asia/Shanghai")
SCHEDULE = json.dumps({"timezone": "Asia/Shanghai", "wake_before_min": 15,
                       "opening_hours": {d: ["08:30", "17:30"] for d in "12345"}})


class Clock:
    def __init__(self, at: datetime):
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def test_sleeps_at_night_wakes_on_touch_then_sleeps_again():
    clock = Clock(datetime(2026, 11, 30, 22, 0, tzinfo=SHANGHAI))   # Monday night
    power = PowerManager(touch_wake_s=60, now=clock)
    power.load(SCHEDULE)
    assert power.poll() == ASLEEP and power.wakes_at_local() == "08:15"
    power.touch()
    assert power.poll() == WOKEN
    clock.at += timedelta(seconds=59)
    assert power.poll() == WOKEN
    clock.at += timedelta(seconds=2)
    assert power.poll() == ASLEEP
    assert power.poll(busy=True) == WOKEN          # a visitor's session runs to its end
    clock.at = datetime(2026, 12, 1, 8, 15, tzinfo=SHANGHAI)
    assert power.poll() == AWAKE and power.wakes_at_local() == ""
    power.touch()                                  # a touch by day changes nothing
    clock.at = datetime(2026, 12, 1, 18, 0, tzinfo=SHANGHAI)
    assert power.poll() == ASLEEP


def test_no_schedule_or_a_bad_one_never_sleeps():
    power = PowerManager(now=Clock(datetime(2026, 11, 29, 3, 0, tzinfo=SHANGHAI)))
    for text in (None, "", "not json", "[]", json.dumps({"opening_hours": {"9": ["x", "y"]}})):
        power.load(text)
        assert power.poll() == AWAKE, text


def test_display_commands_run_and_failures_do_not_raise(tmp_path):
    out = tmp_path / "display"
    shell = f"{sys.executable} -c \"import sys; open(sys.argv[1], 'a').write(sys.argv[2])\" {out}"
    display = DisplayPower(f"{shell} off,", f"{shell} on,")
    assert display.off() and display.on()
    assert out.read_text() == "off,on,"
    assert not DisplayPower("/nonexistent/xset", "false").off()
    assert not DisplayPower("true", "false").on()
