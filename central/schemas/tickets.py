"""Queue tickets: issued by terminals, worked at counters, followed and rated on phones."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from central.models.queue import PRIORITY_GROUPS
from central.schemas.common import DbDateTime, DbStr, IdNumber
from central.schemas.halls import DocumentOut
from hallcore.contract import RatingOut

__all__ = ["PersonIn", "TicketIn", "TicketOut", "FinishIn", "TransferIn", "RatingIn",
           "RatingOut", "CallOut", "VisitorOut", "VisitorPersonOut", "RecordOut",
           "VisitorReferralOut"]


class PersonIn(BaseModel):
    """A visitor who identified at the terminal (sent only with their consent)."""

    id_number: IdNumber
    name: DbStr = Field("", max_length=40)  # masked into a VARCHAR(40)


class TicketIn(BaseModel):
    key: DbStr = Field(min_length=8, max_length=64)
    service_code: DbStr = Field(min_length=1, max_length=40)
    person: PersonIn | None = None
    priority_group: Literal[PRIORITY_GROUPS] | None = None
    arrival_at: DbDateTime | None = None
    fallback_label: DbStr | None = Field(None, max_length=12)  # becomes the label, VARCHAR(12)


class TicketOut(BaseModel):
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
    status_url: str
    issued_at: str
    recalls: int


class FinishIn(BaseModel):
    note: DbStr = Field("", max_length=1000)


class TransferIn(BaseModel):
    service_code: DbStr = Field(min_length=1, max_length=40)


class RatingIn(BaseModel):
    score: int = Field(ge=1, le=5)
    reasons: list[str] = Field(default_factory=list, max_length=6)


class CallOut(BaseModel):
    """One call on the hall's display board."""

    label: str
    counter: str
    counter_number: int
    status: str
    recalls: int
    at: str


class VisitorPersonOut(BaseModel):
    masked_name: str
    masked_id: str
    priority_group: str | None


class RecordOut(BaseModel):
    """One line of a person's service record."""

    at: str
    summary: str


class VisitorReferralOut(BaseModel):
    id: int
    title: str
    employer: str
    state: str


class VisitorOut(BaseModel):
    """What the counter sees of the visitor it called."""

    documents: list[DocumentOut]
    person: VisitorPersonOut | None = None
    history: list[RecordOut] = []
    referrals: list[VisitorReferralOut] = []
