"""Calls for help: a terminal calls, staff of its hall see it and acknowledge it."""

from __future__ import annotations

from fastapi import APIRouter

from central.deps import Counsellor, DbDep, KioskDep, SettingsDep, Viewer
from central.models import utcnow
from central.schemas.common import DbInt
from central.schemas.help import HelpCallOut, HelpCallRowOut
from central.services import help as help_service
from central.services.errors import NotFound

__all__ = ["router"]

router = APIRouter(tags=["help"])


def _state(row) -> HelpCallOut:
    return HelpCallOut(id=row.id, acknowledged=row.acknowledged_at is not None)


@router.post("/api/kiosk/help")
def call_for_help(kiosk: KioskDep, db: DbDep) -> HelpCallOut:
    """A visitor pressed "call staff" (a second press while one is open is the same call)."""
    return _state(help_service.call(db, kiosk, utcnow()))


@router.get("/api/kiosk/help/{call_id}")
def help_state(call_id: DbInt, kiosk: KioskDep, db: DbDep) -> HelpCallOut:
    """Whether someone acknowledged this terminal's call."""
    row = help_service.call_state(db, kiosk, call_id)
    if row is None:
        raise NotFound("no such help call")
    return _state(row)


@router.get("/api/help-calls")
def open_help_calls(db: DbDep, user: Viewer, settings: SettingsDep) -> list[HelpCallRowOut]:
    """Unanswered calls in the caller's halls, escalated ones first."""
    return help_service.open_calls(db, user, utcnow(), settings.server.help_escalate_s)


@router.post("/api/help-calls/{call_id}/ack")
def acknowledge(call_id: DbInt, db: DbDep, user: Counsellor) -> HelpCallOut:
    """Someone is on the way: the terminal tells the visitor."""
    return _state(help_service.acknowledge(db, user, call_id, utcnow()))
