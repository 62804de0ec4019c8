"""Taking a queue number at the terminal: online from the central service, or, when the
service cannot be reached, a fallback ticket the terminal numbers itself (kiosk.fallback)
and the service merges later.

A service that refuses the request (it answered, but not with a ticket) gets no fallback
ticket: the visitor is sent to the front desk instead, since a number the hall will not
call is worse than none. A refused token (401/403) is not such an answer: the terminal
cannot tell then whether the hall would have issued one, so it issues its own.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any, Callable

from kiosk.i18n import N_, localized, localized_field

if TYPE_CHECKING:
    from kiosk.services import Services
    from kiosk.session import VisitorSession

__all__ = ["TicketDesk", "needs_identity", "offline_ticket", "ticket_lines", "documents_notice",
           "REFUSED"]

REFUSED = N_("The ticket could not be issued. Please ask at the front desk.")
#: on_issued(ticket, offline)
OnIssued = Callable[[dict[str, Any], bool], None]


def needs_identity(service: dict[str, Any], session: "VisitorSession") -> bool:
    """The service is only for identified visitors, and this one is not (yet)."""
    return bool(service.get("requires_identity")) and not session.identified


def offline_ticket(service: dict[str, Any], label: str) -> dict[str, Any]:
    """A fallback ticket in the shape of the service's answer (no place in the queue known)."""
    return {"label": label, "service": service["name"], "service_en": service.get("name_en", ""),
            "people_ahead": None, "wait_min": None, "documents": service.get("documents", []),
            "status_url": "", "routed_counter": None}


def documents_notice(service: dict[str, Any], lang: str, _: Callable[[str], str]) -> str:
    """The one-time notice of a service (一次性告知): every document to bring, numbered, with
    its note; who may apply, the steps and the legal time limit, where the hall gave them."""
    lines = []
    for i, doc in enumerate(service.get("documents") or [], 1):
        note = localized_field(doc, "note", lang)
        lines.append(f"{i}. {localized_field(doc, 'name', lang)}" + (f" ({note})" if note else ""))
    conditions = localized(service.get("conditions"), service.get("conditions_en"), lang)
    if conditions:
        lines.append(_("Who may apply: {conditions}").format(conditions=conditions))
    steps = [localized_field(step, "name", lang) for step in service.get("steps") or []]
    if steps:
        lines.append(_("Steps: {steps}").format(steps=" → ".join(steps)))
    if service.get("time_limit_days"):
        lines.append(_("Done within {days} working days").format(days=service["time_limit_days"]))
    return "\n".join(lines)


def ticket_lines(ticket: dict[str, Any], _: Callable[[str], str]) -> str:
    """Where the visitor stands, in their language."""
    if not ticket:
        return ""
    if ticket.get("people_ahead") is None:
        return _("Issued while the terminal is offline: your number is kept and called in order.")
    text = (_("Nobody is ahead of you: you will be called next") if not ticket["people_ahead"] else
            _("{ahead} ahead of you, about {minutes} min").format(ahead=ticket["people_ahead"],
                                                                 minutes=ticket["wait_min"]))
    if ticket.get("routed_counter"):
        text += "\n" + _("Your counsellor will call you at {counter}").format(
            counter=ticket["routed_counter"])
    return text


class TicketDesk:
    """Issues tickets through the services it is given; callbacks run on the UI thread."""

    def __init__(self, services: "Services"):
        self._services = services

    def issue(self, service: dict[str, Any], on_issued: OnIssued,
              on_refused: Callable[[str], None]) -> None:
        s = self._services
        body: dict[str, Any] = {"key": uuid.uuid4().hex, "service_code": service["code"]}
        person = s.session.person_ref()   # with the visitor's consent, and the card's proof
        if person:
            body["person"] = {k: v for k, v in person.items() if k != "source"}
        if s.api is None:
            self._offline(service, body, None, on_issued, on_refused)
            return
        api = s.api
        s.worker.submit(lambda: api.issue_ticket(body), on_done=lambda t: on_issued(t, False),
                        on_error=lambda exc: self._offline(service, body, exc, on_issued, on_refused))

    def _offline(self, service: dict[str, Any], body: dict[str, Any], exc: BaseException | None,
                 on_issued: OnIssued, on_refused: Callable[[str], None]) -> None:
        from kiosk.api import CentralAuthError, CentralError
        if isinstance(exc, CentralError) and not isinstance(exc, CentralAuthError):
            on_refused(REFUSED)
            return
        from kiosk.fallback import issue_fallback
        s = self._services
        store, name, letter = s.store, s.settings.terminal.name, service["letter"]
        s.worker.submit(lambda: issue_fallback(store, letter, name, body),
                        on_done=lambda label: on_issued(offline_ticket(service, label), True))
