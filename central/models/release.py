"""Releases: signed wheels of the project, the rings they are assigned to, and what terminals
reported about them (a rollback, a refused install)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from central.models.base import Base, UTCDateTime, utcnow

__all__ = ["Release", "ReleaseRing", "ReleaseReport", "RING_SCOPES", "OUTCOMES"]

RING_SCOPES = ("kiosk", "hall", "fleet")          # most specific first
OUTCOMES = ("rolled_back", "install_failed")


class Release(Base):
    """One uploaded wheel; immutable once stored (a fix is a new version)."""

    __tablename__ = "releases"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[str] = mapped_column(String(32), unique=True)
    filename: Mapped[str] = mapped_column(String(80))
    sha256: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    # in the database, which every replica shares; loaded only when a terminal downloads it
    wheel: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), nullable=True)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReleaseRing(Base):
    """Which release a ring should run: one terminal, a hall, or the fleet (scope_id 0)."""

    __tablename__ = "release_rings"
    __table_args__ = (UniqueConstraint("scope", "scope_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope: Mapped[str] = mapped_column(String(8))
    scope_id: Mapped[int] = mapped_column(Integer)
    release_id: Mapped[int] = mapped_column(ForeignKey("releases.id"))
    assigned_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), nullable=True)
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReleaseReport(Base):
    """A terminal could not run a release: it rolled back from it, or refused to install it."""

    __tablename__ = "release_reports"
    __table_args__ = (UniqueConstraint("kiosk_id", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kiosk_id: Mapped[int] = mapped_column(ForeignKey("kiosks.id", ondelete="CASCADE"))
    version: Mapped[str] = mapped_column(String(32))
    outcome: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(200), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
