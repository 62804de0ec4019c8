"""Job postings: the staff list, one posting, the terminals' delta feed, state changes, the
verification queue, edits and JSON-LD uploads."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from central.schemas.common import DbDateTime, DbInt, DbStr
from hallcore.contract import JobFeedOut, JobOut

__all__ = ["JobOut", "PostingOut", "JobListOut", "JobFeedOut", "JobNoteIn", "PostingEditIn",
           "DuplicateOut", "ChangeOut", "QueueItemOut", "ImportIn", "ImportRecordOut",
           "ImportReportOut", "MAX_UPLOAD_CHARS", "MAX_UPLOAD_BYTES"]

MAX_UPLOAD_CHARS = 2_000_000  # a publisher's feed of some thousand postings
# its body: the document as a JSON string, hanzi 3 bytes in UTF-8, quotes escaped
MAX_UPLOAD_BYTES = 4 * MAX_UPLOAD_CHARS


class PostingOut(JobOut):
    """A posting as staff see it: what terminals get, and what only staff work with."""

    hall_id: int | None
    vacancies: int | None
    remote: bool
    apply_url: str | None
    locations: list[str]
    source: str
    status_note: str


class JobListOut(BaseModel):
    total: int
    items: list[PostingOut]


class JobNoteIn(BaseModel):
    """Why a posting was verified, rejected or withdrawn (kept in the audit log)."""

    note: DbStr = Field("", max_length=500)


class PostingEditIn(BaseModel):
    """A counsellor's correction of a posting; it goes back to the verification queue."""

    title: DbStr = Field(min_length=1, max_length=120)
    employer: DbStr = Field(min_length=1, max_length=120)
    district: DbStr = Field("", max_length=40)
    address: DbStr = Field("", max_length=200)
    salary_min: int | None = Field(None, ge=0, le=10_000_000)
    salary_max: int | None = Field(None, ge=0, le=10_000_000)
    vacancies: int | None = Field(None, ge=1, le=100_000)
    employment_type: Literal["full_time", "part_time"] = "full_time"
    hours: DbStr = Field("", max_length=120)
    contact: DbStr = Field("", max_length=120)
    description: DbStr = Field("", max_length=4000)
    requirements: DbStr = Field("", max_length=2000)
    how_to_apply: DbStr = Field("", max_length=2000)
    expires_at: DbDateTime | None = None
    note: DbStr = Field("", max_length=500)


class DuplicateOut(BaseModel):
    id: int
    title: str
    employer: str
    status: str


class ChangeOut(BaseModel):
    """One field changed since the last verification, in words."""

    field: str
    label: str
    before: str
    after: str


class QueueItemOut(BaseModel):
    posting: PostingOut
    source: str
    queued_at: datetime
    queued_local: str  # the hall's wall clock, as the page shows it
    duplicates: list[DuplicateOut]
    changes: list[ChangeOut]
    verified_before: bool


class ImportIn(BaseModel):
    """A JSON-LD file read in the browser, for one of the caller's halls."""

    hall_id: DbInt
    filename: DbStr = Field("", max_length=120)
    document: str = Field(max_length=MAX_UPLOAD_CHARS)


class ImportRecordOut(BaseModel):
    index: int
    outcome: str
    outcome_label: str
    title: str
    job_id: int | None
    reason: str


class ImportReportOut(BaseModel):
    counts: dict[str, int]
    records: list[ImportRecordOut]
