"""One terminal in detail: its health history (chart), the config it should run, and the
console page that shows them with its commands and last screenshot."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from central import health, remoteconfig
from central.deps import DbDep, SettingsDep, bearer_token, csrf_token, get_staff, require_role
from central.models import Hall, Kiosk, StaffUser, utcnow
from central.models.fleet import KioskStatus
from central.schemas import DbInt
from hallcore.remote_config import REMOTE_KEYS

router = APIRouter(tags=["terminals"])
Viewer = Depends(require_role("viewer"))
COLOURS = {"ok": "#1e8e5a", "degraded": "#e0a100", "offline": "#c0392b"}


def _kiosk(db, kiosk_id: int) -> Kiosk:
    kiosk = db.get(Kiosk, kiosk_id)
    if kiosk is None:
        raise HTTPException(404, "no such terminal")
    return kiosk


@router.get("/api/kiosks/{kiosk_id}/health")
def health_history(kiosk_id: DbInt, db: DbDep, hours: int = Query(24, ge=1, le=24 * 31),
                   user: StaffUser = Viewer) -> list[dict[str, Any]]:
    """Health samples of the last ``hours`` (one per change of state, else every few minutes)."""
    _kiosk(db, kiosk_id)
    return [{"at": s.at.isoformat(), "state": s.state, "devices_ok": s.devices_ok,
             "devices_total": s.devices_total, "outbox_depth": s.outbox_depth,
             "free_disk_mb": s.free_disk_mb, "uptime_s": s.uptime_s}
            for s in health.history(db, kiosk_id, utcnow() - timedelta(hours=hours))]


@router.get("/api/kiosks/{kiosk_id}/config")
def kiosk_config(kiosk_id: DbInt, db: DbDep, user: StaffUser = Viewer) -> dict[str, Any]:
    """What one terminal should run with: merged values, where each comes from, and the
    version the terminal last reported applying."""
    kiosk = _kiosk(db, kiosk_id)
    version, values, source = remoteconfig.effective(db, kiosk)
    status = db.get(KioskStatus, kiosk.id)
    return {"version": version, "values": remoteconfig.shown(values), "source": source,
            "applied_version": status.config_version if status else None}


def chart(samples: list, hours: int = 24, width: int = 900, height: int = 120) -> dict[str, Any]:
    """The health chart's shapes: a band coloured by state (gaps are offline), and the outbox."""
    now = utcnow()
    start = now - timedelta(hours=hours)
    x = lambda t: round((t - start) / (now - start) * width, 1)  # noqa: E731
    grace = health.SAMPLE_EVERY + timedelta(minutes=2)
    bands, points = [], []
    ends = [s.at for s in samples[1:]] + [now]
    peak = max([s.outbox_depth for s in samples] + [1])
    for sample, end in zip(samples, ends):
        stop = min(end, sample.at + grace)
        bands.append({"x": x(max(sample.at, start)), "w": max(1.0, x(stop) - x(max(sample.at, start))),
                      "colour": COLOURS.get(sample.state, COLOURS["offline"]), "state": sample.state})
        points.append(f"{x(max(sample.at, start))},{round(height - 10 - sample.outbox_depth / peak * (height - 50), 1)}")
    ticks = [{"x": x(start + timedelta(hours=h)), "label": (start + timedelta(hours=h + 8)).strftime("%H:%M")}
             for h in range(0, hours + 1, max(1, hours // 6))]
    return {"bands": bands, "outbox": " ".join(points), "peak": peak, "ticks": ticks,
            "width": width, "height": height}


@router.get("/console/terminals/{kiosk_id}", response_class=HTMLResponse)
def terminal_page(kiosk_id: DbInt, request: Request, db: DbDep, settings: SettingsDep):
    """A terminal: status, health chart, config (with its sources and history), commands."""
    try:
        user = get_staff(request, db)
    except HTTPException:
        return RedirectResponse("/console/login", status_code=303)
    kiosk = _kiosk(db, kiosk_id)
    status = db.get(KioskStatus, kiosk.id)
    version, values, source = remoteconfig.effective(db, kiosk)
    layer = remoteconfig.current_layer(db, "kiosk", kiosk.id)
    return request.app.state.templates.TemplateResponse(request, "console/terminal.html", {
        "user": user, "kiosk": kiosk, "hall": db.get(Hall, kiosk.hall_id), "status": status,
        "chart": chart(health.history(db, kiosk.id, utcnow() - timedelta(hours=24))),
        "config": {"version": version, "values": remoteconfig.shown(values), "source": source},
        "own_layer": remoteconfig.shown(layer.values) if layer else {}, "keys": REMOTE_KEYS,
        "history": remoteconfig.history(db, "kiosk", kiosk.id, 10),
        "csrf": csrf_token(settings.security.secret_key, bearer_token(request))})
