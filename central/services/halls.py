"""Halls and what they offer: the service catalogue (for staff and for a hall's terminals),
a terminal's own record, and the hall data the counter page and the display board show."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.models import Counter, Hall, Kiosk, Service, StaffUser
from central.schemas.halls import HallOut, KioskOut, ServiceOut
from central.services.errors import NotFound

__all__ = ["all_services", "hall_services", "kiosk_record", "hall", "names", "counter_desk",
           "DEFAULT_HALL"]

DEFAULT_HALL = 1   # staff with no hall of their own (admins) work in the first hall


def all_services(db: Session, user: StaffUser) -> list[ServiceOut]:
    """Every service of every hall with the documents it requires."""
    rows = db.scalars(select(Service).order_by(Service.hall_id, Service.sort, Service.id)).all()
    return [ServiceOut.model_validate(s) for s in rows]


def hall_services(db: Session, kiosk: Kiosk) -> list[ServiceOut]:
    """The active services of the terminal's hall, in the order the terminal shows them."""
    rows = db.scalars(select(Service).where(Service.hall_id == kiosk.hall_id, Service.active)
                      .order_by(Service.sort, Service.id)).all()
    return [ServiceOut.model_validate(s) for s in rows]


def kiosk_record(db: Session, kiosk: Kiosk) -> KioskOut:
    """The terminal's own record and hall."""
    return KioskOut(id=kiosk.id, name=kiosk.name, place=kiosk.place,
                    hall=HallOut.model_validate(db.get(Hall, kiosk.hall_id)))


def hall(db: Session, hall_id: int) -> Hall:
    row = db.get(Hall, hall_id)
    if row is None:
        raise NotFound("no such hall")
    return row


def names(db: Session) -> list[tuple[int, str]]:
    """Every hall's id and name, in id order (the reports' hall picker)."""
    return list(db.execute(select(Hall.id, Hall.name).order_by(Hall.id)).tuples())


def counter_desk(db: Session, user: StaffUser) -> dict[str, Any]:
    """The counter page's choices: the counters of the user's hall (theirs first chosen) and
    the services a visitor can be transferred to."""
    hall_id = user.hall_id or DEFAULT_HALL
    counters = db.scalars(select(Counter).where(Counter.hall_id == hall_id)
                          .order_by(Counter.number)).all()
    counter = next((c for c in counters if c.id == user.counter_id),
                   counters[0] if counters else None)
    services = db.scalars(select(Service).where(Service.hall_id == hall_id)).all()
    return {"counter": counter, "counters": counters, "services": services}
