"""All-day soak: a scripted visitor drives the real terminal for N journeys; does it leak?

The real app (``build_app``) runs under Xvfb against a real central service (its own
process, seeded SQLite), the ID card emulator on a pty and the virtual TCP printer. The
emulators run in a process of their own, as the hall's devices would: what is measured is
the terminal alone, and rendering receipts to PNG does not compete with it for the GIL.
One journey: tap the attract screen; jobs (two letters on the touch keyboard, open a
posting, print a slip); the 60-item quiz by touch, print the result; take a queue
ticket; rate it (the survey: the counter has not finished, so the service answers 409
and the screen says so); end the session with the Finish button.

Figures compare RSS, threads and fds right after journey 100 with right after journey N
(``rss_growth_mb``, the target). The baseline is bare attract -> home -> attract cycles
in the same app: blocks of journeys and blocks of as many bare cycles alternate, and each
side sums the RSS growth over its own blocks (``journey_blocks_rss_mb``,
``bare_blocks_rss_mb``). Those sums also carry what a journey holds for a while after it
(textures, screens; a few MB, given back later), so their ``ratio`` is a rough guide.

``python -m bench soak [--journeys N]``; ``SOAK_JOURNEYS=200`` for a quick check;
``SOAK_TRACE=1`` prints a tracemalloc diff between journey 100 and 300 (slow);
``SOAK_TYPES=1`` the object types that grew, after each block;
``SOAK_BLOCK=2 SOAK_JOURNEYS=4`` is a smoke check of the script itself.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import gc
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from bench.display import virtual_display

__all__ = ["run"]

ROOT = Path(__file__).resolve().parent.parent
BLOCK = 100                          # journeys (and bare cycles) per measured block
LIKING = {"S": 4, "E": 3, "C": 2, "R": 1, "I": 0, "A": 1}   # how the visitor answers


class _Mallinfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in
                "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost".split()]


def _malloc_in_use_kb() -> int:
    """Bytes glibc's malloc has handed out and not had back (all threads' arenas), in kB."""
    try:
        libc = ctypes.CDLL(None)
        libc.mallinfo2.restype = _Mallinfo2
    except (OSError, AttributeError):   # not glibc
        return -1
    info = libc.mallinfo2()
    return (info.uordblks + info.hblkhd) // 1024


def sample() -> dict[str, int]:
    """What a leak would show: RSS (kB), threads, tasks, fds; and where memory went: Python
    objects (live blocks) and C malloc in use, so a block's RSS growth can be told apart as
    Python, C or neither (fragmentation, mapped files, GL).

    No ``gc.collect()`` here: the terminal trims as each visit ends, and a collection by
    the bench would free memory that only the next visit's trim gives back,
    moving RSS from one block to the next (13.6 MB was seen)."""
    status = Path("/proc/self/status").read_text()
    rss = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
    return {"rss_kb": rss, "threads": threading.active_count(),
            "tasks": len(os.listdir("/proc/self/task")), "fds": len(os.listdir("/proc/self/fd")),
            "py_blocks": sys.getallocatedblocks(),
            "malloc_kb": _malloc_in_use_kb()}


def _device_host(conn, tmp: str) -> None:
    """The child process: the ID card reader on a pty and the TCP printer, answering
    ``count`` (receipts printed) and ``clear`` over the pipe until ``stop`` or EOF."""
    from devices.idcard.emulator import IdCardEmulator
    from devices.printer.virtual.server import VirtualPrinter
    idcard = IdCardEmulator(link=Path(tmp) / "idcard").start()
    printer = VirtualPrinter(port=0, out_dir=Path(tmp) / "prints").start()
    conn.send((idcard.port, printer.port))
    try:
        while (command := conn.recv()) != "stop":
            if command == "clear":   # the emulator's memory and disk, not the terminal's
                printer.receipts.clear()
                for path in printer.files:
                    path.unlink(missing_ok=True)
                printer.files.clear()
            conn.send(len(printer.receipts))
    except EOFError:
        pass
    finally:
        idcard.stop()
        printer.stop()


class Devices:
    """The soak's handle on the device process."""

    def __init__(self, tmp: Path):
        import multiprocessing
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self.process = context.Process(target=_device_host, args=(child, str(tmp)),
                                       name="soak-devices", daemon=True)
        self.process.start()
        if not self._conn.poll(60):
            self.process.kill()
            raise RuntimeError("soak: the device process did not come up")
        self.idcard_port, self.printer_port = self._conn.recv()

    def _ask(self, command: str) -> int:
        self._conn.send(command)
        return self._conn.recv()

    def receipts(self) -> int:
        return self._ask("count")

    def clear(self) -> None:
        self._ask("clear")

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self._conn.send("stop")
        self.process.join(10)
        if self.process.is_alive():
            self.process.kill()


