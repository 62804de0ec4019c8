"""Hall events in the console, in headless Chromium (issue 20): a manager creates a job fair
with capacity 2 from the form; three visitors register from two terminals and the third
waits; one cancels and the third moves up; the door staff check two people in on a phone by
their slip's code (a second scan says "already", another event's code is refused); the
event page's report shows 2 attended and 0 no-shows.
Screenshots: tests/artifacts/console-events.png, console-event.png, console-event-door.png."""

from __future__ import annotations

from datetime import timedelta

from central.halltime import hall_time
from central.models import Job, utcnow
from central.models.events import HallEvent
from tests.browser.test_counter_board import log_in
from tests.factories import hall_event
from tests.helpers import wait_until


def visitor(i: int) -> dict:
    return {"id_number": f"1101011985{i:08d}", "name": "赵六", "consent": True,
            "card": {"source": "smartcard", "card_number": f"B{i:08d}"}}


def test_a_fair_from_the_form_to_the_door(site, browser, artifacts_dir):
    with site.db.session() as s:
        jobs = [j.id for j in s.query(Job).filter_by(status="verified").order_by(Job.id).limit(3)]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(page, site, "admin", "admin-demo")
    page.goto(site.url + "/console/events")
    start = hall_time(utcnow() + timedelta(days=2))
    form = page.locator("#new-event")
    form.locator("select[name=kind]").select_option("job_fair")
    form.locator("input[name=title]").fill("十二月小型招聘会")
    form.locator("input[name=place]").fill("二楼洽谈区")
    form.locator("input[name=starts_at]").fill(start.strftime("%Y-%m-%dT09:00"))
    form.locator("input[name=ends_at]").fill(start.strftime("%Y-%m-%dT12:00"))
    form.locator("input[name=capacity]").fill("2")
    form.locator("input[name=postings]").fill(", ".join(map(str, jobs)))
    page.screenshot(path=str(artifacts_dir / "console-events.png"), full_page=True)
    form.locator("button.primary").click()
    page.wait_for_url("**/console/events/*")
    event_id = int(page.url.rsplit("/", 1)[1])
    with site.db.session() as s:
        event = s.get(HallEvent, event_id)
        assert (event.capacity, event.kind, hall_time(event.starts_at).hour) == (2, "job_fair", 9)
    # three visitors from two terminals; the third waits
    one, two = site.kiosk_headers("fair-1"), site.kiosk_headers("fair-2")
    regs = [site.http.post(f"/api/kiosk/hall-events/{event_id}/register", json=visitor(i),
                           headers=(one, two)[i % 2]).json() for i in range(3)]
    assert [r["state"] for r in regs] == ["registered", "registered", "waiting"]
    shown = site.http.get(f"/api/kiosk/hall-events/{event_id}", headers=one).json()
    assert sum(len(e["postings"]) for e in shown["employers"]) == 3
    gone = site.http.post(f"/api/kiosk/hall-events/{event_id}/cancel", headers=two,
                          json={k: visitor(0)[k] for k in ("id_number", "card")}).json()
    assert gone["state"] == "cancelled"
    third = site.http.post("/api/kiosk/progress", headers=one,
                           json={k: visitor(2)[k] for k in ("id_number", "card")}).json()["events"][0]
    assert third["state"] == "registered" and third["promoted"]
    # the door, on a phone
    other = hall_event(site.db, capacity=3)
    stranger = site.http.post(f"/api/kiosk/hall-events/{other}/register", json=visitor(9), headers=one).json()
    phone = browser.new_page(viewport={"width": 390, "height": 760})
    log_in(phone, site, "counsellor1", "counsellor-demo")
    phone.goto(site.url + f"/console/events/{event_id}/door")
    results = []
    for token in (regs[1]["token"], third["token"], third["token"], stranger["token"]):
        phone.fill("#token", token)
        phone.click("#door button.primary")
        wait_until(lambda: phone.locator("#door-log li").count() == len(results) + 1, 5)
        results.append(phone.locator("#door-result").inner_text())
    assert results[0].startswith("签到成功") and results[1].startswith("签到成功")
    assert results[2].startswith("已签到过") and results[3] == "此码属于另一个活动。"
    phone.screenshot(path=str(artifacts_dir / "console-event-door.png"), full_page=True)
    page.goto(site.url + f"/console/events/{event_id}")
    report = page.locator("#report").inner_text()
    rows = {r.split("\t")[0]: r.split("\t")[1] for r in report.splitlines() if "\t" in r}
    assert rows["已签到"] == "2人" and rows["报名未到场"] == "0人" and rows["已报名"].startswith("2人")
    page.screenshot(path=str(artifacts_dir / "console-event.png"), full_page=True)
