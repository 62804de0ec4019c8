"""Case management at the terminal and in the console: a job seeker's registration, the
difficulty check, cases with time limits, follow-ups (answers the terminal reads are in
hallcore.contract)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from central.models.casework import FOLLOW_UP_KINDS
from central.models.queue import PRIORITY_GROUPS
from central.schemas.common import NO_NUL, DbInt, IdNumber
from central.schemas.tickets import CardProofIn
from hallcore.contract import (AVAILABILITY, EDUCATION, CaseDocumentOut, CaseOut, CounsellorOut,
                               DifficultyOut, RegistrationOut)

__all__ = ["VisitorIn", "RegistrationIn", "DifficultyIn", "RegistrationOut", "DifficultyOut",
           "CaseOut", "CounsellorOut", "ProfileIn", "FollowUpIn", "CaseActionIn", "ClosureIn",
           "ClosureOut", "FollowUpOut", "StaffCaseOut", "PersonOut", "CaseloadRowOut"]

OccupationCode = Annotated[str, Field(min_length=1, max_length=20, pattern=r"^[0-9A-Za-z-]+$")]
District = Annotated[str, Field(min_length=1, max_length=40, pattern=NO_NUL)]
AnswerId = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[0-9a-z_]+$")]


class VisitorIn(BaseModel):
    """Who is at the terminal, proved as for "my progress": the ID number and what only the
    card holds (central.services.identity), and the visitor's consent to keep what they enter."""

    id_number: IdNumber
    card: CardProofIn
    name: Annotated[str, Field(max_length=40, pattern=NO_NUL)] = ""   # masked before storing
    consent: Literal[True]    # without it nothing is stored (422)


class RegistrationIn(VisitorIn):
    occupations: list[OccupationCode] = Field(min_length=1, max_length=3)
    pay_min: int | None = Field(None, ge=0, le=1_000_000)     # CNY per month
    districts: list[District] = Field([], max_length=10)      # empty: anywhere
    education: Literal[EDUCATION]
    availability: Literal[AVAILABILITY] = "any"


class DifficultyIn(VisitorIn):
    answers: dict[AnswerId, AnswerId] = Field(max_length=20)  # question id -> option id


# ---- staff side -------------------------------------------------------------------------

Note = Annotated[str, Field(max_length=1000, pattern=NO_NUL)]


class ProfileIn(BaseModel):
    """What staff change on a person; a field left out stays as it is, ``null`` clears it."""

    priority_group: Literal[PRIORITY_GROUPS] | None = None
    tier: Literal[1, 2, 3] | None = None
    counsellor_id: DbInt | None = None


class FollowUpIn(BaseModel):
    kind: Literal[FOLLOW_UP_KINDS]
    outcome: Note = ""
    next_on: date | None = None


class CaseActionIn(BaseModel):
    action: Literal["review", "step", "send_back", "done"]
    missing: list[Annotated[int, Field(ge=0, le=99)]] = Field([], max_length=20)  # document indexes
    note: Note = ""


class ClosureIn(BaseModel):
    day: date
    reason: Annotated[str, Field(max_length=120, pattern=NO_NUL)] = ""


class ClosureOut(BaseModel):
    hall_id: int
    day: date
    reason: str


class FollowUpOut(BaseModel):
    id: int
    kind: str
    outcome: str
    next_on: date | None
    staff: str
    at: datetime


class StaffCaseOut(CaseOut):
    """A case as staff see it: the visitor's view plus what staff decide on."""

    person_id: int
    steps_done: int
    due_estimated: bool
    overdue: bool
    on_time: bool | None
    documents: list[CaseDocumentOut]           # the service's list, to choose what is missing


class PersonOut(BaseModel):
    """The person page's facts (read audited)."""

    id: int
    masked_name: str
    masked_id: str
    priority_group: str | None
    tier: int | None
    tier_proposed: int | None
    tier_confirmed_by: str | None
    tier_confirmed_at: datetime | None
    counsellor_id: int | None
    counsellor: str | None
    halls: list[int]
    registration: RegistrationOut | None
    cases: list[StaffCaseOut]
    follow_ups: list[FollowUpOut]


class CaseloadRowOut(BaseModel):
    person_id: int
    masked_name: str
    masked_id: str
    tier: int | None
    tier_proposed: int | None = None
    reason: Literal["follow_up_due", "case_due", "no_contact", "none"]
    due: date | None                           # when the reason falls due
    last_contact: date | None
    open_cases: int
