"""Engine and sessions for SQLite (WAL, busy timeout) and PostgreSQL, and migrations."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

__all__ = ["Database", "migrate"]

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class Database:
    """One engine and session factory per process."""

    def __init__(self, url: str, echo: bool = False, pool_size: int = 10, pool_timeout: float = 30):
        self.url = url
        pool = {"pool_size": pool_size, "max_overflow": pool_size, "pool_timeout": pool_timeout}
        if url.startswith("sqlite"):
            if not _make_sqlite_dir(url):   # in memory: one connection per thread, no queue
                pool = {}
            self.engine: Engine = create_engine(
                url, echo=echo, connect_args={"check_same_thread": False, "timeout": 30}, **pool)
            event.listen(self.engine, "connect", _sqlite_pragmas)
            # Take the write lock at BEGIN: a read that later writes (issuing a ticket)
            # cannot then deadlock with another writer, it waits its turn instead.
            event.listen(self.engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
        else:
            self.engine = create_engine(url, echo=echo, pool_pre_ping=True, **pool)
        #: how many connections the pool can hold open at once (its size and overflow)
        self.connections = 2 * pool_size
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def session(self) -> Session:
        return self.sessions()

    def dispose(self) -> None:
        self.engine.dispose()


def _make_sqlite_dir(url: str) -> bool:
    """Make the SQLite file's directory; False when the database is in memory."""
    _, sep, path = url.partition(":///")
    if not sep or not path or path == ":memory:":
        return False
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return True


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    dbapi_conn.isolation_level = None  # SQLAlchemy's "begin" event issues BEGIN itself
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def migrate(url: str) -> None:
    """Bring the schema at ``url`` to every head (areas add their own revisions)."""
    from alembic import command
    from alembic.config import Config

    _make_sqlite_dir(url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(cfg, "heads")
