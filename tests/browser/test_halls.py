"""The console as a person of one hall sees it: a hall-2 manager's fleet page lists hall 2's
terminals only (with their commands and screen), their reports pick from hall 2 only, and a
hall-2 counsellor's counter page offers hall 2's counters and shows hall 2's queue."""

from __future__ import annotations

import base64
import io

from sqlalchemy import update

from central.models.fleet import KioskCommand
from tests.browser.test_counter_board import log_in
from tests.factories import hall_records, staff_in_hall


def _real_png() -> str:
    from PIL import Image, ImageDraw
    image = Image.new("RGB", (320, 180), "#0b6e4f")
    ImageDraw.Draw(image).text((20, 80), "hall 2 attract screen", fill="white")
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return base64.b64encode(buf.getvalue()).decode()


def test_a_hall_2_manager_sees_only_hall_2(site, browser, artifacts_dir):
    one, two = hall_records(site.db, 1, "hall1"), hall_records(site.db, 2, "hall2")
    with site.db.session() as s:
        s.execute(update(KioskCommand).where(KioskCommand.kiosk_id == two["kiosk"])
                  .values(attachment=_real_png()))
        s.commit()
    staff_in_hall(site.db, "manager-h2", "manager-h2-demo", 2, "hall_manager")
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    log_in(page, site, "manager-h2", "manager-h2-demo")
    page.wait_for_url("**/console/fleet")
    page.wait_for_selector("text=hall2-kiosk")
    rows = page.locator("#rows").inner_text()
    assert "hall2-spare" in rows and "hall1-kiosk" not in rows and "hall1-spare" not in rows
    row = page.locator("tr", has_text="hall2-kiosk")
    assert row.locator("button[data-kind=screenshot]").count() == 1
    row.locator("button[data-kind=view]").click()
    page.wait_for_function("document.querySelector('#shot img') && document.querySelector('#shot img').naturalWidth > 0")
    page.screenshot(path=str(artifacts_dir / "console_fleet_hall2_manager.png"), full_page=True)

    page.goto(site.url + "/console/reports")
    options = page.locator("select[name=hall] option").all_inner_texts()
    assert options == ["我的全部大厅", "第2大厅"]
    assert page.goto(site.url + "/console/terminals/" + str(one["kiosk"])).status == 404

    staff_in_hall(site.db, "counsellor-h2", "counsellor-h2-demo", 2, "counsellor")
    counter = browser.new_page(viewport={"width": 1280, "height": 800})
    log_in(counter, site, "counsellor-h2", "counsellor-h2-demo")
    counter.wait_for_url("**/console/counter")
    assert counter.locator("#counter option").evaluate_all("os => os.map(o => o.dataset.hall)") == ["2"]
    counter.wait_for_selector("#queue tr")
    assert counter.locator("#queue").inner_text().startswith("A")
    counter.click("#call-next")
    counter.wait_for_function("document.getElementById('current').textContent !== '—'")
    counter.screenshot(path=str(artifacts_dir / "console_counter_hall2.png"), full_page=True)
