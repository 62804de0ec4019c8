"""Tickets: issued by terminals, called and finished at counters, followed on phones."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field, ValidationError
from sqlalchemy import select

from central import queue
from central.audit import audit
from central.deps import DbDep, KioskDep, SettingsDep, StaffDep, require_role
from central.models import Counter, Service, StaffUser
from central.models.queue import PRIORITY_GROUPS, Ticket
from central.schemas import DbDateTime, DbInt, DbStr

router = APIRouter(tags=["tickets"])
Counsellor = Depends(require_role("counsellor"))


class PersonIn(BaseModel):
    id_number: str = Field(min_length=6, max_length=24, pattern=r"^[0-9A-Za-z]+$")
    name: DbStr = Field("", max_length=40)  # masked into a VARCHAR(40)


class TicketIn(BaseModel):
    key: DbStr = Field(min_length=8, max_length=64)
    service_code: DbStr = Field(min_length=1, max_length=40)
    person: PersonIn | None = None
    priority_group: Literal[PRIORITY_GROUPS] | None = None
    arrival_at: DbDateTime | None = None
    fallback_label: DbStr | None = Field(None, max_length=12)  # becomes the label, VARCHAR(12)


class TicketOut(BaseModel):
    id: int
    label: str
    status: str
    service: str
    service_en: str
    service_code: str
    people_ahead: int
    wait_min: int
    counter: str | None
    counter_number: int | None
    routed_counter: str | None
    documents: list[dict[str, Any]]
    fallback_label: str | None
    status_url: str
    issued_at: str
    recalls: int


class FinishIn(BaseModel):
    note: DbStr = Field("", max_length=1000)


class TransferIn(BaseModel):
    service_code: DbStr = Field(min_length=1, max_length=40)


class RatingIn(BaseModel):
    score: int = Field(ge=1, le=5)
    reasons: list[str] = Field(default_factory=list, max_length=6)


def _view(db, ticket: Ticket, settings) -> TicketOut:
    return TicketOut(**queue.ticket_view(db, ticket, settings.server.public_base_url))


def _raise(exc: queue.QueueError):
    raise HTTPException(exc.status, str(exc)) from None


def issue_for_kiosk(db, settings, kiosk, body: TicketIn) -> TicketOut:
    person = None
    if body.person is not None:
        person = queue.find_person(db, settings.security.secret_key, body.person.id_number,
                                   body.person.name)
    try:
        ticket, _ = queue.issue(db, kiosk.hall_id, body.service_code, body.key, person=person,
                                priority_group=body.priority_group, arrival_at=body.arrival_at,
                                kiosk_id=kiosk.id, fallback_label=body.fallback_label)
    except queue.QueueError as exc:
        _raise(exc)
    return _view(db, ticket, settings)


@router.post("/api/kiosk/tickets", response_model=TicketOut)
def kiosk_issue(body: TicketIn, kiosk: KioskDep, db: DbDep, settings: SettingsDep) -> TicketOut:
    """Issue a ticket (idempotent by key); a person with a counsellor is routed to them."""
    return issue_for_kiosk(db, settings, kiosk, body)


def _ticket(db, ticket_id: int) -> Ticket:
    ticket = db.get(Ticket, ticket_id)
    if ticket is None:
        raise HTTPException(404, "no such ticket")
    return ticket


def _counter(db, counter_id: int) -> Counter:
    counter = db.get(Counter, counter_id)
    if counter is None:
        raise HTTPException(404, "no such counter")
    return counter


@router.post("/api/counters/{counter_id}/call-next", response_model=TicketOut | None)
def call_next(counter_id: DbInt, db: DbDep, settings: SettingsDep,
              user: StaffUser = Counsellor) -> TicketOut | None:
    """Call the next visitor this counter may serve (priority and routing respected)."""
    ticket = queue.call_next(db, _counter(db, counter_id), user)
    if ticket is not None:
        audit(db, user, "ticket_call", f"ticket:{ticket.id}", f"counter:{counter_id}")
        db.commit()
    return _view(db, ticket, settings) if ticket else None


@router.post("/api/tickets/{ticket_id}/{action}", response_model=TicketOut)
def ticket_action(ticket_id: DbInt, action: str, db: DbDep, settings: SettingsDep,
                  body: dict[str, Any] | None = None, user: StaffUser = Counsellor) -> TicketOut:
    """recall, no-show, finish (with a note) or transfer (to a service) a ticket."""
    ticket = _ticket(db, ticket_id)
    body = body or {}
    try:
        if action == "recall":
            ticket = queue.recall(db, ticket)
        elif action == "no-show":
            ticket = queue.no_show(db, ticket)
        elif action == "finish":
            ticket = queue.finish(db, ticket, FinishIn.model_validate(body).note, user)
        elif action == "transfer":
            ticket = queue.transfer(db, ticket, TransferIn.model_validate(body).service_code)
        else:
            raise HTTPException(404, "unknown action")
    except queue.QueueError as exc:
        _raise(exc)
    except ValidationError as exc:
        errors = exc.errors(include_url=False, include_context=False)
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in errors]) from None
    audit(db, user, f"ticket_{action}", f"ticket:{ticket_id}")
    db.commit()
    return _view(db, ticket, settings)


@router.get("/api/tickets/{ticket_id}/visitor")
def visitor(ticket_id: DbInt, db: DbDep, user: StaffUser = Counsellor) -> dict[str, Any]:
    """For the counter: the documents the service needs and, if identified, recent history."""
    from central.models.queue import Person, ServiceRecord
    ticket = _ticket(db, ticket_id)
    service = db.get(Service, ticket.service_id)
    out: dict[str, Any] = {"documents": service.documents, "person": None, "history": [],
                           "referrals": []}
    if ticket.person_id:
        person = db.get(Person, ticket.person_id)
        out["person"] = {"masked_name": person.masked_name, "masked_id": person.masked_id,
                         "priority_group": person.priority_group}
        rows = db.scalars(select(ServiceRecord).where(ServiceRecord.person_id == person.id)
                          .order_by(ServiceRecord.created_at.desc()).limit(10)).all()
        out["history"] = [{"at": r.created_at.isoformat()[:16], "summary": r.summary} for r in rows]
        from central.models import Job
        from central.models.queue import Referral
        refs = db.execute(select(Referral, Job).join(Job, Job.id == Referral.job_id)
                          .where(Referral.person_id == person.id)
                          .order_by(Referral.updated_at.desc()).limit(10)).all()
        out["referrals"] = [{"id": r.id, "title": j.title, "employer": j.employer, "state": r.state}
                            for r, j in refs]
    return out


@router.get("/api/queue", response_model=list[TicketOut])
def waiting(db: DbDep, settings: SettingsDep, user: StaffDep, hall_id: DbInt = 1) -> list[TicketOut]:
    """Waiting and called tickets of a hall, in the order they will be served."""
    rows = db.scalars(select(Ticket).where(Ticket.hall_id == hall_id,
                                           Ticket.status.in_(("waiting", "called")))
                      .order_by(Ticket.priority.desc(), Ticket.arrival_at, Ticket.id)).all()
    return [_view(db, t, settings) for t in rows]


def _by_token(db, token: str) -> Ticket:
    ticket = db.scalar(select(Ticket).where(Ticket.status_token == token[:32]))
    if ticket is None:
        raise HTTPException(404, "no such ticket")
    return ticket


@router.get("/api/public/tickets/{token}", response_model=TicketOut)
def public_status(token: DbStr, db: DbDep, settings: SettingsDep) -> TicketOut:
    """A ticket's live status, for the phone that scanned its QR code."""
    return _view(db, _by_token(db, token), settings)


