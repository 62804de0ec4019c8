"""Tickets: issued by terminals, called and worked at counters, followed on phones, shown on
the hall's board. One route per counter action, each with its own typed body."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from central.deps import BaseUrlDep, Counsellor, DbDep, IdentityDep, KioskDep, Manager, Viewer
from central.pages import render
from central.schemas.common import DbInt, DbStr
from central.schemas.people import ErasedOut
from central.schemas.tickets import (CallOut, FinishIn, RatingIn, RatingOut, StaffTicketOut,
                                     TicketIn, TicketOut, TransferIn, VisitorOut)
from central.services import retention, tickets

__all__ = ["router"]

router = APIRouter(tags=["tickets"])


@router.post("/api/kiosk/tickets")
def kiosk_issue(body: TicketIn, kiosk: KioskDep, db: DbDep, keys: IdentityDep,
                base_url: BaseUrlDep) -> TicketOut:
    """Issue a ticket (idempotent by the terminal's key); a person whose card the terminal
    proved it read is routed to their counsellor."""
    return tickets.issue_for_kiosk(db, kiosk, body, keys=keys, base_url=base_url)


@router.post("/api/counters/{counter_id}/call-next")
def call_next(counter_id: DbInt, db: DbDep, user: Counsellor) -> StaffTicketOut | None:
    """Call the next visitor this counter may serve (priority and routing respected)."""
    return tickets.call_next(db, user, counter_id)


@router.post("/api/tickets/{ticket_id}/recall")
def recall(ticket_id: DbInt, db: DbDep, user: Counsellor) -> StaffTicketOut:
    """Call the called visitor once more."""
    return tickets.recall(db, user, ticket_id)


@router.post("/api/tickets/{ticket_id}/start")
def start(ticket_id: DbInt, db: DbDep, user: Counsellor) -> StaffTicketOut:
    """The called visitor sat down: their service time runs from now."""
    return tickets.start(db, user, ticket_id)


@router.post("/api/tickets/{ticket_id}/no-show")
def no_show(ticket_id: DbInt, db: DbDep, user: Counsellor) -> StaffTicketOut:
    """The called visitor did not come."""
    return tickets.no_show(db, user, ticket_id)


@router.post("/api/tickets/{ticket_id}/finish")
def finish(ticket_id: DbInt, db: DbDep, user: Counsellor,
           body: FinishIn | None = None) -> StaffTicketOut:
    """Done; an identified visitor's record gets the note (for staff) and the summary for them."""
    return tickets.finish(db, user, ticket_id, body or FinishIn())


@router.post("/api/tickets/{ticket_id}/transfer")
def transfer(ticket_id: DbInt, body: TransferIn, db: DbDep, user: Counsellor) -> StaffTicketOut:
    """Move the visitor to another service's queue, keeping their place by arrival."""
    return tickets.transfer(db, user, ticket_id, body.service_code)


@router.get("/api/tickets/{ticket_id}/visitor")
def visitor(ticket_id: DbInt, db: DbDep, user: Counsellor) -> VisitorOut:
    """For the counter: the documents the service needs and, if identified, recent history."""
    return tickets.visitor(db, user, ticket_id)


@router.post("/api/tickets/{ticket_id}/erase-person")
def erase_person(ticket_id: DbInt, db: DbDep, user: Manager) -> ErasedOut:
    """The visitor asked for their record to be deleted: delete it now (audited)."""
    return retention.erase_on_request(db, user, ticket_id)


@router.post("/api/tickets/{ticket_id}/visitor/card-renewed")
def card_renewed(ticket_id: DbInt, db: DbDep, user: Counsellor) -> VisitorOut:
    """The visitor showed a renewed card at the counter: the next card read is recorded."""
    return tickets.card_renewed(db, user, ticket_id)


@router.get("/api/queue")
def waiting(db: DbDep, user: Viewer, hall_id: DbInt | None = None) -> list[StaffTicketOut]:
    """Waiting and called tickets of a hall (default: the caller's first), in serving order."""
    return tickets.waiting(db, user, hall_id)


@router.get("/api/public/tickets/{token}")
def public_status(token: DbStr, db: DbDep, base_url: BaseUrlDep) -> TicketOut:
    """A ticket's live status, for the phone that scanned its QR code."""
    return tickets.public_status(db, token, base_url)


@router.post("/api/public/tickets/{token}/rating")
def public_rating(token: DbStr, body: RatingIn, db: DbDep) -> RatingOut:
    """Rate a finished visit once, from the phone or the terminal."""
    return tickets.rate(db, token, body.score, body.reasons)


@router.get("/t/{token}", response_class=HTMLResponse)
def status_page(token: DbStr, request: Request, db: DbDep, base_url: BaseUrlDep) -> HTMLResponse:
    """The phone page of a ticket: position, wait, called-to-counter notice, live."""
    view = tickets.public_status(db, token, base_url).model_dump()
    return render(request, "ticket.html", t=view, token=token[:32])


@router.get("/api/halls/{hall_id}/calls")
def recent_calls(hall_id: DbInt, db: DbDep,
                 limit: Annotated[int, Query(ge=1)] = 8) -> list[CallOut]:
    """The latest calls for the display board (newest first)."""
    return tickets.recent_calls(db, hall_id, limit)
