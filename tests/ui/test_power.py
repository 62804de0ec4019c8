"""A terminal outside its hall's opening hours, in a real window: the display goes off (the
configured command runs), a dark screen covers everything, a touch wakes it for a while and
it sleeps again; with the hours gone it stays awake."""

from __future__ import annotations

import json
import sys
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from kiosk.power import SCHEDULE_KEY, DisplayPower


def test_sleeps_outside_hours_and_a_touch_wakes_it_briefly(fresh, tmp_path):
    ui, app = fresh, fresh.app
    store = app.services.store
    log = tmp_path / "display"
    shell = f"{sys.executable} -c \"import sys; open(sys.argv[1], 'a').write(sys.argv[2])\" {log}"
    saved = app.display, app.power.touch_wake_s
    app.display, app.power.touch_wake_s = DisplayPower(f"{shell} off,", f"{shell} on,"), 1.0
    # open only two days from now: asleep whatever the hour
    open_day = (datetime.now(ZoneInfo("Asia/Shanghai")) + timedelta(days=2)).isoweekday()
    store.put(SCHEDULE_KEY, json.dumps({"timezone": "Asia/Shanghai", "wake_before_min": 15,
                                        "opening_hours": {str(open_day): ["08:30", "17:30"]}}))
    try:
        app.power_tick()
        ui.wait(lambda: app.asleep and log.exists() and log.read_text() == "off,",
                message="the terminal did not go to sleep")
        assert "08:15" in " ".join(ui.texts(app._sleep_overlay))
        ui.shot("terminal_asleep")
        ui.tap_at(640, 400)
        ui.wait(lambda: not app.asleep and log.read_text() == "off,on,",
                message="a touch did not wake the terminal")
        assert ui.screen() == "attract" and not app.services.session.active  # woke, no visit
        ui.pump(3)
        ui.shot("terminal_woken")

        def asleep_again():
            app.power_tick()   # the app looks every check_interval_s; the test sooner
            return app.asleep
        ui.wait(asleep_again, timeout=10, message="the terminal did not sleep again")
        ui.wait(lambda: log.read_text() == "off,on,off,", message="the display stayed on")
    finally:
        store.put(SCHEDULE_KEY, "")
        app.power_tick()
        app.display, app.power.touch_wake_s = saved
    ui.wait(lambda: not app.asleep and log.read_text() == "off,on,off,on,",
            message="with no hours the terminal did not wake")


def test_a_card_put_in_while_asleep_wakes_it_and_identifies(fresh, emulators):
    """A visitor who walks up to a sleeping terminal with their card is served at once."""
    ui, app, idcard = fresh, fresh.app, emulators["idcard"]
    store = app.services.store
    open_day = (datetime.now(ZoneInfo("Asia/Shanghai")) + timedelta(days=2)).isoweekday()
    store.put(SCHEDULE_KEY, json.dumps({"timezone": "Asia/Shanghai", "wake_before_min": 15,
                                        "opening_hours": {str(open_day): ["08:30", "17:30"]}}))
    try:
        app.power_tick()
        ui.wait(lambda: app.asleep, message="the terminal did not go to sleep")
        ui.reader_free()
        idcard.insert(0)
        ui.wait(lambda: ui.screen() == "identify" and app.services.session.identified, 8,
                lambda: f"the card did not identify the visitor at a sleeping terminal: {ui.card_state(idcard)}")
        app.power_tick()
        assert not app.asleep and app._sleep_overlay is None
    finally:
        idcard.remove()
        store.put(SCHEDULE_KEY, "")
        app.power_tick()
    ui.wait(lambda: ui.screen() == "attract", 8, "taking the card away did not end the session")
