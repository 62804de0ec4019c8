"""A visitor's own progress (asked for at a terminal), and job referrals made by counsellors."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from central.models.queue import REFERRAL_STATES
from central.schemas.common import DbInt, IdNumber
from central.schemas.tickets import CardProofIn
from hallcore.contract import ProgressOut, ProgressReferralOut, ProgressTicketOut

__all__ = ["ProgressIn", "ProgressOut", "ProgressTicketOut", "ProgressReferralOut",
           "ReferralIn", "ReferralStateIn", "ReferralOut", "ErasedOut"]


class ProgressIn(BaseModel):
    """The ID number and what only the card holds (central.services.identity)."""

    id_number: IdNumber
    card: CardProofIn


class ReferralIn(BaseModel):
    ticket_id: DbInt
    job_id: DbInt


class ReferralStateIn(BaseModel):
    state: Literal[REFERRAL_STATES]


class ReferralOut(BaseModel):
    id: int
    state: str


class ErasedOut(BaseModel):
    """The person identified on a ticket was erased on their request."""

    ticket_id: int
    erased: bool = True
