"""My progress: a visitor's own services, open tickets and job referrals (shown only to them,
at a terminal, after they identified); referrals are made and updated by counsellors."""

from __future__ import annotations

from fastapi import APIRouter

from central.deps import Counsellor, DbDep, IdentityDep, KioskDep, LimitsDep
from central.schemas.common import DbInt
from central.schemas.people import ProgressIn, ProgressOut, ReferralIn, ReferralOut, ReferralStateIn
from central.services import people
from central.services import progress as progress_service

__all__ = ["router"]

router = APIRouter(tags=["progress"])


@router.post("/api/referrals")
def refer(body: ReferralIn, db: DbDep, user: Counsellor) -> ReferralOut:
    """Refer the identified visitor of a ticket to a posting."""
    return people.refer(db, user, body.ticket_id, body.job_id)


@router.post("/api/referrals/{referral_id}/state")
def update_referral(referral_id: DbInt, body: ReferralStateIn, db: DbDep,
                    user: Counsellor) -> ReferralOut:
    """sent -> interview -> hired / not hired, or withdrawn."""
    return people.set_referral_state(db, user, referral_id, body.state)


@router.post("/api/kiosk/progress")
def progress(body: ProgressIn, kiosk: KioskDep, db: DbDep, keys: IdentityDep,
             limits: LimitsDep) -> ProgressOut:
    """The visitor's own record, for the holder of the card on record (POST: the ID number
    never goes in a URL or log); 409 for another card, 429 past the lookup limits."""
    return progress_service.lookup(db, keys, limits, kiosk, body)
