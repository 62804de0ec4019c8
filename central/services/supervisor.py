"""The supervisor's view of a hall, live: per service how many wait and the longest wait
against the hall's target; per counter who is there and whom they serve; the waiting tickets
in the order they will be called. And what a hall manager may do to a waiting ticket: move
it to the front of its service's queue, transfer it, cancel it with a reason (each audited,
each in the manager's own halls only).

The rules of the queue (order, states, and why these actions are safe against a concurrent
call-next) are the engine's, ``central.services.queue``. The view is what every open
supervisor stream of a hall receives: one lookup per hall per process serves them all
(``central.services.board.BoardHub``), so it holds nothing in anyone's language; the page
says it in words.
"""

from __future__ import annotations

import json
from collections import Counter as Tally
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from central.audit import audit
from central.halltime import hall_time
from central.models import Counter, Hall, Service, StaffUser, utcnow
from central.models.queue import Ticket, TicketStatus
from central.schemas.supervisor import (SupervisorCounterOut, SupervisorOut, SupervisorServiceOut,
                                        SupervisorTicketOut, WaitState)
from central.schemas.tickets import StaffTicketOut
from central.services import access, auth, queue, tickets
from central.services.errors import Forbidden, Invalid, Unauthorised

__all__ = ["ROLE", "NEAR_SHARE", "wait_state", "desk", "view", "hall_view", "hall_views", "check_stream",
           "still_allowed", "move_to_front", "transfer", "cancel"]

ROLE = "hall_manager"   # the lowest role that supervises a hall
NEAR_SHARE = 0.75       # a longest wait past this share of the target is "near" it


def wait_state(longest_min: int, target_min: int) -> WaitState:
    """A service's longest wait against the hall's target."""
    if longest_min >= target_min:
        return "over"
    return "near" if longest_min >= NEAR_SHARE * target_min else "ok"


