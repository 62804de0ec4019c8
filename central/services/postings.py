"""The verification queue and the counsellor's work on postings: possible duplicates, what
changed since the last verification, edits, and JSON-LD uploads for a hall.

The queue is the pending postings of the halls where the caller is counsellor or above,
newest first. A posting's possible duplicates are live postings (pending or public) of the
same employer whose title is similar (one contains the other, or difflib's ratio is at
least ``SIMILAR``); the employer must match exactly after normalisation, which is what two
imports of one employer's advert from two sites give. What changed is the checked fields
(jobs.SNAPSHOT_FIELDS) against their snapshot taken at the last verification, in words.

Functions that return words take ``_`` (the staff member's gettext); every action is
audited (central.audit).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from difflib import SequenceMatcher
from typing import Any, Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.audit import audit
from central.halltime import hall_time
from central.i18n import N_
from central.importer import OUTCOMES, import_document
from central.jsonld import JsonLdError
from central.models import Job, StaffUser
from central.schemas.jobs import (ChangeOut, DuplicateOut, ImportIn, ImportRecordOut,
                                  ImportReportOut, PostingEditIn, PostingOut, QueueItemOut)
from central.services import access, jobs
from central.services.errors import Conflict, Forbidden, Invalid
from hallcore.pinyin import normalise_full

__all__ = ["SIMILAR", "FIELD_LABELS", "STATUS_LABELS", "queue", "similar", "changes", "edit",
           "upload", "page"]

SIMILAR = 0.6
Gettext = Callable[[str], str]
FIELD_LABELS = {
    "title": N_("Title"), "employer": N_("Employer"), "district": N_("District"),
    "address": N_("Address"), "locations": N_("Places of work"), "remote": N_("Remote work"),
    "occupation_name": N_("Occupation"), "salary_min": N_("Lowest monthly pay"),
    "salary_max": N_("Highest monthly pay"), "vacancies": N_("Vacancies"),
    "education": N_("Education"), "experience_years": N_("Years of experience"),
    "employment_type": N_("Employment"), "hours": N_("Working hours"), "contact": N_("Contact"),
    "description": N_("Description"), "duties": N_("Duties"), "requirements": N_("Requirements"),
    "how_to_apply": N_("How to apply"), "apply_url": N_("Application address"),
    "expires_at": N_("Closes on"),
}
STATUS_LABELS = {"pending": N_("Waiting for verification"), "verified": N_("Verified"),
                 "rejected": N_("Rejected"), "expired": N_("Expired"), "withdrawn": N_("Withdrawn")}
_EDITABLE = ("title", "employer", "district", "address", "salary_min", "salary_max", "vacancies",
             "employment_type", "hours", "contact", "description", "requirements", "how_to_apply",
             "expires_at")
_LIVE = ("pending", "verified")


def _key(text: str) -> str:
    return "".join(normalise_full(text).split())


def similar(a: str, b: str) -> bool:
    """Whether two titles may name the same job (normalised: spaces, width and case ignored)."""
    a, b = _key(a), _key(b)
    return bool(a and b) and (a in b or b in a or SequenceMatcher(None, a, b).ratio() >= SIMILAR)


def _words(field: str, value: Any, _: Gettext) -> str:
    if value is None or value == "" or value == []:
        return _("(empty)")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field == "expires_at":
        return hall_time(datetime.fromisoformat(value)).strftime("%Y-%m-%d %H:%M")
    if field == "employment_type":
        return {"full_time": _("Full time"), "part_time": _("Part time")}.get(value, value)
    if field.startswith("salary_"):
        return _("%(amount)s yuan") % {"amount": f"{value:,}"}
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    text = str(value)
    return text if len(text) <= 120 else text[:117] + "…"


def changes(job: Job, _: Gettext = str) -> list[ChangeOut]:
    """The checked fields that differ from the last verification, before and after in words."""
    if not job.verified_snapshot:
        return []
    now, then = jobs.snapshot(job), job.verified_snapshot
    return [ChangeOut(field=f, label=_(FIELD_LABELS[f]), before=_words(f, then.get(f), _),
                      after=_words(f, now[f], _))
            for f in jobs.SNAPSHOT_FIELDS if then.get(f) != now[f]]


def _duplicates(db: Session, user: StaffUser, pending: list[Job]) -> dict[int, list[Job]]:
    employers = {job.employer for job in pending}
    if not employers:
        return {}
    live = db.scalars(select(Job).where(Job.employer.in_(employers), Job.status.in_(_LIVE),
                                        jobs.staff_scope(user)).order_by(Job.id)).all()
    by_employer: dict[str, list[Job]] = defaultdict(list)
    for other in live:
        if other.status == "pending" or jobs.is_public(other):
            by_employer[other.employer].append(other)
    return {job.id: [o for o in by_employer[job.employer] if o.id != job.id and similar(o.title, job.title)]
            for job in pending}


def _items(db: Session, user: StaffUser, postings: list[Job], _: Gettext) -> list[QueueItemOut]:
    twins = _duplicates(db, user, postings)
    return [QueueItemOut(posting=PostingOut.model_validate(job),
                         source=job.source or (_("entered by hand") if not job.source_url else ""),
                         queued_at=job.updated_at,
                         queued_local=hall_time(job.updated_at).strftime("%Y-%m-%d %H:%M"),
                         duplicates=[DuplicateOut(id=o.id, title=o.title, employer=o.employer,
                                                  status=_(STATUS_LABELS[o.status])) for o in twins[job.id]],
                         changes=changes(job, _), verified_before=bool(job.verified_snapshot))
            for job in postings]


def queue(db: Session, user: StaffUser, _: Gettext = str, limit: int = 200) -> list[QueueItemOut]:
    """Pending postings of the caller's halls (counsellor and above), newest first, each with
    its possible duplicates and what changed since it was last verified."""
    if access.halls(user, "counsellor") == frozenset():
        raise Forbidden("requires role counsellor in some hall")
    pending = db.scalars(select(Job).where(Job.status == "pending",
                                           access.visible(Job.hall_id, user, "counsellor"))
                         .order_by(Job.updated_at.desc(), Job.id.desc()).limit(limit)).all()
    return _items(db, user, list(pending), _)


def edit(db: Session, user: StaffUser, job_id: int, body: PostingEditIn) -> PostingOut:
    """Correct a posting; it leaves terminals and goes back to the queue. Commits."""
    job = jobs.posting(db, user, job_id, "counsellor")
    if job.status not in ("pending", "verified", "rejected"):
        raise Conflict(f"cannot edit a {job.status} posting")
    if body.salary_min is not None and body.salary_max is not None and body.salary_min > body.salary_max:
        raise Invalid("the lowest pay is above the highest")
    changed = [name for name in _EDITABLE if getattr(job, name) != getattr(body, name)]
    for name in changed:
        setattr(job, name, getattr(body, name))
    job.status, job.status_note = "pending", ""
    jobs.index(job)
    jobs.touch(db, job)
    audit(db, user, "job_edit", f"job:{job.id}",
          (f"changed {', '.join(changed)}" if changed else "no change") + (f": {body.note}" if body.note else ""))
    db.commit()
    return PostingOut.model_validate(job)


def page(db: Session, user: StaffUser, _: Gettext = str, posting: int | None = None) -> dict[str, Any]:
    """What the postings page shows: the queue, one posting asked for (found by the search:
    to correct or withdraw a verified one) unless it is in the queue already, the halls to
    import for (counsellors and above; a viewer gets the search only), the states in words."""
    may_work = access.halls(user, "counsellor") != frozenset()
    waiting = queue(db, user, _) if may_work else []
    focus = None
    if may_work and posting is not None and posting not in {item.posting.id for item in waiting}:
        focus = _items(db, user, [jobs.posting(db, user, posting, "counsellor")], _)[0]
    return {"may_work": may_work, "queue": waiting, "focus": focus,
            "halls": access.hall_choices(db, user, "counsellor") if may_work else [],
            "status_labels": {k: _(v) for k, v in STATUS_LABELS.items()}}


def upload(db: Session, user: StaffUser, body: ImportIn, _: Gettext = str) -> ImportReportOut:
    """Import a JSON-LD document for one of the caller's halls; the per-record report."""
    access.require(user, body.hall_id, "counsellor", "hall")
    try:
        report = import_document(db, body.document, hall_id=body.hall_id, source=body.filename)
    except JsonLdError as exc:
        raise Invalid(f"{body.filename or 'the file'}: {exc}") from None
    audit(db, user, "job_import", f"hall:{body.hall_id}", f"{body.filename}: {report.summary()}"[:500])
    db.commit()
    return ImportReportOut(
        counts={outcome: report.count(outcome) for outcome in OUTCOMES},
        records=[ImportRecordOut(index=r.index, outcome=r.outcome, outcome_label=_(OUTCOMES[r.outcome]),
                                 title=r.title, job_id=r.job_id,
                                 reason=_(r.msgid) % r.params if r.msgid else r.reason)
                 for r in report.records])
