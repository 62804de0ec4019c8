"""A counsellor calls the next visitor; the board, the phone page and the rating follow."""

from __future__ import annotations

import time
import uuid

from central.models.queue import Rating


def test_counter_call_reaches_board_status_page_and_rating(site, browser, artifacts_dir):
    kiosk = site.kiosk_headers("browser-kiosk")
    ticket = site.http.post("/api/kiosk/tickets", headers=kiosk,
                            json={"key": uuid.uuid4().hex, "service_code": "job_seeker_registration",
                                  "person": {"id_number": "110101199003071233", "name": "张晓明"}}).json()
    token = ticket["status_url"].rsplit("/t/", 1)[1]

    board = browser.new_page(viewport={"width": 1280, "height": 720})
    board.goto(site.url + "/board?hall=1")
    board.wait_for_function("document.body.dataset.updated")
    phone = browser.new_page(viewport={"width": 390, "height": 780})
    phone.goto(site.url + f"/t/{token}")
    assert ticket["label"] in phone.inner_text("#label")

    counter = browser.new_page(viewport={"width": 1280, "height": 800})
    counter.goto(site.url + "/console/counter")
    assert "/console/login" in counter.url
    counter.fill("input[name=username]", "counsellor1")
    counter.fill("input[name=password]", "wrong")
    counter.click("button[type=submit]")
    assert "用户名或密码错误" in counter.inner_text("main")
    counter.fill("input[name=username]", "counsellor1")
    counter.fill("input[name=password]", "counsellor-demo")
    counter.click("button[type=submit]")
    counter.wait_for_url("**/console/counter")
    counter.select_option("#counter", index=0)
    counter.keyboard.press("n")  # keyboard shortcut: call next
    counter.wait_for_function(f"document.getElementById('current').textContent === '{ticket['label']}'")
    called_at = time.monotonic()
    board.wait_for_function(f"document.getElementById('now-label').textContent === '{ticket['label']}'",
                            timeout=1000)
    assert time.monotonic() - called_at < 1.0
    counter.wait_for_function("document.getElementById('documents').children.length > 0")
    assert "110***********1233" in counter.inner_text("#person")
    assert "110101199003071233" not in counter.content()
    # the terminal sent no card proof: the counter checks the card and confirms it once
    counter.wait_for_selector("#card-check", state="visible")
    counter.click("#card-renewed")
    counter.wait_for_selector("#card-check", state="hidden")
    counter.screenshot(path=str(artifacts_dir / "console_counter.png"))
    board.screenshot(path=str(artifacts_dir / "board.png"))
    # called, or already being served: checking the card started the service
    phone.wait_for_function("/请到|正在/.test(document.getElementById('state').textContent)", timeout=5000)
    phone.screenshot(path=str(artifacts_dir / "phone_called.png"))

    job = site.http.get("/api/jobs", params={"status": "verified", "limit": 1},
                        headers=site.staff_headers()).json()["items"][0]
    job_id = job["id"]
    counter.fill("#refer-search", job["title"])   # found as it is typed (tests/browser/test_postings.py)
    counter.locator("#refer-results tr", has_text=f"{job['title']} · {job['employer']}").first.locator("button").click()
    counter.wait_for_selector("#referrals select")
    counter.select_option("#referrals select", "interview")
    from tests.helpers import wait_until
    from central.models.queue import Referral
    def state():
        with site.db.session() as s:
            r = s.query(Referral).filter_by(job_id=job_id).one_or_none()
            return r.state if r else None
    wait_until(lambda: state() == "interview", 5, message="referral state not updated")
    counter.fill("#note", "已登记，推荐岗位3个")
    counter.click("#finish")
    counter.wait_for_function("document.getElementById('current').textContent === '—'")
    phone.wait_for_selector("#rating button", timeout=5000)
    phone.click("#rating button[data-score='5']")
    phone.wait_for_function("document.getElementById('thanks').textContent.length > 0")
    phone.screenshot(path=str(artifacts_dir / "phone_rated.png"))
    with site.db.session() as s:
        rating = s.query(Rating).filter_by(ticket_id=ticket["id"]).one()
        assert rating.score == 5 and rating.counter_id is not None and rating.staff_id is not None


def test_cookie_requests_without_csrf_are_refused(site):
    import httpx
    r = httpx.post(site.url + "/console/login", data={"username": "counsellor2", "password": "counsellor-demo"})
    cookie = r.cookies.get("staff_token") or r.headers.get("set-cookie", "").split("staff_token=")[1].split(";")[0]
    with httpx.Client(base_url=site.url, cookies={"staff_token": cookie}) as client:
        assert client.get("/api/queue").status_code == 200  # reading is fine
        assert client.post("/api/counters/1/call-next").status_code == 403  # no CSRF token
        assert "httponly" in r.headers["set-cookie"].lower() and "samesite=strict" in r.headers["set-cookie"].lower()


