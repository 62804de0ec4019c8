"""The queue engine: issue, call, recall, transfer, no-show, finish, wait estimates.

Numbering is per hall, service and day (A001, A002, ...). Issuing takes the day's
counter row with an UPDATE ... RETURNING in the same transaction as the ticket
insert: concurrent issuers on PostgreSQL wait on that row lock, SQLite's single
writer serialises them, and a rolled-back issue gives its number back, so
numbers have no duplicates and no gaps. A retried request with the same key from the
same terminal returns the ticket it made the first time; keys are the terminal's own
(unique per terminal and key), so another terminal's same key is another ticket.

The priority group is the caller's to give (for a terminal's ticket: what staff set on
the person, never what the terminal claims).

Order of service: higher priority first, then earlier arrival. A visitor with a
dedicated counsellor whose counter is open is routed to that counter and only
that counter calls them. A transfer keeps the arrival time, so the visitor
keeps their place in the new queue.

Service time runs from when the visitor sat down (``start``: status serving, ``serving_at``),
or from the call when the counter never started it (``service_start``).

A supervisor may move a waiting ticket to the front of its service's queue (its order weight
raised above every other waiting there), transfer it, or cancel it with a reason. Each of
these, like every change of state here, is one ``UPDATE ... WHERE status IN (...)`` whose row
count says whether the ticket was still in a state that allows it (``_change``). A call-next
that wins the race has already committed ``called`` (on PostgreSQL it held the row with
``SELECT ... FOR UPDATE SKIP LOCKED``, and the supervisor's UPDATE waited on that lock and
then re-read the row under READ COMMITTED, so its WHERE no longer matches); the supervisor is
told the ticket was called (409), and nothing is overwritten. A supervisor that wins has
committed first: a call-next skips the row while it is locked and afterwards sees it
cancelled, transferred, or further ahead. SQLite takes the write lock at BEGIN (central.db),
so the two run one after the other. Two moves at once may both reach the front with the same
weight; arrival then orders them.
"""

from __future__ import annotations

import math
import secrets
from datetime import datetime

from sqlalchemy import and_, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from central.halltime import day_of
from central.models import Counter, Service, StaffUser, utcnow
from central.models.queue import (Person, PriorityRule, Rating, ServiceRecord, Ticket,
                                  TicketCounter, TicketStatus)
from central.services.errors import Conflict, NotFound, ServiceError

__all__ = ["QueueError", "issue", "call_next", "recall", "no_show", "start", "finish", "transfer",
           "move_to_front", "cancel", "queue_order", "people_ahead", "estimate_wait_min",
           "service_start", "rate", "DEFAULT_SERVICE_MIN", "COUNTER_CLOSED"]

DEFAULT_SERVICE_MIN = 6.0   # the wait estimate's service time before a service has history
RECENT_SERVICES = 20        # finished visits the estimate averages over


class QueueError(Conflict):
    """The ticket is in a state that does not allow this (409), or, with ``status``, another
    refusal of the queue."""


def _next_number(db: Session, hall_id: int, service_id: int, day: str) -> int:
    stmt = (update(TicketCounter)
            .where(TicketCounter.hall_id == hall_id, TicketCounter.service_id == service_id,
                   TicketCounter.day == day)
            .values(last_number=TicketCounter.last_number + 1)
            .returning(TicketCounter.last_number))
    number = db.execute(stmt).scalar_one_or_none()
    if number is not None:
        return number
    try:
        with db.begin_nested():
            db.execute(insert(TicketCounter).values(hall_id=hall_id, service_id=service_id,
                                                    day=day, last_number=0))
    except IntegrityError:
        pass  # another issuer created today's row first
    return db.execute(stmt).scalar_one()


def _priority(db: Session, hall_id: int, group: str | None) -> int:
    if not group:
        return 0
    weight = db.scalar(select(PriorityRule.weight).where(
        PriorityRule.hall_id == hall_id, PriorityRule.group == group, PriorityRule.active))
    return int(weight or 0)


def _routed_counter(db: Session, person: Person | None, service: Service) -> int | None:
    if person is None or person.counsellor_id is None:
        return None
    staff = db.get(StaffUser, person.counsellor_id)
    if staff is None or staff.counter_id is None:
        return None
    counter = db.get(Counter, staff.counter_id)
    if counter is None or not counter.is_open or service.code not in (counter.service_codes or []):
        return None
    return counter.id


