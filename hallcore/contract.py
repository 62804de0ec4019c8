"""The answers of the central service that a terminal reads, defined once for both sides.

The service declares them as the response models of its terminal routes (central/schemas
imports them from here), and the terminal's client (kiosk/api.py) validates every answer
against the same model at its boundary: a malformed or hostile answer is refused there as
one error, not met later as a KeyError deep inside a screen. Fields a newer service adds are
ignored by an older terminal, so the two can be upgraded one after the other.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["OrmOut", "HallOut", "DocumentOut", "StepOut", "ServiceOut", "KioskOut", "JobOut", "JobFeedOut",
           "EventsOut", "OccupationOut", "QuizBankOut", "QuizBundleOut", "KioskConfigOut",
           "AnnouncementTextOut", "RatingOut", "HelpCallOut"]


class OrmOut(BaseModel):
    """An answer that may be read straight from an ORM row (on the service), or from JSON by
    its field names (on the terminal)."""

    model_config = ConfigDict(from_attributes=True, validate_by_name=True)


class HallOut(OrmOut):
    id: int
    code: str
    name: str
    name_en: str


class DocumentOut(BaseModel):
    name: str
    name_en: str = ""
    note: str = ""
    note_en: str = ""


class StepOut(BaseModel):
    name: str
    name_en: str = ""


class ServiceOut(OrmOut):
    id: int
    code: str
    letter: str
    name: str
    name_en: str
    description: str
    description_en: str
    documents: list[DocumentOut]
    requires_identity: bool
    active: bool
    # who may apply, how it goes, and the legal time limit in working days (None: none);
    # defaults, so a terminal reads an older service's answer too
    conditions: str = ""
    conditions_en: str = ""
    steps: list[StepOut] = []
    time_limit_days: int | None = None


class KioskOut(OrmOut):
    id: int
    name: str
    place: str
    hall: HallOut


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


class JobFeedOut(BaseModel):
    items: list[JobOut]
    withdrawn: list[int]
    cursor: str
    has_more: bool


class EventsOut(BaseModel):
    accepted: list[str]
    duplicates: list[str]


class OccupationOut(BaseModel):
    code: str
    name: str
    name_en: str
    category: str
    riasec: str


class QuizBankOut(BaseModel):
    """A version of the bank (items, answer scale and type descriptions, as hallcore.quiz reads them)."""

    version: int
    items: list[dict[str, Any]]
    scale: list[dict[str, Any]]
    types: dict[str, Any]


class QuizBundleOut(QuizBankOut):
    """What a terminal caches: the newest bank and the occupations with their RIASEC codes."""

    occupations: list[OccupationOut]


class KioskConfigOut(BaseModel):
    """What the calling terminal applies: merged overrides and their version."""

    version: int
    values: dict[str, Any]


class AnnouncementTextOut(BaseModel):
    text: str
    text_en: str


class RatingOut(BaseModel):
    id: int
    score: int


class HelpCallOut(BaseModel):
    """A terminal's call for help: ``acknowledged`` once a staff member is on the way."""

    id: int
    acknowledged: bool
