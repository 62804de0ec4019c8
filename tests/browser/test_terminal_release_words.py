"""The terminal and releases pages in Chromium, once in Chinese and once in English: each in
one language, the scripts' words (screenshot, outcomes, scopes) included."""

from __future__ import annotations

import re

import pytest

from central.i18n import LANG_COOKIE
from tests.browser.test_counter_board import log_in

CJK = re.compile(r"[\u4e00-\u9fff]")


def _open(browser, site, path: str, lang: str):
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    log_in(page, site, "admin", "admin-demo")
    page.wait_for_url("**/console/fleet")
    page.context.add_cookies([{"name": LANG_COOKIE, "value": lang, "url": site.url}])
    page.goto(site.url + path)
    return page


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_terminal_page_in_one_language(site, browser, artifacts_dir, lang):
    kiosk = site.kiosk_headers("words-" + lang)
    site.http.post("/api/kiosk/heartbeat", headers=kiosk, json={
        "software_version": "0.1.0", "outbox_depth": 2, "free_disk_mb": 800,
        "devices": {"printer": {"state": "degraded", "reason": "paper_low"}, "idcard": {"state": "ok"}}})
    kid = site.http.get("/api/kiosk/me", headers=kiosk).json()["id"]
    site.http.put(f"/api/config/kiosk/{kid}", headers=site.staff_headers(),
                  json={"values": {"devices.printer.paper_width_mm": 58}, "note": "narrow roll"})
    page = _open(browser, site, f"/console/terminals/{kid}", lang)
    page.wait_for_function("document.getElementById('shot').textContent.length > 0")  # no screenshot yet
    main = page.inner_text("main")
    if lang == "en":
        assert not CJK.search(main), CJK.findall(main)
        assert "No screenshot yet" in main and "Printer: degraded (paper low)" in main
    else:
        assert "暂无截图" in main and "打印机: 降级 (纸将用尽)" in main
        assert not [w for w in ("All terminals", "No screenshot", "Commands", "UTC", "idcard") if w in main]
    page.screenshot(path=str(artifacts_dir / f"console_terminal_{lang}.png"), full_page=True)


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_releases_page_in_one_language(site, browser, artifacts_dir, lang):
    page = _open(browser, site, "/console/releases", lang)
    page.select_option("#scope", "hall")
    page.fill("#scope_id", "999")
    page.click("#assign button")   # no release uploaded: refused, in the page's language
    page.wait_for_function("document.getElementById('assign_result').textContent.length > 0")
    main = page.inner_text("main")
    if lang == "en":
        assert not CJK.search(main), CJK.findall(main)
        assert "Every terminal" in main and "Not assigned:" in main
    else:
        assert "全部终端" in main and "指定失败" in main
        assert not [w for w in ("Roll-out", "Fleet", "Assign", "failed") if w in main]
    page.screenshot(path=str(artifacts_dir / f"console_releases_{lang}.png"), full_page=True)
