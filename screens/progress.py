"""My progress: an identified visitor's recent services, open tickets and referrals, and a print.
Nothing shows without identification."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from kivy.properties import BooleanProperty, DictProperty, StringProperty

from screens import load_kv
from screens.base import KioskScreen

__all__ = ["ProgressScreen", "progress_text", "REFERRAL_LABELS"]

REFERRAL_LABELS = {"sent": "Referred", "interview": "Interview", "hired": "Hired",
                   "not_hired": "Not hired", "withdrawn": "Withdrawn"}


TICKET_LABELS = {"waiting": "Waiting", "called": "Called to the counter"}


def progress_text(data: dict[str, Any], _) -> str:
    lines = [f"[b]{_('Open tickets')}[/b]"]
    lines += [f"  {t['label']}  {t['service']}  ({_(TICKET_LABELS.get(t['status'], t['status']))})"
              for t in data.get("tickets", [])] or [f"  {_('None')}"]
    lines.append(f"\n[b]{_('Job referrals')}[/b]")
    lines += [f"  {r['title']} · {r['employer']}  —  {_(REFERRAL_LABELS.get(r['state'], r['state']))}  ({r['updated']})"
              for r in data.get("referrals", [])] or [f"  {_('None')}"]
    lines.append(f"\n[b]{_('Recent services')}[/b]")
    lines += [f"  {s['at']}  {s['summary']}" for s in data.get("services", [])] or [f"  {_('None')}"]
    return "\n".join(lines)


class ProgressScreen(KioskScreen):
    data = DictProperty({})
    body = StringProperty("")
    message = StringProperty("")
    loaded = BooleanProperty(False)

    def __init__(self, **kwargs):
        load_kv(__file__)
        super().__init__(**kwargs)

    def on_pre_enter(self, *_):
        session = self.services.session
        self.loaded, self.body, self.message = False, "", ""
        if not session.identified:
            self.message = "Please identify first: your progress is shown only to you."
            return
        api = self.services.api
        if api is None:
            self.message = "Your progress cannot be shown right now."
            return
        self.message = "Loading..."
        number = session.identity.id_number
        self.services.worker.submit(lambda: api.progress(number), on_done=self._show,
                                    on_error=lambda _e: setattr(self, "message",
                                                                "Your progress cannot be shown right now."))

    def _show(self, data: dict[str, Any]) -> None:
        if not self.services.session.identified:
            return  # the visitor left while we waited
        self.data, self.loaded, self.message = data, True, ""
        self.on_language()

    def on_language(self) -> None:
        self.body = progress_text(self.data, self._) if self.loaded else ""

    def identify(self) -> None:
        self.services.extras["after_identify"] = "progress"
        self.go("identify")

    def print_progress(self) -> None:
        printer = self.services.devices.printer if self.services.devices is not None else None
        if printer is None or not self.loaded:
            self.message = "The printer is not available."
            return
        from devices.printer.document import Document, Rule, Text
        s, _ = self.services.settings, self._
        doc = Document(s.devices.printer.paper_width_mm).add(
            Text(s.terminal.hall_name, align="center", bold=True), Rule("="),
            Text(_("My progress"), align="center", bold=True, width=2),
            Text(self.services.session.masked_name + " " + self.services.session.masked_id, align="center"))
        for line in self.body.replace("[b]", "").replace("[/b]", "").splitlines():
            doc.add(Text(line))
        doc.add(Rule(), Text(datetime.now().strftime("%Y-%m-%d %H:%M"), align="center"))
        self.services.worker.submit(lambda: printer.print_document(doc),
                                    on_done=lambda _r: setattr(self, "message", "Printed"),
                                    on_error=lambda _e: setattr(self, "message", "The printer is not available."))

    def reset_session(self) -> None:
        self.data, self.body, self.message, self.loaded = {}, "", "", False

