"""What proves a visitor's card was read (a keyed hash per person and card kind), and the
shared rate-limit counters (one row per key and window, deleted once the window is over)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from central.models.base import Base, UTCDateTime, utcnow

__all__ = ["PersonCard", "RateCount"]


class PersonCard(Base):
    """The card a person was first identified with, per kind ("idcard", "smartcard"): only a
    keyed hash of what the card alone holds, with the version of the key that made it."""

    __tablename__ = "person_cards"
    __table_args__ = (UniqueConstraint("person_id", "source"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(String(16))
    proof_hash: Mapped[str] = mapped_column(String(64))
    key_version: Mapped[int] = mapped_column(Integer, default=1)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RateCount(Base):
    """How many hits ``key`` had in the fixed window starting at ``window_start`` (epoch s)."""

    __tablename__ = "rate_counts"
    key: Mapped[str] = mapped_column(String(96), primary_key=True)
    window_start: Mapped[int] = mapped_column(Integer, primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    expires_at: Mapped[int] = mapped_column(Integer, index=True)  # epoch s: deleted after
