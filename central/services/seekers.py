"""Job seekers: the registration (求职登记) with what they want, the postings that match it,
the difficulty check's proposed tier, and the named counsellor a visitor is shown.

A person has at most one registration per hall (the hall of the terminal where they made
it); a new one from the same hall replaces it. What a person wants is also kept as one
``WantedItem`` row per occupation and district, so supply against demand is counted in SQL
(central.services.casework_reports). The tier from a difficulty check is only proposed:
a counsellor confirms it (central.services.casework).

Matching postings: verified and unexpired, of a wanted occupation, in a wanted district
(any when none was given), paying at least ``pay_min`` at the top of their range (a posting
without a range matches), of the wanted employment type (``any`` matches both), and asking
no more education than the person has.
"""

from __future__ import annotations

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from central.models import Counter, Job, Kiosk, Occupation, StaffUser, utcnow
from central.models.casework import DifficultyCheck, Registration, WantedItem
from central.models.queue import Person
from central.schemas.casework import DifficultyIn, RegistrationIn
from central.services.errors import Invalid
from hallcore import difficulty
from hallcore.contract import (EDUCATION, CounsellorOut, DifficultyOut, RegistrationOut,
                               WantedOccupationOut)

__all__ = ["check", "register", "latest_registration", "registration_out", "matching_jobs",
           "matching_fields", "propose_tier", "counsellor_of", "MATCHING_IDS"]

MATCHING_IDS = 50   # ids of matching postings sent to the terminal, newest first


def check(db: Session, body: RegistrationIn | DifficultyIn) -> None:
    """Invalid for occupation codes or answers the service does not know (asked before the
    visitor is looked up, so a refused request writes nothing)."""
    if isinstance(body, DifficultyIn):
        try:
            difficulty.propose(body.answers)
        except difficulty.DifficultyError as exc:
            raise Invalid(str(exc)) from None
        return
    known = set(db.scalars(select(Occupation.code).where(Occupation.code.in_(body.occupations))))
    if unknown := [c for c in body.occupations if c not in known]:
        raise Invalid(f"unknown occupation code {unknown[0]}")


def register(db: Session, person: Person, kiosk: Kiosk, body: RegistrationIn) -> Registration:
    """Store (or replace) the person's registration in the terminal's hall (``check`` first).
    Flushes."""
    codes = list(dict.fromkeys(body.occupations))
    districts = list(dict.fromkeys(d.strip() for d in body.districts if d.strip()))
    reg = db.scalar(select(Registration).where(Registration.person_id == person.id,
                                               Registration.hall_id == kiosk.hall_id))
    if reg is None:
        reg = Registration(person_id=person.id, hall_id=kiosk.hall_id)
        db.add(reg)
    reg.occupations, reg.districts, reg.pay_min = codes, districts, body.pay_min
    reg.education, reg.availability, reg.updated_at = body.education, body.availability, utcnow()
    db.flush()
    db.execute(delete(WantedItem).where(WantedItem.registration_id == reg.id))
    db.add_all([WantedItem(registration_id=reg.id, person_id=person.id, kind="occupation", value=c)
                for c in codes] +
               [WantedItem(registration_id=reg.id, person_id=person.id, kind="district", value=d)
                for d in districts])
    db.flush()
    return reg


def latest_registration(db: Session, person_id: int) -> Registration | None:
    return db.scalar(select(Registration).where(Registration.person_id == person_id)
                     .order_by(Registration.updated_at.desc(), Registration.id.desc()).limit(1))


def registration_out(db: Session, person: Person | None = None, *,
                     reg: Registration | None = None) -> RegistrationOut | None:
    """The person's newest registration as the terminal shows it (None: not registered)."""
    reg = reg or (latest_registration(db, person.id) if person is not None else None)
    if reg is None:
        return None
    names = {o.code: o for o in db.scalars(select(Occupation).where(
        Occupation.code.in_(reg.occupations or [])))}
    return RegistrationOut(
        occupations=[WantedOccupationOut(code=c, name=names[c].name if c in names else c,
                                         name_en=names[c].name_en if c in names else "")
                     for c in reg.occupations or []],
        pay_min=reg.pay_min, districts=list(reg.districts or []), education=reg.education,
        availability=reg.availability, updated_at=reg.updated_at)


def _matching(reg: Registration):
    allowed = EDUCATION[:EDUCATION.index(reg.education) + 1] if reg.education in EDUCATION else ()
    query = select(Job.id).where(Job.status == "verified",
                                 or_(Job.expires_at.is_(None), Job.expires_at > utcnow()),
                                 Job.occupation_code.in_(reg.occupations or []),
                                 Job.education.in_(allowed))
    if reg.districts:
        query = query.where(Job.district.in_(reg.districts))
    if reg.pay_min:
        query = query.where(or_(Job.salary_max.is_(None), Job.salary_max >= reg.pay_min))
    if reg.availability in ("full_time", "part_time"):
        query = query.where(Job.employment_type == reg.availability)
    return query


def matching_jobs(db: Session, reg: Registration, limit: int = MATCHING_IDS) -> tuple[int, list[int]]:
    """How many verified postings match the registration, and the newest ``limit`` ids."""
    query = _matching(reg)
    count = db.scalar(select(func.count()).select_from(query.subquery())) or 0
    ids = list(db.scalars(query.order_by(Job.posted_at.desc(), Job.id.desc()).limit(limit)))
    return count, ids


def matching_fields(db: Session, person: Person) -> dict:
    """``matching_jobs`` and ``matching_job_ids`` of the progress answer."""
    reg = latest_registration(db, person.id)
    count, ids = matching_jobs(db, reg) if reg is not None else (0, [])
    return {"matching_jobs": count, "matching_job_ids": ids}


def propose_tier(db: Session, person: Person, kiosk: Kiosk, body: DifficultyIn) -> DifficultyOut:
    """Recompute the tier from the answers (hallcore.difficulty) and keep it as the person's
    proposed tier; the confirmed tier stays as staff set it. Flushes."""
    try:
        proposal = difficulty.propose(body.answers)
    except difficulty.DifficultyError as exc:
        raise Invalid(str(exc)) from None
    now = utcnow()
    db.add(DifficultyCheck(person_id=person.id, hall_id=kiosk.hall_id, kiosk_id=kiosk.id,
                           answers=dict(body.answers), tier=proposal.tier, score=proposal.score,
                           created_at=now))
    person.tier_proposed, person.tier_proposed_at = proposal.tier, now
    db.flush()
    return DifficultyOut(tier=proposal.tier, tier_name=proposal.name,
                         explanation=proposal.explanation, reasons=list(proposal.reasons),
                         service_code=proposal.service_code)


def counsellor_of(db: Session, person: Person) -> CounsellorOut | None:
    """The named counsellor and the number of the counter they work at, for the visitor."""
    if person.counsellor_id is None:
        return None
    staff = db.get(StaffUser, person.counsellor_id)
    if staff is None or not staff.active:
        return None
    counter = db.get(Counter, staff.counter_id) if staff.counter_id else None
    return CounsellorOut(name=staff.full_name or staff.username,
                         counter=counter.number if counter else None)
