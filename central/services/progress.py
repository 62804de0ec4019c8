"""My progress: a visitor's own record, shown at a terminal only to the holder of the card.

A lookup must carry the card's proof (central.services.identity): an ID number alone is
not a secret. Lookups are limited per terminal and per person in the shared counters
(central.services.ratelimit), and every one is audited: which terminal, when, which person
(by record id, never the number) and what came of it.

The visitor sees the services they had, their tickets still in the queue, their
referrals, their named counsellor and counter, their job-seeker registration with the number
of verified postings matching it, and their time-limited cases (with the documents missing
when one is sent back); never a counsellor's note, which is for staff. ``prove`` is also how
the terminal's registration and difficulty check identify the visitor
(central.services.visitor_casework). A counter service shows as the
service's name and, if the counsellor wrote one, the short summary meant for the visitor.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.audit import audit
from central.models import Kiosk, Service
from central.models.queue import Person, ServiceRecord, Ticket, TicketStatus
from central.schemas.people import (ProgressIn, ProgressOut, ProgressReferralOut,
                                    ProgressTicketOut)
from central.schemas.tickets import CardProofIn, RecordOut
from central.services import cases, hall_events, people, ratelimit, seekers
from central.services.errors import Conflict, TooManyAttempts
from central.services.identity import IdentityKeys, check_card, find_person
from central.services.ratelimit import Limits

__all__ = ["prove", "lookup", "visitor_line", "CARD_MISMATCH"]

CARD_MISMATCH = "card_mismatch"   # the refusal's detail: the terminal shows its own message


def prove(db: Session, keys: IdentityKeys, limits: Limits, kiosk: Kiosk, id_number: str,
          card: CardProofIn, *, action: str = "progress_lookup", create: bool = False,
          name: str = "") -> Person | None:
    """The person at the terminal if the card they hold is the one on record (None: never
    seen and not ``create``). Counted in the lookup limits and audited as ``action``;
    TooManyAttempts past the limits, Conflict(CARD_MISMATCH) for another card."""
    over = [ratelimit.hit(db, limits.progress_kiosk, str(kiosk.id)) > limits.progress_kiosk.count,
            # the person's counter is keyed by their hash, never by the number
            ratelimit.hit(db, limits.progress_person, keys.id_hash(id_number)[:32])
            > limits.progress_person.count]
    if any(over):
        _audited(db, kiosk, None, "rate_limited", action)
        raise TooManyAttempts("too many progress lookups; try again later")
    person = find_person(db, keys, id_number, name, create=create)
    if person is None:   # never seen: nothing to show (and nothing to prove against)
        _audited(db, kiosk, None, "unknown", action)
        return None
    check = check_card(db, keys, person, id_number, card)
    _audited(db, kiosk, person.id, check.value, action)
    if not check.trusted:
        raise Conflict(CARD_MISMATCH)
    return person


def lookup(db: Session, keys: IdentityKeys, limits: Limits, kiosk: Kiosk,
           body: ProgressIn) -> ProgressOut:
    """The visitor's own record, if the card they hold is the one on record. Commits."""
    person = prove(db, keys, limits, kiosk, body.id_number, body.card)
    return ProgressOut() if person is None else _record(db, person)


def _audited(db: Session, kiosk: Kiosk, person_id: int | None, outcome: str,
             action: str = "progress_lookup") -> None:
    audit(db, None, action, f"person:{person_id if person_id else '-'}",
          f"kiosk:{kiosk.id} {outcome}")
    db.commit()


def visitor_line(record: ServiceRecord, service_name: str | None) -> str:
    """A service record as its visitor reads it: a counter visit by its service (and the
    summary written for the visitor), never the counsellor's note."""
    if record.kind != "counter_service":
        return record.summary
    summary = str((record.data or {}).get("visitor_summary") or "")
    return f"{service_name or ''}: {summary}".strip(": ") if summary else (service_name or "")


def _record(db: Session, person: Person) -> ProgressOut:
    person_id = person.id
    names = dict(db.execute(select(Service.id, Service.name)).tuples().all())
    open_tickets = db.execute(select(Ticket.label, Ticket.status, Service.name)
                              .join(Service, Service.id == Ticket.service_id)
                              .where(Ticket.person_id == person_id,
                                     Ticket.status.in_(TicketStatus.in_queue()))).all()
    return ProgressOut(
        services=[RecordOut(at=r.created_at.isoformat()[:10],
                            summary=visitor_line(r, names.get(r.service_id)))
                  for r in people.history(db, person_id)],
        tickets=[ProgressTicketOut(label=label, status=status, service=name)
                 for label, status, name in open_tickets],
        referrals=[ProgressReferralOut(title=j.title, employer=j.employer, state=r.state,
                                       updated=r.updated_at.isoformat()[:10])
                   for r, j in people.referrals(db, person_id, 20)],
        counsellor=seekers.counsellor_of(db, person), registration=seekers.registration_out(db, person),
        cases=cases.visitor_cases(db, person.id), events=hall_events.registrations_of(db, person.id),
        **seekers.matching_fields(db, person))
