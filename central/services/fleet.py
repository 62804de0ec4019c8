"""The fleet: terminals beat, staff see their status and alerts, and send them commands.

The heartbeat is the fleet's busiest request (10,000 terminals at a 30 s beat make 333 a
second), so ``record_beat`` is one short transaction of Core statements: who holds the token
(with whether commands wait, the config version, the release its ring assigns and the newest
health sample, in the same query: nothing is remembered in the process, so replicas agree),
then an INSERT .. ON CONFLICT of the status row; commands, a health sample and a release
offer only when due.

A terminal is offline after ``OFFLINE_AFTER_BEATS`` of its own beats without one: the
interval it reports in its beat, else the one its remote config sets, else the terminal's
default (``DEFAULT_BEAT_S``).
"""

from __future__ import annotations

import importlib
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, case, select
from sqlalchemy.orm import Session

from central import __version__
from central.audit import audit
from central.db import Database
from central.models import Hall, Kiosk, StaffUser, UTCDateTime, utcnow
from central.models.fleet import KioskCommand, KioskStatus
from central.schemas.fleet import (MAX_BEAT_S, AlertOut, BeatIn, BeatOut, CommandOut,
                                   CommandQueuedOut, CommandRowOut, HealthSampleOut,
                                   KioskCodeOut, KioskRevokedOut, KioskStatusOut)
from central.security import new_enrol_code, token_hash
from central.services import access, health, power, releases, remoteconfig, screenshots
from central.services.arrival import OUTAGE_GAP
from central.services.errors import NotFound, Unauthorised
from hallcore.terminal_settings import CentralSection

__all__ = ["record_beat", "take_commands", "command_result", "alerts", "beat_interval_s",
           "fleet", "register", "revoke", "send_command", "list_commands", "staff_kiosk",
           "terminal_page", "health_history",
           "OFFLINE_AFTER_BEATS", "DEFAULT_BEAT_S", "COMMAND_TTL", "OUTBOX_BACKLOG",
           "INTERVAL_KEY", "RELEASE_FIELDS"]

OFFLINE_AFTER_BEATS = 3
# The terminal's own default, for terminals that neither report their interval nor have it
# set remotely (older software).
DEFAULT_BEAT_S = CentralSection.model_fields["heartbeat_interval_s"].default
INTERVAL_KEY = "central.heartbeat_interval_s"   # the remote config key that sets it
COMMAND_TTL = timedelta(hours=1)
OUTBOX_BACKLOG = 100   # unsent events above which a terminal needs a look
# what a beat says about releases (services/releases.py): not columns of the status row
RELEASE_FIELDS = {"rollback", "install_failed"}

# who holds the token (the rule of auth.kiosk_for_token), whether commands wait, the config
# version, the release its ring assigns, the newest health sample (time, state)
_BEAT_LOOKUP = select(
    Kiosk.id,
    select(KioskCommand.id).where(KioskCommand.kiosk_id == Kiosk.id,
                                  KioskCommand.state == "queued").exists(),
    remoteconfig.version_of(Kiosk.hall_id, Kiosk.id),
    releases.assigned_release_of(Kiosk.id, Kiosk.hall_id),
    *health.last_sample_of(Kiosk.id),
).where(Kiosk.token_hash == bindparam("token_hash"), ~Kiosk.revoked)
_UPSERTS: dict[str, Any] = {}


def record_beat(database: Database, token: str, body: BeatIn) -> BeatOut:
    """Record a beat, in a worker thread; answer with the config version, the commands
    waiting (now handed out) and the release to install, if any. Unauthorised if no live
    terminal holds ``token``."""
    beat = body.model_dump(exclude=RELEASE_FIELDS)
    beat["errors"] = [e[:200] for e in beat["errors"]]
    with database.session() as db:
        sql = db.connection()  # Core on the session's transaction: no ORM bookkeeping per beat
        found = sql.execute(_BEAT_LOOKUP, {"token_hash": token_hash(token)}).first()
        if found is None:
            raise Unauthorised("not authenticated")
        kiosk_id, queued, version, release_id, sampled_at, sampled_state = found
        now = utcnow()
        sql.execute(_status_upsert(database), {**beat, "kiosk_id": kiosk_id, "last_seen": now,
                                               "outage_before": now - OUTAGE_GAP})
        out = take_commands(db, kiosk_id, now) if queued else []
        health.maybe_sample(db, kiosk_id, beat, now, sampled_at, sampled_state)
        release = releases.beat_offer(db, kiosk_id, release_id, body.software_version,
                                      rollback=body.rollback, install_failed=body.install_failed)
        db.commit()
    return BeatOut(config_version=version or 0, commands=out, release=release)