@router.post("/api/public/tickets/{token}/rating")
def public_rating(token: DbStr, body: RatingIn, db: DbDep) -> dict[str, int]:
    """Rate a finished visit once, from the phone or the terminal."""
    try:
        rating = queue.rate(db, _by_token(db, token), body.score, body.reasons)
    except queue.QueueError as exc:
        _raise(exc)
    return {"id": rating.id, "score": rating.score}


@router.get("/t/{token}", response_class=HTMLResponse)
def status_page(token: DbStr, request: Request, db: DbDep, settings: SettingsDep) -> HTMLResponse:
    """The phone page of a ticket: position, wait, called-to-counter notice, live."""
    view = _view(db, _by_token(db, token), settings).model_dump()
    return request.app.state.templates.TemplateResponse(request, "ticket.html",
                                                        {"t": view, "token": token[:32]})


@router.get("/api/halls/{hall_id}/calls")
def recent_calls(hall_id: DbInt, db: DbDep,
                 limit: Annotated[int, Query(ge=1)] = 8) -> list[dict[str, Any]]:
    """The latest calls for the display board (newest first)."""
    rows = db.execute(select(Ticket, Counter).join(Counter, Counter.id == Ticket.counter_id)
                      .where(Ticket.hall_id == hall_id, Ticket.called_at.is_not(None))
                      .order_by(Ticket.updated_at.desc()).limit(min(limit, 20))).all()
    return [{"label": t.label, "counter": c.name, "counter_number": c.number, "status": t.status,
             "recalls": t.recalls, "at": t.updated_at.isoformat()} for t, c in rows]