def _minutes(since: datetime, now: datetime) -> int:
    return max(0, int((now - since).total_seconds() // 60))


def _clock(when: datetime) -> str:
    return hall_time(when).strftime("%H:%M")


def desk(db: Session, user: StaffUser, hall_id: int | None) -> dict:
    """The supervisor page's hall (``hall_id``, else the user's first they supervise), the
    halls they may switch to, and the hall's view now."""
    hall_id = hall_id if hall_id is not None else access.first_hall(user, ROLE)
    if hall_id is None:
        raise Forbidden(f"requires role {ROLE}")
    return {"hall_id": hall_id, "halls": access.hall_choices(db, user, ROLE),
            "view": view(db, user, hall_id)}


def view(db: Session, user: StaffUser, hall_id: int) -> SupervisorOut:
    """The hall as its supervisor sees it now (a hall manager of it, or an admin)."""
    access.require(user, hall_id, ROLE, "hall")
    return hall_view(db, hall_id)


def hall_view(db: Session, hall_id: int) -> SupervisorOut:
    """The hall now; no access check (the stream checks each subscriber)."""
    hall = db.get(Hall, hall_id)
    if hall is None:
        return SupervisorOut(hall_id=hall_id, hall="", wait_target_min=0, services=[],
                             counters=[], waiting=[])
    now = utcnow()
    waiting = db.scalars(select(Ticket).where(Ticket.hall_id == hall_id,
                                              Ticket.status == TicketStatus.waiting)
                         .order_by(*queue.queue_order())).all()
    # the active services, and any withdrawn one people still wait for (to move them on)
    services = db.scalars(select(Service).where(
        Service.hall_id == hall_id,
        or_(Service.active, Service.id.in_({t.service_id for t in waiting})))
        .order_by(Service.sort, Service.id)).all()
    by_id = {s.id: s for s in services}
    rank = {s.id: i for i, s in enumerate(services)}
    counters = db.scalars(select(Counter).where(Counter.hall_id == hall_id)
                          .order_by(Counter.number)).all()
    counter_names = {c.id: c.name for c in counters}
    rows, places, longest = [], Tally(), {}
    for t in sorted(waiting, key=lambda t: rank[t.service_id]):   # stable: queue order kept
        service = by_id[t.service_id]
        places[t.service_id] += 1
        waited = _minutes(t.arrival_at, now)
        longest[t.service_id] = max(longest.get(t.service_id, 0), waited)
        rows.append(SupervisorTicketOut(
            id=t.id, label=t.label, service_code=service.code, letter=service.letter,
            position=places[t.service_id], waited_min=waited, arrived=_clock(t.arrival_at),
            state=wait_state(waited, hall.wait_target_min),
            priority_group=t.priority_group, routed_counter=counter_names.get(t.routed_counter_id)))
    return SupervisorOut(
        hall_id=hall.id, hall=hall.name, wait_target_min=hall.wait_target_min,
        services=[SupervisorServiceOut(
            code=s.code, letter=s.letter, name=s.name, name_en=s.name_en, waiting=places[s.id],
            longest_wait_min=longest.get(s.id, 0),
            state=wait_state(longest.get(s.id, 0), hall.wait_target_min)) for s in services],
        counters=_counters(db, counters, services, now), waiting=rows)


def _counters(db: Session, counters, services, now: datetime) -> list[SupervisorCounterOut]:
    ids = [c.id for c in counters]
    serving = {t.counter_id: t for t in db.scalars(
        select(Ticket).where(Ticket.counter_id.in_(ids),
                             Ticket.status.in_((TicketStatus.called, TicketStatus.serving)))
        .order_by(Ticket.called_at))}   # the latest call of a counter wins
    assigned = {u.counter_id: u for u in db.scalars(
        select(StaffUser).where(StaffUser.counter_id.in_(ids), StaffUser.active))}
    staff_ids = {t.staff_id for t in serving.values() if t.staff_id}
    people = {u.id: u for u in db.scalars(select(StaffUser).where(StaffUser.id.in_(staff_ids)))}
    letters = {s.code: s.letter for s in services}
    out = []
    for c in counters:
        t = serving.get(c.id)
        who = people.get(t.staff_id) if t is not None and t.staff_id else assigned.get(c.id)
        since = (t.serving_at or t.called_at) if t is not None else None
        out.append(SupervisorCounterOut(
            id=c.id, number=c.number, name=c.name, is_open=c.is_open,
            letters=[letters[code] for code in c.service_codes or [] if code in letters],
            staff=(who.full_name or who.username) if who else None,
            ticket=t.label if t else None, ticket_status=t.status if t else None,
            since=_clock(since) if since else None,
            minutes=_minutes(since, now) if since else None))
    return out


def hall_views(database) -> Callable[[int], str]:
    """The supervisor hub's lookup on ``database`` (a central.db.Database): a hall's view
    as JSON, each lookup in a session of its own."""
    def lookup(hall_id: int) -> str:
        with database.session() as db:
            return hall_view(db, hall_id).model_dump_json()
    return lookup


def check_stream(database, token: str | None, hall_id: int) -> None:
    """Refuse a supervisor stream to anyone but a logged-in supervisor of the hall (401,
    404 for another hall, 403 for a lower role there)."""
    with database.session() as db:
        user = auth.staff_for_token(db, token)
        if user is None:
            raise Unauthorised("not authenticated")
        access.require(user, hall_id, ROLE, "hall")


def still_allowed(database, token: str | None, hall_id: int) -> bool:
    """The login behind a stream still works and still supervises the hall."""
    with database.session() as db:
        user = auth.staff_for_token(db, token)
        return user is not None and access.rank(access.role_in(user, hall_id)) >= access.rank(ROLE)


def _waiting_ticket(db: Session, user: StaffUser, ticket_id: int) -> Ticket:
    return access.get(db, Ticket, ticket_id, user, ROLE, "ticket")


def move_to_front(db: Session, user: StaffUser, ticket_id: int) -> StaffTicketOut:
    """Move a waiting ticket to the front of its service's queue. Audited."""
    ticket = queue.move_to_front(db, _waiting_ticket(db, user, ticket_id))
    audit(db, user, "ticket_move_up", f"ticket:{ticket.id}", f"priority:{ticket.priority}")
    db.commit()
    return tickets.staff_view(db, ticket)


def transfer(db: Session, user: StaffUser, ticket_id: int, service_code: str) -> StaffTicketOut:
    """Move a waiting ticket to another service's queue, keeping its arrival. Audited."""
    old = _waiting_ticket(db, user, ticket_id)
    if db.get(Service, old.service_id).code == service_code:
        raise Invalid("the ticket is already in that service's queue")
    new = queue.transfer(db, old, service_code, only=(TicketStatus.waiting,))
    audit(db, user, "ticket_supervisor_transfer", f"ticket:{old.id}", f"to ticket:{new.id}")
    db.commit()
    return tickets.staff_view(db, new)


def cancel(db: Session, user: StaffUser, ticket_id: int, reason: str) -> StaffTicketOut:
    """Cancel a waiting ticket with a reason. Audited, with the reason."""
    ticket = queue.cancel(db, _waiting_ticket(db, user, ticket_id), reason)
    audit(db, user, "ticket_cancel", f"ticket:{ticket.id}", ticket.cancel_reason or "")
    db.commit()
    return tickets.staff_view(db, ticket)
