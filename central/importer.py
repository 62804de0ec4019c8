"""Import JobPosting JSON-LD into the database as pending postings (re-import updates)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.services import jobs
from central.jsonld import JsonLdError, Rejected, parse_document
from central.models import Job, Occupation

__all__ = ["ImportReport", "import_document", "import_file"]


@dataclass
class ImportReport:
    imported: int = 0
    updated: int = 0
    rejected: list[Rejected] = field(default_factory=list)


def import_document(db: Session, text: str | bytes) -> ImportReport:
    """Parse and store; raises JsonLdError when the document is not JSON-LD at all."""
    records, rejected = parse_document(text)
    report = ImportReport(rejected=list(rejected))
    for record in records:
        occupation = db.get(Occupation, record["occupation_code"]) if record["occupation_code"] else None
        if occupation is not None:
            record["occupation_name"], record["category"] = occupation.name, occupation.category
        existing = None
        if record["external_id"]:
            existing = db.scalar(select(Job).where(Job.external_id == record["external_id"]))
        if existing is None:
            job = Job(status="pending", **record)
            db.add(job)
            report.imported += 1
        else:
            for key, value in record.items():
                setattr(existing, key, value)
            existing.status = "pending"  # changed content must be verified again
            job = existing
            report.updated += 1
        db.flush()
        jobs.touch(db, job)
    db.commit()
    return report


def import_file(db: Session, path: Path) -> ImportReport:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise JsonLdError(f"cannot read {path}: {exc.strerror}") from None
    return import_document(db, data)
