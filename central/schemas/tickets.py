"""Queue tickets: issued by terminals, worked at counters, followed and rated on phones."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, model_validator

from central.models.queue import PRIORITY_GROUPS
from central.schemas.common import NO_NUL, DbDateTime, DbStr, IdNumber
from central.schemas.halls import DocumentOut
from hallcore.contract import RatingOut

__all__ = ["CardProofIn", "PersonIn", "TicketIn", "TicketOut", "FinishIn", "TransferIn", "RatingIn",
           "RatingOut", "StaffTicketOut", "CallOut", "VisitorOut", "VisitorPersonOut", "RecordOut", "CounterRecordOut",
           "VisitorReferralOut"]


# the card's own data: dates as the card prints them (YYYYMMDD, or 长期 for "no expiry")
CardText = Annotated[str, Field(max_length=40, pattern=NO_NUL)]


class CardProofIn(BaseModel):
    """What only the card holds, read with the ID number (central.services.identity):
    the resident ID card's issuing authority and validity dates, or the social-security
    card's card number. Kept only as a keyed hash."""

    source: Literal["idcard", "smartcard"]
    issuer: CardText = ""
    valid_from: CardText = ""
    valid_to: CardText = ""
    card_number: CardText = ""

    @model_validator(mode="after")
    def _what_the_card_holds(self) -> "CardProofIn":
        if not all(f.strip() for f in self.secret_fields()):
            raise ValueError(f"a {self.source} proof needs {', '.join(self._names())}")
        return self

    def _names(self) -> tuple[str, ...]:
        return ("card_number",) if self.source == "smartcard" else ("issuer", "valid_from", "valid_to")

    def secret_fields(self) -> tuple[str, ...]:
        """The proof's values for its kind of card, in a fixed order."""
        return tuple(getattr(self, name) for name in self._names())


class PersonIn(BaseModel):
    """A visitor who identified at the terminal (sent only with their consent), with the
    proof that the terminal read their card."""

    id_number: IdNumber
    name: DbStr = Field("", max_length=40)  # masked into a VARCHAR(40)
    card: CardProofIn | None = None


class TicketIn(BaseModel):
    key: DbStr = Field(min_length=8, max_length=64)
    service_code: DbStr = Field(min_length=1, max_length=40)
    person: PersonIn | None = None
    # ignored: a priority group comes only from what staff set on the person (older
    # terminals still send one)
    priority_group: Literal[PRIORITY_GROUPS] | None = None
    # when a ticket issued offline was taken; kept only inside the terminal's real offline
    # window (central.services.arrival)
    arrival_at: DbDateTime | None = None
    fallback_label: DbStr | None = Field(None, max_length=12)  # becomes the label, VARCHAR(12)


class StaffTicketOut(BaseModel):
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


class FinishIn(BaseModel):
    note: DbStr = Field("", max_length=1000)   # for staff: the visitor never sees it
    visitor_summary: DbStr = Field("", max_length=200)   # a short line the visitor may read


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


class CounterRecordOut(RecordOut):
    """One past service as the counter sees it: ``at`` on the hall's clock, who served, the
    note for staff (in ``summary``) and what the visitor was told."""

    staff: str = ""
    visitor_summary: str = ""


class VisitorReferralOut(BaseModel):
    id: int
    title: str
    employer: str
    state: str
    updated: str = ""   # the state's last change, the hall's day (YYYY-MM-DD)


class VisitorOut(BaseModel):
    """What the counter sees of the visitor it called."""

    documents: list[DocumentOut]
    person: VisitorPersonOut | None = None
    # the terminal could not prove it read this person's card: check the card at the counter
    card_unconfirmed: bool = False
    history: list[CounterRecordOut] = []
    referrals: list[VisitorReferralOut] = []
