"""Staff login and terminal enrolment."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from central.schemas.common import DbStr
from central.schemas.halls import HallOut
from hallcore.contract import SealKeyOut

__all__ = ["LoginIn", "LoginOut", "LogoutOut", "EnrolIn", "EnrolOut", "SealKeyOut"]


class LoginIn(BaseModel):
    username: DbStr = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=200)


class LoginOut(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    role: str


class LogoutOut(BaseModel):
    ended: int = Field(description="how many logins (tokens) stopped working")


class EnrolIn(BaseModel):
    code: str = Field(min_length=4, max_length=32)


class EnrolOut(BaseModel):
    kiosk_id: int
    token: str
    seal_key: str  # the terminal seals identities in its outbox with it (hallcore.sealing)
    name: str
    hall: HallOut

