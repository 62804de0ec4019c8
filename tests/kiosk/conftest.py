"""A terminal store with 100,000 postings, built once per test run."""

from __future__ import annotations

import pytest

from kiosk.store import Store
from tests.factories import make_jobs


@pytest.fixture(scope="session")
def big_store(tmp_path_factory):
    jobs = make_jobs(100_000, seed=11)
    store = Store(tmp_path_factory.mktemp("store") / "store.sqlite3")
    for start in range(0, len(jobs), 10_000):
        store.upsert_jobs(jobs[start:start + 10_000])
    store.jobs = jobs
    yield store
    store.close()
