"""The service's own health."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

__all__ = ["HealthOut"]


class HealthOut(BaseModel):
    status: Literal["ok", "degraded"]
    database: str
    version: str
