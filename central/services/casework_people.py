"""Who may see a person, and what the person page and a counsellor's caseload show.

A person belongs to the halls where they took a ticket, registered as a job seeker or took
the difficulty check at a terminal (a case or a follow-up always follows one of those there). The access rule is
central.services.access's, applied to that set of halls: staff who hold no role in any of
the person's halls are told the person does not exist (404); staff whose best role there is
below what the action needs are refused (403). A person with no hall yet is seen by the
city's admins only. The person page needs a counsellor (viewers read reports, not people),
and every read of it is audited.

The caseload: the people whose named counsellor the staff member is, sorted by what falls
due first: the next follow-up date from the latest follow-up, the due date of an open case,
or 30 days after the last contact (a follow-up or a finished counter visit). A row's
``reason`` names which; rows with nothing due come last.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select, union
from sqlalchemy.orm import Session

from central.audit import audit
from central.halltime import hall_time, hall_today
from central.models import Service, StaffUser
from central.models.casework import Case, DifficultyCheck, FollowUp, Registration
from central.models.queue import Person, Ticket
from central.schemas.casework import (CaseloadRowOut, FollowUpOut, PersonOut, StaffCaseOut)
from central.services import access, cases, seekers
from central.services.errors import Forbidden, NotFound
from hallcore.contract import CaseDocumentOut

__all__ = ["NO_CONTACT_DAYS", "person_halls", "require_person", "staff_case", "person_page",
           "caseload", "caseload_for", "serves", "counsellor_choices", "person_sheet"]

NO_CONTACT_DAYS = 30


def person_halls(db: Session, person_id: int) -> list[int]:
    """The halls the person belongs to (tickets, registrations, difficulty checks), in id order."""
    query = union(select(Ticket.hall_id).where(Ticket.person_id == person_id),
                  select(Registration.hall_id).where(Registration.person_id == person_id),
                  select(DifficultyCheck.hall_id).where(DifficultyCheck.person_id == person_id))
    return sorted(db.scalars(query))


def _best_role(user: StaffUser, halls: list[int]) -> str | None:
    roles = [access.role_in(user, h) for h in halls] if halls else [access.role_in(user, -1)]
    return max(roles, key=access.rank, default=None)


def require_person(db: Session, user: StaffUser, person_id: int, minimum: str = "counsellor") -> Person:
    """The person, for staff whose best role in the person's halls is ``minimum`` or above."""
    person = db.get(Person, person_id)
    if person is None:
        raise NotFound("no such person")
    held = _best_role(user, person_halls(db, person_id))
    if held is None:
        raise NotFound("no such person")
    if access.rank(held) < access.rank(minimum):
        raise Forbidden(f"requires role {minimum} in this person's hall")
    return person


def serves(user: StaffUser, halls: list[int], minimum: str = "counsellor") -> list[int]:
    """Those of ``halls`` where the user's role is ``minimum`` or above."""
    return [h for h in halls if access.rank(access.role_in(user, h)) >= access.rank(minimum)]


def staff_case(case: Case, service: Service, today: date | None = None) -> StaffCaseOut:
    today = today or hall_today()
    shown = cases.visitor_case(case, service)
    return StaffCaseOut(**shown.model_dump(), person_id=case.person_id, steps_done=case.steps_done,
                        due_estimated=case.due_estimated,
                        overdue=cases.is_open(case) and case.due_on < today,
                        on_time=cases.on_time(case),
                        documents=[CaseDocumentOut(name=d.get("name", ""), name_en=d.get("name_en", ""))
                                   for d in service.documents or []])


def _staff_name(db: Session, staff_id: int | None) -> str | None:
    if staff_id is None:
        return None
    staff = db.get(StaffUser, staff_id)
    return (staff.full_name or staff.username) if staff else None


def person_page(db: Session, user: StaffUser, person_id: int, *, audited: bool = True) -> PersonOut:
    """Everything the person page shows (history and referrals come from people.py).
    The read is audited. Commits."""
    person = require_person(db, user, person_id)
    follow_ups = db.execute(select(FollowUp).where(FollowUp.person_id == person_id)
                            .order_by(FollowUp.created_at.desc()).limit(50)).scalars().all()
    out = PersonOut(
        id=person.id, masked_name=person.masked_name, masked_id=person.masked_id,
        priority_group=person.priority_group, tier=person.tier, tier_proposed=person.tier_proposed,
        tier_confirmed_by=_staff_name(db, person.tier_confirmed_by),
        tier_confirmed_at=person.tier_confirmed_at, counsellor_id=person.counsellor_id,
        counsellor=_staff_name(db, person.counsellor_id), halls=person_halls(db, person_id),
        registration=seekers.registration_out(db, person),
        cases=[staff_case(c, s) for c, s in cases.person_cases(db, person_id)],
        follow_ups=[FollowUpOut(id=f.id, kind=f.kind, outcome=f.outcome, next_on=f.next_on,
                                staff=_staff_name(db, f.staff_id) or "", at=f.created_at)
                    for f in follow_ups])
    if audited:
        audit(db, user, "person_read", f"person:{person_id}")
        db.commit()
    return out


