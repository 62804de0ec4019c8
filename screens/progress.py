"""My progress: an identified visitor's recent services, open tickets and referrals, and a print.
Nothing shows without a card read; who may ask and what a refusal says is kiosk.progress."""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, DictProperty, StringProperty

from kivy.utils import escape_markup

from kiosk import progress
from kiosk.casework import case_sections, dated
from kiosk.hall_events import progress_section
from kiosk.slips import progress_sections
from screens import load_kv
from screens.base import KioskScreen

__all__ = ["ProgressScreen", "progress_text"]


def progress_text(data: dict[str, Any], _, lang: str = "zh_CN") -> str:
    """The progress slip's sections (kiosk.slips) as the screen shows them, headings in bold:
    the counsellor and the cases (kiosk.casework) first."""
    sections = [*case_sections(data, _, lang), *progress_section(data, _, lang),
                *progress_sections(dated(data, lang), _)]
    return "\n\n".join(f"[b]{heading}[/b]\n" + "\n".join(f"  {escape_markup(line)}" for line in lines)
                       for heading, lines in sections)


class ProgressScreen(KioskScreen):
    data = DictProperty({})
    body = StringProperty("")
    message = StringProperty("")
    loaded = BooleanProperty(False)
    action = StringProperty("identify")     # the button shown: identify | print
    visitor_state = ("data", "body", "message", "loaded", "action")

    def __init__(self, **kwargs):
        load_kv(__file__)
        super().__init__(**kwargs)

    def on_pre_enter(self, *_):
        session, api = self.services.session, self.services.api
        self.loaded, self.body, self.message = False, "", ""
        blocked = progress.why_not(session, api)
        if blocked:
            self.message = blocked
            return
        self.message = "Loading..."
        self.services.worker.submit(progress.fetch(api, session), on_done=self._show,
                                    on_error=lambda exc: setattr(self, "message",
                                                                 progress.refusal(exc)))

    def _show(self, data: dict[str, Any]) -> None:
        if not self.services.session.identified:
            return  # the visitor left while we waited
        progress.remember(self.services.session, data)
        self.data, self.loaded, self.message = data, True, ""
        self.on_language()

    def on_loaded(self, _inst, loaded: bool) -> None:
        self.action = "print" if loaded else "identify"

    def on_language(self) -> None:
        self.body = progress_text(self.data, self._, self.services.translator.language) \
            if self.loaded else ""

    def identify(self) -> None:
        self.services.visit.identify_then("progress")

    def print_progress(self) -> None:
        if not self.loaded:
            return
        self.message = "Printing..."
        self.services.slips.progress(dict(self.data), on_done=lambda _r: setattr(self, "message", "Printed"),
                                     on_error=lambda _reason: setattr(self, "message",
                                                                      "The printer is not available."))
