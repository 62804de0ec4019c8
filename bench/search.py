"""Search on 100,000 postings: the store's search vs a bare FTS5 MATCH on the same table.

The query set is what a visitor types, keystroke by keystroke ("k", "kj",
"kua", "kuaiji", "会", "会计", English words...). For each query the bare
baseline is ``SELECT rowid FROM jobs_fts WHERE jobs_fts MATCH ? ORDER BY rank
LIMIT 30`` with the same text expression: FTS5 with nothing of ours on top
(no count, no rows loaded). Subject and baseline alternate, query by query.
``filtered_p95_ms`` is the same keystrokes with a district and an education
filter chip on, measured alongside (no target; it shows filters cost nothing).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench.harness import percentile
from kiosk.search import fts_query
from kiosk.store import Store

__all__ = ["run", "TYPED"]

TYPED = ["k", "kj", "ku", "kua", "kuai", "kuaiji", "c", "ca", "can", "cang", "cangku", "d",
         "di", "dia", "dian", "diang", "diangong", "会", "会计", "仓", "仓库", "电工",
         "acc", "account", "driver", "hu", "hug", "hugong", "xs", "xsdb", "chu", "chushi",
         "bao", "baoan", "朝阳 kj", "haidian cs"]
FILTERS = {"district": "海淀区", "education_max": "high_school"}


def _ms(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def _keypress(store_path: str) -> list[float]:
    """Key press to redrawn list in the real app (bench/keypress_probe.py) under a display."""
    import json
    import os
    import subprocess
    import sys

    from bench.display import virtual_display
    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ, KIVY_NO_ARGS="1", KIVY_NO_CONSOLELOG="1", KIVY_NO_FILELOG="1",
               KIVY_HOME=str(root / "var" / "kivy-home"))
    with virtual_display():
        out = subprocess.run([sys.executable, "-m", "bench.keypress_probe", store_path],
                             cwd=root, env={**env, "DISPLAY": os.environ.get("DISPLAY", "")},
                             capture_output=True, text=True, timeout=300)
    for line in out.stdout.splitlines():
        if line.startswith("{"):
            return json.loads(line)["keypress_ms"]
    return []


def run(quick: bool = False) -> dict:
    from tests.kiosk.jobgen import make_jobs

    n = 20_000 if quick else 100_000
    rounds = 3 if quick else 15
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "store.sqlite3")
        t0 = time.perf_counter()
        store.upsert_jobs(make_jobs(n, seed=11))
        build_s = time.perf_counter() - t0
        conn = store._conn()
        ours, bare, filtered = [], [], []
        for r in range(rounds):
            for q in TYPED:
                match = fts_query(q)
                subject = lambda: store.search(q, limit=30)  # noqa: E731
                baseline = lambda: conn.execute(  # noqa: E731
                    "SELECT rowid FROM jobs_fts WHERE jobs_fts MATCH ? ORDER BY rank LIMIT 30",
                    (match,)).fetchall()
                if r % 2:
                    ours.append(_ms(subject)); bare.append(_ms(baseline))
                else:
                    bare.append(_ms(baseline)); ours.append(_ms(subject))
                filtered.append(_ms(lambda: store.search(q, FILTERS, limit=30)))
        store.close()
        keypress = _keypress(str(Path(tmp) / "store.sqlite3"))
    p95, bare95 = percentile(ours, 95), percentile(bare, 95)
    return {"figures": {"jobs": n, "p50_ms": round(percentile(ours, 50), 2),
                        "p95_ms": round(p95, 2), "bare_p95_ms": round(bare95, 2),
                        "ratio_p95": round(p95 / bare95, 3),
                        "filtered_p95_ms": round(percentile(filtered, 95), 2),
                        "build_s": round(build_s, 1), "keypress_to_list_ms": round(percentile(keypress, 50), 1) if keypress else None,
                        "keypress_to_list_p95_ms": round(percentile(keypress, 95), 1) if keypress else None},
            "targets": {"p95_ms": "< 16", "ratio_p95": "<= 1.5"}, "runs": rounds}
