"""Reports over a year of history: the console's default period (30 days) against the same
reports over the whole year, alternated in the same run, on SQLite and on PostgreSQL.

The history: 365 hall days of 300 tickets (a third called and finished, a fifth of those
rated) and 600 terminal events (searches, job slips, quiz results) each, about 110,000
tickets and 220,000 events. Each side runs every report of the console page once, in-process
on a session of its own (no HTTP), so the figure is the reports' own cost. A report that
reads only its period costs about a twelfth of the year; one that scans the tables costs the
same whatever the period (ratio near 1).
"""

from __future__ import annotations

import random
import tempfile
import uuid
from datetime import date, timedelta
from pathlib import Path

from bench.harness import Timer, alternate, median, postgres_url

DAYS, TICKETS_A_DAY, EVENTS_A_DAY = 365, 300, 600
TODAY = date(2026, 11, 24)


def _fill(url: str, days: int) -> dict[str, int]:
    """A year of hall history, written in bulk."""
    from sqlalchemy import insert, select

    from central.db import Database, migrate
    from central.models import Counter, Kiosk, KioskEvent, Service
    from central.models.queue import Rating, Ticket
    from central.queue import day_start
    from central.seed import seed
    migrate(url)
    db = Database(url)
    rng = random.Random(7)
    counts = {"tickets": 0, "ratings": 0, "events": 0}
    with db.session() as s:
        seed(s, seed_value=1, jobs=10)
        services = s.execute(select(Service.id, Service.letter)).all()
        counters = s.scalars(select(Counter.id)).all()
        kiosks = []
        for n in range(4):
            kiosk = Kiosk(hall_id=1, name=f"bench-{n}")
            s.add(kiosk)
            s.flush()
            kiosks.append(kiosk.id)
        s.commit()
        for offset in range(days):
            day = TODAY - timedelta(days=offset)
            opens = day_start(day) + timedelta(hours=8, minutes=30)   # 08:30 in the hall
            tickets, numbers = [], {}
            for _ in range(TICKETS_A_DAY):
                service_id, letter = rng.choice(services)
                number = numbers[service_id] = numbers.get(service_id, 0) + 1
                issued = opens + timedelta(minutes=rng.uniform(0, 480))
                served = rng.random() < 1 / 3
                called = issued + timedelta(minutes=rng.uniform(1, 40)) if served else None
                tickets.append({
                    "hall_id": 1, "service_id": service_id, "day": day.isoformat(), "number": number,
                    "label": f"{letter}{number:03d}", "status": "done" if served else "no_show",
                    "key": uuid.uuid4().hex, "status_token": uuid.uuid4().hex,
                    "arrival_at": issued, "issued_at": issued, "called_at": called,
                    "finished_at": called + timedelta(minutes=rng.uniform(3, 15)) if served else None,
                    "counter_id": rng.choice(counters) if served else None, "updated_at": issued,
                    "priority": 0, "recalls": 0, "note": ""})
            ids = s.scalars(insert(Ticket).returning(Ticket.id, sort_by_parameter_order=True), tickets).all()
            ratings = [{"ticket_id": tid, "service_id": t["service_id"], "counter_id": t["counter_id"],
                        "score": rng.randint(1, 5), "reasons": [], "created_at": t["finished_at"]}
                       for tid, t in zip(ids, tickets) if t["status"] == "done" and rng.random() < 0.2]
            if ratings:
                s.execute(insert(Rating), ratings)
            events = []
            for _ in range(EVENTS_A_DAY):
                kind = rng.choice(("search", "search", "job_print", "quiz_result"))
                payload = ({"query": rng.choice(("司机", "会计", "厨师", "保安", "电工")), "results": rng.randint(0, 40)}
                           if kind == "search" else {"code": "".join(rng.sample("RIASEC", 3))}
                           if kind == "quiz_result" else {"job_id": rng.randint(1, 10)})
                at = opens + timedelta(minutes=rng.uniform(0, 480))
                events.append({"kiosk_id": rng.choice(kiosks), "key": uuid.uuid4().hex, "kind": kind,
                               "occurred_at": at, "received_at": at, "payload": payload})
            s.execute(insert(KioskEvent), events)
            s.commit()
            counts["tickets"] += len(tickets)
            counts["ratings"] += len(ratings)
            counts["events"] += len(events)
    db.dispose()
    return counts


def _measure(url: str, days: int, runs: int) -> dict:
    from central.db import Database
    from central.routers.reports import DEFAULT_DAYS, REPORTS, Period
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
            return t.ms
        return run

    every_report(month)(), every_report(year)()    # warm the caches and the page cache
    month_ms, year_ms = alternate(every_report(month), every_report(year), runs)
    db.dispose()
    return {"month_ms": round(median(month_ms), 1), "year_ms": round(median(year_ms), 1),
            "ratio": round(median(month_ms) / median(year_ms), 3),
            "fill_s": round(fill.s, 1), **counts,
            "tickets_per_hour_rows_month": rows[f"tickets_per_hour@{month.since}"]}


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
