"""A terminal store with 100,000 postings, built once per test run (a few seconds)."""

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
