"""Take a number: choose a service, see every document it needs, get a ticket, print it.

When the central service cannot be reached the terminal issues the ticket itself
(kiosk.fallback). A ticket's QR code also opens the satisfaction survey once the counter
has finished: held up to this terminal's camera when it has one that works (the rating
screen), else scanned with the visitor's phone (the ticket's web page).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from kivy.properties import BooleanProperty, DictProperty, ListProperty, ObjectProperty, StringProperty

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

    def __init__(self, **kwargs):
        load_kv(__file__)
        super().__init__(**kwargs)

    def on_pre_enter(self, *_):
        if self.stage != "documents" or not self.chosen:
            self.stage, self.chosen, self.ticket, self.message = "choose", {}, {}, ""
        store = self.services.store
        self.services_list = store.services() if store is not None else []

    def on_stage(self, *_):
        self.title = STAGE_TITLES[self.stage]

    def on_services_list(self, *_):
        from kivy.factory import Factory
        grid = self.ids.service_grid
        grid.clear_widgets()
        en = self.services.translator.language == "en" if self.services else False
        for svc in self.services_list:
            name = svc.get("name_en") if en and svc.get("name_en") else svc["name"]
            button = Factory.ServiceButton(text=f"{svc['letter']}  {name}")
            button.code = svc["code"]
            button.bind(on_release=lambda b: self.choose(b.code))
            grid.add_widget(button)

    @staticmethod
    def survey_hint(working: dict[str, bool]) -> str:
        """kv passes ``app.devices_working``, so the hint follows the camera."""
        return SURVEY_HINTS[working.get("camera", False)]

    def reset_session(self) -> None:
        self.stage, self.chosen, self.ticket, self.message, self.qr = "choose", {}, {}, "", None

    def choose(self, code: str) -> None:
        self.chosen = next(s for s in self.services_list if s["code"] == code)
        self.stage = "documents"

    def documents_text(self) -> str:
        en = self.services.translator.language == "en"
        lines = []
        for i, d in enumerate(self.chosen.get("documents", []), 1):
            lines.append(f"{i}. {d.get('name_en') if en and d.get('name_en') else d['name']}")
        return "\n".join(lines)

    def confirm(self) -> None:
        session = self.services.session
        if self.chosen.get("requires_identity") and not session.identified:
            self.services.extras["after_identify"] = "queue"
            self.go("identify")
            return
        self.services.extras.pop("after_identify", None)
        body: dict[str, Any] = {"key": uuid.uuid4().hex, "service_code": self.chosen["code"]}
        if session.identified and session.consent:
            body["person"] = {"id_number": session.identity.id_number, "name": session.identity.name}
        self.stage, self.message = "issuing", ""
        api = self.services.api
        if api is None:
            self._offline(body, None)
            return
        self.services.worker.submit(lambda: api.issue_ticket(body), on_done=self._issued,
                                    on_error=lambda exc: self._offline(body, exc))

    def _issued(self, ticket: dict[str, Any]) -> None:
        self.offline_ticket = False
        self._show(ticket)

    def _offline(self, body: dict[str, Any], exc) -> None:
        from kiosk.api import CentralAuthError, CentralError
        if exc is not None and isinstance(exc, CentralError) and not isinstance(exc, CentralAuthError):
            self.stage, self.message = "documents", "The ticket could not be issued. Please ask at the front desk."
            return
        from kiosk.fallback import issue_fallback
        store, name, letter = self.services.store, self.services.settings.terminal.name, self.chosen["letter"]
        self.services.worker.submit(lambda: issue_fallback(store, letter, name, body),
                                    on_done=self._issued_offline)

    def _issued_offline(self, label: str) -> None:
        self.offline_ticket = True
        self._show({"label": label, "service": self.chosen["name"],
                    "service_en": self.chosen.get("name_en", ""), "people_ahead": None,
                    "wait_min": None, "documents": self.chosen.get("documents", []),
                    "status_url": "", "routed_counter": None})

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

    def ticket_lines(self) -> str:
        _ = self._
        t = self.ticket
        if not t:
            return ""
        if t.get("people_ahead") is None:
            return _("Issued while the terminal is offline: your number is kept and called in order.")
        text = (_("Nobody is ahead of you: you will be called next") if not t["people_ahead"] else
                _("{ahead} ahead of you, about {minutes} min").format(ahead=t["people_ahead"],
                                                                     minutes=t["wait_min"]))
        if t.get("routed_counter"):
            text += "\n" + _("Your counsellor will call you at {counter}").format(counter=t["routed_counter"])
        return text

    def print_ticket(self) -> None:
        from devices.printer import templates
        t, s = self.ticket, self.services.settings
        en = self.services.translator.language == "en"
        docs = [(d.get("name_en") if en and d.get("name_en") else d["name"]) for d in t.get("documents", [])]
        doc = templates.ticket(s.terminal.hall_name, t["service_en"] if en and t.get("service_en") else t["service"],
                               t["label"], t.get("people_ahead") or 0, t.get("wait_min") or 0, docs,
                               t.get("status_url") or s.central.url, datetime.now(),
                               s.devices.printer.paper_width_mm, self._,
                               counter=t.get("routed_counter") or "")
        self.message = "Printing..."
        self.services.print(lambda: doc,
                            on_done=lambda _r: setattr(self, "message", "Please take your ticket."),
                            on_error=lambda _reason: setattr(
                                self, "message",
                                "The printer is not available: please remember your number or photograph this screen."))

    def _fill_ticket(self) -> None:
        t, en = self.ticket, self.services.translator.language == "en"
        self.ids.ticket_label.text = t.get("label", "")
        self.ids.ticket_service.text = (t.get("service_en") if en and t.get("service_en")
                                        else t.get("service", "")) or ""
        self.ids.ticket_info.text = self.ticket_lines()
        self.ids.chosen_name.text = (self.chosen.get("name_en") if en and self.chosen.get("name_en")
                                     else self.chosen.get("name", "")) or ""
        self.ids.documents.text = self.documents_text() if self.chosen else ""

    def on_chosen(self, *_):
        self.needs_identity = bool(self.chosen.get("requires_identity")) and \
            not self.services.session.identified
        self._fill_ticket()

    def on_language(self) -> None:
        self._fill_ticket()
        self.on_services_list()

