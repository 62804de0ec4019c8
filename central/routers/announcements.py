"""Announcements: staff schedule texts for a hall's attract screens (the Announcements page
and its JSON); terminals fetch them."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from central.deps import DbDep, KioskDep, Manager, PageUserDep
from central.pages import render
from central.schemas.announcements import AnnouncementIn, AnnouncementOut, AnnouncementRowOut
from central.schemas.common import DbInt
from central.schemas.fleet import AnnouncementTextOut
from central.services import announcements, catalogue
from hallcore.i18n import LANGUAGES

__all__ = ["router"]

router = APIRouter(tags=["announcements"])


@router.post("/api/announcements")
def announce(body: AnnouncementIn, db: DbDep, user: Manager) -> AnnouncementOut:
    """Schedule a text for a hall's attract screens."""
    return announcements.announce(db, user, body.hall_id, body.text, body.text_en,
                                  body.starts_at, body.ends_at)


@router.get("/api/announcements")
def listing(db: DbDep, user: Manager, hall: DbInt | None = None) -> list[AnnouncementRowOut]:
    """The announcements of the caller's halls (or of one), latest first."""
    return announcements.listing(db, user, hall)


@router.delete("/api/announcements/{announcement_id}")
def remove(announcement_id: DbInt, db: DbDep, user: Manager) -> AnnouncementRowOut:
    """Delete an announcement; terminals drop it at their next sync."""
    return announcements.remove(db, user, announcement_id)


@router.get("/api/kiosk/announcements")
def kiosk_announcements(kiosk: KioskDep, db: DbDep) -> list[AnnouncementTextOut]:
    """What the terminal's attract screen shows now."""
    return announcements.current(db, kiosk)


@router.get("/console/announcements", response_class=HTMLResponse)
def announcements_page(request: Request, db: DbDep, user: PageUserDep,
                       hall: DbInt | None = None) -> HTMLResponse:
    """Schedule, list, delete and preview the hall's announcements."""
    chosen, choices = catalogue.page_hall(db, user, hall)
    rows, offset = announcements.page_rows(db, user, chosen)
    return render(request, "console/announcements.html", user=user, hall_id=chosen, halls=choices,
                  rows=rows, offset=offset, states=announcements.STATES,
                  words={lang: announcements.attract_words(lang) for lang in LANGUAGES})
