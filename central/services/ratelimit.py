"""Rate limits every replica shares: counters in the database, one row per key and window.

A limit allows ``count`` hits per ``window_s`` seconds for each key, counted in fixed
windows (``window_start`` is the epoch second the window began) and checked over the
current window and the one before it: a burst cannot straddle a boundary to get twice the
limit, and a key that kept to the limit is free again at most two windows later. A hit is one
``UPDATE ... RETURNING count`` on the row of the current window, or an INSERT when the
window has no row yet (a concurrent first hit loses on the primary key and updates
instead), so concurrent hits on any replica are all counted, on PostgreSQL by the row
lock and on SQLite by its single writer.

Rows live for two windows: each hit deletes, now and then, the rows no longer counted,
so the table holds at most two rows per key active in the longest two windows.

Keys name the limit and who is counted (``login:user:alice``, ``progress:kiosk:7``);
anything longer than a column holds, or anything personal, is hashed by the caller or
here (``key``).
"""

from __future__ import annotations

import hashlib
import random
import time
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from central.models.identity import RateCount

__all__ = ["Limit", "Limits", "key", "count", "allowed", "hit", "reset", "purge", "PURGE_EVERY"]

PURGE_EVERY = 50   # on average, one hit in this many deletes the rows of ended windows
_KEY_LEN = RateCount.key.type.length


@dataclass(frozen=True)
class Limit:
    """At most ``count`` hits per ``window_s`` seconds for each key, named ``name``."""

    name: str
    count: int
    window_s: int

    def window(self, now: float) -> int:
        return int(now) // self.window_s * self.window_s


@dataclass(frozen=True)
class Limits:
    """The service's limits, from ``security`` settings: staff logins counted by user and,
    separately, by address (so spraying many usernames from one address is limited too),
    terminal enrolment codes by address, "my progress" lookups by terminal and by person."""

    login_user: Limit
    login_address: Limit
    enrol_address: Limit
    progress_kiosk: Limit
    progress_person: Limit

    @classmethod
    def from_settings(cls, security) -> "Limits":
        return cls(Limit("login:user", security.login_attempts_per_minute, 60),
                   Limit("login:addr", security.login_attempts_per_address_per_minute, 60),
                   Limit("enrol:addr", security.enrol_attempts_per_address_per_hour, 3600),
                   Limit("progress:kiosk", security.progress_lookups_per_kiosk_per_hour, 3600),
                   Limit("progress:person", security.progress_lookups_per_person_per_hour, 3600))


def key(*parts: object) -> str:
    """A row key from its parts; hashed when it would not fit (or to keep a value out)."""
    text = ":".join(str(p) for p in parts)
    if len(text) <= _KEY_LEN:
        return text
    return f"{parts[0]}:#{hashlib.sha256(text.encode()).hexdigest()}"[:_KEY_LEN]


def _row_key(limit: Limit, who: str) -> str:
    return key(limit.name, who)


def count(db: Session, limit: Limit, who: str, now: float | None = None) -> int:
    """Hits counted for ``who`` in the current window and the one before."""
    now = time.time() if now is None else now
    start = limit.window(now)
    return db.scalar(select(func.sum(RateCount.count)).where(
        RateCount.key == _row_key(limit, who),
        RateCount.window_start.in_((start, start - limit.window_s)))) or 0


def allowed(db: Session, limit: Limit, who: str, now: float | None = None) -> bool:
    """``who`` may still try (below the limit in this window)."""
    return count(db, limit, who, now) < limit.count


def hit(db: Session, limit: Limit, who: str, now: float | None = None) -> int:
    """Count one hit for ``who``; returns the count (this window and the one before)
    including it. Flushes only:
    the caller's commit stores it (a refused request must commit too)."""
    now = time.time() if now is None else now
    row_key, start = _row_key(limit, who), limit.window(now)
    stmt = (update(RateCount).where(RateCount.key == row_key, RateCount.window_start == start)
            .values(count=RateCount.count + 1).returning(RateCount.count))
    counted = db.execute(stmt).scalar_one_or_none()
    if counted is None:
        try:
            with db.begin_nested():
                db.execute(insert(RateCount).values(key=row_key, window_start=start, count=1,
                                                    expires_at=start + 2 * limit.window_s))
            counted = 1
        except IntegrityError:  # a concurrent first hit made the row
            counted = db.execute(stmt).scalar_one()
    if random.randrange(PURGE_EVERY) == 0:
        purge(db, now)
    return counted + (db.scalar(select(RateCount.count).where(
        RateCount.key == row_key, RateCount.window_start == start - limit.window_s)) or 0)


def reset(db: Session, limit: Limit, who: str) -> None:
    """Forget ``who``'s hits (a successful login clears that user's failures)."""
    db.execute(delete(RateCount).where(RateCount.key == _row_key(limit, who)))


def purge(db: Session, now: float | None = None) -> int:
    """Delete the rows no longer counted; returns how many."""
    now = time.time() if now is None else now
    return db.execute(delete(RateCount).where(RateCount.expires_at <= int(now))).rowcount or 0
