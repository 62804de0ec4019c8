"""The shell's help for every visitor, mixed into ``KioskApp``: the call for help
(kiosk.help) with its window over the screen, and spoken guidance (kiosk.guidance): "read
aloud", each screen spoken when shown while guidance is on, silence when the visitor moves
on or the session ends.

Imports Kivy: only kiosk.kivyapp imports it. The app declares the properties it sets
(``help_state``, ``help_message``).
"""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.graphics import Color, Line
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.widget import Widget

from kiosk import elders, keypad
from kiosk.guidance import Guide
from kiosk.help import POLL_S, HelpDesk

__all__ = ["Assist", "HelpOverlay", "FocusRing", "controls_under", "control_words"]


class HelpOverlay(FloatLayout):
    """The call for help, over the screen: nothing under it takes a touch while it shows."""

    def on_touch_down(self, touch):
        super().on_touch_down(touch)
        return True


class FocusRing(Widget):
    """The keypad's focus: a thick ring round the focused control, over everything."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.size_hint = (None, None)
        with self.canvas:
            Color(0.95, 0.65, 0.25, 1)
            self._outer = Line(width=5, rectangle=(0, 0, 0, 0))
            Color(0.05, 0.05, 0.05, 1)
            self._inner = Line(width=2, rectangle=(0, 0, 0, 0))
        self.opacity = 0

    def around(self, box: tuple[float, float, float, float] | None) -> None:
        if box is None:
            self.opacity = 0
            return
        x, y, w, h = box
        self._outer.rectangle = (x - 7, y - 7, w + 14, h + 14)
        self._inner.rectangle = (x - 2, y - 2, w + 4, h + 4)
        self.opacity = 1


def controls_under(widget) -> list:
    """The visible, enabled controls (buttons, tiles, keys) under ``widget``."""
    if widget.opacity == 0 or widget.width < 2 or widget.height < 2:
        return []
    if isinstance(widget, ButtonBehavior):
        return [] if widget.disabled else [widget]
    return [c for child in reversed(widget.children) for c in controls_under(child)]


def control_words(widget) -> str:
    """What a control is called aloud: a tile's title and subtitle, a button's text."""
    title = getattr(widget, "title", "") or getattr(widget, "text", "")
    return " ".join(t for t in (title, getattr(widget, "subtitle", "")) if t)


def _box(widget) -> tuple[float, float, float, float]:
    x, y = widget.to_window(*widget.pos)
    return x, y, widget.width, widget.height


def _speaker(speech_settings: Any):
    from kiosk.speech import Speaker
    return Speaker.from_settings(speech_settings, schedule=Clock.schedule_once)


class Assist:
    """Call for help and spoken guidance (the app's part of them: windows, clock, hooks)."""

    def _init_assist(self) -> None:
        self.help = HelpDesk(self.services, self._on_help_state)
        self._help_overlay = None
        self._help_closed = False   # the visitor closed the call's window (until the next call)
        self._help_poll = None
        self.guide = self.services.guide = Guide(self.settings, self.translator, _speaker)
        self._focus = None
        self._ring = None

    # -- pictograms -----------------------------------------------------------------------
    def pictogram(self, name: str) -> str:
        from kiosk.icons import glyph
        return glyph(name, bool(self.icon_font))

    def labelled(self, name: str, text: str) -> str:
        """A control's text with its pictogram before it (label markup)."""
        from kiosk.icons import with_icon
        return with_icon(name, text, self.icon_font)

    # -- the keypad ---------------------------------------------------------------------
    def keypad_key(self, key: int) -> bool:
        """A key of the numeric keypad (kiosk.keypad says which does what); False: not one."""
        action = keypad.action_of(key)
        if action is None or self.root is None:
            return False
        self.touched()
        if self.manager.current == "attract":
            self.start_session()
        self.guide.on = True   # a visitor on the keypad hears every screen and every focus
        if self.manager.current == "attract":
            return True
        if action == "help":
            self.call_staff()
        elif action == "back":
            self.close_help() if self._help_overlay is not None else self.navigate("home")
        elif action == "repeat":
            self.guide.read(control_words(self._focus) if self._focus is not None
                            else self.manager.current_screen.speak_text())
        elif action == "activate":
            if self._focus is not None and self._focus in self._controls():
                pressed, self._focus = self._focus, None
                self._ring.around(None)   # what it shows next is spoken; focus starts again
                pressed.trigger_action(duration=0)
        else:
            self._move_focus(action)
        return True

    def _controls(self) -> list:
        roots = [self._help_overlay] if self._help_overlay is not None else \
            [self.topbar, self.manager.current_screen]
        found = [c for root in roots for c in controls_under(root)]
        return [found[i] for i in keypad.reading_order([_box(c) for c in found])]

    def _move_focus(self, action: str) -> None:
        controls = self._controls()
        current = controls.index(self._focus) if self._focus in controls else None
        index = keypad.step(current, len(controls), action)
        self._focus = None if index is None else controls[index]
        if self._ring is None:
            self._ring = FocusRing()
            self.root.add_widget(self._ring)
        self._ring.around(None if self._focus is None else _box(self._focus))
        if self._focus is not None:
            self.guide.read(control_words(self._focus))

    def _forget_focus(self) -> None:
        self._focus = None
        if self._ring is not None:
            self._ring.around(None)

    # -- elders' mode ---------------------------------------------------------------------
    def set_elders(self, on: bool) -> None:
        """Elders' mode on or off for this visitor (kiosk.elders says what it changes)."""
        self.touched()
        self.elders = on
        self._apply_accessibility(self._large, self._contrast)
        self.idle.timeout_s, self.idle.warning_s = elders.idle_times(self.settings, on)
        self.idle.touch()
        self.guide.on = on or self.settings.speech.guide_by_default
        self.guide.rate_factor = elders.RATE_FACTOR if on else 1.0
        if on and self.manager.current_screen is not None:
            self.guide.read(self.manager.current_screen.speak_text())
        elif not on:
            self.guide.stop()

    def start_in_elders_mode(self) -> None:
        """The attract screen's big entry: a session that starts in elders' mode."""
        self.start_session()
        self.set_elders(True)

    def _identified(self, label: str) -> None:
        """A card identified the visitor: one of 60 or more is put in elders' mode, and told."""
        self.identity_label = label
        identity = self.services.session.identity
        if identity is None or self.elders:
            return
        from datetime import date
        if elders.is_elder(identity.id_number, date.today()):
            self.set_elders(True)
            self.guide.read(self.t(elders.OFFERED))

    # -- spoken guidance ----------------------------------------------------------------
    def read_aloud(self) -> None:
        """The top bar's "read aloud": the current screen (or the call's window) again."""
        self.touched()
        if self._help_overlay is not None and self.help_message:
            self.guide.read(self.t(self.help_message))
        else:
            self.guide.read(self.manager.current_screen.speak_text())

    def _assist_screen_shown(self, screen) -> None:
        # spoken once the screen has filled itself in (on_pre_enter, the next frame)
        self._forget_focus()
        self.guide.stop()
        Clock.schedule_once(lambda _dt: self.manager.current_screen is screen
                            and self.guide.screen_shown(screen.speak_text()), 0.2)

    def _assist_language_switched(self) -> None:
        # the screen's texts follow the language in this frame: read them in the next
        def again(_dt) -> None:
            if getattr(self, "manager", None) is not None and self.manager.current_screen:
                self.guide.content_changed(self.manager.current_screen.speak_text())
        if self.guide.on:
            Clock.schedule_once(again, 0)

    # -- call for help ------------------------------------------------------------------
    def call_staff(self) -> None:
        """The "call staff" control of the top bar (kiosk.help makes the call, on the worker)."""
        self.touched()
        self._help_closed = False
        self.help.call()

    def _on_help_state(self, state: str) -> None:
        self.help_state, self.help_message = state, self.help.message()
        if self._help_closed:
            return   # the visitor closed the window before the answer came: it stays closed
        if self._help_overlay is None and self.root is not None:
            self._help_overlay = HelpOverlay()
            self.root.add_widget(self._help_overlay)
        self.guide.content_changed(self.t(self.help_message))
        if self._help_poll is None and state == "waiting":
            self._help_poll = Clock.schedule_interval(lambda _dt: self.help.poll(), POLL_S)
        elif self._help_poll is not None and state not in ("calling", "waiting"):
            self._stop_help_poll()

    def close_help(self) -> None:
        """The visitor closed the call's window: it stays open at the service; no more asking,
        and an answer still on its way does not open the window again."""
        self._help_closed = True
        self._stop_help_poll()
        if self._help_overlay is not None:
            self.root.remove_widget(self._help_overlay)
            self._help_overlay = None

    def _stop_help_poll(self) -> None:
        if self._help_poll is not None:
            self._help_poll.cancel()
            self._help_poll = None

    # -- ends ---------------------------------------------------------------------------
    def _assist_session_ended(self) -> None:
        self.help.reset()
        self.help_state = self.help_message = ""
        self.close_help()
        self._forget_focus()
        self.guide.session_ended()
        if self.elders:
            self.elders = False
            self.idle.timeout_s, self.idle.warning_s = elders.idle_times(self.settings, False)

    def _assist_stopped(self) -> None:
        self.help.reset()
        self._stop_help_poll()
        self.guide.close()
