"""Hall events for staff: create, edit and cancel an event, its list of people, and its report
(registrations, attendance, no-shows and, for a job fair, the referrals and hires that
followed). Every action is checked against the staff member's halls and audited; the rules
of registration and check-in are central.services.hall_events.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from central.audit import audit
from central.models import Hall, Job, StaffUser, utcnow
from central.models.events import EventEmployer, EventPosting, EventRegistration, HallEvent
from central.models.queue import Person, Referral
from central.services import access, hall_events
from central.services.errors import Conflict, Invalid, NotFound

__all__ = ["save", "editable", "cancel_event", "roster", "report", "Report", "RosterRow", "visible_events",
           "public_page", "move_up"]

FIELDS = ("kind", "title", "title_en", "description", "description_en", "place", "place_en",
          "bring", "bring_en", "starts_at", "ends_at", "capacity", "eligibility",
          "eligibility_value", "registration_opens", "registration_closes")


def _postings(db: Session, event: HallEvent, job_ids: list[int]) -> None:
    """A fair's postings, grouped by their employer: verified ones only."""
    db.execute(delete(EventPosting).where(EventPosting.event_id == event.id))
    db.execute(delete(EventEmployer).where(EventEmployer.event_id == event.id))
    jobs = db.scalars(select(Job).where(Job.id.in_(job_ids), Job.status == "verified")
                      .order_by(Job.employer, Job.id)).all() if job_ids else []
    if len(jobs) != len(set(job_ids)):
        raise Invalid("only verified postings can be brought to a fair")
    employers: dict[str, EventEmployer] = {}
    for job in jobs:
        if job.employer not in employers:
            employers[job.employer] = EventEmployer(event_id=event.id, name=job.employer,
                                                    name_en=job.employer_en or "",
                                                    booth=f"{len(employers) + 1}")
            db.add(employers[job.employer])
            db.flush()
        db.add(EventPosting(event_id=event.id, employer_id=employers[job.employer].id, job_id=job.id))


def save(db: Session, user: StaffUser, body, event_id: int | None = None) -> HallEvent:
    """Create (``event_id`` None) or edit an event in a hall the user manages. A larger
    capacity moves people up from the waiting list; a smaller one keeps everyone already in.
    Commits."""
    access.require(user, body.hall_id, "hall_manager", "hall")
    if db.get(Hall, body.hall_id) is None:   # an admin reaches every hall, even one that is not
        raise NotFound("no such hall")
    if body.eligibility in ("tier", "priority_group") and not body.eligibility_value:
        raise Invalid("say which tier or priority group may register")
    if event_id is None:
        event = HallEvent(hall_id=body.hall_id, created_by=user.id, seats_taken=0, waiting_seq=0)
        db.add(event)
    else:
        event = access.get(db, HallEvent, event_id, user, "hall_manager", "event")
        event = hall_events.lock(db, event_id)   # the list may change: hold it
        event.hall_id = body.hall_id
    for name in FIELDS:
        setattr(event, name, getattr(body, name))
    event.updated_at = utcnow()
    db.flush()
    _postings(db, event, list(body.postings) if body.kind == "job_fair" else [])
    if event_id is not None:
        hall_events.promote(db, event.id)
    audit(db, user, "event_create" if event_id is None else "event_edit", f"event:{event.id}",
          f"{event.kind} capacity:{event.capacity}")
    db.commit()
    db.refresh(event)   # the seats the promotion took were counted in SQL, not on this object
    return event


def editable(db: Session, user: StaffUser, event_id: int) -> tuple[HallEvent, list[int]]:
    """An event as its edit form shows it, for a manager of its hall: the event and the
    postings a fair brings."""
    event = access.get(db, HallEvent, event_id, user, "hall_manager", "event")
    jobs = db.scalars(select(EventPosting.job_id).where(EventPosting.event_id == event_id)
                      .order_by(EventPosting.job_id)).all()
    return event, list(jobs)


def cancel_event(db: Session, user: StaffUser, event_id: int) -> HallEvent:
    """Cancel an event: registrations stay, so people see it on their next visit (a notice
    for each person holding or awaiting a place). Commits."""
    access.get(db, HallEvent, event_id, user, "hall_manager", "event")
    event = hall_events.lock(db, event_id)
    if event.state == "cancelled":
        return event
    event.state, event.updated_at = "cancelled", utcnow()
    db.execute(update(EventRegistration)
               .where(EventRegistration.event_id == event_id,
                      EventRegistration.state.in_(("registered", "waiting")))
               .values(notice="event_cancelled", updated_at=event.updated_at)
               .execution_options(synchronize_session=False))
    audit(db, user, "event_cancel_all", f"event:{event_id}")
    db.commit()
    return event


def visible_events(db: Session, user: StaffUser) -> list[tuple[HallEvent, Hall]]:
    """The events of the user's halls, newest start first."""
    return db.execute(select(HallEvent, Hall).join(Hall, Hall.id == HallEvent.hall_id)
                      .where(access.visible(HallEvent.hall_id, user))
                      .order_by(HallEvent.starts_at.desc()).limit(200)).tuples().all()


