"""Fleet heartbeats over HTTP: the largest fleet, at a 30 s beat, whose p99 stays under 100 ms,
on PostgreSQL and on SQLite, against a bare endpoint (/api/health) of the same server.

The terminals are real enrolled kiosks: a few go through the admin API and /api/kiosks/enrol,
the rest are written straight into the database with exactly the columns enrolment leaves
(checked against the enrolled ones), as 20,000 HTTP enrolments would take longer than the
measurement. Every terminal beats once before the clock starts, as in a hall after opening.

The load is open loop: beat k of a window is due at ``k * 30 s / terminals`` (terminal
``k % terminals``, in a fixed shuffled order) and is sent then, whatever the server is doing;
its latency runs from that due time to the last byte of the reply, so a server that falls
behind pays for its queue (no coordinated omission). Each fleet size runs ``rounds`` windows
of heartbeats alternating with windows of the bare endpoint at the same rate; figures are
medians over the rounds. Sizes step up until one misses p99 < 100 ms or sees an error. A
window that ends with errors is followed by a fresh server process (same database), so one
window's collapse is counted where it happened and not again in the next window.

The generator shares the two cores with the server and the database. Each step records its
CPU share, how late it sent (``send_lag_p99_ms``) and how busy the whole machine was, so a
generator bottleneck or a neighbour's load shows in the results.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import ssl as ssl_module
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any, Awaitable, Callable

import aiohttp
import httpx

from bench.harness import percentile, postgres_url

__all__ = ["run", "measure", "load_window", "prepare_fleet", "prime", "settle", "heartbeat_sender",
           "bare_sender"]

BEAT_S = 30.0
P99_TARGET_MS = 100.0
SIZES = (2_500, 5_000, 10_000, 15_000, 20_000)
# `central serve --workers`: one per core on PostgreSQL; SQLite has one writer whatever the
# process count, and two processes only add lock waits between them (measured: p99 +40 %)
WORKERS = {"postgres": 2, "sqlite": 1}
HTTP_ENROLLED = 3      # terminals enrolled through the admin API and /api/kiosks/enrol
WARMUP_S = 3.0         # each window's first seconds are sent but not counted
MAX_CONNECTIONS = 256  # the generator's keep-alive pool
DEVICES = ("printer", "idcard", "smartcard", "qr")

# (client, base url, terminal, beat number) -> the reply's status, once its body is read
Send = Callable[[aiohttp.ClientSession, str, int, int], Awaitable[int]]


# -- the fleet -------------------------------------------------------------------------------

def prepare_fleet(db_url: str, base: str, size: int) -> list[str]:
    """Enrol ``size`` terminals on the running service at ``base``; returns their tokens."""
    from sqlalchemy import insert, select

    from central.db import Database
    from central.models import Kiosk, utcnow
    from central.security import KIOSK_TOKEN_PREFIX, new_token, token_hash

    with httpx.Client(base_url=base, timeout=30) as http:
        login = http.post("/api/auth/login", json={"username": "admin", "password": "admin-demo"})
        admin = {"Authorization": f"Bearer {login.raise_for_status().json()['access_token']}"}
        tokens = []
        for i in range(HTTP_ENROLLED):
            reg = http.post("/api/kiosks", json={"name": f"bench-http-{i}"}, headers=admin)
            enrol = http.post("/api/kiosks/enrol", json={"code": reg.raise_for_status().json()["code"]})
            tokens.append(enrol.raise_for_status().json()["token"])
    db = Database(db_url)
    try:
        now = utcnow()
        bulk = [new_token(KIOSK_TOKEN_PREFIX) for _ in range(size - HTTP_ENROLLED)]
        rows = [{"hall_id": 1, "name": f"bench-{i:05d}", "place": "", "token_hash": token_hash(t),
                 "enrol_code_hash": None, "enrol_code_expires_at": None, "enrolled_at": now,
                 "revoked": False, "created_at": now} for i, t in enumerate(bulk)]
        with db.session() as s:
            s.execute(insert(Kiosk), rows)
            s.commit()
            enrolled = s.scalar(select(Kiosk).where(Kiosk.token_hash == token_hash(tokens[0])))
            written = s.scalar(select(Kiosk).where(Kiosk.token_hash == token_hash(bulk[0])))
            if _shape(enrolled) != _shape(written):
                raise AssertionError(f"bulk terminals differ from enrolled ones: "
                                     f"{_shape(written)} != {_shape(enrolled)}")
    finally:
        db.dispose()
    return tokens + bulk


def _shape(kiosk) -> dict[str, Any]:
    """What enrolment decides about a row: which columns are set, hall, revocation."""
    cols = ("enrol_code_hash", "enrol_code_expires_at", "token_hash", "enrolled_at", "created_at")
    return {"hall_id": kiosk.hall_id, "revoked": kiosk.revoked,
            **{c: getattr(kiosk, c) is not None for c in cols}}


def _beat_body(uptime_s: int) -> bytes:
    """What kiosk.fleet.HeartbeatWorker sends from a healthy terminal."""
    devices = {d: {"state": "ok", "reason": "", "since": 1.7e9, "required": d == "printer"}
               for d in DEVICES}
    return json.dumps({"software_version": "0.1.0", "config_version": 0, "uptime_s": uptime_s,
                       "devices": devices, "outbox_depth": 0, "free_disk_mb": 51_200,
                       "errors": [], "maintenance": False}).encode()


def heartbeat_sender(tokens: list[str]) -> Send:
    headers = [{"Authorization": f"Bearer {t}", "Content-Type": "application/json"} for t in tokens]

    async def send(client: aiohttp.ClientSession, base: str, terminal: int, k: int) -> int:
        async with client.post(base + "/api/kiosk/heartbeat", data=_beat_body(3600 + k),
                               headers=headers[terminal]) as reply:
            await reply.read()
            return reply.status
    return send


def bare_sender(tokens: list[str]) -> Send:
    async def send(client: aiohttp.ClientSession, base: str, terminal: int, k: int) -> int:
        async with client.get(base + "/api/health") as reply:
            await reply.read()
            return reply.status
    return send


# -- open-loop load --------------------------------------------------------------------------

def _client(connections: int = MAX_CONNECTIONS, timeout: float = 10,
            ssl: ssl_module.SSLContext | None = None) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=connections, ssl=ssl or True),
                                 timeout=aiohttp.ClientTimeout(total=timeout))


async def _open_loop(base: str, send: Send, terminals: int, seconds: float, warmup: float,
                     ssl: ssl_module.SSLContext | None = None) -> dict[str, Any]:
    loop = asyncio.get_running_loop()
    gap = BEAT_S / terminals
    order = list(range(terminals))
    random.Random(terminals).shuffle(order)
    latencies: list[float] = []
    lags: list[float] = []
    errors: list[str] = []

    async def one(k: int, due: float) -> None:
        lag = loop.time() - due
        try:
            status: int | str = await send(client, base, order[k % terminals], k)
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            status = type(exc).__name__
        if due - t0 >= warmup:
            latencies.append((loop.time() - due) * 1000)
            lags.append(lag * 1000)
            if status != 200:
                errors.append(str(status))

    async with _client(ssl=ssl) as client:
        tasks: set[asyncio.Task] = set()
        t0 = loop.time() + 0.05
        cpu0, busy0 = time.process_time(), _cpu_busy()
        for k in range(int((warmup + seconds) / gap)):
            due = t0 + k * gap
            if due > loop.time():
                await asyncio.sleep(due - loop.time())
            task = asyncio.create_task(one(k, due))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        await asyncio.gather(*tasks)
        elapsed = loop.time() - t0
        cpu, busy = time.process_time() - cpu0, _cpu_busy(busy0)
    return {"latencies": latencies, "errors": errors, "lag_p99": percentile(lags, 99),
            "rate": (len(latencies) - len(errors)) / seconds,
            "client_cpu": cpu / elapsed, "machine_busy": busy}


def load_window(base: str, send: Send, terminals: int, seconds: float, warmup: float = WARMUP_S,
                ssl: ssl_module.SSLContext | None = None) -> dict[str, Any]:
    """One open-loop window: ``terminals / BEAT_S`` requests a second for ``seconds``
    (``ssl``: the context that trusts an https ``base``)."""
    return asyncio.run(_open_loop(base, send, terminals, seconds, warmup, ssl))


def _cpu_busy(since: tuple[int, int] | None = None):
    """Whole-machine CPU: (busy, total) jiffies now, or the busy share since ``since``."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:8]]
    total, busy = sum(fields), sum(fields) - fields[3] - fields[4]  # less idle and iowait
    if since is None:
        return busy, total
    return round((busy - since[0]) / max(1, total - since[1]), 3)


