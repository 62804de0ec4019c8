"""The UI's worker pool when the app stops: nothing is started and nothing is delivered."""

from __future__ import annotations

import threading

from kiosk.worker import Worker


def test_work_after_shutdown_is_dropped_not_raised():
    delivered = []
    worker = Worker(lambda callback: callback(0), threads=1)
    worker.shutdown()
    future = worker.submit(lambda: 1, on_done=delivered.append)
    assert future.cancelled() and delivered == []


def test_an_answer_that_comes_after_shutdown_is_not_delivered():
    delivered, release = [], threading.Event()
    worker = Worker(lambda callback: callback(0), threads=1)
    future = worker.submit(lambda: release.wait(5) and "late", on_done=delivered.append)
    worker.shutdown()
    release.set()
    assert future.result(5) == "late"
    assert delivered == []


def test_answers_reach_on_done_while_running():
    done = threading.Event()
    got = []
    worker = Worker(lambda callback: callback(0), threads=1)
    worker.submit(lambda: 42, on_done=lambda value: (got.append(value), done.set()))
    assert done.wait(5) and got == [42]
    worker.shutdown()
