"""Job postings: the staff list, one posting, the terminals' delta feed, state changes."""

from __future__ import annotations

from pydantic import BaseModel, Field

from central.schemas.common import DbStr
from hallcore.contract import JobFeedOut, JobOut

__all__ = ["JobOut", "JobListOut", "JobFeedOut", "JobNoteIn"]


class JobListOut(BaseModel):
    total: int
    items: list[JobOut]


class JobNoteIn(BaseModel):
    """Why a posting was verified, rejected or withdrawn (kept in the audit log)."""

    note: DbStr = Field("", max_length=500)
