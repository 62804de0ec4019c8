"""Tickets the terminal issues itself while the central service cannot be reached.

Label: ``<service letter>X<terminal id>-<count that day>``, e.g. ``AX7-103``. The terminal
id is the one the central service gave this terminal at enrolment (unique in the whole
fleet), so two terminals never hand out the same label, whatever their names; the count
is the terminal's own for the day, never wrapped, and taken in one SQL statement
(``Store.next_count``), so the worker pool's threads never hand out the same number
twice. Normal labels are a letter and digits only (``A001``), so a fallback label cannot
meet one. The central service keeps labels in VARCHAR(12): ``FALLBACK_MAX`` below.

The ticket waits in the outbox and the central service puts it into the queue by the
time the visitor arrived (central.routers.kiosk_api).
"""

from __future__ import annotations

import logging
import re
import time
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.store import Store

__all__ = ["fallback_label", "issue_fallback", "terminal_ref", "FALLBACK_MAX", "KIOSK_ID_KEY"]

log = logging.getLogger(__name__)
#: the central service's Ticket.label is VARCHAR(12)
FALLBACK_MAX = 12
#: the store key under which enrolment (or the first sync) keeps this terminal's id
KIOSK_ID_KEY = "kiosk_id"


def fallback_label(letter: str, terminal: str, count: int) -> str:
    """``AX7-103``; raises ValueError where the label would not fit the service's column."""
    label = f"{letter}X{terminal}-{count}"
    if len(label) > FALLBACK_MAX:
        raise ValueError(f"fallback label {label!r} is longer than {FALLBACK_MAX}")
    return label


def terminal_ref(store: "Store", terminal_name: str) -> str:
    """This terminal's id from enrolment; before the terminal has ever learnt it (enrolled
    by an older version and not synced since), every digit of its name, which at least
    tells ``kiosk-1`` from ``kiosk-11``."""
    kiosk_id = store.get(KIOSK_ID_KEY)
    if kiosk_id:
        return kiosk_id
    log.warning("fallback ticket before this terminal knows its id: using its name's digits")
    return "".join(re.findall(r"\d", terminal_name))[-4:] or "0"


def issue_fallback(store: "Store", letter: str, terminal_name: str, body: dict[str, Any]) -> str:
    """Number the ticket and put it in the outbox (disk writes: call off the UI thread)."""
    count = store.next_count(f"fallback:{time.strftime('%Y-%m-%d')}")
    label = fallback_label(letter, terminal_ref(store, terminal_name), count)
    arrived = datetime.now(timezone.utc).isoformat()
    payload = {k: v for k, v in body.items() if k != "key"}
    payload.update(fallback_label=label, arrival_at=arrived)
    store.outbox_add("ticket", payload, key=body["key"], occurred_at=arrived)
    return label
