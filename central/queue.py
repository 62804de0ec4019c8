"""The queue engine: issue, call, recall, transfer, no-show, finish, wait estimates.

Numbering is per hall, service and day (A001, A002, ...). Issuing takes the day's
counter row with an UPDATE ... RETURNING in the same transaction as the ticket
insert: concurrent issuers on PostgreSQL wait on that row lock, SQLite's single
writer serialises them, and a rolled-back issue gives its number back, so
numbers have no duplicates and no gaps. A retried request with the same key
returns the ticket it made the first time.

Order of service: higher priority first, then earlier arrival. A visitor with a
dedicated counsellor whose counter is open is routed to that counter and only
that counter calls them. A transfer keeps the arrival time, so the visitor
keeps their place in the new queue.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import and_, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from central.models import Counter, Service, StaffUser, utcnow
from central.models.queue import (Person, PriorityRule, Rating, ServiceRecord, Ticket,
                                  TicketCounter)

__all__ = ["QueueError", "issue", "call_next", "recall", "no_show", "finish", "transfer",
           "people_ahead", "estimate_wait_min", "find_person", "day_of", "day_start", "hall_today", "rate",
           "HALL_UTC_OFFSET", "DEFAULT_SERVICE_MIN", "FALLBACK_PREFIX"]

DEFAULT_SERVICE_MIN = 6.0
FALLBACK_PREFIX = "X"  # terminal-issued tickets while offline: <letter>X<nnn>, e.g. AX001
ACTIVE = ("waiting", "called", "serving")


class QueueError(Exception):
    def __init__(self, message: str, status: int = 409):
        super().__init__(message)
        self.status = status


#: halls run on China Standard Time
HALL_UTC_OFFSET = timedelta(hours=8)


def day_of(when: datetime) -> str:
    """The hall's day of a UTC time, as ``YYYY-MM-DD``."""
    return (when + HALL_UTC_OFFSET).strftime("%Y-%m-%d")


def hall_today() -> date:
    """The hall's date now."""
    return date.fromisoformat(day_of(utcnow()))


def day_start(day: date) -> datetime:
    """The UTC time at which the hall's ``day`` begins."""
    return datetime.combine(day, time(), tzinfo=timezone.utc) - HALL_UTC_OFFSET


def _id_hash(secret: str, id_number: str) -> str:
    return hmac.new(secret.encode(), id_number.strip().upper().encode(), hashlib.sha256).hexdigest()


def find_person(db: Session, secret: str, id_number: str, name: str = "",
                create: bool = True) -> Person | None:
    """The person with this ID number (keyed hash), created on first visit."""
    from hallcore.masking import mask_id_number, mask_name
    digest = _id_hash(secret, id_number)
    person = db.scalar(select(Person).where(Person.id_hash == digest))
    if person is None and create:
        person = Person(id_hash=digest, masked_id=mask_id_number(id_number),
                        masked_name=mask_name(name))
        db.add(person)
        try:
            with db.begin_nested():
                db.flush()
        except IntegrityError:
            person = db.scalar(select(Person).where(Person.id_hash == digest))
    return person


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


