"""The reports as a hall manager reads them in Chromium at 1366×768: the dashboard's tiles
and charts, staff performance, the monthly summary as printed, and the fleet page in words,
each against the hand-counted fortnight of tests/factories.py report_hall.

The screenshots go to tests/artifacts/; with DOCS_SCREENSHOTS=1 they replace the README's in
docs/ (console-reports.png, console-performance.png, console-monthly.png, console-fleet.png)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.browser.test_counter_board import log_in
from tests.factories import report_hall

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / ("docs" if os.environ.get("DOCS_SCREENSHOTS") else "tests/artifacts")
SCREEN = {"width": 1366, "height": 768}
FORTNIGHT = "since=2026-10-15&until=2026-10-16"


@pytest.fixture(scope="module")
def manager_page(site, browser):
    ids = report_hall(site.db, "B")
    page = browser.new_page(viewport=SCREEN)
    log_in(page, site, "manager-B", "manager-B-demo")
    page.wait_for_url("**/console/**")
    yield page, ids
    page.close()


def _tile(page, key: str) -> tuple[str, str]:
    tile = page.locator(f"#tile-{key}")
    return tile.locator(".tile-label").inner_text(), tile.locator(".tile-value").inner_text()


def test_dashboard_tiles_say_the_hand_count_in_words(site, manager_page, artifacts_dir):
    page, ids = manager_page
    page.goto(f"{site.url}/console/reports?{FORTNIGHT}&hall={ids['hall']}")
    assert _tile(page, "tickets") == ("取号数", "4")
    assert _tile(page, "mean_wait_min") == ("平均等候", "15.0分钟")
    assert _tile(page, "within_target_pct") == ("在等候目标内办理", "66.7%")
    assert page.locator("#tile-within_target_pct .tile-behind").inner_text() == "已办理 3 人中的 2 人"
    assert _tile(page, "satisfaction") == ("满意度（5分制）", "4.0")
    assert _tile(page, "no_show_rate_pct") == ("过号率", "25.0%")
    assert _tile(page, "slips") == ("打印岗位条", "3")
    assert _tile(page, "quizzes") == ("职业测评", "1")
    # four line charts over the two days, the wait chart with the hall's target of 20 minutes
    assert page.locator("#dashboard figure.chart").count() == 4
    assert page.locator("#dashboard figure.chart polyline").count() >= 5
    assert "等候目标 20" in page.locator("#dashboard figure.chart").nth(1).inner_text()
    text = page.inner_text("main")
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), re.findall(r"\b[a-z]+_[a-z_]+\b", text)
    page.screenshot(path=str(DOCS / "console-reports.png"))
    page.screenshot(path=str(artifacts_dir / "console_reports_full.png"), full_page=True)
    # a preset period: "today" has none of the fortnight's tickets
    page.click("#period .presets a:has-text('今天')")
    page.wait_for_selector("#tile-tickets")
    assert _tile(page, "tickets") == ("取号数", "0") and _tile(page, "mean_wait_min")[1] == "—"


def test_performance_shows_each_person_and_counter(site, manager_page):
    page, ids = manager_page
    page.goto(f"{site.url}/console/reports?{FORTNIGHT}&hall={ids['hall']}")
    page.click("a:has-text('绩效考核')")
    page.wait_for_selector("#staff")
    headers = page.locator("#staff th").all_inner_texts()
    assert headers == ["名称", "已办理", "平均办理时长（分钟）", "评价数", "满意度（5分制）",
                       "推荐就业", "推荐后录用", "过号"]
    rows = {r[0]: r[1:] for r in (row.locator("td").all_inner_texts()
                                  for row in page.locator("#staff tbody tr").all())}
    assert rows["Alice B"] == ["2", "8.0", "2", "4.0", "2", "1", "0"]
    assert rows["Bob B"] == ["1", "20.0", "1", "4.0", "1", "0", "1"]
    counters = [row.locator("td").all_inner_texts() for row in page.locator("#counters tbody tr").all()]
    assert [c[1:] for c in counters] == [["1号窗口", "2", "8.0", "2", "4.0", "0"],
                                         ["2号窗口", "1", "20.0", "1", "4.0", "1"]]
    page.screenshot(path=str(DOCS / "console-performance.png"))


def test_monthly_summary_prints_on_a4(site, manager_page):
    page, ids = manager_page
    page.goto(f"{site.url}/console/reports/monthly?month=2026-10&hall={ids['hall']}")
    page.emulate_media(media="print")
    assert page.locator("header").is_hidden() and page.locator("#month").is_hidden()
    sheet = page.inner_text("#summary")
    assert sheet.startswith("报表大厅 B") and "2026年10月" in sheet and "Alice B" in sheet
    assert _tile(page, "within_target_pct")[1] == "66.7%"
    page.screenshot(path=str(DOCS / "console-monthly.png"), full_page=True)
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page\r") + \
        len(re.findall(rb"/Type\s*/Page[^s]", pdf)) >= 1
    page.emulate_media(media="screen")


def test_a_counsellor_is_refused_performance(site, browser):
    page = browser.new_page(viewport=SCREEN)
    log_in(page, site, "alice-B", "alice-B-demo")
    page.wait_for_url("**/console/**")
    assert page.goto(site.url + "/console/reports/performance").status == 403
    page.goto(site.url + "/console/reports")
    assert page.locator("a:has-text('绩效考核')").count() == 0
    page.close()


def test_fleet_page_speaks_words_and_local_times(site, browser):
    from datetime import timedelta

    from central.models import Kiosk, utcnow
    from central.models.fleet import KioskStatus
    with site.db.session() as s:
        quiet = Kiosk(hall_id=1, name="never-door")
        beating = Kiosk(hall_id=1, name="paper-door")
        s.add_all([quiet, beating])
        s.flush()
        s.add(KioskStatus(kiosk_id=beating.id, last_seen=utcnow() - timedelta(minutes=3),
                          software_version="0.0.1", outbox_depth=250,
                          devices={"printer": {"state": "degraded", "reason": "paper_low"},
                                   "camera": {"state": "offline", "reason": "camera_gone"},
                                   "idcard": {"state": "ok", "reason": ""}}))
        s.commit()
    page = browser.new_page(viewport=SCREEN)
    log_in(page, site, "admin", "admin-demo")
    page.wait_for_url("**/console/fleet")
    page.wait_for_selector("text=paper-door")
    never = page.locator("tr", has_text="never-door").inner_text()
    assert "从未上线" in never and "never_seen" not in never
    row = page.locator("tr", has_text="paper-door").inner_text()
    assert "3分钟前" in row or "3 分钟前" in row
    for words in ("打印机: 降级 (纸将用尽)", "摄像头: 离线 (摄像头已断开)", "身份证读卡器: 正常",
                  "纸将用尽", "大量事件未上传", "软件版本过旧"):
        assert words in row, (words, row)
    text = page.inner_text("main")
    assert not re.search(r"\b[a-z]+_[a-z_]+\b|\d{4}-\d\d-\d\dT", text), text
    assert re.search(r"共 \d+ 台，\d+ 台有告警", page.inner_text("#summary"))
    page.screenshot(path=str(DOCS / "console-fleet.png"))
    page.close()


def test_dashboard_in_english(site, manager_page, artifacts_dir):
    page, ids = manager_page
    page.goto(f"{site.url}/console/reports?{FORTNIGHT}&hall={ids['hall']}")
    page.click("a.lang-switch")
    page.wait_for_selector("html[lang=en]")
    try:
        assert _tile(page, "mean_wait_min") == ("Mean wait", "15.0min")
        assert _tile(page, "within_target_pct") == ("Served within the wait target", "66.7%")
        assert page.locator("#tile-within_target_pct .tile-behind").inner_text() == "2 of 3 served"
        text = page.inner_text("main")
        assert not re.search(r"[\u4e00-\u9fff]", text.replace("报表大厅", "").replace("求职登记", "")
                             .replace("号窗口", ""))
        page.screenshot(path=str(artifacts_dir / "console_reports_en.png"), full_page=True)
    finally:
        page.click("a.lang-switch")
        page.wait_for_selector("html[lang=zh-CN]")
