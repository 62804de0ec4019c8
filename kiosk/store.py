"""The terminal's local store: one SQLite file (WAL) with the job cache and its search
index, the service catalogue, small key/values (sync cursor) and the durable outbox.

Each thread gets its own connection; SQLite's WAL lets the UI read while the
sync thread writes. Writes are short transactions, so a search never waits
long. The outbox is written with ``synchronous=FULL``: an event recorded
before a crash is on disk.

A person never reaches the file in the clear: ``outbox_add`` seals an event's ``person``
with the terminal's key (``seal_key``, hallcore.sealing) or, without a key, leaves the
person out. ``secure_delete`` overwrites what is deleted (a delivered event, a withdrawn
posting) instead of leaving it in free pages of the file.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from hallcore.sealing import is_sealed, seal
from kiosk.search import (EDUCATION_ORDER, SALARY_BANDS, SALARY_SQL, SORTS, edu_rank,
                          facet_tokens, filter_match, filter_sql, fts_query, pinyin_tokens,
                          split_hanzi, split_hanzi_cached, to_int)

log = logging.getLogger(__name__)

__all__ = ["Store", "SearchResult", "OutboxEvent", "SALARY_BANDS", "EDUCATION_ORDER", "SORTS",
           "RANK_WINDOW", "SCHEMA_VERSION"]


SCHEMA_VERSION = 2  # bump when the cache tables change: they are rebuilt from the feed
_CACHE_TABLES = ("jobs", "job_data", "jobs_fts", "services")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id INTEGER PRIMARY KEY, district TEXT, category TEXT, occupation_code TEXT,
    salary_min INTEGER, salary_max INTEGER, education_rank INTEGER, experience_years INTEGER,
    employment_type TEXT, posted_at TEXT, expires_at TEXT);
CREATE TABLE IF NOT EXISTS job_data (id INTEGER PRIMARY KEY, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS ix_jobs_posted ON jobs(posted_at);
CREATE INDEX IF NOT EXISTS ix_jobs_salary ON jobs(salary_max);
CREATE INDEX IF NOT EXISTS ix_jobs_occupation ON jobs(occupation_code);
CREATE INDEX IF NOT EXISTS ix_jobs_expires ON jobs(expires_at);
CREATE VIRTUAL TABLE IF NOT EXISTS jobs_fts USING fts5(
    title, english, employer, occupation, district, tags, body, pinyin, pinyin_more, facets,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3', detail = 'full');
CREATE TABLE IF NOT EXISTS services (id INTEGER PRIMARY KEY, sort INTEGER, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS outbox (
    key TEXT PRIMARY KEY, kind TEXT NOT NULL, payload TEXT NOT NULL,
    occurred_at TEXT NOT NULL, seq INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0);
"""
# bm25 weight per FTS column: a hit in the title counts most, in the long body least; the
# facets column holds filter tokens (see _facet_tokens) and must not change the ranking
_WEIGHTS = "10.0, 6.0, 3.0, 5.0, 2.0, 2.0, 0.5, 8.0, 3.0, 0.0"
_TEXT_COLUMNS = "-{facets}"  # visitor terms match every column but the filter tokens
_ORDER = {"relevance": "j.posted_at DESC, j.id DESC", "newest": "j.posted_at DESC, j.id DESC",
          "salary": "j.salary_max DESC, j.posted_at DESC, j.id DESC"}
