"""The hall boards' live calls: one database poll per hall per process, shared by every open
stream of that hall, and a cap on open streams.

The board stream is public (a hall's TV opens it without a login). With a poll per connection,
every open stream cost a query each 0.3 s and nothing bounded how many were open. Now a hall's
first subscriber starts one asyncio task that polls and fans the calls out to every
subscriber's queue; the last one to leave stops it. Beyond ``max_streams`` open streams in the
process, ``subscribe`` refuses (the route answers 503).

Each subscriber's queue holds one item, the newest calls: a slow reader skips to the present
instead of piling up history.

The supervisor view (central.services.supervisor) runs on a hub of its own with another
lookup and event name; its streams need a login, so each one asks ``alive`` every
``ALIVE_S`` whether the login still holds, and ends when it no longer does.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

from central.services import tickets

__all__ = ["BoardHub", "BoardFull", "hall_calls", "POLL_S", "KEEPALIVE_S", "ALIVE_S"]

log = logging.getLogger(__name__)
POLL_S = 0.3         # how often a hall's calls are looked up (a call reaches the TV within this)
KEEPALIVE_S = 15.0   # a comment line this often keeps proxies from closing a quiet stream
ALIVE_S = 2.0        # how soon a stream that needs a login ends after the login does


class BoardFull(Exception):
    """As many board streams are open in this process as it allows."""


@dataclass
class _Hall:
    task: asyncio.Task | None = None
    queues: set[asyncio.Queue] = field(default_factory=set)
    last: str | None = None


class BoardHub:
    """Subscriptions to halls' calls. ``fetch(hall_id)`` is a blocking lookup returning the
    calls as a string (run in a worker thread), sent as ``event``; ``polls`` counts lookups
    per hall."""

    def __init__(self, fetch: Callable[[int], str], max_streams: int, poll_s: float = POLL_S,
                 event: str = "calls"):
        self.fetch, self.max_streams, self.poll_s, self.event = fetch, max_streams, poll_s, event
        self.halls: dict[int, _Hall] = {}
        self.polls: dict[int, int] = {}

    @property
    def open_streams(self) -> int:
        return sum(len(h.queues) for h in self.halls.values())

    def running(self, hall_id: int) -> bool:
        """A poll task runs for ``hall_id``."""
        hall = self.halls.get(hall_id)
        return hall is not None and hall.task is not None and not hall.task.done()

    def subscribe(self, hall_id: int) -> asyncio.Queue:
        """A queue that receives the hall's calls when they change (BoardFull at the cap)."""
        if self.open_streams >= self.max_streams:
            raise BoardFull(f"{self.max_streams} board streams are open")
        hall = self.halls.setdefault(hall_id, _Hall())
        queue: asyncio.Queue = asyncio.Queue(maxsize=1)
        hall.queues.add(queue)
        if hall.last is not None:
            queue.put_nowait(hall.last)
        if hall.task is None or hall.task.done():
            hall.task = asyncio.create_task(self._poll(hall_id, hall), name=f"board-{hall_id}")
        return queue

    def unsubscribe(self, hall_id: int, queue: asyncio.Queue) -> None:
        """Forget ``queue``; the hall's poll stops with its last subscriber."""
        hall = self.halls.get(hall_id)
        if hall is None:
            return
        hall.queues.discard(queue)
        if not hall.queues:
            if hall.task is not None:
                hall.task.cancel()
            del self.halls[hall_id]

    async def events(self, queue: asyncio.Queue,
                     alive: Callable[[], Awaitable[bool]] | None = None) -> AsyncIterator[str]:
        """Server-sent events for one subscriber: the lookup's answer when it changes, a
        keep-alive comment when nothing changes for a while; with ``alive``, an ``ended``
        event and the end once it answers False. The caller unsubscribes when it ends."""
        wait = min(KEEPALIVE_S, ALIVE_S) if alive else KEEPALIVE_S
        checked = quiet_since = time.monotonic()
        while True:
            try:
                body = await asyncio.wait_for(queue.get(), wait)
            except asyncio.TimeoutError:
                body = None
            now = time.monotonic()
            if alive is not None and now - checked >= ALIVE_S:
                if not await alive():
                    yield "event: ended\ndata: {}\n\n"
                    return
                checked = now
            if body is not None:
                quiet_since = now
                yield f"event: {self.event}\ndata: {body}\n\n"
            elif now - quiet_since >= KEEPALIVE_S:
                quiet_since = now
                yield ": keep-alive\n\n"

    async def _poll(self, hall_id: int, hall: _Hall) -> None:
        while True:
            try:
                body = await asyncio.to_thread(self.fetch, hall_id)
            except Exception as exc:   # the database away: the boards keep what they show
                log.warning("board poll of hall %s failed: %s", hall_id, exc)
                body = hall.last
            self.polls[hall_id] = self.polls.get(hall_id, 0) + 1
            if body != hall.last:
                hall.last = body
                for queue in list(hall.queues):
                    with contextlib.suppress(asyncio.QueueEmpty):
                        queue.get_nowait()   # drop what the reader has not taken yet
                    queue.put_nowait(body)
            await asyncio.sleep(self.poll_s)


def hall_calls(database) -> Callable[[int], str]:
    """The hub's lookup on ``database`` (a central.db.Database): a hall's latest calls as
    JSON, each lookup in a session of its own."""
    def calls(hall_id: int) -> str:
        with database.session() as db:
            rows = tickets.recent_calls(db, hall_id)
        return json.dumps([c.model_dump() for c in rows], ensure_ascii=False)
    return calls
