"""Real HTTP servers for tests: the central service under uvicorn on a free port."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path
import time
import uuid
from contextlib import contextmanager
from typing import Iterator

import sqlalchemy as sa
import uvicorn

__all__ = ["free_port", "UvicornThread", "CentralProcess", "fresh_database_url"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class UvicornThread:
    """Serve an ASGI app on 127.0.0.1 in a thread; ``start`` returns when it accepts."""

    def __init__(self, app, port: int | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning",
                                access_log=False, lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> "UvicornThread":
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


class CentralProcess:
    """``central serve [args]`` in a process group of its own on ``url``; ``start`` returns when
    it answers."""

    ROOT = Path(__file__).resolve().parent.parent

    def __init__(self, url: str, args: tuple[str, ...] = ()):
        self.db_url, self.port, self.args = url, free_port(), args
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 30) -> "CentralProcess":
        import httpx
        env = dict(os.environ, CENTRAL__DATABASE__URL=self.db_url)
        self.proc = subprocess.Popen([sys.executable, "-m", "central.cli", "serve", "--port",
                                      str(self.port), *self.args], cwd=self.ROOT, env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     start_new_session=True)  # a group: `serve --workers` forks
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(self.proc.stderr.read().decode()[-2000:])
            try:
                if httpx.get(self.url + "/api/health", timeout=0.5).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("central serve did not answer")

    def stop(self) -> str:
        """Stop the service; returns what it wrote to stderr (its log)."""
        if self.proc is None:
            return ""
        self._signal(signal.SIGTERM)
        try:
            _, err = self.proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:  # a request that never ends; leave no worker behind
            self._signal(signal.SIGKILL)
            _, err = self.proc.communicate()
        self.proc = None
        return err.decode("utf-8", "replace")

    def _signal(self, sig: int) -> None:
        try:
            os.killpg(self.proc.pid, sig)  # the server and its `--workers` processes
        except ProcessLookupError:
            pass


def seeded_database(url: str, seed_value: int, jobs: int):
    """Migrate the database at ``url`` and fill it with the demo seed; returns its Database."""
    from central.db import Database, migrate
    from central.seed import seed
    migrate(url)
    db = Database(url)
    with db.session() as s:
        seed(s, seed_value=seed_value, jobs=jobs)
    return db


def create_kiosk_code(url: str, name: str) -> str:
    """A one-time enrolment code, made by the real ``central create-kiosk`` command."""
    out = subprocess.run([sys.executable, "-m", "central.cli", "create-kiosk", "--name", name],
                         cwd=CentralProcess.ROOT, env=dict(os.environ, CENTRAL__DATABASE__URL=url),
                         capture_output=True, text=True, check=True)
    return out.stdout.split()[-1]


@contextmanager
def fresh_database_url(kind: str, tmp_path, postgres_url: str | None = None) -> Iterator[str]:
    """An empty database: a SQLite file, or a new PostgreSQL schema dropped afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'central.sqlite3'}"
        return
    schema = "t_" + uuid.uuid4().hex[:12]
    engine = sa.create_engine(postgres_url)
    with engine.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in postgres_url else "?"
    try:
        yield f"{postgres_url}{sep}options=-csearch_path%3D{schema}"
    finally:
        with engine.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        engine.dispose()
