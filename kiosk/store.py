"""The terminal's local store: one SQLite file (WAL) with the job cache and its search
index, the service catalogue, small key/values (sync cursor) and the durable outbox.

Each thread gets its own connection; SQLite's WAL lets the UI read while the
sync thread writes. Writes are short transactions, so a search never waits
long. The outbox is written with ``synchronous=FULL``: an event recorded
before a crash is on disk.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from kiosk.search import fts_query, pinyin_tokens, split_hanzi

__all__ = ["Store", "SearchResult", "OutboxEvent", "SALARY_BANDS", "EDUCATION_ORDER", "SORTS"]

EDUCATION_ORDER = ("none", "junior_high", "high_school", "vocational", "associate",
                   "bachelor", "master")
# band id -> (lowest monthly pay, highest) in CNY; a posting is in a band when its range overlaps
SALARY_BANDS = {"lt4k": (0, 3999), "4k-6k": (4000, 5999), "6k-8k": (6000, 7999),
                "8k-12k": (8000, 11999), "ge12k": (12000, 10**9)}
SORTS = ("relevance", "newest", "salary")
FILTER_KEYS = ("district", "category", "salary_band", "education_max", "experience_max",
               "employment_type")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id INTEGER PRIMARY KEY, data TEXT NOT NULL, district TEXT, category TEXT,
    occupation_code TEXT, salary_min INTEGER, salary_max INTEGER, education_rank INTEGER,
    experience_years INTEGER, employment_type TEXT, posted_at TEXT, expires_at TEXT);
CREATE INDEX IF NOT EXISTS ix_jobs_posted ON jobs(posted_at);
CREATE INDEX IF NOT EXISTS ix_jobs_occupation ON jobs(occupation_code);
CREATE VIRTUAL TABLE IF NOT EXISTS jobs_fts USING fts5(
    title, english, employer, occupation, district, tags, body, pinyin,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3');
CREATE TABLE IF NOT EXISTS services (id INTEGER PRIMARY KEY, sort INTEGER, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS outbox (
    key TEXT PRIMARY KEY, kind TEXT NOT NULL, payload TEXT NOT NULL,
    occurred_at TEXT NOT NULL, seq INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0);
"""
# bm25 weights per FTS column: a hit in the title counts most, in the long body least
_WEIGHTS = "10.0, 6.0, 3.0, 5.0, 2.0, 2.0, 0.5, 4.0"


@dataclass
class SearchResult:
    total: int
    items: list[dict[str, Any]]


@dataclass
class OutboxEvent:
    key: str
    kind: str
    payload: dict[str, Any]
    occurred_at: str
    attempts: int = 0

    def as_wire(self) -> dict[str, Any]:
        return {"key": self.key, "kind": self.kind, "occurred_at": self.occurred_at,
                "payload": self.payload}


