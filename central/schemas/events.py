"""Terminal outbox events, pushed in batches and stored once each."""

from __future__ import annotations

from pydantic import BaseModel, Field

from central.schemas.common import DbDateTime, DbStr, JsonObject
from hallcore.contract import EventsOut

__all__ = ["EventIn", "EventsIn", "EventsOut"]


class EventIn(BaseModel):
    key: DbStr = Field(min_length=8, max_length=64)
    kind: str = Field(min_length=1, max_length=32, pattern=r"^[a-z_]+$")
    occurred_at: DbDateTime
    payload: JsonObject = Field(default_factory=dict)


class EventsIn(BaseModel):
    events: list[EventIn] = Field(max_length=500)