class Visitor:
    """Drives the app with touches through the window; pumps as few frames as it can."""

    def __init__(self, app, devices: Devices):
        from kivy.base import EventLoop
        self.app, self.devices, self.loop = app, devices, EventLoop
        #: tickets the terminal numbered itself because the service did not answer in time:
        #: they carry no status page, so that journey has no survey (counted, and reported)
        self.fallback_tickets = 0

    def sample(self) -> dict[str, int]:
        """``sample()`` once the terminal has given back the last visit's freed heap (it does
        so on its worker when a visit ends): read earlier, RSS would hold what it is about
        to give back, and a block's growth would be off by as much."""
        released = getattr(self.app, "heap_released", None)
        if released is not None:
            released.result(timeout=30)
        return sample()

    def pump(self, frames: int = 1) -> None:
        for _ in range(frames):
            self.loop.idle()

    def wait(self, predicate, timeout: float = 10.0, what: str = "") -> object:
        deadline = time.monotonic() + timeout
        while not (value := predicate()):
            if time.monotonic() > deadline:
                raise RuntimeError(f"soak: {what or 'UI condition'} not met in {timeout} s "
                                   f"(screen {self.app.manager.current})")
            self.loop.idle()
        return value

    def settled(self, name: str) -> None:
        manager = self.app.manager
        self.wait(lambda: manager.current == name and not manager.transition.is_active, what=name)

    def tap_at(self, x: float, y: float) -> None:
        from kivy.tests.common import UnitTestTouch
        touch = UnitTestTouch(x, y)
        touch.touch_down()   # both dispatch at once: a tap needs no frame in between
        touch.touch_up()

    def tap(self, widget) -> None:
        if widget.get_root_window() is None:
            raise RuntimeError(f"soak: {widget} is not on screen")
        self.tap_at(*widget.to_window(widget.center_x, widget.center_y))

    def print_slip(self, button, what: str) -> None:
        """Tap a print button; wait until the printer has the slip."""
        before = self.devices.receipts()
        self.tap(button)
        self.wait(lambda: self.devices.receipts() > before, what=f"{what} printed")

    def home(self) -> None:
        self.tap(self.app.topbar.ids.home_button)
        self.settled("home")

    def open_tile(self, name: str):
        """From the home screen, the tile ``name``; returns its screen once it is shown."""
        self.tap(self.app.screens["home"].ids[f"tile_{name}"])
        self.settled(name)
        return self.app.screens[name]

    # -- the parts of a journey ------------------------------------------------------------
    def enter(self) -> None:
        self.tap_at(640, 400)
        self.settled("home")

    def jobs(self) -> None:
        app = self.app
        jobs = self.open_tile("jobs")
        self.wait(lambda: jobs.results and not jobs.searching, what="jobs listed")
        for key in "kj":
            self.tap(jobs.ids.typing.keyboard.keys[key])
        self.wait(lambda: jobs.query == "kj" and not jobs.searching, what="search kj")
        if not jobs.results:
            jobs.ids.typing.keyboard.press("clear")
            self.wait(lambda: jobs.results and not jobs.searching, what="jobs after clear")
        cards = self.wait(lambda: [w for w in jobs.ids.results.children[0].children
                                   if getattr(w, "job_id", 0)], what="result cards")
        self.pump(1)  # the cards' positions
        self.tap(cards[-1])
        self.settled("job_detail")
        detail = app.screens["job_detail"]
        self.print_slip(detail.ids.print_button, "job slip")
        self.wait(lambda: not detail.printing, what="job slip message")

    def quiz(self) -> None:
        self.home()
        quiz = self.open_tile("quiz")
        self.tap(quiz.ids.start_button)
        self.wait(lambda: quiz.stage == "item", what="quiz started")
        self.pump(1)  # the answer buttons' positions
        where = {n: quiz.ids[f"answer{n}"].to_window(*quiz.ids[f"answer{n}"].center)
                 for n in range(5)}
        for n, item in enumerate(quiz.bank.items):
            if quiz.index != n:
                raise RuntimeError(f"soak: quiz at item {quiz.index}, expected {n}")
            self.tap_at(*where[LIKING[item["type"]]])
        self.wait(lambda: quiz.stage == "result", what="quiz result")
        self.pump(1)
        self.print_slip(quiz.ids.print_button, "quiz result")
        self.wait(lambda: not quiz.printing, what="quiz slip message")

    def queue(self) -> dict:
        self.home()
        queue = self.open_tile("queue")
        self.wait(lambda: queue.ids.service_grid.children, what="services listed")
        self.pump(1)
        button = next(b for b in queue.ids.service_grid.children if b.code == "career_guidance")
        self.tap(button)
        self.wait(lambda: queue.stage == "documents", what="documents")
        self.pump(1)
        self.print_slip(queue.ids.confirm_button, "ticket")
        self.wait(lambda: queue.stage == "ticket", what="ticket")
        return dict(queue.ticket)

    def survey(self, ticket: dict) -> None:
        """The ticket's QR shown to the camera (fed as the camera's event), then 5 stars."""
        from devices.base import DeviceEvent
        from devices.camera.qr import parse_payload
        app = self.app
        self.home()  # the visitor walks away from the ticket
        app.visit.qr(DeviceEvent("camera", "qr", parse_payload(ticket["status_url"])))
        self.settled("rating")
        rating = app.screens["rating"]
        self.pump(1)
        self.tap(rating.ids.reason_quick)
        self.tap(rating.ids.star5)
        self.wait(lambda: rating.message not in ("", "Sending..."), what="rating answered")

    def finish(self) -> None:
        self.home()
        self.tap(self.app.screens["home"].ids.finish_button)
        self.settled("attract")

    def journey(self) -> None:
        self.enter()
        self.jobs()
        self.quiz()
        ticket = self.queue()
        if ticket.get("status_url"):
            self.survey(ticket)
        else:
            self.fallback_tickets += 1
            print(f"soak: a fallback ticket ({ticket.get('label')}): the service did not answer "
                  "in time; no survey this journey", flush=True)
        self.finish()
        self.devices.clear()

    def bare(self) -> None:
        self.enter()
        self.app.end_session("bare cycle")
        self.settled("attract")


