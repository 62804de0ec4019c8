"""Case management: job-seeker registrations, difficulty checks, tier changes, time-limited
cases (办件) and their history, counsellors' follow-ups, and a hall's local closure days.

All of it is personal data (central.services.retention keeps and purges it; erasing a
person removes it). A person belongs to a hall through their tickets and their
registrations there (central.services.casework_people).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from central.models.base import Base, UTCDateTime, utcnow

__all__ = ["FOLLOW_UP_KINDS", "Registration", "WantedItem", "DifficultyCheck", "TierChange",
           "Case", "CaseEvent", "FollowUp", "HallClosure"]

FOLLOW_UP_KINDS = ("phone", "visit", "message")


class Registration(Base):
    """A job seeker's registration (求职登记) in one hall; a new one replaces it."""

    __tablename__ = "registrations"
    __table_args__ = (UniqueConstraint("person_id", "hall_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"), index=True)
    occupations: Mapped[list] = mapped_column(JSON, default=list)     # codes, in the order chosen
    pay_min: Mapped[int | None] = mapped_column(Integer, nullable=True)
    districts: Mapped[list] = mapped_column(JSON, default=list)
    education: Mapped[str] = mapped_column(String(20), default="none")
    availability: Mapped[str] = mapped_column(String(20), default="any")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class WantedItem(Base):
    """One wanted occupation or district of a registration, a row each, so supply against
    demand is counted in SQL on both databases (no JSON-array functions needed)."""

    __tablename__ = "wanted_items"
    __table_args__ = (Index("ix_wanted_kind_value", "kind", "value"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"),
                                                 index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))     # occupation | district
    value: Mapped[str] = mapped_column(String(40))


class DifficultyCheck(Base):
    """One difficulty check taken at a terminal and the tier the rule proposed from it."""

    __tablename__ = "difficulty_checks"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"))
    kiosk_id: Mapped[int | None] = mapped_column(ForeignKey("kiosks.id"), nullable=True)
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    tier: Mapped[int] = mapped_column(Integer)
    score: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class TierChange(Base):
    """A confirmed tier (or a change of it) by a staff member: how people move between tiers."""

    __tablename__ = "tier_changes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    hall_id: Mapped[int | None] = mapped_column(ForeignKey("halls.id"), nullable=True)
    from_tier: Mapped[int | None] = mapped_column(Integer, nullable=True)
    to_tier: Mapped[int | None] = mapped_column(Integer, nullable=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class Case(Base):
    """A time-limited case (办件): opened when a counter visit for a service with a time limit
    ends, due a number of working days later (central.services.workdays)."""

    __tablename__ = "cases"
    __table_args__ = (Index("ix_cases_hall_state", "hall_id", "state"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), nullable=True, unique=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), nullable=True)
    state: Mapped[str] = mapped_column(String(16), default="received")
    steps_done: Mapped[int] = mapped_column(Integer, default=0)
    missing: Mapped[list] = mapped_column(JSON, default=list)   # [{"name", "name_en"}] when sent back
    opened_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    # counted across a year the holiday calendar does not cover yet (central.services.workdays)
    due_estimated: Mapped[bool] = mapped_column(Boolean, default=False)
    closed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CaseEvent(Base):
    """Every change of a case's state, with what was missing when it was sent back."""

    __tablename__ = "case_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(16))
    missing: Mapped[list] = mapped_column(JSON, default=list)
    note: Mapped[str] = mapped_column(Text, default="")
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class FollowUp(Base):
    """A counsellor's contact with a person (phone, visit, message), its outcome and the next one."""

    __tablename__ = "follow_ups"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), nullable=True)
    kind: Mapped[str] = mapped_column(String(12))
    outcome: Mapped[str] = mapped_column(Text, default="")
    next_on: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class HallClosure(Base):
    """A day a hall is closed beyond the national calendar (a local holiday, a move)."""

    __tablename__ = "hall_closures"
    __table_args__ = (UniqueConstraint("hall_id", "day"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"))
    day: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(120), default="")
