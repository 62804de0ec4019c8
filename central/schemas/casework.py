"""Case management at the terminal and in the console: a job seeker's registration, the
difficulty check, cases with time limits, follow-ups (answers the terminal reads are in
hallcore.contract)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from central.schemas.common import NO_NUL, IdNumber
from central.schemas.tickets import CardProofIn
from hallcore.contract import (AVAILABILITY, EDUCATION, CaseOut, CounsellorOut, DifficultyOut,
                               RegistrationOut)

__all__ = ["VisitorIn", "RegistrationIn", "DifficultyIn", "RegistrationOut", "DifficultyOut",
           "CaseOut", "CounsellorOut"]

OccupationCode = Annotated[str, Field(min_length=1, max_length=20, pattern=r"^[0-9A-Za-z-]+$")]
District = Annotated[str, Field(min_length=1, max_length=40, pattern=NO_NUL)]
AnswerId = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[0-9a-z_]+$")]


class VisitorIn(BaseModel):
    """Who is at the terminal, proved as for "my progress": the ID number and what only the
    card holds (central.services.identity), and the visitor's consent to keep what they enter."""

    id_number: IdNumber
    card: CardProofIn
    name: Annotated[str, Field(max_length=40, pattern=NO_NUL)] = ""   # masked before storing
    consent: Literal[True]    # without it nothing is stored (422)


class RegistrationIn(VisitorIn):
    occupations: list[OccupationCode] = Field(min_length=1, max_length=3)
    pay_min: int | None = Field(None, ge=0, le=1_000_000)     # CNY per month
    districts: list[District] = Field([], max_length=10)      # empty: anywhere
    education: Literal[EDUCATION]
    availability: Literal[AVAILABILITY] = "any"


class DifficultyIn(VisitorIn):
    answers: dict[AnswerId, AnswerId] = Field(max_length=20)  # question id -> option id