def _central(tmp: Path):
    from tests.servers import CentralProcess
    url = f"sqlite:///{tmp / 'central.sqlite3'}"
    subprocess.run([sys.executable, "-m", "central.cli", "seed", "--seed", "4", "--jobs", "300"],
                   cwd=ROOT, env=dict(os.environ, CENTRAL__DATABASE__URL=url), check=True,
                   capture_output=True)
    return url, CentralProcess(url).start()


def _terminal(tmp: Path, central_url: str, devices: Devices):
    from kiosk.config import load_kiosk_settings
    return load_kiosk_settings(env={
        "KIOSK__TERMINAL__LOCKDOWN": "true",
        "KIOSK__TERMINAL__IDLE_TIMEOUT_S": "600", "KIOSK__TERMINAL__IDLE_WARNING_S": "30",
        "KIOSK__TERMINAL__WIDTH": "1280", "KIOSK__TERMINAL__HEIGHT": "800",
        "KIOSK__STORE__PATH": str(tmp / "store.sqlite3"),
        "KIOSK__CENTRAL__TOKEN_FILE": str(tmp / "token"),
        "KIOSK__CENTRAL__URL": central_url, "KIOSK__CENTRAL__TIMEOUT_S": "5",
        "KIOSK__DEVICES__IDCARD__PORT": devices.idcard_port,
        "KIOSK__DEVICES__IDCARD__POLL_INTERVAL_S": "0.05",
        "KIOSK__DEVICES__PRINTER__PORT": str(devices.printer_port),
        "KIOSK__DEVICES__SMARTCARD__ENABLED": "false", "KIOSK__DEVICES__CAMERA__ENABLED": "false",
    })


