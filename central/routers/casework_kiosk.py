"""A visitor's own case at a terminal: job-seeker registration and the difficulty check
(identified with the card's proof, with consent; answers in hallcore.contract)."""

from __future__ import annotations

from fastapi import APIRouter

from central.deps import DbDep, IdentityDep, KioskDep, LimitsDep
from central.schemas.casework import DifficultyIn, DifficultyOut, RegistrationIn, RegistrationOut
from central.services import visitor_casework

__all__ = ["router"]

router = APIRouter(tags=["casework"])


@router.post("/api/kiosk/registration")
def register(body: RegistrationIn, kiosk: KioskDep, db: DbDep, keys: IdentityDep,
             limits: LimitsDep) -> RegistrationOut:
    """Register the card holder as a job seeker (replaces their registration in this hall)."""
    return visitor_casework.register(db, keys, limits, kiosk, body)


@router.post("/api/kiosk/difficulty")
def difficulty(body: DifficultyIn, kiosk: KioskDep, db: DbDep, keys: IdentityDep,
               limits: LimitsDep) -> DifficultyOut:
    """Propose a tier from the card holder's answers to the difficulty check."""
    return visitor_casework.diagnose(db, keys, limits, kiosk, body)
