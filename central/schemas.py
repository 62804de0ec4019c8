"""Pydantic schemas of the API (Base/Create/Public per resource); the OpenAPI contract."""

from __future__ import annotations

import math
from datetime import datetime, timezone
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

__all__ = ["DbInt", "DbStr", "DbDateTime", "JsonObject", "INT32_MAX", "NO_NUL",
           "Health", "LoginIn", "LoginOut", "EnrolIn", "EnrolOut", "HallPublic", "KioskPublic",
           "DocumentPublic", "ServicePublic", "JobPublic", "JobFeed", "EventIn", "EventsIn",
           "EventsOut", "JobList", "JobAction"]

INT32_MAX = 2**31 - 1
# An integer that fits the database's INTEGER column: larger ones overflow it (PostgreSQL
# int4, SQLite int64) and must be refused as 422 before they reach a query.
DbInt = Annotated[int, Field(ge=-INT32_MAX - 1, le=INT32_MAX)]
# Text a PostgreSQL column can hold: it has no room for NUL, refused here as 422 too.
NO_NUL = r"^[^\x00]*$"
DbStr = Annotated[str, Field(pattern=NO_NUL)]


def _in_utc(value: datetime) -> datetime:
    try:
        return value.replace(tzinfo=value.tzinfo or timezone.utc).astimezone(timezone.utc)
    except OverflowError:  # 0001-01-01T00:00+05:00 has no UTC time
        raise ValueError("date out of range in UTC") from None


# A moment stored in UTC (naive ones are taken as UTC, like UTCDateTime does).
DbDateTime = Annotated[datetime, AfterValidator(_in_utc)]


def _finite(value: dict[str, Any]) -> dict[str, Any]:
    stack: list[Any] = [value]  # not recursive: nesting is as deep as the client likes
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, float) and not math.isfinite(item):
            raise ValueError("NaN and Infinity are not JSON")
    return value


# Free-form JSON for a JSON column. Python's parser takes NaN and Infinity, PostgreSQL and
# our own JSON responses do not.
JsonObject = Annotated[dict[str, Any], AfterValidator(_finite)]


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    database: str
    version: str


class LoginIn(BaseModel):
    username: DbStr = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=200)


class LoginOut(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    role: str


class EnrolIn(BaseModel):
    code: str = Field(min_length=4, max_length=32)


class HallPublic(_Out):
    id: int
    code: str
    name: str
    name_en: str


class KioskPublic(_Out):
    id: int
    name: str
    place: str
    hall: HallPublic


class EnrolOut(BaseModel):
    kiosk_id: int
    token: str
    name: str
    hall: HallPublic


class DocumentPublic(BaseModel):
    name: str
    name_en: str = ""
    note: str = ""
    note_en: str = ""


class ServicePublic(_Out):
    id: int
    code: str
    letter: str
    name: str
    name_en: str
    description: str
    description_en: str
    documents: list[DocumentPublic]
    requires_identity: bool
    active: bool


class JobPublic(_Out):
    id: int
    title: str
    title_en: str | None
    employer: str
    employer_en: str | None
    district: str
    address: str
    occupation_code: str
    occupation_name: str
    category: str
    salary_min: int | None
    salary_max: int | None
    education: str
    experience_years: int
    employment_type: str
    hours: str
    contact: str
    description: str
    duties: str
    requirements: str
    how_to_apply: str
    tags: list[str]
    verification_status: str = Field(validation_alias="status")
    verified_at: datetime | None
    posted_at: datetime
    expires_at: datetime | None
    source_url: str | None
    updated_at: datetime


class JobList(BaseModel):
    total: int
    items: list[JobPublic]


class JobFeed(BaseModel):
    items: list[JobPublic]
    withdrawn: list[int]
    cursor: str
    has_more: bool


class JobAction(BaseModel):
    note: DbStr = Field("", max_length=500)


class EventIn(BaseModel):
    key: DbStr = Field(min_length=8, max_length=64)
    kind: str = Field(min_length=1, max_length=32, pattern=r"^[a-z_]+$")
    occurred_at: DbDateTime
    payload: JsonObject = Field(default_factory=dict)


class EventsIn(BaseModel):
    events: list[EventIn] = Field(max_length=500)


class EventsOut(BaseModel):
    accepted: list[str]
    duplicates: list[str]
