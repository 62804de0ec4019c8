"""Remote configuration on the service: layers (fleet, hall, terminal), each checked against the
terminal's schema before it is saved, merged per terminal, versioned by one growing number.
Security-relevant keys are for admins only, a printer address only from the allow-list, and
their changes are audited as security changes (security_guard, replace_layer).

A terminal's config version is the highest version among the layers that apply to it, so
one indexed query answers a heartbeat; any change to any of its layers raises it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from central.audit import audit
from central.models import Hall, Kiosk, StaffUser, next_value
from central.models.config import ConfigLayer
from central.models.fleet import KioskStatus
from central.schemas.config import (EffectiveConfigOut, KioskConfigOut, LayerHistoryOut, LayerOut,
                                    LayerSavedOut)
from central.services import access
from central.services.auth import has_role
from central.services.errors import Forbidden, Invalid, NotFound
from hallcore.remote_config import (REMOTE_KEYS, SECRET_KEYS, SECURITY_KEYS, RemoteConfigError,
                                    flatten, validate_overrides)

SET = "(set)"  # how a secret's value is shown to staff
__all__ = ["keys", "current_layer", "effective", "effective_values", "version_for", "version_of",
           "save_layer", "security_guard", "history", "shown", "layer_out", "layer_history", "replace_layer",
           "for_terminal", "for_staff", "SET"]


def keys() -> dict[str, str]:
    """Every key staff may set remotely, with "live" (applies at once) or "restart"."""
    return dict(REMOTE_KEYS)


def _applies(hall_id: int, kiosk_id: int):
    return or_(ConfigLayer.scope == "fleet",
               and_(ConfigLayer.scope == "hall", ConfigLayer.scope_id == hall_id),
               and_(ConfigLayer.scope == "kiosk", ConfigLayer.scope_id == kiosk_id))


def version_for(db: Session, hall_id: int, kiosk_id: int) -> int:
    return db.scalar(select(version_of(hall_id, kiosk_id))) or 0


def version_of(hall_id, kiosk_id):
    """The config version as a SQL scalar subquery; ``hall_id`` and ``kiosk_id`` may be columns."""
    return select(func.max(ConfigLayer.version)).where(_applies(hall_id, kiosk_id)).scalar_subquery()


def current_layer(db: Session, scope: str, scope_id: int) -> ConfigLayer | None:
    return db.scalar(select(ConfigLayer).where(ConfigLayer.scope == scope, ConfigLayer.scope_id == scope_id)
                     .order_by(ConfigLayer.version.desc()).limit(1))


def effective(db: Session, kiosk: Kiosk) -> tuple[int, dict[str, Any], dict[str, str]]:
    """(version, merged flat overrides, which layer each key came from) for one terminal."""
    values: dict[str, Any] = {}
    source: dict[str, str] = {}
    version = 0
    for scope, scope_id in (("fleet", 0), ("hall", kiosk.hall_id), ("kiosk", kiosk.id)):
        layer = current_layer(db, scope, scope_id)
        if layer is None:
            continue
        version = max(version, layer.version)
        for key, value in (layer.values or {}).items():
            values[key], source[key] = value, scope
    return version, values, source


def effective_values(db: Session, kiosks: list[Kiosk]) -> dict[int, dict[str, Any]]:
    """Merged overrides of many terminals (kiosk id -> values) from one read of the current
    layers: the fleet list asks this for every terminal at once."""
    newest = select(func.max(ConfigLayer.version)).group_by(ConfigLayer.scope, ConfigLayer.scope_id)
    layers = {(layer.scope, layer.scope_id): layer.values or {}
              for layer in db.scalars(select(ConfigLayer).where(ConfigLayer.version.in_(newest)))}
    merged: dict[int, dict[str, Any]] = {}
    for kiosk in kiosks:
        values: dict[str, Any] = {}
        for scope in (("fleet", 0), ("hall", kiosk.hall_id), ("kiosk", kiosk.id)):
            values.update(layers.get(scope, {}))
        merged[kiosk.id] = values
    return merged


def save_layer(db: Session, scope: str, scope_id: int, values: Any, note: str,
               staff_id: int | None, check: Callable[[dict], None] | None = None,
               ) -> tuple[ConfigLayer, dict[str, tuple[Any, Any]]]:
    """A new version of one layer (RemoteConfigError if the terminal would refuse it), and what
    changed: key -> (old, new). The whole layer is replaced: a key left out is unset.
    ``check(changes)`` may refuse the change before anything is written."""
    before = current_layer(db, scope, scope_id)
    old = dict(before.values) if before is not None else {}
    if isinstance(values, dict):  # a secret shown as "(set)" and sent back unchanged stays
        values = {k: (old.get(k) if k in SECRET_KEYS and v == SET else v) for k, v in flatten(values).items()}
    checked = validate_overrides(values)
    changes = {k: (old.get(k), checked.get(k)) for k in sorted(set(old) | set(checked))
               if old.get(k) != checked.get(k)}
    if check is not None:
        check(changes)
    layer = ConfigLayer(scope=scope, scope_id=scope_id, version=next_value(db, "config_version"),
                        values=checked, note=note[:500], created_by=staff_id)
    db.add(layer)
    return layer, changes


def security_guard(user: StaffUser, printer_hosts: list[str]) -> Callable[[dict], None]:
    """The service's rule for security-relevant keys (hallcore.remote_config.SECURITY_KEYS),
    on top of the terminal's own: setting, changing or unsetting one is for admins only, and
    a printer address must be on the service's allow-list (security.remote_printer_hosts)."""
    def check(changes: dict[str, tuple[Any, Any]]) -> None:
        touched = sorted(SECURITY_KEYS & set(changes))
        if touched and not has_role(user, "admin"):
            raise Forbidden(f"{touched[0]}: a security setting, for admins only")
        new_host = changes.get("devices.printer.host", (None, None))[1]
        if new_host is not None and new_host not in printer_hosts:
            raise Invalid("devices.printer.host: not on the service's allow-list "
                          "(security.remote_printer_hosts)")
    return check


