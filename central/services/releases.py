"""Releases on the service: upload (checked like a terminal checks it), rings, what each terminal
should run, and how a roll-out goes.

Rings: a release is assigned to the fleet (scope_id 0), a hall, or one terminal; for a terminal
the most specific ring wins (kiosk, then hall, then fleet), so a pilot terminal runs ahead of
its hall and a hall ahead of the fleet. ``assigned_release_of`` answers that as one SQL scalar
subquery, which the heartbeat's single lookup carries (services/fleet.py): a beat costs no
extra query unless the terminal runs something other than its ring's release.

A terminal that rolled back from a release, or refused to install it, says so in its beat
(``rollback`` / ``install_failed``); that is kept once per terminal and version, and the
release is not offered to that terminal again. Uploads are refused unless the sha256 matches
and a configured release key verifies the signature: the service never hands out a release
a terminal would refuse.

Refusals are the service layer's (errors.py): Invalid for a release that does not verify,
Conflict for a version stored already, NotFound, Forbidden for a ring that is not the
caller's; a release key the service cannot read is its own fault (500).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from central.audit import audit
from central.models import Hall, Kiosk, StaffUser
from central.models.fleet import KioskStatus
from central.models.release import RING_SCOPES, Release, ReleaseReport, ReleaseRing
from central.schemas.releases import (ProgressOut, ReleaseNote, ReleaseOfferOut, ReleaseOut,
                                      ReportOut, RingOut, RingProgressOut)
from central.services import access
from central.services.auth import has_role
from central.services.errors import Conflict, Forbidden, Invalid, NotFound, ServiceError
from hallcore.releases import (CHUNK, ReleaseError, load_public_key, sha256_stream,
                               verify_signature, wheel_version)

__all__ = ["public_keys", "upload", "list_releases", "may_assign", "assign",
           "assigned_release_of", "assigned_version_of", "beat_offer", "progress", "wheel_file"]

# (database, release id) -> (version, sha256, signature): a stored release never changes
_OFFERS: dict[tuple[str, int], tuple[str, str, str]] = {}
_SPECIFIC = case((ReleaseRing.scope == "kiosk", 0), (ReleaseRing.scope == "hall", 1), else_=2)


def public_keys(paths: list[str]) -> list[Any]:
    """The configured release keys (Invalid when there is none; a 500 when one is unusable)."""
    if not paths:
        raise Invalid("no release key is configured (releases.public_keys)")
    try:
        return [load_public_key(Path(p)) for p in paths]
    except (OSError, ReleaseError) as exc:
        raise ServiceError(f"release key unusable: {exc}", 500) from None


def _out(release: Release) -> ReleaseOut:
    return ReleaseOut(version=release.version, filename=release.filename, sha256=release.sha256,
                      size=release.size, uploaded_at=release.uploaded_at.isoformat())


def upload(db: Session, user: StaffUser, key_paths: list[str], max_bytes: int, filename: str,
           wheel: BinaryIO, sha256: str, signature: str) -> ReleaseOut:
    """Store an uploaded wheel once its name, checksum and signature are right; audited.
    Commits."""
    keys = public_keys(key_paths)
    try:
        version = wheel_version(filename)
        digest, size = sha256_stream(iter(lambda: wheel.read(CHUNK), b""), limit=max_bytes)
        if digest != sha256.strip().lower():
            raise ReleaseError("the sha256 does not match the file")
        verify_signature(keys, filename, digest, signature)
    except ReleaseError as exc:
        raise Invalid(str(exc)) from None
    if db.scalar(select(Release.id).where(Release.version == version)) is not None:
        raise Conflict(f"release {version} exists already")
    wheel.seek(0)
    release = Release(version=version, filename=filename, sha256=digest, signature=signature.strip(),
                      size=size, wheel=wheel.read(), uploaded_by=user.id)
    db.add(release)
    db.flush()
    audit(db, user, "release_upload", f"release:{release.version}", release.sha256)
    db.commit()
    return _out(release)


def list_releases(db: Session) -> list[ReleaseOut]:
    """Every release, newest first."""
    return [_out(r) for r in db.scalars(select(Release).order_by(Release.id.desc()))]


def may_assign(db: Session, user: StaffUser, scope: str, scope_id: int) -> None:
    """Admins assign any ring; a hall manager only their own hall's and its terminals'."""
    hall_id = None
    if scope == "fleet":
        if scope_id != 0:
            raise NotFound("the fleet ring is /fleet/0")
    elif scope == "hall":
        if db.get(Hall, scope_id) is None:
            raise NotFound("no such hall")
        hall_id = scope_id
    else:
        kiosk = db.get(Kiosk, scope_id)
        if kiosk is None:
            raise NotFound("no such terminal")
        hall_id = kiosk.hall_id
    if has_role(user, "admin"):
        return
    if scope == "fleet":
        raise Forbidden("the fleet's ring is for admins")
    access.require(user, hall_id, "hall_manager", "hall" if scope == "hall" else "terminal")


def assign(db: Session, user: StaffUser, scope: str, scope_id: int, version: str) -> RingOut:
    """Point a ring at a release (replacing what it had); audited. Commits. The caller has
    passed ``may_assign``."""
    release = db.scalar(select(Release).where(Release.version == version))
    if release is None:
        raise NotFound(f"no release {version}")
    ring = db.scalar(select(ReleaseRing).where(ReleaseRing.scope == scope,
                                               ReleaseRing.scope_id == scope_id))
    if ring is None:
        ring = ReleaseRing(scope=scope, scope_id=scope_id, release_id=release.id)
        db.add(ring)
    ring.release_id, ring.assigned_by = release.id, user.id
    audit(db, user, "release_assign", f"{scope}:{scope_id}", version)
    db.commit()
    return RingOut(scope=scope, scope_id=scope_id, version=version)


def _ring_of(kiosk_id, hall_id, column):
    """``column`` of the most specific ring for a terminal (of its release, for a column of
    ``releases``), as a SQL scalar subquery; the arguments may be columns."""
    query = select(column).select_from(ReleaseRing)
    if column.table is Release.__table__:
        query = query.join(Release, Release.id == ReleaseRing.release_id)
    return (query.where(or_(ReleaseRing.scope == "fleet",
                            and_(ReleaseRing.scope == "hall", ReleaseRing.scope_id == hall_id),
                            and_(ReleaseRing.scope == "kiosk", ReleaseRing.scope_id == kiosk_id)))
            .order_by(_SPECIFIC).limit(1).scalar_subquery())


def assigned_release_of(kiosk_id, hall_id):
    """The release id a terminal should run (NULL: none); the arguments may be columns."""
    return _ring_of(kiosk_id, hall_id, ReleaseRing.release_id)


def assigned_version_of(kiosk_id, hall_id):
    """The version a terminal should run (NULL: no ring governs it); arguments may be columns."""
    return _ring_of(kiosk_id, hall_id, Release.version)


def beat_offer(db: Session, kiosk_id: int, release_id: int | None, running: str,
               rollback: ReleaseNote | None, install_failed: ReleaseNote | None
               ) -> ReleaseOfferOut | None:
    """Keep what a beat reports about releases; the release to offer the terminal, if any
    (``release_id``: the one its ring assigns, from the beat's lookup)."""
    for outcome, note in (("rolled_back", rollback), ("install_failed", install_failed)):
        if note is not None and note.version:
            _report(db, kiosk_id, note, outcome)
    if release_id is None:
        return None
    key = (str(db.get_bind().url), release_id)
    if key not in _OFFERS:
        row = db.get(Release, release_id)
        _OFFERS[key] = (row.version, row.sha256, row.signature)
    version, sha256, signature = _OFFERS[key]
    if version == running or db.scalar(select(ReleaseReport.id).where(
            ReleaseReport.kiosk_id == kiosk_id, ReleaseReport.version == version)) is not None:
        return None
    return ReleaseOfferOut(version=version, url=f"/api/kiosk/releases/{version}/wheel",
                           sha256=sha256, signature=signature)


def _report(db: Session, kiosk_id: int, note: ReleaseNote, outcome: str) -> None:
    found = db.scalar(select(ReleaseReport).where(ReleaseReport.kiosk_id == kiosk_id,
                                                  ReleaseReport.version == note.version))
    if found is None:
        db.add(ReleaseReport(kiosk_id=kiosk_id, version=note.version, outcome=outcome,
                             reason=note.reason))
    else:
        found.outcome, found.reason = outcome, note.reason


def progress(db: Session, user: StaffUser) -> ProgressOut:
    """Each ring with its release, the terminals it governs by version, on-target count,
    rollbacks and refused installs; and the latest reports. Only the terminals of the
    caller's halls."""
    city_wide = access.halls(user) is None
    kiosks = select(Kiosk.id.label("kiosk_id"), Kiosk.name, Kiosk.hall_id,
                    _ring_of(Kiosk.id, Kiosk.hall_id, ReleaseRing.id).label("ring_id")
                    ).where(~Kiosk.revoked, access.visible(Kiosk.hall_id, user))
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
        if not city_wide and not versions and ring.scope != "fleet":
            continue
        counts = {o: n for rid, o, n in reports if rid == ring.id}
        out.append(RingProgressOut(
            scope=ring.scope, scope_id=ring.scope_id, version=version,
            terminals=sum(versions.values()), versions=versions,
            on_version=versions.get(version, 0), rolled_back=counts.get("rolled_back", 0),
            install_failed=counts.get("install_failed", 0), assigned_at=ring.assigned_at.isoformat()))
    latest = (select(ReleaseReport, Kiosk.name).join(Kiosk)
              .where(access.visible(Kiosk.hall_id, user))
              .order_by(ReleaseReport.at.desc()).limit(20))
    return ProgressOut(
        rings=out, unassigned=sum(n for rid, _v, n in by_version if rid is None),
        reports=[ReportOut(kiosk_id=r.kiosk_id, kiosk=name, version=r.version, outcome=r.outcome,
                           reason=r.reason, at=r.at.isoformat())
                 for r, name in db.execute(latest).all()])


def wheel_file(db: Session, version: str) -> tuple[Path, str]:
    """(a local file holding the release's wheel, its file name): written once per replica
    from the database, so a ring of terminals downloading at once costs one blob read."""
    release = db.scalar(select(Release).where(Release.version == version))
    if release is None:
        raise NotFound(f"no release {version}")
    cache = Path(tempfile.gettempdir()) / "hallkiosk-releases"
    cache.mkdir(mode=0o700, exist_ok=True)
    path = cache / f"{release.sha256}.whl"
    if not path.is_file():
        tmp = cache / f".{release.sha256}.{os.getpid()}.tmp"
        tmp.write_bytes(release.wheel)
        os.replace(tmp, path)
    return path, release.filename
