"""Terminal health over time: samples taken from heartbeats, the history, and its chart.

A sample is stored when a terminal's state changes, and otherwise at most every
``SAMPLE_EVERY``: 10,000 terminals beating every 30 s would write 28 million rows a day,
sampled they write at most 2.9 million, and fewer when nothing changes. Whether a sample is
due is decided from the terminal's newest sample in the database, which the heartbeat's one
lookup carries (``last_sample_of``; the (kiosk_id, at) index answers it): every replica sees
the same, so a terminal whose beats land on several replicas is sampled as if on one.
(A memory of the last sample in each process, as before, made each replica sample every
terminal again: a replica new to the balancer wrote a sample for every beat of its first
half-minute, and N replicas wrote N times the rows.)
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.halltime import hall_time
from central.models import utcnow
from central.models.health import HealthSample
from central.schemas.fleet import HealthSampleOut

__all__ = ["SAMPLE_EVERY", "GRACE", "worst_state", "last_sample_of", "maybe_sample", "history",
           "samples_out", "chart", "COLOURS"]

SAMPLE_EVERY = timedelta(minutes=5)
GRACE = SAMPLE_EVERY + timedelta(minutes=2)   # a sample counts this long: a beat may come late
COLOURS = {"ok": "#1e8e5a", "degraded": "#e0a100", "offline": "#c0392b"}
_ORDER = {"ok": 0, "degraded": 1, "offline": 2}


def worst_state(devices: dict[str, Any]) -> tuple[str, int, int]:
    """(worst state, devices ok, devices reported) from a heartbeat's device health."""
    states = [str((h or {}).get("state", "offline")) for h in devices.values()]
    ok = sum(s == "ok" for s in states)
    worst = max(states, key=lambda s: _ORDER.get(s, 2), default="ok")
    return (worst if worst in _ORDER else "offline"), ok, len(states)


def last_sample_of(kiosk_id) -> tuple[Any, Any]:
    """The time and state of the terminal's newest sample, as two SQL scalar subqueries (NULL:
    none yet); ``kiosk_id`` may be a column."""
    newest = (select(HealthSample.at).where(HealthSample.kiosk_id == kiosk_id)
              .order_by(HealthSample.at.desc()).limit(1))
    return (newest.scalar_subquery(),
            newest.with_only_columns(HealthSample.state).scalar_subquery())


def maybe_sample(db: Session, kiosk_id: int, beat: dict[str, Any], now: datetime,
                 last_at: datetime | None, last_state: str | None) -> bool:
    """Add a sample for this beat when due (the state changed since the newest sample, or
    that is ``SAMPLE_EVERY`` old); the caller's commit stores it."""
    state, ok, total = worst_state(beat.get("devices") or {})
    if last_at is not None and last_state == state and now - last_at < SAMPLE_EVERY:
        return False
    db.add(HealthSample(kiosk_id=kiosk_id, at=now, state=state, devices_ok=ok, devices_total=total,
                        outbox_depth=int(beat.get("outbox_depth") or 0),
                        free_disk_mb=int(beat.get("free_disk_mb") or 0),
                        uptime_s=int(beat.get("uptime_s") or 0)))
    return True


def history(db: Session, kiosk_id: int, since: datetime) -> list[HealthSample]:
    return list(db.scalars(select(HealthSample).where(HealthSample.kiosk_id == kiosk_id,
                                                      HealthSample.at >= since)
                           .order_by(HealthSample.at)))


def samples_out(db: Session, kiosk_id: int, hours: int) -> list[HealthSampleOut]:
    """The samples of the last ``hours`` as the API gives them."""
    return [HealthSampleOut(at=s.at.isoformat(), state=s.state, devices_ok=s.devices_ok,
                            devices_total=s.devices_total, outbox_depth=s.outbox_depth,
                            free_disk_mb=s.free_disk_mb, uptime_s=s.uptime_s)
            for s in history(db, kiosk_id, utcnow() - timedelta(hours=hours))]


def chart(samples: list[HealthSample], hours: int = 24, width: int = 900, height: int = 120,
          now: datetime | None = None) -> dict[str, Any]:
    """The health chart's shapes (SVG units): a band coloured by state for each sample (a gap
    is a time with no beat), the outbox depth as a line, and hour ticks on the hall's clock."""
    now = now or utcnow()
    start = now - timedelta(hours=hours)

    def x(t: datetime) -> float:
        return round((t - start) / (now - start) * width, 1)

    bands, points = [], []
    ends = [s.at for s in samples[1:]] + [now]
    peak = max([s.outbox_depth for s in samples] + [1])
    for sample, end in zip(samples, ends):
        left = x(max(sample.at, start))
        bands.append({"x": left, "w": max(1.0, x(min(end, sample.at + GRACE)) - left),
                      "colour": COLOURS.get(sample.state, COLOURS["offline"]), "state": sample.state})
        points.append(f"{left},{round(height - 10 - sample.outbox_depth / peak * (height - 50), 1)}")
    ticks = [{"x": x(start + timedelta(hours=h)),
              "label": hall_time(start + timedelta(hours=h)).strftime("%H:%M")}
             for h in range(0, hours + 1, max(1, hours // 6))]
    return {"bands": bands, "outbox": " ".join(points), "peak": peak, "ticks": ticks,
            "width": width, "height": height}
