"""200 concurrent issuers against two server processes: numbers unique and gap-free."""

from __future__ import annotations

import uuid
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from central.db import Database, migrate
from central.seed import seed
from tests.servers import CentralProcess, create_kiosk_code, fresh_database_url

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
