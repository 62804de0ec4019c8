"""Public pages a phone opens from a QR code: a posting, with JobPosting JSON-LD; a hall event,
with Event JSON-LD."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from central.deps import DbDep, SettingsDep
from central.pages import render
from central.schemas.common import DbInt
from central.halltime import hall_time
from central.services import hall_events_staff, jobs

__all__ = ["router"]

router = APIRouter(tags=["public"])


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(job_id: DbInt, request: Request, db: DbDep, settings: SettingsDep) -> HTMLResponse:
    """A verified posting as a page for phones."""
    return render(request, "job.html", **jobs.public_page(db, job_id, settings.server.public_base_url))


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(event_id: DbInt, request: Request, db: DbDep, settings: SettingsDep) -> HTMLResponse:
    """A job fair, course or other hall event as a page for phones."""
    page = hall_events_staff.public_page(db, event_id, settings.server.public_base_url)
    return render(request, "event.html", when=lambda v: hall_time(v).strftime("%Y-%m-%d %H:%M"), **page)
