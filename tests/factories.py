"""Test data factories: job postings in the shape the central feed sends (docs/CONTRACTS.md)."""

from __future__ import annotations

import random
from datetime import datetime, timezone

__all__ = ["make_jobs"]


def make_jobs(n: int, seed: int = 1, now: datetime | None = None) -> list[dict]:
    """``n`` verified postings as feed items, deterministic from ``seed``.

    Uses the central service's demo generator so terminal tests see the same
    variety of titles, employers and districts as the demo.
    """
    from central.seed import _OCCUPATIONS, _job

    rng = random.Random(seed)
    now = now or datetime(2026, 11, 24, tzinfo=timezone.utc)
    jobs = []
    for i in range(1, n + 1):
        row = _job(rng, i, rng.choice(_OCCUPATIONS), now)
        row.pop("change_seq")
        status = row.pop("status")
        row["verification_status"] = "verified"
        if status == "expired":
            row["expires_at"] = None
        for key in ("verified_at", "posted_at", "expires_at", "updated_at"):
            if row.get(key) is not None:
                row[key] = row[key].isoformat()
        row["verified_at"] = row["verified_at"] or row["posted_at"]
        jobs.append(row)
    return jobs
