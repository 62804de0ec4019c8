"""Releases on the service: upload (checked like a terminal checks it), rings, what each terminal
should run, and how a roll-out goes.

Rings: a release is assigned to the fleet (scope_id 0), a hall, or one terminal; for a terminal
the most specific ring wins (kiosk, then hall, then fleet), so a pilot terminal runs ahead of
its hall and a hall ahead of the fleet. ``assigned_release_of`` answers that as one SQL scalar
subquery, which the heartbeat's single lookup carries: a beat costs no extra query unless the
terminal runs something other than its ring's release.

A terminal that rolled back from a release, or refused to install it, says so in its beat
(``rollback`` / ``install_failed``); that is kept once per terminal and version, and the
release is not offered to that terminal again. Uploads are refused unless the sha256 matches
and a configured release key verifies the signature: the service never hands out a release
a terminal would refuse.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from central.models import Hall, Kiosk, StaffUser
from central.models.fleet import KioskStatus
from central.models.release import RING_SCOPES, Release, ReleaseReport, ReleaseRing
from hallcore.releases import (CHUNK, ReleaseError, load_public_key, sha256_stream,
                               verify_signature, wheel_version)

__all__ = ["RolloutError", "ReleaseError", "public_keys", "add_release", "assign", "may_assign",
           "assigned_release_of", "beat_offer", "progress", "wheel_file", "list_releases"]

_OFFERS: dict[int, tuple[str, str, str]] = {}   # release id -> (version, sha256, signature): immutable
_SPECIFIC = case((ReleaseRing.scope == "kiosk", 0), (ReleaseRing.scope == "hall", 1), else_=2)


class RolloutError(Exception):
    """Refused; ``status`` is the HTTP status the router answers with."""

    def __init__(self, message: str, status: int = 422):
        super().__init__(message)
        self.status = status


def public_keys(paths: list[str]) -> list[Any]:
    """The configured release keys (RolloutError 422 when there is none, or one is unusable)."""
    if not paths:
        raise RolloutError("no release key is configured (releases.public_keys)")
    try:
        return [load_public_key(Path(p)) for p in paths]
    except (OSError, ReleaseError) as exc:
        raise RolloutError(f"release key unusable: {exc}", 500) from None


def add_release(db: Session, filename: str, wheel: BinaryIO, sha256: str, signature: str,
                keys: list[Any], max_bytes: int, staff_id: int | None) -> Release:
    """Store an uploaded wheel once its name, checksum and signature are right."""
    try:
        version = wheel_version(filename)
        digest, size = sha256_stream(iter(lambda: wheel.read(CHUNK), b""), limit=max_bytes)
        if digest != sha256.strip().lower():
            raise ReleaseError("the sha256 does not match the file")
        verify_signature(keys, filename, digest, signature)
    except ReleaseError as exc:
        raise RolloutError(str(exc)) from None
    if db.scalar(select(Release.id).where(Release.version == version)) is not None:
        raise RolloutError(f"release {version} exists already", 409)
    wheel.seek(0)
    release = Release(version=version, filename=filename, sha256=digest, signature=signature.strip(),
                      size=size, wheel=wheel.read(), uploaded_by=staff_id)
    db.add(release)
    db.flush()
    return release


def list_releases(db: Session) -> list[Release]:
    return list(db.scalars(select(Release).order_by(Release.id.desc())))


def may_assign(db: Session, user: StaffUser, scope: str, scope_id: int) -> None:
    """Admins assign any ring; a hall manager only their own hall's and its terminals'."""
    hall_id = None
    if scope == "fleet":
        if scope_id != 0:
            raise RolloutError("the fleet ring is /fleet/0", 404)
    elif scope == "hall":
        hall_id = scope_id if db.get(Hall, scope_id) is not None else None
        if hall_id is None:
            raise RolloutError("no such hall", 404)
    else:
        kiosk = db.get(Kiosk, scope_id)
        if kiosk is None:
            raise RolloutError("no such terminal", 404)
        hall_id = kiosk.hall_id
    if user.role == "admin":
        return
    if scope == "fleet" or user.role != "hall_manager" or user.hall_id != hall_id:
        raise RolloutError("this ring is not yours to assign", 403)


def assign(db: Session, scope: str, scope_id: int, version: str, staff_id: int | None) -> ReleaseRing:
    """Point a ring at a release (replacing what it had)."""
    release = db.scalar(select(Release).where(Release.version == version))
    if release is None:
        raise RolloutError(f"no release {version}", 404)
    ring = db.scalar(select(ReleaseRing).where(ReleaseRing.scope == scope, ReleaseRing.scope_id == scope_id))
    if ring is None:
        ring = ReleaseRing(scope=scope, scope_id=scope_id, release_id=release.id)
        db.add(ring)
    ring.release_id, ring.assigned_by = release.id, staff_id
    db.flush()
    return ring


def _ring_of(kiosk_id, hall_id, column):
    """``column`` of the most specific ring for a terminal, as a SQL scalar subquery."""
    from sqlalchemy import and_, or_
    return (select(column).where(or_(ReleaseRing.scope == "fleet",
                                     and_(ReleaseRing.scope == "hall", ReleaseRing.scope_id == hall_id),
                                     and_(ReleaseRing.scope == "kiosk", ReleaseRing.scope_id == kiosk_id)))
            .order_by(_SPECIFIC).limit(1).scalar_subquery())


def assigned_release_of(kiosk_id, hall_id):
    """The release id a terminal should run (NULL: none); the arguments may be columns."""
    return _ring_of(kiosk_id, hall_id, ReleaseRing.release_id)


def beat_offer(db: Session, kiosk_id: int, release_id: int | None, running: str,
               rollback: dict[str, str] | None, install_failed: dict[str, str] | None
               ) -> dict[str, str] | None:
    """Keep what a beat reports about releases; the release to offer the terminal, if any."""
    for outcome, note in (("rolled_back", rollback), ("install_failed", install_failed)):
        if note and note.get("version"):
            _report(db, kiosk_id, note["version"], outcome, note.get("reason", ""))
    if release_id is None:
        return None
    if release_id not in _OFFERS:
        row = db.get(Release, release_id)
        _OFFERS[release_id] = (row.version, row.sha256, row.signature)
    version, sha256, signature = _OFFERS[release_id]
    if version == running or db.scalar(select(ReleaseReport.id).where(
            ReleaseReport.kiosk_id == kiosk_id, ReleaseReport.version == version)) is not None:
        return None
    return {"version": version, "url": f"/api/kiosk/releases/{version}/wheel",
            "sha256": sha256, "signature": signature}


def _report(db: Session, kiosk_id: int, version: str, outcome: str, reason: str) -> None:
    found = db.scalar(select(ReleaseReport).where(ReleaseReport.kiosk_id == kiosk_id,
                                                  ReleaseReport.version == version[:32]))
    if found is None:
        db.add(ReleaseReport(kiosk_id=kiosk_id, version=version[:32], outcome=outcome,
                             reason=reason[:200]))
    else:
        found.outcome, found.reason = outcome, reason[:200]


def progress(db: Session, hall_id: int | None = None) -> dict[str, Any]:
    """Each ring with its release, the terminals it governs by version, on-target count,
    rollbacks and refused installs; and the latest reports. ``hall_id`` limits it to one hall."""
    kiosks = select(Kiosk.id.label("kiosk_id"), Kiosk.name, Kiosk.hall_id,
                    _ring_of(Kiosk.id, Kiosk.hall_id, ReleaseRing.id).label("ring_id")
                    ).where(~Kiosk.revoked)
    if hall_id is not None:
        kiosks = kiosks.where(Kiosk.hall_id == hall_id)
    k = kiosks.subquery()
    by_version = db.execute(
        select(k.c.ring_id, func.coalesce(KioskStatus.software_version, ""), func.count())
        .select_from(k).outerjoin(KioskStatus, KioskStatus.kiosk_id == k.c.kiosk_id)
        .group_by(k.c.ring_id, KioskStatus.software_version)).all()
    reports = db.execute(
        select(k.c.ring_id, ReleaseReport.outcome, func.count())
        .select_from(k).join(ReleaseRing, ReleaseRing.id == k.c.ring_id)
        .join(Release, Release.id == ReleaseRing.release_id)
        .join(ReleaseReport, (ReleaseReport.kiosk_id == k.c.kiosk_id)
              & (ReleaseReport.version == Release.version))
        .group_by(k.c.ring_id, ReleaseReport.outcome)).all()
    rings = db.execute(select(ReleaseRing, Release.version).join(Release)
                       .order_by(case(*((ReleaseRing.scope == s, i) for i, s in enumerate(RING_SCOPES))),
                                 ReleaseRing.scope_id)).all()
    out = []
    for ring, version in rings:
        versions = {v: n for rid, v, n in by_version if rid == ring.id}
        if hall_id is not None and not versions and ring.scope != "fleet":
            continue
        counts = {o: n for rid, o, n in reports if rid == ring.id}
        out.append({"scope": ring.scope, "scope_id": ring.scope_id, "version": version,
                    "terminals": sum(versions.values()), "versions": versions,
                    "on_version": versions.get(version, 0),
                    "rolled_back": counts.get("rolled_back", 0),
                    "install_failed": counts.get("install_failed", 0),
                    "assigned_at": ring.assigned_at.isoformat()})
    latest = select(ReleaseReport, Kiosk.name).join(Kiosk).order_by(ReleaseReport.at.desc()).limit(20)
    if hall_id is not None:
        latest = latest.where(Kiosk.hall_id == hall_id)
    return {"rings": out,
            "unassigned": sum(n for rid, _v, n in by_version if rid is None),
            "reports": [{"kiosk_id": r.kiosk_id, "kiosk": name, "version": r.version,
                         "outcome": r.outcome, "reason": r.reason, "at": r.at.isoformat()}
                        for r, name in db.execute(latest).all()]}


def wheel_file(db: Session, version: str) -> tuple[Path, str]:
    """(a local file holding the release's wheel, its file name): written once per replica
    from the database, so a ring of terminals downloading at once costs one blob read."""
    release = db.scalar(select(Release).where(Release.version == version))
    if release is None:
        raise RolloutError(f"no release {version}", 404)
    cache = Path(tempfile.gettempdir()) / "hallkiosk-releases"
    cache.mkdir(mode=0o700, exist_ok=True)
    path = cache / f"{release.sha256}.whl"
    if not path.is_file():
        tmp = cache / f".{release.sha256}.{os.getpid()}.tmp"
        tmp.write_bytes(release.wheel)
        os.replace(tmp, path)
    return path, release.filename
