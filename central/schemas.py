"""Pydantic schemas of the API (Base/Create/Public per resource); the OpenAPI contract."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Health", "LoginIn", "LoginOut", "EnrolIn", "EnrolOut", "HallPublic", "KioskPublic",
           "DocumentPublic", "ServicePublic", "JobPublic", "JobFeed", "EventIn", "EventsIn",
           "EventsOut", "JobList", "JobAction"]


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    database: str
    version: str


class LoginIn(BaseModel):
    username: str = Field(min_length=1, max_length=64)
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
    note: str = Field("", max_length=500)


class EventIn(BaseModel):
    key: str = Field(min_length=8, max_length=64)
    kind: str = Field(min_length=1, max_length=32, pattern=r"^[a-z_]+$")
    occurred_at: datetime
    payload: dict[str, Any] = Field(default_factory=dict)


class EventsIn(BaseModel):
    events: list[EventIn] = Field(max_length=500)


class EventsOut(BaseModel):
    accepted: list[str]
    duplicates: list[str]
