"""Runs blocking work (network, devices, big queries) off the UI thread.

Results come back through ``schedule`` (``Clock.schedule_once`` in the app), so
callbacks always run on the UI thread. Work asked for after ``shutdown`` (a Clock trigger
that fires while the app stops) is not done: it gets a cancelled future; and an answer
that comes after ``shutdown`` is not delivered (the screens it would update are gone).
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Callable

__all__ = ["Worker"]

log = logging.getLogger(__name__)


class Worker:
    def __init__(self, schedule: Callable[[Callable[[float], None]], Any], threads: int = 4):
        self._schedule = schedule
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="worker")
        self._closed = False

    def submit(self, fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None) -> Future:
        try:
            future = self._pool.submit(fn)
        except RuntimeError:   # shut down: the app is stopping, nothing is waiting for this
            log.debug("work asked for after shutdown: dropped")
            future = Future()
            future.cancel()
            return future

        def finished(f: Future) -> None:
            if self._closed or f.cancelled():
                return
            exc = f.exception()
            if exc is not None:
                if on_error is None:
                    log.error("background task failed: %s", type(exc).__name__)
                    return
                self._schedule(lambda _dt: self._closed or on_error(exc))
            elif on_done is not None:
                result = f.result()
                self._schedule(lambda _dt: self._closed or on_done(result))

        future.add_done_callback(finished)
        return future

    def shutdown(self) -> None:
        self._closed = True
        self._pool.shutdown(wait=False, cancel_futures=True)
