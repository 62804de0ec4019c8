"""Declarative base, common column types and the change-sequence counter."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import DateTime, Integer, String, TypeDecorator, select, update
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

__all__ = ["Base", "UTCDateTime", "utcnow", "Sequence", "next_value"]


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on SQLite (which drops tzinfo) and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value


class Base(DeclarativeBase):
    pass


class Sequence(Base):
    """Named monotonically increasing counters (e.g. the job feed's change sequence)."""

    __tablename__ = "sequences"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


def next_value(session: Session, name: str, count: int = 1) -> int:
    """Reserve ``count`` values of counter ``name``; returns the last one reserved.

    A single UPDATE takes the row lock, so concurrent writers on PostgreSQL and
    SQLite's single writer both get distinct values.
    """
    result = session.execute(update(Sequence).where(Sequence.name == name)
                             .values(value=Sequence.value + count).returning(Sequence.value))
    value = result.scalar_one_or_none()
    if value is None:
        session.add(Sequence(name=name, value=count))
        session.flush()
        return count
    return value


def current_value(session: Session, name: str) -> int:
    return session.scalar(select(Sequence.value).where(Sequence.name == name)) or 0
