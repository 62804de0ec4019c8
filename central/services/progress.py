"""My progress: a visitor's own record, shown at a terminal only to the holder of the card.

A lookup must carry the card's proof (central.services.identity): an ID number alone is
not a secret. Lookups are limited per terminal and per person in the shared counters
(central.services.ratelimit), and every one is audited: which terminal, when, which person
(by record id, never the number) and what came of it.

The visitor sees the services they had, their tickets still in the queue and their
referrals; never a counsellor's note, which is for staff. A counter service shows as the
service's name and, if the counsellor wrote one, the short summary meant for the visitor.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.audit import audit
from central.models import Kiosk, Service
from central.models.queue import ServiceRecord, Ticket, TicketStatus
from central.schemas.people import (ProgressIn, ProgressOut, ProgressReferralOut,
                                    ProgressTicketOut)
from central.schemas.tickets import RecordOut
from central.services import people, ratelimit
from central.services.errors import Conflict, TooManyAttempts
from central.services.identity import IdentityKeys, check_card, find_person
from central.services.ratelimit import Limits

__all__ = ["lookup", "visitor_line", "CARD_MISMATCH"]

CARD_MISMATCH = "card_mismatch"   # the refusal's detail: the terminal shows its own message


def lookup(db: Session, keys: IdentityKeys, limits: Limits, kiosk: Kiosk,
           body: ProgressIn) -> ProgressOut:
    """The visitor's own record, if the card they hold is the one on record. Commits."""
    over = [ratelimit.hit(db, limits.progress_kiosk, str(kiosk.id)) > limits.progress_kiosk.count,
            # the person's counter is keyed by their hash, never by the number
            ratelimit.hit(db, limits.progress_person, keys.id_hash(body.id_number)[:32])
            > limits.progress_person.count]
    if any(over):
        _audited(db, kiosk, None, "rate_limited")
        raise TooManyAttempts("too many progress lookups; try again later")
    person = find_person(db, keys, body.id_number, create=False)
    if person is None:   # never seen: nothing to show (and nothing to prove against)
        _audited(db, kiosk, None, "unknown")
        return ProgressOut()
    check = check_card(db, keys, person, body.id_number, body.card)
    if not check.trusted:
        _audited(db, kiosk, person.id, check.value)
        raise Conflict(CARD_MISMATCH)
    out = _record(db, person.id)
    _audited(db, kiosk, person.id, check.value)
    return out


def _audited(db: Session, kiosk: Kiosk, person_id: int | None, outcome: str) -> None:
    audit(db, None, "progress_lookup", f"person:{person_id if person_id else '-'}",
          f"kiosk:{kiosk.id} {outcome}")
    db.commit()


def visitor_line(record: ServiceRecord, service_name: str | None) -> str:
    """A service record as its visitor reads it: a counter visit by its service (and the
    summary written for the visitor), never the counsellor's note."""
    if record.kind != "counter_service":
        return record.summary
    summary = str((record.data or {}).get("visitor_summary") or "")
    return f"{service_name or ''}: {summary}".strip(": ") if summary else (service_name or "")


def _record(db: Session, person_id: int) -> ProgressOut:
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
                   for r, j in people.referrals(db, person_id, 20)])
