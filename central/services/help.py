"""Calls for help: a visitor presses "call staff" at a terminal; staff of the terminal's hall
see the call at once on the console and acknowledge it.

A terminal has at most one open call: pressing again while one is open answers with the
same call (a visitor tapping twice, or a retry after a lost answer, is one call). A call
nobody acknowledged within ``server.help_escalate_s`` is *escalated*: it is listed first, in
red, and says for how long it has waited; the escalation is worked out when the calls are
read, so it needs no timer and holds on every replica.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.audit import audit
from central.models import Hall, Kiosk, StaffUser
from central.models.help import HelpCall
from central.services import access
from central.services.errors import Conflict

__all__ = ["call", "open_calls", "acknowledge", "call_state"]


def call(db: Session, kiosk: Kiosk, now: datetime) -> HelpCall:
    """The terminal's open call, made now if there is none."""
    open_call = db.scalars(select(HelpCall).where(HelpCall.kiosk_id == kiosk.id,
                                                  HelpCall.acknowledged_at.is_(None))).first()
    if open_call is None:
        open_call = HelpCall(kiosk_id=kiosk.id, hall_id=kiosk.hall_id, created_at=now)
        db.add(open_call)
        db.commit()
    return open_call


def call_state(db: Session, kiosk: Kiosk, call_id: int) -> HelpCall | None:
    """One of this terminal's calls (None: not one of its own)."""
    row = db.get(HelpCall, call_id)
    return row if row is not None and row.kiosk_id == kiosk.id else None


def open_calls(db: Session, user: StaffUser, now: datetime, escalate_after_s: int) -> list[dict]:
    """The calls nobody acknowledged yet in the user's halls, escalated ones first, then the
    oldest first."""
    rows = db.execute(
        select(HelpCall, Kiosk.name, Kiosk.place, Hall.name)
        .join(Kiosk, Kiosk.id == HelpCall.kiosk_id).join(Hall, Hall.id == HelpCall.hall_id)
        .where(HelpCall.acknowledged_at.is_(None), access.visible(HelpCall.hall_id, user))
        .order_by(HelpCall.created_at)).all()
    limit = timedelta(seconds=escalate_after_s)
    calls = [{"id": row.id, "kiosk_id": row.kiosk_id, "hall_id": row.hall_id,
              "terminal": name, "place": place, "hall": hall, "created_at": row.created_at,
              "waiting_s": max(0, int((now - row.created_at).total_seconds())),
              "escalated": now - row.created_at >= limit}
             for row, name, place, hall in rows]
    return sorted(calls, key=lambda c: not c["escalated"])


def acknowledge(db: Session, user: StaffUser, call_id: int, now: datetime) -> HelpCall:
    """Someone is on their way: the call closes (counsellors and up of its hall)."""
    row = access.get(db, HelpCall, call_id, user, "counsellor", "help call")
    if row.acknowledged_at is not None:
        raise Conflict("this call was already acknowledged")
    row.acknowledged_at, row.acknowledged_by = now, user.id
    audit(db, user, "help_call_acknowledged", f"kiosk:{row.kiosk_id}",
          f"after {int((now - row.created_at).total_seconds())} s")
    db.commit()
    return row
