"""The public board stream: one shared database poll per hall per process, however many TVs
(or strangers) have it open, and a cap on open streams answered with 503."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import ExitStack

import httpx
import pytest

from central.app import create_app
from central.settings import development_settings
from tests.helpers import wait_until
from tests.servers import UvicornThread

LIMIT = 6


@pytest.fixture
def board(central):
    """A service on the same database whose process allows LIMIT board streams."""
    app = create_app(development_settings(central.db_url, server={"max_board_streams": LIMIT}),
                     db=central.db)
    server = UvicornThread(app).start()
    yield app.state.board, server.url
    server.stop()


def _open(stack: ExitStack, url: str, hall: int = 1) -> Iterator[str]:
    """An open stream's lines (kept as one iterator: closing it would end the stream)."""
    client = stack.enter_context(httpx.Client(base_url=url, timeout=10))
    response = stack.enter_context(client.stream("GET", f"/api/halls/{hall}/stream"))
    assert response.status_code == 200
    return response.iter_lines()


def _first_event(lines: Iterator[str]) -> str:
    return next(line for line in lines if line.startswith("data: "))


def test_many_streams_of_a_hall_share_one_poll(board):
    hub, url = board
    with ExitStack() as stack:
        streams = [_open(stack, url) for _ in range(5)]
        firsts = {_first_event(s) for s in streams}
        assert len(firsts) == 1            # every TV got the same calls
        assert hub.running(1) and len(hub.halls[1].queues) == 5
        before, start = hub.polls[1], time.monotonic()
        wait_until(lambda: hub.polls[1] >= before + 6, timeout=10)
        polls, elapsed = hub.polls[1] - before, time.monotonic() - start
        # one loop: at most one poll per interval (five loops would make five times as many)
        assert polls <= elapsed / hub.poll_s + 2, (polls, elapsed)
    wait_until(lambda: not hub.running(1), timeout=10, message="the poll outlived its streams")
    assert hub.open_streams == 0


def test_streams_beyond_the_limit_get_503(board):
    hub, url = board
    with ExitStack() as stack:
        for n in range(LIMIT):
            _open(stack, url, hall=1 + n % 2)
        wait_until(lambda: hub.open_streams == LIMIT)
        r = httpx.get(url + "/api/halls/1/stream", timeout=10)
        assert r.status_code == 503 and r.headers["retry-after"]
    wait_until(lambda: hub.open_streams == 0, timeout=10)
    with ExitStack() as stack:
        assert _first_event(_open(stack, url)).startswith("data: [")