def _status_upsert(database: Database) -> Any:
    """INSERT .. ON CONFLICT DO UPDATE of a terminal's status, on PostgreSQL and SQLite alike."""
    dialect = database.engine.dialect.name
    if dialect not in _UPSERTS:
        dialect_insert = importlib.import_module(f"sqlalchemy.dialects.{dialect}").insert
        stmt = dialect_insert(KioskStatus.__table__)
        # a beat after a gap longer than OUTAGE_GAP marks the outage: the last beat before it
        # and this one (the SET sees the row's old values); arrival times are held to it
        outage = KioskStatus.last_seen < bindparam("outage_before", type_=UTCDateTime())
        _UPSERTS[dialect] = stmt.on_conflict_do_update(
            index_elements=[KioskStatus.kiosk_id],
            set_={**{name: stmt.excluded[name] for name in (*BeatIn.model_fields, "last_seen")
                     if name not in RELEASE_FIELDS},
                  "offline_since": case((outage, KioskStatus.last_seen),
                                        else_=KioskStatus.offline_since),
                  "online_since": case((outage, stmt.excluded.last_seen),
                                       else_=KioskStatus.online_since)})
    return _UPSERTS[dialect]


def take_commands(db: Session, kiosk_id: int, now: datetime) -> list[CommandOut]:
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
            out.append(CommandOut(id=cmd.id, kind=cmd.kind, args=cmd.args))
        cmd.updated_at = now
    return out


def command_result(db: Session, kiosk: Kiosk, command_id: int, ok: bool, result: str,
                   attachment: str | None) -> str:
    """A terminal reports what one of its own commands did; returns the command's state."""
    cmd = db.get(KioskCommand, command_id)
    if cmd is None or cmd.kiosk_id != kiosk.id:  # only its own commands
        raise NotFound("no such command")
    cmd.state = "done" if ok else "failed"
    cmd.result, cmd.attachment, cmd.updated_at = result, attachment, utcnow()
    if cmd.kind == "screenshot" and attachment:
        screenshots.purge_screenshots(db, cmd.updated_at)   # a new one in, the old ones out
    db.commit()
    return cmd.state


def beat_interval_s(status: KioskStatus | None, config: dict[str, Any]) -> float:
    """How often this terminal beats: as it reported, else as its config sets, else the default."""
    for value in (status.interval_s if status else None, config.get(INTERVAL_KEY)):
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value <= MAX_BEAT_S:
            return value
    return DEFAULT_BEAT_S


def alerts(kiosk: Kiosk, status: KioskStatus | None, interval_s: float = DEFAULT_BEAT_S,
           now: datetime | None = None, assigned: str | None = None) -> list[AlertOut]:
    """What needs a person: offline, devices down, paper, outbox backlog, old software (other
    than the release its ring assigns, ``assigned``; with no ring, the service's own version)."""
    if status is None:
        return [AlertOut(kind="never_seen", since=kiosk.created_at.isoformat())]
    out = []
    since = status.last_seen.isoformat()
    if (now or utcnow()) - status.last_seen > timedelta(seconds=OFFLINE_AFTER_BEATS * interval_s):
        out.append(AlertOut(kind="offline", since=since))
    for name, h in (status.devices or {}).items():
        if h.get("state") != "ok":
            reason = str(h.get("reason", ""))
            kind = reason if reason in ("paper_out", "paper_low") else f"{name}_{h.get('state')}"
            out.append(AlertOut(kind=kind, device=name, reason=reason,
                                since=str(h.get("since", since))))
    if status.outbox_depth > OUTBOX_BACKLOG:
        out.append(AlertOut(kind="outbox_backlog", since=since))
    if status.software_version and status.software_version != (assigned or __version__):
        out.append(AlertOut(kind="stale_software", since=since))
    return out


def fleet(db: Session, user: StaffUser) -> list[KioskStatusOut]:
    """The terminals of the user's halls with their last beat and alerts (three queries,
    whatever the fleet's size). A terminal whose hall sleeps (power schedule) has no alerts:
    it may be dark or off until the hall wakes, which ``asleep_until`` says."""
    rows = db.execute(select(Kiosk, KioskStatus, releases.assigned_version_of(Kiosk.id, Kiosk.hall_id))
                      .outerjoin(KioskStatus, KioskStatus.kiosk_id == Kiosk.id)
                      .where(access.visible(Kiosk.hall_id, user))
                      .order_by(Kiosk.hall_id, Kiosk.name)).all()
    config = remoteconfig.effective_values(db, [k for k, _, _ in rows])
    now = utcnow()
    schedules = {h.id: power.schedule_of(h) for h in
                 db.scalars(select(Hall).where(Hall.id.in_({k.hall_id for k, _, _ in rows})))}
    waking = {hall_id: power.asleep_until(s, now) for hall_id, s in schedules.items()}
    return [KioskStatusOut(
        id=k.id, name=k.name, place=k.place, hall_id=k.hall_id, revoked=k.revoked,
        enrolled=k.enrolled_at is not None,
        last_seen=status.last_seen.isoformat() if status else None,
        devices=status.devices if status else {},
        outbox_depth=status.outbox_depth if status else 0,
        maintenance=status.maintenance if status else False,
        alerts=[] if k.revoked or waking[k.hall_id] else alerts(
            k, status, beat_interval_s(status, config[k.id]), now, assigned),
        asleep_until=waking[k.hall_id].isoformat() if waking[k.hall_id] else None,
        timezone=schedules[k.hall_id].timezone)
        for k, status, assigned in rows]


