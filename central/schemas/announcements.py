"""Announcements as the console lists them (what a terminal reads is hallcore.contract's)."""

from __future__ import annotations

from datetime import datetime

from central.schemas.common import OrmOut
from central.schemas.fleet import AnnouncementIn, AnnouncementOut

__all__ = ["AnnouncementIn", "AnnouncementOut", "AnnouncementRowOut"]


class AnnouncementRowOut(OrmOut):
    id: int
    hall_id: int
    text: str
    text_en: str
    starts_at: datetime
    ends_at: datetime | None
