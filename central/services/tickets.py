"""Tickets as the API sees them: issued for a terminal, worked at a counter (each action
audited under the staff member who did it), shown on phones and on the hall's board.

The rules of the queue itself (numbering, order, routing, transitions) are the engine's,
``central.services.queue``; this module finds the records, calls it and shapes the answers.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.audit import audit
from central.models import Counter, Kiosk, Service, StaffUser
from central.models.queue import Ticket, TicketStatus
from central.schemas.tickets import CallOut, RatingOut, TicketIn, TicketOut, VisitorOut
from central.services import access, people, queue
from central.services.errors import NotFound

__all__ = ["view", "issue_for_kiosk", "call_next", "recall", "no_show", "finish", "transfer",
           "waiting", "public_status", "rate", "visitor", "recent_calls", "MAX_CALLS"]

MAX_CALLS = 20   # the board shows at most this many recent calls


def _ticket(db: Session, ticket_id: int, user: StaffUser) -> Ticket:
    """The ticket, for a counsellor of its hall (access.require: another hall's is not found)."""
    return access.get(db, Ticket, ticket_id, user, "counsellor", "ticket")


def _by_token(db: Session, token: str) -> Ticket:
    ticket = db.scalar(select(Ticket).where(Ticket.status_token == token[:32]))
    if ticket is None:
        raise NotFound("no such ticket")
    return ticket


def view(db: Session, ticket: Ticket, base_url: str) -> TicketOut:
    """What the terminal, the phone status page and the counter show of a ticket."""
    service = db.get(Service, ticket.service_id)
    counter = db.get(Counter, ticket.counter_id) if ticket.counter_id else None
    routed = db.get(Counter, ticket.routed_counter_id) if ticket.routed_counter_id else None
    ahead = queue.people_ahead(db, ticket)
    return TicketOut(
        id=ticket.id, label=ticket.label, status=ticket.status, service=service.name,
        service_en=service.name_en, service_code=service.code, people_ahead=ahead,
        wait_min=queue.estimate_wait_min(db, ticket, ahead),
        counter=counter.name if counter else None,
        counter_number=counter.number if counter else None,
        routed_counter=routed.name if routed else None, documents=service.documents,
        fallback_label=ticket.fallback_label,
        status_url=f"{base_url.rstrip('/')}/t/{ticket.status_token}",
        issued_at=ticket.issued_at.isoformat(), recalls=ticket.recalls)


def issue_for_kiosk(db: Session, kiosk: Kiosk, body: TicketIn, *, secret: str,
                    base_url: str) -> TicketOut:
    """Issue a ticket at a terminal (idempotent by key); an identified visitor is linked to
    their record and, with a counsellor, routed to them."""
    person = None
    if body.person is not None:
        person = people.find_person(db, secret, body.person.id_number, body.person.name)
    ticket, _ = queue.issue(db, kiosk.hall_id, body.service_code, body.key, person=person,
                            priority_group=body.priority_group, arrival_at=body.arrival_at,
                            kiosk_id=kiosk.id, fallback_label=body.fallback_label)
    return view(db, ticket, base_url)


def call_next(db: Session, user: StaffUser, counter_id: int, base_url: str) -> TicketOut | None:
    """Call the next visitor this counter may serve; None when nobody waits for it."""
    counter = access.get(db, Counter, counter_id, user, "counsellor", "counter")
    ticket = queue.call_next(db, counter, user)
    if ticket is None:
        return None
    audit(db, user, "ticket_call", f"ticket:{ticket.id}", f"counter:{counter_id}")
    db.commit()
    return view(db, ticket, base_url)


def _done(db: Session, user: StaffUser, action: str, ticket_id: int, ticket: Ticket,
          base_url: str) -> TicketOut:
    audit(db, user, f"ticket_{action}", f"ticket:{ticket_id}")
    db.commit()
    return view(db, ticket, base_url)


def recall(db: Session, user: StaffUser, ticket_id: int, base_url: str) -> TicketOut:
    return _done(db, user, "recall", ticket_id, queue.recall(db, _ticket(db, ticket_id, user)), base_url)


def no_show(db: Session, user: StaffUser, ticket_id: int, base_url: str) -> TicketOut:
    return _done(db, user, "no-show", ticket_id, queue.no_show(db, _ticket(db, ticket_id, user)), base_url)


def finish(db: Session, user: StaffUser, ticket_id: int, note: str, base_url: str) -> TicketOut:
    ticket = queue.finish(db, _ticket(db, ticket_id, user), note, user)
    return _done(db, user, "finish", ticket_id, ticket, base_url)


def transfer(db: Session, user: StaffUser, ticket_id: int, service_code: str,
             base_url: str) -> TicketOut:
    """The visitor's new ticket in the other service's queue."""
    ticket = queue.transfer(db, _ticket(db, ticket_id, user), service_code)
    return _done(db, user, "transfer", ticket_id, ticket, base_url)


def waiting(db: Session, user: StaffUser, hall_id: int | None, base_url: str) -> list[TicketOut]:
    """Waiting and called tickets of a hall (the user's first when none is named), in the
    order they will be served."""
    hall_id = hall_id if hall_id is not None else access.first_hall(user)
    access.require(user, hall_id, "viewer", "hall")
    rows = db.scalars(select(Ticket).where(Ticket.hall_id == hall_id,
                                           Ticket.status.in_(TicketStatus.in_queue()))
                      .order_by(Ticket.priority.desc(), Ticket.arrival_at, Ticket.id)).all()
    return [view(db, t, base_url) for t in rows]


def public_status(db: Session, token: str, base_url: str) -> TicketOut:
    """A ticket by the token in its QR code (anyone holding the slip may follow it)."""
    return view(db, _by_token(db, token), base_url)


def rate(db: Session, token: str, score: int, reasons: list[str]) -> RatingOut:
    rating = queue.rate(db, _by_token(db, token), score, reasons)
    return RatingOut(id=rating.id, score=rating.score)


def visitor(db: Session, user: StaffUser, ticket_id: int) -> VisitorOut:
    """For the counter: the documents the service needs and, if identified, the person's
    masked identity, recent history and referrals."""
    ticket = _ticket(db, ticket_id, user)
    out = VisitorOut(documents=db.get(Service, ticket.service_id).documents)
    if ticket.person_id:
        out.person, out.history = people.person_view(db, ticket.person_id)
        out.referrals = people.visitor_referrals(db, ticket.person_id)
    return out


def recent_calls(db: Session, hall_id: int, limit: int = 8) -> list[CallOut]:
    """The latest calls for the display board (newest first)."""
    rows = db.execute(select(Ticket, Counter).join(Counter, Counter.id == Ticket.counter_id)
                      .where(Ticket.hall_id == hall_id, Ticket.called_at.is_not(None))
                      .order_by(Ticket.updated_at.desc()).limit(min(limit, MAX_CALLS))).all()
    return [CallOut(label=t.label, counter=c.name, counter_number=c.number, status=t.status,
                    recalls=t.recalls, at=t.updated_at.isoformat()) for t, c in rows]
