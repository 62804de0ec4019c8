"""Test data factories: job postings in the shape the central feed sends (docs/CONTRACTS.md),
and a hall set up for the queue engine."""

from __future__ import annotations

import random
from datetime import datetime, timezone

__all__ = ["make_jobs", "queue_hall"]


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


def queue_hall(db, code: str = "H1") -> dict:
    """A hall ready for the queue engine, committed: services A (job-seeker registration) and
    B (unemployment registration); counter 1 serves both, counter 2 serves A and belongs to
    a counsellor; priority weights elderly 2, graduate 1. Returns the rows by name."""
    from central.models import Counter, Hall, Service, StaffUser
    from central.models.queue import PriorityRule
    from central.services.access import grant
    hall = Hall(code=code, name=f"大厅 {code}")
    db.add(hall)
    db.flush()
    a = Service(hall_id=hall.id, code="job_seeker_registration", letter="A", name="求职登记",
                documents=[{"name": "居民身份证原件"}])
    b = Service(hall_id=hall.id, code="unemployment_registration", letter="B", name="失业登记",
                documents=[])
    one = Counter(hall_id=hall.id, number=1, name="1号窗口", service_codes=[a.code, b.code])
    two = Counter(hall_id=hall.id, number=2, name="2号窗口", service_codes=[a.code])
    db.add_all([a, b, one, two])
    db.flush()
    counsellor = StaffUser(username=f"c-{code}", password_hash="x", counter_id=two.id)
    grant(counsellor, [(hall.id, "counsellor")])
    db.add_all([counsellor, PriorityRule(hall_id=hall.id, group="elderly", weight=2),
                PriorityRule(hall_id=hall.id, group="graduate", weight=1)])
    db.commit()
    return {"hall": hall, "A": a, "B": b, "counter1": one, "counter2": two, "counsellor": counsellor}
