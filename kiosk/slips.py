"""The visitor's slips: a job slip, a queue ticket, a quiz result, their progress, an event
registration's confirmation, and the staff's test page.

Each slip is built with the layouts in ``devices.printer.templates``, in the visitor's
language, and printed on the worker (building a quiz chart and writing to the printer
both take time the UI thread does not have). Screens call these methods and never see a
printer or a document; a failure comes back as a message to show (``printer_message``).
The web addresses the slips' QR codes open are made here too, so a screen that shows the
same QR (when printing failed) shows the same address.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Callable, Iterable

from devices.printer import templates
from devices.printer.templates import progress_sections, salary_text
from kiosk.i18n import N_, localized_field
from kiosk.tickets import ticket_lines

if TYPE_CHECKING:
    from kiosk.services import Services

__all__ = ["Slips", "PRINTER_MESSAGES", "printer_message", "job_url", "quiz_url", "registration_url",
           "salary_text", "progress_sections"]

#: why a slip did not print (the printer's health reason), as the visitor reads it
PRINTER_MESSAGES = {
    "paper_out": N_("The printer is out of paper."),
    "cover_open": N_("The printer cover is open."),
    "offline": N_("The printer is not available."),
    "error": N_("The printer is not available."),
}
OnDone = Callable[[Any], None]
OnError = Callable[[str], None]


def printer_message(reason: str) -> str:
    return PRINTER_MESSAGES.get(reason, PRINTER_MESSAGES["error"])


def job_url(settings: Any, job_id: int) -> str:
    return f"{settings.central.url.rstrip('/')}/jobs/{job_id}"


def quiz_url(settings: Any, query: str) -> str:
    return f"{settings.central.url.rstrip('/')}/quiz/result?{query}"


def registration_url(settings: Any, token: str) -> str:
    """An event registration's phone page (the door staff scan it to check the visitor in)."""
    return f"{settings.central.url.rstrip('/')}/e/{token}"


class Slips:
    """Prints through the services it is given (settings may change under it: remote config)."""

    def __init__(self, services: "Services"):
        self._services = services

    def print(self, build: Callable[[], Any], on_done: OnDone, on_error: OnError) -> None:
        """Build a slip and print it on the worker; ``on_error`` gets the printer's reason
        (``paper_out``, ``offline``, ...), also when this terminal has no printer at all."""
        s = self._services
        printer = s.devices.printer if s.devices is not None else None
        if printer is None or s.worker is None:
            on_error("offline")
            return
        s.worker.submit(lambda: printer.print_document(build()), on_done=on_done,
                        on_error=lambda exc: on_error(getattr(exc, "reason", "error")))

    # -- what the slips need from the services ------------------------------------------
    @property
    def _hall(self) -> str:
        return self._services.settings.terminal.hall_name

    @property
    def _paper(self) -> int:
        return self._services.settings.devices.printer.paper_width_mm

    @property
    def _lang(self) -> str:
        return self._services.translator.language

    def _(self, message: str) -> str:
        return self._services.translator.gettext(message)

    # -- the slips -----------------------------------------------------------------------
    def job(self, job: dict[str, Any], on_done: OnDone, on_error: OnError) -> None:
        doc = templates.job_slip(self._hall, dict(job), job_url(self._services.settings, int(job["id"])),
                                 datetime.now(), self._paper, self._)
        self.print(lambda: doc, on_done, on_error)

    def ticket(self, ticket: dict[str, Any], on_done: OnDone, on_error: OnError) -> None:
        lang = self._lang
        docs = [localized_field(d, "name", lang) for d in ticket.get("documents", [])]
        doc = templates.ticket(self._hall, localized_field(ticket, "service", lang), ticket["label"],
                               ticket_lines(ticket, self._).splitlines(), docs,
                               ticket.get("status_url") or self._services.settings.central.url,
                               datetime.now(), self._paper, self._)
        self.print(lambda: doc, on_done, on_error)

    def quiz_result(self, code: str, scores: dict[str, int], occupations: Iterable[str],
                    url: str, type_names: dict[str, str], on_done: OnDone, on_error: OnError) -> None:
        hall, paper, names, _ = self._hall, self._paper, list(occupations), self._
        scores = dict(scores)

        def build():  # on the worker: drawing the chart takes a few milliseconds
            chart = templates.hexagon_chart(scores, 240 if paper == 80 else 200)
            return templates.quiz_result(hall, code, scores, chart, names, url, datetime.now(),
                                         paper, _, type_names=type_names)
        self.print(build, on_done, on_error)

    def progress(self, data: dict[str, Any], on_done: OnDone, on_error: OnError) -> None:
        session = self._services.session
        from kiosk.casework import case_sections, dated
        from kiosk.hall_events import progress_section
        doc = templates.progress(self._hall, f"{session.masked_name} {session.masked_id}",
                                 dated(data, self._lang),
                                 datetime.now(), self._paper, self._,
                                 first=[*case_sections(data, self._, self._lang),
                                        *progress_section(data, self._, self._lang)])
        self.print(lambda: doc, on_done, on_error)

    def event(self, reg: dict[str, Any], on_done: OnDone, on_error: OnError) -> None:
        """An event registration's confirmation with the QR code of its check-in token."""
        from kiosk.hall_events import slip_fields
        session = self._services.session
        doc = templates.event_slip(self._hall, f"{session.masked_name} {session.masked_id}",
                                   slip_fields(reg, self._, self._lang,
                                               registration_url(self._services.settings, reg["token"])),
                                   datetime.now(),
                                   self._paper, self._)
        self.print(lambda: doc, on_done, on_error)

    def test_page(self, done: Callable[[bool, str], None]) -> None:
        """The staff's test print (maintenance screen, fleet command); ``done(ok, text)``."""
        s, t = self._services, self._
        if s.devices is None or s.devices.printer is None:
            done(False, t("Printer not configured"))
            return
        doc = templates.test_page(s.settings.terminal.name, self._paper, t)
        self.print(lambda: doc, on_done=lambda _r: done(True, t("Printed")),
                   on_error=lambda reason: done(False, f"{t('Not printed')}: {reason}"))
