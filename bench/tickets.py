"""Tickets issued per second over HTTP, on SQLite and on PostgreSQL, against a bare endpoint
(/api/health) of the same server process, alternated in the same run; no duplicates allowed."""

from __future__ import annotations

import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx

from bench.harness import median, postgres_url

CLIENTS = 8


def _rate(fn, n: int) -> float:
    t0 = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        results = list(pool.map(fn, range(n)))
    assert all(results)
    return n / (time.perf_counter() - t0)


def _measure(url: str, n: int, rounds: int) -> tuple[float, float, int]:
    from central.db import Database, migrate
    from central.seed import seed
    from tests.servers import CentralProcess, create_kiosk_code
    migrate(url)
    db = Database(url)
    with db.session() as s:
        seed(s, seed_value=1, jobs=10)
    db.dispose()
    code = create_kiosk_code(url, "bench")
    server = CentralProcess(url).start()
    base = server.url
    labels: list[str] = []
    try:
        token = httpx.post(base + "/api/kiosks/enrol", json={"code": code}).json()["token"]
        client = httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"},
                              limits=httpx.Limits(max_connections=CLIENTS))

        def issue(_i):
            r = client.post("/api/kiosk/tickets", json={"key": uuid.uuid4().hex,
                                                        "service_code": "job_seeker_registration"})
            labels.append(r.json()["label"])
            return r.status_code == 200

        def bare(_i):
            return client.get("/api/health").status_code == 200

        tps, bare_tps = [], []
        for r in range(rounds):
            pair = [(tps, issue), (bare_tps, bare)]
            for out, fn in (pair if r % 2 else pair[::-1]):
                out.append(_rate(fn, n))
        client.close()
    finally:
        server.stop()
    duplicates = len(labels) - len(set(labels))
    return median(tps), median(bare_tps), duplicates


def run(quick: bool = False) -> dict:
    n, rounds = (100, 2) if quick else (300, 3)
    with tempfile.TemporaryDirectory() as tmp:
        sqlite_tps, sqlite_bare, dup1 = _measure(f"sqlite:///{tmp}/bench.sqlite3", n, rounds)
    pg_url = postgres_url()
    import sqlalchemy as sa
    schema = "bench_" + uuid.uuid4().hex[:8]
    engine = sa.create_engine(pg_url)
    with engine.begin() as c:
        c.execute(sa.text(f"CREATE SCHEMA {schema}"))
    try:
        pg_tps, pg_bare, dup2 = _measure(f"{pg_url}?options=-csearch_path%3D{schema}", n, rounds)
    finally:
        with engine.begin() as c:
            c.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        engine.dispose()
    return {"figures": {"sqlite_tps": round(sqlite_tps, 1), "sqlite_bare_tps": round(sqlite_bare, 1),
                        "postgres_tps": round(pg_tps, 1), "bare_tps": round(pg_bare, 1),
                        "ratio": round(pg_tps / pg_bare, 3), "duplicates": dup1 + dup2,
                        "clients": CLIENTS},
            "targets": {"duplicates": "0", "ratio": ">= 0.3"}, "runs": rounds}
