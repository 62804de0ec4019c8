"""Operable without sight: a USB numeric keypad's keys, sent to the real window as key events,
move a visible focus ring over the screen's controls (each one spoken) and take a ticket with
no touch at all."""

from __future__ import annotations

from kiosk.keypad import KEYS
from tests.ui.test_spoken_guidance import finished, voice  # noqa: F401  (fixture)


def press(ui, action):
    from kivy.core.window import Window   # not at import: the app sets the window's size first
    key = KEYS[action][0]
    Window.dispatch("on_key_down", key, 0, None, [])
    Window.dispatch("on_key_up", key, 0)
    ui.pump(2)


def focus_on(ui, wanted, events, limit=40):
    """Press "next" until ``wanted`` has the focus, checking the ring and the voice each time."""
    for _ in range(limit):
        press(ui, "next")
        focus = ui.app._focus
        assert focus is not None
        ring = ui.app._ring
        x, y = focus.to_window(*focus.pos)
        assert ring.opacity == 1 and abs(ring._outer.rectangle[0] - (x - 7)) < 1
        if focus is getattr(wanted, "__self__", wanted):   # kv ids are weak proxies
            return
    raise AssertionError(f"the focus never reached {wanted}")


def test_a_ticket_taken_with_the_keypad_alone(fresh, central_up, voice):  # noqa: F811
    ui, (guide, events) = fresh, voice
    press(ui, "activate")   # any key starts
    ui.wait(lambda: ui.screen() == "home", 5, "the keypad did not start a session")
    ui.wait(lambda: finished(events, "找工作"), 15, "the home screen was not spoken")
    home = ui.app.screens["home"]
    press(ui, "next")
    assert ui.app._focus is ui.app.topbar.ids.read_aloud_button.__self__   # reading order
    ui.wait(lambda: finished(events, "朗读"), 10, "the focus was not spoken")
    ui.shot("keypad_focus_zh")
    focus_on(ui, home.ids.tile_queue, events)
    ui.wait(lambda: finished(events, "取号排队"), 10, "the focused tile was not spoken")
    press(ui, "activate")
    ui.wait(lambda: ui.screen() == "queue", 5, "enter did not open the tile")
    queue = ui.app.screens["queue"]
    ui.wait(lambda: queue.ids.service_grid.children, 5)
    wanted = next(b for b in queue.ids.service_grid.children if b.code == "job_seeker_registration")
    focus_on(ui, wanted, events)
    press(ui, "activate")
    ui.wait(lambda: queue.stage == "documents", 5)
    ui.pump(3)
    focus_on(ui, queue.ids.confirm_button, events)
    press(ui, "activate")
    ui.wait(lambda: queue.stage == "ticket", 5, "no ticket")
    ui.wait(lambda: finished(events, " ".join(queue.ticket["label"])), 20, "the ticket was not read out")
    press(ui, "back")
    ui.wait(lambda: ui.screen() == "home", 5, "back did not go home")


def test_the_help_key_calls_staff(fresh, voice):  # noqa: F811
    ui = fresh
    press(ui, "next")
    ui.wait(lambda: ui.screen() == "home", 5)
    press(ui, "help")
    ui.wait(lambda: ui.app._help_overlay is not None, 5, "the help key did nothing")
    press(ui, "back")
    ui.wait(lambda: ui.app._help_overlay is None, 5, "back did not close the call's window")
