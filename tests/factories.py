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


def hall_records(db, hall_id: int, tag: str) -> dict[str, int]:
    """A terminal (with a screenshot and a call for help), a spare terminal, a counter, a ticket
    of an identified visitor with a referral, in ``hall_id`` (made, with a service and a counter, if it is
    new). Returns their ids by name."""
    import base64
    import uuid

    from sqlalchemy import select

    from central.models import Counter, Hall, Kiosk, Service
    from central.models.fleet import KioskCommand
    from central.models.help import HelpCall
    from central.models.queue import Person, Referral
    from central.services import queue
    with db.session() as s:
        if s.get(Hall, hall_id) is None:
            s.add(Hall(id=hall_id, code=f"hall-{hall_id}", name=f"第{hall_id}大厅"))
            s.flush()
            s.add_all([Service(hall_id=hall_id, code="job_seeker_registration", letter="A", name="求职登记"),
                       Counter(hall_id=hall_id, number=1, name="1号窗口",
                               service_codes=["job_seeker_registration"])])
            s.flush()
        kiosk, spare = Kiosk(hall_id=hall_id, name=f"{tag}-kiosk"), Kiosk(hall_id=hall_id, name=f"{tag}-spare")
        person = Person(id_hash=uuid.uuid4().hex, masked_id="110***1234", masked_name="张*")
        s.add_all([kiosk, spare, person])
        s.flush()
        s.add(KioskCommand(kiosk_id=kiosk.id, kind="screenshot", state="done",
                           attachment=base64.b64encode(b"\x89PNG-matrix").decode()))
        ticket, _ = queue.issue(s, hall_id, "job_seeker_registration", uuid.uuid4().hex, person=person)
        referral = Referral(person_id=person.id, job_id=1)
        help_call = HelpCall(kiosk_id=kiosk.id, hall_id=hall_id)
        s.add_all([referral, help_call])
        s.commit()
        counter = s.scalar(select(Counter.id).where(Counter.hall_id == hall_id).order_by(Counter.number))
        return {"hall": hall_id, "kiosk": kiosk.id, "spare": spare.id, "counter": counter,
                "ticket": ticket.id, "referral": referral.id, "helpcall": help_call.id}


def staff_in_hall(database, username: str, password: str, hall_id: int | None, role: str) -> None:
    """A staff member with one role in one hall (None: the city, for an admin). Commits."""
    from central.models import StaffUser
    from central.security import hash_password
    from central.services.access import grant
    with database.session() as s:
        user = StaffUser(username=username, password_hash=hash_password(password))
        grant(user, [(hall_id, role)])
        s.add(user)
        s.commit()
