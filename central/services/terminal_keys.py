"""Each terminal's sealing key, and reading the sealed person an outbox event carries.

A terminal seals the identity in an outbox event (``hallcore.sealing``) with a key only it
and this service hold, so its store file never keeps an ID number or a name in the clear.
The key is handed out once: with the token at enrolment, or, for a terminal enrolled
before keys existed, by ``issue_key`` on its first sync. A second ask is refused (409), so a
stolen terminal token cannot fetch the key of a terminal that has one; a terminal that lost
its key file is enrolled again.

A plain (unsealed) person is still accepted, from any terminal: events written before the
terminal had its key wait in its outbox in that form, and an older terminal version sends
nothing else. The seal protects the terminal's disk, not the wire (which is TLS), so a plain
person is no less trustworthy than a sealed one; refusing it would drop those visitors'
records. It is logged, naming the terminal, never the person, so operators can see which
terminals still write identities in the clear.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.orm import Session

from central.models import Kiosk
from central.services.errors import Conflict
from hallcore import sealing

__all__ = ["issue_key", "new_key", "open_person"]

log = logging.getLogger(__name__)
new_key = sealing.new_key


def issue_key(db: Session, kiosk: Kiosk) -> str:
    """The key of a terminal that has none yet (enrolled before keys existed). Commits."""
    if kiosk.seal_key:
        raise Conflict("this terminal's key was handed out already; enrol it again")
    kiosk.seal_key = new_key()
    db.commit()
    return kiosk.seal_key


def open_person(kiosk: Kiosk, value: Any) -> Any:
    """The person an event names, as its fields (a dict) when the value was sealed with this
    terminal's key; a plain value is passed on as it is (logged); one that does not open
    gives None (the event is kept, without the link)."""
    if value is None:
        return None
    if not sealing.is_sealed(value):
        log.warning("terminal %s sent a person in the clear (not sealed)", kiosk.id)
        return value
    if not kiosk.seal_key:
        log.warning("terminal %s sent a sealed person but holds no key", kiosk.id)
        return None
    try:
        return sealing.open(kiosk.seal_key, value)
    except sealing.SealError as exc:
        log.warning("terminal %s: sealed person not filed: %s", kiosk.id, exc)
        return None
