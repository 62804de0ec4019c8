"""200 concurrent issuers against two server processes: numbers unique and gap-free; a burst
of terminals larger than the connection pool is served, not stalled."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from central.app import create_app
from central.db import Database, migrate
from central.seed import seed
from central.settings import development_settings
from tests.servers import CentralProcess, UvicornThread, create_kiosk_code, fresh_database_url

ISSUERS = 200


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_concurrent_issuers_two_processes(kind, tmp_path, request):
    pg = request.getfixturevalue("postgres_url") if kind == "postgres" else None
    with fresh_database_url(kind, tmp_path, pg) as url:
        migrate(url)
        db = Database(url)
        with db.session() as s:
            seed(s, seed_value=2, jobs=10)
        db.dispose()
        code = create_kiosk_code(url, "load")
        servers = [CentralProcess(url).start(), CentralProcess(url).start()]
        try:
            token = httpx.post(servers[0].url + "/api/kiosks/enrol", json={"code": code}).json()["token"]
            headers = {"Authorization": f"Bearer {token}"}
            services = ["job_seeker_registration", "unemployment_registration", "career_guidance"]
            keys = [uuid.uuid4().hex for _ in range(ISSUERS)]
            jobs = [(i, keys[i]) for i in range(ISSUERS)] + [(i, keys[i]) for i in range(0, ISSUERS, 10)]

            def issue(item):
                i, key = item
                base = servers[i % 2].url
                with httpx.Client(timeout=60) as client:
                    r = client.post(base + "/api/kiosk/tickets", headers=headers,
                                    json={"key": key, "service_code": services[i % 3]})
                    assert r.status_code == 200, r.text
                    return key, r.json()

            with ThreadPoolExecutor(max_workers=40) as pool:
                results = list(pool.map(issue, jobs))
        finally:
            for server in servers:
                server.stop()
        by_key = defaultdict(set)
        for key, t in results:
            by_key[key].add(t["id"])
        assert all(len(ids) == 1 for ids in by_key.values()), "a retried key made two tickets"
        tickets = {t["id"]: t for _, t in results}
        assert len(tickets) == ISSUERS
        per_service = defaultdict(list)
        for t in tickets.values():
            per_service[t["label"][0]].append(int(t["label"][1:]))
        for letter, numbers in per_service.items():
            assert sorted(numbers) == list(range(1, len(numbers) + 1)), f"gap or duplicate in {letter}"


BURST = 150   # terminals back online at once, against a pool of 4 connections and 40 threads


def test_a_burst_of_terminals_larger_than_the_pool(central):
    """Every kiosk route hops threads (the token's lookup, the route, closing the session).

    Without admission on the event loop, the threads all wait for a connection while the
    connections wait for a thread: every request then fails when the pool times out (it did,
    with 150 requests: 500s after the 5 s pool timeout)."""
    db = Database(central.db_url, pool_size=2, pool_timeout=5)
    server = UvicornThread(create_app(development_settings(central.db_url), db=db)).start()
    headers = central.kiosk_headers("burst")
    routes = ["/api/kiosk/services", "/api/kiosk/me", "/api/kiosk/announcements"]

    async def burst() -> list[tuple[int, float]]:
        async with httpx.AsyncClient(base_url=server.url, headers=headers, timeout=60,
                                     limits=httpx.Limits(max_connections=BURST)) as client:
            async def one(i: int) -> tuple[int, float]:
                t0 = time.perf_counter()
                r = await client.get(routes[i % len(routes)])
                return r.status_code, time.perf_counter() - t0
            return await asyncio.gather(*(one(i) for i in range(BURST)))
    try:
        answers = asyncio.run(burst())
    finally:
        server.stop()
        db.dispose()
    codes = [code for code, _ in answers]
    assert codes == [200] * BURST, {c: codes.count(c) for c in set(codes)}
    assert max(t for _, t in answers) < 5, "a request waited as long as the pool timeout"
