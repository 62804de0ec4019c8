"""Runs blocking work (network, devices, big queries) off the UI thread.

Results come back through ``schedule`` (``Clock.schedule_once`` in the app), so
callbacks always run on the UI thread.
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

    def submit(self, fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None) -> Future:
        try:
            future = self._pool.submit(fn)
        except RuntimeError:   # the terminal is stopping: a wipe's last search is dropped
            future = Future()
            future.cancel()
            return future

        def finished(f: Future) -> None:
            exc = f.exception()
            if exc is not None:
                if on_error is None:
                    log.error("background task failed: %s", type(exc).__name__)
                    return
                self._schedule(lambda _dt: on_error(exc))
            elif on_done is not None:
                result = f.result()
                self._schedule(lambda _dt: on_done(result))

        future.add_done_callback(finished)
        return future

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
