"""What terminals call: enrolment (code in, token out) and, with their token, /api/kiosk/*."""

import logging
from typing import Any

from fastapi import APIRouter, HTTPException, Query, status
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from central import jobfeed, queue
from central.deps import DbDep, KioskDep, SettingsDep
from central.models import Hall, KioskEvent, Service, utcnow
from central.models import Kiosk
from central.models.queue import ServiceRecord
from central.schemas import (EnrolIn, EnrolOut, EventsIn, EventsOut, HallPublic, JobFeed,
                             JobPublic, KioskPublic, ServicePublic)
from central.security import KIOSK_TOKEN_PREFIX, new_token, normalise_code, token_hash

router = APIRouter(prefix="/api", tags=["kiosk"])
log = logging.getLogger(__name__)


@router.post("/kiosks/enrol", response_model=EnrolOut)
def enrol(body: EnrolIn, db: DbDep) -> EnrolOut:
    """Exchange a one-time enrolment code for the terminal's own token."""
    code_hash = token_hash(normalise_code(body.code))
    kiosk = db.scalar(select(Kiosk).where(Kiosk.enrol_code_hash == code_hash))
    if kiosk is None or kiosk.revoked:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "unknown or used enrolment code")
    if kiosk.enrol_code_expires_at and kiosk.enrol_code_expires_at <= utcnow():
        raise HTTPException(status.HTTP_403_FORBIDDEN, "enrolment code expired")
    token = new_token(KIOSK_TOKEN_PREFIX)
    kiosk.token_hash = token_hash(token)
    kiosk.enrol_code_hash = None  # a code works once
    kiosk.enrol_code_expires_at = None
    kiosk.enrolled_at = utcnow()
    db.commit()
    hall = db.get(Hall, kiosk.hall_id)
    return EnrolOut(kiosk_id=kiosk.id, token=token, name=kiosk.name,
                    hall=HallPublic.model_validate(hall))


@router.get("/kiosk/me", response_model=KioskPublic)
def me(kiosk: KioskDep, db: DbDep) -> KioskPublic:
    """The calling terminal's own record and hall."""
    return KioskPublic(id=kiosk.id, name=kiosk.name, place=kiosk.place,
                       hall=HallPublic.model_validate(db.get(Hall, kiosk.hall_id)))


@router.get("/kiosk/feed/jobs", response_model=JobFeed)
def job_feed(kiosk: KioskDep, db: DbDep, since: str = Query("", pattern=r"^(i?[0-9]{1,18})?$"),
             limit: int = Query(500, ge=1, le=2000)) -> JobFeed:
    """Verified postings changed since the cursor, and the ids of those withdrawn."""
    items, withdrawn, cursor, more = jobfeed.feed(db, since, limit)  # the pattern makes it readable
    return JobFeed(items=[JobPublic.model_validate(j) for j in items], withdrawn=withdrawn,
                   cursor=cursor, has_more=more)


@router.get("/kiosk/services", response_model=list[ServicePublic])
def kiosk_services(kiosk: KioskDep, db: DbDep) -> list[ServicePublic]:
    """The services of the terminal's hall, with the documents each requires."""
    rows = db.scalars(select(Service).where(Service.hall_id == kiosk.hall_id, Service.active)
                      .order_by(Service.sort, Service.id)).all()
    return [ServicePublic.model_validate(s) for s in rows]


@router.post("/kiosk/events", response_model=EventsOut)
def push_events(body: EventsIn, kiosk: KioskDep, db: DbDep, settings: SettingsDep) -> EventsOut:
    """Store outbox events once each; a key seen before is reported as a duplicate."""
    keys = [e.key for e in body.events]
    seen = set(db.scalars(select(KioskEvent.key).where(KioskEvent.key.in_(keys))).all())
    accepted, duplicates = [], []
    for event in body.events:
        if event.key in seen:
            duplicates.append(event.key)
            continue
        seen.add(event.key)
        # the person's identity never lands in the event log: it becomes a link to their record
        payload = {k: v for k, v in event.payload.items() if k != "person"}
        person = _person_of(db, settings, event.payload.get("person"))
        if person is not None:
            payload["person_id"] = person.id
            _add_to_record(db, person, event)
        db.add(KioskEvent(kiosk_id=kiosk.id, key=event.key, kind=event.kind,
                          occurred_at=event.occurred_at, payload=payload))
        accepted.append(event.key)
    try:
        db.commit()
    except IntegrityError:  # a concurrent retry of the same batch won the race
        db.rollback()
        return push_events(body, kiosk, db, settings)
    for event in body.events:
        if event.kind == "ticket" and event.key in accepted:
            _merge_fallback_ticket(db, settings, kiosk, event)
    return EventsOut(accepted=accepted, duplicates=duplicates)


def _person_of(db, settings, ref: Any):
    """The real-name record an event names (only sent with the visitor's consent)."""
    from central.routers.tickets import PersonIn
    try:
        person = PersonIn.model_validate(ref)  # the shape a ticket's person has, columns and all
    except ValueError:  # none, or not one: the event is kept without the link
        return None
    return queue.find_person(db, settings.security.secret_key, person.id_number, person.name)


# what each kind of event adds to the person's service record: (record kind, summary, data keys)
RECORDED_EVENTS = {
    "quiz_result": ("quiz_result", lambda p: f"RIASEC {p.get('code', '')}", ("code", "scores", "bank_version")),
    "quiz_saved": ("quiz_result", lambda p: f"RIASEC {p.get('code', '')}", ("code", "scores", "bank_version")),
    "job_print": ("job_slip", lambda p: f"job {p.get('job_id', '')}", ("job_id",)),
}


def _add_to_record(db, person, event) -> None:
    spec = RECORDED_EVENTS.get(event.kind)
    if spec is None:
        return
    kind, summary, keys = spec
    payload = event.payload
    db.add(ServiceRecord(person_id=person.id, kind=kind, summary=summary(payload)[:200],
                         data={k: payload[k] for k in keys if k in payload},
                         created_at=event.occurred_at or utcnow()))


def _merge_fallback_ticket(db, settings, kiosk, event) -> None:
    """A ticket a terminal issued while it could not reach us joins the queue by arrival time."""
    from central.routers.tickets import TicketIn, issue_for_kiosk
    try:
        body = TicketIn.model_validate({**event.payload, "key": event.key,
                                        "arrival_at": event.payload.get("arrival_at") or event.occurred_at})
        issue_for_kiosk(db, settings, kiosk, body)
    except (ValueError, HTTPException) as exc:  # kept as an event; staff see it in reports
        log.warning("fallback ticket %s not merged: %s", event.key, str(exc)[:200])
