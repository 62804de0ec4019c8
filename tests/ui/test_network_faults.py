"""Network faults between terminal and service (tests/faultproxy.py): the UI thread never
waits (no frame gap over 100 ms), the terminal serves from its cache and issues fallback
tickets, and when the link heals everything recorded meanwhile arrives, once."""

from __future__ import annotations

import gc
import time

import pytest
from sqlalchemy import select

from central.models import KioskEvent
from central.models.queue import Ticket
from tests.faultproxy import FaultProxy
from tests.factories import make_jobs
from tests.ui.test_queue import take_number

FRAME_GAP_LIMIT_S = 0.100


class FrameClock:
    """Runs the app's frames and keeps the longest time the UI thread was busy in one.

    The buffer swap (``Window.flip``) is timed apart and left out: under Xvfb the GL is
    software (llvmpipe), so a swap rasterises the frame on the CPU and takes up to 90 ms on a
    loaded 2-core machine whatever the terminal does; on the terminal's GPU it is a swap.
    What the limit is about is the UI thread's own work: events, clock callbacks, layout.
    """

    def __init__(self, ui):
        from kivy.core.window import Window
        self.ui, self.worst, self.worst_with_swap, self.frames = ui, 0.0, 0.0, 0
        self._swap = 0.0
        self._window, self._flip = Window, Window.flip
        #: the longest garbage collection seen, for the failure message
        self.worst_gc, self._gc_started = 0.0, 0.0
        gc.callbacks.append(self._on_gc)

        def timed_flip(*args):
            started = time.perf_counter()
            try:
                return self._flip(*args)
            finally:
                self._swap += time.perf_counter() - started
        Window.flip = timed_flip

    def _on_gc(self, phase: str, _info) -> None:
        if phase == "start":
            self._gc_started = time.perf_counter()
        else:
            self.worst_gc = max(self.worst_gc, time.perf_counter() - self._gc_started)

    def close(self) -> None:
        self._window.flip = self._flip
        if self._on_gc in gc.callbacks:
            gc.callbacks.remove(self._on_gc)

    def pump_until(self, predicate, timeout: float, message: str = ""):
        deadline = time.monotonic() + timeout
        while True:
            self._swap = 0.0
            started = time.perf_counter()
            self.ui.loop.idle()
            took = time.perf_counter() - started
            self.worst_with_swap = max(self.worst_with_swap, took)
            self.worst = max(self.worst, took - self._swap)
            self.frames += 1
            value = predicate()
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(message or "UI condition not met in time")

    def pump_for(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        self.pump_until(lambda: time.monotonic() > end, seconds + 1)


@pytest.fixture(scope="module", autouse=True)
def earlier_tests_heap_frozen():
    """The suite runs in one process, which by now holds the objects of every earlier test
    (schemathesis and hypothesis leave millions). A full collection walks them all and can
    take half a second; that is the test run's heap, not the terminal's, so it is moved out
    of the collector's way (``gc.freeze``) for this module. The terminal's own garbage is
    still collected as it runs."""
    gc.collect()
    gc.freeze()
    yield
    gc.unfreeze()


@pytest.fixture
def proxied(fresh, central_up):
    """The terminal talks to its service through the fault proxy for this test."""
    api = fresh.app.services.api
    host, port = central_up.server.url.rsplit(":", 1)
    proxy = FaultProxy("127.0.0.1", int(port), delay_s=1.5, trickle_s=0.05).start()
    saved = api.base_url
    api.base_url = proxy.url
    store = fresh.app.services.store
    if store.job_count() < 1000:
        store.upsert_jobs(make_jobs(2000, seed=11))
    yield fresh, proxy
    api.base_url = saved
    proxy.stop()


@pytest.mark.parametrize("mode", ["pass", "blackhole", "reset", "drop", "delay", "trickle"])
def test_terminal_stays_responsive_serves_from_cache_and_catches_up(proxied, central_up, mode, request):
    ui, proxy = proxied
    app, store = ui.app, ui.app.services.store
    sync, fleet = app.services.sync, app.services.fleet
    for name in ("home", "jobs", "queue"):  # screens are built on first use: not what is measured
        ui.go(name)
    app.end_session("warm-up over")
    ui.wait(lambda: ui.screen() == "attract" and not app.manager.transition.is_active, 5)
    frames = FrameClock(ui)
    request.addfinalizer(frames.close)
    proxy.set(mode)
    sync.sync_now()
    fleet.beat_now()
    # a visitor searches the cached jobs while the service is unreachable
    ui.tap_at(640, 400)
    frames.pump_until(lambda: ui.screen() == "home", 5)
    ui.tap(app.screens["home"].ids.tile_jobs)
    frames.pump_until(lambda: ui.screen() == "jobs", 5)
    jobs = app.screens["jobs"]
    ui.tap(jobs.ids.typing.keyboard.keys["k"])
    frames.pump_until(lambda: jobs.query == "k" and jobs.total > 0 and not jobs.searching, 5,
                      "the cached jobs were not searchable")
    ui.tap(app.topbar.ids.home_button)
    frames.pump_until(lambda: ui.screen() == "home", 5)
    app.end_session("next visitor")
    # ... and the next one takes a number: the terminal issues it itself
    queue = take_number(ui, "career_guidance")
    ui.tap(queue.ids.confirm_button)
    frames.pump_until(lambda: queue.stage == "ticket", 10, "no ticket while the service is away")
    label = queue.ticket["label"]
    frames.pump_for(1.0)  # the sync and heartbeat threads keep failing meanwhile
    assert frames.worst < FRAME_GAP_LIMIT_S, (f"a frame took {frames.worst * 1000:.0f} ms under {mode}; "
                                              f"longest garbage collection {frames.worst_gc * 1000:.0f} ms")
    assert mode == "pass" or proxy.faults[mode] > 0, f"the {mode} fault was never hit"
    app.end_session("visitor leaves")

    proxy.set("pass")  # the link heals: what was recorded meanwhile arrives, once
    sync.sync_now()
    frames.pump_until(lambda: store.outbox_depth() == 0 and app.online, 20, "the terminal did not catch up")
    with central_up.db.session() as db:
        assert db.scalars(select(Ticket).where(Ticket.label == label)).all(), "the fallback ticket was lost"
        keys = db.scalars(select(KioskEvent.key)).all()
        assert len(keys) == len(set(keys))
    assert frames.worst < FRAME_GAP_LIMIT_S
    print(f"\n{mode}: {proxy.faults[mode]} faults, {frames.frames} frames, UI work at most "
          f"{frames.worst * 1000:.0f} ms a frame ({frames.worst_with_swap * 1000:.0f} ms with the swap)")

