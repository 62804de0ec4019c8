"""Releases: staff upload signed wheels and assign them to rings; terminals download them;
the console shows how each ring's roll-out goes."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field

from central.audit import audit
from central.deps import DbDep, KioskDep, SettingsDep, bearer_token, csrf_token, get_staff, require_role
from central.models import StaffUser
from central.schemas import DbInt
from central.services import releases
from central.services.releases import RolloutError

router = APIRouter(tags=["releases"])
Scope = Literal["fleet", "hall", "kiosk"]
VERSION = r"^[0-9][0-9A-Za-z.+_!]{0,30}$"


class ReleaseOut(BaseModel):
    version: str
    filename: str
    sha256: str
    size: int
    uploaded_at: str


class RingIn(BaseModel):
    version: str = Field(pattern=VERSION)


class RingOut(BaseModel):
    scope: Scope
    scope_id: int
    version: str


class RingProgress(BaseModel):
    scope: Scope
    scope_id: int
    version: str
    terminals: int
    versions: dict[str, int]
    on_version: int
    rolled_back: int
    install_failed: int
    assigned_at: str


class ReportOut(BaseModel):
    kiosk_id: int
    kiosk: str
    version: str
    outcome: Literal["rolled_back", "install_failed"]
    reason: str
    at: str


class ProgressOut(BaseModel):
    rings: list[RingProgress]
    unassigned: int
    reports: list[ReportOut]


def _refused(exc: RolloutError) -> HTTPException:
    return HTTPException(exc.status, str(exc))


def _out(release) -> ReleaseOut:
    return ReleaseOut(version=release.version, filename=release.filename, sha256=release.sha256,
                      size=release.size, uploaded_at=release.uploaded_at.isoformat())


@router.post("/api/releases", response_model=ReleaseOut)
def upload(db: DbDep, settings: SettingsDep, wheel: UploadFile = File(...),
           sha256: str = Form(..., max_length=64), signature: str = Form(..., max_length=100),
           user: StaffUser = Depends(require_role("admin"))) -> ReleaseOut:
    """Store a release wheel; refused unless its checksum and signature verify."""
    try:
        keys = releases.public_keys(settings.releases.public_keys)
        release = releases.add_release(db, wheel.filename or "", wheel.file, sha256, signature, keys,
                                       settings.releases.max_wheel_bytes, user.id)
    except RolloutError as exc:
        raise _refused(exc) from None
    audit(db, user, "release_upload", f"release:{release.version}", release.sha256)
    db.commit()
    return _out(release)


@router.get("/api/releases", response_model=list[ReleaseOut])
def list_all(db: DbDep, user: StaffUser = Depends(require_role("viewer"))) -> list[ReleaseOut]:
    """Every release, newest first."""
    return [_out(r) for r in releases.list_releases(db)]


def ring_assigner(scope: Scope, scope_id: DbInt, db: DbDep,
                  user: StaffUser = Depends(require_role("hall_manager"))) -> StaffUser:
    """The caller, if the ring is theirs to assign (checked before the body is)."""
    try:
        releases.may_assign(db, user, scope, scope_id)
    except RolloutError as exc:
        raise _refused(exc) from None
    return user


@router.put("/api/releases/rings/{scope}/{scope_id}", response_model=RingOut)
def assign(scope: Scope, scope_id: DbInt, body: RingIn, db: DbDep,
           user: StaffUser = Depends(ring_assigner)) -> RingOut:
    """Assign a release to a ring: the fleet (admins), a hall or a terminal (its hall's manager)."""
    try:
        releases.assign(db, scope, scope_id, body.version, user.id)
    except RolloutError as exc:
        raise _refused(exc) from None
    audit(db, user, "release_assign", f"{scope}:{scope_id}", body.version)
    db.commit()
    return RingOut(scope=scope, scope_id=scope_id, version=body.version)


@router.get("/api/releases/progress", response_model=ProgressOut)
def progress(db: DbDep, user: StaffUser = Depends(require_role("viewer"))) -> ProgressOut:
    """Each ring: terminals per version, rollbacks and refused installs; the latest reports."""
    return ProgressOut.model_validate(releases.progress(db, None if user.role == "admin" else user.hall_id))


@router.get("/api/kiosk/releases/{version}/wheel", response_class=FileResponse)
def download(version: str, kiosk: KioskDep, db: DbDep) -> FileResponse:
    """The release's wheel, for a terminal to verify and install."""
    try:
        path, filename = releases.wheel_file(db, version[:32])
    except RolloutError as exc:
        raise _refused(exc) from None
    return FileResponse(path, media_type="application/octet-stream", filename=filename)


@router.get("/console/releases", response_class=HTMLResponse)
def releases_page(request: Request, db: DbDep, settings: SettingsDep):
    """Releases, rings and each ring's progress; assign a release to a ring."""
    try:
        user = get_staff(request, db)
    except HTTPException:
        return RedirectResponse("/console/login", status_code=303)
    return request.app.state.templates.TemplateResponse(
        request, "console/releases.html",
        {"user": user, "csrf": csrf_token(settings.security.secret_key, bearer_token(request))})