def move_up(db: Session, user: StaffUser, event_id: int, registration_id: int) -> EventRegistration:
    """Put a waiting person first on the waiting list (staff's judgement: a referral, a
    need). Under the event's lock, like every change of its list. Commits."""
    access.get(db, HallEvent, event_id, user, "hall_manager", "event")
    hall_events.lock(db, event_id)
    reg = db.get(EventRegistration, registration_id)
    if reg is None or reg.event_id != event_id:
        raise NotFound("no such registration")
    if reg.state != "waiting":
        raise Conflict("not on the waiting list")
    first = db.scalar(select(func.min(EventRegistration.waiting_seq)).where(
        EventRegistration.event_id == event_id, EventRegistration.state == "waiting"))
    reg.waiting_seq, reg.updated_at = min(first, reg.waiting_seq) - 1, utcnow()
    audit(db, user, "event_move_up", f"event:{event_id}", f"registration:{reg.id}")
    db.commit()
    return reg


@dataclass(frozen=True)
class RosterRow:
    id: int
    person: str           # masked name and number
    state: str
    position: int | None
    registered_at: datetime
    attended_at: datetime | None


def roster(db: Session, user: StaffUser, event_id: int) -> tuple[HallEvent, list[RosterRow]]:
    """The event's people: registered and attended first, then the waiting list in order.
    Audited (it lists people)."""
    event = access.get(db, HallEvent, event_id, user, "counsellor", "event")
    rows = db.execute(select(EventRegistration, Person).join(Person, Person.id == EventRegistration.person_id)
                      .where(EventRegistration.event_id == event_id)
                      .order_by(EventRegistration.state != "attended",
                                EventRegistration.state != "registered",
                                EventRegistration.waiting_seq, EventRegistration.id)).tuples().all()
    out, position = [], 0
    for reg, person in rows:
        if reg.state == "waiting":
            position += 1
        out.append(RosterRow(reg.id, f"{person.masked_name} {person.masked_id}".strip(), reg.state,
                             position if reg.state == "waiting" else None, reg.created_at, reg.attended_at))
    audit(db, user, "event_roster", f"event:{event_id}", f"{len(out)} people")
    db.commit()
    return event, out


@dataclass(frozen=True)
class Report:
    registered: int       # holding a seat (attended or not)
    attended: int
    no_shows: int         # held a seat and did not come (counted once the event is over)
    waiting: int
    cancelled: int
    attendance_rate: float | None   # attended / seats held, once the event has begun
    referrals: int        # to the fair's postings, made since the event began
    hires: int


def report(db: Session, user: StaffUser, event_id: int, now: datetime | None = None) -> Report:
    now = now or utcnow()
    event = access.get(db, HallEvent, event_id, user, "viewer", "event")
    counts = dict(db.execute(select(EventRegistration.state, func.count())
                             .where(EventRegistration.event_id == event_id)
                             .group_by(EventRegistration.state)).tuples().all())
    attended, seated = counts.get("attended", 0), counts.get("registered", 0)
    held = attended + seated
    referrals = hires = 0
    if event.kind == "job_fair":
        jobs = select(EventPosting.job_id).where(EventPosting.event_id == event_id)
        rows = db.execute(select(Referral.state, func.count())
                          .where(Referral.job_id.in_(jobs), Referral.created_at >= event.starts_at)
                          .group_by(Referral.state)).tuples().all()
        referrals, hires = sum(n for _, n in rows), sum(n for s, n in rows if s == "hired")
    return Report(registered=held, attended=attended,
                  no_shows=seated if now >= event.ends_at else 0, waiting=counts.get("waiting", 0),
                  cancelled=counts.get("cancelled", 0),
                  attendance_rate=(attended / held if held else None) if now >= event.starts_at or attended else None,
                  referrals=referrals, hires=hires)


def public_page(db: Session, event_id: int, base_url: str) -> dict:
    """An event as its public page shows it, with its schema.org Event JSON-LD (escaped to sit
    inside a script element) and, for a fair, links to its verified postings' pages."""
    import json

    from central.jsonld import event_to_jsonld
    event = db.get(HallEvent, event_id)
    if event is None:
        raise NotFound("no such event")
    hall, base = db.get(Hall, event.hall_id), base_url.rstrip("/")
    jobs = db.scalars(select(Job).join(EventPosting, EventPosting.job_id == Job.id)
                      .where(EventPosting.event_id == event_id, Job.status == "verified")
                      .order_by(Job.employer, Job.id)).all()
    postings = [(job, f"{base}/jobs/{job.id}") for job in jobs]
    ld = event_to_jsonld(event, hall, f"{base}/events/{event.id}", postings)
    return {"event": event, "hall": hall, "postings": postings,
            "jsonld": json.dumps(ld, ensure_ascii=False).replace("</", "<\\/")}