def issue(db: Session, hall_id: int, service_code: str, key: str, *, person: Person | None = None,
          priority_group: str | None = None, arrival_at: datetime | None = None,
          kiosk_id: int | None = None, fallback_label: str | None = None,
          transferred_from: Ticket | None = None) -> tuple[Ticket, bool]:
    """Issue (or return the already issued) ticket; returns (ticket, created). Commits."""
    existing = db.scalar(select(Ticket).where(Ticket.key == key))
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
        raise QueueError(f"unknown service {service_code!r}", 404)
    now = utcnow()
    arrival = min(arrival_at or now, now)
    group = priority_group or (person.priority_group if person else None)
    day = day_of(now)
    # everything read before the counter row is locked: the lock is held only for
    # UPDATE + INSERT + COMMIT, which is what bounds concurrent issuing
    priority = _priority(db, hall_id, group)
    routed = _routed_counter(db, person, service)
    try:
        number = _next_number(db, hall_id, service.id, day)
        ticket = Ticket(hall_id=hall_id, service_id=service.id, day=day, number=number,
                        label=fallback_label or f"{service.letter}{number:03d}", priority=priority,
                        priority_group=group, person_id=person.id if person else None,
                        routed_counter_id=routed, key=key,
                        status_token=secrets.token_urlsafe(12), kiosk_id=kiosk_id,
                        fallback_label=fallback_label, arrival_at=arrival, issued_at=now,
                        transferred_from_id=transferred_from.id if transferred_from else None,
                        updated_at=now)
        db.add(ticket)
        db.commit()
    except IntegrityError:  # the same key raced in from a retry: return that ticket
        db.rollback()
        existing = db.scalar(select(Ticket).where(Ticket.key == key))
        if existing is None:
            raise
        return existing, False
    return ticket, True


def _queue_order():
    return (Ticket.priority.desc(), Ticket.arrival_at, Ticket.id)


def people_ahead(db: Session, ticket: Ticket) -> int:
    if ticket.status != "waiting":
        return 0
    same_line = [Ticket.hall_id == ticket.hall_id, Ticket.service_id == ticket.service_id,
                 Ticket.status == "waiting", Ticket.id != ticket.id]
    if ticket.routed_counter_id is not None:
        same_line.append(Ticket.routed_counter_id == ticket.routed_counter_id)
    ahead = or_(Ticket.priority > ticket.priority,
                and_(Ticket.priority == ticket.priority, Ticket.arrival_at < ticket.arrival_at),
                and_(Ticket.priority == ticket.priority, Ticket.arrival_at == ticket.arrival_at,
                     Ticket.id < ticket.id))
    return db.scalar(select(func.count()).select_from(Ticket).where(*same_line, ahead)) or 0


def _avg_service_min(db: Session, service_id: int) -> float:
    rows = db.execute(select(Ticket.called_at, Ticket.finished_at).where(
        Ticket.service_id == service_id, Ticket.status == "done",
        Ticket.finished_at.is_not(None), Ticket.called_at.is_not(None))
        .order_by(Ticket.finished_at.desc()).limit(20)).all()
    minutes = [(f - c).total_seconds() / 60 for c, f in rows if f > c]
    return sum(minutes) / len(minutes) if minutes else DEFAULT_SERVICE_MIN


def estimate_wait_min(db: Session, ticket: Ticket, ahead: int | None = None) -> int:
    """People ahead x recent mean service time / open counters for the service."""
    if ticket.status != "waiting":
        return 0
    ahead = people_ahead(db, ticket) if ahead is None else ahead
    if ahead == 0:
        return 0
    service = db.get(Service, ticket.service_id)
    counters = db.scalars(select(Counter).where(Counter.hall_id == ticket.hall_id,
                                                Counter.is_open)).all()
    serving = 1 if ticket.routed_counter_id else max(
        1, sum(1 for c in counters if service.code in (c.service_codes or [])))
    return math.ceil(ahead * _avg_service_min(db, ticket.service_id) / serving)


def call_next(db: Session, counter: Counter, staff: StaffUser | None) -> Ticket | None:
    """The next waiting ticket this counter may serve, now called to it. Commits."""
    service_ids = db.scalars(select(Service.id).where(
        Service.hall_id == counter.hall_id, Service.code.in_(counter.service_codes or []))).all()
    if not service_ids:
        return None
    query = (select(Ticket).where(Ticket.hall_id == counter.hall_id, Ticket.status == "waiting",
                                  Ticket.service_id.in_(service_ids),
                                  or_(Ticket.routed_counter_id.is_(None),
                                      Ticket.routed_counter_id == counter.id))
             .order_by(Ticket.routed_counter_id.is_(None), *_queue_order()).limit(1))
    if db.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    ticket = db.scalar(query)
    if ticket is None:
        return None
    now = utcnow()
    ticket.status, ticket.counter_id, ticket.called_at, ticket.updated_at = "called", counter.id, now, now
    ticket.staff_id = staff.id if staff else None
    db.commit()
    return ticket


