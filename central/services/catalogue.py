"""A hall's catalogue as its managers keep it: services (letter, names, required documents,
conditions, steps, the legal time limit in working days), the hall's priority rules, and
its counters (the services each serves, open or closed, who sits there).

Every change is a hall manager's of that hall (or an admin's), is audited, and reaches the
hall's terminals at their next sync (they pull ``/api/kiosk/services``). A service's code is
what tickets, counters and terminals name it by, so it is fixed once the service exists; its
letter starts the ticket labels, so it is unique in the hall.
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.audit import audit
from central.models import Counter, Hall, Service, StaffUser
from central.models.queue import PRIORITY_GROUPS, PriorityRule
from central.schemas.catalogue import (CODE, CounterIn, CounterOut, PriorityRuleIn,
                                       PriorityRuleOut, ServiceEditOut, ServiceIn)
from central.services import access
from central.services.errors import Conflict, Forbidden, Invalid, NotFound

__all__ = ["page_hall", "services_of", "create_service", "update_service", "rules_of", "set_rules",
           "counters_of", "create_counter", "update_counter", "MANAGER"]

MANAGER = "hall_manager"


def _hall(db: Session, user: StaffUser, hall_id: int) -> Hall:
    hall = db.get(Hall, hall_id)
    if hall is None:
        raise NotFound("no such hall")
    access.require(user, hall_id, MANAGER, "hall")
    return hall


def page_hall(db: Session, user: StaffUser, hall_id: int | None) -> tuple[int, list[Hall]]:
    """The hall a manager's page shows (``hall_id``, else their first) and the halls they
    may pick from; Forbidden for someone who manages no hall."""
    choices = access.hall_choices(db, user, MANAGER)
    if not choices:
        raise Forbidden(f"requires role {MANAGER}")
    chosen = hall_id if hall_id is not None else choices[0].id
    access.require(user, chosen, MANAGER, "hall")
    if chosen not in {h.id for h in choices}:   # an admin's choice of a hall that is not there
        raise NotFound("no such hall")
    return chosen, choices


def services_of(db: Session, user: StaffUser, hall_id: int) -> list[ServiceEditOut]:
    """Every service of the hall, active or not, in the terminal's order."""
    _hall(db, user, hall_id)
    rows = db.scalars(select(Service).where(Service.hall_id == hall_id)
                      .order_by(Service.sort, Service.id)).all()
    return [ServiceEditOut.model_validate(s) for s in rows]


def _apply(db: Session, service: Service, body: ServiceIn) -> None:
    taken = db.scalar(select(Service.id).where(Service.hall_id == service.hall_id,
                                               Service.letter == body.letter,
                                               Service.id != service.id))
    if taken is not None:
        raise Conflict(f"letter {body.letter} is already used in this hall")
    for field in ("letter", "name", "name_en", "description", "description_en", "conditions",
                  "conditions_en", "time_limit_days", "requires_identity", "active", "sort"):
        setattr(service, field, getattr(body, field))
    service.documents = [d.model_dump() for d in body.documents]
    service.steps = [s.model_dump() for s in body.steps]


def create_service(db: Session, user: StaffUser, hall_id: int, body: ServiceIn) -> ServiceEditOut:
    """A new service in the hall. Commits."""
    _hall(db, user, hall_id)
    if not re.fullmatch(CODE, body.code):
        raise Invalid("code: lower-case letters, digits and _, starting with a letter")
    if db.scalar(select(Service.id).where(Service.hall_id == hall_id, Service.code == body.code)):
        raise Conflict(f"a service {body.code} already exists in this hall")
    service = Service(hall_id=hall_id, code=body.code)
    _apply(db, service, body)
    db.add(service)
    db.flush()
    audit(db, user, "service_create", f"service:{service.id}", f"hall {hall_id}: {body.letter} {body.name}")
    db.commit()
    return ServiceEditOut.model_validate(service)


def update_service(db: Session, user: StaffUser, service_id: int, body: ServiceIn) -> ServiceEditOut:
    """Change a service (not its code). Commits."""
    service = access.get(db, Service, service_id, user, MANAGER, "service")
    before = {"documents": len(service.documents or []), "active": service.active}
    _apply(db, service, body)
    audit(db, user, "service_update", f"service:{service.id}",
          f"{body.letter} {body.name}; documents {before['documents']}->{len(body.documents)}; "
          f"active {before['active']}->{body.active}")
    db.commit()
    return ServiceEditOut.model_validate(service)


def rules_of(db: Session, user: StaffUser, hall_id: int) -> list[PriorityRuleOut]:
    """The hall's rule for each priority group (weight 0, inactive, where none is stored)."""
    _hall(db, user, hall_id)
    stored = {r.group: r for r in db.scalars(select(PriorityRule).where(PriorityRule.hall_id == hall_id))}
    return [PriorityRuleOut.model_validate(stored[g]) if g in stored
            else PriorityRuleOut(group=g, weight=0, active=False) for g in PRIORITY_GROUPS]


