"""The back-office pages on the demo seed at an office screen's size and a tablet's, as
docs/console-*.png show them (copied from tests/artifacts after a look)."""

from __future__ import annotations

import pytest

from tests.browser.test_counter_board import log_in

PAGES = {"services": "服务事项", "counters": "窗口设置", "staff": "工作人员", "announcements": "公告"}


@pytest.mark.parametrize("width, height, suffix", [(1366, 768, ""), (800, 1280, "-tablet")])
def test_screenshots_of_the_back_office(site, browser, artifacts_dir, width, height, suffix):
    """Each page reached from the navigation bar, its entry marked as the current page."""
    page = browser.new_page(viewport={"width": width, "height": height}, locale="zh-CN")
    log_in(page, site, "manager", "manager-demo")
    for name in PAGES:
        page.click(f"header nav a[href='/console/{name}']")
        page.wait_for_url(f"**/console/{name}")
        if name == "services":   # the first service open, its documents in sight
            page.locator("details.item").first.locator("summary").click()
            page.locator("details.item").first.evaluate("e => window.scrollTo(0, e.offsetTop - 60)")
        if name == "announcements":
            page.fill("textarea[name=text]", "本周五下午举办专场招聘会，欢迎求职者参加。")
        assert page.locator("header nav a[aria-current=page]").inner_text() == PAGES[name]
        page.screenshot(path=str(artifacts_dir / f"console-{name}{suffix}.png"))


def test_the_back_office_is_not_offered_to_a_counsellor(site, browser):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    log_in(page, site, "counsellor1", "counsellor-demo")
    page.wait_for_url("**/console/counter")
    links = page.locator("header nav a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert "/console/counter" in links and not set(links) & {f"/console/{name}" for name in PAGES}
    assert page.goto(site.url + "/console/services").status == 403
