"""Halls, their services (with the documents each requires) and the terminals in them; the
Halls page's edit form."""

from __future__ import annotations

from typing import Mapping

from pydantic import BaseModel, Field

from central.schemas.common import NO_NUL
from hallcore.contract import DocumentOut, HallOut, KioskOut, ServiceOut
from hallcore.power import MAX_WAKE_BEFORE_MIN, WEEKDAYS

__all__ = ["HallOut", "DocumentOut", "ServiceOut", "KioskOut", "HallEditIn"]


class HallEditIn(BaseModel):
    """A hall as the Halls page edits it (services/hall_admin.py checks the hours and zone)."""

    name: str = Field(min_length=1, max_length=120, pattern=NO_NUL)
    name_en: str = Field("", max_length=120, pattern=NO_NUL)
    address: str = Field("", max_length=200, pattern=NO_NUL)
    timezone: str = Field(min_length=1, max_length=40, pattern=NO_NUL)
    # ISO weekday -> [opens, closes]; a day absent is closed
    opening_hours: dict[str, list[str]] = Field(default_factory=dict, max_length=7)
    wait_target_min: int = Field(ge=1, le=600)
    wake_before_min: int = Field(ge=0, le=MAX_WAKE_BEFORE_MIN)

    @classmethod
    def from_form(cls, form: Mapping[str, str]) -> "HallEditIn":
        """From the page's fields: ``open_N``/``close_N`` per weekday, both empty: closed."""
        hours = {}
        for day in WEEKDAYS:
            opens, closes = (str(form.get(f"{edge}_{day}", "")).strip() for edge in ("open", "close"))
            if opens or closes:
                hours[day] = [opens, closes]
        text = {k: str(form.get(k, "")).strip() for k in ("name", "name_en", "address", "timezone",
                                                            "wait_target_min", "wake_before_min")}
        return cls.model_validate({**text, "opening_hours": hours})
