"""My progress: an identified visitor's recent services, open tickets and referrals, and a print.
Nothing shows without a card read; who may ask and what a refusal says is kiosk.progress.

Every section on one page, or in elders' mode one section a page with "previous" and
"next" (kiosk.elders.progress_pages).
"""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, DictProperty, NumericProperty, StringProperty

from kivy.utils import escape_markup

from kiosk import elders, progress
from kiosk.casework import case_sections, dated
from kiosk.hall_events import progress_section
from kiosk.slips import progress_sections
from screens import load_kv
from screens.base import KioskScreen

__all__ = ["ProgressScreen", "progress_text", "shown_sections"]

Section = tuple[str, list[str]]


def shown_sections(data: dict[str, Any], _, lang: str = "zh_CN") -> list[Section]:
    """The progress slip's sections (kiosk.slips) as the screen shows them: the counsellor
    and the cases (kiosk.casework) first."""
    return [*case_sections(data, _, lang), *progress_section(data, _, lang),
            *progress_sections(dated(data, lang), _)]


def progress_text(sections: list[Section]) -> str:
    """Sections as the screen's markup, headings in bold."""
    return "\n\n".join(f"[b]{heading}[/b]\n" + "\n".join(f"  {escape_markup(line)}" for line in lines)
                       for heading, lines in sections)


class ProgressScreen(KioskScreen):
    data = DictProperty({})
    body = StringProperty("")
    message = StringProperty("")
    loaded = BooleanProperty(False)
    action = StringProperty("identify")     # the button shown: identify | print
    #: the page of sections shown, and how many there are (more than one in elders' mode)
    page = NumericProperty(0)
    pages = NumericProperty(1)
    visitor_state = ("data", "body", "message", "loaded", "action", "page", "pages")
    #: the app's elders' mode (kv binds it)
    elders = BooleanProperty(False)
    shell_state = ("elders",)

    def __init__(self, **kwargs):
        load_kv(__file__)
        super().__init__(**kwargs)

    def on_pre_enter(self, *_):
        session, api = self.services.session, self.services.api
        self.loaded, self.body, self.message, self.page = False, "", "", 0
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
        if self.services is None or not self.loaded:
            self.body, self.pages = "", 1
            return
        pages = elders.progress_pages(
            shown_sections(self.data, self._, self.services.translator.language), self.elders)
        self.pages = len(pages)
        self.body = progress_text(pages[min(int(self.page), len(pages) - 1)])

    def on_elders(self, *_):
        self.page = 0
        self.on_language()

    def on_page(self, *_):
        self.on_language()

    def turn(self, step: int) -> None:
        """Show the section ``step`` pages on (-1: back), and say it."""
        self.page = max(0, min(int(self.page) + step, int(self.pages) - 1))
        self.speak_again()

    def heading(self, *_args) -> str:
        """The title, with the page when there are several (kv passes what it follows)."""
        if self.services is None:
            return ""
        title = self._("My progress")
        if self.pages < 2:
            return title
        return self._("{title} ({page} of {pages})").format(title=title, page=int(self.page) + 1,
                                                            pages=int(self.pages))

    def identify(self) -> None:
        self.services.visit.identify_then("progress")

    def print_progress(self) -> None:
        if not self.loaded:
            return
        self.message = "Printing..."
        self.services.slips.progress(dict(self.data), on_done=lambda _r: setattr(self, "message", "Printed"),
                                     on_error=lambda _reason: setattr(self, "message",
                                                                      "The printer is not available."))
