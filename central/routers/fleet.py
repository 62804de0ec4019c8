"""Fleet: terminals beat, staff see their health and alerts, and send them commands."""

from __future__ import annotations

import importlib
from datetime import datetime, timedelta
from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from central import health, remoteconfig
from central.audit import audit
from central.db import Database
from central.deps import (UNAUTHORISED, DbDep, KioskDep, KioskTokenDep, SettingsDep, StaffDep,
                          require_role)
from central.models import Hall, Kiosk, StaffUser, utcnow
from central.models.fleet import COMMAND_KINDS, KioskCommand, KioskStatus
from central.schemas import INT32_MAX, DbDateTime, DbInt, DbStr, JsonObject
from central.security import new_enrol_code, token_hash
from central.services import releases

router = APIRouter(tags=["fleet"])
Admin = Depends(require_role("admin"))
Manager = Depends(require_role("hall_manager"))
OFFLINE_AFTER_BEATS = 3
BEAT_S = 30
COMMAND_TTL = timedelta(hours=1)
CURRENT_VERSION = "0.1.0"


class ReleaseNote(BaseModel):
    version: DbStr = Field(max_length=32)
    reason: DbStr = Field("", max_length=200)


class BeatIn(BaseModel):
    software_version: DbStr = Field("", max_length=32)
    config_version: int = Field(0, ge=0, le=INT32_MAX)
    uptime_s: int = Field(0, ge=0, le=INT32_MAX)
    devices: dict[str, JsonObject] = Field(default_factory=dict)
    outbox_depth: int = Field(0, ge=0, le=INT32_MAX)
    free_disk_mb: int = Field(0, ge=0, le=INT32_MAX)
    errors: list[str] = Field(default_factory=list, max_length=20)
    maintenance: bool = False
    # releases (central/services/releases.py): not status columns, see _record_beat
    rollback: ReleaseNote | None = None
    install_failed: ReleaseNote | None = None


RELEASE_FIELDS = {"rollback", "install_failed"}


class ResultIn(BaseModel):
    ok: bool
    result: DbStr = Field("", max_length=2000)
    attachment: DbStr | None = Field(None, max_length=8_000_000)


class CommandIn(BaseModel):
    kind: Literal[COMMAND_KINDS]
    args: JsonObject = Field(default_factory=dict)


class KioskIn(BaseModel):
    name: DbStr = Field(min_length=1, max_length=64)
    place: DbStr = Field("", max_length=120)
    hall_id: DbInt = 1


@router.post("/api/kiosk/heartbeat")
async def heartbeat(body: BeatIn, token: KioskTokenDep, request: Request) -> dict[str, Any]:
    """Record a beat; answer with the config version and the commands waiting."""
    # The fleet's busiest route (10,000 terminals beat 333 times a second): one worker-thread
    # hop instead of four, and one short transaction of two statements (who, then the status).
    return await run_in_threadpool(_record_beat, request.app.state.db, token, body)


# who holds the token (the rule of deps.get_kiosk), whether commands wait, the config version
_BEAT_LOOKUP = select(
    Kiosk.id,
    select(KioskCommand.id).where(KioskCommand.kiosk_id == Kiosk.id,
                                  KioskCommand.state == "queued").exists(),
    remoteconfig.version_of(Kiosk.hall_id, Kiosk.id),
    releases.assigned_release_of(Kiosk.id, Kiosk.hall_id),
).where(Kiosk.token_hash == bindparam("token_hash"), ~Kiosk.revoked)
_UPSERTS: dict[str, Any] = {}


def _record_beat(database: Database, token: str, body: BeatIn) -> dict[str, Any]:
    """The beat's work, in a worker thread; commands and a health sample only when due."""
    beat = body.model_dump(exclude=RELEASE_FIELDS)
    beat["errors"] = [e[:200] for e in beat["errors"]]
    with database.session() as db:
        sql = db.connection()  # Core on the session's transaction: no ORM bookkeeping per beat
        found = sql.execute(_BEAT_LOOKUP, {"token_hash": token_hash(token)}).first()
        if found is None:
            raise UNAUTHORISED
        kiosk_id, queued, version, release_id = found
        now = utcnow()
        sql.execute(_status_upsert(database), {**beat, "kiosk_id": kiosk_id, "last_seen": now})
        out = _take_commands(db, kiosk_id, now) if queued else []
        health.maybe_sample(db, kiosk_id, beat, now)
        notes = body.model_dump(include=RELEASE_FIELDS)
        release = releases.beat_offer(db, kiosk_id, release_id, body.software_version, **notes)
        db.commit()
    return {"config_version": version or 0, "commands": out, "release": release}


