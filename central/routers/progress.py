"""My progress: a visitor's own services, open tickets and job referrals (shown only to them,
at a terminal, after they identified); referrals are made and updated by counsellors."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel, Field
from sqlalchemy import select

from central import queue
from central.audit import audit
from central.deps import DbDep, KioskDep, SettingsDep, require_role
from central.models import Job, Service, StaffUser, utcnow
from central.models.queue import REFERRAL_STATES, Referral, ServiceRecord, Ticket
from central.schemas import DbInt

router = APIRouter(tags=["progress"])
Counsellor = Depends(require_role("counsellor"))


class ReferralIn(BaseModel):
    ticket_id: DbInt
    job_id: DbInt


class ReferralState(BaseModel):
    state: Literal[REFERRAL_STATES]


class ProgressIn(BaseModel):
    id_number: str = Field(min_length=6, max_length=24, pattern=r"^[0-9A-Za-z]+$")


@router.post("/api/referrals")
def refer(body: ReferralIn, db: DbDep, user: StaffUser = Counsellor) -> dict[str, Any]:
    """Refer the identified visitor of a ticket to a posting."""
    ticket = db.get(Ticket, body.ticket_id)
    if ticket is None or ticket.person_id is None:
        raise HTTPException(409, "the visitor of this ticket is not identified")
    if db.get(Job, body.job_id) is None:
        raise HTTPException(404, "no such posting")
    referral = Referral(person_id=ticket.person_id, job_id=body.job_id, staff_id=user.id)
    db.add(referral)
    audit(db, user, "referral_create", f"ticket:{ticket.id}", f"job:{body.job_id}")
    db.commit()
    return {"id": referral.id, "state": referral.state}


@router.post("/api/referrals/{referral_id}/state")
def update_referral(referral_id: DbInt, body: ReferralState, db: DbDep,
                    user: StaffUser = Counsellor) -> dict[str, Any]:
    """sent -> interview -> hired / not hired, or withdrawn."""
    referral = db.get(Referral, referral_id)
    if referral is None:
        raise HTTPException(404, "no such referral")
    referral.state, referral.updated_at, referral.staff_id = body.state, utcnow(), user.id
    audit(db, user, "referral_state", f"referral:{referral.id}", body.state)
    db.commit()
    return {"id": referral.id, "state": referral.state}


@router.post("/api/kiosk/progress")
def progress(body: ProgressIn, kiosk: KioskDep, db: DbDep, settings: SettingsDep) -> dict[str, Any]:
    """The identified visitor's own record (POST: the ID number never goes in a URL or log)."""
    person = queue.find_person(db, settings.security.secret_key, body.id_number, create=False)
    if person is None:
        return {"services": [], "tickets": [], "referrals": []}
    records = db.scalars(select(ServiceRecord).where(ServiceRecord.person_id == person.id)
                         .order_by(ServiceRecord.created_at.desc()).limit(10)).all()
    tickets = db.scalars(select(Ticket).where(Ticket.person_id == person.id,
                                              Ticket.status.in_(("waiting", "called")))).all()
    referrals = db.execute(select(Referral, Job).join(Job, Job.id == Referral.job_id)
                           .where(Referral.person_id == person.id)
                           .order_by(Referral.updated_at.desc()).limit(20)).all()
    return {
        "services": [{"at": r.created_at.isoformat()[:10], "summary": r.summary} for r in records],
        "tickets": [{"label": t.label, "status": t.status,
                     "service": db.get(Service, t.service_id).name} for t in tickets],
        "referrals": [{"title": j.title, "employer": j.employer, "state": r.state,
                       "updated": r.updated_at.isoformat()[:10]} for r, j in referrals],
    }
