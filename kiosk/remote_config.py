"""Applying remote configuration on the terminal: overrides on top of the loaded settings, and
which changed keys take effect at once or at the next restart.

Which keys are remote and how a value is checked is shared with the central service and
lives in :mod:`hallcore.remote_config`. A security-relevant value the terminal's own rule
refuses is dropped here whatever the service said (the local value stays): a service that
skipped the check, or a tampered cache, cannot open the terminal up.
"""

from __future__ import annotations

import logging
from typing import Any, Mapping

from hallcore.config import merge_tree
from hallcore.remote_config import REMOTE_KEYS, flatten, nest, security_refusal
from hallcore.terminal_settings import KioskSettings

__all__ = ["apply_overrides", "changed_keys"]
log = logging.getLogger(__name__)


def apply_overrides(settings: KioskSettings, flat: Mapping[str, Any]) -> KioskSettings:
    """New settings with the overrides on top (the input is left as it is), less any
    security-relevant value the terminal refuses."""
    taken = {}
    for key, value in flat.items():
        if (reason := security_refusal(key, value)) is not None:
            log.warning("remote config: %s refused (%s); the local value stays", key, reason)
        else:
            taken[key] = value
    return KioskSettings.model_validate(merge_tree(settings.model_dump(), nest(taken)))


def changed_keys(old: KioskSettings, new: KioskSettings) -> dict[str, str]:
    """The remote keys whose value differs, each with LIVE or RESTART."""
    a, b = flatten(old.model_dump()), flatten(new.model_dump())
    return {k: REMOTE_KEYS[k] for k in REMOTE_KEYS if a.get(k) != b.get(k)}
