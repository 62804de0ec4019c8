"""Small helpers shared by tests: polling with a deadline instead of sleeping."""

from __future__ import annotations

import time


def wait_until(predicate, timeout: float = 5.0, interval: float = 0.01, message: str = ""):
    """Poll ``predicate`` until truthy or the deadline passes; returns its value."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(message or f"condition not met within {timeout}s")
        time.sleep(interval)
