"""Editing an event from the console, in headless Chromium (issue 20): a hall manager opens
the event's edit form (the new-event form's fields, filled in), changes the title and raises
the places from 1 to 3; the first two people waiting move up in order, the third stays first
on the list, and the change is audited. Staff who do not manage the hall are not offered it.
Screenshot: tests/artifacts/console-event-edit.png."""

from __future__ import annotations

from central.halltime import hall_time
from central.models.events import EventRegistration, HallEvent
from central.models.fleet import AuditEntry
from tests.browser.test_counter_board import log_in
from tests.browser.test_hall_events import visitor
from tests.factories import hall_event


def test_a_manager_edits_title_and_places_and_people_move_up(site, browser, artifacts_dir):
    kiosk = site.kiosk_headers("edit-form")
    event = hall_event(site.db, capacity=1, kind="training", title="电工技能培训",
                       title_en="Electrician skills course")
    regs = [site.http.post(f"/api/kiosk/hall-events/{event}/register", json=visitor(40 + i),
                           headers=kiosk).json() for i in range(4)]
    assert [r["state"] for r in regs] == ["registered", "waiting", "waiting", "waiting"]
    with site.db.session() as s:
        before = s.get(HallEvent, event)
        starts, ends = before.starts_at, before.ends_at

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(page, site, "manager", "manager-demo")
    page.goto(site.url + f"/console/events/{event}")
    page.click("#edit-event-link")
    page.wait_for_url(f"**/console/events/{event}/edit")
    form = page.locator("#edit-event")
    assert form.locator("input[name=title]").input_value() == "电工技能培训"
    assert form.locator("input[name=title_en]").input_value() == "Electrician skills course"
    assert form.locator("select[name=kind]").input_value() == "training"
    assert form.locator("input[name=starts_at]").input_value() == hall_time(starts).strftime("%Y-%m-%dT%H:%M")
    assert form.locator("input[name=capacity]").input_value() == "1"
    form.locator("input[name=title]").fill("电工技能培训（加开名额）")
    form.locator("input[name=capacity]").fill("3")
    page.screenshot(path=str(artifacts_dir / "console-event-edit.png"), full_page=True)
    form.locator("button.primary").click()
    page.wait_for_url(f"**/console/events/{event}")
    assert "电工技能培训（加开名额）" in page.locator("h1").inner_text()

    with site.db.session() as s:
        saved = s.get(HallEvent, event)
        assert (saved.title, saved.capacity, saved.seats_taken) == ("电工技能培训（加开名额）", 3, 3)
        # the times went through the form at the minute and came back the same
        assert abs((saved.starts_at - starts).total_seconds()) < 60 and abs((saved.ends_at - ends).total_seconds()) < 60
        states = [s.query(EventRegistration).filter_by(token=r["token"]).one() for r in regs]
        assert [(r.state, r.notice) for r in states] == [
            ("registered", ""), ("registered", "promoted"), ("registered", "promoted"), ("waiting", "")]
        entry = s.query(AuditEntry).filter_by(action="event_edit", target=f"event:{event}").one()
        assert "capacity:3" in entry.detail
    people = page.locator("#people").inner_text()
    assert people.count("已报名") >= 3 and "第1位" in people

    # a counsellor of the hall sees the event, not the edit
    counsellor = browser.new_page()
    log_in(counsellor, site, "counsellor1", "counsellor-demo")
    counsellor.goto(site.url + f"/console/events/{event}")
    assert counsellor.locator("#edit-event-link").count() == 0
    assert counsellor.goto(site.url + f"/console/events/{event}/edit").status == 403
    counsellor.close()
    page.close()