def _same_key(kiosk_id: int | None, key: str):
    return select(Ticket).where(Ticket.key == key, Ticket.kiosk_id.is_(None) if kiosk_id is None
                                else Ticket.kiosk_id == kiosk_id)


def issue(db: Session, hall_id: int, service_code: str, key: str, *, person: Person | None = None,
          priority_group: str | None = None, arrival_at: datetime | None = None,
          kiosk_id: int | None = None, fallback_label: str | None = None,
          transferred_from: Ticket | None = None, card_unconfirmed: bool = False,
          route: bool = True) -> tuple[Ticket, bool]:
    """Issue (or return the already issued) ticket; returns (ticket, created). With ``route``
    a person with a dedicated counsellor is routed to them. Commits."""
    existing = db.scalar(_same_key(kiosk_id, key))
    if existing is not None:
        if fallback_label and existing.fallback_label is None:
            # the terminal gave up waiting and handed out its own number, but the request
            # had got through: the visitor holds the fallback number, so that is the one called
            existing.label, existing.fallback_label = fallback_label, fallback_label
            existing.updated_at = utcnow()
            db.commit()
        return existing, False
    service = db.scalar(select(Service).where(Service.hall_id == hall_id,
                                              Service.code == service_code, Service.active))
    if service is None:
        raise NotFound(f"unknown service {service_code!r}")
    now = utcnow()
    arrival = min(arrival_at or now, now)
    group = priority_group
    day = day_of(now)
    # everything read before the counter row is locked: the lock is held only for
    # UPDATE + INSERT + COMMIT, which is what bounds concurrent issuing
    priority = _priority(db, hall_id, group)
    routed = _routed_counter(db, person, service) if route else None
    try:
        number = _next_number(db, hall_id, service.id, day)
        ticket = Ticket(hall_id=hall_id, service=service, day=day, number=number,
                        label=fallback_label or f"{service.letter}{number:03d}", priority=priority,
                        priority_group=group, person_id=person.id if person else None,
                        routed_counter_id=routed, key=key, card_unconfirmed=card_unconfirmed,
                        status_token=secrets.token_urlsafe(12), kiosk_id=kiosk_id,
                        fallback_label=fallback_label, arrival_at=arrival, issued_at=now,
                        transferred_from_id=transferred_from.id if transferred_from else None,
                        updated_at=now)
        db.add(ticket)
        db.commit()
    except IntegrityError:  # the same key raced in from a retry: return that ticket
        db.rollback()
        existing = db.scalar(_same_key(kiosk_id, key))
        if existing is None:
            raise
        return existing, False
    return ticket, True


def queue_order():
    """ORDER BY of a queue: the order tickets are called in."""
    return (Ticket.priority.desc(), Ticket.arrival_at, Ticket.id)


def people_ahead(db: Session, ticket: Ticket) -> int:
    """How many tickets will be called before this one (0 once it is no longer waiting)."""
    if ticket.status != TicketStatus.waiting:
        return 0
    same_line = [Ticket.hall_id == ticket.hall_id, Ticket.service_id == ticket.service_id,
                 Ticket.status == TicketStatus.waiting, Ticket.id != ticket.id]
    if ticket.routed_counter_id is not None:
        same_line.append(Ticket.routed_counter_id == ticket.routed_counter_id)
    ahead = or_(Ticket.priority > ticket.priority,
                and_(Ticket.priority == ticket.priority, Ticket.arrival_at < ticket.arrival_at),
                and_(Ticket.priority == ticket.priority, Ticket.arrival_at == ticket.arrival_at,
                     Ticket.id < ticket.id))
    return db.scalar(select(func.count()).select_from(Ticket).where(*same_line, ahead)) or 0


def service_start():
    """SQL: when a visit's service began: the visitor sat down, else (never started) the call."""
    return func.coalesce(Ticket.serving_at, Ticket.called_at)


