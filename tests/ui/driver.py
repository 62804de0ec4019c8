"""Drive the real Kivy app in a window under Xvfb: pump frames, tap widgets, take screenshots."""

from __future__ import annotations

import time
from pathlib import Path

__all__ = ["Driver"]


class Driver:
    def __init__(self, app, artifacts: Path):
        from kivy.base import EventLoop
        self.app, self.loop, self.artifacts = app, EventLoop, artifacts

    def pump(self, frames: int = 2) -> None:
        for _ in range(frames):
            self.loop.idle()

    def wait(self, predicate, timeout: float = 5.0, message=""):
        """Run frames until ``predicate()`` is truthy or the deadline passes; ``message`` (or
        what it returns, when callable: the state at the deadline) says what went wrong."""
        deadline = time.monotonic() + timeout
        while True:
            self.loop.idle()
            value = predicate()
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError((message() if callable(message) else message)
                                     or "UI condition not met in time")

    def reader_free(self) -> None:
        """Wait until the ID card reader has seen the last card go: a card taken out and
        another put in between two of its polls is never seen to change (nor the new one
        to come), as no person could swap cards that fast."""
        reader = self.app.services.devices.get("idcard")
        if reader is not None:
            self.wait(lambda: not reader.card_present, 5, "the reader still holds the last card")

    def card_state(self, idcard=None) -> str:
        """What a card wait that failed needs to say: the screen, the session, the reader and
        (with the emulator) what it was last asked."""
        app, session = self.app, self.app.services.session
        reader = app.services.devices.get("idcard") if app.services.devices else None
        seen = ""
        if reader is not None:
            seen = (f"reader {reader.health().state.value}/{reader.health().reason}, "
                    f"card_present={reader.card_present}, reads={reader.reads}, ")
        asked = f", emulator asked {idcard.requests[-4:]}" if idcard is not None else ""
        return (f"screen={self.screen()}, maintenance={app.maintenance_mode}, "
                f"asleep={app.asleep}, session active={session.active} "
                f"identified={session.identified}, {seen}"
                f"devices_working={dict(app.devices_working)}{asked}")

    def tap_at(self, x: float, y: float) -> None:
        from kivy.tests.common import UnitTestTouch
        touch = UnitTestTouch(x, y)
        touch.touch_down()
        self.pump(1)
        touch.touch_up()
        self.pump(2)

    def tap(self, widget) -> None:
        """Tap the centre of ``widget`` as a finger would (through the window), once it has
        stopped moving: a widget just added (a new question's answers) is placed by its
        layout a frame or two later, and a tap where it stood at first lands elsewhere."""
        self.wait(lambda: not self.app.manager.transition.is_active, 3, "screen still changing")
        assert widget.get_root_window() is not None, f"{widget} is not on screen"
        x, y = self._settled_centre(widget)
        self.tap_at(x, y)

    def _settled_centre(self, widget, frames: int = 20) -> tuple[float, float]:
        """Where ``widget``'s centre is once two frames in a row agree (at most ``frames``)."""
        last = widget.to_window(widget.center_x, widget.center_y)
        for _ in range(frames):
            self.pump(1)
            now = widget.to_window(widget.center_x, widget.center_y)
            if now == last:
                return now
            last = now
        return last

    def open_tile(self, name: str):
        """A visitor touches the attract screen, then the home tile of screen ``name``."""
        return self.open_from_home(f"tile_{name}", name)

    def open_from_home(self, button: str, name: str):
        """A visitor touches the attract screen, then the home screen's ``button``, which
        opens screen ``name``; returns that screen."""
        self.wait(lambda: self.screen() == "attract" and not self.app.manager.transition.is_active, 5,
                  f"not on the attract screen: {self.screen()}")
        self.tap_at(640, 400)
        self.wait(lambda: self.screen() == "home", 5, f"the touch did not open home: {self.screen()}")
        self.tap(self.app.screens["home"].ids[button])
        self.wait(lambda: self.screen() == name, 5, f"{button} did not open {name}: {self.screen()}")
        return self.app.screens[name]

    def write(self, box, char: str) -> None:
        """A finger writes ``char`` (its Make Me a Hanzi medians) in a handwriting box."""
        from kivy.tests.common import UnitTestTouch

        from tests import handwriting_data
        side = int(min(box.size))
        for stroke in handwriting_data.touch_replay(handwriting_data.medians(char), pad_px=side):
            to_window = [box.to_window(box.x + x, box.top - y) for x, y in stroke]
            finger = UnitTestTouch(*to_window[0])
            finger.touch_down()
            for x, y in to_window[1:]:
                finger.touch_move(x, y)
            finger.touch_up()
            self.pump(1)

    @staticmethod
    def undersized(widget, least: float = 64) -> dict[str, tuple[int, int]]:
        """Every control (a button or key) under ``widget`` in the widget tree that is
        narrower or lower than ``least`` px, by its text: too small for a finger."""
        from kivy.uix.behaviors import ButtonBehavior
        return {f"{type(w).__name__} {getattr(w, 'text', '')!r}": (round(w.width), round(w.height))
                for w in widget.walk(restrict=True)
                if isinstance(w, ButtonBehavior) and min(w.size) < least}

    def screen(self) -> str:
        return self.app.manager.current

    def go(self, name: str) -> None:
        self.app.navigate(name)
        self.wait(lambda: self.screen() == name and not self.app.manager.transition.is_active)
        self.pump(3)

    def shot(self, name: str) -> Path:
        path = self.artifacts / f"{name}.png"
        self.wait(lambda: not self.app.manager.transition.is_active, 3, "screen still changing")
        self.pump(3)
        self.app.root.export_to_png(str(path))
        return path

    def texts(self, widget=None) -> list[str]:
        """Every label text under ``widget`` (default: the current screen and top bar)."""
        from kivy.uix.label import Label
        roots = [widget] if widget is not None else [self.app.manager.current_screen, self.app.topbar]
        out = []
        for root in roots:
            for w in root.walk():
                if isinstance(w, Label) and w.text:
                    out.append(w.text)
        return out
