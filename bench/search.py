"""Search on 100,000 postings: our store's search vs a bare FTS5 MATCH on the same table.

The query set is what a visitor types, keystroke by keystroke ("k", "kj",
"kua", "kuaiji", "会", "会计", English words...). For each query the bare
baseline is ``SELECT rowid FROM jobs_fts WHERE jobs_fts MATCH ? ORDER BY rank
LIMIT 30`` with the same MATCH expression; subject and baseline alternate.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench.harness import percentile
from kiosk.search import fts_query
from kiosk.store import Store

TYPED = ["k", "kj", "ku", "kua", "kuai", "kuaiji", "c", "ca", "can", "cang", "cangku", "d",
         "di", "dia", "dian", "diang", "diangong", "会", "会计", "仓", "仓库", "电工",
         "acc", "account", "driver", "hu", "hug", "hugong", "xs", "xsdb", "chu", "chushi",
         "bao", "baoan", "朝阳 kj", "haidian cs"]


def build_store(path: Path, n: int) -> Store:
    from tests.factories import make_jobs
    store = Store(path)
    jobs = make_jobs(n, seed=11)
    for start in range(0, n, 10_000):
        store.upsert_jobs(jobs[start:start + 10_000])
    return store


def run(quick: bool = False) -> dict:
    n = 20_000 if quick else 100_000
    rounds = 3 if quick else 15
    with tempfile.TemporaryDirectory() as tmp:
        store = build_store(Path(tmp) / "store.sqlite3", n)
        conn = store._conn()
        ours, bare = [], []
        for r in range(rounds):
            for q in TYPED:
                match = fts_query(q)
                def subject():
                    t0 = time.perf_counter(); store.search(q, limit=30)
                    return (time.perf_counter() - t0) * 1000
                def baseline():
                    t0 = time.perf_counter()
                    conn.execute("SELECT rowid FROM jobs_fts WHERE jobs_fts MATCH ? ORDER BY rank "
                                 "LIMIT 30", (match,)).fetchall()
                    return (time.perf_counter() - t0) * 1000
                pair = (subject, baseline) if r % 2 else (baseline, subject)
                a, b = pair[0](), pair[1]()
                s_ms, b_ms = (a, b) if r % 2 else (b, a)
                ours.append(s_ms)
                bare.append(b_ms)
        store.close()
    p95, bare95 = percentile(ours, 95), percentile(bare, 95)
    return {"figures": {"jobs": n, "p50_ms": round(percentile(ours, 50), 2), "p95_ms": round(p95, 2),
                        "bare_p95_ms": round(bare95, 2), "ratio_p95": round(p95 / bare95, 3),
                        "keypress_to_list_ms": None},
            "targets": {"p95_ms": "< 16", "ratio_p95": "<= 1.5"}, "runs": rounds}
