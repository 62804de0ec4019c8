"""A terminal process, as far as the outbox goes, for tests/kiosk/test_outbox_kill.py to kill.

``python -m tests.kiosk.outbox_child STORE URL TOKEN_FILE RUN`` opens the terminal's real
store file and records ``visit`` events with ``Store.outbox_add`` in a loop, waking the
real ``SyncWorker`` after each one, as the app does (``Services.record_event`` is the same
write, but it does not return the key and may queue the write on a worker thread). The
sync thread pushes, acks and pulls against the real central service while events are
written, so a kill lands during writes, during pushes and between a delivery and its ack.

Everything the test needs goes to stdout, one whole line per ``os.write`` (a pipe write of
under 4 KiB is atomic, and a kill cannot split it)::

    + KEY N       outbox_add returned: event N of this run is recorded under KEY
    > COUNT       a push of COUNT events is going out
    < ACCEPTED DUPLICATES   the service answered that push
    = DEPTH       (--flush) the outbox is empty, or how many events are left

With ``--flush`` it records nothing and pushes until the outbox is empty, then exits.
Imports are kept to the store and sync modules: start-up time is most of each kill round.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

from kiosk.api import CentralClient, CentralUnavailable
from kiosk.store import Store
from kiosk.sync import SyncWorker

__all__ = ["main"]

LIFETIME_S = 30.0  # never outlive a test that died before it could kill us
# a pause between events: without one the recording loop keeps SQLite's write lock and
# the GIL, and the sync thread (the other half of what a kill must land in) starves
PACE_S = 0.002
_out = threading.Lock()


def say(*words: object) -> None:
    line = (" ".join(str(w) for w in words) + "\n").encode()
    with _out:
        os.write(1, line)


class TracedClient(CentralClient):
    """The real client; it also says when a push leaves and when its answer is back."""

    def push_events(self, events):
        say(">", len(events))
        answer = super().push_events(events)
        say("<", len(answer["accepted"]), len(answer["duplicates"]))
        return answer


def record(store: Store, worker: SyncWorker, run: str) -> None:
    deadline = time.monotonic() + LIFETIME_S
    n = 0
    while time.monotonic() < deadline:
        key = store.outbox_add("visit", {"run": run, "n": n, "screen": "jobs"})
        say("+", key, n)
        worker.sync_now()
        n += 1
        time.sleep(PACE_S)
    raise SystemExit("outbox_child: not killed in time")


def flush(store: Store, worker: SyncWorker) -> None:
    deadline = time.monotonic() + LIFETIME_S
    while store.outbox_depth() and time.monotonic() < deadline:
        try:
            worker.push_outbox()
        except CentralUnavailable:
            time.sleep(0.2)
    say("=", store.outbox_depth())


def main(argv: list[str]) -> int:
    path, url, token_file, run, *flags = argv
    store = Store(path)
    client = TracedClient(url, Path(token_file).read_text(encoding="utf-8").strip(), timeout=5)
    worker = SyncWorker(store, client, interval=60, backoff_min=0.01, backoff_max=0.05)
    if "--flush" in flags:
        flush(store, worker)
        store.close()
        return 0
    worker.start()
    record(store, worker, run)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
