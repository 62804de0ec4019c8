"""Tickets the terminal issues itself while the central service cannot be reached.

Label: ``<service letter>X<last digit of the terminal's name><count that day>``, e.g.
``AX103``; the ticket waits in the outbox and the central service puts it into the
queue by the time the visitor arrived (central.routers.kiosk_api).
"""

from __future__ import annotations

import time
from datetime import datetime, timezone
from typing import Any

__all__ = ["fallback_label", "issue_fallback"]


def fallback_label(letter: str, terminal_name: str, count: int) -> str:
    digits = [c for c in terminal_name if c.isdigit()]
    return f"{letter}X{digits[-1] if digits else '0'}{count % 100:02d}"


def issue_fallback(store: Any, letter: str, terminal_name: str, body: dict[str, Any]) -> str:
    """Number the ticket and put it in the outbox (disk writes: call off the UI thread)."""
    counter = f"fallback:{time.strftime('%Y-%m-%d')}"
    count = int(store.get(counter, "0")) + 1
    store.put(counter, str(count))
    label = fallback_label(letter, terminal_name, count)
    arrived = datetime.now(timezone.utc).isoformat()
    payload = {k: v for k, v in body.items() if k != "key"}
    payload.update(fallback_label=label, arrival_at=arrived)
    store.outbox_add("ticket", payload, key=body["key"], occurred_at=arrived)
    return label
