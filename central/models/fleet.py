"""The fleet: each terminal's last heartbeat, and remote commands with their state."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from central.models.base import Base, UTCDateTime, utcnow

__all__ = ["KioskStatus", "KioskCommand", "AuditEntry", "Announcement", "COMMAND_KINDS"]

COMMAND_KINDS = ("maintenance_on", "maintenance_off", "restart", "reload_config", "test_print",
                 "screenshot", "upload_logs", "clear_cache")


class KioskStatus(Base):
    __tablename__ = "kiosk_status"
    kiosk_id: Mapped[int] = mapped_column(ForeignKey("kiosks.id", ondelete="CASCADE"), primary_key=True)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    software_version: Mapped[str] = mapped_column(String(32), default="")
    config_version: Mapped[int] = mapped_column(Integer, default=0)
    uptime_s: Mapped[int] = mapped_column(Integer, default=0)
    devices: Mapped[dict] = mapped_column(JSON, default=dict)
    outbox_depth: Mapped[int] = mapped_column(Integer, default=0)
    free_disk_mb: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[list] = mapped_column(JSON, default=list)
    maintenance: Mapped[bool] = mapped_column(default=False)
    # the beat interval the terminal reported (None: a terminal that does not say)
    interval_s: Mapped[float | None] = mapped_column(Float, nullable=True)
    # the latest outage (a gap in beats longer than fleet.OUTAGE_GAP): the last beat before it
    # and the first after; fallback tickets' arrival times must fall in it (services.arrival)
    offline_since: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    online_since: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class KioskCommand(Base):
    __tablename__ = "kiosk_commands"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kiosk_id: Mapped[int] = mapped_column(ForeignKey("kiosks.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    args: Mapped[dict] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(16), default="queued", index=True)  # queued, sent,
    # done, failed, expired
    result: Mapped[str] = mapped_column(Text, default="")
    attachment: Mapped[str | None] = mapped_column(Text, nullable=True)  # base64 PNG or log text
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AuditEntry(Base):
    """Who did what to which record, for every staff action that changes something."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), nullable=True, index=True)
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(80), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # a change that can weaken a terminal or the service (e.g. a printer address, the staff PIN)
    security: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Announcement(Base):
    """Text for a hall's attract screens, shown between ``starts_at`` and ``ends_at``."""

    __tablename__ = "announcements"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), nullable=True)
