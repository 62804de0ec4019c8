"""Fleet: terminals beat and report command results; staff see their status and alerts,
register and revoke them, and send them commands."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from central.deps import Admin, DbDep, KioskDep, KioskTokenDep, Manager, SettingsDep, Viewer
from central.schemas.common import DbInt
from central.schemas.fleet import (BeatIn, BeatOut, CommandIn, CommandQueuedOut, CommandRowOut,
                                   CommandStateOut, KioskCodeOut, KioskIn, KioskRevokedOut,
                                   KioskStatusOut, ResultIn)
from central.models import utcnow
from central.services import fleet, screenshots

__all__ = ["router"]

router = APIRouter(tags=["fleet"])


@router.post("/api/kiosk/heartbeat")
async def heartbeat(body: BeatIn, token: KioskTokenDep, request: Request) -> BeatOut:
    """Record a beat; answer with the config version and the commands waiting."""
    # The fleet's busiest route: one worker-thread hop for the token check and the beat
    # together, instead of one for each dependency and one for the route.
    return await run_in_threadpool(fleet.record_beat, request.app.state.db, token, body)


@router.post("/api/kiosk/commands/{command_id}/result")
def command_result(command_id: DbInt, body: ResultIn, kiosk: KioskDep, db: DbDep) -> CommandStateOut:
    """A terminal reports what a command did (a screenshot comes back as base64 PNG)."""
    return CommandStateOut(state=fleet.command_result(db, kiosk, command_id, body.ok, body.result,
                                                      body.attachment))


@router.get("/api/kiosks")
def list_kiosks(db: DbDep, user: Viewer) -> list[KioskStatusOut]:
    """The terminals of the caller's halls with their last beat and alerts."""
    return fleet.fleet(db, user)


@router.post("/api/kiosks")
def register(body: KioskIn, db: DbDep, settings: SettingsDep, user: Admin) -> KioskCodeOut:
    """Register a terminal; the one-time code is shown once and stored only as a hash."""
    return fleet.register(db, user, body.hall_id, body.name, body.place,
                          settings.security.enrol_code_ttl_s)


@router.post("/api/kiosks/{kiosk_id}/revoke")
def revoke(kiosk_id: DbInt, db: DbDep, user: Admin) -> KioskRevokedOut:
    """Revoke a terminal's token; it must be enrolled anew."""
    return fleet.revoke(db, user, kiosk_id)


@router.post("/api/kiosks/{kiosk_id}/commands")
def send_command(kiosk_id: DbInt, body: CommandIn, db: DbDep, user: Manager) -> CommandQueuedOut:
    """Queue a command; the terminal takes it with its next beat."""
    return fleet.send_command(db, user, kiosk_id, body.kind, body.args)


@router.get("/api/kiosks/{kiosk_id}/commands")
def list_commands(kiosk_id: DbInt, db: DbDep, user: Viewer) -> list[CommandRowOut]:
    """The terminal's latest commands and their state, newest first."""
    return fleet.list_commands(db, user, kiosk_id)


@router.get("/api/kiosks/{kiosk_id}/screenshot", response_class=Response,
            responses={200: {"content": {"image/png": {}}, "description": "a PNG"}})
def last_screenshot(kiosk_id: DbInt, db: DbDep, user: Viewer) -> Response:
    """The terminal's last screenshot (managers of its hall; kept screenshots.RETENTION)."""
    return Response(screenshots.last_screenshot(db, user, kiosk_id, utcnow()), media_type="image/png",
                    headers={"Cache-Control": "no-store"})
