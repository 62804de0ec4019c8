"""Hall events for staff over JSON: create, edit, cancel, check in at the door, the report
(scoped to the staff member's halls and audited in central.services.hall_events_staff)."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter

from central.deps import Counsellor, DbDep, Manager, Viewer
from central.models import Hall
from central.models.events import HallEvent
from central.schemas.common import DbInt
from central.schemas.hall_events import (CheckInIn, CheckInOut, EventIn, EventRegistrationOut,
                                         EventReportOut, HallEventOut)
from central.services import hall_events, hall_events_staff

__all__ = ["router"]

router = APIRouter(prefix="/api/hall-events", tags=["hall events"])


def _out(db, event) -> HallEventOut:
    return hall_events.event_out(db, event, db.get(Hall, event.hall_id), employers=True)


@router.post("", response_model=HallEventOut)
def create(body: EventIn, db: DbDep, user: Manager) -> HallEventOut:
    """Create an event in a hall the caller manages."""
    return _out(db, hall_events_staff.save(db, user, body))


@router.put("/{event_id}", response_model=HallEventOut)
def edit(event_id: DbInt, body: EventIn, db: DbDep, user: Manager) -> HallEventOut:
    """Edit an event; a larger capacity moves people up from the waiting list."""
    return _out(db, hall_events_staff.save(db, user, body, event_id))


@router.post("/{event_id}/cancel", response_model=HallEventOut)
def cancel(event_id: DbInt, db: DbDep, user: Manager) -> HallEventOut:
    """Cancel the event (people registered see it on their next visit)."""
    return _out(db, hall_events_staff.cancel_event(db, user, event_id))


@router.post("/{event_id}/check-in", response_model=CheckInOut)
def check_in(event_id: DbInt, body: CheckInIn, db: DbDep, user: Counsellor) -> CheckInOut:
    """Check in the holder of a slip's code at this event (a second scan changes nothing)."""
    done = hall_events.check_in(db, user, event_id, body.token)
    return CheckInOut(registration_id=done.reg.id, person=done.person, state=done.reg.state,
                      already=done.already)


@router.post("/{event_id}/registrations/{registration_id}/move-up", response_model=EventRegistrationOut)
def move_up(event_id: DbInt, registration_id: DbInt, db: DbDep, user: Manager) -> EventRegistrationOut:
    """Put a waiting person first on the waiting list."""
    reg = hall_events_staff.move_up(db, user, event_id, registration_id)
    return hall_events.registration_out(db, reg, db.get(HallEvent, event_id))


@router.get("/{event_id}/report", response_model=EventReportOut)
def report(event_id: DbInt, db: DbDep, user: Viewer) -> EventReportOut:
    """Registrations, attendance, no-shows and, for a fair, the referrals and hires since."""
    return EventReportOut(**asdict(hall_events_staff.report(db, user, event_id)))
