"""Public pages a phone opens from a QR code: a posting, with JobPosting JSON-LD."""

import json

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import HTMLResponse

from central.deps import DbDep, SettingsDep
from central.jobfeed import is_public
from central.jsonld import to_jsonld
from central.models import Job
from central.schemas import DbInt

router = APIRouter(tags=["public"])


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(job_id: DbInt, request: Request, db: DbDep, settings: SettingsDep) -> HTMLResponse:
    """A verified posting as a page for phones."""
    job = db.get(Job, job_id)
    if job is None or not is_public(job):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "this posting is no longer available")
    url = f"{settings.server.public_base_url.rstrip('/')}/jobs/{job.id}"
    ld = json.dumps(to_jsonld(job, url), ensure_ascii=False).replace("</", "<\\/")
    return request.app.state.templates.TemplateResponse(
        request, "job.html", {"job": job, "jsonld": ld})
