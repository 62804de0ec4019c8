"""The counter queue: tickets with per-day numbering, people with their service record,
priority rules per hall, and satisfaction ratings."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from central.models.base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from central.models.hall import Service

__all__ = ["TicketStatus", "PRIORITY_GROUPS", "TicketCounter", "Ticket", "Person",
           "ServiceRecord", "PriorityRule", "Rating", "Referral", "REFERRAL_STATES"]



class TicketStatus(StrEnum):
    """A ticket's state; the values are what the ``tickets.status`` column holds.

    Members are named as their values: psycopg writes an Enum by its *name*, so a name that
    differed from the value would reach PostgreSQL as another word.
    """

    waiting = "waiting"          # issued, in the queue
    called = "called"            # called to a counter
    serving = "serving"          # at the counter
    done = "done"                # finished
    no_show = "no_show"          # called and did not come
    transferred = "transferred"  # moved to another service (a new ticket carries on)
    cancelled = "cancelled"      # taken out of the queue by a supervisor, with a reason

    @classmethod
    def in_queue(cls) -> tuple["TicketStatus", ...]:
        """The states of a ticket not yet served: the queue lists these."""
        return cls.waiting, cls.called

PRIORITY_GROUPS = ("elderly", "disabled", "long_term_unemployed", "graduate", "laid_off")
REFERRAL_STATES = ("sent", "interview", "hired", "not_hired", "withdrawn")


class TicketCounter(Base):
    """The last number issued per hall, service and day; its row lock makes numbering gap-free."""

    __tablename__ = "ticket_counters"
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"), primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), primary_key=True)
    day: Mapped[str] = mapped_column(String(10), primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class Person(Base):
    """A real-name record, minimal: the ID number only as a keyed hash, the name masked."""

    __tablename__ = "people"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    id_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # the identity key that made id_hash (central.services.identity re-keys on a lookup)
    id_key_version: Mapped[int] = mapped_column(Integer, default=1)
    masked_id: Mapped[str] = mapped_column(String(24))
    masked_name: Mapped[str] = mapped_column(String(40))
    priority_group: Mapped[str | None] = mapped_column(String(30), nullable=True)
    counsellor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # the tier (1 ready for placement .. 3 intensive help): proposed by the terminal's
    # difficulty check (hallcore.difficulty), confirmed by a counsellor
    tier: Mapped[int | None] = mapped_column(Integer, nullable=True)
    tier_proposed: Mapped[int | None] = mapped_column(Integer, nullable=True)
    tier_proposed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    tier_confirmed_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), nullable=True)
    tier_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class Ticket(Base):
    __tablename__ = "tickets"
    __table_args__ = (UniqueConstraint("hall_id", "service_id", "day", "number"),
                      # a terminal's idempotency key is its own: another's same key is another ticket
                      UniqueConstraint("kiosk_id", "key", name="uq_tickets_kiosk_key"),
                      Index("ix_tickets_queue", "hall_id", "status", "service_id"),
                      Index("ix_tickets_day", "day", "hall_id"))   # reports by period
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    day: Mapped[str] = mapped_column(String(10))
    number: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(12))
    status: Mapped[str] = mapped_column(String(16), default=TicketStatus.waiting)
    # the queue's order weight: the priority group's weight, or, once a supervisor moved the
    # ticket to the front of its service's queue, one above every other waiting there
    priority: Mapped[int] = mapped_column(Integer, default=0)
    priority_group: Mapped[str | None] = mapped_column(String(30), nullable=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), nullable=True)
    # the terminal named a person but could not prove it read their card: staff check the card
    card_unconfirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    routed_counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"), nullable=True)
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"), nullable=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), nullable=True)
    key: Mapped[str] = mapped_column(String(64))
    status_token: Mapped[str] = mapped_column(String(32), unique=True)
    kiosk_id: Mapped[int | None] = mapped_column(ForeignKey("kiosks.id"), nullable=True)
    fallback_label: Mapped[str | None] = mapped_column(String(16), nullable=True)
    transferred_from_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), nullable=True)
    arrival_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    called_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # the visitor sat down at the counter: service time runs from here (else from the call)
    serving_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    recalls: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(Text, default="")
    # why a supervisor cancelled the ticket (status cancelled); who did it is in the audit log
    cancel_reason: Mapped[str | None] = mapped_column(String(200), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # many-to-one: a ticket holds its service, so its answer reads it without a second query
    service: Mapped[Service] = relationship()


class ServiceRecord(Base):
    __tablename__ = "service_records"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), nullable=True)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id"), nullable=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), nullable=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PriorityRule(Base):
    """How much a group moves up in a hall's queues (weight 0 = no priority)."""

    __tablename__ = "priority_rules"
    __table_args__ = (UniqueConstraint("hall_id", "group"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"))
    group: Mapped[str] = mapped_column(String(30))
    weight: Mapped[int] = mapped_column(Integer, default=1)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: the group also takes in every visitor of this age or more whose card the terminal
    #: proved it read (the birth date in their identity number); None: only whom staff put in it
    min_age: Mapped[int | None] = mapped_column(Integer, nullable=True)


class Rating(Base):
    __tablename__ = "ratings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), unique=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"), nullable=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), nullable=True)
    score: Mapped[int] = mapped_column(Integer)
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Referral(Base):
    __tablename__ = "referrals"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), nullable=True)
    state: Mapped[str] = mapped_column(String(16), default="sent")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
