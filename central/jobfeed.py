"""Job postings' life cycle: change sequence, expiry sweep, the terminals' delta feed."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from central.models import Job, next_value, utcnow

__all__ = ["touch", "sweep_expired", "feed", "is_public", "FEED_SEQUENCE"]

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
