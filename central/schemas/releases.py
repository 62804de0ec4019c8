"""Releases: an uploaded wheel, a ring's assignment, a roll-out's progress, and what the
heartbeat offers a terminal and hears back from it."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from central.models.release import OUTCOMES, RING_SCOPES
from central.schemas.common import DbStr
from hallcore.contract import ReleaseOfferOut

__all__ = ["Scope", "VERSION", "ReleaseOut", "RingIn", "RingOut", "RingProgressOut", "ReportOut",
           "ProgressOut", "ReleaseNote", "ReleaseOfferOut"]

Scope = Literal[RING_SCOPES]
# a release version as the wheel's file name carries it (hallcore.releases.wheel_version)
VERSION = r"^[0-9][0-9A-Za-z.+_!]{0,30}$"


class ReleaseOut(BaseModel):
    version: str
    filename: str
    sha256: str
    size: int
    uploaded_at: str


class RingIn(BaseModel):
    version: str = Field(pattern=VERSION)


class RingOut(BaseModel):
    scope: Scope
    scope_id: int
    version: str


class RingProgressOut(BaseModel):
    """One ring: its release, the terminals it governs by the version they run, and how many
    rolled back from the release or refused to install it."""

    scope: Scope
    scope_id: int
    version: str
    terminals: int
    versions: dict[str, int]
    on_version: int
    rolled_back: int
    install_failed: int
    assigned_at: str


class ReportOut(BaseModel):
    kiosk_id: int
    kiosk: str
    version: str
    outcome: Literal[OUTCOMES]
    reason: str
    at: str


class ProgressOut(BaseModel):
    rings: list[RingProgressOut]
    unassigned: int
    reports: list[ReportOut]


class ReleaseNote(BaseModel):
    """In a beat: a release this terminal rolled back from, or refused to install, and why."""

    version: DbStr = Field(max_length=32)
    reason: DbStr = Field("", max_length=200)
