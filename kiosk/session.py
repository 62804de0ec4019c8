"""Who is at the terminal and what they did; wiped on finish, card removal and idle timeout.

Holds the full identity only in memory for the length of the session (a card's
number is needed to file a service record); everything shown is masked.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from devices.base import PersonIdentity
from hallcore.masking import mask_id_number, mask_name

__all__ = ["VisitorSession", "card_proof", "PROOF_FIELDS"]

#: per card kind, the fields only the card holds (central.services.identity checks them)
PROOF_FIELDS = {"idcard": ("issuer", "valid_from", "valid_to"), "smartcard": ("card_number",)}


def card_proof(identity: PersonIdentity) -> dict[str, str] | None:
    """The proof a card gives that it was read, or None (a QR code, or a card missing a field)."""
    names = PROOF_FIELDS.get(identity.source)
    values = {name: str(identity.extra.get(name, "")).strip() for name in names or ()}
    if not names or not all(values.values()):
        return None
    return {"source": identity.source, **values}


@dataclass
class VisitorSession:
    language: str = "zh_CN"
    session_id: str = ""
    started_at: float = 0.0
    identity: PersonIdentity | None = field(default=None, repr=False)
    consent: bool = False
    actions: list[dict[str, Any]] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)  # per-feature scratch (quiz answers, ...)

    @property
    def active(self) -> bool:
        return bool(self.session_id)

    def start(self, language: str) -> None:
        self.wipe()
        self.language = language
        self.session_id = uuid.uuid4().hex
        self.started_at = time.time()

    def identify(self, identity: PersonIdentity) -> None:
        self.identity = identity
        self.consent = False

    @property
    def identified(self) -> bool:
        return self.identity is not None

    @property
    def masked_id(self) -> str:
        return mask_id_number(self.identity.id_number) if self.identity else ""

    @property
    def masked_name(self) -> str:
        return mask_name(self.identity.name) if self.identity else ""

    def record(self, action: str, **details: Any) -> None:
        self.actions.append({"action": action, "at": time.time(), **details})

    @property
    def card_proof(self) -> dict[str, str] | None:
        """What only the card read holds (the service checks it against the card on record
        before it shows or files anything under this person); None for no card."""
        return card_proof(self.identity) if self.identity else None

    def person_ref(self, consented: bool = False) -> dict[str, Any] | None:
        """What an outbox event or a ticket carries about the person: only with their
        consent, given for the whole visit (``consent``) or for this one thing (``consented``)."""
        if not self.identity or not (self.consent or consented):
            return None
        ref: dict[str, Any] = {"id_number": self.identity.id_number, "name": self.identity.name,
                               "source": self.identity.source}
        if self.card_proof:
            ref["card"] = self.card_proof
        return ref

    def is_empty(self) -> bool:
        return (not self.session_id and self.identity is None and not self.actions
                and not self.data and not self.consent)

    def wipe(self) -> None:
        self.session_id = ""
        self.started_at = 0.0
        self.identity = None
        self.consent = False
        self.actions = []
        self.data = {}
