"""Announcements: staff schedule texts for a hall's attract screens; terminals fetch them."""

from __future__ import annotations

from fastapi import APIRouter

from central.deps import DbDep, KioskDep, Manager
from central.schemas.fleet import AnnouncementIn, AnnouncementOut, AnnouncementTextOut
from central.services import announcements

__all__ = ["router"]

router = APIRouter(tags=["announcements"])


@router.post("/api/announcements")
def announce(body: AnnouncementIn, db: DbDep, user: Manager) -> AnnouncementOut:
    """Schedule a text for a hall's attract screens."""
    return announcements.announce(db, user, body.hall_id, body.text, body.text_en,
                                  body.starts_at, body.ends_at)


@router.get("/api/kiosk/announcements")
def kiosk_announcements(kiosk: KioskDep, db: DbDep) -> list[AnnouncementTextOut]:
    """What the terminal's attract screen shows now."""
    return announcements.current(db, kiosk)
