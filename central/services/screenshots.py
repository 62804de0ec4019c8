"""Terminal screenshots: shown only to managers of the terminal's hall (and city admins), and
kept for a limited time.

A screenshot is the attachment of a done ``screenshot`` command. The terminal itself refuses
the command while a visitor is using it (kiosk.remote), so what is stored is an idle screen;
still, a screen can show what a visitor left, so it is kept ``RETENTION`` and then its image
is dropped (the command row stays, with its result, for the history). ``purge_screenshots``
runs when a new screenshot is stored and from ``central purge``.
"""

from __future__ import annotations

import base64
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from central.models import Kiosk, StaffUser
from central.models.fleet import KioskCommand
from central.services import access
from central.services.errors import NotFound

__all__ = ["RETENTION", "MINIMUM_ROLE", "last_screenshot", "purge_screenshots"]

RETENTION = timedelta(days=7)
MINIMUM_ROLE = "hall_manager"   # who sees a terminal's screen, in that terminal's hall


def last_screenshot(db: Session, user: StaffUser, kiosk_id: int, now: datetime) -> bytes:
    """The PNG of the terminal's last screenshot still kept, for a manager of its hall."""
    access.get(db, Kiosk, kiosk_id, user, MINIMUM_ROLE, "terminal")
    cmd = db.scalar(select(KioskCommand).where(KioskCommand.kiosk_id == kiosk_id,
                                               KioskCommand.kind == "screenshot",
                                               KioskCommand.state == "done",
                                               KioskCommand.attachment.is_not(None),
                                               KioskCommand.updated_at > now - RETENTION)
                    .order_by(KioskCommand.id.desc()).limit(1))
    if cmd is None:
        raise NotFound("no screenshot yet")
    try:
        return base64.b64decode(cmd.attachment, validate=True)
    except ValueError:
        raise NotFound("screenshot unreadable") from None


def purge_screenshots(db: Session, now: datetime, retention: timedelta = RETENTION) -> int:
    """Drop the images of screenshots older than ``retention``; returns how many. The caller
    commits."""
    result = db.execute(update(KioskCommand)
                        .where(KioskCommand.kind == "screenshot",
                               KioskCommand.attachment.is_not(None),
                               KioskCommand.updated_at <= now - retention)
                        .values(attachment=None)
                        .execution_options(synchronize_session=False))
    return result.rowcount or 0
