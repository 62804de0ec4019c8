"""The whole life of a job fair, in headless Chromium (issue 20): a manager creates a fair with
capacity 2 from the console's form; three visitors register from two terminals and the third
waits; the first cancels on their phone page and the third moves up (their phone page says
so); the door staff check two people in on a phone with the codes decoded from the slips'
PNGs as the virtual printer renders them (a second scan says "already", another event's
code is refused); the event page's report shows 2 attended and 0 no-shows.
Screenshots: tests/artifacts/console-events.png, console-event.png, console-event-door.png,
event-phone-page.png, event-public-page.png."""

from __future__ import annotations

import socket
from datetime import timedelta

import cv2

from central.halltime import hall_time
from central.models import Job, utcnow
from central.models.events import HallEvent
from tests.browser.test_counter_board import log_in
from tests.factories import hall_event
from tests.helpers import wait_until

BASE = "http://127.0.0.1:1"    # the site's public address (tests/browser/conftest.py)


def printed_code(printer, reg: dict) -> str:
    """The slip of ``reg`` printed on the virtual printer; what its QR code says."""
    from devices.camera.qr import decode_qr
    from devices.printer import escpos, templates
    from kiosk.hall_events import slip_fields
    doc = templates.event_slip("示范大厅", "赵*", slip_fields(reg, lambda m: m, "zh_CN", f"{BASE}/e/{reg['token']}"))
    count = len(printer.receipts)
    with socket.create_connection(("127.0.0.1", printer.port)) as conn:
        conn.sendall(escpos.render(doc))
    assert printer.wait_for_receipts(count + 1, 5)
    return (decode_qr(cv2.imread(str(printer.files[-1]))) or [""])[0]


def visitor(i: int) -> dict:
    return {"id_number": f"1101011985{i:08d}", "name": "赵六", "consent": True,
            "card": {"source": "smartcard", "card_number": f"B{i:08d}"}}


def test_a_fair_from_the_form_to_the_door(site, browser, artifacts_dir, tmp_path):
    from devices.printer.virtual.server import VirtualPrinter
    printer = VirtualPrinter(port=0, out_dir=tmp_path / "prints").start()
    try:
        _life_of_a_fair(site, browser, artifacts_dir, printer)
    finally:
        printer.stop()


def _life_of_a_fair(site, browser, artifacts_dir, printer):
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
    codes = [printed_code(printer, r) for r in regs]
    assert codes[0] == f"{BASE}/e/{regs[0]['token']}"
    # the first cancels on their phone page; the third moves up and sees it on theirs
    mobile = browser.new_page(viewport={"width": 390, "height": 760})
    mobile.on("dialog", lambda dialog: dialog.accept())
    mobile.goto(site.url + "/e/" + codes[0].rsplit("/", 1)[1])
    mobile.click("#cancel")
    wait_until(lambda: "已取消" in mobile.locator("#state").inner_text(), 5, message="not cancelled")
    mobile.goto(site.url + "/e/" + codes[2].rsplit("/", 1)[1])
    assert "有名额空出" in mobile.locator("#state").inner_text()
    mobile.screenshot(path=str(artifacts_dir / "event-phone-page.png"), full_page=True)
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
    for token in (codes[1], codes[2], codes[2], stranger["token"]):
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
    mobile.goto(site.url + f"/events/{event_id}")
    assert mobile.locator("ul li a").count() == 3   # the fair's postings, each to its page
    mobile.screenshot(path=str(artifacts_dir / "event-public-page.png"), full_page=True)