class Store:
    """Thread-safe access to the terminal's SQLite file."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._conn().executescript(_SCHEMA)

    # -- connections ------------------------------------------------------------------
    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=10, isolation_level=None,
                                   check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA busy_timeout=10000")
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    class _Tx:
        def __init__(self, conn):
            self.conn = conn

        def __enter__(self):
            self.conn.execute("BEGIN IMMEDIATE")
            return self.conn

        def __exit__(self, exc_type, *_):
            self.conn.execute("ROLLBACK" if exc_type else "COMMIT")

    def _tx(self) -> "Store._Tx":
        return Store._Tx(self._conn())

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                try:
                    conn.close()
                except sqlite3.ProgrammingError:
                    pass
            self._all.clear()
        self._local = threading.local()

    # -- jobs ------------------------------------------------------------------------
    @staticmethod
    def _fts_row(job: dict[str, Any]) -> tuple:
        title, occ = job.get("title") or "", job.get("occupation_name") or ""
        district = job.get("district") or ""
        english = " ".join(filter(None, [job.get("title_en"), job.get("employer_en")]))
        body = " ".join(filter(None, [job.get("description"), job.get("duties"),
                                      job.get("requirements")]))
        return (job["id"], split_hanzi(title), english, split_hanzi(job.get("employer") or ""),
                split_hanzi(f"{occ} {job.get('category') or ''}"), split_hanzi(district),
                split_hanzi(" ".join(job.get("tags") or [])), split_hanzi(body),
                pinyin_tokens(title, occ, district))

    def upsert_jobs(self, jobs: Iterable[dict[str, Any]], withdrawn: Iterable[int] = (),
                    cursor: str | None = None) -> int:
        """Apply one feed page atomically: upserts, withdrawals and the new cursor together."""
        jobs = list(jobs)
        rows = [(j["id"], json.dumps(j, ensure_ascii=False), j.get("district") or "",
                 j.get("category") or "", j.get("occupation_code") or "", j.get("salary_min"),
                 j.get("salary_max"), _edu_rank(j.get("education")), j.get("experience_years") or 0,
                 j.get("employment_type") or "full_time", j.get("posted_at") or "",
                 j.get("expires_at")) for j in jobs]
        gone = [(i,) for i in withdrawn] + [(j["id"],) for j in jobs]
        with self._tx() as conn:
            conn.executemany("DELETE FROM jobs_fts WHERE rowid = ?", gone)
            conn.executemany("DELETE FROM jobs WHERE id = ?", gone[: len(gone) - len(jobs)])
            conn.executemany("INSERT OR REPLACE INTO jobs VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)
            conn.executemany("INSERT INTO jobs_fts(rowid, title, english, employer, occupation,"
                             " district, tags, body, pinyin) VALUES (?,?,?,?,?,?,?,?,?)",
                             [self._fts_row(j) for j in jobs])
            if cursor is not None:
                conn.execute("INSERT OR REPLACE INTO kv VALUES ('job_cursor', ?)", (cursor,))
        return len(jobs)

    def withdraw_jobs(self, ids: Iterable[int]) -> None:
        self.upsert_jobs([], ids)

    def clear_jobs(self) -> None:
        with self._tx() as conn:
            conn.execute("DELETE FROM jobs")
            conn.execute("DELETE FROM jobs_fts")
            conn.execute("DELETE FROM kv WHERE key = 'job_cursor'")

    def job_count(self) -> int:
        return self._conn().execute("SELECT count(*) FROM jobs").fetchone()[0]

    def get_job(self, job_id: int) -> dict[str, Any] | None:
        row = self._conn().execute("SELECT data FROM jobs WHERE id = ?", (job_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def search(self, query: str = "", filters: dict[str, Any] | None = None,
               sort: str = "relevance", limit: int = 50, offset: int = 0) -> SearchResult:
        """Search the cache; any visitor text is safe (see kiosk.search).

        Relevance is FTS5's bm25 with per-column weights; among equal scores the
        higher job id (the newer posting on the central service) comes first.
        Without filters the ranking runs on the FTS table alone and only the
        page's rows are joined, which keeps a keystroke's query near a bare MATCH.
        """
        where, params = _filter_sql(filters or {})
        match = fts_query(query)
        sort = sort if sort in SORTS else "relevance"
        limit, offset = max(1, min(int(limit), 500)), max(0, int(offset))
        conn = self._conn()
        if match and not where and sort == "relevance":
            total = conn.execute("SELECT count(*) FROM jobs_fts WHERE jobs_fts MATCH ?",
                                 (match,)).fetchone()[0]
            rows = conn.execute(
                "SELECT j.data FROM (SELECT rowid AS id, bm25(jobs_fts, " + _WEIGHTS + ") AS score"
                " FROM jobs_fts WHERE jobs_fts MATCH ? ORDER BY score, rowid DESC LIMIT ? OFFSET ?)"
                " AS hit JOIN jobs j ON j.id = hit.id ORDER BY hit.score, hit.id DESC",
                (match, limit, offset)).fetchall()
            return SearchResult(total, [json.loads(r[0]) for r in rows])
        order = {"newest": "j.posted_at DESC, j.id DESC",
                 "salary": "j.salary_max DESC, j.posted_at DESC",
                 "relevance": "j.posted_at DESC, j.id DESC"}[sort]
        source = "jobs j"
        if match:
            source = "jobs_fts f JOIN jobs j ON j.id = f.rowid"
            where.insert(0, "jobs_fts MATCH ?")
            params.insert(0, match)
            if sort == "relevance":
                order = f"bm25(jobs_fts, {_WEIGHTS}), j.id DESC"
        clause = " AND ".join(where) or "1"
        total = conn.execute(f"SELECT count(*) FROM {source} WHERE {clause}", params).fetchone()[0]
        rows = conn.execute(f"SELECT j.data FROM {source} WHERE {clause} ORDER BY {order} "
                            f"LIMIT ? OFFSET ?", [*params, limit, offset]).fetchall()
        return SearchResult(total, [json.loads(r[0]) for r in rows])

    def purge_expired(self, now: str | None = None) -> int:
        """Drop cached postings past their expiry (the feed also withdraws them)."""
        now = now or time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime())
        ids = [r[0] for r in self._conn().execute(
            "SELECT id FROM jobs WHERE expires_at IS NOT NULL AND expires_at <= ?", (now,))]
        if ids:
            self.withdraw_jobs(ids)
        return len(ids)

    def jobs_for_occupations(self, codes: list[str], limit: int = 20) -> list[dict[str, Any]]:
        if not codes:
            return []
        marks = ",".join("?" * len(codes))
        rows = self._conn().execute(f"SELECT data FROM jobs WHERE occupation_code IN ({marks}) "
                                    f"ORDER BY posted_at DESC LIMIT ?", [*codes, limit]).fetchall()
        return [json.loads(r[0]) for r in rows]

    def facets(self) -> dict[str, list[tuple[str, int]]]:
        """Distinct values with counts for the filter chips."""
        conn = self._conn()
        out = {}
        for col in ("district", "category", "employment_type"):
            out[col] = [(r[0], r[1]) for r in conn.execute(
                f"SELECT {col}, count(*) FROM jobs WHERE {col} != '' GROUP BY {col} "
                f"ORDER BY count(*) DESC")]
        return out

    # -- services, key/values ----------------------------------------------------------
    def set_services(self, services: list[dict[str, Any]]) -> None:
        with self._tx() as conn:
            conn.execute("DELETE FROM services")
            conn.executemany("INSERT INTO services VALUES (?,?,?)",
                             [(s["id"], i, json.dumps(s, ensure_ascii=False))
                              for i, s in enumerate(services)])

    def services(self) -> list[dict[str, Any]]:
        return [json.loads(r[0]) for r in
                self._conn().execute("SELECT data FROM services ORDER BY sort")]

    def get(self, key: str, default: str | None = None) -> str | None:
        row = self._conn().execute("SELECT value FROM kv WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def put(self, key: str, value: str) -> None:
        with self._tx() as conn:
            conn.execute("INSERT OR REPLACE INTO kv VALUES (?, ?)", (key, value))

    # -- outbox ----------------------------------------------------------------------
    def outbox_add(self, kind: str, payload: dict[str, Any], key: str | None = None,
                   occurred_at: str | None = None) -> str:
        """Record an event durably; returns its idempotency key."""
        key = key or uuid.uuid4().hex
        when = occurred_at or time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())
        with self._tx() as conn:
            seq = conn.execute("SELECT coalesce(max(seq), 0) + 1 FROM outbox").fetchone()[0]
            conn.execute("INSERT OR IGNORE INTO outbox VALUES (?,?,?,?,?,0)",
                         (key, kind, json.dumps(payload, ensure_ascii=False), when, seq))
        return key

    def outbox_pending(self, limit: int = 100) -> list[OutboxEvent]:
        rows = self._conn().execute("SELECT key, kind, payload, occurred_at, attempts FROM outbox "
                                    "ORDER BY seq LIMIT ?", (limit,)).fetchall()
        return [OutboxEvent(r[0], r[1], json.loads(r[2]), r[3], r[4]) for r in rows]

    def outbox_ack(self, keys: Iterable[str]) -> None:
        with self._tx() as conn:
            conn.executemany("DELETE FROM outbox WHERE key = ?", [(k,) for k in keys])

    def outbox_attempted(self, keys: Iterable[str]) -> None:
        with self._tx() as conn:
            conn.executemany("UPDATE outbox SET attempts = attempts + 1 WHERE key = ?",
                             [(k,) for k in keys])

    def outbox_depth(self) -> int:
        return self._conn().execute("SELECT count(*) FROM outbox").fetchone()[0]


def _edu_rank(level: str | None) -> int:
    return EDUCATION_ORDER.index(level) if level in EDUCATION_ORDER else 0


def _filter_sql(filters: dict[str, Any]) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    for key in ("district", "category", "employment_type"):
        if filters.get(key):
            where.append(f"j.{key} = ?")
            params.append(str(filters[key]))
    band = SALARY_BANDS.get(filters.get("salary_band") or "")
    if band:
        where.append("coalesce(j.salary_max, j.salary_min, 0) >= ? AND coalesce(j.salary_min, 0) <= ?")
        params.extend(band)
    if filters.get("education_max") in EDUCATION_ORDER:
        where.append("j.education_rank <= ?")
        params.append(_edu_rank(filters["education_max"]))
    if filters.get("experience_max") is not None:
        try:
            where.append("j.experience_years <= ?")
            params.append(int(filters["experience_max"]))
        except (TypeError, ValueError):
            where.pop()
    return where, params
