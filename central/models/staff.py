"""Staff users, their roles per hall, and their login tokens (stored as hashes only).

A person holds one role in each hall they work in (``StaffRole``); a role with no hall is
city-wide, and only an admin holds one. What a role allows where is central.services.access.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from central.models.base import Base, UTCDateTime, utcnow

__all__ = ["ROLES", "StaffUser", "StaffRole", "StaffToken"]

# Ordered from least to most powerful; a role may do what any role before it may.
ROLES = ("viewer", "counsellor", "hall_manager", "admin")


class StaffUser(Base):
    __tablename__ = "staff_users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(80), default="")
    password_hash: Mapped[str] = mapped_column(String(200))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # set by a password reset: the one-time password only opens the change-password page
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # loaded with the user (one more query per login check), so a role check needs no session
    roles: Mapped[list["StaffRole"]] = relationship(lazy="selectin", cascade="all, delete-orphan")


class StaffRole(Base):
    """One role of a staff member in one hall (``hall_id`` None: the whole city, admins only)."""

    __tablename__ = "staff_roles"
    __table_args__ = (UniqueConstraint("user_id", "hall_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"), index=True)
    hall_id: Mapped[int | None] = mapped_column(ForeignKey("halls.id", ondelete="CASCADE"),
                                                nullable=True, index=True)
    role: Mapped[str] = mapped_column(String(20))


class StaffToken(Base):
    __tablename__ = "staff_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)  # purged when past
