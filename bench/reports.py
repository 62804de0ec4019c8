"""Reports over a year of history: the console's default period (30 days) against the same
reports over the whole year, alternated in the same run, on SQLite and on PostgreSQL.

The history (``central.seed.history``): 365 hall days of 300 tickets (most finished, a fifth
of those rated) and 600 terminal events (searches, job slips, quiz results) each, about
110,000 tickets and 220,000 events. Each side runs every report of the console pages once (the
dashboard, staff performance and every detailed report), in-process
on a session of its own (no HTTP), so the figure is the reports' own cost. A report that
reads only its period costs about a twelfth of the year; one that scans the tables costs the
same whatever the period (ratio near 1).
"""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path

from bench.harness import Timer, alternate, median, postgres_url

DAYS, TICKETS_A_DAY, EVENTS_A_DAY = 365, 300, 600
TODAY = date(2026, 11, 24)


def _fill(url: str, days: int) -> dict[str, int]:
    """A year of hall history (``central.seed.history``), written in bulk."""
    from central.db import Database, migrate
    from central.seed import history, seed
    migrate(url)
    db = Database(url)
    with db.session() as s:
        seed(s, seed_value=1, jobs=10)
        counts = history(s, days, today=TODAY + timedelta(days=1), tickets_a_day=TICKETS_A_DAY,
                         events_a_day=EVENTS_A_DAY, seed_value=7)
    db.dispose()
    return counts


def _measure(url: str, days: int, runs: int) -> dict:
    from central.db import Database
    from central.services import dashboard, performance
    from central.services.reports import DEFAULT_DAYS, REPORTS, Period
    with Timer() as fill:
        counts = _fill(url, days)
    db = Database(url)
    month = Period(TODAY - timedelta(days=DEFAULT_DAYS - 1), TODAY)
    year = Period(TODAY - timedelta(days=days - 1), TODAY)
    rows: dict[str, int] = {}

    def every_report(period):
        def run() -> float:
            with db.session() as s, Timer() as t:
                for name, (_title, report) in REPORTS.items():
                    rows[f"{name}@{period.since}"] = len(report(s, period))
                rows[f"dashboard@{period.since}"] = dashboard.dashboard(s, period).tiles.tickets
                rows[f"performance@{period.since}"] = len(performance.performance(s, period).staff)
            return t.ms
        return run

    every_report(month)(), every_report(year)()    # warm the caches and the page cache
    month_ms, year_ms = alternate(every_report(month), every_report(year), runs)
    db.dispose()
    return {"month_ms": round(median(month_ms), 1), "year_ms": round(median(year_ms), 1),
            "ratio": round(median(month_ms) / median(year_ms), 3),
            "fill_s": round(fill.s, 1), **counts,
            "tickets_per_hour_rows_month": rows[f"tickets_per_hour@{month.since}"],
            "dashboard_tickets_month": rows[f"dashboard@{month.since}"]}


def run(quick: bool = False) -> dict:
    from tests.servers import fresh_database_url
    days, runs = (60, 3) if quick else (DAYS, 5)
    with tempfile.TemporaryDirectory() as tmp:
        with fresh_database_url("sqlite", Path(tmp)) as url:
            sqlite = _measure(url, days, runs)
        with fresh_database_url("postgres", Path(tmp), postgres_url()) as url:
            postgres = _measure(url, days, runs)
    return {"figures": {"days": days, "tickets": sqlite["tickets"], "events": sqlite["events"],
                        "sqlite_month_ms": sqlite["month_ms"], "sqlite_year_ms": sqlite["year_ms"],
                        "sqlite_ratio": sqlite["ratio"],
                        "postgres_month_ms": postgres["month_ms"], "postgres_year_ms": postgres["year_ms"],
                        "postgres_ratio": postgres["ratio"]},
            "targets": {"sqlite_ratio": "<= 0.2 (a month costs a month, not the whole history)",
                        "postgres_ratio": "<= 0.2"},
            "runs": runs, "details": {"sqlite": sqlite, "postgres": postgres}}
