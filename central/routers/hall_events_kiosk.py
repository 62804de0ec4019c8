"""Hall events at a terminal: upcoming events (this hall first), their detail, and the card
holder's registration and cancellation (identified as for "my progress")."""

from __future__ import annotations

from fastapi import APIRouter

from central.deps import DbDep, IdentityDep, KioskDep, LimitsDep
from central.schemas.common import DbInt
from central.schemas.hall_events import (KIND_FILTER, EventCancelIn, EventRegisterIn,
                                         EventRegistrationOut, HallEventOut, HallEventsOut,
                                         NoticesShownIn, NoticesShownOut)
from central.services import hall_events

__all__ = ["router"]

router = APIRouter(tags=["hall events"])


@router.get("/api/kiosk/hall-events", response_model=HallEventsOut)
def upcoming(kiosk: KioskDep, db: DbDep, kind: KIND_FILTER = "") -> HallEventsOut:
    """Events not yet over: this terminal's hall first, then by start; optionally one kind."""
    return HallEventsOut(events=hall_events.upcoming(db, kiosk.hall_id, kind or None))


@router.post("/api/kiosk/hall-events/notices/shown", response_model=NoticesShownOut)
def notices_shown(body: NoticesShownIn, kiosk: KioskDep, db: DbDep) -> NoticesShownOut:
    """The home screen showed these notices (moved up, event cancelled): not shown again."""
    return NoticesShownOut(cleared=hall_events.noticed(db, kiosk, body.notices))


@router.get("/api/kiosk/hall-events/{event_id}", response_model=HallEventOut)
def detail(event_id: DbInt, kiosk: KioskDep, db: DbDep) -> HallEventOut:
    """One event with, for a job fair, its employers and the verified postings they bring."""
    return hall_events.detail(db, event_id)


@router.post("/api/kiosk/hall-events/{event_id}/register", response_model=EventRegistrationOut)
def register(event_id: DbInt, body: EventRegisterIn, kiosk: KioskDep, db: DbDep,
             keys: IdentityDep, limits: LimitsDep) -> EventRegistrationOut:
    """Register the card holder: a seat, or a place on the waiting list when full."""
    return hall_events.register(db, keys, limits, kiosk, event_id, body)


@router.post("/api/kiosk/hall-events/{event_id}/cancel", response_model=EventRegistrationOut)
def cancel(event_id: DbInt, body: EventCancelIn, kiosk: KioskDep, db: DbDep,
           keys: IdentityDep, limits: LimitsDep) -> EventRegistrationOut:
    """Cancel the card holder's place; the first person waiting moves up."""
    return hall_events.cancel(db, keys, limits, kiosk, event_id, body)
