"""A registration's phone page: the slip's QR code opens it (``/e/<token>``). It shows the
visitor's place (registered, waiting with their position, moved up, cancelled, attended,
or the event cancelled) and lets them cancel it.

The token is the registration's own secret (central.services.hall_events makes it, 144
random bits, new at every registration); whoever holds the slip holds the place, as with
a ticket's phone page. The page shows no identity, only the masked name.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.audit import audit
from central.models import Hall
from central.models.events import EventRegistration, HallEvent
from central.models.queue import Person
from central.services import hall_events
from central.services.errors import NotFound
from hallcore.contract import EventRegistrationOut

__all__ = ["view", "cancel"]


def _find(db: Session, token: str) -> EventRegistration:
    reg = db.scalar(select(EventRegistration).where(
        EventRegistration.token == hall_events.token_of(token)))
    if reg is None:
        raise NotFound("no such registration")
    return reg


def view(db: Session, token: str) -> dict:
    """What the phone page shows."""
    reg = _find(db, token)
    event = db.get(HallEvent, reg.event_id)
    person = db.get(Person, reg.person_id)
    return {"reg": hall_events.registration_out(db, reg, event), "event": event,
            "hall": db.get(Hall, event.hall_id), "person": person.masked_name}


def cancel(db: Session, token: str) -> EventRegistrationOut:
    """Cancel the place the slip holds (the first waiting moves up). Commits."""
    reg = _find(db, token)
    event_id, person_id = reg.event_id, reg.person_id
    done = hall_events.withdraw(db, event_id, person_id)
    audit(db, None, "event_cancel", f"event:{event_id}", f"person:{person_id} phone")
    db.commit()
    return hall_events.registration_out(db, done, db.get(HallEvent, event_id))
