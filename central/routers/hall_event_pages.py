"""Console pages of hall events: the list with a form to create one, an event's people and
report, the form to edit one, and the door page where staff check people in by scanning their slip's QR code (on
a phone). The pages' script calls the JSON API (central.routers.hall_events)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from central.deps import DbDep, PageUserDep
from central.halltime import hall_time
from central.i18n import N_
from central.models import Hall, utcnow
from central.models.events import ELIGIBILITY, EVENT_KINDS, HallEvent
from central.pages import render
from central.schemas.common import DbInt
from central.services import access, hall_events_staff

__all__ = ["router"]

router = APIRouter(tags=["hall events"])

KIND_LABELS = {"job_fair": N_("Job fair"), "training": N_("Training course"),
               "internship": N_("Internship programme"), "startup_workshop": N_("Start-up workshop"),
               "information_session": N_("Information session")}
ELIGIBILITY_LABELS = {"anyone": N_("Anyone"), "graduates": N_("Graduates"), "tier": N_("One tier"),
                      "priority_group": N_("One priority group")}
STATE_LABELS = {"registered": N_("Registered"), "waiting": N_("On the waiting list"), "cancelled": N_("Cancelled"),
                "attended": N_("Attended"), "open": N_("Open")}


def _when(value) -> str:
    return hall_time(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _local(value) -> str:
    """A time as a datetime-local field takes it, on the hall's clock."""
    return hall_time(value).strftime("%Y-%m-%dT%H:%M") if value else ""


def _offset() -> str:
    """The hall's UTC offset as ISO writes it (+08:00): the form's times are sent with it."""
    offset = hall_time(utcnow()).strftime("%z")
    return f"{offset[:3]}:{offset[3:]}"


def _labels() -> dict:
    return {"kinds": KIND_LABELS, "eligibility": ELIGIBILITY_LABELS, "states": STATE_LABELS,
            "when": _when, "local": _local, "kind_codes": EVENT_KINDS, "eligibility_codes": ELIGIBILITY}


@router.get("/console/events", response_class=HTMLResponse)
def events_page(request: Request, db: DbDep, user: PageUserDep) -> HTMLResponse:
    """The events of the staff member's halls, and (for managers) a form to create one."""
    rows = hall_events_staff.visible_events(db, user)
    return render(request, "console/events.html", user=user, rows=rows, offset=_offset(),
                  halls=access.hall_choices(db, user, "hall_manager"), **_labels())


@router.get("/console/events/{event_id}", response_class=HTMLResponse)
def event_page(event_id: DbInt, request: Request, db: DbDep, user: PageUserDep) -> HTMLResponse:
    """An event's people (registered, attended, the waiting list in order) and its report."""
    event, people = hall_events_staff.roster(db, user, event_id)
    report = hall_events_staff.report(db, user, event_id)
    manages = access.role_in(user, event.hall_id) in ("hall_manager", "admin")
    return render(request, "console/event.html", user=user, event=event, people=people,
                  report=report, hall=db.get(Hall, event.hall_id), can_manage=manages, **_labels())


@router.get("/console/events/{event_id}/edit", response_class=HTMLResponse)
def edit_page(event_id: DbInt, request: Request, db: DbDep, user: PageUserDep) -> HTMLResponse:
    """The event's form, filled in, for a manager of its hall (saved through the JSON API)."""
    event, postings = hall_events_staff.editable(db, user, event_id)
    return render(request, "console/event_edit.html", user=user, e=event, posting_ids=postings,
                  offset=_offset(), halls=access.hall_choices(db, user, "hall_manager"), **_labels())


@router.get("/console/events/{event_id}/door", response_class=HTMLResponse)
def door_page(event_id: DbInt, request: Request, db: DbDep, user: PageUserDep) -> HTMLResponse:
    """Check-in at the door, for a phone: the scanned code goes in the field and is sent."""
    event = access.get(db, HallEvent, event_id, user, "counsellor", "event")
    return render(request, "console/event_door.html", user=user, event=event, **_labels())
