"""Hall events: job fairs, training courses, internship programmes, start-up workshops and
information sessions, with registration, a waiting list and check-in at the door.

(Not to be confused with a terminal's outbox events, central.models.kiosk.KioskEvent.)
The rules live in central.services.hall_events.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from central.models.base import Base, UTCDateTime, utcnow

__all__ = ["EVENT_KINDS", "ELIGIBILITY", "EVENT_STATES", "REGISTRATION_STATES", "NOTICES", "HallEvent",
           "EventEmployer", "EventPosting", "EventRegistration"]

EVENT_KINDS = ("job_fair", "training", "internship", "startup_workshop", "information_session")
# who may register: anyone; graduates (priority group "graduate"); people of one tier; one
# priority group (``eligibility_value`` says which tier or group)
ELIGIBILITY = ("anyone", "graduates", "tier", "priority_group")
EVENT_STATES = ("open", "cancelled")
REGISTRATION_STATES = ("registered", "waiting", "cancelled", "attended")
# what a person has still to be told about their place, at their next visit to a terminal:
# they moved up from the waiting list, or the event was cancelled ("" once told)
NOTICES = ("promoted", "event_cancelled")


class HallEvent(Base):
    """One event in a hall. ``seats_taken`` is the counter row registrations claim a seat on
    (registered + attended), never above ``capacity``; ``waiting_seq`` numbers the waiting list."""

    __tablename__ = "hall_events"
    __table_args__ = (Index("ix_hall_events_hall_start", "hall_id", "starts_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"))
    kind: Mapped[str] = mapped_column(String(24))
    title: Mapped[str] = mapped_column(String(120))
    title_en: Mapped[str] = mapped_column(String(160), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    place: Mapped[str] = mapped_column(String(200), default="")
    place_en: Mapped[str] = mapped_column(String(200), default="")
    bring: Mapped[str] = mapped_column(String(400), default="")       # what to bring
    bring_en: Mapped[str] = mapped_column(String(400), default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    capacity: Mapped[int] = mapped_column(Integer)
    eligibility: Mapped[str] = mapped_column(String(20), default="anyone")
    eligibility_value: Mapped[str] = mapped_column(String(30), default="")
    registration_opens: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    registration_closes: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    state: Mapped[str] = mapped_column(String(12), default="open")
    seats_taken: Mapped[int] = mapped_column(Integer, default=0)
    waiting_seq: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class EventEmployer(Base):
    """An employer taking part in a job fair (at a booth)."""

    __tablename__ = "event_employers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("hall_events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(160), default="")
    booth: Mapped[str] = mapped_column(String(20), default="")


class EventPosting(Base):
    """A verified posting an employer brings to a job fair."""

    __tablename__ = "event_postings"
    __table_args__ = (UniqueConstraint("event_id", "job_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("hall_events.id", ondelete="CASCADE"), index=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("event_employers.id", ondelete="CASCADE"))
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id"))


class EventRegistration(Base):
    """A person's place at an event, once per event: registered, waiting (``waiting_seq``
    orders the list), cancelled or attended. ``token`` is what the slip's QR code carries.
    ``notice`` is what the person has yet to be told (one of NOTICES, "" for nothing), set
    with the change and cleared when a terminal showed it (``notified_at``)."""

    __tablename__ = "event_registrations"
    __table_args__ = (UniqueConstraint("event_id", "person_id"),
                      Index("ix_event_registrations_event_state", "event_id", "state"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("hall_events.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    state: Mapped[str] = mapped_column(String(12))
    waiting_seq: Mapped[int | None] = mapped_column(Integer, nullable=True)
    token: Mapped[str] = mapped_column(String(40), unique=True)
    kiosk_id: Mapped[int | None] = mapped_column(ForeignKey("kiosks.id"), nullable=True)
    promoted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    attended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    checked_in_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), nullable=True)
    notice: Mapped[str] = mapped_column(String(16), default="", server_default="")
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
