"""Tickets as the API sees them: issued for a terminal, worked at a counter (each action
audited under the staff member who did it), shown on phones and on the hall's board.

The rules of the queue itself (numbering, order, routing, transitions) are the engine's,
``central.services.queue``; this module finds the records, calls it and shapes the answers.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.audit import audit
from central.halltime import hall_time, hall_today
from central.models import Counter, Kiosk, Service, StaffUser, utcnow
from central.models.queue import PriorityRule, Ticket, TicketStatus
from central.schemas.tickets import (CallOut, FinishIn, RatingOut, StaffTicketOut, TicketIn,
                                     TicketOut, VisitorOut)
from central.services import access, cases, people, queue
from central.services.arrival import arrival_for
from central.services.errors import Conflict, NotFound
from central.services.identity import IdentityKeys, check_card, find_person, forget_cards
from hallcore.ages import age_on

__all__ = ["view", "staff_view", "issue_for_kiosk", "card_renewed", "call_next", "recall", "start", "no_show", "finish", "transfer",
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


def _fields(db: Session, ticket: Ticket) -> dict:
    service = ticket.service
    counter = db.get(Counter, ticket.counter_id) if ticket.counter_id else None
    routed = db.get(Counter, ticket.routed_counter_id) if ticket.routed_counter_id else None
    ahead = queue.people_ahead(db, ticket)
    return dict(
        id=ticket.id, label=ticket.label, status=ticket.status, service=service.name,
        service_en=service.name_en, service_code=service.code, people_ahead=ahead,
        wait_min=queue.estimate_wait_min(db, ticket, ahead),
        counter=counter.name if counter else None,
        counter_number=counter.number if counter else None,
        routed_counter=routed.name if routed else None, documents=service.documents,
        fallback_label=ticket.fallback_label,
        issued_at=ticket.issued_at.isoformat(), recalls=ticket.recalls,
        serving_since=hall_time(ticket.serving_at).strftime("%H:%M") if ticket.serving_at else None)


def staff_view(db: Session, ticket: Ticket) -> StaffTicketOut:
    """What the counter and the queue list show of a ticket: no status link (its holder
    may rate the visit)."""
    return StaffTicketOut(**_fields(db, ticket))


def view(db: Session, ticket: Ticket, base_url: str) -> TicketOut:
    """What the terminal, its slip and the phone status page show of a ticket: with the link."""
    return TicketOut(**_fields(db, ticket),
                     status_url=f"{base_url.rstrip('/')}/t/{ticket.status_token}")


def issue_for_kiosk(db: Session, kiosk: Kiosk, body: TicketIn, *, keys: IdentityKeys,
                    base_url: str) -> TicketOut:
    """Issue a ticket at a terminal (idempotent by the terminal's own key). An identified
    visitor is linked to their record; if the terminal proved it read their card, the
    priority group staff set on them counts and a dedicated counsellor gets them, otherwise
    the counter is asked to check the card. The terminal's own priority claim is ignored
    and its arrival time bounded (central.services.arrival)."""
    person, trusted = None, False
    if body.person is not None:
        person = find_person(db, keys, body.person.id_number, body.person.name)
        trusted = check_card(db, keys, person, body.person.id_number, body.person.card).trusted
    arrival = arrival_for(db, kiosk, body.arrival_at, utcnow())
    ticket, _ = queue.issue(db, kiosk.hall_id, body.service_code, body.key, person=person,
                            priority_group=_group(db, kiosk.hall_id, person, body, trusted),
                            arrival_at=arrival, kiosk_id=kiosk.id,
                            fallback_label=body.fallback_label,
                            card_unconfirmed=person is not None and not trusted, route=trusted)
    return view(db, ticket, base_url)


def _group(db: Session, hall_id: int, person, body: TicketIn, trusted: bool) -> str | None:
    """The visitor's priority group: what staff set on them, else "elderly" when the hall's
    rule takes visitors of their age (the birth date in the number of the card the terminal
    proved it read); none for a visitor whose card is not proven."""
    if not trusted:
        return None
    if person.priority_group:
        return person.priority_group
    min_age = db.scalar(select(PriorityRule.min_age).where(
        PriorityRule.hall_id == hall_id, PriorityRule.group == "elderly", PriorityRule.active))
    age = age_on(body.person.id_number, hall_today()) if min_age else None
    return "elderly" if age is not None and age >= min_age else None


def call_next(db: Session, user: StaffUser, counter_id: int) -> StaffTicketOut | None:
    """Call the next visitor this counter may serve; None when nobody waits for it."""
    counter = access.get(db, Counter, counter_id, user, "counsellor", "counter")
    ticket = queue.call_next(db, counter, user)
    if ticket is None:
        return None
    audit(db, user, "ticket_call", f"ticket:{ticket.id}", f"counter:{counter_id}")
    db.commit()
    return staff_view(db, ticket)


def _done(db: Session, user: StaffUser, action: str, ticket_id: int,
          ticket: Ticket) -> StaffTicketOut:
    audit(db, user, f"ticket_{action}", f"ticket:{ticket_id}")
    db.commit()
    return staff_view(db, ticket)


def recall(db: Session, user: StaffUser, ticket_id: int) -> StaffTicketOut:
    return _done(db, user, "recall", ticket_id, queue.recall(db, _ticket(db, ticket_id, user)))


def start(db: Session, user: StaffUser, ticket_id: int) -> StaffTicketOut:
    """The called visitor sat down: service time runs from now (once)."""
    return _done(db, user, "start", ticket_id, queue.start(db, _ticket(db, ticket_id, user)))


def no_show(db: Session, user: StaffUser, ticket_id: int) -> StaffTicketOut:
    return _done(db, user, "no-show", ticket_id, queue.no_show(db, _ticket(db, ticket_id, user)))


def finish(db: Session, user: StaffUser, ticket_id: int, body: FinishIn) -> StaffTicketOut:
    """Finish the visit; with ``open_case`` also open its time-limited case (checked first,
    so a refused case leaves the visit unfinished)."""
    ticket = _ticket(db, ticket_id, user)
    if body.open_case:
        cases.check_can_open(db, ticket)
    ticket = queue.finish(db, ticket, body.note, user, body.visitor_summary)
    if body.open_case:
        cases.open_for_ticket(db, user, ticket)
    return _done(db, user, "finish", ticket_id, ticket)


def transfer(db: Session, user: StaffUser, ticket_id: int, service_code: str) -> StaffTicketOut:
    """The visitor's new ticket in the other service's queue."""
    ticket = queue.transfer(db, _ticket(db, ticket_id, user), service_code)
    return _done(db, user, "transfer", ticket_id, ticket)


def card_renewed(db: Session, user: StaffUser, ticket_id: int) -> VisitorOut:
    """Staff saw the visitor's renewed card at the counter: clear the cards on record, so the
    card the terminal reads next is recorded. Audited. Commits."""
    ticket = _ticket(db, ticket_id, user)
    if ticket.person_id is None:
        raise Conflict("the visitor of this ticket is not identified")
    cleared = forget_cards(db, ticket.person_id)
    ticket.card_unconfirmed = False
    audit(db, user, "card_renewed", f"person:{ticket.person_id}", f"ticket:{ticket.id} cleared:{cleared}")
    db.commit()
    return visitor(db, user, ticket_id)


def waiting(db: Session, user: StaffUser, hall_id: int | None) -> list[StaffTicketOut]:
    """Waiting and called tickets of a hall (the user's first when none is named), in the
    order they will be served."""
    hall_id = hall_id if hall_id is not None else access.first_hall(user)
    access.require(user, hall_id, "viewer", "hall")
    rows = db.scalars(select(Ticket).where(Ticket.hall_id == hall_id,
                                           Ticket.status.in_(TicketStatus.in_queue()))
                      .order_by(Ticket.priority.desc(), Ticket.arrival_at, Ticket.id)).all()
    return [staff_view(db, t) for t in rows]


def public_status(db: Session, token: str, base_url: str) -> TicketOut:
    """A ticket by the token in its QR code (anyone holding the slip may follow it), with the
    case its visit opened (no name on it: what the slip's holder may read)."""
    ticket = _by_token(db, token)
    out = view(db, ticket, base_url)
    out.case = cases.ticket_case(db, ticket.id)
    return out


def rate(db: Session, token: str, score: int, reasons: list[str]) -> RatingOut:
    rating = queue.rate(db, _by_token(db, token), score, reasons)
    return RatingOut(id=rating.id, score=rating.score)


def visitor(db: Session, user: StaffUser, ticket_id: int) -> VisitorOut:
    """For the counter: the documents the service needs and, if identified, the person's
    masked identity, recent history and referrals."""
    ticket = _ticket(db, ticket_id, user)
    service = db.get(Service, ticket.service_id)
    out = VisitorOut(documents=service.documents, case_limit_days=service.time_limit_days,
                     card_unconfirmed=ticket.card_unconfirmed)
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
