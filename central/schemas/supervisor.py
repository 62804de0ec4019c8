"""The supervisor's live view of a hall and the bodies of their actions on waiting tickets."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from central.schemas.common import DbStr

__all__ = ["WaitState", "SupervisorServiceOut", "SupervisorCounterOut", "SupervisorTicketOut",
           "SupervisorOut", "CancelIn"]

# the longest wait of a service against the hall's target: within it, close to it, beyond it
WaitState = Literal["ok", "near", "over"]


class SupervisorServiceOut(BaseModel):
    code: str
    letter: str
    name: str
    name_en: str
    waiting: int
    longest_wait_min: int
    state: WaitState


class SupervisorCounterOut(BaseModel):
    id: int
    number: int
    name: str
    is_open: bool
    letters: list[str]                 # the services it serves, by letter
    staff: str | None                  # who is there: serving now, else assigned to it
    ticket: str | None                 # the label it serves now
    ticket_status: str | None          # called or serving
    since: str | None                  # hall clock, HH:MM
    minutes: int | None                # since then


class SupervisorTicketOut(BaseModel):
    id: int
    label: str
    service_code: str
    letter: str
    position: int                      # 1: next of its service
    waited_min: int
    state: WaitState                   # this wait against the hall's target
    arrived: str                       # hall clock, HH:MM
    priority_group: str | None
    routed_counter: str | None


class SupervisorOut(BaseModel):
    """One hall, now: what every supervisor stream of the hall receives."""

    hall_id: int
    hall: str
    wait_target_min: int
    services: list[SupervisorServiceOut]
    counters: list[SupervisorCounterOut]
    waiting: list[SupervisorTicketOut]


class CancelIn(BaseModel):
    reason: DbStr = Field(min_length=1, max_length=200)
