"""The terminal shell in a real window: tiles, language, idle timeout, lockdown, staff PIN."""

from __future__ import annotations

import pytest

from devices.base import PersonIdentity


def start(ui):
    ui.tap_at(640, 400)
    ui.wait(lambda: ui.screen() == "home", message="touch did not start a session")
    ui.pump(5)


def test_attract_then_home(fresh):
    ui = fresh
    assert "触摸屏幕开始" in ui.texts()
    ui.shot("attract_zh")
    start(ui)
    assert ui.app.services.session.active
    ui.shot("home_zh")


@pytest.mark.parametrize("tile, screen", [("tile_jobs", "jobs"), ("tile_quiz", "quiz"),
                                          ("tile_queue", "queue"), ("tile_progress", "progress")])
def test_each_tile_opens_its_screen(fresh, tile, screen):
    ui = fresh
    start(ui)
    ui.tap(ui.app.screens["home"].ids[tile])
    ui.wait(lambda: ui.screen() == screen, message=f"{tile} did not open {screen}")
    ui.shot(f"{screen}_zh")
    ui.tap(ui.app.topbar.ids.home_button)
    ui.wait(lambda: ui.screen() == "home")


def test_language_switch_changes_visible_text(fresh):
    ui = fresh
    start(ui)
    assert "找工作" in ui.texts()
    ui.tap(ui.app.topbar.ids.language_button)
    ui.wait(lambda: "Find jobs" in ui.texts(), message="English did not appear")
    assert "找工作" not in ui.texts()
    assert ui.app.topbar.ids.language_button.text.endswith("中文")
    ui.shot("home_en")
    ui.tap(ui.app.topbar.ids.language_button)
    ui.wait(lambda: "找工作" in ui.texts())


def test_idle_timeout_counts_down_then_wipes_the_session(fresh):
    ui = fresh
    start(ui)
    session = ui.app.services.session
    session.identify(PersonIdentity("idcard", "110101199003071234", "张三"))
    session.record("search", query="kj")
    ui.app.idle.timeout_s, ui.app.idle.warning_s = 2.0, 1.5
    ui.app.idle.touch()
    ui.wait(lambda: ui.app.idle_warning, 3, "no countdown shown")
    assert any("秒" in t for t in ui.texts(ui.app.root))
    ui.shot("idle_warning_zh")
    ui.wait(lambda: ui.screen() == "attract", 4, "idle timeout did not return to attract")
    assert session.is_empty()
    ui.app.idle.timeout_s, ui.app.idle.warning_s = 30.0, 10.0


def test_continue_keeps_the_session(fresh):
    ui = fresh
    start(ui)
    ui.app.idle.timeout_s, ui.app.idle.warning_s = 3.0, 2.5
    ui.app.idle.touch()
    ui.wait(lambda: ui.app.idle_warning, 3)
    ui.tap(ui.app._overlay.ids.continue_button)
    assert not ui.app.idle_warning and ui.screen() == "home"
    assert ui.app.services.session.active
    ui.app.idle.timeout_s, ui.app.idle.warning_s = 30.0, 10.0


def test_escape_does_not_close_in_lockdown(fresh):
    from kivy.core.window import Window
    ui = fresh
    before = ui.app.close_requests
    Window.dispatch("on_key_down", 27, 0, "", [])
    Window.dispatch("on_keyboard", 27, 0, "", [])
    Window.dispatch("on_request_close")
    ui.pump(3)
    assert ui.app.close_requests > before
    assert ui.app.root.get_root_window() is not None
    assert Window.fullscreen in ("auto", True, 1, "1")


def test_hidden_gesture_and_pin_open_maintenance(fresh):
    ui = fresh
    start(ui)
    w, h = ui.app.root.size
    for _ in range(5):
        ui.tap_at(w - 20, h - 20)
    ui.wait(lambda: ui.screen() == "pin", message="gesture did not open the PIN screen")
    pin = ui.app.screens["pin"]
    for key in "9999":
        pin.press(key)
    ui.tap(pin.ids.ok_key)
    assert ui.screen() == "pin" and any("PIN 错误" in t for t in ui.texts())
    ui.shot("pin_wrong_zh")
    for key in "1234":
        pin.press(key)
    ui.tap(pin.ids.ok_key)
    ui.wait(lambda: ui.screen() == "maintenance")
    ui.shot("maintenance_zh")


def test_maintenance_mode_shows_out_of_service(fresh):
    ui = fresh
    ui.app.set_maintenance(True)
    ui.wait(lambda: ui.screen() == "out_of_service")
    ui.tap_at(640, 400)
    ui.pump(5)
    assert ui.screen() == "out_of_service"
    ui.shot("out_of_service_zh")
    ui.app.set_maintenance(False)


def test_offline_marker_and_accessibility(fresh):
    ui = fresh
    start(ui)
    ui.app.sync_now()  # an earlier test may have had a central service up
    ui.wait(lambda: not ui.app.online, 8, "offline marker never shown")
    assert "离线" in ui.texts()
    ui.tap(ui.app.screens["home"].ids.contrast_button)
    ui.tap(ui.app.screens["home"].ids.large_text_button)
    assert ui.app.font_scale > 1 and ui.app.palette["bg"][:3] == [0, 0, 0]
    ui.shot("home_high_contrast_zh")
    ui.app.end_session("test")
    assert ui.app.font_scale == 1.0 and ui.app.palette["bg"][:3] != [0, 0, 0]
