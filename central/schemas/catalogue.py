"""What staff edit in a hall's catalogue: services (with their documents, conditions, steps
and legal time limit), the hall's priority rules, and its counters."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from central.models.queue import PRIORITY_GROUPS
from central.schemas.common import DbInt, DbStr
from hallcore.contract import OrmOut, ServiceOut

__all__ = ["DocumentIn", "StepIn", "ServiceIn", "ServiceEditOut", "PriorityRuleIn",
           "PriorityRuleOut", "CounterIn", "CounterOut", "LETTER", "CODE"]

LETTER = r"^[A-Z]$"                 # a ticket's label starts with it: A001
CODE = r"^[a-z][a-z0-9_]{1,39}$"    # what tickets, counters and terminals name a service by
Group = Literal[PRIORITY_GROUPS]    # type: ignore[valid-type]


class DocumentIn(BaseModel):
    name: DbStr = Field(min_length=1, max_length=120)
    name_en: DbStr = Field("", max_length=160)
    note: DbStr = Field("", max_length=200)
    note_en: DbStr = Field("", max_length=200)


class StepIn(BaseModel):
    name: DbStr = Field(min_length=1, max_length=80)
    name_en: DbStr = Field("", max_length=120)


class ServiceIn(BaseModel):
    """A service as the page sends it; ``code`` is fixed once the service exists."""

    code: DbStr = Field("", max_length=40)
    letter: str = Field(pattern=LETTER)
    name: DbStr = Field(min_length=1, max_length=80)
    name_en: DbStr = Field("", max_length=80)
    description: DbStr = Field("", max_length=500)
    description_en: DbStr = Field("", max_length=500)
    documents: list[DocumentIn] = Field(default_factory=list, max_length=20)
    conditions: DbStr = Field("", max_length=1000)
    conditions_en: DbStr = Field("", max_length=1000)
    steps: list[StepIn] = Field(default_factory=list, max_length=20)
    time_limit_days: int | None = Field(None, ge=1, le=365)
    requires_identity: bool = False
    active: bool = True
    sort: int = Field(0, ge=0, le=999)


class ServiceEditOut(ServiceOut):
    hall_id: int
    sort: int


class PriorityRuleIn(BaseModel):
    group: Group
    weight: int = Field(ge=0, le=9)
    active: bool = True
    #: visitors this old or more belong to the group (only for "elderly"); None: nobody by age
    min_age: int | None = Field(None, ge=50, le=100)


class PriorityRuleOut(OrmOut):
    group: str
    weight: int
    active: bool
    min_age: int | None = None


class CounterIn(BaseModel):
    """A counter; ``staff_ids`` None leaves who sits there as it is."""

    number: int = Field(ge=1, le=999)
    name: DbStr = Field(min_length=1, max_length=40)
    service_codes: list[DbStr] = Field(default_factory=list, max_length=30)
    is_open: bool = True
    staff_ids: list[DbInt] | None = Field(None, max_length=50)


class CounterOut(OrmOut):
    id: int
    hall_id: int
    number: int
    name: str
    service_codes: list[str]
    is_open: bool
    staff_ids: list[int] = []
