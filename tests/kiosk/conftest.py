"""A terminal store with 100,000 postings (built once per run), and a central service process."""

from __future__ import annotations

import pytest

from kiosk.store import Store
from tests.kiosk.jobgen import make_jobs


@pytest.fixture(scope="session")
def big_jobs() -> list[dict]:
    return make_jobs(100_000, seed=11)


@pytest.fixture(scope="session")
def big_store(tmp_path_factory, big_jobs):
    store = Store(tmp_path_factory.mktemp("store") / "store.sqlite3")
    store.upsert_jobs(big_jobs)  # one transaction, executemany
    yield store
    store.close()


@pytest.fixture(scope="module")
def central_process(tmp_path_factory):
    """``central serve`` in a process of its own on a small seeded SQLite file."""
    from central.db import Database, migrate
    from central.seed import seed
    from tests.servers import CentralProcess

    url = f"sqlite:///{tmp_path_factory.mktemp('central') / 'central.sqlite3'}"
    migrate(url)
    db = Database(url)
    with db.session() as s:
        seed(s, seed_value=3, jobs=20)
    server = CentralProcess(url).start()
    yield server, db
    server.stop()
    db.dispose()
