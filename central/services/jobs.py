"""Job postings: their life cycle (verify, reject, withdraw, expire), the change sequence,
the terminals' delta feed, and the staff list."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from central.audit import audit
from central.jsonld import to_jsonld
from central.models import Job, StaffUser, next_value, utcnow
from central.schemas.jobs import JobFeedOut, JobListOut, JobOut
from central.services.errors import Conflict, Invalid, NotFound

__all__ = ["touch", "sweep_expired", "feed", "feed_page", "is_public", "FEED_SEQUENCE",
           "TRANSITIONS", "change_state", "get", "search", "public_page"]

# action -> (states it may start from, resulting state)
TRANSITIONS = {
    "verify": ({"pending", "rejected"}, "verified"),
    "reject": ({"pending", "verified"}, "rejected"),
    "withdraw": ({"pending", "verified"}, "withdrawn"),
}

FEED_SEQUENCE = "jobs"


def touch(db: Session, job: Job) -> None:
    """Mark a posting changed so terminals see it on their next sync."""
    job.change_seq = next_value(db, FEED_SEQUENCE)
    job.updated_at = utcnow()


def is_public(job: Job) -> bool:
    return job.status == "verified" and (job.expires_at is None or job.expires_at > utcnow())


def sweep_expired(db: Session) -> int:
    """Verified postings past their expiry date become expired (and so leave terminals)."""
    rows = db.scalars(select(Job).where(Job.status == "verified", Job.expires_at.is_not(None),
                                        Job.expires_at <= utcnow())
                      .order_by(Job.id).limit(1000)).all()
    for job in rows:
        job.status = "expired"
        touch(db, job)
    if rows:
        db.commit()
    return len(rows)


def parse_cursor(cursor: str) -> tuple[int, bool]:
    """``""`` -> (0, initial); ``"i123"`` -> (123, initial); ``"123"`` -> (123, delta)."""
    if not cursor:
        return 0, True
    initial = cursor.startswith("i")
    value = int(cursor[1:] if initial else cursor)  # ValueError for the caller
    if value < 0:
        raise ValueError("negative cursor")
    return value, initial


def feed(db: Session, cursor: str, limit: int) -> tuple[list[Job], list[int], str, bool]:
    """Postings changed after ``cursor``: (public ones, withdrawn ids, new cursor, more?).

    A terminal starting from nothing pages through public postings only (it
    has nothing to withdraw); the cursor keeps an ``i`` prefix until that first
    pass ends, and then reports every change, withdrawals included.
    """
    since, initial = parse_cursor(cursor)
    sweep_expired(db)
    query = select(Job).where(Job.change_seq > since)
    if initial:
        query = query.where(Job.status == "verified",
                            or_(Job.expires_at.is_(None), Job.expires_at > utcnow()))
    rows = db.scalars(query.order_by(Job.change_seq, Job.id).limit(limit + 1)).all()
    has_more = len(rows) > limit
    rows = rows[:limit]
    items = [j for j in rows if is_public(j)]
    withdrawn = [] if initial else [j.id for j in rows if not is_public(j)]
    last = rows[-1].change_seq if rows else since
    return items, withdrawn, f"{'i' if initial and has_more else ''}{last}", has_more


def feed_page(db: Session, cursor: str, limit: int) -> JobFeedOut:
    """One page of the terminals' feed; Invalid (422) for a cursor it cannot read."""
    try:
        items, withdrawn, after, more = feed(db, cursor, limit)
    except ValueError:
        raise Invalid("unreadable cursor") from None
    return JobFeedOut(items=[JobOut.model_validate(j) for j in items], withdrawn=withdrawn,
                      cursor=after, has_more=more)


def search(db: Session, user: StaffUser, status: str | None, q: str, limit: int,
           offset: int) -> JobListOut:
    """Postings in any state, filtered by state and a title/employer substring, newest first."""
    query = select(Job)
    if status:
        query = query.where(Job.status == status)
    if q:
        like = f"%{q}%"
        query = query.where(or_(Job.title.like(like), Job.employer.like(like)))
    total = db.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.scalars(query.order_by(Job.id.desc()).limit(limit).offset(offset)).all()
    return JobListOut(total=total, items=[JobOut.model_validate(j) for j in rows])


def get(db: Session, user: StaffUser, job_id: int) -> JobOut:
    """One posting in any state."""
    job = db.get(Job, job_id)
    if job is None:
        raise NotFound("no such posting")
    return JobOut.model_validate(job)


def change_state(db: Session, user: StaffUser, job_id: int, action: str, note: str) -> JobOut:
    """Verify, reject or withdraw a posting (TRANSITIONS); records who and when. Commits."""
    job = db.get(Job, job_id)
    if job is None:
        raise NotFound("no such posting")
    allowed, target = TRANSITIONS[action]
    if job.status not in allowed:
        raise Conflict(f"cannot {action} a {job.status} posting")
    job.status = target
    job.verified_by, job.verified_at = user.id, utcnow()
    touch(db, job)
    audit(db, user, f"job_{action}", f"job:{job.id}", note)
    db.commit()
    return JobOut.model_validate(job)


def public_page(db: Session, job_id: int, base_url: str) -> dict[str, Any]:
    """A verified posting as its phone page shows it, with its JobPosting JSON-LD (escaped to
    sit inside a script element)."""
    job = db.get(Job, job_id)
    if job is None or not is_public(job):
        raise NotFound("this posting is no longer available")
    url = f"{base_url.rstrip('/')}/jobs/{job.id}"
    ld = json.dumps(to_jsonld(job, url), ensure_ascii=False).replace("</", "<\\/")
    return {"job": job, "jsonld": ld}
