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
from kivy.uix.floatlayout import FloatLayout

from kiosk import elders
from kiosk.guidance import Guide
from kiosk.help import POLL_S, HelpDesk

__all__ = ["Assist", "HelpOverlay"]


class HelpOverlay(FloatLayout):
    """The call for help, over the screen: nothing under it takes a touch while it shows."""

    def on_touch_down(self, touch):
        super().on_touch_down(touch)
        return True


def _speaker(speech_settings: Any):
    from kiosk.speech import Speaker
    return Speaker.from_settings(speech_settings, schedule=Clock.schedule_once)


class Assist:
    """Call for help and spoken guidance (the app's part of them: windows, clock, hooks)."""

    def _init_assist(self) -> None:
        self.help = HelpDesk(self.services, self._on_help_state)
        self._help_overlay = None
        self._help_poll = None
        self.guide = self.services.guide = Guide(self.settings, self.translator, _speaker)

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
        self.help.call()

    def _on_help_state(self, state: str) -> None:
        self.help_state, self.help_message = state, self.help.message()
        if self._help_overlay is None and self.root is not None:
            self._help_overlay = HelpOverlay()
            self.root.add_widget(self._help_overlay)
        self.guide.content_changed(self.t(self.help_message))
        if self._help_poll is None and state == "waiting":
            self._help_poll = Clock.schedule_interval(lambda _dt: self.help.poll(), POLL_S)
        elif self._help_poll is not None and state not in ("calling", "waiting"):
            self._stop_help_poll()

    def close_help(self) -> None:
        """The visitor closed the call's window: it stays open at the service; no more asking."""
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
        self.guide.session_ended()
        if self.elders:
            self.elders = False
            self.idle.timeout_s, self.idle.warning_s = elders.idle_times(self.settings, False)

    def _assist_stopped(self) -> None:
        self.help.reset()
        self._stop_help_poll()
        self.guide.close()
