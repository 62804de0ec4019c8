"""Fixtures for the deployment tests: new PostgreSQL databases, and replicas behind HAProxy."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Iterator

import httpx
import pytest
import sqlalchemy as sa

from kiosk.api import CentralClient
from tests.balancer import Cluster
from tests.servers import fresh_database_url, seeded_database

ROOT = Path(__file__).resolve().parents[2]


def libpq_url(url: str) -> str:
    """The SQLAlchemy URL as the PostgreSQL tools (pg_dump, psql) take it."""
    return sa.engine.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def central_cli(db_url: str, *args: str) -> str:
    """Run ``central ARGS`` on the database at ``db_url``; returns what it printed."""
    out = subprocess.run([sys.executable, "-m", "central.cli", *args], cwd=ROOT, check=True,
                         env=dict(os.environ, CENTRAL__DATABASE__URL=db_url),
                         capture_output=True, text=True)
    return out.stdout


@contextmanager
def new_database(postgres_url: str) -> Iterator[str]:
    """A new, empty PostgreSQL database on the test server (dropped afterwards)."""
    name = "deploy_" + uuid.uuid4().hex[:12]
    admin = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.engine.make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def database_factory(postgres_url):
    """Call it for each new database the test needs; all are dropped at the end."""
    with ExitStack() as stack:
        yield lambda: stack.enter_context(new_database(postgres_url))


@pytest.fixture(scope="module")
def cluster(postgres_url, tmp_path_factory) -> Iterator[Cluster]:
    """Two `central serve` replicas on one PostgreSQL database behind the shipped HAProxy."""
    tmp = tmp_path_factory.mktemp("cluster")
    with fresh_database_url("postgres", tmp, postgres_url) as url:
        seeded_database(url, 11, 50).dispose()
        cluster = Cluster(url, 2, tmp / "haproxy").start()
        try:
            yield cluster
        finally:
            cluster.stop()


class TerminalClient(CentralClient):
    """The terminal's own client, trusting the test balancer's self-signed certificate."""

    def __init__(self, base_url: str, ca: Path, token: str | None = None):
        super().__init__(base_url, token, timeout=5.0)
        self.ca = ca

    def _session(self):
        session = super()._session()
        session.verify = str(self.ca)
        return session


def staff_headers(base_url: str, verify=True, username: str = "admin",
                  password: str = "admin-demo") -> dict[str, str]:
    r = httpx.post(base_url + "/api/auth/login", json={"username": username, "password": password},
                   verify=verify, timeout=10)
    r.raise_for_status()
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def enrol_terminal(cluster: Cluster, name: str) -> TerminalClient:
    """A terminal enrolled the way staff do it: code from the admin API, then `enrol`."""
    proxy = cluster.balancer
    code = httpx.post(proxy.url + "/api/kiosks", json={"name": name}, verify=proxy.ssl_context(),
                      headers=staff_headers(proxy.url, proxy.ssl_context()), timeout=10)
    client = TerminalClient(proxy.url, proxy.ca)
    client.token = client.enrol(code.raise_for_status().json()["code"])["token"]
    return client
