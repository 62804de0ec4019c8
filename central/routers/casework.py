"""Case management for staff: the person (read audited), their profile (group, tier,
counsellor), follow-ups, the caseload, cases, and a hall's local closure days."""

from __future__ import annotations

from fastapi import APIRouter

from central.deps import Counsellor, DbDep, Manager, Viewer
from central.schemas.casework import (CaseActionIn, CaseloadRowOut, ClosureIn, ClosureOut,
                                      FollowUpIn, FollowUpOut, PersonOut, ProfileIn, StaffCaseOut)
from central.schemas.common import DbInt
from central.services import casework, casework_people

__all__ = ["router"]

router = APIRouter(tags=["casework"])


@router.get("/api/people/{person_id}")
def person(person_id: DbInt, db: DbDep, user: Counsellor) -> PersonOut:
    """A person's record for staff of their halls (every read audited)."""
    return casework_people.person_page(db, user, person_id)


@router.post("/api/people/{person_id}/profile")
def profile(person_id: DbInt, body: ProfileIn, db: DbDep, user: Counsellor) -> PersonOut:
    """Set the priority group, confirm or change the tier, name the counsellor (audited)."""
    casework.update_profile(db, user, person_id, body)
    return casework_people.person_page(db, user, person_id, audited=False)


@router.post("/api/people/{person_id}/follow-ups")
def follow_up(person_id: DbInt, body: FollowUpIn, db: DbDep, user: Counsellor) -> FollowUpOut:
    """Log a phone call, visit or message, its outcome and the next date."""
    return casework.log_follow_up(db, user, person_id, body)


@router.get("/api/caseload")
def caseload(db: DbDep, user: Counsellor, counsellor_id: DbInt | None = None) -> list[CaseloadRowOut]:
    """The caller's people (a hall manager may name a counsellor), what is due first."""
    return casework_people.caseload_for(db, user, counsellor_id)[1]


@router.post("/api/tickets/{ticket_id}/case")
def open_case(ticket_id: DbInt, db: DbDep, user: Counsellor) -> StaffCaseOut:
    """Open the time-limited case of a finished visit (idempotent per ticket)."""
    return casework.open_case(db, user, ticket_id)


@router.post("/api/cases/{case_id}/action")
def case_action(case_id: DbInt, body: CaseActionIn, db: DbDep, user: Counsellor) -> StaffCaseOut:
    """review, step, send_back (with the missing documents) or done."""
    return casework.act_on_case(db, user, case_id, body)


@router.get("/api/halls/{hall_id}/closures")
def closures(hall_id: DbInt, db: DbDep, user: Viewer) -> list[ClosureOut]:
    """The hall's local closure days (beyond the national calendar)."""
    return casework.list_closures(db, user, hall_id)


@router.post("/api/halls/{hall_id}/closures")
def add_closure(hall_id: DbInt, body: ClosureIn, db: DbDep, user: Manager) -> ClosureOut:
    """Add a local closure day; cases opened afterwards count around it."""
    return casework.add_closure(db, user, hall_id, body)