def _status_upsert(database: Database) -> Any:
    """INSERT .. ON CONFLICT DO UPDATE of a terminal's status, on PostgreSQL and SQLite alike."""
    dialect = database.engine.dialect.name
    if dialect not in _UPSERTS:
        dialect_insert = importlib.import_module(f"sqlalchemy.dialects.{dialect}").insert
        stmt = dialect_insert(KioskStatus.__table__)
        _UPSERTS[dialect] = stmt.on_conflict_do_update(
            index_elements=[KioskStatus.kiosk_id],
            set_={name: stmt.excluded[name] for name in (*BeatIn.model_fields, "last_seen")
                  if name not in RELEASE_FIELDS})
    return _UPSERTS[dialect]


def _take_commands(db: Session, kiosk_id: int, now: datetime) -> list[dict[str, Any]]:
    """Hand out the commands queued for this terminal; expire those too old to run."""
    pending = db.scalars(select(KioskCommand).where(KioskCommand.kiosk_id == kiosk_id,
                                                    KioskCommand.state == "queued")
                         .order_by(KioskCommand.id)).all()
    out = []
    for cmd in pending:
        if now - cmd.created_at > COMMAND_TTL:
            cmd.state = "expired"
        else:
            cmd.state = "sent"
            out.append({"id": cmd.id, "kind": cmd.kind, "args": cmd.args})
        cmd.updated_at = now
    return out


@router.post("/api/kiosk/commands/{command_id}/result")
def command_result(command_id: DbInt, body: ResultIn, kiosk: KioskDep, db: DbDep) -> dict[str, str]:
    """A terminal reports what a command did (a screenshot comes back as base64 PNG)."""
    cmd = db.get(KioskCommand, command_id)
    if cmd is None or cmd.kiosk_id != kiosk.id:  # only its own commands
        raise HTTPException(404, "no such command")
    cmd.state = "done" if body.ok else "failed"
    cmd.result, cmd.attachment, cmd.updated_at = body.result, body.attachment, utcnow()
    db.commit()
    return {"state": cmd.state}


def alerts(kiosk: Kiosk, status: KioskStatus | None) -> list[dict[str, str]]:
    """What needs a person: offline, devices down, paper, outbox backlog, old software."""
    if status is None:
        return [{"kind": "never_seen", "since": kiosk.created_at.isoformat()}]
    out = []
    since = status.last_seen.isoformat()
    if utcnow() - status.last_seen > timedelta(seconds=OFFLINE_AFTER_BEATS * BEAT_S):
        out.append({"kind": "offline", "since": since})
    for name, h in (status.devices or {}).items():
        if h.get("state") != "ok":
            reason = h.get("reason", "")
            kind = reason if reason in ("paper_out", "paper_low") else f"{name}_{h.get('state')}"
            out.append({"kind": kind, "device": name, "reason": reason, "since": str(h.get("since", since))})
    if status.outbox_depth > 100:
        out.append({"kind": "outbox_backlog", "since": since})
    if status.software_version and status.software_version != CURRENT_VERSION:
        out.append({"kind": "stale_software", "since": since})
    return out


@router.get("/api/kiosks")
def fleet(db: DbDep, user: StaffDep) -> list[dict[str, Any]]:
    """Every terminal with its last beat and alerts."""
    rows = db.scalars(select(Kiosk).order_by(Kiosk.hall_id, Kiosk.name)).all()
    out = []
    for k in rows:
        status = db.get(KioskStatus, k.id)
        out.append({"id": k.id, "name": k.name, "place": k.place, "hall_id": k.hall_id,
                    "revoked": k.revoked, "enrolled": k.enrolled_at is not None,
                    "last_seen": status.last_seen.isoformat() if status else None,
                    "devices": status.devices if status else {},
                    "outbox_depth": status.outbox_depth if status else 0,
                    "maintenance": status.maintenance if status else False,
                    "alerts": alerts(k, status) if not k.revoked else []})
    return out


@router.post("/api/kiosks")
def register(body: KioskIn, db: DbDep, settings: SettingsDep, user: StaffUser = Admin) -> dict[str, Any]:
    """Register a terminal; the one-time code is shown once and stored only as a hash."""
    if db.get(Hall, body.hall_id) is None:
        raise HTTPException(404, "no such hall")
    code = new_enrol_code()
    kiosk = Kiosk(hall_id=body.hall_id, name=body.name, place=body.place,
                  enrol_code_hash=token_hash(code),
                  enrol_code_expires_at=utcnow() + timedelta(seconds=settings.security.enrol_code_ttl_s))
    db.add(kiosk)
    db.flush()
    audit(db, user, "kiosk_register", f"kiosk:{kiosk.id}", body.name)
    db.commit()
    return {"id": kiosk.id, "code": code}


