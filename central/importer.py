"""Import JobPosting JSON-LD as pending postings, with a report line for every record.

The same report serves the command line (``central import-jobs``) and the console's upload.
A record becomes one of:

- imported: a new pending posting;
- updated: a posting with the same identifier whose content changed; it goes back to the
  verification queue (a verified posting stays on terminals only as it was verified);
- unchanged: same identifier, same content; left as it is;
- expired: its ``validThrough`` has passed; reported, not stored;
- rejected: not a posting we can show, with the reason.

The occupation is found from ``occupationalCategory`` (one of our codes, or an occupation's
name in Chinese or English) or else from the title, so imported postings take part in quiz
matches. An import for one hall (``hall_id``) never touches a posting of another hall.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.i18n import N_
from central.jsonld import JsonLdError, Rejected, parse_document
from central.models import Job, Occupation, utcnow
from central.services import jobs

__all__ = ["RecordResult", "ImportReport", "import_document", "import_file", "match_occupation",
           "OUTCOMES"]

OUTCOMES = {"imported": N_("imported"), "updated": N_("updated, back in the queue"),
            "unchanged": N_("unchanged"), "expired": N_("already closed, not imported"),
            "rejected": N_("rejected")}


@dataclass(frozen=True)
class RecordResult:
    """What became of one record (``index`` counts from 0 in file order)."""

    index: int
    outcome: str
    title: str = ""
    job_id: int | None = None
    reason: str = ""
    msgid: str = ""
    params: dict[str, str] = field(default_factory=dict)


@dataclass
class ImportReport:
    records: list[RecordResult] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.records if r.outcome == outcome)

    @property
    def imported(self) -> int:
        return self.count("imported")

    @property
    def updated(self) -> int:
        return self.count("updated")

    @property
    def rejected(self) -> list[RecordResult]:
        return [r for r in self.records if r.outcome == "rejected"]

    def summary(self) -> str:
        return ", ".join(f"{outcome} {self.count(outcome)}" for outcome in OUTCOMES)


def match_occupation(occupations: list[Occupation], hints: list[str], title: str) -> Occupation | None:
    """Our occupation for a posting: a code or a name in ``hints``, else the longest
    occupation name found in the title (or in the hints)."""
    by_code = {o.code: o for o in occupations}
    by_name = {o.name: o for o in occupations} | {o.name_en.lower(): o for o in occupations if o.name_en}
    for hint in hints:
        words = hint.split()
        for key in (hint, words[0] if words else ""):
            if key in by_code:
                return by_code[key]
        if hint.strip().lower() in by_name:
            return by_name[hint.strip().lower()]
    for text in [title, *hints]:
        lowered = text.lower()
        found = [o for o in occupations if o.name and o.name in text
                 or o.name_en and len(o.name_en) > 3 and o.name_en.lower() in lowered]
        if found:
            return max(found, key=lambda o: len(o.name))
    return None


def _rejected(r: Rejected) -> RecordResult:
    return RecordResult(r.index, "rejected", r.title, None, r.reason, r.msgid, r.params)


def _differs(job: Job, columns: dict[str, Any]) -> bool:
    return any(getattr(job, key) != value for key, value in columns.items())


def import_document(db: Session, text: str | bytes, *, hall_id: int | None = None,
                    source: str = "") -> ImportReport:
    """Parse and store, commits; raises JsonLdError when the document is not JSON at all."""
    parsed, rejected = parse_document(text)
    results = [_rejected(r) for r in rejected]
    occupations = list(db.scalars(select(Occupation)))
    now = utcnow()
    for item in parsed:
        columns = dict(item.columns)
        hints = columns.pop("occupation_hints")
        title = columns["title"]
        if columns["expires_at"] is not None and columns["expires_at"] <= now:
            results.append(RecordResult(item.index, "expired", title, None,
                                        f"closed on {columns['expires_at']:%Y-%m-%d}",
                                        N_("closed on %(date)s"),
                                        {"date": f"{columns['expires_at']:%Y-%m-%d}"}))
            continue
        occupation = match_occupation(occupations, hints, title)
        if occupation is not None:
            columns.update(occupation_code=occupation.code, occupation_name=occupation.name,
                           category=occupation.category)
        existing = None
        if columns["external_id"]:
            existing = db.scalar(select(Job).where(Job.external_id == columns["external_id"]))
        if existing is not None and hall_id is not None and existing.hall_id != hall_id:
            results.append(RecordResult(item.index, "rejected", title, None,
                                        "a posting with this identifier belongs to another hall",
                                        N_("a posting with this identifier belongs to another hall")))
            continue
        if existing is None:
            job = Job(status="pending", hall_id=hall_id, source=source[:120], **columns)
            db.add(job)
            outcome = "imported"
        elif not _differs(existing, columns):
            results.append(RecordResult(item.index, "unchanged", title, existing.id))
            continue
        else:
            job = existing
            for key, value in columns.items():
                setattr(job, key, value)
            job.status, job.source = "pending", source[:120] or job.source
            outcome = "updated"
        jobs.index(job)
        db.flush()
        jobs.touch(db, job)
        results.append(RecordResult(item.index, outcome, title, job.id))
    db.commit()
    return ImportReport(sorted(results, key=lambda r: r.index))


def import_file(db: Session, path: Path, hall_id: int | None = None) -> ImportReport:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise JsonLdError(f"cannot read {path}: {exc.strerror}") from None
    return import_document(db, data, hall_id=hall_id, source=path.name)