def _type_counts() -> Counter:
    return Counter(type(o).__qualname__ for o in gc.get_objects())


def _type_diff(first: Counter, second: Counter, top: int = 12) -> str:
    grown = sorted(((second[k] - first[k], k) for k in second if second[k] > first[k]), reverse=True)
    return ", ".join(f"{name} {n:+d}" for n, name in grown[:top]) or "none"


def _trace_diff(first, second, top: int = 25) -> None:
    print(f"tracemalloc: top {top} growths between the two snapshots")
    for stat in second.compare_to(first, "traceback")[:top]:
        print(f"  {stat.size_diff / 1024:+9.1f} KiB {stat.count_diff:+7d} blocks")
        for line in stat.traceback.format()[-8:]:
            print("     ", line)


def _soak(n: int, visitor: Visitor, trace: bool, block: int = BLOCK) -> dict:
    import tracemalloc
    # warm-up: the first visits build screens, fonts, textures and the worker's threads.
    # Journeys last, so the first sample is taken right after journey 100, in the state the
    # last one is taken in (after a journey, a terminal holds a few MB more than after a
    # bare cycle, for a while: comparing one with the other measured that, not a leak)
    t_journeys = t_bare = 0.0
    for side in ("bare", "journey"):
        t0 = time.perf_counter()
        for _ in range(block):
            getattr(visitor, side)()
        if side == "journey":
            t_journeys += time.perf_counter() - t0
        else:
            t_bare += time.perf_counter() - t0
    if trace:
        tracemalloc.start(12)
        snap100 = tracemalloc.take_snapshot()
    types = bool(os.environ.get("SOAK_TYPES"))   # lists every object: costs memory itself
    start, types100 = visitor.sample(), (_type_counts() if types else None)
    print(f"soak: after journey {block}: {start}", flush=True)
    growth = {"journey": 0, "bare": 0}
    done, rounds, last = block, 0, -(-(n - block) // block) - 1
    while done < n:
        size = min(block, n - done)
        # the order alternates, and the last round ends on journeys, like the warm-up
        for side in (("bare", "journey") if (last - rounds) % 2 == 0 else ("journey", "bare")):
            before = visitor.sample()
            t0 = time.perf_counter()
            for _ in range(size):
                getattr(visitor, side)()
            elapsed = time.perf_counter() - t0
            after = visitor.sample()
            grew = after["rss_kb"] - before["rss_kb"]
            growth[side] += grew
            print(f"soak: {size} {side} cycles: RSS {grew:+d} kB, malloc "
                  f"{after['malloc_kb'] - before['malloc_kb']:+d} kB, Python blocks "
                  f"{after['py_blocks'] - before['py_blocks']:+d} in {elapsed:.0f} s", flush=True)
            if side == "journey":
                t_journeys += elapsed
            else:
                t_bare += elapsed
        done, rounds = done + size, rounds + 1
        now = visitor.sample()
        print(f"soak: after journey {done}: {now}  ({done / t_journeys * 60:.0f} journeys/min)",
              flush=True)
        if types:
            print(f"soak: object types grown since journey {block}: "
                  f"{_type_diff(types100, _type_counts())}", flush=True)
        if trace and done >= 3 * block:
            _trace_diff(snap100, tracemalloc.take_snapshot())
            tracemalloc.stop()
            trace = False
    end = visitor.sample()
    return {"start": start, "end": end, "growth_kb": growth, "t_journeys": t_journeys,
            "t_bare": t_bare, "journeys": done, "fallback_tickets": visitor.fallback_tickets}


def run(quick: bool = False, journeys: int | None = None) -> dict:
    n = journeys or int(os.environ.get("SOAK_JOURNEYS") or (200 if quick else 2000))
    block = int(os.environ.get("SOAK_BLOCK") or BLOCK)   # smaller only for a smoke check
    n = max(n, block + 1)
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
    os.environ.setdefault("KIVY_NO_FILELOG", "1")
    # Kivy's own log mode takes over sys.stderr: with its console log off, a soak that
    # failed would exit 1 without a word
    os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")
    os.environ.setdefault("KIVY_HOME", str(ROOT / "var" / "kivy-home"))
    Path(os.environ["KIVY_HOME"]).parent.mkdir(parents=True, exist_ok=True)  # Kivy makes one level
    from tests.servers import create_kiosk_code
    # stopped with SIGTERM, still stop the central service, the device process and Xvfb
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    t0 = time.perf_counter()
    # the display outlives run(): SDL keeps its X connection until the process exits
    atexit.register(contextlib.ExitStack.close, display := contextlib.ExitStack())
    display.enter_context(virtual_display())
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        devices = Devices(tmp)
        db_url, central = _central(tmp)
        try:
            settings = _terminal(tmp, central.url, devices)
            from kiosk.sync import SyncWorker, enrol
            enrol(settings, create_kiosk_code(db_url, "soak"))
            from kivy.config import Config
            Config.set("graphics", "maxfps", "0")   # frames as fast as they draw: no sleeping
            from kivy.base import runTouchApp
            from kivy.clock import Clock

            from kiosk.app import build_app
            Clock._max_fps = 0   # the Clock read maxfps when it was made; make sure
            app = build_app(settings)
            app._run_prepare()
            runTouchApp(embedded=True)
            app.manager.transition.duration = 0.01   # the fade is time, not work: keep it short
            store, api = app.services.store, app.services.api
            if not SyncWorker(store, api).pull_quiz():
                raise RuntimeError("soak: the terminal did not take the quiz bank")
            app.services.sync.run_once()
            if store.job_count() == 0:
                raise RuntimeError("soak: no jobs synced to the terminal")
            visitor = Visitor(app, devices)
            visitor.pump(5)
            result = _soak(n, visitor, bool(os.environ.get("SOAK_TRACE")), block)
            app.stop()
        finally:
            central.stop()
            devices.stop()
    start, end, growth = result["start"], result["end"], result["growth_kb"]
    rss_growth, base_growth = growth["journey"] / 1024, growth["bare"] / 1024
    figures = {
        "journeys": result["journeys"],
        "rss_growth_mb": round((end["rss_kb"] - start["rss_kb"]) / 1024, 2),
        "journey_blocks_rss_mb": round(rss_growth, 2),
        "threads_growth": end["tasks"] - start["tasks"],
        "fds_growth": end["fds"] - start["fds"],
        "journeys_per_min": round(result["journeys"] / result["t_journeys"] * 60, 1),
        "bare_blocks_rss_mb": round(base_growth, 2),
        "ratio": round(rss_growth / base_growth, 2) if base_growth >= 0.1 else None,
        "malloc_growth_mb": round((end["malloc_kb"] - start["malloc_kb"]) / 1024, 2),
        "python_blocks_growth": end["py_blocks"] - start["py_blocks"],
        "rss_after_100_mb": round(start["rss_kb"] / 1024, 1),
        "python_threads_growth": end["threads"] - start["threads"],
        "baseline_cycles_per_min": round(result["journeys"] / result["t_bare"] * 60, 1),
        "wall_s": round(time.perf_counter() - t0, 1),
        "fallback_tickets": result["fallback_tickets"],
    }
    return {"figures": figures,
            "targets": {"rss_growth_mb": "< 5", "threads_growth": "0", "fds_growth": "0"},
            "runs": 1}
