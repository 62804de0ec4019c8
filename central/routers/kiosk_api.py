"""What terminals call: enrolment (code in, token out) and, with their token, /api/kiosk/*."""

from fastapi import APIRouter, Query

from central.deps import ClientDep, DbDep, IdentityDep, KioskDep, LimitsDep, SettingsDep
from central.schemas.auth import EnrolIn, EnrolOut, SealKeyOut
from central.schemas.events import EventsIn, EventsOut
from central.schemas.halls import KioskOut, ServiceOut
from central.schemas.jobs import JobFeedOut
from hallcore.contract import PowerScheduleOut
from central.services import auth, events, halls, jobs, power, terminal_keys

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["kiosk"])


@router.post("/kiosks/enrol")
def enrol(body: EnrolIn, client: ClientDep, db: DbDep, limits: LimitsDep) -> EnrolOut:
    """Exchange a one-time enrolment code for the terminal's own token (wrong codes are
    limited per address)."""
    return auth.enrol(db, limits, client, body.code)


@router.get("/kiosk/me")
def me(kiosk: KioskDep, db: DbDep) -> KioskOut:
    """The calling terminal's own record and hall."""
    return halls.kiosk_record(db, kiosk)


@router.post("/kiosk/seal-key")
def seal_key(kiosk: KioskDep, db: DbDep) -> SealKeyOut:
    """The sealing key of a terminal enrolled before keys existed (once; 409 after)."""
    return SealKeyOut(seal_key=terminal_keys.issue_key(db, kiosk))


@router.get("/kiosk/feed/jobs")
def job_feed(kiosk: KioskDep, db: DbDep, since: str = Query("", pattern=r"^(i?[0-9]{1,18})?$"),
             limit: int = Query(500, ge=1, le=2000)) -> JobFeedOut:
    """Verified postings changed since the cursor, and the ids of those withdrawn."""
    return jobs.feed_page(db, since, limit)


@router.get("/kiosk/schedule")
def kiosk_schedule(kiosk: KioskDep, db: DbDep) -> PowerScheduleOut:
    """The opening hours of the terminal's hall: its screens sleep outside them."""
    return power.kiosk_schedule(db, kiosk)


@router.get("/kiosk/services")
def kiosk_services(kiosk: KioskDep, db: DbDep) -> list[ServiceOut]:
    """The services of the terminal's hall, with the documents each requires."""
    return halls.hall_services(db, kiosk)


@router.post("/kiosk/events")
def push_events(body: EventsIn, kiosk: KioskDep, db: DbDep, keys: IdentityDep,
                settings: SettingsDep) -> EventsOut:
    """Store outbox events once each; a key this terminal sent before is a duplicate."""
    return events.push(db, kiosk, body.events, keys=keys,
                       base_url=settings.server.public_base_url)
