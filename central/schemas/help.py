"""Calls for help: the terminal's view (hallcore.contract.HelpCallOut) and the staff's."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from hallcore.contract import HelpCallOut

__all__ = ["HelpCallOut", "HelpCallRowOut"]


class HelpCallRowOut(BaseModel):
    id: int
    kiosk_id: int
    hall_id: int
    terminal: str
    place: str
    hall: str
    created_at: datetime
    waiting_s: int
    escalated: bool