def prime(base: str, tokens: list[str]) -> None:
    """One beat from every terminal, closed loop, so the windows meet a fleet in service."""
    async def go() -> None:
        send, queue = heartbeat_sender(tokens), iter(range(len(tokens)))
        async with _client(16, timeout=60) as client:
            async def worker() -> None:
                for i in queue:
                    if await send(client, base, i, 0) != 200:
                        raise RuntimeError(f"terminal {i} could not beat")
            await asyncio.gather(*(worker() for _ in range(16)))
    asyncio.run(go())


def settle(base: str, limit_s: float = 120) -> None:
    """Wait until the server answers promptly again: an overloaded window leaves a backlog
    (on SQLite requests wait up to the 30 s busy timeout after their client gave up)."""
    deadline, prompt = time.monotonic() + limit_s, 0
    with httpx.Client(base_url=base, timeout=5) as http:
        while prompt < 3 and time.monotonic() < deadline:
            t0 = time.monotonic()
            try:
                ok = http.get("/api/health").status_code == 200
            except httpx.HTTPError:
                ok = False
            prompt = prompt + 1 if ok and time.monotonic() - t0 < 0.05 else 0
            time.sleep(0.2)


# -- one backend -----------------------------------------------------------------------------

def _step(server, tokens: list[str], size: int, rounds: int, seconds: float) -> dict[str, Any]:
    beats: list[dict] = []
    bare: list[dict] = []
    restarts = 0
    for r in range(rounds):
        pair = [(bare, bare_sender, seconds / 2), (beats, heartbeat_sender, seconds)]
        for out, sender, window in (pair if r % 2 == 0 else pair[::-1]):
            settle(server.url)
            out.append(load_window(server.url, sender(tokens[:size]), size, window))
            if out[-1]["errors"]:  # a collapse is counted where it happened, not in what follows
                server.stop()
                server.start()
                restarts += 1

    def med(runs: list[dict], figure: Callable[[dict], float]) -> float:
        return round(statistics.median(figure(x) for x in runs), 2)

    step = {"terminals": size,
            "p50_ms": med(beats, lambda x: percentile(x["latencies"], 50)),
            "p99_ms": med(beats, lambda x: percentile(x["latencies"], 99)),
            "max_ms": med(beats, lambda x: max(x["latencies"])),
            "beats_per_s": med(beats, lambda x: x["rate"]),
            "errors": sum(len(x["errors"]) for x in beats),
            "bare_p50_ms": med(bare, lambda x: percentile(x["latencies"], 50)),
            "bare_p99_ms": med(bare, lambda x: percentile(x["latencies"], 99)),
            "bare_errors": sum(len(x["errors"]) for x in bare),
            "send_lag_p99_ms": med(beats, lambda x: x["lag_p99"]),
            "client_cpu": med(beats, lambda x: x["client_cpu"]),
            "machine_busy": med(beats, lambda x: x["machine_busy"]),
            "bare_machine_busy": med(bare, lambda x: x["machine_busy"]),
            "loadavg_1m": round(os.getloadavg()[0], 2), "server_restarts": restarts}
    step["held"] = step["p99_ms"] < P99_TARGET_MS and step["errors"] == 0
    print(f"  {size:>6} terminals: {step['beats_per_s']:.0f} beats/s, p50 {step['p50_ms']} ms, "
          f"p99 {step['p99_ms']} ms (bare p99 {step['bare_p99_ms']} ms), errors {step['errors']}, "
          f"generator cpu {step['client_cpu']:.0%}, machine busy {step['machine_busy']:.0%}, "
          f"load {step['loadavg_1m']}", flush=True)
    return step


