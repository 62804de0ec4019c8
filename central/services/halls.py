"""Halls and what they offer: the service catalogue (for staff and for a hall's terminals),
a terminal's own record, and the hall data the counter page and the display board show."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.models import Counter, Hall, Kiosk, Service, StaffUser
from central.schemas.halls import HallOut, KioskOut, ServiceOut
from central.services import access
from central.services.errors import NotFound

__all__ = ["all_services", "hall_services", "kiosk_record", "hall", "names", "counter_desk",
           "DEFAULT_HALL"]

DEFAULT_HALL = 1   # staff with no hall of their own (admins) work in the first hall


def all_services(db: Session, user: StaffUser) -> list[ServiceOut]:
    """Every service of the user's halls with the documents it requires."""
    rows = db.scalars(select(Service).where(access.visible(Service.hall_id, user)).order_by(Service.hall_id, Service.sort, Service.id)).all()
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


def names(db: Session, user: StaffUser) -> list[Hall]:
    """The user's halls in id order (the reports' hall picker)."""
    return access.hall_choices(db, user)


def counter_desk(db: Session, user: StaffUser) -> dict[str, Any]:
    """The counter page's choices: the counters of the halls where the user is a counsellor
    or above (their own counter first chosen), each hall's services a visitor can be
    transferred to, and the hall names when there is more than one hall."""
    counters = db.scalars(select(Counter).where(access.visible(Counter.hall_id, user, "counsellor"))
                          .order_by(Counter.hall_id, Counter.number)).all()
    counter = next((c for c in counters if c.id == user.counter_id),
                   counters[0] if counters else None)
    hall_ids = sorted({c.hall_id for c in counters})
    services = db.scalars(select(Service).where(Service.hall_id.in_(hall_ids))
                          .order_by(Service.hall_id, Service.sort, Service.id)).all()
    hall_names = dict(db.execute(select(Hall.id, Hall.name).where(Hall.id.in_(hall_ids))).tuples().all())
    return {"counter": counter, "counters": counters, "services": services,
            "hall_names": hall_names if len(hall_ids) > 1 else {}}