def shown(values: dict[str, Any]) -> dict[str, Any]:
    """Values as staff see them: secrets only as set / not set."""
    return {k: (SET if k in SECRET_KEYS and v else v) for k, v in values.items()}


def layer_out(db: Session, layer: ConfigLayer) -> LayerOut:
    """A layer as staff see it: secrets as set, who saved it and when."""
    user = db.get(StaffUser, layer.created_by) if layer.created_by else None
    return LayerOut(version=layer.version, values=shown(layer.values), note=layer.note,
                    by=user.username if user else "", at=layer.created_at.isoformat())


def history(db: Session, scope: str, scope_id: int, limit: int = 20) -> list[ConfigLayer]:
    return list(db.scalars(select(ConfigLayer).where(ConfigLayer.scope == scope, ConfigLayer.scope_id == scope_id)
                           .order_by(ConfigLayer.version.desc()).limit(limit)))


def _check_scope(db: Session, user: StaffUser, scope: str, scope_id: int, minimum: str) -> None:
    """The layer exists and the user's role in its hall is ``minimum`` or above (the fleet's
    layer is the whole city's: every hall reads it, only admins write it)."""
    if scope == "fleet":
        if scope_id != 0:
            raise NotFound("the fleet layer is /api/config/fleet/0")
        if minimum != "viewer" and access.halls(user, "admin") is not None:
            raise Forbidden("the fleet's defaults are for admins")
    elif scope == "hall":
        if db.get(Hall, scope_id) is None:
            raise NotFound("no such hall")
        access.require(user, scope_id, minimum, "hall")
    else:
        access.get(db, Kiosk, scope_id, user, minimum, "terminal")


def _logged(key: str, value: Any) -> Any:
    return "(secret)" if key in SECRET_KEYS and value else value


def _described(version: int, changes: dict[str, tuple[Any, Any]]) -> str:
    return f"v{version} " + "; ".join(f"{k}: {_logged(k, old)} -> {_logged(k, new)}"
                                       for k, (old, new) in changes.items())


def layer_history(db: Session, user: StaffUser, scope: str, scope_id: int) -> LayerHistoryOut:
    """One layer now, and its history (newest first), for a viewer of its hall."""
    _check_scope(db, user, scope, scope_id, "viewer")
    layers = [layer_out(db, layer) for layer in history(db, scope, scope_id)]
    return LayerHistoryOut(scope=scope, scope_id=scope_id, current=layers[0] if layers else None,
                           history=layers)


def replace_layer(db: Session, user: StaffUser, scope: str, scope_id: int, values: Any,
                  note: str, printer_hosts: list[str] = ()) -> LayerSavedOut:
    """A new version of a layer, audited with what changed (secrets not written). The fleet's
    defaults are for admins; a hall's and a terminal's for hall managers too; security-relevant
    keys for admins only (security_guard), audited as security changes. Commits."""
    _check_scope(db, user, scope, scope_id, "admin" if scope == "fleet" else "hall_manager")
    try:
        layer, changes = save_layer(db, scope, scope_id, values, note, user.id,
                                    security_guard(user, list(printer_hosts)))
    except RemoteConfigError as exc:
        raise Invalid(str(exc)) from None
    security = {k: v for k, v in changes.items() if k in SECURITY_KEYS}
    ordinary = {k: v for k, v in changes.items() if k not in SECURITY_KEYS}
    if ordinary or not security:
        audit(db, user, "config", f"{scope}:{scope_id}", _described(layer.version, ordinary))
    if security:
        audit(db, user, "config", f"{scope}:{scope_id}", _described(layer.version, security),
              security=True)
    db.commit()
    return LayerSavedOut(version=layer.version, changed=sorted(changes))


def for_terminal(db: Session, kiosk: Kiosk) -> KioskConfigOut:
    """The calling terminal's merged overrides and their version."""
    version, values, _ = effective(db, kiosk)
    return KioskConfigOut(version=version, values=values)


def for_staff(db: Session, user: StaffUser, kiosk_id: int) -> EffectiveConfigOut:
    """What one terminal should run with: merged values, where each comes from, and the
    version the terminal last reported applying."""
    kiosk = access.get(db, Kiosk, kiosk_id, user, "viewer", "terminal")
    version, values, source = effective(db, kiosk)
    status = db.get(KioskStatus, kiosk.id)
    return EffectiveConfigOut(version=version, values=shown(values), source=source,
                              applied_version=status.config_version if status else None)
