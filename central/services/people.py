"""People: the real-name record (keyed hash of the ID number, masked name), its service
history, job referrals, and what a visitor or their counsellor is shown of it.

A person is found by the keyed hash of their ID number, never by the number itself,
which is not stored (central.services.identity). The history and referrals are read in
one place (``history``, ``referrals``) for both the counter and the visitor's own progress
(central.services.progress).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.audit import audit
from central.models import Job, StaffUser, utcnow
from central.models.queue import Person, Referral, ServiceRecord, Ticket
from central.schemas.people import ReferralOut
from central.halltime import day_of, hall_time
from central.schemas.tickets import CounterRecordOut, VisitorPersonOut, VisitorReferralOut
from central.services import access
from central.services.errors import Conflict, NotFound

__all__ = ["history", "referrals", "person_view",
           "visitor_referrals", "refer", "set_referral_state"]


def history(db: Session, person_id: int, limit: int = 10) -> list[ServiceRecord]:
    """The person's latest service records, newest first."""
    return list(db.scalars(select(ServiceRecord).where(ServiceRecord.person_id == person_id)
                           .order_by(ServiceRecord.created_at.desc()).limit(limit)))


def referrals(db: Session, person_id: int, limit: int) -> list[tuple[Referral, Job]]:
    """The person's referrals with their postings, latest change first."""
    return list(db.execute(select(Referral, Job).join(Job, Job.id == Referral.job_id)
                           .where(Referral.person_id == person_id)
                           .order_by(Referral.updated_at.desc()).limit(limit)).tuples())


def person_view(db: Session, person_id: int) -> tuple[VisitorPersonOut, list[CounterRecordOut]]:
    """The masked person and their recent history (on the hall's clock, with who served and
    what the visitor was told), as the counter shows them."""
    person = db.get(Person, person_id)
    shown = VisitorPersonOut(id=person.id, masked_name=person.masked_name, masked_id=person.masked_id,
                             priority_group=person.priority_group)
    records = history(db, person_id)
    staff_ids = {r.staff_id for r in records if r.staff_id}
    names = {u.id: u.full_name or u.username
             for u in db.scalars(select(StaffUser).where(StaffUser.id.in_(staff_ids)))}
    return shown, [CounterRecordOut(at=hall_time(r.created_at).strftime("%Y-%m-%d %H:%M"),
                                    summary=r.summary, staff=names.get(r.staff_id, ""),
                                    visitor_summary=(r.data or {}).get("visitor_summary", ""))
                   for r in records]


def visitor_referrals(db: Session, person_id: int) -> list[VisitorReferralOut]:
    return [VisitorReferralOut(id=r.id, title=j.title, employer=j.employer, state=r.state,
                               updated=day_of(r.updated_at))
            for r, j in referrals(db, person_id, 10)]


def _serves(db: Session, user: StaffUser, person_id: int) -> bool:
    """A person is a client of the halls where they took a ticket: a counsellor of one of
    those halls (or a city admin) may work on their referrals."""
    return db.scalar(select(Ticket.id).where(Ticket.person_id == person_id,
                                             access.visible(Ticket.hall_id, user, "counsellor"))
                     .limit(1)) is not None


def refer(db: Session, user: StaffUser, ticket_id: int, job_id: int) -> ReferralOut:
    """Refer the identified visitor of a ticket to a posting. Commits."""
    ticket = access.get(db, Ticket, ticket_id, user, "counsellor", "ticket")
    if ticket.person_id is None:
        raise Conflict("the visitor of this ticket is not identified")
    if db.get(Job, job_id) is None:
        raise NotFound("no such posting")
    referral = Referral(person_id=ticket.person_id, job_id=job_id, staff_id=user.id)
    db.add(referral)
    audit(db, user, "referral_create", f"ticket:{ticket.id}", f"job:{job_id}")
    db.commit()
    return ReferralOut(id=referral.id, state=referral.state)


def set_referral_state(db: Session, user: StaffUser, referral_id: int, state: str) -> ReferralOut:
    """sent -> interview -> hired / not hired, or withdrawn. Commits. The referral stays
    the referring counsellor's (``staff_id``: their performance counts its hire, whoever
    records the outcome); who changed the state is in the audit log."""
    referral = db.get(Referral, referral_id)
    if referral is None or not _serves(db, user, referral.person_id):
        raise NotFound("no such referral")
    referral.state, referral.updated_at = state, utcnow()
    audit(db, user, "referral_state", f"referral:{referral.id}", state)
    db.commit()
    return ReferralOut(id=referral.id, state=referral.state)