def measure(db_url: str, workers: int, sizes: tuple[int, ...] = SIZES, rounds: int = 2,
            seconds: float = 30.0) -> list[dict[str, Any]]:
    """Step the fleet size on the empty database at ``db_url`` until a size misses the target."""
    from central.db import Database, migrate
    from central.seed import seed
    from tests.servers import CentralProcess
    migrate(db_url)
    db = Database(db_url)
    with db.session() as s:
        seed(s, seed_value=1, jobs=10)
    db.dispose()
    server = CentralProcess(db_url, args=("--workers", str(workers))).start()
    try:
        tokens = prepare_fleet(db_url, server.url, max(sizes))
        prime(server.url, tokens)
        steps = []
        for size in sizes:
            steps.append(_step(server, tokens, size, rounds, seconds))
            if not steps[-1]["held"]:
                break
    finally:
        server.stop()
    return steps


def _figures(prefix: str, steps: list[dict[str, Any]]) -> dict[str, Any]:
    """The largest size that held (or the smallest tried, with terminals=0, if none did)."""
    held = [s for s in steps if s["held"]]
    best = held[-1] if held else steps[0]
    return {f"{prefix}terminals": best["terminals"] if held else 0,
            f"{prefix}p50_ms": best["p50_ms"], f"{prefix}p99_ms": best["p99_ms"],
            f"{prefix}beats_per_s": best["beats_per_s"], f"{prefix}bare_p99_ms": best["bare_p99_ms"],
            f"{prefix}ratio": round(best["p99_ms"] / max(best["bare_p99_ms"], 0.01), 2)}


