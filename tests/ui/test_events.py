"""Events at the terminal, in the real window against the real central service (issue 20):
offline the screen says registering is not possible; online a visitor identified with a card
opens a job fair (its employers and postings), registers, and the printed slip's QR code
checks them in at the door; the next visitor, with the fair full, is told their place on the
waiting list and gets a slip to follow it, and gives the place up at the terminal."""

from __future__ import annotations

import shutil

import cv2

from central.models.events import EventRegistration
from devices.camera.qr import decode_qr
from kiosk.hall_events import OFFLINE
from tests.factories import hall_event
from tests.ui.test_casework import identify


def open_events(ui):
    ui.tap(ui.app.screens["home"].ids.tile_events)
    ui.wait(lambda: ui.screen() == "events", 5, "the tile did not open the events")
    return ui.app.screens["events"]


def test_offline_says_registering_is_not_possible(fresh):
    ui = fresh
    ui.go("home")
    ui.shot("events_home_tile_zh")
    events = open_events(ui)
    ui.wait(lambda: events.message == OFFLINE, 8, f"no offline message: {events.message}")
    ui.wait(lambda: "离线" in ui.app.screens["events"].ids.events_message.text, 3)
    ui.shot("events_offline_zh")


def test_register_print_slip_and_check_in(fresh, central_up, emulators):
    ui, printer, central = fresh, emulators["printer"], central_up
    central.clear_rate_limits()
    event_id = hall_event(central.db, capacity=1, postings=3)
    identify(ui, emulators["idcard"], 0)
    events = open_events(ui)
    ui.wait(lambda: any(e["id"] == event_id for e in events.events), 8, f"event not listed: {events.message}")
    ui.wait(lambda: events.ids.events_grid.children, 3)
    ui.shot("events_list_zh")
    ui.tap(events.ids.kind_job_fair)
    ui.wait(lambda: events.kind == "job_fair" and events.events and
            all(e["kind"] == "job_fair" for e in events.events), 5, "the filter did not apply")
    ui.tap(next(b for b in events.ids.events_grid.children if "招聘会" in b.text))
    ui.wait(lambda: events.step == "detail" and events.event.get("id") == event_id, 8, "detail not shown")
    assert events.action == "register" and "招聘会" in events.title
    posting = events.event["employers"][0]["postings"][0]["title"]
    assert posting in events.ids.event_body.text
    ui.shot("events_detail_zh")
    ui.app.toggle_language()
    ui.pump(3)
    assert "Job fair" in events.title and "Employers and their jobs" in events.ids.event_body.text
    ui.shot("events_detail_en")
    ui.app.toggle_language()
    ui.pump(2)
    before = len(printer.receipts)
    ui.tap(events.ids.register_button)
    ui.wait(lambda: events.step == "done", 8, f"not registered: {events.message}")
    assert events.registration["state"] == "registered"
    assert printer.wait_for_receipts(before + 1, 8)
    ui.wait(lambda: "请取走" in events.ids.events_message.text, 5)
    ui.shot("events_registered_zh")
    receipt = printer.receipts[-1]
    assert any("小型招聘会" in line for line in receipt.texts())
    url = (decode_qr(cv2.imread(str(printer.files[-1]))) or [""])[0]
    assert url.startswith("http://127.0.0.1:9/e/")   # the phone page, which the door scans
    with central.db.session() as s:
        reg = s.query(EventRegistration).filter_by(event_id=event_id, token=url.rsplit("/", 1)[1]).one()
        assert reg.state == "registered"
    shutil.copy(printer.files[-1], ui.artifacts / "events_slip.png")
    staff = central.staff_headers()
    door = central.http.post(f"/api/hall-events/{event_id}/check-in", json={"token": url}, headers=staff)
    assert door.json()["state"] == "attended", door.text
    # the next visitor finds the fair full: a place on the waiting list, and a slip to follow it
    emulators["idcard"].remove()
    ui.app.end_session("next visitor")
    ui.wait(lambda: ui.screen() == "attract")
    identify(ui, emulators["idcard"], 1)
    events = open_events(ui)
    ui.wait(lambda: events.ids.events_grid.children, 8, "no events listed")
    events.open(event_id)
    ui.wait(lambda: events.event.get("id") == event_id, 8, "detail not shown")
    printed = len(printer.receipts)
    ui.tap(events.ids.register_button)
    ui.wait(lambda: events.step == "done", 8, f"not on the waiting list: {events.message}")
    assert events.registration["state"] == "waiting" and events.registration["position"] == 1
    assert "候补" in events.ids.outcome.text and "1" in events.ids.outcome.text
    assert printer.wait_for_receipts(printed + 1, 8)
    assert any("第1位" in line for line in printer.receipts[-1].texts())
    shutil.copy(printer.files[-1], ui.artifacts / "events_slip_waiting.png")
    ui.shot("events_waiting_zh")
    # back home the record is fetched again; the event then offers to give the place up
    from kiosk import progress
    ui.go("home")
    ui.wait(lambda: progress.remembered(ui.app.services.session) is not None, 8, "no record fetched")
    events = open_events(ui)
    events.open(event_id)
    ui.wait(lambda: events.event.get("id") == event_id and events.action == "cancel", 8,
            f"no cancel offered: {events.action}")
    ui.app.toggle_language()
    ui.pump(3)
    ui.shot("events_cancel_en")
    ui.app.toggle_language()
    ui.tap(events.ids.cancel_button)
    ui.wait(lambda: events.step == "done" and "已取消" in events.ids.outcome.text, 8,
            f"not cancelled: {events.message}")
    with central.db.session() as s:
        assert s.query(EventRegistration).filter_by(event_id=event_id, state="cancelled").count() == 1
    emulators["idcard"].remove()
