"""Applying remote configuration on the terminal: overrides on top of the loaded settings, and
which changed keys take effect at once or at the next restart.

Which keys are remote and how a value is checked is shared with the central service and
lives in :mod:`hallcore.remote_config`.
"""

from __future__ import annotations

from typing import Any, Mapping

from hallcore.config import merge_tree
from hallcore.remote_config import REMOTE_KEYS, flatten, nest
from hallcore.terminal_settings import KioskSettings

__all__ = ["apply_overrides", "changed_keys"]


def apply_overrides(settings: KioskSettings, flat: Mapping[str, Any]) -> KioskSettings:
    """New settings with the overrides on top (the input is left as it is)."""
    return KioskSettings.model_validate(merge_tree(settings.model_dump(), nest(flat)))


def changed_keys(old: KioskSettings, new: KioskSettings) -> dict[str, str]:
    """The remote keys whose value differs, each with LIVE or RESTART."""
    a, b = flatten(old.model_dump()), flatten(new.model_dump())
    return {k: REMOTE_KEYS[k] for k in REMOTE_KEYS if a.get(k) != b.get(k)}
