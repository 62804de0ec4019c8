"""Halls, their services (with the documents each requires) and the terminals in them."""

from __future__ import annotations

from pydantic import BaseModel

from central.schemas.common import OrmOut

__all__ = ["HallOut", "DocumentOut", "ServiceOut", "KioskOut"]


class HallOut(OrmOut):
    id: int
    code: str
    name: str
    name_en: str


class DocumentOut(BaseModel):
    name: str
    name_en: str = ""
    note: str = ""
    note_en: str = ""


class ServiceOut(OrmOut):
    id: int
    code: str
    letter: str
    name: str
    name_en: str
    description: str
    description_en: str
    documents: list[DocumentOut]
    requires_identity: bool
    active: bool


class KioskOut(OrmOut):
    id: int
    name: str
    place: str
    hall: HallOut