def caseload(db: Session, counsellor_id: int, today: date | None = None) -> list[CaseloadRowOut]:
    """The counsellor's people, what falls due first at the top (module docstring)."""
    today = today or hall_today()
    people = db.scalars(select(Person).where(Person.counsellor_id == counsellor_id)).all()
    ids = [p.id for p in people]
    if not ids:
        return []
    latest = (select(FollowUp.person_id, func.max(FollowUp.id).label("fid"))
              .where(FollowUp.person_id.in_(ids)).group_by(FollowUp.person_id).subquery())
    next_follow = dict(db.execute(select(FollowUp.person_id, FollowUp.next_on)
                                  .join(latest, latest.c.fid == FollowUp.id)).tuples().all())
    contacted = dict(db.execute(select(FollowUp.person_id, func.max(FollowUp.created_at))
                                .where(FollowUp.person_id.in_(ids))
                                .group_by(FollowUp.person_id)).tuples().all())
    visited = dict(db.execute(select(Ticket.person_id, func.max(Ticket.finished_at))
                              .where(Ticket.person_id.in_(ids), Ticket.finished_at.is_not(None))
                              .group_by(Ticket.person_id)).tuples().all())
    case_due = {pid: (due, n) for pid, due, n in db.execute(
        select(Case.person_id, func.min(Case.due_on), func.count(Case.id))
        .where(Case.person_id.in_(ids), Case.state != "done").group_by(Case.person_id)).all()}
    rows = []
    for p in people:
        moments = [m for m in (contacted.get(p.id), visited.get(p.id)) if m is not None]
        last = max((hall_time(m).date() for m in moments), default=None)
        quiet_since = last or hall_time(p.created_at).date()   # never contacted: since first seen
        candidates = [(d, reason) for d, reason in (
            (next_follow.get(p.id), "follow_up_due"), (case_due.get(p.id, (None, 0))[0], "case_due"),
            (quiet_since + timedelta(days=NO_CONTACT_DAYS), "no_contact")) if d is not None]
        due, reason = min(candidates, default=(None, "none"))
        rows.append(CaseloadRowOut(person_id=p.id, masked_name=p.masked_name, masked_id=p.masked_id,
                                   tier=p.tier, tier_proposed=p.tier_proposed, reason=reason, due=due, last_contact=last,
                                   open_cases=case_due.get(p.id, (None, 0))[1]))
    return sorted(rows, key=lambda r: (r.due is None, r.due or today, r.person_id))


def caseload_for(db: Session, user: StaffUser, counsellor_id: int | None) -> tuple[StaffUser, list[CaseloadRowOut]]:
    """The caller's own caseload, or (for a hall manager) a counsellor's of their halls."""
    if counsellor_id is None or counsellor_id == user.id:
        return user, caseload(db, user.id)
    managed = access.halls(user, "hall_manager")   # None: every hall
    if managed is not None and not managed:
        raise Forbidden("only hall managers see another counsellor's caseload")
    staff = db.get(StaffUser, counsellor_id)
    if staff is None or (managed is not None and not {r.hall_id for r in staff.roles} & managed):
        raise NotFound("no such counsellor")
    return staff, caseload(db, staff.id)


def counsellor_choices(db: Session, halls: list[int]) -> list[StaffUser]:
    """Active staff who may be the named counsellor of a person of ``halls``."""
    staff = db.scalars(select(StaffUser).where(StaffUser.active).order_by(StaffUser.id)).all()
    return [s for s in staff if serves(s, halls)]


def person_sheet(db: Session, user: StaffUser, person_id: int) -> dict:
    """What the person page renders: the audited ``PersonOut``, every service record with its
    note (newest first), referrals with their outcomes, and the counsellors to choose from."""
    from central.services import people
    out = person_page(db, user, person_id)
    return {"person": out, "history": people.history(db, person_id, 200),
            "referrals": people.referrals(db, person_id, 100),
            "counsellors": counsellor_choices(db, out.halls),
            "may_edit": bool(serves(user, out.halls)) or access.halls(user, "counsellor") is None}
