"""Staff view of postings and the verification workflow (pending -> verified/rejected)."""

from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Query, status
from sqlalchemy import func, or_, select

from central import jobfeed
from central.audit import audit
from central.deps import DbDep, StaffDep, require_role
from central.models import Job, StaffUser, utcnow
from central.models.jobs import JOB_STATUSES
from central.schemas import INT32_MAX, NO_NUL, DbInt, JobAction, JobList, JobPublic

router = APIRouter(prefix="/api/jobs", tags=["jobs"])

# action -> (states it may start from, resulting state)
TRANSITIONS = {
    "verify": ({"pending", "rejected"}, "verified"),
    "reject": ({"pending", "verified"}, "rejected"),
    "withdraw": ({"pending", "verified"}, "withdrawn"),
}


@router.get("", response_model=JobList)
def list_jobs(user: StaffDep, db: DbDep,
              status_: Literal[JOB_STATUSES] | None = Query(None, alias="status"),
              q: str = Query("", max_length=100, pattern=NO_NUL),
              limit: int = Query(50, ge=1, le=500),
              offset: int = Query(0, ge=0, le=INT32_MAX)) -> JobList:
    """Postings in any state, filtered by state and a title/employer substring."""
    query = select(Job)
    if status_:
        query = query.where(Job.status == status_)
    if q:
        like = f"%{q}%"
        query = query.where(or_(Job.title.like(like), Job.employer.like(like)))
    total = db.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.scalars(query.order_by(Job.id.desc()).limit(limit).offset(offset)).all()
    return JobList(total=total, items=[JobPublic.model_validate(j) for j in rows])


@router.get("/{job_id}", response_model=JobPublic)
def get_job(job_id: DbInt, user: StaffDep, db: DbDep) -> JobPublic:
    """One posting in any state."""
    job = db.get(Job, job_id)
    if job is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such posting")
    return JobPublic.model_validate(job)


@router.post("/{job_id}/{action}", response_model=JobPublic)
def change_state(job_id: DbInt, action: str, db: DbDep, body: JobAction | None = None,
                 user: StaffUser = Depends(require_role("hall_manager"))) -> JobPublic:
    """Verify, reject or withdraw a posting; records who and when."""
    if action not in TRANSITIONS:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "unknown action")
    job = db.get(Job, job_id)
    if job is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such posting")
    allowed, target = TRANSITIONS[action]
    if job.status not in allowed:
        raise HTTPException(status.HTTP_409_CONFLICT, f"cannot {action} a {job.status} posting")
    job.status = target
    job.verified_by, job.verified_at = user.id, utcnow()
    jobfeed.touch(db, job)
    audit(db, user, f"job_{action}", f"job:{job.id}", (body.note if body else ""))
    db.commit()
    return JobPublic.model_validate(job)
