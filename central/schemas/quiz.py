"""The quiz item bank, as staff post it and as terminals cache it with the occupations."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from hallcore.contract import OccupationOut, QuizBankOut, QuizBundleOut

__all__ = ["QuizBankIn", "QuizBankOut", "QuizVersionOut", "QuizBundleOut", "OccupationOut"]


class QuizBankIn(BaseModel):
    """A new version of the bank; its items, scale and types are checked as a terminal checks
    them (hallcore.quiz.parse_bank), which says what is wrong."""

    items: list[Any]
    scale: list[Any]
    types: dict[str, Any]


class QuizVersionOut(BaseModel):
    version: int