def _avg_service_min(db: Session, service_id: int) -> float:
    rows = db.execute(select(service_start(), Ticket.finished_at).where(
        Ticket.service_id == service_id, Ticket.status == TicketStatus.done,
        Ticket.finished_at.is_not(None), Ticket.called_at.is_not(None))
        .order_by(Ticket.finished_at.desc()).limit(RECENT_SERVICES)).all()
    minutes = [(f - c).total_seconds() / 60 for c, f in rows if f > c]
    return sum(minutes) / len(minutes) if minutes else DEFAULT_SERVICE_MIN


def estimate_wait_min(db: Session, ticket: Ticket, ahead: int | None = None) -> int:
    """People ahead x recent mean service time / open counters for the service."""
    if ticket.status != TicketStatus.waiting:
        return 0
    ahead = people_ahead(db, ticket) if ahead is None else ahead
    if ahead == 0:
        return 0
    serving = 1
    if not ticket.routed_counter_id:
        codes = db.scalars(select(Counter.service_codes).where(Counter.hall_id == ticket.hall_id,
                                                               Counter.is_open)).all()
        serving = max(1, sum(1 for c in codes if ticket.service.code in (c or [])))
    return math.ceil(ahead * _avg_service_min(db, ticket.service_id) / serving)


COUNTER_CLOSED = "counter_closed"   # refusal detail: the console shows its own words


def call_next(db: Session, counter: Counter, staff: StaffUser | None) -> Ticket | None:
    """The next waiting ticket this counter may serve, now called to it. Commits.

    A closed counter calls nobody (QueueError ``COUNTER_CLOSED``): the wait estimates count
    only open counters, and a visitor called to a counter the hall has closed finds nobody."""
    if not counter.is_open:
        raise QueueError(COUNTER_CLOSED)
    service_ids = db.scalars(select(Service.id).where(
        Service.hall_id == counter.hall_id, Service.code.in_(counter.service_codes or []))).all()
    if not service_ids:
        return None
    query = (select(Ticket).where(Ticket.hall_id == counter.hall_id,
                                  Ticket.status == TicketStatus.waiting,
                                  Ticket.service_id.in_(service_ids),
                                  or_(Ticket.routed_counter_id.is_(None),
                                      Ticket.routed_counter_id == counter.id))
             .order_by(Ticket.routed_counter_id.is_(None), *queue_order()).limit(1))
    if db.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    ticket = db.scalar(query)
    if ticket is None:
        return None
    now = utcnow()
    ticket.status, ticket.counter_id, ticket.called_at = TicketStatus.called, counter.id, now
    ticket.updated_at = now
    ticket.staff_id = staff.id if staff else None
    db.commit()
    return ticket


def _require(ticket: Ticket, *states: TicketStatus) -> None:
    if ticket.status not in states:
        raise QueueError(f"ticket {ticket.label} is {ticket.status}")


def _change(db: Session, ticket: Ticket, states: tuple[TicketStatus, ...], **values) -> None:
    """Set ``values`` on the ticket in one UPDATE that holds only while it is still in one of
    ``states`` (see the module docstring); QueueError, rolled back, when it no longer is.
    The caller commits."""
    _require(ticket, *states)   # the usual refusal, without a write, when the ticket is stale
    values.setdefault("updated_at", utcnow())
    changed = db.execute(update(Ticket).where(Ticket.id == ticket.id, Ticket.status.in_(states))
                         .values(**values).execution_options(synchronize_session="fetch")).rowcount
    if changed != 1:
        db.rollback()
        db.refresh(ticket)
        raise QueueError(f"ticket {ticket.label} is {ticket.status}")


def recall(db: Session, ticket: Ticket) -> Ticket:
    """Call the called visitor again (the board chimes once more). Commits."""
    _require(ticket, TicketStatus.called)
    ticket.recalls += 1
    ticket.updated_at = utcnow()
    db.commit()
    return ticket


def no_show(db: Session, ticket: Ticket) -> Ticket:
    """The called visitor did not come. Commits."""
    now = utcnow()
    _change(db, ticket, (TicketStatus.called,), status=TicketStatus.no_show, finished_at=now,
            updated_at=now)
    db.commit()
    return ticket


