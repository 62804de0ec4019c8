"""Time-limited cases (办件, 限时办结): opened when a counter visit ends, followed to done.

A case opens for an identified visitor's ticket of a service with a time limit
(``Service.time_limit_days``), once per ticket (a repeated request returns the same case).
It is due the limit's number of working days after the day it was received
(central.services.workdays). The states::

    received --> in_review --> done
        \\           |   ^
         \\          v   |
          '----> sent_back      (listing exactly which of the service's documents are missing)

``step`` marks the next of the service's steps done (any open state); ``done`` marks them
all. The due date does not move while a case is sent back: the time limit is the hall's
promise, and the report of cases finished on time counts against it. Every change is a
``CaseEvent`` (the sent-back history) and an audit entry. Staff work on a case when they
are counsellors (or above) in its hall.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from central.audit import audit
from central.halltime import hall_today
from central.models import Service, StaffUser, utcnow
from central.models.casework import Case, CaseEvent
from central.models.queue import Ticket, TicketStatus
from central.services import access, workdays
from central.services.errors import Conflict, Invalid
from hallcore.contract import CaseDocumentOut, CaseOut, CaseStepOut

__all__ = ["ACTIONS", "check_can_open", "open_for_ticket", "act", "visitor_cases", "visitor_case", "is_open",
           "on_time", "person_cases", "ticket_case", "RECENTLY_CLOSED_DAYS"]

RECENTLY_CLOSED_DAYS = 30    # a closed case stays on "my progress" this long
# action -> (states it may start from, state it leads to; None: unchanged)
ACTIONS = {"review": (("received", "sent_back"), "in_review"),
           "step": (("received", "in_review", "sent_back"), None),
           "send_back": (("received", "in_review"), "sent_back"),
           "done": (("received", "in_review"), "done")}


def is_open(case: Case) -> bool:
    return case.state != "done"


def on_time(case: Case) -> bool | None:
    """Closed within the time limit (None while open)."""
    return None if case.closed_on is None else case.closed_on <= case.due_on


def open_for_ticket(db: Session, user: StaffUser, ticket: Ticket) -> Case:
    """Open the case of a finished ticket (the same one again if already opened). Flushes."""
    access.require(user, ticket.hall_id, "counsellor", "ticket")
    existing = db.scalar(select(Case).where(Case.ticket_id == ticket.id))
    if existing is not None:
        return existing
    if ticket.status != TicketStatus.done:
        raise Conflict("a case opens when the visit is finished")
    service = check_can_open(db, ticket)
    today = hall_today()
    due = workdays.due_date(db, ticket.hall_id, today, service.time_limit_days)
    case = Case(person_id=ticket.person_id, hall_id=ticket.hall_id, service_id=service.id,
                ticket_id=ticket.id, staff_id=user.id, state="received", opened_on=today,
                due_on=due.day, due_estimated=due.estimated)
    db.add(case)
    db.flush()
    db.add(CaseEvent(case_id=case.id, state="received", staff_id=user.id))
    audit(db, user, "case_open", f"case:{case.id}", f"ticket:{ticket.id} person:{ticket.person_id}")
    db.flush()
    return case


def check_can_open(db: Session, ticket: Ticket) -> Service:
    """The ticket's service, if a case can open for the ticket; Conflict saying why not."""
    if ticket.person_id is None:
        raise Conflict("the visitor of this ticket is not identified")
    service = db.get(Service, ticket.service_id)
    if service.time_limit_days is None:
        raise Conflict("this service has no time limit")
    return service


def act(db: Session, user: StaffUser, case_id: int, action: str, missing: list[int] = (),
        note: str = "") -> Case:
    """Move a case on (ACTIONS); ``send_back`` needs the indexes of the missing documents in
    the service's list. Commits."""
    case = access.get(db, Case, case_id, user, "counsellor", "case")
    if action not in ACTIONS:
        raise Invalid(f"action must be one of {', '.join(ACTIONS)}")
    starts, leads_to = ACTIONS[action]
    if case.state not in starts:
        raise Conflict(f"a case that is {case.state} cannot be {action}")
    service = db.get(Service, case.service_id)
    steps = len(service.steps or [])
    documents = list(service.documents or [])
    if action == "send_back":
        chosen = sorted(set(missing))
        if not chosen or any(not 0 <= i < len(documents) for i in chosen):
            raise Invalid("name the missing documents from the service's list")
        case.missing = [{"name": documents[i].get("name", ""), "name_en": documents[i].get("name_en", "")}
                        for i in chosen]
    elif action == "step":
        case.steps_done = min(case.steps_done + 1, steps)
    if action in ("review", "done"):
        case.missing = []
    if action == "done":
        case.steps_done, case.closed_on = steps, hall_today()
    case.state = leads_to or case.state
    if case.due_estimated and workdays.covered(case.due_on):   # the calendar caught up
        due = workdays.due_date(db, case.hall_id, case.opened_on,
                                service.time_limit_days or 0)
        case.due_on, case.due_estimated = due.day, due.estimated
    case.updated_at = utcnow()
    db.add(CaseEvent(case_id=case.id, state=case.state, missing=list(case.missing), note=note[:500],
                     staff_id=user.id))
    audit(db, user, f"case_{action}", f"case:{case.id}",
          f"{len(case.missing)} missing" if action == "send_back" else "")
    db.commit()
    return case


def visitor_case(case: Case, service: Service) -> CaseOut:
    """A case as its visitor reads it."""
    steps = service.steps or []
    return CaseOut(id=case.id, service=service.name, service_en=service.name_en or "",
                   state=case.state,
                   steps=[CaseStepOut(name=s.get("name", ""), name_en=s.get("name_en", ""),
                                      done=i < case.steps_done) for i, s in enumerate(steps)],
                   opened=case.opened_on.isoformat(), due=case.due_on.isoformat(),
                   closed=case.closed_on.isoformat() if case.closed_on else None,
                   missing=[CaseDocumentOut(**m) for m in case.missing or []]
                   if case.state == "sent_back" else [])


def visitor_cases(db: Session, person_id: int) -> list[CaseOut]:
    """The person's open cases and those closed in the last RECENTLY_CLOSED_DAYS days."""
    since = hall_today() - timedelta(days=RECENTLY_CLOSED_DAYS)
    rows = db.execute(select(Case, Service).join(Service, Service.id == Case.service_id)
                      .where(Case.person_id == person_id,
                             or_(Case.closed_on.is_(None), Case.closed_on >= since))
                      .order_by(Case.due_on, Case.id)).tuples().all()
    return [visitor_case(case, service) for case, service in rows]


def ticket_case(db: Session, ticket_id: int) -> CaseOut | None:
    """The case a visit opened, as its visitor reads it (None: none)."""
    row = db.execute(select(Case, Service).join(Service, Service.id == Case.service_id)
                     .where(Case.ticket_id == ticket_id)).first()
    return visitor_case(*row) if row else None


def person_cases(db: Session, person_id: int) -> list[tuple[Case, Service]]:
    """Every case of the person, newest first (for staff)."""
    return list(db.execute(select(Case, Service).join(Service, Service.id == Case.service_id)
                           .where(Case.person_id == person_id)
                           .order_by(Case.opened_on.desc(), Case.id.desc())).tuples())
