"""Shared benchmark plumbing: alternate baseline and subject, take medians, write JSON."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

__all__ = ["RESULTS_DIR", "alternate", "median", "percentile", "postgres_url", "write_result", "Timer"]

RESULTS_DIR = Path(__file__).resolve().parent / "results"
ROOT = Path(__file__).resolve().parent.parent


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, int(round(p / 100 * len(ordered) + 0.5)) - 1))
    return ordered[k]


def alternate(subject: Callable[[], float], baseline: Callable[[], float], runs: int
              ) -> tuple[list[float], list[float]]:
    """Run baseline and subject alternately ``runs`` times each; each returns its own figure.

    Alternating in one process run keeps machine noise (other load, CPU boost)
    out of the ratio: both sides see the same conditions.
    """
    subj, base = [], []
    for i in range(runs):
        if i % 2:
            subj.append(subject()); base.append(baseline())
        else:
            base.append(baseline()); subj.append(subject())
    return subj, base


class Timer:
    """``with Timer() as t: ...``; ``t.s`` and ``t.ms`` afterwards."""

    def __enter__(self) -> "Timer":
        self._t0 = time.perf_counter()
        return self

    def __exit__(self, *exc) -> None:
        self.s = time.perf_counter() - self._t0
        self.ms = self.s * 1000


def write_result(name: str, figures: dict[str, Any], targets: dict[str, Any], runs: int,
                 results_dir: Path = RESULTS_DIR, details: dict[str, Any] | None = None) -> Path:
    """Write ``results_dir/NAME.json`` in the agreed shape and print a summary line.

    ``details`` (per-step figures, machine load) goes into the file, not the summary line.
    """
    results_dir.mkdir(parents=True, exist_ok=True)
    doc = {
        "benchmark": name,
        "figures": figures,
        "targets": targets,
        "runs": runs,
        "python": platform.python_version(),
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    if details:
        doc["details"] = details
    path = results_dir / f"{name}.json"
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    shown = ", ".join(f"{k}={_fmt(v)}" for k, v in figures.items())
    aims = ", ".join(f"{k} {v}" for k, v in targets.items())
    print(f"{name}: {shown}  (targets: {aims}; runs={runs})")
    return path


def _fmt(v: Any) -> str:
    return f"{v:.3g}" if isinstance(v, float) else str(v)


def median(values: list[float]) -> float:
    return statistics.median(values)


def postgres_url() -> str:
    """The test PostgreSQL server's URL (started by scripts/ensure-postgres.sh if none runs)."""
    return os.environ.get("TEST_POSTGRES_URL") or subprocess.run(
        [str(ROOT / "scripts" / "ensure-postgres.sh")], capture_output=True, text=True,
        check=True).stdout.split()[-1]