def start(db: Session, ticket: Ticket) -> Ticket:
    """The called visitor sat down: service time runs from now. Starting a started visit
    changes nothing. Commits."""
    if ticket.status != TicketStatus.serving:
        now = utcnow()
        _change(db, ticket, (TicketStatus.called,), status=TicketStatus.serving, serving_at=now,
                updated_at=now)
        db.commit()
    return ticket


def finish(db: Session, ticket: Ticket, note: str = "", staff: StaffUser | None = None,
           visitor_summary: str = "") -> Ticket:
    """Done; with an identified visitor the note lands on their service record (for staff)
    with, if given, a short summary the visitor may read (central.services.progress)."""
    now = utcnow()
    _change(db, ticket, (TicketStatus.called, TicketStatus.serving), status=TicketStatus.done,
            finished_at=now, note=note, updated_at=now)
    if ticket.person_id is not None:
        service = db.get(Service, ticket.service_id)
        db.add(ServiceRecord(person_id=ticket.person_id, kind="counter_service", ticket_id=ticket.id,
                             service_id=ticket.service_id, staff_id=staff.id if staff else None,
                             summary=f"{service.name}: {note}".strip(": "),
                             data={"visitor_summary": visitor_summary} if visitor_summary else {}))
    db.commit()
    return ticket


def transfer(db: Session, ticket: Ticket, service_code: str,
             only: tuple[TicketStatus, ...] = (TicketStatus.waiting, TicketStatus.called,
                                               TicketStatus.serving)) -> Ticket:
    """Move a visitor to another service, keeping their arrival time; the new ticket. A
    ticket in a state not in ``only`` (by default: waiting, called or seated) is refused.
    Commits."""
    _change(db, ticket, only, status=TicketStatus.transferred)
    person = db.get(Person, ticket.person_id) if ticket.person_id else None
    suffix = f">t{ticket.id}"  # unique by itself: the key may be cut to fit its VARCHAR(64)
    key = ticket.key[:Ticket.key.type.length - len(suffix)] + suffix
    new, _ = issue(db, ticket.hall_id, service_code, key, person=person,
                   priority_group=ticket.priority_group, arrival_at=ticket.arrival_at,
                   kiosk_id=ticket.kiosk_id, transferred_from=ticket,
                   card_unconfirmed=ticket.card_unconfirmed,
                   route=not ticket.card_unconfirmed)
    return new


def move_to_front(db: Session, ticket: Ticket) -> Ticket:
    """Put a waiting ticket at the front of its service's queue: its order weight one above
    every other ticket waiting for that service. Already at the front: nothing changes.
    Commits."""
    _require(ticket, TicketStatus.waiting)
    if people_ahead(db, ticket) == 0:
        return ticket
    other = aliased(Ticket)   # not correlated with the row being updated
    others = (select(func.coalesce(func.max(other.priority), 0) + 1)
              .where(other.hall_id == ticket.hall_id, other.service_id == ticket.service_id,
                     other.status == TicketStatus.waiting, other.id != ticket.id)
              .scalar_subquery())
    _change(db, ticket, (TicketStatus.waiting,), priority=others)
    db.commit()
    return ticket


def cancel(db: Session, ticket: Ticket, reason: str) -> Ticket:
    """Take a waiting ticket out of the queue for ``reason`` (it is never called). Commits."""
    reason = reason.strip()
    if not reason:
        raise ServiceError("a cancellation needs a reason", 422)
    now = utcnow()
    _change(db, ticket, (TicketStatus.waiting,), status=TicketStatus.cancelled,
            cancel_reason=reason[:Ticket.cancel_reason.type.length], finished_at=now, updated_at=now)
    db.commit()
    return ticket


def rate(db: Session, ticket: Ticket, score: int, reasons: list[str]) -> Rating:
    """Rate a finished visit, once. Commits."""
    _require(ticket, TicketStatus.done)
    if not 1 <= score <= 5:
        raise ServiceError("rating must be 1 to 5", 422)
    existing = db.scalar(select(Rating).where(Rating.ticket_id == ticket.id))
    if existing is not None:
        raise QueueError("this visit was already rated")
    rating = Rating(ticket_id=ticket.id, service_id=ticket.service_id, counter_id=ticket.counter_id,
                    staff_id=ticket.staff_id, score=score, reasons=[r[:40] for r in reasons[:6]])
    db.add(rating)
    db.commit()
    return rating
