"""Hall events (job fairs, training courses, internships, start-up workshops, information
sessions): registration, the waiting list, cancellation with promotion, check-in at the door.

Not the terminals' outbox events (central.services.events).

Concurrency. Every change to an event's list of people (register, cancel, promote, check in
is not one: see below) runs in one transaction that first takes the event's row:
``SELECT ... FOR UPDATE`` on PostgreSQL; on SQLite the write lock taken at BEGIN
(central.db: BEGIN IMMEDIATE) already makes every writing transaction run alone. So, per
event, these transactions run one after the other, across terminals and service processes,
and each sees what the one before committed (PostgreSQL's READ COMMITTED re-reads after the
lock is granted). Within it:

- a seat is claimed with one conditional ``UPDATE hall_events SET seats_taken = seats_taken + 1
  WHERE id = :id AND seats_taken < capacity RETURNING``: no row back means full, and the
  person goes on the waiting list with the next ``waiting_seq`` (the same counter-row
  pattern as ticket numbering, central.services.queue). The condition holds the capacity
  even without the lock; the lock is what keeps a cancellation's freed seat for the first
  person waiting instead of for a registration that happened to arrive at that moment;
- once per person: the registration row is unique per (event, person); under the lock a
  second registration of the same person finds the first and answers it (idempotent), and
  a cancelled one is taken up again (a new place, a new token);
- a cancellation of a registered person gives the seat back and, in the same transaction,
  promotes the first person waiting (lowest ``waiting_seq``) while seats are free;
- a transaction that fails rolls back its counter changes with it: no seat is lost.

Check-in at the door touches only the registration row: ``UPDATE ... SET state='attended'
WHERE id = :id AND state = 'registered'``; a second scan finds it attended and answers the
same (idempotent). The token is looked up together with the event being checked in: a
token of another event is refused, never attended here.

Telling people. A change a person did not make themselves (moved up from the waiting list,
the event cancelled by staff) leaves a ``notice`` on their registration, written in the
transaction that made the change. "My progress" carries it while the event is still to
come; the terminal shows it on its home screen and says so (``noticed``), which clears it
unless another change came meanwhile: a notice is shown once, and the newest one is never
lost to an earlier one's acknowledgement. A change the person made (registering again,
cancelling, checking in) clears it: they know.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from central.audit import audit
from central.models import Hall, Job, Kiosk, StaffUser, utcnow
from central.models.events import EventEmployer, EventPosting, EventRegistration, HallEvent
from central.models.queue import Person
from central.services import access, progress
from central.services.errors import Conflict, NotFound
from central.services.identity import IdentityKeys
from central.services.ratelimit import Limits
from hallcore.contract import (EventEmployerOut, EventPostingOut, EventRegistrationOut,
                               HallEventOut)

__all__ = ["lock", "eligible", "token_of", "upcoming", "detail", "register", "cancel", "enrol", "withdraw", "promote",
           "check_in", "registrations_of", "event_out", "registration_out", "noticed", "CheckIn",
           "NOT_ELIGIBLE", "CLOSED", "CANCELLED", "OTHER_EVENT"]

NOT_ELIGIBLE = "not_eligible"     # refusal details: the terminal shows its own message
CLOSED = "registration_closed"
CANCELLED = "event_cancelled"
OTHER_EVENT = "other_event"
UPCOMING_LIMIT = 100
_TOKEN = re.compile(r"[0-9A-Za-z_-]{8,64}")


def token_of(scanned: str) -> str:
    """The registration token in what was scanned: the slip's QR holds the address of the
    phone page (``.../e/<token>``); a bare token is taken too. "" for anything else."""
    tail = scanned.strip().rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0]
    return tail if _TOKEN.fullmatch(tail) else ""


def lock(db: Session, event_id: int) -> HallEvent:
    """The event, its row held until the transaction ends (see the module docstring)."""
    event = db.scalar(select(HallEvent).where(HallEvent.id == event_id).with_for_update()
                      .execution_options(populate_existing=True))
    if event is None:
        raise NotFound("no such event")
    return event


def _open(event: HallEvent, now: datetime) -> bool:
    return (event.state == "open" and event.ends_at > now
            and (event.registration_opens is None or event.registration_opens <= now)
            and (event.registration_closes is None or now < event.registration_closes))


def eligible(event: HallEvent, person: Person) -> bool:
    """Whether the person may register: anyone, graduates, one tier, one priority group (as
    staff set them on the person, never as the terminal claims)."""
    if event.eligibility == "graduates":
        return person.priority_group == "graduate"
    if event.eligibility == "tier":
        return person.tier is not None and str(person.tier) == event.eligibility_value
    if event.eligibility == "priority_group":
        return person.priority_group == event.eligibility_value
    return True


def _position(db: Session, reg: EventRegistration) -> int | None:
    if reg.state != "waiting":
        return None
    return db.scalar(select(func.count()).select_from(EventRegistration).where(
        EventRegistration.event_id == reg.event_id, EventRegistration.state == "waiting",
        EventRegistration.waiting_seq <= reg.waiting_seq))


def registration_out(db: Session, reg: EventRegistration, event: HallEvent,
                     now: datetime | None = None) -> EventRegistrationOut:
    live = event.ends_at > (now or utcnow())   # news of an event that is over is no news
    return EventRegistrationOut(
        event_id=event.id, title=event.title, title_en=event.title_en, kind=event.kind,
        place=event.place, place_en=event.place_en, bring=event.bring, bring_en=event.bring_en,
        starts_at=event.starts_at, ends_at=event.ends_at, state=reg.state,
        position=_position(db, reg), token=reg.token if reg.state != "cancelled" else "",
        event_cancelled=event.state == "cancelled", promoted=reg.promoted_at is not None,
        notice=reg.notice if live else "")


def enrol(db: Session, event_id: int, person: Person, kiosk_id: int | None = None,
          now: datetime | None = None) -> EventRegistration:
    """Register the person (a seat, or the waiting list when full). Flushes; the caller commits."""
    now = now or utcnow()
    event = lock(db, event_id)
    if event.state != "open":
        raise Conflict(CANCELLED)
    if not _open(event, now):
        raise Conflict(CLOSED)
    if not eligible(event, person):
        raise Conflict(NOT_ELIGIBLE)
    reg = db.scalar(select(EventRegistration).where(EventRegistration.event_id == event_id,
                                                    EventRegistration.person_id == person.id))
    if reg is not None and reg.state != "cancelled":
        return reg   # once per person: the place they already hold
    seat = db.execute(update(HallEvent)
                      .where(HallEvent.id == event_id, HallEvent.seats_taken < HallEvent.capacity)
                      .values(seats_taken=HallEvent.seats_taken + 1).returning(HallEvent.seats_taken)
                      .execution_options(synchronize_session=False)).scalar_one_or_none()
    seq = None
    if seat is None:
        seq = db.execute(update(HallEvent).where(HallEvent.id == event_id)
                         .values(waiting_seq=HallEvent.waiting_seq + 1).returning(HallEvent.waiting_seq)
                         .execution_options(synchronize_session=False)).scalar_one()
    if reg is None:
        reg = EventRegistration(event_id=event_id, person_id=person.id, created_at=now)
        db.add(reg)
    reg.state, reg.waiting_seq = ("registered" if seat is not None else "waiting"), seq
    reg.token, reg.kiosk_id, reg.promoted_at, reg.updated_at = secrets.token_urlsafe(18), kiosk_id, None, now
    reg.notice = ""
    db.flush()
    return reg


def promote(db: Session, event_id: int, now: datetime | None = None) -> list[EventRegistration]:
    """Move the first people waiting up while seats are free (caller holds the event's row)."""
    now = now or utcnow()
    moved = []
    waiting = db.scalars(select(EventRegistration).where(
        EventRegistration.event_id == event_id, EventRegistration.state == "waiting")
        .order_by(EventRegistration.waiting_seq)).all()
    for reg in waiting:
        seat = db.execute(update(HallEvent)
                          .where(HallEvent.id == event_id, HallEvent.seats_taken < HallEvent.capacity)
                          .values(seats_taken=HallEvent.seats_taken + 1).returning(HallEvent.id)
                          .execution_options(synchronize_session=False)).scalar_one_or_none()
        if seat is None:
            break
        reg.state, reg.waiting_seq, reg.promoted_at, reg.updated_at = "registered", None, now, now
        reg.notice = "promoted"   # told at their next visit (module docstring)
        moved.append(reg)
    db.flush()
    return moved


def withdraw(db: Session, event_id: int, person_id: int,
             now: datetime | None = None) -> EventRegistration | None:
    """Cancel the person's place (a seat given back promotes the first waiting). Flushes."""
    now = now or utcnow()
    lock(db, event_id)
    reg = db.scalar(select(EventRegistration).where(EventRegistration.event_id == event_id,
                                                    EventRegistration.person_id == person_id))
    if reg is None or reg.state == "cancelled":
        return reg
    if reg.state == "attended":
        raise Conflict("already attended")
    had_seat = reg.state == "registered"
    reg.state, reg.waiting_seq, reg.updated_at, reg.notice = "cancelled", None, now, ""
    db.flush()
    if had_seat:
        db.execute(update(HallEvent).where(HallEvent.id == event_id)
                   .values(seats_taken=HallEvent.seats_taken - 1)
                   .execution_options(synchronize_session=False))
        promote(db, event_id, now)
    return reg


def register(db: Session, keys: IdentityKeys, limits: Limits, kiosk: Kiosk, event_id: int,
             body) -> EventRegistrationOut:
    """The card holder's registration (a person seen for the first time is created). Commits."""
    if db.get(HallEvent, event_id) is None:
        raise NotFound("no such event")
    person = progress.prove(db, keys, limits, kiosk, body.id_number, body.card,
                            action="event_registration", create=True, name=body.name)
    reg = enrol(db, event_id, person, kiosk.id)
    audit(db, None, "event_register", f"event:{event_id}", f"person:{person.id} kiosk:{kiosk.id} {reg.state}")
    db.commit()
    return registration_out(db, reg, db.get(HallEvent, event_id))


def cancel(db: Session, keys: IdentityKeys, limits: Limits, kiosk: Kiosk, event_id: int,
           body) -> EventRegistrationOut:
    """Cancel the card holder's place; the first waiting moves up. Commits."""
    if db.get(HallEvent, event_id) is None:
        raise NotFound("no such event")
    person = progress.prove(db, keys, limits, kiosk, body.id_number, body.card,
                            action="event_cancel")
    reg = None if person is None else withdraw(db, event_id, person.id)
    if reg is None:
        raise NotFound("no registration for this event")
    audit(db, None, "event_cancel", f"event:{event_id}", f"person:{person.id} kiosk:{kiosk.id}")
    db.commit()
    return registration_out(db, reg, db.get(HallEvent, event_id))


class CheckIn:
    """What a scan at the door came to: the registration, and whether it was already in."""

    def __init__(self, reg: EventRegistration, already: bool, person: str):
        self.reg, self.already, self.person = reg, already, person


def check_in(db: Session, user: StaffUser, event_id: int, token: str,
             now: datetime | None = None) -> CheckIn:
    """Check in the holder of ``token`` at event ``event_id`` (idempotent). Commits."""
    now = now or utcnow()
    event = access.get(db, HallEvent, event_id, user, "counsellor", "event")
    token = token_of(token)
    reg = db.scalar(select(EventRegistration).where(EventRegistration.token == token)) if token else None
    if reg is None:
        raise NotFound("unknown registration code")
    if reg.event_id != event.id:
        audit(db, user, "event_check_in_refused", f"event:{event.id}", f"code of event:{reg.event_id}")
        db.commit()
        raise Conflict(OTHER_EVENT)
    done = db.execute(update(EventRegistration)
                      .where(EventRegistration.id == reg.id, EventRegistration.state == "registered")
                      .values(state="attended", attended_at=now, checked_in_by=user.id, updated_at=now,
                              notice="")
                      .execution_options(synchronize_session=False)).rowcount
    db.refresh(reg)
    if not done and reg.state != "attended":
        raise Conflict(f"not registered ({reg.state})")
    if done:
        audit(db, user, "event_check_in", f"event:{event.id}", f"registration:{reg.id}")
    db.commit()
    person = db.get(Person, reg.person_id)
    return CheckIn(reg, already=not done, person=f"{person.masked_name} {person.masked_id}".strip())


def noticed(db: Session, kiosk: Kiosk, shown: list, now: datetime | None = None) -> int:
    """A terminal showed these notices (each a registration's token and the notice shown):
    each is cleared if it is still the one pending, so a newer one stays to be shown.
    Holding the token is the proof, as on the phone page: the terminal had it from the
    card holder's own record. How many were cleared; commits."""
    now, done = now or utcnow(), 0
    for item in shown:
        token = token_of(item.token)
        if not token or not item.notice:
            continue
        done += db.execute(update(EventRegistration)
                           .where(EventRegistration.token == token, EventRegistration.notice == item.notice)
                           .values(notice="", notified_at=now)
                           .execution_options(synchronize_session=False)).rowcount
    if done:
        audit(db, None, "event_notice_shown", f"kiosk:{kiosk.id}", f"{done} notice(s)")
    db.commit()
    return done


def event_out(db: Session, event: HallEvent, hall: Hall, now: datetime | None = None,
              employers: bool = False) -> HallEventOut:
    now = now or utcnow()
    waiting = db.scalar(select(func.count()).select_from(EventRegistration).where(
        EventRegistration.event_id == event.id, EventRegistration.state == "waiting")) or 0
    return HallEventOut(
        id=event.id, hall_id=event.hall_id, hall=hall.name, hall_en=hall.name_en, kind=event.kind,
        title=event.title, title_en=event.title_en, description=event.description,
        description_en=event.description_en, place=event.place, place_en=event.place_en,
        bring=event.bring, bring_en=event.bring_en, starts_at=event.starts_at, ends_at=event.ends_at,
        capacity=event.capacity, seats_left=max(0, event.capacity - event.seats_taken), waiting=waiting,
        eligibility=event.eligibility, eligibility_value=event.eligibility_value,
        registration_open=_open(event, now), cancelled=event.state == "cancelled",
        employers=_employers(db, event.id) if employers else [])


def _employers(db: Session, event_id: int) -> list[EventEmployerOut]:
    postings: dict[int, list[EventPostingOut]] = {}
    for employer_id, job in db.execute(
            select(EventPosting.employer_id, Job).join(Job, Job.id == EventPosting.job_id)
            .where(EventPosting.event_id == event_id, Job.status == "verified").order_by(Job.id)):
        postings.setdefault(employer_id, []).append(
            EventPostingOut(id=job.id, title=job.title, title_en=job.title_en or ""))
    return [EventEmployerOut(name=e.name, name_en=e.name_en, booth=e.booth, postings=postings.get(e.id, []))
            for e in db.scalars(select(EventEmployer).where(EventEmployer.event_id == event_id)
                                .order_by(EventEmployer.id))]


def upcoming(db: Session, hall_id: int, kind: str | None = None,
             now: datetime | None = None) -> list[HallEventOut]:
    """Events not yet over and not cancelled: this hall's first, then by start."""
    now = now or utcnow()
    query = select(HallEvent, Hall).join(Hall, Hall.id == HallEvent.hall_id).where(
        HallEvent.ends_at > now, HallEvent.state == "open")
    if kind:
        query = query.where(HallEvent.kind == kind)
    rows = db.execute(query.order_by((HallEvent.hall_id != hall_id), HallEvent.starts_at, HallEvent.id)
                      .limit(UPCOMING_LIMIT)).all()
    return [event_out(db, e, h, now) for e, h in rows]


def detail(db: Session, event_id: int) -> HallEventOut:
    row = db.execute(select(HallEvent, Hall).join(Hall, Hall.id == HallEvent.hall_id)
                     .where(HallEvent.id == event_id)).first()
    if row is None:
        raise NotFound("no such event")
    return event_out(db, row[0], row[1], employers=True)


def registrations_of(db: Session, person_id: int, limit: int = 20) -> list[EventRegistrationOut]:
    """A person's registrations, newest event first (for "my progress")."""
    rows = db.execute(select(EventRegistration, HallEvent)
                      .join(HallEvent, HallEvent.id == EventRegistration.event_id)
                      .where(EventRegistration.person_id == person_id)
                      .order_by(HallEvent.starts_at.desc()).limit(limit)).all()
    return [registration_out(db, reg, event) for reg, event in rows]