def _require(ticket: Ticket, *states: str) -> None:
    if ticket.status not in states:
        raise QueueError(f"ticket {ticket.label} is {ticket.status}")


def recall(db: Session, ticket: Ticket) -> Ticket:
    _require(ticket, "called")
    ticket.recalls += 1
    ticket.updated_at = utcnow()
    db.commit()
    return ticket


def no_show(db: Session, ticket: Ticket) -> Ticket:
    _require(ticket, "called")
    ticket.status, ticket.finished_at = "no_show", utcnow()
    ticket.updated_at = ticket.finished_at
    db.commit()
    return ticket


def finish(db: Session, ticket: Ticket, note: str = "", staff: StaffUser | None = None) -> Ticket:
    """Done; with an identified visitor the note lands on their service record."""
    _require(ticket, "called", "serving")
    ticket.status, ticket.finished_at, ticket.note = "done", utcnow(), note
    ticket.updated_at = ticket.finished_at
    if ticket.person_id is not None:
        service = db.get(Service, ticket.service_id)
        db.add(ServiceRecord(person_id=ticket.person_id, kind="counter_service", ticket_id=ticket.id,
                             service_id=ticket.service_id, staff_id=staff.id if staff else None,
                             summary=f"{service.name}: {note}".strip(": ")))
    db.commit()
    return ticket


def transfer(db: Session, ticket: Ticket, service_code: str) -> Ticket:
    """Move a called or waiting visitor to another service, keeping their arrival time."""
    _require(ticket, "waiting", "called")
    ticket.status, ticket.updated_at = "transferred", utcnow()
    db.flush()
    person = db.get(Person, ticket.person_id) if ticket.person_id else None
    suffix = f">t{ticket.id}"  # unique by itself: the key may be cut to fit its VARCHAR(64)
    key = ticket.key[:Ticket.key.type.length - len(suffix)] + suffix
    new, _ = issue(db, ticket.hall_id, service_code, key, person=person,
                   priority_group=ticket.priority_group, arrival_at=ticket.arrival_at,
                   kiosk_id=ticket.kiosk_id, transferred_from=ticket)
    return new


def rate(db: Session, ticket: Ticket, score: int, reasons: list[str]) -> Rating:
    _require(ticket, "done")
    if not 1 <= score <= 5:
        raise QueueError("rating must be 1 to 5", 422)
    existing = db.scalar(select(Rating).where(Rating.ticket_id == ticket.id))
    if existing is not None:
        raise QueueError("this visit was already rated")
    rating = Rating(ticket_id=ticket.id, service_id=ticket.service_id, counter_id=ticket.counter_id,
                    staff_id=ticket.staff_id, score=score, reasons=[r[:40] for r in reasons[:6]])
    db.add(rating)
    db.commit()
    return rating


def ticket_view(db: Session, ticket: Ticket, base_url: str) -> dict[str, Any]:
    """What the terminal, the phone status page and the board show of a ticket."""
    service = db.get(Service, ticket.service_id)
    counter = db.get(Counter, ticket.counter_id) if ticket.counter_id else None
    routed = db.get(Counter, ticket.routed_counter_id) if ticket.routed_counter_id else None
    ahead = people_ahead(db, ticket)
    return {"id": ticket.id, "label": ticket.label, "status": ticket.status,
            "service": service.name, "service_en": service.name_en, "service_code": service.code,
            "people_ahead": ahead, "wait_min": estimate_wait_min(db, ticket, ahead),
            "counter": counter.name if counter else None,
            "counter_number": counter.number if counter else None,
            "routed_counter": routed.name if routed else None,
            "documents": service.documents, "fallback_label": ticket.fallback_label,
            "status_url": f"{base_url.rstrip('/')}/t/{ticket.status_token}",
            "issued_at": ticket.issued_at.isoformat(), "recalls": ticket.recalls}
