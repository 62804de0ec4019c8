"""One terminal in detail: its health history, the config it should run, and the console
page that shows them (as a chart) with its commands and last screenshot."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from central.deps import DbDep, PageUserDep, Viewer
from central.i18n import COMMAND_LABELS, SCOPE_LABELS, device_words, language_of, words
from central.pages import render
from central.schemas.common import DbInt
from central.schemas.config import EffectiveConfigOut
from central.schemas.fleet import HealthSampleOut
from central.services import fleet, remoteconfig

__all__ = ["router"]

router = APIRouter(tags=["terminals"])


@router.get("/api/kiosks/{kiosk_id}/health")
def health_history(kiosk_id: DbInt, db: DbDep, user: Viewer,
                   hours: int = Query(24, ge=1, le=24 * 31)) -> list[HealthSampleOut]:
    """Health samples of the last ``hours`` (one per change of state, else every few minutes)."""
    return fleet.health_history(db, user, kiosk_id, hours)


@router.get("/api/kiosks/{kiosk_id}/config")
def kiosk_config(kiosk_id: DbInt, db: DbDep, user: Viewer) -> EffectiveConfigOut:
    """What one terminal should run with: merged values, where each comes from, and the
    version the terminal last reported applying."""
    return remoteconfig.for_staff(db, user, kiosk_id)


@router.get("/console/terminals/{kiosk_id}", response_class=HTMLResponse)
def terminal_page(kiosk_id: DbInt, request: Request, db: DbDep, user: PageUserDep) -> HTMLResponse:
    """A terminal: status, health chart, config (with its sources and history), commands."""
    language = language_of(request)
    return render(request, "console/terminal.html", user=user, **fleet.terminal_page(db, user, kiosk_id),
                  commands=words(language, COMMAND_LABELS), scopes=words(language, SCOPE_LABELS),
                  device_words=device_words(language))
