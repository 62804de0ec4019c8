"""Who a visitor is, and whether the terminal really read their card.

A person is found by a keyed hash of their ID number. The key is not the service's secret
(which also signs CSRF tokens) but a versioned identity key (``security.identity_keys``):
a person row remembers the version that hashed it, a lookup tries the current version
first and then the older ones, and a row found under an older one is re-keyed to the
current version on the spot, so a rotation completes as people come back.

An ID number is not a secret (region, birth date and a check digit leave about a thousand
candidates for one person), so a terminal must also send what only the card holds: the
resident ID card's issuing authority and validity dates, or the social-security card's
card number. The first time a card of a kind is read for a person, the service records a
keyed hash of that proof (never the values); afterwards the proof must match. A renewed
card does not, until staff at a counter confirm it (``forget_cards``), after which the next
read records the new card.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from central.models.identity import PersonCard
from central.models.queue import Person
from central.schemas.tickets import CardProofIn

__all__ = ["IdentityKeys", "CardCheck", "find_person", "check_card", "forget_cards"]


@dataclass(frozen=True)
class IdentityKeys:
    """The identity-hash keys by version, and the version that hashes new records."""

    ring: dict[int, str]
    current: int

    @classmethod
    def from_settings(cls, security) -> "IdentityKeys":
        ring = security.identity_key_ring()
        return cls(ring, security.identity_key_version if security.identity_keys else 1)

    def versions(self) -> list[int]:
        """The current version first, then the older ones, newest first."""
        return [self.current, *sorted((v for v in self.ring if v != self.current), reverse=True)]

    def _mac(self, version: int, message: str) -> str:
        return hmac.new(self.ring[version].encode(), message.encode(), hashlib.sha256).hexdigest()

    def id_hash(self, id_number: str, version: int | None = None) -> str:
        return self._mac(version or self.current, _norm(id_number))

    def card_hash(self, id_number: str, proof: CardProofIn, version: int | None = None) -> str:
        fields = (proof.source, _norm(id_number), *map(_norm, proof.secret_fields()))
        return self._mac(version or self.current, "card\x1f" + "\x1f".join(fields))


def _norm(value: str) -> str:
    return value.strip().upper()


class CardCheck(StrEnum):
    """What a lookup learnt of the card the terminal says it read."""

    recorded = "recorded"   # the first card of its kind for this person: now on record
    match = "match"         # the card on record
    mismatch = "mismatch"   # another card (a renewed one, or a guess)
    missing = "missing"     # the terminal sent no proof at all

    @property
    def trusted(self) -> bool:
        return self in (CardCheck.recorded, CardCheck.match)


def find_person(db: Session, keys: IdentityKeys, id_number: str, name: str = "",
                create: bool = True) -> Person | None:
    """The person with this ID number (re-keyed to the current key), created on first visit."""
    from hallcore.masking import mask_id_number, mask_name
    digests = {v: keys.id_hash(id_number, v) for v in keys.versions()}
    current = digests[keys.current]
    found = db.scalars(select(Person).where(Person.id_hash.in_(digests.values()))).all()
    person = next((p for p in found if p.id_hash == current), found[0] if found else None)
    if person is not None:
        if person.id_hash != current:
            person.id_hash, person.id_key_version = current, keys.current
            db.flush()
        return person
    if not create:
        return None
    person = Person(id_hash=current, id_key_version=keys.current,
                    masked_id=mask_id_number(id_number), masked_name=mask_name(name))
    db.add(person)
    try:
        with db.begin_nested():
            db.flush()
    except IntegrityError:  # created by a concurrent request first
        person = db.scalar(select(Person).where(Person.id_hash == current))
    return person


def check_card(db: Session, keys: IdentityKeys, person: Person, id_number: str,
               proof: CardProofIn | None) -> CardCheck:
    """Compare the card read with the one on record (recording the first one). Flushes."""
    if proof is None:
        return CardCheck.missing
    row = db.scalar(select(PersonCard).where(PersonCard.person_id == person.id,
                                             PersonCard.source == proof.source))
    if row is None:
        try:
            with db.begin_nested():
                db.add(PersonCard(person_id=person.id, source=proof.source,
                                  proof_hash=keys.card_hash(id_number, proof),
                                  key_version=keys.current))
            return CardCheck.recorded
        except IntegrityError:  # a concurrent first read recorded one: compare with it
            row = db.scalar(select(PersonCard).where(PersonCard.person_id == person.id,
                                                     PersonCard.source == proof.source))
    if row.key_version not in keys.ring:
        return CardCheck.mismatch  # its key was retired: only a counter can confirm the card
    if not hmac.compare_digest(row.proof_hash, keys.card_hash(id_number, proof, row.key_version)):
        return CardCheck.mismatch
    if row.key_version != keys.current:
        row.proof_hash, row.key_version = keys.card_hash(id_number, proof), keys.current
        db.flush()
    return CardCheck.match


def forget_cards(db: Session, person_id: int) -> int:
    """Clear the cards on record (a renewed card, confirmed at a counter); the next read
    records the card then shown. Returns how many were cleared."""
    return db.execute(delete(PersonCard).where(PersonCard.person_id == person_id)).rowcount or 0
