"""Each terminal's health over time, for the chart on its console page: one sample per
terminal every few minutes (and on every change of state), not one per beat."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from central.models.base import Base, UTCDateTime, utcnow

__all__ = ["HealthSample"]


class HealthSample(Base):
    __tablename__ = "kiosk_health"
    __table_args__ = (Index("ix_kiosk_health_kiosk_at", "kiosk_id", "at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kiosk_id: Mapped[int] = mapped_column(ForeignKey("kiosks.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    state: Mapped[str] = mapped_column(String(12))          # ok | degraded | offline (worst device)
    devices_ok: Mapped[int] = mapped_column(Integer, default=0)
    devices_total: Mapped[int] = mapped_column(Integer, default=0)
    outbox_depth: Mapped[int] = mapped_column(Integer, default=0)
    free_disk_mb: Mapped[int] = mapped_column(Integer, default=0)
    uptime_s: Mapped[int] = mapped_column(Integer, default=0)
