"""The answers of the central service that a terminal reads, defined once for both sides.

The service declares them as the response models of its terminal routes (central/schemas
imports them from here), and the terminal's client (kiosk/api.py) validates every answer
against the same model at its boundary: a malformed or hostile answer is refused there as
one error, not met later as a KeyError deep inside a screen. Fields a newer service adds are
ignored by an older terminal, so the two can be upgraded one after the other.

Each model builds its validator when first used (``defer_build``), not when this module is
imported: the terminal imports it on its way to the first frame and needs none of them
before its first call to the service, which happens off the UI thread.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Answer", "OrmOut", "HallOut", "DocumentOut", "ServiceOut", "KioskOut", "JobOut",
           "JobFeedOut", "EventsOut", "OccupationOut", "QuizBankOut", "QuizBundleOut",
           "KioskConfigOut", "AnnouncementTextOut", "RatingOut", "StaffTicketOut", "TicketOut",
           "RecordOut", "ProgressTicketOut", "ProgressReferralOut", "ProgressOut", "CommandOut",
           "ReleaseOfferOut", "BeatOut", "SealKeyOut"]


class Answer(BaseModel):
    """Base of every answer: its validator is built on first use."""

    model_config = ConfigDict(defer_build=True)


class OrmOut(Answer):
    """An answer that may be read straight from an ORM row (on the service), or from JSON by
    its field names (on the terminal)."""

    model_config = ConfigDict(from_attributes=True, validate_by_name=True)


class HallOut(OrmOut):
    id: int
    code: str
    name: str
    name_en: str


class DocumentOut(Answer):
    name: str
    name_en: str = ""
    note: str = ""
    note_en: str = ""


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


class JobFeedOut(Answer):
    items: list[JobOut]
    withdrawn: list[int]
    cursor: str
    has_more: bool


class EventsOut(Answer):
    accepted: list[str]
    duplicates: list[str]


class OccupationOut(Answer):
    code: str
    name: str
    name_en: str
    category: str
    riasec: str


class QuizBankOut(Answer):
    """A version of the bank (items, answer scale and type descriptions, as hallcore.quiz reads them)."""

    version: int
    items: list[dict[str, Any]]
    scale: list[dict[str, Any]]
    types: dict[str, Any]


class QuizBundleOut(QuizBankOut):
    """What a terminal caches: the newest bank and the occupations with their RIASEC codes."""

    occupations: list[OccupationOut]


class KioskConfigOut(Answer):
    """What the calling terminal applies: merged overrides and their version."""

    version: int
    values: dict[str, Any]


class AnnouncementTextOut(Answer):
    text: str
    text_en: str


class RatingOut(Answer):
    id: int
    score: int


class StaffTicketOut(Answer):
    """A ticket as staff see it: no status link, since whoever holds the link may rate the
    visit, and only the visitor should."""

    id: int
    label: str
    status: str
    service: str
    service_en: str
    service_code: str
    people_ahead: int
    wait_min: int
    counter: str | None
    counter_number: int | None
    routed_counter: str | None
    documents: list[DocumentOut]
    fallback_label: str | None
    issued_at: str
    recalls: int


class TicketOut(StaffTicketOut):
    """A ticket as the terminal, its slip and the phone that scanned it see it."""

    status_url: str


class RecordOut(Answer):
    """One line of a person's service record."""

    at: str
    summary: str


class ProgressTicketOut(Answer):
    label: str
    status: str
    service: str


class ProgressReferralOut(Answer):
    title: str
    employer: str
    state: str
    updated: str


class ProgressOut(Answer):
    """A visitor's own record, for the terminal that proved it read their card."""

    services: list[RecordOut] = []
    tickets: list[ProgressTicketOut] = []
    referrals: list[ProgressReferralOut] = []


class CommandOut(Answer):
    """A command handed to a terminal with its beat."""

    id: int
    kind: str
    args: dict[str, Any]


class ReleaseOfferOut(Answer):
    """In a beat's answer: the release the terminal's ring wants it to run, to fetch from
    ``url`` and check against ``sha256`` and ``signature`` before installing."""

    version: str
    url: str
    sha256: str
    signature: str


class BeatOut(Answer):
    """The answer to a heartbeat: the config version to run and the commands to do."""

    config_version: int
    commands: list[CommandOut]
    # the release the terminal's ring wants it to run, if it does not yet (and did not refuse it)
    release: ReleaseOfferOut | None = None


class SealKeyOut(Answer):
    """A terminal's sealing key, handed out once."""

    seal_key: str
