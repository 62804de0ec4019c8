"""The quiz item bank, as staff post it and as terminals cache it with the occupations."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

__all__ = ["QuizBankIn", "QuizBankOut", "QuizVersionOut", "QuizBundleOut", "OccupationOut"]


class QuizBankIn(BaseModel):
    """A new version of the bank; its items, scale and types are checked as a terminal checks
    them (hallcore.quiz.parse_bank), which says what is wrong."""

    items: list[Any]
    scale: list[Any]
    types: dict[str, Any]


class QuizBankOut(BaseModel):
    """A version of the bank (items, answer scale and type descriptions, as hallcore.quiz reads them)."""

    version: int
    items: list[dict[str, Any]]
    scale: list[dict[str, Any]]
    types: dict[str, Any]


class QuizVersionOut(BaseModel):
    version: int


class OccupationOut(BaseModel):
    code: str
    name: str
    name_en: str
    category: str
    riasec: str


class QuizBundleOut(QuizBankOut):
    """What a terminal caches: the newest bank and the occupations with their RIASEC codes."""

    occupations: list[OccupationOut]
