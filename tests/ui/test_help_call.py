"""A call for help in the real window: "call staff" in the top bar reaches the central
service on the worker; the call is seen on the console's fleet page in headless Chromium,
acknowledged there, and the terminal then says a staff member is coming. Offline, the
terminal says the call cannot reach anyone and sends the visitor to the front desk."""

from __future__ import annotations

import shutil

import pytest

from tests.browser.conftest import CHROMIUM_ARGS
from tests.browser.test_counter_board import log_in


def start(ui):
    ui.tap_at(640, 400)
    ui.wait(lambda: ui.screen() == "home", message="touch did not start a session")
    ui.pump(3)


def overlay_texts(ui):
    overlay = ui.app._help_overlay
    assert overlay is not None, "the call's window is not shown"
    return ui.texts(overlay)


@pytest.fixture
def enrolled_offline(fresh):
    """An enrolled terminal (it has a token) whose service does not answer."""
    api = fresh.app.services.api
    saved, api.token = api.token, "kt_enrolled-but-offline"
    yield fresh
    api.token = saved


def test_offline_the_terminal_sends_the_visitor_to_the_front_desk(enrolled_offline):
    ui = enrolled_offline
    start(ui)
    ui.app.navigate("jobs")
    ui.wait(lambda: ui.screen() == "jobs")
    ui.tap(ui.app.topbar.ids.help_button)
    ui.wait(lambda: ui.app.help_state == "unreachable", 5, "no word that the call failed")
    ui.app.close_help()
    ui.app.help.reset()
    ui.app.call_staff()   # the answer comes through the clock: the UI thread did not wait
    assert ui.app.help_state == "calling"
    ui.wait(lambda: ui.app.help_state == "unreachable", 5, "no word that the call failed")
    assert any("请到前台咨询" in t for t in overlay_texts(ui))
    ui.shot("help_unreachable_zh")
    ui.app.toggle_language()
    ui.wait(lambda: any("front desk" in t for t in overlay_texts(ui)), 3, "not in English")
    ui.shot("help_unreachable_en")
    ui.tap(ui.app._help_overlay.ids.help_close)
    ui.wait(lambda: ui.app._help_overlay is None, 3, "the window did not close")
    assert ui.screen() == "jobs"


def test_a_call_is_acknowledged_in_the_console(fresh, central_up, artifacts_dir):
    from playwright.sync_api import sync_playwright
    ui = fresh
    start(ui)
    ui.tap(ui.app.topbar.ids.help_button)
    ui.wait(lambda: ui.app.help_state == "waiting", 5, "the call did not reach the service")
    assert any("已通知工作人员" in t for t in overlay_texts(ui))
    assert ui.app._help_poll is not None, "the terminal does not ask whether anyone answered"
    ui.shot("help_waiting_zh")
    # a second press is the same call, not another
    ui.app.close_help()
    ui.tap(ui.app.topbar.ids.help_button)
    ui.wait(lambda: ui.app._help_overlay is not None)

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        log_in(page, central_up, "admin", "admin-demo")
        page.goto(central_up.url + "/console/fleet")
        row = page.locator("tr.help-call", has_text="ui-terminal")
        row.wait_for(timeout=5000)
        assert row.count() == 1
        assert "秒" in row.inner_text()
        page.screenshot(path=str(artifacts_dir / "console_help_call_zh.png"), full_page=True)
        page.goto(central_up.url + "/console/language/en")
        page.goto(central_up.url + "/console/fleet")
        row.wait_for(timeout=5000)
        assert "second" in row.inner_text()
        page.screenshot(path=str(artifacts_dir / "console_help_call_en.png"), full_page=True)
        row.locator("button.on-my-way").click()
        row.wait_for(state="detached", timeout=5000)
        browser.close()

    ui.wait(lambda: ui.app.help_state == "coming", 10, "the terminal did not learn of the answer")
    assert any("工作人员正在赶来" in t for t in overlay_texts(ui))
    assert ui.app._help_poll is None, "the terminal goes on asking after the answer"
    ui.shot("help_coming_zh")
    ui.app.toggle_language()
    ui.wait(lambda: any("coming to you" in t for t in overlay_texts(ui)), 3, "not in English")
    ui.shot("help_coming_en")

    ui.app.end_session("test")
    ui.wait(lambda: ui.screen() == "attract")
    assert ui.app._help_overlay is None and ui.app.help_state == "" and ui.app._help_poll is None
