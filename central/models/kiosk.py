"""Terminals: enrolment code and token (hashes only), and the events they send."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from central.models.base import Base, UTCDateTime, utcnow

__all__ = ["Kiosk", "KioskEvent"]


class Kiosk(Base):
    __tablename__ = "kiosks"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    place: Mapped[str] = mapped_column(String(120), default="")
    enrol_code_hash: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    enrol_code_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    enrolled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    # the key the terminal seals identities in its outbox with (hallcore.sealing); handed
    # out once, at enrolment or to a terminal enrolled before keys existed
    seal_key: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class KioskEvent(Base):
    """An outbox event from a terminal; ``key`` makes delivery idempotent."""

    __tablename__ = "kiosk_events"
    __table_args__ = (Index("ix_kiosk_events_kind_at", "kind", "occurred_at"),   # reports by period
                      UniqueConstraint("kiosk_id", "key", name="uq_kiosk_events_kiosk_key"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kiosk_id: Mapped[int] = mapped_column(ForeignKey("kiosks.id"), index=True)
    key: Mapped[str] = mapped_column(String(64))   # unique per terminal
    kind: Mapped[str] = mapped_column(String(32))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
