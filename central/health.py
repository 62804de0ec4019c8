"""Terminal health over time: samples taken from heartbeats, and the history for the chart.

A sample is stored when a terminal's state changes, and otherwise at most every
``SAMPLE_EVERY``: 10,000 terminals beating every 30 s would write 28 million rows a day,
sampled they write at most 2.9 million, and fewer when nothing changes. The last sample of
each terminal is remembered in this process (a second replica may add an extra sample,
which does no harm).
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.models.health import HealthSample

__all__ = ["SAMPLE_EVERY", "worst_state", "maybe_sample", "history"]

SAMPLE_EVERY = timedelta(minutes=5)
_ORDER = {"ok": 0, "degraded": 1, "offline": 2}
_last: dict[int, tuple[datetime, str]] = {}
_lock = threading.Lock()


def worst_state(devices: dict[str, Any]) -> tuple[str, int, int]:
    """(worst state, devices ok, devices reported) from a heartbeat's device health."""
    states = [str((h or {}).get("state", "offline")) for h in devices.values()]
    ok = sum(s == "ok" for s in states)
    worst = max(states, key=lambda s: _ORDER.get(s, 2), default="ok")
    return (worst if worst in _ORDER else "offline"), ok, len(states)


def maybe_sample(db: Session, kiosk_id: int, beat: dict[str, Any], now: datetime) -> bool:
    """Add a sample for this beat when due; the caller's commit stores it."""
    state, ok, total = worst_state(beat.get("devices") or {})
    with _lock:
        last = _last.get(kiosk_id)
        if last is not None and last[1] == state and now - last[0] < SAMPLE_EVERY:
            return False
        _last[kiosk_id] = (now, state)
    db.add(HealthSample(kiosk_id=kiosk_id, at=now, state=state, devices_ok=ok, devices_total=total,
                        outbox_depth=int(beat.get("outbox_depth") or 0),
                        free_disk_mb=int(beat.get("free_disk_mb") or 0),
                        uptime_s=int(beat.get("uptime_s") or 0)))
    return True


def history(db: Session, kiosk_id: int, since: datetime) -> list[HealthSample]:
    return list(db.scalars(select(HealthSample).where(HealthSample.kiosk_id == kiosk_id,
                                                      HealthSample.at >= since)
                           .order_by(HealthSample.at)))
