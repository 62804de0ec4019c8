"""Announcements: texts staff schedule for a hall's attract screens, and what a terminal shows.

A hall manager (of that hall) or an admin schedules, lists and deletes them; a schedule ends
after it starts. The console's preview shows a text as the attract screen does, with the
words the terminal puts around it, taken from the terminal's own catalogue (``kiosk`` domain:
data shared through the locale directory, not code).
"""

from __future__ import annotations

import gettext
from datetime import datetime, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from central.audit import audit
from central.i18n import N_
from central.models import Hall, Kiosk, StaffUser, utcnow
from central.models.fleet import Announcement
from central.schemas.announcements import AnnouncementRowOut
from central.schemas.fleet import AnnouncementOut, AnnouncementTextOut
from central.services import access
from central.services.errors import Invalid, NotFound
from hallcore.i18n import LANGUAGES, LOCALE_DIR

__all__ = ["announce", "current", "listing", "remove", "attract_words", "page_rows", "hall_zone",
           "SHOWN", "ATTRACT", "STATES"]

SHOWN = 10   # a terminal rotates through at most this many
# the attract screen's own words around an announcement (screens/attract.kv), its msgids
ATTRACT = {"headline": "Find work, plan your career, get served", "touch": "Touch to start",
           "footer": "Chinese / English available inside"}

#: where an announcement stands now, as the console says it
STATES = {"showing": N_("Showing now"), "scheduled": N_("Scheduled"), "ended": N_("Ended")}


def announce(db: Session, user: StaffUser, hall_id: int, text: str, text_en: str,
             starts_at: datetime | None, ends_at: datetime | None) -> AnnouncementOut:
    """Schedule a text for a hall (from now, if no start is given), as a manager of that
    hall. Commits."""
    if db.get(Hall, hall_id) is None:
        raise NotFound("no such hall")
    access.require(user, hall_id, "hall_manager", "hall")
    if ends_at is not None and ends_at <= (starts_at or utcnow()):
        raise Invalid("the end must come after the start")
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


def listing(db: Session, user: StaffUser, hall_id: int | None = None) -> list[AnnouncementRowOut]:
    """The announcements of the halls the user manages (or of ``hall_id``), latest start
    first, past ones too."""
    query = select(Announcement).where(access.visible(Announcement.hall_id, user, "hall_manager"))
    if hall_id is not None:
        access.require(user, hall_id, "hall_manager", "hall")
        query = query.where(Announcement.hall_id == hall_id)
    rows = db.scalars(query.order_by(Announcement.starts_at.desc(), Announcement.id.desc()).limit(200))
    return [AnnouncementRowOut.model_validate(a) for a in rows]


def remove(db: Session, user: StaffUser, announcement_id: int) -> AnnouncementRowOut:
    """Delete an announcement (terminals drop it at their next sync). Commits."""
    item = access.get(db, Announcement, announcement_id, user, "hall_manager", "announcement")
    out = AnnouncementRowOut.model_validate(item)
    db.execute(delete(Announcement).where(Announcement.id == item.id))
    audit(db, user, "announcement_delete", f"hall:{item.hall_id}", item.text[:100])
    db.commit()
    return out


def attract_words(language: str) -> dict[str, str]:
    """The attract screen's words around an announcement, in ``language`` as the terminal
    says them."""
    if language not in LANGUAGES:
        language = LANGUAGES[0]
    words = gettext.translation("kiosk", LOCALE_DIR, [language], fallback=True)
    return {key: words.gettext(msgid) for key, msgid in ATTRACT.items()}


def hall_zone(hall: Hall) -> ZoneInfo:
    """The hall's time zone (China Standard Time when its name is unknown here)."""
    try:
        return ZoneInfo(hall.timezone or "Asia/Shanghai")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("Asia/Shanghai")


def page_rows(db: Session, user: StaffUser, hall_id: int) -> tuple[list[dict], str]:
    """The hall's announcements as the console lists them (hall-local times in words, where
    each stands now), and the hall's UTC offset now ("+08:00"), which the page's schedule
    inputs are in."""
    zone, now = hall_zone(db.get(Hall, hall_id)), utcnow()

    def local(when: datetime | None) -> str:
        return "" if when is None else when.replace(tzinfo=when.tzinfo or timezone.utc).astimezone(zone).strftime("%Y-%m-%d %H:%M")

    rows = []
    for item in listing(db, user, hall_id):
        starts = item.starts_at.replace(tzinfo=item.starts_at.tzinfo or timezone.utc)
        ends = item.ends_at and item.ends_at.replace(tzinfo=item.ends_at.tzinfo or timezone.utc)
        state = "scheduled" if starts > now else "ended" if ends and ends <= now else "showing"
        rows.append({"item": item, "starts": local(starts), "ends": local(ends), "state": state})
    offset = now.astimezone(zone).strftime("%z")
    return rows, f"{offset[:3]}:{offset[3:]}"
