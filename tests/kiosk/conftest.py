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
    from tests.servers import CentralProcess, seeded_database

    url = f"sqlite:///{tmp_path_factory.mktemp('central') / 'central.sqlite3'}"
    db = seeded_database(url, 3, 20)
    server = CentralProcess(url).start()
    yield server, db
    server.stop()
    db.dispose()
