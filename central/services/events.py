"""Terminal outbox events: stored once each (idempotent by the terminal's own key), filed
on the visitor's service record when they identified, and fallback tickets merged into
the queue.

A terminal is trusted only with what it saw. An event names its visitor with the person
reference of the visit (kiosk.session.person_ref), which carries the card's proof: what
only the card holds, read with the ID number. The event lands on the person's record
only when that proof matches the card on record for them (central.services.identity,
the same check as "my progress"; the first card read for a person is recorded). A
terminal that never read that person's card cannot produce the proof, so a forged
event naming a stranger is kept in the log without a link to anyone. We chose the proof in
the reference over a server-side visit opened by the terminal: it needs no extra round
trip and works for events the terminal queued while offline.

A terminal retries a batch until it hears back, so the same keys may arrive twice at
once: the loser of that race hits the unique key, rolls back and tries again, and then
sees the winner's rows as duplicates. It tries at most ``ATTEMPTS`` times; a batch that
still fails is refused with 409 and stays in the terminal's outbox for its next round.
"""

from __future__ import annotations

import logging
from typing import Any, Callable

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from central.models import Kiosk, KioskEvent, utcnow
from central.models.queue import Person, ServiceRecord
from central.schemas.events import EventIn, EventsOut
from central.schemas.tickets import PersonIn, TicketIn
from central.services import terminal_keys, tickets
from central.services.errors import Conflict, ServiceError
from central.services.identity import IdentityKeys, check_card, find_person

__all__ = ["push", "RECORDED_EVENTS", "ATTEMPTS"]

log = logging.getLogger(__name__)
ATTEMPTS = 3


def _quiz(p: dict[str, Any]) -> str:
    return f"RIASEC {p.get('code', '')}"


def _slip(p: dict[str, Any]) -> str:
    return f"job {p.get('job_id', '')}"


# what each kind of event adds to the person's service record: (record kind, summary, data keys)
RECORDED_EVENTS: dict[str, tuple[str, Callable[[dict[str, Any]], str], tuple[str, ...]]] = {
    "quiz_result": ("quiz_result", _quiz, ("code", "scores", "bank_version")),
    "quiz_saved": ("quiz_result", _quiz, ("code", "scores", "bank_version")),
    "job_print": ("job_slip", _slip, ("job_id",)),
}


def push(db: Session, kiosk: Kiosk, events: list[EventIn], *, keys: IdentityKeys,
         base_url: str) -> EventsOut:
    """Store a batch of a terminal's events; a key seen before is reported as a duplicate."""
    for attempt in range(1, ATTEMPTS + 1):
        accepted, duplicates = _store(db, kiosk, events, keys)
        try:
            db.commit()
            break
        except IntegrityError:  # a concurrent retry of the same batch won the race
            db.rollback()
            log.info("event batch raced another (attempt %d of %d)", attempt, ATTEMPTS)
    else:
        raise Conflict("the events could not be stored; send them again")
    for event in events:
        if event.kind == "ticket" and event.key in accepted:
            _merge_fallback_ticket(db, kiosk, event, keys=keys, base_url=base_url)
    return EventsOut(accepted=accepted, duplicates=duplicates)


def _store(db: Session, kiosk: Kiosk, events: list[EventIn],
           keys: IdentityKeys) -> tuple[list[str], list[str]]:
    seen = set(db.scalars(select(KioskEvent.key).where(
        KioskEvent.kiosk_id == kiosk.id, KioskEvent.key.in_([e.key for e in events]))).all())
    accepted, duplicates = [], []
    for event in events:
        if event.key in seen:
            duplicates.append(event.key)
            continue
        seen.add(event.key)
        # the person's identity never lands in the event log: it becomes a link to their record
        # (and only this service sets the link: a terminal's own person_id is dropped)
        payload = {k: v for k, v in event.payload.items() if k not in ("person", "person_id")}
        person = _person_of(db, keys, terminal_keys.open_person(kiosk, event.payload.get("person")))
        if person is not None:
            payload["person_id"] = person.id
            _add_to_record(db, person, event)
        db.add(KioskEvent(kiosk_id=kiosk.id, key=event.key, kind=event.kind,
                          occurred_at=event.occurred_at, payload=payload))
        accepted.append(event.key)
    return accepted, duplicates


def _person_of(db: Session, keys: IdentityKeys, ref: Any) -> Person | None:
    """The real-name record an event names (only sent with the visitor's consent), if the
    reference proves the terminal read that person's card."""
    try:
        ref = PersonIn.model_validate(ref)  # the shape a ticket's person has, columns and all
    except ValidationError:  # none, or not one: the event is kept without the link
        return None
    if ref.card is None:
        return None
    person = find_person(db, keys, ref.id_number, ref.name)
    if not check_card(db, keys, person, ref.id_number, ref.card).trusted:
        log.info("an event named a person without their card's proof; kept unlinked")
        return None
    return person


def _add_to_record(db: Session, person: Person, event: EventIn) -> None:
    spec = RECORDED_EVENTS.get(event.kind)
    if spec is None:
        return
    kind, summary, keys = spec
    payload = event.payload
    db.add(ServiceRecord(person_id=person.id, kind=kind, summary=summary(payload)[:200],
                         data={k: payload[k] for k in keys if k in payload},
                         created_at=event.occurred_at or utcnow()))


def _merge_fallback_ticket(db: Session, kiosk: Kiosk, event: EventIn, *, keys: IdentityKeys,
                           base_url: str) -> None:
    """A ticket a terminal issued while it could not reach us joins the queue by arrival time."""
    try:
        person = terminal_keys.open_person(kiosk, event.payload.get("person"))
        body = TicketIn.model_validate({**event.payload, "person": person, "key": event.key,
                                        "arrival_at": event.payload.get("arrival_at") or event.occurred_at})
        tickets.issue_for_kiosk(db, kiosk, body, keys=keys, base_url=base_url)
    except (ValidationError, ServiceError) as exc:  # kept as an event; staff see it in reports
        log.warning("fallback ticket %s not merged: %s", event.key, str(exc)[:200])
