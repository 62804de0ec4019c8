"""Remote configuration: layers for the fleet, a hall and a terminal; what each terminal gets."""

from __future__ import annotations

from fastapi import APIRouter

from central.deps import DbDep, KioskDep, Manager, SettingsDep, Viewer
from central.schemas.common import DbInt
from central.schemas.config import KioskConfigOut, LayerHistoryOut, LayerIn, LayerSavedOut, Scope
from central.services import remoteconfig

__all__ = ["router"]

router = APIRouter(tags=["config"])


@router.get("/api/config/keys")
def keys(user: Viewer) -> dict[str, str]:
    """Every key staff may set remotely, with "live" (applies at once) or "restart"."""
    return remoteconfig.keys()


@router.get("/api/config/{scope}/{scope_id}")
def get_layer(scope: Scope, scope_id: DbInt, db: DbDep, user: Viewer) -> LayerHistoryOut:
    """One layer now, and its history (newest first)."""
    return remoteconfig.layer_history(db, user, scope, scope_id)


@router.put("/api/config/{scope}/{scope_id}")
def put_layer(scope: Scope, scope_id: DbInt, body: LayerIn, db: DbDep, user: Manager,
              settings: SettingsDep) -> LayerSavedOut:
    """Replace a layer with a new version; terminals apply it at their next heartbeat.

    The fleet's defaults are for admins; a hall's and a terminal's for hall managers too;
    security-relevant keys (lockdown, PIN, printer address, camera source) for admins only.
    """
    return remoteconfig.replace_layer(db, user, scope, scope_id, body.values, body.note,
                                      settings.security.remote_printer_hosts)


@router.get("/api/kiosk/config")
def config_for_terminal(kiosk: KioskDep, db: DbDep) -> KioskConfigOut:
    """The calling terminal's merged overrides and their version."""
    return remoteconfig.for_terminal(db, kiosk)
