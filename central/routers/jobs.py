"""Staff view of postings and the verification workflow (pending -> verified/rejected)."""

from typing import Literal

from fastapi import APIRouter, Query

from central.deps import Counsellor, DbDep, Viewer
from central.models.jobs import JOB_STATUSES
from central.schemas.common import INT32_MAX, NO_NUL, DbInt
from central.schemas.jobs import JobListOut, JobNoteIn, PostingOut
from central.services import jobs

__all__ = ["router"]

router = APIRouter(prefix="/api/jobs", tags=["jobs"])


@router.get("")
def list_jobs(user: Viewer, db: DbDep,
              status_: Literal[JOB_STATUSES] | None = Query(None, alias="status"),
              q: str = Query("", max_length=100, pattern=NO_NUL),
              limit: int = Query(50, ge=1, le=500),
              offset: int = Query(0, ge=0, le=INT32_MAX)) -> JobListOut:
    """Postings the caller may see, by state and by hanzi, pinyin or initials."""
    return jobs.search(db, user, status_, q, limit, offset)


@router.get("/{job_id}")
def get_job(job_id: DbInt, user: Viewer, db: DbDep) -> PostingOut:
    """One posting in any state."""
    return jobs.get(db, user, job_id)


@router.post("/{job_id}/verify")
def verify(job_id: DbInt, db: DbDep, user: Counsellor, body: JobNoteIn | None = None) -> PostingOut:
    """A pending or rejected posting goes to terminals."""
    return jobs.change_state(db, user, job_id, "verify", body.note if body else "")


@router.post("/{job_id}/reject")
def reject(job_id: DbInt, db: DbDep, user: Counsellor, body: JobNoteIn | None = None) -> PostingOut:
    """A pending or verified posting is refused (and leaves terminals)."""
    return jobs.change_state(db, user, job_id, "reject", body.note if body else "")


@router.post("/{job_id}/withdraw")
def withdraw(job_id: DbInt, db: DbDep, user: Counsellor, body: JobNoteIn | None = None) -> PostingOut:
    """A pending or verified posting is taken down (the employer filled it, say)."""
    return jobs.change_state(db, user, job_id, "withdraw", body.note if body else "")