@router.post("/api/kiosks/{kiosk_id}/revoke")
def revoke(kiosk_id: DbInt, db: DbDep, user: StaffUser = Admin) -> dict[str, Any]:
    kiosk = db.get(Kiosk, kiosk_id)
    if kiosk is None:
        raise HTTPException(404, "no such terminal")
    kiosk.revoked, kiosk.token_hash = True, None
    audit(db, user, "kiosk_revoke", f"kiosk:{kiosk.id}")
    db.commit()
    return {"id": kiosk.id, "revoked": True}


@router.post("/api/kiosks/{kiosk_id}/commands")
def send_command(kiosk_id: DbInt, body: CommandIn, db: DbDep, user: StaffUser = Manager) -> dict[str, Any]:
    """Queue a command; the terminal takes it with its next beat."""
    if db.get(Kiosk, kiosk_id) is None:
        raise HTTPException(404, "no such terminal")
    cmd = KioskCommand(kiosk_id=kiosk_id, kind=body.kind, args=body.args, created_by=user.id)
    db.add(cmd)
    audit(db, user, "kiosk_command", f"kiosk:{kiosk_id}", body.kind)
    db.commit()
    return {"id": cmd.id, "state": cmd.state}


@router.get("/api/kiosks/{kiosk_id}/commands")
def list_commands(kiosk_id: DbInt, db: DbDep, user: StaffDep) -> list[dict[str, Any]]:
    rows = db.scalars(select(KioskCommand).where(KioskCommand.kiosk_id == kiosk_id)
                      .order_by(KioskCommand.id.desc()).limit(50)).all()
    return [{"id": c.id, "kind": c.kind, "state": c.state, "result": c.result,
             "has_attachment": bool(c.attachment), "created_at": c.created_at.isoformat()}
            for c in rows]


@router.get("/api/kiosks/{kiosk_id}/screenshot")
def last_screenshot(kiosk_id: DbInt, db: DbDep, user: StaffDep) -> Response:
    import base64
    cmd = db.scalar(select(KioskCommand).where(KioskCommand.kiosk_id == kiosk_id,
                                               KioskCommand.kind == "screenshot",
                                               KioskCommand.state == "done",
                                               KioskCommand.attachment.is_not(None))
                    .order_by(KioskCommand.id.desc()).limit(1))
    if cmd is None:
        raise HTTPException(404, "no screenshot yet")
    try:
        return Response(base64.b64decode(cmd.attachment, validate=True), media_type="image/png")
    except ValueError:
        raise HTTPException(404, "screenshot unreadable") from None


class AnnouncementIn(BaseModel):
    text: DbStr = Field(min_length=1, max_length=300)
    text_en: DbStr = Field("", max_length=300)
    hall_id: DbInt = 1
    starts_at: DbDateTime | None = None
    ends_at: DbDateTime | None = None


@router.post("/api/announcements")
def announce(body: AnnouncementIn, db: DbDep, user: StaffUser = Manager) -> dict[str, Any]:
    """Schedule a text for a hall's attract screens."""
    from central.models.fleet import Announcement
    if db.get(Hall, body.hall_id) is None:
        raise HTTPException(404, "no such hall")
    item = Announcement(hall_id=body.hall_id, text=body.text, text_en=body.text_en,
                        starts_at=body.starts_at or utcnow(), ends_at=body.ends_at, created_by=user.id)
    db.add(item)
    db.flush()
    audit(db, user, "announcement", f"hall:{body.hall_id}", body.text[:100])
    db.commit()
    return {"id": item.id}


@router.get("/api/kiosk/announcements")
def kiosk_announcements(kiosk: KioskDep, db: DbDep) -> list[dict[str, str]]:
    """What the terminal's attract screen shows now."""
    from sqlalchemy import or_
    from central.models.fleet import Announcement
    now = utcnow()
    rows = db.scalars(select(Announcement).where(
        Announcement.hall_id == kiosk.hall_id, Announcement.starts_at <= now,
        or_(Announcement.ends_at.is_(None), Announcement.ends_at > now))
        .order_by(Announcement.starts_at.desc()).limit(10)).all()
    return [{"text": a.text, "text_en": a.text_en} for a in rows]
