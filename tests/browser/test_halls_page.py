"""The Halls page in Chromium: an admin closes hall 1 for today and tomorrow in the form, and
the fleet page stops alerting for the hall's offline terminal and says when it wakes."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from central.models import Hall, utcnow
from central.models.fleet import KioskStatus
from tests.browser.test_counter_board import log_in

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_closing_a_hall_puts_its_terminals_to_sleep_on_the_fleet_page(site, browser, artifacts_dir):
    admin = site.staff_headers()
    reg = site.http.post("/api/kiosks", json={"name": "hall-door", "place": "正门"}, headers=admin).json()
    token = site.http.post("/api/kiosks/enrol", json={"code": reg["code"]}).json()["token"]
    site.http.post("/api/kiosk/heartbeat", headers={"Authorization": f"Bearer {token}"},
                   json={"software_version": "0.1.0", "devices": {}})
    with site.db.session() as s:   # silent for an hour: offline
        s.get(KioskStatus, reg["id"]).last_seen = utcnow() - timedelta(hours=1)
        saved = dict(s.get(Hall, 1).opening_hours), s.get(Hall, 1).wake_before_min
        s.commit()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        log_in(page, site, "admin", "admin-demo")
        page.wait_for_url("**/console/fleet")
        row = page.locator("tr", has_text="hall-door")
        row.locator(".alert", has_text="离线").wait_for()

        page.click("nav >> text=大厅")
        page.wait_for_url("**/console/halls")
        page.locator('tr[data-hall="1"] a', has_text="修改").click()
        page.wait_for_url("**/console/halls/1")
        # open only the day after tomorrow: closed now, whatever the hour in Shanghai
        open_day = (datetime.now(ZoneInfo("Asia/Shanghai")) + timedelta(days=2)).isoweekday()
        for day in range(1, 8):
            page.fill(f"input[name=open_{day}]", "08:30" if day == open_day else "")
            page.fill(f"input[name=close_{day}]", "17:30" if day == open_day else "")
        page.fill("input[name=wake_before_min]", "15")
        page.fill("input[name=name_en]", "Demonstration Hall")
        page.click("#save")
        page.wait_for_url("**/console/halls?saved=1")
        hall_row = page.locator('tr[data-hall="1"]')
        assert "休眠至" in hall_row.inner_text() and "08:15" in hall_row.inner_text()
        assert "Demonstration Hall" in hall_row.inner_text()
        page.screenshot(path=str(DOCS / "console-halls.png"), full_page=True)

        page.goto(site.url + "/console/fleet")
        row = page.locator("tr", has_text="hall-door")
        row.locator(".asleep").wait_for()
        text = row.inner_text()
        assert "休眠至" in text and "08:15" in text and "离线" not in text, text
        assert row.locator(".alert").count() == 0
        page.screenshot(path=str(artifacts_dir / "console_fleet_asleep.png"), full_page=True)
    finally:
        page.close()
        with site.db.session() as s:
            hall = s.get(Hall, 1)
            hall.opening_hours, hall.wake_before_min = saved
            s.commit()
