"""Announcements: texts staff schedule for a hall's attract screens, and what a terminal shows."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from central.audit import audit
from central.models import Hall, Kiosk, StaffUser, utcnow
from central.models.fleet import Announcement
from central.schemas.fleet import AnnouncementOut, AnnouncementTextOut
from central.services import access
from central.services.errors import NotFound

__all__ = ["announce", "current", "SHOWN"]

SHOWN = 10   # a terminal rotates through at most this many


def announce(db: Session, user: StaffUser, hall_id: int, text: str, text_en: str,
             starts_at: datetime | None, ends_at: datetime | None) -> AnnouncementOut:
    """Schedule a text for a hall (from now, if no start is given), as a manager of that
    hall. Commits."""
    if db.get(Hall, hall_id) is None:
        raise NotFound("no such hall")
    access.require(user, hall_id, "hall_manager", "hall")
    item = Announcement(hall_id=hall_id, text=text, text_en=text_en,
                        starts_at=starts_at or utcnow(), ends_at=ends_at, created_by=user.id)
    db.add(item)
    db.flush()
    audit(db, user, "announcement", f"hall:{hall_id}", text[:100])
    db.commit()
    return AnnouncementOut(id=item.id)


def current(db: Session, kiosk: Kiosk) -> list[AnnouncementTextOut]:
    """What the terminal's attract screen shows now, latest first."""
    now = utcnow()
    rows = db.scalars(select(Announcement).where(
        Announcement.hall_id == kiosk.hall_id, Announcement.starts_at <= now,
        or_(Announcement.ends_at.is_(None), Announcement.ends_at > now))
        .order_by(Announcement.starts_at.desc()).limit(SHOWN)).all()
    return [AnnouncementTextOut(text=a.text, text_en=a.text_en) for a in rows]
