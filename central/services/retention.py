"""How long personal data lives: the purge steps ``central purge`` runs each day, and the
erasure of one person's record on their request.

Every kind of record that names or follows a person has a retention period in days
(``[retention]`` in config/central.toml). ``purge`` runs ``STEPS`` in order, each in its own
transaction, and answers how many rows each step removed (counts only: the output goes to
the journal). A step is one line: its name and a function ``(session, retention, now) ->
count``; an area with its own expiring rows (tokens, screenshots, rate-limit rows) adds its
line here.

Erasing a person (``erase_people``) deletes what identifies them and what was recorded
about them (the person row with its keyed hash, masked forms and tier, service records,
referrals, registrations, difficulty checks, tier changes, cases with their history and
follow-ups) and keeps anonymous counts: their tickets keep label, service and times but lose
the link and the counsellor's note; their terminal events keep kind and time but lose the
link. It is what a deletion request does at once, and what happens to a person inactive
for longer than ``inactive_people_days``. A seat the person held at an event still to come is
given back, and the first person waiting moves up, in the same transaction and under the
event's lock (central.services.hall_events), so the seat goes to the waiting list, never lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable, Iterable

from sqlalchemy import String, and_, cast, delete, exists, func, or_, select, update
from sqlalchemy.orm import Session

from central.audit import audit
from central.models import KioskEvent, StaffUser, utcnow
from central.models.fleet import AuditEntry
from central.models.casework import (Case, CaseEvent, DifficultyCheck, FollowUp, Registration,
                                     TierChange, WantedItem)
from central.models.events import EventRegistration, HallEvent
from central.models.identity import PersonCard
from central.models.queue import Person, Referral, ServiceRecord, Ticket
from central.schemas.people import ErasedOut
from central.services import access, auth, hall_events, ratelimit, screenshots
from central.services.errors import Conflict
from central.settings import RetentionSection

__all__ = ["Step", "STEPS", "purge", "erase_people", "erase_on_request", "BATCH"]

#: people erased per statement (keeps IN lists well under every driver's parameter limit)
BATCH = 500


@dataclass(frozen=True)
class Step:
    """One kind of record and the function that deletes what is past its time."""

    kind: str
    run: Callable[[Session, RetentionSection, datetime], int]


def _before(now: datetime, days: int) -> datetime:
    return now - timedelta(days=days)


def _terminal_events(db: Session, keep: RetentionSection, now: datetime) -> int:
    cutoff = _before(now, keep.terminal_events_days)
    return db.execute(delete(KioskEvent).where(KioskEvent.occurred_at < cutoff)).rowcount


def _ticket_notes(db: Session, keep: RetentionSection, now: datetime) -> int:
    """Old tickets become anonymous counts: no note, no person."""
    cutoff = _before(now, keep.ticket_notes_days)
    return db.execute(update(Ticket).where(Ticket.issued_at < cutoff,
                                           or_(Ticket.person_id.is_not(None), Ticket.note != ""))
                      .values(person_id=None, note="")).rowcount


def _referrals(db: Session, keep: RetentionSection, now: datetime) -> int:
    cutoff = _before(now, keep.referrals_days)
    return db.execute(delete(Referral).where(Referral.updated_at < cutoff)).rowcount


def _service_records(db: Session, keep: RetentionSection, now: datetime) -> int:
    cutoff = _before(now, keep.service_records_days)
    return db.execute(delete(ServiceRecord).where(ServiceRecord.created_at < cutoff)).rowcount


def _registrations(db: Session, keep: RetentionSection, now: datetime) -> int:
    """Registrations not renewed since the cutoff, with what they want (cascade)."""
    cutoff = _before(now, keep.registrations_days)
    old = select(Registration.id).where(Registration.updated_at < cutoff)
    db.execute(delete(WantedItem).where(WantedItem.registration_id.in_(old)))
    return db.execute(delete(Registration).where(Registration.updated_at < cutoff)).rowcount


def _casework(db: Session, keep: RetentionSection, now: datetime) -> int:
    """Closed cases (with their history), follow-ups, difficulty checks and tier changes."""
    cutoff = _before(now, keep.casework_days)
    closed = select(Case.id).where(Case.state == "done", Case.updated_at < cutoff)
    db.execute(delete(CaseEvent).where(CaseEvent.case_id.in_(closed)))
    return sum(db.execute(statement).rowcount for statement in (
        delete(Case).where(Case.state == "done", Case.updated_at < cutoff),
        delete(FollowUp).where(FollowUp.created_at < cutoff),
        delete(DifficultyCheck).where(DifficultyCheck.created_at < cutoff),
        delete(TierChange).where(TierChange.created_at < cutoff)))


def _inactive_people(db: Session, keep: RetentionSection, now: datetime) -> int:
    """People with no ticket, service record, referral, registration, case or follow-up since
    the cutoff, created before it."""
    cutoff = _before(now, keep.inactive_people_days)
    active = or_(
        exists().where(Ticket.person_id == Person.id, Ticket.issued_at >= cutoff),
        exists().where(ServiceRecord.person_id == Person.id, ServiceRecord.created_at >= cutoff),
        exists().where(Referral.person_id == Person.id, Referral.updated_at >= cutoff),
        exists().where(Registration.person_id == Person.id, Registration.updated_at >= cutoff),
        exists().where(Case.person_id == Person.id, or_(Case.updated_at >= cutoff, Case.state != "done")),
        exists().where(FollowUp.person_id == Person.id, FollowUp.created_at >= cutoff),
        exists().where(EventRegistration.person_id == Person.id,
                       EventRegistration.updated_at >= cutoff))
    ids = db.scalars(select(Person.id).where(and_(Person.created_at < cutoff, ~active))).all()
    return erase_people(db, ids, now)


def _audit_log(db: Session, keep: RetentionSection, now: datetime) -> int:
    cutoff = _before(now, keep.audit_log_days)
    return db.execute(delete(AuditEntry).where(AuditEntry.at < cutoff)).rowcount


# in this order: records go before the people whose activity they are
STEPS: list[Step] = [
    Step("terminal_events", _terminal_events),
    Step("ticket_notes", _ticket_notes),
    Step("referrals", _referrals),
    Step("service_records", _service_records),
    Step("registrations", _registrations),
    Step("casework", _casework),
    Step("inactive_people", _inactive_people),
    Step("audit_log", _audit_log),
    Step("rate_limit_counts", lambda db, _keep, now: ratelimit.purge(db, now.timestamp())),
    Step("expired_logins", lambda db, _keep, now: auth.purge_expired_tokens(db, now)),
    Step("screenshots", lambda db, _keep, now: screenshots.purge_screenshots(db, now)),
]


def purge(db: Session, keep: RetentionSection, now: datetime | None = None, *,
          dry_run: bool = False) -> dict[str, int]:
    """Run every step (each committed on its own, or rolled back for a dry run); the count
    each removed, by kind."""
    now = now or utcnow()
    counts: dict[str, int] = {}
    for step in STEPS:
        counts[step.kind] = max(0, step.run(db, keep, now) or 0)
        if dry_run:
            db.rollback()
        else:
            db.commit()
    return counts


def _strip_event_links(db: Session, ids: list[int]) -> None:
    """Terminal events keep kind and time; the link to the person goes."""
    # compared as text: SQLite's json_extract gives a number, PostgreSQL's ->> text, and a
    # value that is no number must not make the cast (and so the whole purge) fail
    linked = cast(KioskEvent.payload["person_id"].as_string(), String)
    for event in db.scalars(select(KioskEvent).where(linked.in_([str(i) for i in ids]))):
        event.payload = {k: v for k, v in event.payload.items() if k != "person_id"}


def _free_seats(db: Session, ids: list[int], now: datetime) -> None:
    """The seats these people hold at events still to come go back, and the first people
    waiting move up. Each event's row is taken first (in id order, as every writer of an
    event's list takes at most one: no deadlock), so the count of seats is read under the
    lock; the people's registrations are deleted before the waiting list moves, so none of
    them is promoted on the way out."""
    seated = (EventRegistration.person_id.in_(ids), EventRegistration.state == "registered",
              HallEvent.state == "open", HallEvent.ends_at > now)
    events = db.scalars(select(HallEvent.id).join(EventRegistration, EventRegistration.event_id == HallEvent.id)
                        .where(*seated).distinct().order_by(HallEvent.id)).all()
    for event_id in events:
        hall_events.lock(db, event_id)
    freed = dict(db.execute(select(EventRegistration.event_id, func.count())
                            .join(HallEvent, HallEvent.id == EventRegistration.event_id)
                            .where(*seated, HallEvent.id.in_(events))
                            .group_by(EventRegistration.event_id)).tuples().all()) if events else {}
    db.execute(delete(EventRegistration).where(EventRegistration.person_id.in_(ids)))
    for event_id, seats in sorted(freed.items()):
        db.execute(update(HallEvent).where(HallEvent.id == event_id)
                   .values(seats_taken=HallEvent.seats_taken - seats)
                   .execution_options(synchronize_session=False))
        hall_events.promote(db, event_id, now)


def _erase_batch(db: Session, ids: list[int], now: datetime) -> None:
    _free_seats(db, ids, now)
    db.execute(update(Ticket).where(Ticket.person_id.in_(ids)).values(person_id=None, note=""))
    _strip_event_links(db, ids)
    db.execute(delete(ServiceRecord).where(ServiceRecord.person_id.in_(ids)))
    db.execute(delete(Referral).where(Referral.person_id.in_(ids)))
    cases = select(Case.id).where(Case.person_id.in_(ids))
    db.execute(delete(CaseEvent).where(CaseEvent.case_id.in_(cases)))
    for model in (Case, FollowUp, DifficultyCheck, TierChange, WantedItem, Registration):
        db.execute(delete(model).where(model.person_id.in_(ids)))
    db.execute(delete(PersonCard).where(PersonCard.person_id.in_(ids)))
    db.execute(delete(Person).where(Person.id.in_(ids)))


def erase_people(db: Session, ids: Iterable[int], now: datetime | None = None) -> int:
    """Remove these people and what was recorded about them (see the module docstring);
    the caller commits. Returns how many people were erased."""
    ids, now = list(ids), now or utcnow()
    for start in range(0, len(ids), BATCH):
        _erase_batch(db, ids[start:start + BATCH], now)
    return len(ids)


def erase_on_request(db: Session, user: StaffUser, ticket_id: int) -> ErasedOut:
    """The visitor of this ticket asked for their record to be deleted: it is, now, with an
    audit entry naming who did it and the ticket (which stays; a person's number would not
    do, since SQLite may give it to the next new person)."""
    ticket = access.get(db, Ticket, ticket_id, user, "hall_manager", "ticket")
    if ticket.person_id is None:
        raise Conflict("the visitor of this ticket is not identified")
    erase_people(db, [ticket.person_id])
    audit(db, user, "person_erase", f"ticket:{ticket_id}", "the visitor's record, on their request")
    db.commit()
    return ErasedOut(ticket_id=ticket_id)
