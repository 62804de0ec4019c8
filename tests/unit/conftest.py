"""Fixtures of the unit tests that need a database: a SQLite file built from the models."""

from __future__ import annotations

import pytest

from central.db import Database
from central.models import Base


@pytest.fixture
def db(tmp_path):
    """A session on a fresh SQLite file with every table (no migrations: they are tested over
    HTTP, tests/api/test_reports.py::test_models_and_migrations_agree)."""
    database = Database(f"sqlite:///{tmp_path / 'central.sqlite3'}")
    Base.metadata.create_all(database.engine)
    with database.session() as session:
        yield session
    database.dispose()