def staff_kiosk(db: Session, user: StaffUser, kiosk_id: int, minimum: str) -> Kiosk:
    """The terminal, for a user whose role in its hall is ``minimum`` or above (another
    hall's terminal is not found: access.require)."""
    return access.get(db, Kiosk, kiosk_id, user, minimum, "terminal")


def register(db: Session, user: StaffUser, hall_id: int, name: str, place: str,
             code_ttl_s: int) -> KioskCodeOut:
    """Register a terminal; its one-time code is returned once and stored only as a hash."""
    if db.get(Hall, hall_id) is None:
        raise NotFound("no such hall")
    access.require(user, hall_id, "admin", "hall")
    code = new_enrol_code()
    kiosk = Kiosk(hall_id=hall_id, name=name, place=place, enrol_code_hash=token_hash(code),
                  enrol_code_expires_at=utcnow() + timedelta(seconds=code_ttl_s))
    db.add(kiosk)
    db.flush()
    audit(db, user, "kiosk_register", f"kiosk:{kiosk.id}", name)
    db.commit()
    return KioskCodeOut(id=kiosk.id, code=code)


def revoke(db: Session, user: StaffUser, kiosk_id: int) -> KioskRevokedOut:
    """The terminal's token stops working at once; it must be enrolled anew."""
    kiosk = staff_kiosk(db, user, kiosk_id, "admin")
    kiosk.revoked, kiosk.token_hash = True, None
    audit(db, user, "kiosk_revoke", f"kiosk:{kiosk.id}")
    db.commit()
    return KioskRevokedOut(id=kiosk.id, revoked=True)


def send_command(db: Session, user: StaffUser, kiosk_id: int, kind: str,
                 args: dict[str, Any]) -> CommandQueuedOut:
    """Queue a command (for a manager of the terminal's hall); the terminal takes it with its
    next beat."""
    staff_kiosk(db, user, kiosk_id, "hall_manager")
    cmd = KioskCommand(kiosk_id=kiosk_id, kind=kind, args=args, created_by=user.id)
    db.add(cmd)
    audit(db, user, "kiosk_command", f"kiosk:{kiosk_id}", kind)
    db.commit()
    return CommandQueuedOut(id=cmd.id, state=cmd.state)


def list_commands(db: Session, user: StaffUser, kiosk_id: int) -> list[CommandRowOut]:
    """The terminal's latest 50 commands, newest first."""
    staff_kiosk(db, user, kiosk_id, "viewer")
    rows = db.scalars(select(KioskCommand).where(KioskCommand.kiosk_id == kiosk_id)
                      .order_by(KioskCommand.id.desc()).limit(50)).all()
    return [CommandRowOut(id=c.id, kind=c.kind, state=c.state, result=c.result,
                          has_attachment=bool(c.attachment), created_at=c.created_at.isoformat())
            for c in rows]


def terminal_page(db: Session, user: StaffUser, kiosk_id: int) -> dict[str, Any]:
    """What the console's page of one terminal shows: status, 24 hours of health as a chart,
    the config it should run (with sources, its own layer and history), times in the hall's
    time zone."""
    from hallcore.remote_config import REMOTE_KEYS
    kiosk = staff_kiosk(db, user, kiosk_id, "viewer")
    version, values, source = remoteconfig.effective(db, kiosk)
    layer = remoteconfig.current_layer(db, "kiosk", kiosk.id)
    hall = db.get(Hall, kiosk.hall_id)
    return {"kiosk": kiosk, "hall": hall,
            # times on the hall's clock, as the fleet page shows a sleeping hall's wake-up
            "zone": (power.schedule_of(hall) if hall else power.PowerSchedule()).zone,
            "status": db.get(KioskStatus, kiosk.id),
            "chart": health.chart(health.history(db, kiosk.id, utcnow() - timedelta(hours=24))),
            "config": {"version": version, "values": remoteconfig.shown(values), "source": source},
            "own_layer": remoteconfig.shown(layer.values) if layer else {}, "keys": REMOTE_KEYS,
            "history": remoteconfig.history(db, "kiosk", kiosk.id, 10),
            "may_manage": access.rank(access.role_in(user, kiosk.hall_id)) >= access.rank("hall_manager")}


def health_history(db: Session, user: StaffUser, kiosk_id: int, hours: int) -> list[HealthSampleOut]:
    """Health samples of the last ``hours`` (one per change of state, else every few minutes)."""
    staff_kiosk(db, user, kiosk_id, "viewer")
    return health.samples_out(db, kiosk_id, hours)
