"""The postings page: the verification queue, edits, JSON-LD uploads (rules: services.postings)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from central.deps import Counsellor, DbDep, PageUserDep
from central.i18n import catalogue, language_of
from central.pages import render
from central.schemas.common import DbInt
from central.schemas.jobs import ImportIn, ImportReportOut, PostingEditIn, PostingOut, QueueItemOut
from central.services import postings

__all__ = ["router"]

router = APIRouter(tags=["postings"])


def _gettext(request: Request):
    return catalogue(language_of(request)).gettext


@router.get("/console/postings", response_class=HTMLResponse)
def postings_page(request: Request, db: DbDep, user: PageUserDep,
                  posting: DbInt | None = None) -> HTMLResponse:
    """The queue of postings to verify (and ``posting``, one found by the search), a pinyin
    search of all postings, and an upload."""
    return render(request, "console/postings.html", user=user,
                  **postings.page(db, user, _gettext(request), posting))


@router.get("/api/postings/queue")
def posting_queue(request: Request, db: DbDep, user: Counsellor) -> list[QueueItemOut]:
    """Pending postings of the caller's halls, newest first, with duplicates and changes."""
    return postings.queue(db, user, _gettext(request))


@router.put("/api/jobs/{job_id}")
def edit_posting(job_id: DbInt, body: PostingEditIn, db: DbDep, user: Counsellor) -> PostingOut:
    """Correct a posting; it goes back to the verification queue."""
    return postings.edit(db, user, job_id, body)


@router.post("/api/postings/import")
def import_postings(request: Request, body: ImportIn, db: DbDep, user: Counsellor) -> ImportReportOut:
    """Import a JSON-LD file for a hall; the report says what became of every record."""
    return postings.upload(db, user, body, _gettext(request))
