"""What staff change in case management: a person's priority group, tier and named
counsellor; follow-ups; cases opened from a finished visit and moved on; a hall's local
closure days.

Every change is audited and needs a counsellor (or above) in one of the person's halls
(central.services.casework_people says which halls those are). Setting the tier confirms
it: who and when are kept on the person, and a ``TierChange`` row records the move for the
tier-movement report. A named counsellor must be active staff with a counsellor role (or
above) in one of the person's halls; the queue engine then routes the person's next ticket
to that counsellor's counter while it is open (central.services.queue).
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from central.audit import audit
from central.halltime import hall_today
from central.models import Service, StaffUser, utcnow
from central.models.casework import FollowUp, HallClosure, TierChange
from central.models.queue import Ticket
from central.schemas.casework import (CaseActionIn, ClosureIn, ClosureOut, FollowUpIn, FollowUpOut,
                                      ProfileIn, StaffCaseOut)
from central.services import access, cases, casework_people
from central.services.errors import Conflict, Invalid

__all__ = ["update_profile", "log_follow_up", "open_case", "act_on_case", "add_closure",
           "list_closures", "closure_sheet"]


def update_profile(db: Session, user: StaffUser, person_id: int, body: ProfileIn) -> None:
    """Change the fields ``body`` names (priority group, tier, counsellor). Commits."""
    person = casework_people.require_person(db, user, person_id)
    halls = casework_people.person_halls(db, person_id)
    given = body.model_fields_set
    changes = []
    if "counsellor_id" in given and body.counsellor_id != person.counsellor_id:
        if body.counsellor_id is not None:
            staff = db.get(StaffUser, body.counsellor_id)
            if staff is None or not staff.active or not casework_people.serves(staff, halls):
                raise Invalid("the counsellor must be a counsellor of one of this person's halls")
        changes.append(f"counsellor {person.counsellor_id}->{body.counsellor_id}")
        person.counsellor_id = body.counsellor_id
    if "priority_group" in given and body.priority_group != person.priority_group:
        changes.append(f"group {person.priority_group}->{body.priority_group}")
        person.priority_group = body.priority_group
    if "tier" in given and (body.tier != person.tier
                            or (body.tier is not None and person.tier_confirmed_by is None)):
        changes.append(f"tier {person.tier}->{body.tier}")
        served = casework_people.serves(user, halls)
        db.add(TierChange(person_id=person.id, hall_id=served[0] if served else None,
                          from_tier=person.tier, to_tier=body.tier, staff_id=user.id))
        person.tier = body.tier
        person.tier_confirmed_by, person.tier_confirmed_at = (user.id, utcnow()) if body.tier else (None, None)
    if changes:
        audit(db, user, "person_update", f"person:{person.id}", "; ".join(changes))
    db.commit()


def log_follow_up(db: Session, user: StaffUser, person_id: int, body: FollowUpIn) -> FollowUpOut:
    """Record a contact with the person and when to follow up next. Commits."""
    casework_people.require_person(db, user, person_id)
    served = casework_people.serves(user, casework_people.person_halls(db, person_id))
    if not served:   # an admin on a person with no hall yet
        raise Conflict("this person has no hall yet")
    row = FollowUp(person_id=person_id, hall_id=served[0], staff_id=user.id, kind=body.kind,
                   outcome=body.outcome, next_on=body.next_on)
    db.add(row)
    db.flush()
    audit(db, user, "follow_up", f"person:{person_id}", f"{body.kind} next:{body.next_on or '-'}")
    db.commit()
    return FollowUpOut(id=row.id, kind=row.kind, outcome=row.outcome, next_on=row.next_on,
                       staff=user.full_name or user.username, at=row.created_at)


def open_case(db: Session, user: StaffUser, ticket_id: int) -> StaffCaseOut:
    """Open the case of a finished visit (the same one again when already open). Commits."""
    ticket = access.get(db, Ticket, ticket_id, user, "counsellor", "ticket")
    case = cases.open_for_ticket(db, user, ticket)
    db.commit()
    return casework_people.staff_case(case, db.get(Service, case.service_id))


def act_on_case(db: Session, user: StaffUser, case_id: int, body: CaseActionIn) -> StaffCaseOut:
    case = cases.act(db, user, case_id, body.action, body.missing, body.note)
    return casework_people.staff_case(case, db.get(Service, case.service_id))


def add_closure(db: Session, user: StaffUser, hall_id: int, body: ClosureIn) -> ClosureOut:
    """A local closure day of the hall (hall managers). Cases opened later count around it;
    due dates already set do not move. Commits."""
    access.require(user, hall_id, "hall_manager", "hall")
    try:
        with db.begin_nested():
            db.add(HallClosure(hall_id=hall_id, day=body.day, reason=body.reason))
    except IntegrityError:
        raise Conflict("that day is already a closure day") from None
    audit(db, user, "hall_closure", f"hall:{hall_id}", body.day.isoformat())
    db.commit()
    return ClosureOut(hall_id=hall_id, day=body.day, reason=body.reason)


def list_closures(db: Session, user: StaffUser, hall_id: int) -> list[ClosureOut]:
    access.require(user, hall_id, "viewer", "hall")
    return [ClosureOut(hall_id=c.hall_id, day=c.day, reason=c.reason) for c in db.scalars(
        select(HallClosure).where(HallClosure.hall_id == hall_id).order_by(HallClosure.day))]


def closure_sheet(db: Session, user: StaffUser) -> list[dict]:
    """For each of the user's halls: its closure days from a month ago on, and whether the
    user may add one (hall managers)."""
    since = hall_today() - timedelta(days=30)
    out = []
    for hall in access.hall_choices(db, user):
        days = db.scalars(select(HallClosure).where(HallClosure.hall_id == hall.id,
                                                    HallClosure.day >= since)
                          .order_by(HallClosure.day)).all()
        out.append({"hall": hall, "days": days,
                    "may_add": access.rank(access.role_in(user, hall.id)) >= access.rank("hall_manager")})
    return out
