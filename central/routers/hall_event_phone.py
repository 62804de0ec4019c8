"""A registration's phone page, opened from the slip's QR code: the visitor's place at the
event, and cancelling it (central.services.hall_event_phone)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse

from central.deps import DbDep
from central.halltime import hall_time
from central.pages import render
from central.schemas.hall_events import EventRegistrationOut
from central.services import hall_event_phone

__all__ = ["router"]

router = APIRouter(tags=["hall events"])
Token = Annotated[str, Path(max_length=64, pattern=r"^[0-9A-Za-z_-]+$")]


@router.get("/e/{token}", response_class=HTMLResponse)
def phone_page(token: Token, request: Request, db: DbDep) -> HTMLResponse:
    """The visitor's place at the event, with a button to cancel it."""
    view = hall_event_phone.view(db, token)
    return render(request, "event_registration.html", token=token,
                  when=lambda v: hall_time(v).strftime("%Y-%m-%d %H:%M"), **view)


@router.post("/api/public/event-registrations/{token}/cancel", response_model=EventRegistrationOut)
def cancel(token: Token, db: DbDep) -> EventRegistrationOut:
    """Cancel the place the slip holds; the first person waiting moves up."""
    return hall_event_phone.cancel(db, token)