def set_rules(db: Session, user: StaffUser, hall_id: int,
              rules: list[PriorityRuleIn]) -> list[PriorityRuleOut]:
    """Store the rules given (one per group; the others stay). Commits."""
    _hall(db, user, hall_id)
    if len({r.group for r in rules}) != len(rules):
        raise Invalid("one rule per group")
    if any(r.min_age is not None and r.group != "elderly" for r in rules):
        raise Invalid("only the elderly group takes visitors by age")
    for rule in rules:
        row = db.scalar(select(PriorityRule).where(PriorityRule.hall_id == hall_id,
                                                   PriorityRule.group == rule.group))
        if row is None:
            row = PriorityRule(hall_id=hall_id, group=rule.group)
            db.add(row)
        row.weight, row.active, row.min_age = rule.weight, rule.active, rule.min_age
    audit(db, user, "priority_rules", f"hall:{hall_id}",
          ", ".join(f"{r.group}={r.weight}{'' if r.active else ' (off)'}"
                    + (f" from {r.min_age}" if r.min_age else "") for r in rules))
    db.commit()
    return rules_of(db, user, hall_id)


def _counter_out(db: Session, counter: Counter) -> CounterOut:
    out = CounterOut.model_validate(counter)
    out.staff_ids = list(db.scalars(select(StaffUser.id).where(StaffUser.counter_id == counter.id)
                                    .order_by(StaffUser.id)))
    return out


def counters_of(db: Session, user: StaffUser, hall_id: int) -> list[CounterOut]:
    """The hall's counters by number, each with the staff who sit there."""
    _hall(db, user, hall_id)
    rows = db.scalars(select(Counter).where(Counter.hall_id == hall_id).order_by(Counter.number))
    return [_counter_out(db, c) for c in rows]


def _check_counter(db: Session, hall_id: int, counter_id: int | None, body: CounterIn) -> None:
    taken = db.scalar(select(Counter.id).where(Counter.hall_id == hall_id,
                                               Counter.number == body.number,
                                               Counter.id != (counter_id or 0)))
    if taken is not None:
        raise Conflict(f"counter {body.number} already exists in this hall")
    offered = set(db.scalars(select(Service.code).where(Service.hall_id == hall_id)))
    unknown = sorted(set(body.service_codes) - offered)
    if unknown:
        raise Invalid(f"no such service in this hall: {', '.join(unknown)}")
    for staff_id in body.staff_ids or ():
        person = db.get(StaffUser, staff_id)
        if person is None or access.rank(access.role_in(person, hall_id)) < access.rank("counsellor"):
            raise Invalid(f"staff {staff_id} is not a counsellor of this hall")


def _apply_counter(db: Session, counter: Counter, body: CounterIn) -> None:
    """``body`` onto a checked counter that has its id."""
    counter.number, counter.name, counter.is_open = body.number, body.name, body.is_open
    counter.service_codes = list(dict.fromkeys(body.service_codes))
    if body.staff_ids is None:
        return
    for person in db.scalars(select(StaffUser).where(StaffUser.counter_id == counter.id)):
        if person.id not in body.staff_ids:
            person.counter_id = None
    for staff_id in body.staff_ids:
        db.get(StaffUser, staff_id).counter_id = counter.id


def create_counter(db: Session, user: StaffUser, hall_id: int, body: CounterIn) -> CounterOut:
    """A new counter in the hall. Commits."""
    _hall(db, user, hall_id)
    _check_counter(db, hall_id, None, body)
    counter = Counter(hall_id=hall_id, number=body.number, name=body.name)
    db.add(counter)
    db.flush()
    _apply_counter(db, counter, body)
    audit(db, user, "counter_create", f"counter:{counter.id}", f"hall {hall_id}: {body.number} {body.name}")
    db.commit()
    return _counter_out(db, counter)


def update_counter(db: Session, user: StaffUser, counter_id: int, body: CounterIn) -> CounterOut:
    """Change a counter: number, name, services, open or closed, who sits there. Commits."""
    counter = access.get(db, Counter, counter_id, user, MANAGER, "counter")
    _check_counter(db, counter.hall_id, counter.id, body)
    _apply_counter(db, counter, body)
    audit(db, user, "counter_update", f"counter:{counter.id}",
          f"{body.number} {body.name}; {'open' if body.is_open else 'closed'}; "
          f"serves {', '.join(body.service_codes)}"
          + ("" if body.staff_ids is None else f"; staff {body.staff_ids}"))
    db.commit()
    return _counter_out(db, counter)
