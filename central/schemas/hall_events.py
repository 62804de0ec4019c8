"""Hall events at the terminal and in the console (answers the terminal reads are in
hallcore.contract)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, model_validator

from central.models.events import ELIGIBILITY, EVENT_KINDS, NOTICES
from central.schemas.casework import VisitorIn
from central.schemas.common import NO_NUL, DbInt
from central.schemas.people import ProgressIn
from hallcore.contract import EventRegistrationOut, HallEventOut, HallEventsOut, NoticesShownOut

__all__ = ["EventRegisterIn", "EventCancelIn", "EventIn", "CheckInIn", "CheckInOut", "EventReportOut",
           "EventRegistrationOut", "HallEventOut", "HallEventsOut", "KIND_FILTER", "NoticesShownIn",
           "NoticesShownOut"]

KIND_FILTER = Literal[("",) + EVENT_KINDS]
Text = Annotated[str, Field(max_length=2000, pattern=NO_NUL)]
Line = Annotated[str, Field(max_length=200, pattern=NO_NUL)]


class EventRegisterIn(VisitorIn):
    """The card holder, proved as for "my progress", with their consent."""


class EventCancelIn(ProgressIn):
    """The card holder, proved as for "my progress"."""


class NoticeShown(BaseModel):
    token: Annotated[str, Field(min_length=8, max_length=64, pattern=r"^[0-9A-Za-z_-]+$")]
    notice: Literal[NOTICES]


class NoticesShownIn(BaseModel):
    """The notices a terminal's home screen showed its card holder (from their own record)."""

    notices: list[NoticeShown] = Field(min_length=1, max_length=20)


class EventIn(BaseModel):
    """An event as staff create or edit it; times are UTC or carry their offset."""

    hall_id: DbInt
    kind: Literal[EVENT_KINDS]
    title: Annotated[str, Field(min_length=1, max_length=120, pattern=NO_NUL)]
    title_en: Line = ""
    description: Text = ""
    description_en: Text = ""
    place: Line = ""
    place_en: Line = ""
    bring: Line = ""
    bring_en: Line = ""
    starts_at: datetime
    ends_at: datetime
    capacity: int = Field(ge=1, le=100_000)
    eligibility: Literal[ELIGIBILITY] = "anyone"
    eligibility_value: Annotated[str, Field(max_length=30, pattern=NO_NUL)] = ""
    registration_opens: datetime | None = None
    registration_closes: datetime | None = None
    postings: list[DbInt] = Field([], max_length=200)     # verified postings, for a job fair

    @model_validator(mode="after")
    def _times(self) -> "EventIn":
        if self.ends_at <= self.starts_at:
            raise ValueError("an event ends after it starts")
        return self


class CheckInIn(BaseModel):
    # a bare token, or the address of the registration's phone page that the slip's QR holds
    token: Annotated[str, Field(min_length=8, max_length=300, pattern=r"^[\s0-9A-Za-z_:/.?=&%-]+$")]


class CheckInOut(BaseModel):
    registration_id: int
    person: str            # masked name and number
    state: str
    already: bool          # checked in before: nothing changed


class EventReportOut(BaseModel):
    registered: int
    attended: int
    no_shows: int
    waiting: int
    cancelled: int
    attendance_rate: float | None
    referrals: int
    hires: int