def run(quick: bool = False) -> dict:
    from tests.servers import fresh_database_url
    sizes, rounds, seconds = ((2_500, 10_000), 1, 10.0) if quick else (SIZES, 2, 30.0)
    load_before = [round(x, 2) for x in os.getloadavg()]
    steps = {}
    with tempfile.TemporaryDirectory() as tmp:
        for kind in ("postgres", "sqlite"):
            print(f"fleet on {kind}, {WORKERS[kind]} worker(s):", flush=True)
            pg = postgres_url() if kind == "postgres" else None
            with fresh_database_url(kind, Path(tmp), pg) as url:
                steps[kind] = measure(url, WORKERS[kind], sizes, rounds, seconds)
    figures = {**_figures("", steps["postgres"]), **_figures("sqlite_", steps["sqlite"]),
               "workers": WORKERS["postgres"], "sqlite_workers": WORKERS["sqlite"]}
    details = {"beat_s": BEAT_S, "window_s": seconds, "bare_window_s": seconds / 2,
               "warmup_s": WARMUP_S, "rounds": rounds, "cores": os.cpu_count(),
               "loadavg_before": load_before, "loadavg_after": [round(x, 2) for x in os.getloadavg()],
               "postgres_steps": steps["postgres"], "sqlite_steps": steps["sqlite"]}
    return {"figures": figures, "details": details, "runs": rounds,
            "targets": {"terminals": f">= 10000 at p99_ms < {P99_TARGET_MS:.0f} (PostgreSQL, 30 s beat)"}}
