"""Public pages a phone opens from a QR code: a posting, with JobPosting JSON-LD."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from central.deps import DbDep, SettingsDep
from central.pages import render
from central.schemas.common import DbInt
from central.services import jobs

__all__ = ["router"]

router = APIRouter(tags=["public"])


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(job_id: DbInt, request: Request, db: DbDep, settings: SettingsDep) -> HTMLResponse:
    """A verified posting as a page for phones."""
    return render(request, "job.html", **jobs.public_page(db, job_id, settings.server.public_base_url))
