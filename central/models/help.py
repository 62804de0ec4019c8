"""Calls for help made at a terminal: a visitor pressed "call staff"."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer
from sqlalchemy.orm import Mapped, mapped_column

from central.models.base import Base, UTCDateTime, utcnow

__all__ = ["HelpCall"]


class HelpCall(Base):
    __tablename__ = "help_calls"
    __table_args__ = (Index("ix_help_calls_open", "hall_id", "acknowledged_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kiosk_id: Mapped[int] = mapped_column(ForeignKey("kiosks.id", ondelete="CASCADE"), index=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    acknowledged_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), nullable=True)
