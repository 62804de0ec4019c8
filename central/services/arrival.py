"""When a ticket a terminal issued by itself counts as taken: its claimed arrival time,
kept only where the terminal really was cut off.

A terminal that cannot reach the service numbers tickets itself and sends them later with
the time the visitor took them, so they keep their place. That time is a claim: a terminal
could say ``2000-01-01`` and jump the queue. A claim is kept only when it falls

* within the latest outage the heartbeats show (``KioskStatus.offline_since``, the last
  beat before a gap longer than ``fleet.OUTAGE_GAP``, to ``online_since``, the first beat
  after it), or in the last ``OUTAGE_GAP`` (a request that failed between two beats),
  each widened by ``CLOCK_SKEW`` for a terminal clock a little off; and
* on the hall's day (not before today's start on the hall's clock); and
* not later than now plus ``CLOCK_SKEW`` (a claim within the skew counts as now).

Any other claim is ignored and the ticket arrives now, at the back of its queue: a lie
gains nothing, a broken clock loses the visitor only their place.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from central.halltime import day_start, hall_time
from central.models import Kiosk
from central.models.fleet import KioskStatus

__all__ = ["CLOCK_SKEW", "OUTAGE_GAP", "bounded_arrival", "arrival_for"]

#: how far a terminal's clock may be off and its claims still taken
CLOCK_SKEW = timedelta(seconds=60)
#: a gap in heartbeats longer than this is an outage (two missed beats at the default 30 s)
OUTAGE_GAP = timedelta(seconds=90)


def bounded_arrival(claimed: datetime | None, now: datetime, offline_since: datetime | None,
                    online_since: datetime | None) -> datetime:
    """``claimed`` if the terminal's offline window allows it, else ``now``."""
    if claimed is None or claimed > now + CLOCK_SKEW:
        return now
    claimed = min(claimed, now)
    if claimed < day_start(hall_time(now).date()):
        return now
    windows = [(now - OUTAGE_GAP, now)]
    if offline_since is not None and online_since is not None:
        windows.append((offline_since, online_since))
    if any(start - CLOCK_SKEW <= claimed <= end + CLOCK_SKEW for start, end in windows):
        return claimed
    return now


def arrival_for(db: Session, kiosk: Kiosk, claimed: datetime | None, now: datetime) -> datetime:
    """The arrival time a ticket from ``kiosk`` gets for its ``claimed`` one (no claim: now,
    without reading the terminal's heartbeats)."""
    if claimed is None:
        return now
    status = db.get(KioskStatus, kiosk.id)
    return bounded_arrival(claimed, now, status.offline_since if status else None,
                           status.online_since if status else None)
