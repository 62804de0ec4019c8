"""Remote configuration on the service: layers (fleet, hall, terminal), each checked against the
terminal's schema before it is saved, merged per terminal, versioned by one growing number.

A terminal's config version is the highest version among the layers that apply to it, so
one indexed query answers a heartbeat; any change to any of its layers raises it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from central.models import Kiosk, next_value
from central.models.config import ConfigLayer
from hallcore.remote_config import SECRET_KEYS, flatten, validate_overrides

SET = "(set)"  # how a secret's value is shown to staff
__all__ = ["current_layer", "effective", "version_for", "version_of", "save_layer", "history",
           "shown"]


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


def save_layer(db: Session, scope: str, scope_id: int, values: Any, note: str,
               staff_id: int | None) -> tuple[ConfigLayer, dict[str, tuple[Any, Any]]]:
    """A new version of one layer (RemoteConfigError if the terminal would refuse it), and what
    changed: key -> (old, new). The whole layer is replaced: a key left out is unset."""
    before = current_layer(db, scope, scope_id)
    old = dict(before.values) if before is not None else {}
    if isinstance(values, dict):  # a secret shown as "(set)" and sent back unchanged stays
        values = {k: (old.get(k) if k in SECRET_KEYS and v == SET else v) for k, v in flatten(values).items()}
    checked = validate_overrides(values)
    changes = {k: (old.get(k), checked.get(k)) for k in sorted(set(old) | set(checked))
               if old.get(k) != checked.get(k)}
    layer = ConfigLayer(scope=scope, scope_id=scope_id, version=next_value(db, "config_version"),
                        values=checked, note=note[:500], created_by=staff_id)
    db.add(layer)
    return layer, changes


def shown(values: dict[str, Any]) -> dict[str, Any]:
    """Values as staff see them: secrets only as set / not set."""
    return {k: (SET if k in SECRET_KEYS and v else v) for k, v in values.items()}


def history(db: Session, scope: str, scope_id: int, limit: int = 20) -> list[ConfigLayer]:
    return list(db.scalars(select(ConfigLayer).where(ConfigLayer.scope == scope, ConfigLayer.scope_id == scope_id)
                           .order_by(ConfigLayer.version.desc()).limit(limit)))
