"""Test data factories: job postings in the shape the central feed sends (docs/CONTRACTS.md),
and a hall set up for the queue engine."""

from __future__ import annotations

import random
from datetime import datetime, timezone

__all__ = ["make_jobs", "queue_hall", "hall_records", "staff_in_hall", "report_hall", "hall_event"]


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
    of an identified visitor with a referral and a time-limited case, a pending posting, a
    viewer account (``clerk``) and an announcement, in ``hall_id`` (made, with a service and a
    counter, if it is new). Returns their ids by name (and the service the ticket is for)."""
    import base64
    import uuid

    from sqlalchemy import select

    from central.models import Counter, Hall, Job, Kiosk, Service, StaffUser
    from central.models.fleet import Announcement, KioskCommand
    from central.models.help import HelpCall
    from central.services.access import grant
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
        clerk = StaffUser(username=f"{tag}-clerk", password_hash="x")
        grant(clerk, [(hall_id, "viewer")])
        announcement = Announcement(hall_id=hall_id, text=f"{tag} announcement")
        posting = Job(hall_id=hall_id, title=f"{tag} 岗位", employer=f"{tag} 公司", status="pending")
        from datetime import date

        from central.models.casework import Case
        case = Case(person_id=person.id, hall_id=hall_id, service_id=ticket.service_id,
                    state="received", opened_on=date(2026, 11, 2), due_on=date(2026, 11, 9))
        from datetime import timedelta

        from central.models import utcnow
        from central.models.events import EventRegistration, HallEvent
        start = utcnow() + timedelta(days=3)
        event = HallEvent(hall_id=hall_id, kind="training", title=f"{tag} 培训", starts_at=start,
                          ends_at=start + timedelta(hours=2), capacity=5, seats_taken=1)
        help_call = HelpCall(kiosk_id=kiosk.id, hall_id=hall_id)
        s.add_all([referral, clerk, announcement, posting, case, event, help_call])
        s.flush()
        registration = EventRegistration(event_id=event.id, person_id=person.id, state="registered",
                                         token=f"matrix{uuid.uuid4().hex}")
        s.add(registration)
        s.commit()
        counter = s.scalar(select(Counter.id).where(Counter.hall_id == hall_id).order_by(Counter.number))
        return {"hall": hall_id, "kiosk": kiosk.id, "spare": spare.id, "counter": counter,
                "ticket": ticket.id, "referral": referral.id, "service": ticket.service_id,
                "clerk": clerk.id, "announcement": announcement.id, "posting": posting.id,
                "person": person.id, "case": case.id, "helpcall": help_call.id, "event": event.id,
                "token": registration.token, "registration": registration.id}


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


def report_hall(database, code: str = "R") -> dict[str, int]:
    """A hall with a known fortnight for the reports (wait target 20 min), committed.

    Hall days 2026-10-15 and 2026-10-16 (times below on the hall's clock, UTC+8):
    | ticket | day   | arrived | called | sat down | finished | state   | by, at         | rating |
    | A001   | 15th  | 09:00   | 09:05  | 09:07    | 09:17    | done    | alice, 1号窗口 | 5      |
    | A002   | 15th  | 09:10   | 09:20  | —        | 09:26    | done    | alice, 1号窗口 | 3      |
    | A001   | 16th  | 09:00   | 09:30  | 09:31    | 09:51    | done    | bob, 2号窗口   | 4      |
    | A002   | 16th  | 09:00   | 09:15  | —        | —        | no-show | bob, 2号窗口   | —      |
    Referrals: alice 2 on the 15th (one hired), bob 1 on the 16th, alice 1 on the 20th
    (hired; outside the fortnight's first days). Terminal events: job slips 2 on the 15th,
    1 on the 16th; one quiz on the 16th. Staff: alice and bob (counsellors), a manager
    (``manager-<code>``, password ``manager-<code>-demo``). Returns the ids by name."""
    import uuid
    from datetime import datetime, timedelta, timezone

    from central.models import Counter, Hall, Kiosk, Service, StaffUser
    from central.models.kiosk import KioskEvent
    from central.models.queue import Person, Rating, Referral, Ticket
    from central.security import hash_password
    from central.services.access import grant

    def at(day: int, clock: str | None) -> datetime | None:
        if clock is None:
            return None
        h, m = map(int, clock.split(":"))
        return datetime(2026, 10, day, h, m, tzinfo=timezone.utc) - timedelta(hours=8)

    with database.session() as s:
        hall = Hall(code=f"hall-{code}", name=f"报表大厅 {code}", wait_target_min=20)
        s.add(hall)
        s.flush()
        service = Service(hall_id=hall.id, code="job_seeker_registration", letter="A", name="求职登记")
        one = Counter(hall_id=hall.id, number=1, name="1号窗口", service_codes=[service.code])
        two = Counter(hall_id=hall.id, number=2, name="2号窗口", service_codes=[service.code])
        kiosk = Kiosk(hall_id=hall.id, name=f"{code}-kiosk")
        person = Person(id_hash=uuid.uuid4().hex, masked_id="110***1234", masked_name="张*")
        s.add_all([service, one, two, kiosk, person])
        s.flush()
        staff = {}
        for name, counter, role in (("alice", one, "counsellor"), ("bob", two, "counsellor"),
                                    ("manager", None, "hall_manager")):
            user = StaffUser(username=f"{name}-{code}", full_name=f"{name.title()} {code}",
                             password_hash=hash_password(f"{name}-{code}-demo"),
                             counter_id=counter.id if counter else None)
            grant(user, [(hall.id, role)])
            s.add(user)
            staff[name] = user
        s.flush()
        tickets = [(15, 1, "09:00", "09:05", "09:07", "09:17", "done", "alice", one, 5),
                   (15, 2, "09:10", "09:20", None, "09:26", "done", "alice", one, 3),
                   (16, 1, "09:00", "09:30", "09:31", "09:51", "done", "bob", two, 4),
                   (16, 2, "09:00", "09:15", None, None, "no_show", "bob", two, None)]
        for day, number, arrived, called, sat, finished, status, who, counter, score in tickets:
            ticket = Ticket(hall_id=hall.id, service_id=service.id, day=f"2026-10-{day}",
                            number=number, label=f"A{number:03d}", status=status,
                            key=uuid.uuid4().hex, status_token=uuid.uuid4().hex[:32],
                            arrival_at=at(day, arrived), issued_at=at(day, arrived),
                            called_at=at(day, called), serving_at=at(day, sat),
                            finished_at=at(day, finished), staff_id=staff[who].id,
                            counter_id=counter.id, person_id=person.id)
            s.add(ticket)
            s.flush()
            if score is not None:
                s.add(Rating(ticket_id=ticket.id, service_id=service.id, counter_id=counter.id,
                             staff_id=staff[who].id, score=score))
        for who, day, state in (("alice", 15, "hired"), ("alice", 15, "sent"), ("bob", 16, "interview"),
                                ("alice", 20, "hired")):
            s.add(Referral(person_id=person.id, job_id=1, staff_id=staff[who].id, state=state,
                           created_at=at(day, "10:00")))
        for kind, day in (("job_print", 15), ("job_print", 15), ("job_print", 16), ("quiz_result", 16)):
            s.add(KioskEvent(kiosk_id=kiosk.id, key=uuid.uuid4().hex, kind=kind,
                             occurred_at=at(day, "11:00"), payload={"code": "RIA"}))
        s.commit()
        return {"hall": hall.id, "alice": staff["alice"].id, "bob": staff["bob"].id,
                "manager": staff["manager"].id, "counter1": one.id, "counter2": two.id}


def hall_event(database, hall_id: int = 1, capacity: int = 2, kind: str = "job_fair",
               postings: int = 0, **fields) -> int:
    """An open event starting tomorrow (committed); for a fair, ``postings`` verified postings
    of the hall brought by one employer. Returns its id."""
    from datetime import timedelta

    from sqlalchemy import select

    from central.models import Job, utcnow
    from central.models.events import EventEmployer, EventPosting, HallEvent
    start = utcnow() + timedelta(days=1)
    with database.session() as s:
        event = HallEvent(hall_id=hall_id, kind=kind, title=fields.pop("title", "小型招聘会"),
                          title_en=fields.pop("title_en", "Small job fair"), place="三楼大厅",
                          place_en="Third-floor hall", bring="身份证、简历", bring_en="ID card, CV",
                          starts_at=start, ends_at=start + timedelta(hours=3), capacity=capacity,
                          **fields)
        s.add(event)
        s.flush()
        jobs = s.scalars(select(Job).where(Job.status == "verified").order_by(Job.id).limit(postings)).all()
        if jobs:
            employer = EventEmployer(event_id=event.id, name=jobs[0].employer, booth="A1")
            s.add(employer)
            s.flush()
            s.add_all(EventPosting(event_id=event.id, employer_id=employer.id, job_id=j.id) for j in jobs)
        s.commit()
        return event.id
