"""The supervisor view in Chromium: a ticket moved to the front is the next a counter calls;
a ticket cancelled with a reason leaves the queue and every open view within a second. The
counter page: call, start, finish; service time runs from the start."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta

import pytest

from central.models import Hall, utcnow
from central.models.queue import Referral, ServiceRecord, Ticket
from tests.browser.test_counter_board import log_in
from tests.helpers import wait_until

A, B, C = "job_seeker_registration", "unemployment_registration", "career_guidance"
SIZE = {"width": 1366, "height": 768}


@pytest.fixture
def empty_queue(site):
    with site.db.session() as s:
        s.query(ServiceRecord).delete()
        s.query(Referral).delete()
        s.query(Ticket).delete()
        s.commit()
    return site.kiosk_headers(f"sup-{uuid.uuid4().hex[:6]}")


def take(site, kiosk, service=A, person=None):
    body = {"key": uuid.uuid4().hex, "service_code": service}
    if person:
        body["person"] = person
    r = site.http.post("/api/kiosk/tickets", headers=kiosk, json=body)
    assert r.status_code == 200, r.text
    return r.json()


def row(page, ticket):
    return page.locator(f"#waiting tr[data-ticket='{ticket['id']}']")


def supervisor_page(browser, site):
    page = browser.new_page(viewport=SIZE)
    log_in(page, site, "manager", "manager-demo")
    page.goto(site.url + "/console/supervisor")
    page.wait_for_function("document.getElementById('live').classList.contains('on')")
    return page


def counter_page(browser, site):
    page = browser.new_page(viewport=SIZE)
    log_in(page, site, "counsellor1", "counsellor-demo")
    page.wait_for_url("**/console/counter")
    return page


def test_moved_to_the_front_the_next_call_takes_it(site, browser, empty_queue, artifacts_dir):
    first, second, third = (take(site, empty_queue) for _ in range(3))
    other, more = take(site, empty_queue, B), take(site, empty_queue, B)
    extra = [take(site, empty_queue, service) for service in (C, C, "startup_support")]
    with site.db.session() as s:   # waits against the 20-minute target: over, near, within
        for ticket, minutes in ((first, 26), (second, 16), (third, 3), (other, 8), (more, 5),
                                (extra[0], 12), (extra[1], 2), (extra[2], 7)):
            s.get(Ticket, ticket["id"]).arrival_at = utcnow() - timedelta(minutes=minutes)
        s.get(Ticket, second["id"]).priority_group = "elderly"
        s.get(Hall, 1).wait_target_min = 20
        s.commit()
    page = supervisor_page(browser, site)
    page.wait_for_selector(f"#waiting tr[data-ticket='{third['id']}']")
    tile = page.locator(f"#services .tile[data-service='{A}']")
    page.wait_for_function(f"document.querySelector(\"#services .tile[data-service='{A}']\").classList.contains('over')")
    assert "超出目标" in tile.inner_text() and "3 人等候" in tile.inner_text() and "26 分钟" in tile.inner_text()
    assert "第 3 位" in row(page, third).inner_text()
    row(page, third).locator("button.front").click()
    page.wait_for_function(f"document.querySelector(\"#waiting tr[data-ticket='{third['id']}']\").cells[0].textContent === '第 1 位'")
    assert "已排在该业务首位" in page.inner_text("#result")

    counter = counter_page(browser, site)
    counter.keyboard.press("n")
    counter.wait_for_function(f"document.getElementById('current').textContent === '{third['label']}'")
    # the supervisor's view follows the call: gone from the queue, at counter 1 with its staff
    row(page, third).wait_for(state="detached", timeout=2000)
    page.wait_for_function(f"document.getElementById('counters').innerText.includes('{third['label']}')")
    assert "李老师" in page.locator("#counters tr[data-counter='1']").inner_text()
    with site.db.session() as s:
        assert s.get(Ticket, third["id"]).status == "called"
    # a second counsellor seats a visitor at counter 2: the view says since when
    staff2 = site.staff_headers("counsellor2", "counsellor-demo")
    seated = site.http.post("/api/counters/2/call-next", headers=staff2).json()
    site.http.post(f"/api/tickets/{seated['id']}/start", headers=staff2)
    page.wait_for_function("document.querySelector(\"#counters tr[data-counter='2']\").innerText.includes('起办理')")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(artifacts_dir / "console_supervisor.png"))


def test_cancelled_with_a_reason_it_leaves_every_view_within_a_second(site, browser, empty_queue):
    gone, stays = take(site, empty_queue, C), take(site, empty_queue, C)
    page, watcher = supervisor_page(browser, site), supervisor_page(browser, site)
    for p in (page, watcher):
        p.wait_for_selector(f"#waiting tr[data-ticket='{gone['id']}']")
    row(page, gone).locator("button.cancel").click()     # no reason: refused on the page
    assert "请填写取消原因" in page.inner_text("#result")
    row(page, gone).locator("input.reason").fill("来访者已离开")
    before = int(watcher.evaluate("document.body.dataset.updated"))
    row(page, gone).locator("button.cancel").click()
    clicked = time.monotonic()
    row(watcher, gone).wait_for(state="detached", timeout=1000)
    row(page, gone).wait_for(state="detached", timeout=1000)
    assert time.monotonic() - clicked < 1.0
    assert int(watcher.evaluate("document.body.dataset.updated")) > before
    assert "1 人等候" in watcher.locator(f"#services .tile[data-service='{C}']").inner_text()
    assert row(watcher, stays).count() == 1
    with site.db.session() as s:
        ticket = s.get(Ticket, gone["id"])
        assert (ticket.status, ticket.cancel_reason) == ("cancelled", "来访者已离开")
    queue = site.http.get("/api/queue?hall_id=1", headers=site.staff_headers()).json()
    assert gone["id"] not in {t["id"] for t in queue}


def test_the_view_ends_with_the_login(site, browser, empty_queue):
    page = supervisor_page(browser, site)
    page.request.post(site.url + "/console/logout")   # the page's own login ends
    page.wait_for_function("document.body.dataset.ended === '1'", timeout=6000)
    assert "登录已结束" in page.inner_text("#live")


def test_counter_call_start_finish_counts_service_from_the_start(site, browser, empty_queue,
                                                                 artifacts_dir):
    person = {"id_number": "110101199003071233", "name": "张晓明"}
    staff = site.staff_headers("counsellor1", "counsellor-demo")
    earlier = take(site, empty_queue, A, person)   # an earlier visit with a note and a referral
    site.http.post("/api/counters/1/call-next", headers=staff)
    site.http.post(f"/api/tickets/{earlier['id']}/finish", headers=staff,
                   json={"note": "已登记求职意向：会计", "visitor_summary": "请一周内带学历证明再来"})
    job = site.http.get("/api/jobs", params={"status": "verified", "limit": 1}, headers=staff).json()["items"][0]
    site.http.post("/api/referrals", headers=staff, json={"ticket_id": earlier["id"], "job_id": job["id"]})
    ticket = take(site, empty_queue, A, person)

    counter = counter_page(browser, site)
    counter.click("#call-next")
    counter.wait_for_function(f"document.getElementById('current').textContent === '{ticket['label']}'")
    counter.wait_for_selector("#start-step", state="visible")
    assert "已叫号" in counter.inner_text("#status")
    counter.wait_for_selector("#history tr")
    history = counter.inner_text("#history")
    assert "已登记求职意向：会计" in history and "李老师" in history and "请一周内带学历证明再来" in history
    assert "110***********1233" in counter.inner_text("#person")
    assert "110101199003071233" not in counter.content()
    assert job["title"] in counter.inner_text("#referrals")
    counter.screenshot(path=str(artifacts_dir / "console_counter_called.png"))
    counter.click("#start")
    counter.wait_for_selector("#start-step", state="hidden")
    assert "起办理中" in counter.inner_text("#status")
    with site.db.session() as s:
        row = s.get(Ticket, ticket["id"])
        assert row.status == "serving" and row.serving_at is not None
        now = utcnow()   # arrived 12 minutes ago, called 10 minutes ago, sat down 4 minutes ago
        row.arrival_at, row.called_at = now - timedelta(minutes=12), now - timedelta(minutes=10)
        row.serving_at = now - timedelta(minutes=4)
        s.commit()
    counter.fill("#note", "推荐岗位 1 个")
    counter.screenshot(path=str(artifacts_dir / "console_counter.png"))
    counter.click("#finish")
    counter.wait_for_function("document.getElementById('current').textContent === '—'")
    with site.db.session() as s:
        assert s.get(Ticket, ticket["id"]).status == "done"
    rows = site.http.get("/api/reports/service_times?hall=1", headers=site.staff_headers()).json()
    mine = next(r for r in rows if r["called"] == 2)   # the earlier visit and this one
    # this visit counts 4 minutes (from the start), not 10 (from the call); the earlier ~0
    assert 1.9 <= mine["avg_service_min"] <= 2.1, rows


def test_a_note_starts_the_service_by_itself(site, browser, empty_queue):
    ticket = take(site, empty_queue)
    counter = counter_page(browser, site)
    counter.click("#call-next")
    counter.wait_for_function(f"document.getElementById('current').textContent === '{ticket['label']}'")
    counter.click("#note")
    counter.keyboard.type("咨询")
    counter.wait_for_selector("#start-step", state="hidden")
    wait_until(lambda: _status(site, ticket) == "serving", 5, message="typing a note did not start it")


def _status(site, ticket):
    with site.db.session() as s:
        return s.get(Ticket, ticket["id"]).status
