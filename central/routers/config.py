"""Remote configuration: layers for the fleet, a hall and a terminal; what each terminal gets."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel, Field

from central import remoteconfig
from central.audit import audit
from central.deps import DbDep, KioskDep, require_role
from central.models import Hall, Kiosk, StaffUser
from central.models.staff import ROLES
from central.schemas import DbInt, DbStr, JsonObject
from hallcore.remote_config import REMOTE_KEYS, SECRET_KEYS, RemoteConfigError

router = APIRouter(tags=["config"])
Scope = Literal["fleet", "hall", "kiosk"]


class LayerIn(BaseModel):
    values: JsonObject = Field(default_factory=dict, max_length=len(REMOTE_KEYS))
    note: DbStr = Field("", max_length=500)


def _check_scope(db, scope: str, scope_id: int) -> None:
    if scope == "fleet" and scope_id != 0:
        raise HTTPException(404, "the fleet layer is /api/config/fleet/0")
    if scope == "hall" and db.get(Hall, scope_id) is None:
        raise HTTPException(404, "no such hall")
    if scope == "kiosk" and db.get(Kiosk, scope_id) is None:
        raise HTTPException(404, "no such terminal")


def _layer_out(db, layer) -> dict[str, Any]:
    user = db.get(StaffUser, layer.created_by) if layer.created_by else None
    return {"version": layer.version, "values": remoteconfig.shown(layer.values), "note": layer.note,
            "by": user.username if user else "", "at": layer.created_at.isoformat()}


@router.get("/api/config/keys")
def keys(user: StaffUser = Depends(require_role("viewer"))) -> dict[str, str]:
    """Every key staff may set remotely, with "live" (applies at once) or "restart"."""
    return REMOTE_KEYS


@router.get("/api/config/{scope}/{scope_id}")
def get_layer(scope: Scope, scope_id: DbInt, db: DbDep,
              user: StaffUser = Depends(require_role("viewer"))) -> dict[str, Any]:
    """One layer now, and its history (newest first)."""
    _check_scope(db, scope, scope_id)
    layers = remoteconfig.history(db, scope, scope_id)
    return {"scope": scope, "scope_id": scope_id,
            "current": _layer_out(db, layers[0]) if layers else None,
            "history": [_layer_out(db, layer) for layer in layers]}


@router.put("/api/config/{scope}/{scope_id}")
def put_layer(scope: Scope, scope_id: DbInt, body: LayerIn, db: DbDep,
              user: StaffUser = Depends(require_role("hall_manager"))) -> dict[str, Any]:
    """Replace a layer with a new version; terminals apply it at their next heartbeat.

    The fleet's defaults are for admins; a hall's and a terminal's for hall managers too.
    """
    if scope == "fleet" and ROLES.index(user.role) < ROLES.index("admin"):
        raise HTTPException(403, "requires role admin")
    _check_scope(db, scope, scope_id)
    try:
        layer, changes = remoteconfig.save_layer(db, scope, scope_id, body.values, body.note, user.id)
    except RemoteConfigError as exc:
        raise HTTPException(422, str(exc)) from None
    detail = "; ".join(f"{k}: {'(secret)' if k in SECRET_KEYS else old} -> "
                       f"{'(secret)' if k in SECRET_KEYS else new}" for k, (old, new) in changes.items())
    audit(db, user, "config", f"{scope}:{scope_id}", f"v{layer.version} {detail}")
    db.commit()
    return {"version": layer.version, "changed": sorted(changes)}


@router.get("/api/kiosk/config")
def config_for_terminal(kiosk: KioskDep, db: DbDep) -> dict[str, Any]:
    """The calling terminal's merged overrides and their version."""
    version, values, _ = remoteconfig.effective(db, kiosk)
    return {"version": version, "values": values}
