"""Take a number: choose a service, see every document it needs, get a ticket, print it.

Issuing is kiosk.tickets (online, or a fallback ticket when the central service cannot
be reached); printing is kiosk.slips. A ticket's QR code also opens the satisfaction survey once the counter
has finished: held up to this terminal's camera when it has one that works (the rating
screen), else scanned with the visitor's phone (the ticket's web page).
"""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, DictProperty, ListProperty, ObjectProperty, StringProperty

from kiosk.guidance import say_label
from kiosk.i18n import localized_field
from kiosk.tickets import documents_notice, needs_identity, ticket_lines
from screens import load_kv
from screens.base import KioskScreen

__all__ = ["QueueScreen", "STAGE_TITLES", "SURVEY_HINTS"]


STAGE_TITLES = {"choose": "Which service do you need?",
                "documents": "Please have these documents ready",
                "issuing": "Issuing your ticket...", "ticket": "Your number"}
#: how to rate the visit afterwards: with this terminal's camera working, or without it
SURVEY_HINTS = {
    True: "After your visit, hold your ticket's QR code up to the camera here to rate us",
    False: "After your visit, scan your ticket's QR code with your phone to rate us",
}


class QueueScreen(KioskScreen):
    services_list = ListProperty([])
    chosen = DictProperty({})
    ticket = DictProperty({})
    stage = StringProperty("choose")        # choose | documents | issuing | ticket
    title = StringProperty(STAGE_TITLES["choose"])
    message = StringProperty("")
    offline_ticket = BooleanProperty(False)
    qr = ObjectProperty(None, allownone=True)
    needs_identity = BooleanProperty(False)
    #: back from identifying for the chosen service: issue the ticket at once
    issue_on_return = BooleanProperty(False)
    visitor_state = ("chosen", "ticket", "stage", "title", "message", "offline_ticket", "qr",
                     "needs_identity", "issue_on_return")
    shell_state = ("services_list",)

    def __init__(self, **kwargs):
        load_kv(__file__)
        super().__init__(**kwargs)

    def on_pre_enter(self, *_):
        if self.stage != "documents" or not self.chosen:
            self.stage, self.chosen, self.ticket, self.message = "choose", {}, {}, ""
        store = self.services.store
        self.services_list = store.services() if store is not None else []
        self.needs_identity = bool(self.chosen) and needs_identity(self.chosen, self.services.session)
        if self.issue_on_return:
            self.issue_on_return = False
            if self.stage == "documents" and self.chosen and not self.needs_identity:
                self.confirm()

    def on_stage(self, *_):
        self.title = STAGE_TITLES[self.stage]

    def on_services_list(self, *_):
        from kivy.factory import Factory
        grid = self.ids.service_grid
        grid.clear_widgets()
        if self.services is None:
            return
        for svc in self.services_list:
            name = self.services.localized(svc["name"], svc.get("name_en"))
            button = Factory.ServiceButton(text=f"{svc['letter']}  {name}")
            button.code = svc["code"]
            button.bind(on_release=lambda b: self.choose(b.code))
            grid.add_widget(button)

    @staticmethod
    def survey_hint(working: dict[str, bool]) -> str:
        """kv passes ``app.devices_working``, so the hint follows the camera."""
        return SURVEY_HINTS[working.get("camera", False)]

    def choose(self, code: str) -> None:
        self.chosen = next(s for s in self.services_list if s["code"] == code)
        self.stage = "documents"

    def documents_text(self) -> str:
        return documents_notice(self.chosen, self.services.translator.language, self._)

    def confirm(self) -> None:
        if needs_identity(self.chosen, self.services.session):
            self.services.visit.identify_then("queue", issue_on_return=True)
            return
        self.stage, self.message = "issuing", ""
        self.services.tickets.issue(dict(self.chosen), on_issued=self._issued, on_refused=self._refused)

    def _issued(self, ticket: dict[str, Any], offline: bool) -> None:
        self.offline_ticket = offline
        self._show(ticket)

    def _refused(self, message: str) -> None:
        self.stage, self.message = "documents", message

    def _show(self, ticket: dict[str, Any]) -> None:
        self.ticket = ticket
        self._fill_ticket()
        self.stage = "ticket"
        self.services.session.record("ticket", label=ticket["label"])
        if ticket.get("status_url"):
            from screens.widgets.qrcode_image import qr_texture
            self.qr = qr_texture(ticket["status_url"])
        else:
            self.qr = None
        self.print_ticket()
        self.speak_again()

    def print_ticket(self) -> None:
        self.message = "Printing..."
        self.services.slips.ticket(
            dict(self.ticket), on_done=lambda _r: setattr(self, "message", "Please take your ticket."),
            on_error=lambda _reason: setattr(
                self, "message",
                "The printer is not available: please remember your number or photograph this screen."))

    def _fill_ticket(self) -> None:
        if self.services is None:
            return
        t, lang = self.ticket, self.services.translator.language
        self.ids.ticket_label.text = t.get("label", "")
        self.ids.ticket_service.text = localized_field(t, "service", lang)
        self.ids.ticket_info.text = ticket_lines(t, self._)
        self.ids.chosen_name.text = localized_field(self.chosen, "name", lang)
        self.ids.documents.text = self.documents_text() if self.chosen else ""

    def spoken_parts(self) -> list[str]:
        """The ticket: its number one character at a time, the service, where the visitor
        stands, the documents to have ready."""
        if self.stage != "ticket" or not self.ticket:
            return super().spoken_parts()
        return [self._("Your number is {label}").format(label=say_label(self.ticket["label"])),
                self.ids.ticket_service.text, self.ids.ticket_info.text,
                self._("Please have these documents ready") if self.ids.documents.text else "",
                self.ids.documents.text]

    def on_chosen(self, *_):
        self.needs_identity = self.services is not None and needs_identity(self.chosen, self.services.session)
        self._fill_ticket()

    def on_ticket(self, *_):
        self._fill_ticket()

    def on_language(self) -> None:
        self._fill_ticket()
        self.on_services_list()

