"""Calls for help on the console in Chromium: an unanswered call past server.help_escalate_s
comes first, in red, with how long the visitor has waited in words, on the fleet page and
the supervisor view; "I'm on my way" closes it everywhere."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from central.models import utcnow
from central.models.help import HelpCall
from tests.browser.test_counter_board import log_in

SIZE = {"width": 1366, "height": 768}


def test_an_escalated_call_is_red_and_first_then_acknowledged(site, browser, artifacts_dir):
    calm = site.http.post("/api/kiosk/help", headers=site.kiosk_headers("desk-calm")).json()
    late = site.http.post("/api/kiosk/help", headers=site.kiosk_headers("desk-late")).json()
    with site.db.session() as s:
        s.execute(update(HelpCall).where(HelpCall.id == late["id"])
                  .values(created_at=utcnow() - timedelta(minutes=7)))
        s.commit()
    page = browser.new_page(viewport=SIZE)
    log_in(page, site, "manager", "manager-demo")
    page.goto(site.url + "/console/fleet")
    rows = page.locator("tr.help-call")
    rows.first.wait_for(timeout=5000)
    assert rows.first.get_attribute("data-id") == str(late["id"])
    assert "escalated" in rows.first.get_attribute("class")
    text = rows.first.inner_text()
    assert "7分钟" in text and "尚无人响应" in text and "desk-late" in text
    color = rows.first.locator("td").first.evaluate("td => getComputedStyle(td).color")
    assert color == "rgb(192, 57, 43)"
    calm_row = page.locator(f"tr.help-call[data-id='{calm['id']}']")
    assert "escalated" not in calm_row.get_attribute("class")
    page.screenshot(path=str(artifacts_dir / "console_help_escalated_zh.png"), full_page=True)

    supervisor = browser.new_page(viewport=SIZE)
    log_in(supervisor, site, "manager", "manager-demo")
    supervisor.goto(site.url + "/console/supervisor")
    on_supervisor = supervisor.locator(f"tr.help-call[data-id='{late['id']}']")
    on_supervisor.wait_for(timeout=5000)

    rows.first.locator("button.on-my-way").click()
    page.locator(f"tr.help-call[data-id='{late['id']}']").wait_for(state="detached", timeout=5000)
    on_supervisor.wait_for(state="detached", timeout=8000)   # the view asks every 3 s
    assert site.http.get(f"/api/kiosk/help/{late['id']}",
                         headers=site.kiosk_headers("other")).status_code == 404
    page.close()
    supervisor.close()
