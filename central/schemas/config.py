"""Remote configuration: layers for the fleet, a hall and a terminal, and what a terminal gets."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from central.models.config import CONFIG_SCOPES
from central.schemas.common import DbStr, JsonObject
from hallcore.remote_config import REMOTE_KEYS
from hallcore.contract import KioskConfigOut

__all__ = ["Scope", "LayerIn", "LayerOut", "LayerHistoryOut", "LayerSavedOut", "KioskConfigOut",
           "EffectiveConfigOut"]

Scope = Literal[CONFIG_SCOPES]


class LayerIn(BaseModel):
    values: JsonObject = Field(default_factory=dict, max_length=len(REMOTE_KEYS))
    note: DbStr = Field("", max_length=500)


class LayerOut(BaseModel):
    """One version of a layer, secrets shown only as set."""

    version: int
    values: dict[str, Any]
    note: str
    by: str
    at: str


class LayerHistoryOut(BaseModel):
    scope: Scope
    scope_id: int
    current: LayerOut | None
    history: list[LayerOut]


class LayerSavedOut(BaseModel):
    version: int
    changed: list[str]


class EffectiveConfigOut(BaseModel):
    """What one terminal should run with, where each value comes from, and what it applied."""

    version: int
    values: dict[str, Any]
    source: dict[str, str]
    applied_version: int | None