def test_fleet_dashboard_shows_alerts_and_sends_commands(site, browser, artifacts_dir):
    admin = site.staff_headers()
    reg = site.http.post("/api/kiosks", json={"name": "west-door", "place": "西门"}, headers=admin).json()
    token = site.http.post("/api/kiosks/enrol", json={"code": reg["code"]}).json()["token"]
    kiosk = {"Authorization": f"Bearer {token}"}
    site.http.post("/api/kiosk/heartbeat", headers=kiosk, json={
        "software_version": "0.1.0", "devices": {"printer": {"state": "offline", "reason": "paper_out"},
                                                 "idcard": {"state": "ok", "reason": ""}}})
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    log_in(page, site, "admin", "admin-demo")
    page.wait_for_url("**/console/fleet")
    page.wait_for_selector("text=west-door")
    row = page.locator("tr", has_text="west-door")
    assert "缺纸" in row.inner_text() and "paper_out" not in row.inner_text()   # words, not keys
    row.locator("button[data-kind=maintenance_on]").click()
    from tests.helpers import wait_until
    commands = wait_until(lambda: site.http.get(f"/api/kiosks/{reg['id']}/commands", headers=admin).json(), 5)
    assert commands[0]["kind"] == "maintenance_on" and commands[0]["state"] == "queued"
    page.screenshot(path=str(artifacts_dir / "console_fleet.png"), full_page=True)


def test_reports_page(site, browser, artifacts_dir):
    site.http.post("/api/kiosk/tickets", headers=site.kiosk_headers("reports-kiosk"),
                   json={"key": uuid.uuid4().hex, "service_code": "job_seeker_registration"})
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(page, site, "manager", "manager-demo")
    page.goto(site.url + "/console/reports")
    page.wait_for_selector("#satisfaction")
    assert "工作人员操作审计日志" in page.inner_text("main")   # the audit log, for a manager
    assert "暂无数据" not in page.inner_text("#tickets_per_hour")   # this month's tickets
    page.screenshot(path=str(artifacts_dir / "console_reports.png"), full_page=True)
    # a manager picks last January in the first hall: the form, the tables and the CSV follow
    page.fill("#period input[name=since]", "2026-01-01")
    page.fill("#period input[name=until]", "2026-01-31")
    page.select_option("#period select[name=hall]", index=1)
    page.click("#period button")
    page.wait_for_url("**/console/reports?since=2026-01-01&until=2026-01-31&hall=1")
    assert "暂无数据" in page.inner_text("#tickets_per_hour")
    csv_link = page.get_attribute("#no_shows h2 a:has-text('CSV')", "href")
    assert csv_link.endswith("format=csv&since=2026-01-01&until=2026-01-31&hall=1")
    page.screenshot(path=str(artifacts_dir / "console_reports_january.png"), full_page=True)


def test_terminal_page_health_chart_and_config_edit(site, browser, artifacts_dir):
    from datetime import timedelta

    from central.models import utcnow
    from central.models.health import HealthSample
    admin = site.staff_headers()
    reg = site.http.post("/api/kiosks", json={"name": "north-door", "place": "北门"}, headers=admin).json()
    token = site.http.post("/api/kiosks/enrol", json={"code": reg["code"]}).json()["token"]
    site.http.post("/api/kiosk/heartbeat", headers={"Authorization": f"Bearer {token}"}, json={
        "software_version": "0.1.0", "outbox_depth": 3,
        "devices": {"printer": {"state": "degraded", "reason": "paper_low"}}})
    with site.db.session() as db:  # a day of history: ok, a printer fault, a gap with no beats
        now = utcnow()
        for hours, state, depth in [(23, "ok", 0), (15, "degraded", 4), (14.9, "ok", 1), (6, "ok", 12)]:
            for minutes in range(0, 180 if hours != 15 else 5, 5):
                db.add(HealthSample(kiosk_id=reg["id"], at=now - timedelta(hours=hours) + timedelta(minutes=minutes),
                                    state=state, devices_ok=1, devices_total=1, outbox_depth=depth))
        db.commit()
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    log_in(page, site, "admin", "admin-demo")
    page.wait_for_url("**/console/fleet")
    page.click("text=north-door")
    page.wait_for_url(f"**/console/terminals/{reg['id']}")
    assert page.locator("#health rect.band-degraded").count() >= 1
    assert page.locator("#health rect.band-ok").count() >= 10
    page.fill("#layer", '{"terminal.idle_timeout_s": 5}')  # shorter than the warning: refused
    page.click("#save")
    page.wait_for_function("document.getElementById('result').textContent.length > 0")
    assert "idle_warning_s" in page.inner_text("#result")
    page.fill("#layer", '{"terminal.idle_timeout_s": 120, "devices.printer.paper_width_mm": 58}')
    page.fill("#note", "narrow paper roll")
    page.click("#save")
    page.wait_for_selector("text=narrow paper roll")  # the reloaded page lists it in the history
    assert "devices.printer.paper_width_mm" in page.inner_text("main")
    config = site.http.get(f"/api/kiosks/{reg['id']}/config", headers=admin).json()
    assert config["values"] == {"terminal.idle_timeout_s": 120, "devices.printer.paper_width_mm": 58}
    page.screenshot(path=str(artifacts_dir / "console_terminal.png"), full_page=True)


def log_in(page, site, username: str, password: str) -> None:
    page.goto(site.url + "/console/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
