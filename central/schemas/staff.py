"""Staff accounts as managers keep them: roles per hall, one-time passwords, deactivation."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from central.models import ROLES
from central.schemas.common import DbInt, DbStr

__all__ = ["RoleIn", "RoleOut", "StaffIn", "RolesIn", "ActiveIn", "StaffOut", "OneTimePasswordOut",
           "USERNAME", "MIN_PASSWORD"]

USERNAME = r"^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$"
MIN_PASSWORD = 10
Role = Literal[ROLES]   # type: ignore[valid-type]


class RoleIn(BaseModel):
    hall_id: DbInt | None = None   # None: city-wide (admin only)
    role: Role


class RoleOut(BaseModel):
    hall_id: int | None
    role: str


class StaffIn(BaseModel):
    username: str = Field(pattern=USERNAME)
    full_name: DbStr = Field("", max_length=80)
    roles: list[RoleIn] = Field(min_length=1, max_length=50)


class RolesIn(BaseModel):
    roles: list[RoleIn] = Field(min_length=1, max_length=50)


class ActiveIn(BaseModel):
    active: bool


class StaffOut(BaseModel):
    id: int
    username: str
    full_name: str
    active: bool
    must_change_password: bool
    counter_id: int | None
    roles: list[RoleOut]
    editable: bool = True   # the caller may change this account (not their own, nor beyond them)


class OneTimePasswordOut(BaseModel):
    """Shown once to the manager who asked; stored only as a hash."""

    staff: StaffOut
    password: str
