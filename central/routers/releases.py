"""Releases: staff upload signed wheels and assign them to rings; terminals download them;
the console shows how each ring's roll-out goes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Path, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse

from central.deps import Admin, DbDep, KioskDep, Manager, PageUserDep, SettingsDep, Viewer
from central.models import StaffUser
from central.i18n import OUTCOME_LABELS, SCOPE_LABELS, language_of, words
from central.pages import render
from central.schemas.common import DbInt
from central.schemas.releases import VERSION, ProgressOut, ReleaseOut, RingIn, RingOut, Scope
from central.services import auth, releases

__all__ = ["router"]

router = APIRouter(tags=["releases"])


@router.post("/api/releases")
def upload(db: DbDep, settings: SettingsDep, user: Admin, wheel: UploadFile = File(...),
           sha256: str = Form(..., max_length=64), signature: str = Form(..., max_length=100)
           ) -> ReleaseOut:
    """Store a release wheel; refused unless its checksum and signature verify."""
    return releases.upload(db, user, settings.releases.public_keys, settings.releases.max_wheel_bytes,
                           wheel.filename or "", wheel.file, sha256, signature)


@router.get("/api/releases")
def list_all(db: DbDep, user: Viewer) -> list[ReleaseOut]:
    """Every release, newest first."""
    return releases.list_releases(db)


def ring_assigner(scope: Scope, scope_id: DbInt, db: DbDep, user: Manager) -> StaffUser:
    """The caller, if the ring is theirs to assign: checked before the body is, so a caller
    who may not assign it hears 403 whatever they sent."""
    releases.may_assign(db, user, scope, scope_id)
    return user


@router.put("/api/releases/rings/{scope}/{scope_id}")
def assign(scope: Scope, scope_id: DbInt, body: RingIn, db: DbDep,
           user: Annotated[StaffUser, Depends(ring_assigner)]) -> RingOut:
    """Assign a release to a ring: the fleet (admins), a hall or a terminal (its hall's manager)."""
    return releases.assign(db, user, scope, scope_id, body.version)


@router.get("/api/releases/progress")
def progress(db: DbDep, user: Viewer) -> ProgressOut:
    """Each ring: terminals per version, rollbacks and refused installs; the latest reports."""
    return releases.progress(db, user)


@router.get("/api/kiosk/releases/{version}/wheel", response_class=FileResponse,
            responses={200: {"content": {"application/zip": {}}, "description": "a wheel"}})
def download(version: Annotated[str, Path(pattern=VERSION)], kiosk: KioskDep,
             db: DbDep) -> FileResponse:
    """The release's wheel, for a terminal to verify and install."""
    path, filename = releases.wheel_file(db, version)
    # a wheel is a zip: the app's GZip leaves application/zip alone, compressing it again gains nothing
    return FileResponse(path, media_type="application/zip", filename=filename)


@router.get("/console/releases", response_class=HTMLResponse)
def releases_page(request: Request, user: PageUserDep) -> HTMLResponse:
    """Releases, rings and each ring's progress; assign a release to a ring."""
    language = language_of(request)
    return render(request, "console/releases.html", user=user, is_admin=auth.has_role(user, "admin"),
                  scopes=words(language, SCOPE_LABELS), outcomes=words(language, OUTCOME_LABELS))