# matches ranked by bm25 per query (the newest ones): about 3 ms of ranking on a small CPU
RANK_WINDOW = 3000
KIND_PATTERN = re.compile(r"^[a-z_]{1,32}$")  # what the central service accepts as a kind


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
    """Thread-safe access to the terminal's SQLite file (a connection per thread)."""

    def __init__(self, path: str | Path, seal_key: str | None = None):
        self.path = str(path)
        #: the terminal's sealing key (kiosk.seal_key); the sync worker sets it once fetched
        self.seal_key = seal_key
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._bank: tuple[str, Any] | None = None  # the quiz bank as text, and parsed
        conn = self._conn()
        current = conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        if not current:
            # an older cache layout: drop it, the next sync refills it; the outbox stays
            with self._tx() as tx:
                for table in _CACHE_TABLES:
                    tx.execute(f"DROP TABLE IF EXISTS {table}")
                if _has_table(tx, "kv"):
                    tx.execute("DELETE FROM kv WHERE key = 'job_cursor'")
        conn.executescript(_SCHEMA)   # IF NOT EXISTS throughout: on a current file it only reads
        if not current:   # a write syncs to disk (synchronous=FULL): not at every start
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    # -- connections ------------------------------------------------------------------
    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=10, isolation_level=None,
                                   check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")  # an acknowledged outbox add is on disk
            conn.execute("PRAGMA busy_timeout=10000")
            conn.execute("PRAGMA secure_delete=ON")  # deleted rows are zeroed, not left behind
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
    def _rows(job: dict[str, Any]) -> tuple[tuple, tuple, tuple]:
        title, occ = job.get("title") or "", job.get("occupation_name") or ""
        district = job.get("district") or ""
        english = " ".join(filter(None, [job.get("title_en"), job.get("employer_en")]))
        body = " ".join(filter(None, [job.get("description"), job.get("duties"),
                                      job.get("requirements")]))
        tags = job.get("tags") if isinstance(job.get("tags"), list) else []
        jid = int(job["id"])
        meta = (jid, district, job.get("category") or "", job.get("occupation_code") or "",
                to_int(job.get("salary_min")), to_int(job.get("salary_max")),
                edu_rank(job.get("education")), to_int(job.get("experience_years")) or 0,
                job.get("employment_type") or "full_time", job.get("posted_at") or "",
                job.get("expires_at"))
        fts = (jid, split_hanzi_cached(title), english, split_hanzi_cached(job.get("employer") or ""),
               split_hanzi_cached(f"{occ} {job.get('category') or ''}"),
               split_hanzi_cached(district), split_hanzi_cached(" ".join(str(t) for t in tags)), split_hanzi(body),
               pinyin_tokens(title), pinyin_tokens(occ, district), facet_tokens(meta))
        return meta, (jid, json.dumps(job, ensure_ascii=False)), fts

    def upsert_jobs(self, jobs: Iterable[dict[str, Any]], withdrawn: Iterable[int] = (),
                    cursor: str | None = None) -> int:
        """Apply one feed page atomically: upserts, withdrawals and the new cursor together.

        A posting without an integer ``id`` is skipped (the feed is outside input).
        """
        rows = []
        for job in jobs:
            try:
                rows.append(self._rows(job))
            except (KeyError, TypeError, ValueError):
                log.warning("store: skipped a feed item without a valid id")
        gone = [(i,) for i in _ints(withdrawn)]
        ids = [(r[0][0],) for r in rows]
        with self._tx() as conn:
            conn.executemany("DELETE FROM jobs_fts WHERE rowid = ?", gone + ids)
            conn.executemany("DELETE FROM jobs WHERE id = ?", gone)
            conn.executemany("DELETE FROM job_data WHERE id = ?", gone)
            conn.executemany("INSERT OR REPLACE INTO jobs VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                             [r[0] for r in rows])
            conn.executemany("INSERT OR REPLACE INTO job_data VALUES (?,?)", [r[1] for r in rows])
            conn.executemany("INSERT INTO jobs_fts(rowid, title, english, employer, occupation,"
                             " district, tags, body, pinyin, pinyin_more, facets)"
                             " VALUES (?,?,?,?,?,?,?,?,?,?,?)", [r[2] for r in rows])
            if cursor is not None:
                conn.execute("INSERT OR REPLACE INTO kv VALUES ('job_cursor', ?)", (str(cursor),))
        return len(rows)

    def withdraw_jobs(self, ids: Iterable[int]) -> None:
        self.upsert_jobs([], ids)

    def retain_jobs(self, keep: Iterable[int]) -> int:
        """Drop every cached posting not in ``keep`` (after a full resync); returns how many."""
        keep = set(_ints(keep))
        gone = [i for (i,) in self._conn().execute("SELECT id FROM jobs") if i not in keep]
        self.withdraw_jobs(gone)
        return len(gone)

    def clear_jobs(self) -> None:
        with self._tx() as conn:
            for table in ("jobs", "job_data", "jobs_fts"):
                conn.execute(f"DELETE FROM {table}")
            conn.execute("DELETE FROM kv WHERE key = 'job_cursor'")

    def job_count(self) -> int:
        return self._conn().execute("SELECT count(*) FROM jobs").fetchone()[0]

    def get_job(self, job_id: int) -> dict[str, Any] | None:
        try:
            job_id = int(job_id)
        except (TypeError, ValueError):
            return None
        row = self._conn().execute("SELECT data FROM job_data WHERE id = ?", (job_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def search(self, query: str = "", filters: dict[str, Any] | None = None,
               sort: str = "relevance", limit: int = 50, offset: int = 0) -> SearchResult:
        """Search the cache; any visitor text is safe (see kiosk.search), never an error.

        Relevance is FTS5's bm25 with per-column weights; among equal scores the
        higher job id (the newer posting on the central service) comes first.
        bm25 costs about a microsecond per matching row and one typed letter
        matches most of 100,000 postings, so ranking runs over the newest
        ``RANK_WINDOW`` matches only: exact whenever there are fewer, and with
        more the visitor is still typing. Filters with a text query are FTS
        terms on the facets column (doclist intersections, no row lookups);
        without text they are SQL on the narrow ``jobs`` table. Counts are exact.
        """
        filters = filters if isinstance(filters, dict) else {}
        sort = sort if sort in SORTS else "relevance"
        limit, offset = _clamp(limit, 1, 500, 50), _clamp(offset, 0, 100_000, 0)
        conn = self._conn()
        text = fts_query(query)
        if not text:
            where, params = filter_sql(filters)
            total = conn.execute(f"SELECT count(*) FROM jobs j WHERE {where}", params).fetchone()[0]
            ids = conn.execute(f"SELECT j.id FROM jobs j WHERE {where} ORDER BY {_ORDER[sort]}"
                               " LIMIT ? OFFSET ?", [*params, limit, offset]).fetchall()
            return SearchResult(total, self._load(r[0] for r in ids))
        match = " AND ".join([f"{_TEXT_COLUMNS} : ({text})", *filter_match(filters)])
        total = conn.execute("SELECT count(*) FROM jobs_fts WHERE jobs_fts MATCH ?",
                             (match,)).fetchone()[0]
        if sort == "relevance":
            rows = conn.execute(
                "SELECT id FROM (SELECT rowid AS id, bm25(jobs_fts, " + _WEIGHTS + ") AS score"
                " FROM jobs_fts WHERE jobs_fts MATCH ? ORDER BY rowid DESC LIMIT ?)"
                " ORDER BY score, id DESC LIMIT ? OFFSET ?",
                (match, max(RANK_WINDOW, offset + limit), limit, offset)).fetchall()
        else:
            rows = conn.execute(
                "SELECT j.id FROM jobs j WHERE j.id IN (SELECT rowid FROM jobs_fts WHERE"
                f" jobs_fts MATCH ?) ORDER BY {_ORDER[sort]} LIMIT ? OFFSET ?",
                (match, limit, offset)).fetchall()
        return SearchResult(total, self._load(r[0] for r in rows))

    def _load(self, ids: Iterable[int]) -> list[dict[str, Any]]:
        ids = list(ids)
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        data = dict(self._conn().execute(f"SELECT id, data FROM job_data WHERE id IN ({marks})",
                                         ids).fetchall())
        return [json.loads(data[i]) for i in ids if i in data]

    def purge_expired(self, now: str | None = None) -> int:
        """Drop cached postings past their expiry (the feed also withdraws them)."""
        now = now or time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime())
        ids = [r[0] for r in self._conn().execute(
            "SELECT id FROM jobs WHERE expires_at IS NOT NULL AND expires_at <= ?", (now,))]
        if ids:
            self.withdraw_jobs(ids)
        return len(ids)

    def jobs_for_occupations(self, codes: list[str], limit: int = 20) -> list[dict[str, Any]]:
        """Newest postings for these occupation codes (quiz results -> live jobs)."""
        codes = [str(c) for c in codes or []][:50]
        if not codes:
            return []
        marks = ",".join("?" * len(codes))
        rows = self._conn().execute(f"SELECT id FROM jobs WHERE occupation_code IN ({marks}) "
                                    "ORDER BY posted_at DESC, id DESC LIMIT ?",
                                    [*codes, _clamp(limit, 1, 500, 20)]).fetchall()
        return self._load(r[0] for r in rows)

    def jobs_by_ids(self, ids: Iterable[int]) -> SearchResult:
        """These postings, in the order given, leaving out those this terminal does not hold
        (not yet synced, or withdrawn since)."""
        items = self._load(list(dict.fromkeys(_ints(ids)))[:500])
        return SearchResult(len(items), items)

    def facets(self) -> dict[str, list[tuple[Any, int]]]:
        """Distinct filter values with their posting counts, for the filter chips."""
        conn = self._conn()
        out: dict[str, list[tuple[Any, int]]] = {}
        for col in ("district", "category", "employment_type"):
            out[col] = [(r[0], r[1]) for r in conn.execute(
                f"SELECT {col}, count(*) FROM jobs WHERE {col} != '' GROUP BY {col} "
                f"ORDER BY count(*) DESC, {col}")]
        out["education"] = [(EDUCATION_ORDER[r[0]], r[1]) for r in conn.execute(
            "SELECT education_rank, count(*) FROM jobs GROUP BY education_rank ORDER BY 1")]
        out["experience_years"] = [tuple(r) for r in conn.execute(
            "SELECT experience_years, count(*) FROM jobs GROUP BY 1 ORDER BY 1")]
        out["salary_band"] = [(band, conn.execute(
            "SELECT count(*) FROM jobs j WHERE " + SALARY_SQL, (low, high)).fetchone()[0])
            for band, (low, high) in SALARY_BANDS.items()]
        return out

    # -- services, key/values ----------------------------------------------------------
    def set_services(self, services: list[dict[str, Any]]) -> None:
        rows = [(int(s["id"]), i, json.dumps(s, ensure_ascii=False))
                for i, s in enumerate(services) if isinstance(s, dict) and "id" in s]
        with self._tx() as conn:
            conn.execute("DELETE FROM services")
            conn.executemany("INSERT OR REPLACE INTO services VALUES (?,?,?)", rows)

    def services(self) -> list[dict[str, Any]]:
        return [json.loads(r[0]) for r in
                self._conn().execute("SELECT data FROM services ORDER BY sort")]

    def get(self, key: str, default: str | None = None) -> str | None:
        row = self._conn().execute("SELECT value FROM kv WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def put(self, key: str, value: str) -> None:
        self.put_many({key: value})

    def next_count(self, key: str) -> int:
        """Add one to the counter ``key`` (created at 1) and return the new value.

        One statement (upsert with RETURNING), so it is atomic across the threads and
        processes that share the file: no two callers ever get the same number.
        """
        row = self._conn().execute(
            "INSERT INTO kv (key, value) VALUES (?, '1') ON CONFLICT(key) DO UPDATE "
            "SET value = CAST(value AS INTEGER) + 1 RETURNING value", (key,)).fetchone()
        return int(row[0])

    def put_many(self, values: dict[str, str]) -> None:
        """Several settings in one transaction (a value and the tag it came with)."""
        with self._tx() as conn:
            conn.executemany("INSERT OR REPLACE INTO kv VALUES (?, ?)", list(values.items()))

    def quiz_bank(self) -> Any:
        """The cached quiz bank (hallcore.quiz.Bank), or None before the first sync or if unusable."""
        from hallcore.quiz import BankError, parse_bank
        raw = self.get("quiz_bank")
        if not raw:
            return None
        if self._bank is not None and self._bank[0] == raw:  # parsed once per version
            return self._bank[1]
        try:
            bank = parse_bank(json.loads(raw))
        except (ValueError, BankError):
            return None
        self._bank = (raw, bank)
        return bank

    # -- outbox ----------------------------------------------------------------------
    def outbox_add(self, kind: str, payload: dict[str, Any], key: str | None = None,
                   occurred_at: str | None = None) -> str:
        """Record an event durably (on disk when this returns); returns its idempotency key.

        Adding a key that is already queued changes nothing (idempotent too).
        """
        if not isinstance(kind, str) or not KIND_PATTERN.match(kind):
            raise ValueError("event kind must be 1-32 lower-case letters or '_'")
        key = key or str(uuid.uuid4())
        when = occurred_at or time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())
        body = json.dumps(self._sealed(payload), ensure_ascii=False, default=str)
        with self._tx() as conn:
            seq = conn.execute("SELECT coalesce(max(seq), 0) + 1 FROM outbox").fetchone()[0]
            conn.execute("INSERT OR IGNORE INTO outbox VALUES (?,?,?,?,?,0)",
                         (key, kind, body, when, seq))
        return key

    def _sealed(self, payload: dict[str, Any]) -> dict[str, Any]:
        """The payload with its person sealed, or without it when there is no key."""
        person = payload.get("person")
        if person is None or is_sealed(person):
            return payload
        rest = {k: v for k, v in payload.items() if k != "person"}
        if not self.seal_key:
            log.warning("outbox: no sealing key yet; the event is kept without the person")
            return rest
        return {**rest, "person": seal(self.seal_key, person)}

    def outbox_pending(self, limit: int = 100) -> list[OutboxEvent]:
        rows = self._conn().execute("SELECT key, kind, payload, occurred_at, attempts FROM outbox "
                                    "ORDER BY seq LIMIT ?", (limit,)).fetchall()
        return [OutboxEvent(r[0], r[1], json.loads(r[2]), r[3], r[4]) for r in rows]

    def outbox_ack(self, keys: Iterable[str]) -> None:
        """Delete delivered events (their payloads may name a person: nothing stays)."""
        with self._tx() as conn:
            conn.executemany("DELETE FROM outbox WHERE key = ?", [(k,) for k in keys])

    def outbox_attempted(self, keys: Iterable[str]) -> None:
        with self._tx() as conn:
            conn.executemany("UPDATE outbox SET attempts = attempts + 1 WHERE key = ?",
                             [(k,) for k in keys])

    def outbox_depth(self) -> int:
        return self._conn().execute("SELECT count(*) FROM outbox").fetchone()[0]


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone() is not None


def _ints(values: Iterable[Any]) -> list[int]:
    return [i for i in (to_int(v) for v in values or ()) if i is not None]


def _clamp(value: Any, low: int, high: int, default: int) -> int:
    number = to_int(value)
    return default if number is None else max(low, min(high, number))
