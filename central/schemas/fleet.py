"""The fleet: heartbeats and their answer, remote commands, terminal status and alerts,
health history, announcements for the attract screens."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from central.models.fleet import COMMAND_KINDS
from central.schemas.common import INT32_MAX, DbDateTime, DbInt, DbStr, JsonObject
from hallcore.contract import AnnouncementTextOut, BeatOut, CommandOut
from central.schemas.releases import ReleaseNote

__all__ = ["BeatIn", "BeatOut", "CommandOut", "ResultIn", "CommandStateOut", "CommandIn",
           "CommandQueuedOut", "CommandRowOut", "KioskIn", "KioskCodeOut", "KioskRevokedOut",
           "AlertOut", "KioskStatusOut", "HealthSampleOut", "AnnouncementIn", "AnnouncementOut",
           "AnnouncementTextOut", "MAX_BEAT_S"]

MAX_BEAT_S = 86400  # the longest interval a terminal's settings allow (a day)


class BeatIn(BaseModel):
    software_version: DbStr = Field("", max_length=32)
    config_version: int = Field(0, ge=0, le=INT32_MAX)
    uptime_s: int = Field(0, ge=0, le=INT32_MAX)
    devices: dict[str, JsonObject] = Field(default_factory=dict)
    outbox_depth: int = Field(0, ge=0, le=INT32_MAX)
    free_disk_mb: int = Field(0, ge=0, le=INT32_MAX)
    errors: list[str] = Field(default_factory=list, max_length=20)
    maintenance: bool = False
    # how often this terminal beats; absent, the service takes it from the terminal's config
    interval_s: float | None = Field(None, gt=0, le=MAX_BEAT_S, allow_inf_nan=False)
    # about releases (central/services/releases.py), not status columns: see
    # services.fleet.RELEASE_FIELDS
    rollback: ReleaseNote | None = None
    install_failed: ReleaseNote | None = None


class ResultIn(BaseModel):
    ok: bool
    result: DbStr = Field("", max_length=2000)
    attachment: DbStr | None = Field(None, max_length=8_000_000)


class CommandStateOut(BaseModel):
    state: str


class CommandIn(BaseModel):
    kind: Literal[COMMAND_KINDS]
    args: JsonObject = Field(default_factory=dict)


class CommandQueuedOut(BaseModel):
    id: int
    state: str


class CommandRowOut(BaseModel):
    id: int
    kind: str
    state: str
    result: str
    has_attachment: bool
    created_at: str


class KioskIn(BaseModel):
    name: DbStr = Field(min_length=1, max_length=64)
    place: DbStr = Field("", max_length=120)
    hall_id: DbInt = 1


class KioskCodeOut(BaseModel):
    """A registered terminal and its one-time enrolment code (shown this once)."""

    id: int
    code: str


class KioskRevokedOut(BaseModel):
    id: int
    revoked: bool


class AlertOut(BaseModel):
    kind: str
    since: str
    device: str | None = None
    reason: str | None = None


class KioskStatusOut(BaseModel):
    """A terminal in the fleet list: its last beat and what needs a person."""

    id: int
    name: str
    place: str
    hall_id: int
    revoked: bool
    enrolled: bool
    last_seen: str | None
    devices: dict[str, Any]
    outbox_depth: int
    maintenance: bool
    alerts: list[AlertOut]
    #: while the hall sleeps (outside its opening hours): when its screens wake (UTC), and the
    #: hall's time zone to show it in; a sleeping terminal has no alerts
    asleep_until: str | None = None
    timezone: str = "Asia/Shanghai"


class HealthSampleOut(BaseModel):
    at: str
    state: str
    devices_ok: int
    devices_total: int
    outbox_depth: int
    free_disk_mb: int
    uptime_s: int


class AnnouncementIn(BaseModel):
    text: DbStr = Field(min_length=1, max_length=300)
    text_en: DbStr = Field("", max_length=300)
    hall_id: DbInt = 1
    starts_at: DbDateTime | None = None
    ends_at: DbDateTime | None = None


class AnnouncementOut(BaseModel):
    id: int
