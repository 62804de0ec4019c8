"""What an identified visitor does about their own case at a terminal: register as a job
seeker and take the difficulty check.

The visitor proves who they are exactly as for "my progress" (central.services.progress:
the card's proof, the same lookup limits, every lookup audited), and must have agreed to
the hall keeping what they enter (``consent``, checked by the schema). The terminal is
trusted with nothing else: the tier is recomputed here from the answers.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from central.audit import audit
from central.models import Kiosk
from central.schemas.casework import DifficultyIn, RegistrationIn
from central.services import progress, seekers
from central.services.identity import IdentityKeys
from central.services.ratelimit import Limits
from hallcore.contract import DifficultyOut, RegistrationOut

__all__ = ["register", "diagnose"]


def register(db: Session, keys: IdentityKeys, limits: Limits, kiosk: Kiosk,
             body: RegistrationIn) -> RegistrationOut:
    """Record the visitor's registration (a person seen for the first time is created). Commits."""
    seekers.check(db, body)
    person = progress.prove(db, keys, limits, kiosk, body.id_number, body.card,
                            action="visitor_registration", create=True, name=body.name)
    reg = seekers.register(db, person, kiosk, body)
    audit(db, None, "registration", f"person:{person.id}", f"kiosk:{kiosk.id}")
    db.commit()
    return seekers.registration_out(db, reg=reg)


def diagnose(db: Session, keys: IdentityKeys, limits: Limits, kiosk: Kiosk,
             body: DifficultyIn) -> DifficultyOut:
    """Propose a tier from the visitor's answers and keep it as a proposal. Commits."""
    seekers.check(db, body)
    person = progress.prove(db, keys, limits, kiosk, body.id_number, body.card,
                            action="visitor_difficulty", create=True, name=body.name)
    out = seekers.propose_tier(db, person, kiosk, body)
    audit(db, None, "difficulty_check", f"person:{person.id}", f"kiosk:{kiosk.id} tier:{out.tier}")
    db.commit()
    return out
