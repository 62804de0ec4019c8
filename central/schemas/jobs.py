"""Job postings: the staff list, one posting, the terminals' delta feed, state changes."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from central.schemas.common import DbStr, OrmOut

__all__ = ["JobOut", "JobListOut", "JobFeedOut", "JobNoteIn"]


class JobOut(OrmOut):
    id: int
    title: str
    title_en: str | None
    employer: str
    employer_en: str | None
    district: str
    address: str
    occupation_code: str
    occupation_name: str
    category: str
    salary_min: int | None
    salary_max: int | None
    education: str
    experience_years: int
    employment_type: str
    hours: str
    contact: str
    description: str
    duties: str
    requirements: str
    how_to_apply: str
    tags: list[str]
    verification_status: str = Field(validation_alias="status")
    verified_at: datetime | None
    posted_at: datetime
    expires_at: datetime | None
    source_url: str | None
    updated_at: datetime


class JobListOut(BaseModel):
    total: int
    items: list[JobOut]


class JobFeedOut(BaseModel):
    items: list[JobOut]
    withdrawn: list[int]
    cursor: str
    has_more: bool


class JobNoteIn(BaseModel):
    """Why a posting was verified, rejected or withdrawn (kept in the audit log)."""

    note: DbStr = Field("", max_length=500)
