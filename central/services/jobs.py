"""Job postings: their life cycle (verify, reject, withdraw, expire), the change sequence,
the terminals' delta feed, and the staff search.

Staff see the postings of their halls in any state and every public posting (visitors see
those anyway); they act on a posting where their role in its hall is counsellor or above
(a city-wide posting, ``hall_id`` None, is the city's staff's). Staff search the way
visitors do, by hanzi, pinyin or initials (hallcore.pinyin): ``search_text`` holds the
tokens, kept by :func:`index` whenever a title, employer or occupation changes.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select, true
from sqlalchemy.orm import Session

from central.audit import audit
from central.models import Job, StaffUser, next_value, utcnow
from central.schemas.common import INT32_MAX
from central.schemas.jobs import JobFeedOut, JobListOut, PostingOut
from central.services import access
from central.services.errors import Conflict, Invalid, NotFound
from hallcore.contract import JobOut
from hallcore.pinyin import index_text, is_hanzi, query_terms

__all__ = ["touch", "index", "sweep_expired", "feed", "feed_page", "is_public", "FEED_SEQUENCE",
           "TRANSITIONS", "change_state", "get", "search", "public_page", "text_match",
           "staff_scope", "posting", "SNAPSHOT_FIELDS", "snapshot"]

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


def index(job: Job) -> None:
    """Keep the posting's search text in step: pinyin of what the terminal indexes (title,
    occupation, district), and the words of the English title and employer."""
    job.search_text = index_text(job.title, job.occupation_name or "", job.district or "",
                                 job.title_en or "", job.employer_en or "")


# what a verification vouches for: kept as verified, compared when the posting comes back
SNAPSHOT_FIELDS = ("title", "employer", "district", "address", "locations", "remote",
                   "occupation_name", "salary_min", "salary_max", "vacancies", "education",
                   "experience_years", "employment_type", "hours", "contact", "description",
                   "duties", "requirements", "how_to_apply", "apply_url", "expires_at")


def snapshot(job: Job) -> dict[str, Any]:
    """The checked fields of a posting, as JSON (times as ISO text)."""
    out = {}
    for name in SNAPSHOT_FIELDS:
        value = getattr(job, name)
        out[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return out


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


def staff_scope(user: StaffUser) -> ColumnElement[bool]:
    """SQL condition: postings of the user's halls (any state) and every public posting."""
    return or_(access.visible(Job.hall_id, user, "viewer"),
               and_(Job.status == "verified", or_(Job.expires_at.is_(None), Job.expires_at > utcnow())))


def text_match(q: str) -> ColumnElement[bool]:
    """SQL condition: every term of ``q`` found, hanzi in the texts, letters at the start of a
    pinyin or word token (so "kj" finds 会计), digits also as a posting's number."""
    conditions = []
    for term in query_terms(q):
        if is_hanzi(term):
            conditions.append(or_(*(column.contains(term, autoescape=True) for column in
                                    (Job.title, Job.employer, Job.occupation_name, Job.district))))
            continue
        found = Job.search_text.contains(" " + term, autoescape=True)
        if term.isdigit() and int(term) <= INT32_MAX:
            found = or_(found, Job.id == int(term))
        conditions.append(found)
    return and_(true(), *conditions)


def search(db: Session, user: StaffUser, status: str | None, q: str, limit: int,
           offset: int) -> JobListOut:
    """Postings the user may see, by state and by what they type (hanzi, pinyin, initials,
    a posting's number), newest first."""
    query = select(Job).where(staff_scope(user), text_match(q))
    if status:
        query = query.where(Job.status == status)
    total = db.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.scalars(query.order_by(Job.id.desc()).limit(limit).offset(offset)).all()
    return JobListOut(total=total, items=[PostingOut.model_validate(j) for j in rows])


def posting(db: Session, user: StaffUser, job_id: int, minimum: str = "viewer") -> Job:
    """The posting ``job_id`` if the user may see it (at ``minimum`` to act on it)."""
    job = db.get(Job, job_id)
    if job is None:
        raise NotFound("no such posting")
    if minimum == "viewer" and is_public(job):
        return job
    access.require(user, job.hall_id, minimum, "posting")
    return job


def get(db: Session, user: StaffUser, job_id: int) -> PostingOut:
    """One posting in any state."""
    return PostingOut.model_validate(posting(db, user, job_id))


def change_state(db: Session, user: StaffUser, job_id: int, action: str, note: str) -> PostingOut:
    """Verify, reject or withdraw a posting (TRANSITIONS); records who and when, keeps what
    was verified (the queue compares against it) and the reason of a rejection. Commits."""
    job = posting(db, user, job_id, "counsellor")
    allowed, target = TRANSITIONS[action]
    if job.status not in allowed:
        raise Conflict(f"cannot {action} a {job.status} posting")
    if action == "reject" and not note.strip():
        raise Invalid("a rejection needs a reason")
    job.status = target
    job.verified_by, job.verified_at = user.id, utcnow()
    job.status_note = note.strip()[:500] if action != "verify" else ""
    if action == "verify":
        job.verified_snapshot = snapshot(job)
    touch(db, job)
    audit(db, user, f"job_{action}", f"job:{job.id}", note)
    db.commit()
    return PostingOut.model_validate(job)


def public_page(db: Session, job_id: int, base_url: str) -> dict[str, Any]:
    """A verified posting as its phone page shows it, with its JobPosting JSON-LD (escaped to
    sit inside a script element)."""
    job = db.get(Job, job_id)
    if job is None or not is_public(job):
        raise NotFound("this posting is no longer available")
    from central.jsonld import to_jsonld  # the JSON-LD stack loads for this page only
    url = f"{base_url.rstrip('/')}/jobs/{job.id}"
    ld = json.dumps(to_jsonld(job, url), ensure_ascii=False).replace("</", "<\\/")
    return {"job": job, "jsonld": ld}
