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

__all__ = ["Answer", "OrmOut", "HallOut", "DocumentOut", "StepOut", "ServiceOut", "KioskOut",
           "JobOut", "JobFeedOut", "EventsOut", "OccupationOut", "QuizBankOut", "QuizBundleOut",
           "KioskConfigOut", "AnnouncementTextOut", "RatingOut", "StaffTicketOut", "TicketOut",
           "RecordOut", "ProgressTicketOut", "ProgressReferralOut", "WantedOccupationOut",
           "RegistrationOut", "DifficultyOut", "CaseStepOut", "CaseDocumentOut", "CaseOut",
           "CounsellorOut", "ProgressOut", "CommandOut", "ReleaseOfferOut", "BeatOut", "SealKeyOut",
           "PowerScheduleOut", "HelpCallOut", "EventPostingOut", "EventEmployerOut", "HallEventOut",
           "HallEventsOut", "EventRegistrationOut", "EDUCATION", "AVAILABILITY", "CASE_STATES"]

# what a registration may say (the job feed's education levels, lowest first)
EDUCATION = ("none", "junior_high", "high_school", "vocational", "associate", "bachelor", "master")
# the work a job seeker can take: a posting's employment_type, or either
AVAILABILITY = ("full_time", "part_time", "any")
# a time-limited case (办件): received -> in_review -> done, or sent_back (then in_review again)
CASE_STATES = ("received", "in_review", "sent_back", "done")


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


class StepOut(Answer):
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
    # when the visitor sat down at the counter, on the hall's clock (HH:MM); None until then
    serving_since: str | None = None


class TicketOut(StaffTicketOut):
    """A ticket as the terminal, its slip and the phone that scanned it see it."""

    status_url: str
    case: CaseOut | None = None   # on the phone page: the time-limited case the visit opened


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


class WantedOccupationOut(Answer):
    code: str
    name: str
    name_en: str = ""


class RegistrationOut(Answer):
    """A job seeker's registration (求职登记) as it stands after the last change."""

    occupations: list[WantedOccupationOut]     # at most three, in the order chosen
    pay_min: int | None                        # CNY per month; None: not said
    districts: list[str]                       # empty: anywhere
    education: str                             # one of EDUCATION
    availability: str                          # one of AVAILABILITY
    updated_at: datetime


class DifficultyOut(Answer):
    """The tier the service proposes from the answers (hallcore.difficulty); staff confirm it.
    ``tier_name``, ``explanation`` and ``reasons`` are msgids the terminal translates."""

    tier: int                                  # 1, 2 or 3
    tier_name: str
    explanation: str
    reasons: list[str]
    service_code: str                          # the service to offer a ticket for
    proposed: bool = True


class CaseStepOut(Answer):
    name: str
    name_en: str = ""
    done: bool = False


class CaseDocumentOut(Answer):
    name: str
    name_en: str = ""


class CaseOut(Answer):
    """A time-limited case (办件) as its visitor sees it; dates are the hall's days (YYYY-MM-DD)."""

    id: int
    service: str
    service_en: str = ""
    state: str                                 # one of CASE_STATES
    steps: list[CaseStepOut] = []
    opened: str
    due: str
    closed: str | None = None
    missing: list[CaseDocumentOut] = []        # what to bring, when sent back


class CounsellorOut(Answer):
    """The visitor's named counsellor and the counter where they work (None: not at one)."""

    name: str
    counter: int | None = None


class EventPostingOut(Answer):
    id: int
    title: str
    title_en: str = ""


class EventEmployerOut(Answer):
    """An employer at a job fair, with the verified postings it brings."""

    name: str
    name_en: str = ""
    booth: str = ""
    postings: list[EventPostingOut] = []


class HallEventOut(Answer):
    """An event a visitor may register for (job fair, training course, internship programme,
    start-up workshop, information session); ``kind`` and ``eligibility`` are codes the
    terminal words itself."""

    id: int
    hall_id: int
    hall: str
    hall_en: str = ""
    kind: str
    title: str
    title_en: str = ""
    description: str = ""
    description_en: str = ""
    place: str = ""
    place_en: str = ""
    bring: str = ""                            # what to bring
    bring_en: str = ""
    starts_at: datetime
    ends_at: datetime
    capacity: int
    seats_left: int
    waiting: int = 0                           # people on the waiting list
    eligibility: str = "anyone"                # anyone, graduates, tier or priority_group
    eligibility_value: str = ""
    registration_open: bool = True             # inside the window and not cancelled
    cancelled: bool = False
    employers: list[EventEmployerOut] = []


class HallEventsOut(Answer):
    events: list[HallEventOut] = []


class EventRegistrationOut(Answer):
    """A visitor's place at an event: registered, waiting (``position`` 1 is next), cancelled
    or attended; ``token`` is what the slip's QR code carries for check-in at the door."""

    event_id: int
    title: str
    title_en: str = ""
    kind: str
    place: str = ""
    place_en: str = ""
    bring: str = ""
    bring_en: str = ""
    starts_at: datetime
    ends_at: datetime
    state: str
    position: int | None = None
    token: str = ""
    event_cancelled: bool = False
    promoted: bool = False                     # moved up from the waiting list
    # what the visitor has yet to be told at a terminal: "promoted" | "event_cancelled" | ""
    notice: str = ""


class NoticesShownOut(Answer):
    """How many of the notices a terminal showed were cleared (one that changed meanwhile
    stays, to be shown at the next visit)."""

    cleared: int


class ProgressOut(Answer):
    """A visitor's own record, for the terminal that proved it read their card."""

    services: list[RecordOut] = []
    tickets: list[ProgressTicketOut] = []
    referrals: list[ProgressReferralOut] = []
    counsellor: CounsellorOut | None = None
    registration: RegistrationOut | None = None
    cases: list[CaseOut] = []                  # open ones, and those closed in the last 30 days
    matching_jobs: int = 0                     # verified postings matching the registration
    matching_job_ids: list[int] = []           # the newest of them, at most 50
    events: list[EventRegistrationOut] = []    # their event registrations, newest event first


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


class PowerScheduleOut(Answer):
    """When the terminal's hall is open (hallcore/power.py reads it): the screens sleep outside
    these hours and wake ``wake_before_min`` minutes before opening. No hours: never asleep."""

    timezone: str = Field(max_length=40)
    opening_hours: dict[str, list[str]] = Field(default_factory=dict, max_length=7)
    wake_before_min: int = Field(15, ge=0, le=240)


class HelpCallOut(Answer):
    """A terminal's call for help: ``acknowledged`` once a staff member is on the way."""

    id: int
    acknowledged: bool
