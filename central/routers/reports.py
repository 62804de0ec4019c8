"""Reports for managers: tickets per hour, waiting and service times, satisfaction, no-shows,
slips printed, quizzes, searches, terminal health and the audit log; each as JSON or CSV, and a
console page with bar charts.

Every report covers a period of the hall's days (``since``/``until``, the last 30 days by
default, at most a year) and optionally one hall (``hall``). The period is applied in SQL, on
indexed columns (``tickets.day``, ``kiosk_events.kind, occurred_at``), and only the columns a
report needs are read: a report costs what its period holds, not the whole history.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated, Any, Callable
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import Select, select

from central.deps import DbDep, get_staff, require_role
from central.models import Counter, Hall, Kiosk, KioskEvent, Service, StaffUser, utcnow
from central.models.fleet import AuditEntry
from central.models.queue import Rating, Ticket
from central.queue import HALL_UTC_OFFSET, day_of, day_start, hall_today

router = APIRouter(tags=["reports"])
Viewer = Depends(require_role("viewer"))
DEFAULT_DAYS = 30
MAX_DAYS = 366
EARLIEST, LATEST = date(2000, 1, 1), date(2099, 12, 31)   # outside, a date is a typing error


@dataclass(frozen=True)
class Period:
    """The hall days ``since``..``until`` (both included), of one hall or of all."""

    since: date
    until: date
    hall_id: int | None = None

    def tickets(self, query: Select) -> Select:
        """``query`` (over tickets) narrowed to the period's tickets."""
        query = query.where(Ticket.day >= self.since.isoformat(), Ticket.day <= self.until.isoformat())
        return query if self.hall_id is None else query.where(Ticket.hall_id == self.hall_id)

    def covers(self, at) -> tuple:
        """The conditions that the UTC time column ``at`` falls on one of the period's days."""
        return at >= day_start(self.since), at < day_start(self.until + timedelta(days=1))

    def events(self, kind: str, *columns) -> Select:
        """The period's terminal events of ``kind``, as ``columns``."""
        query = select(*columns).where(KioskEvent.kind == kind, *self.covers(KioskEvent.occurred_at))
        if self.hall_id is not None:
            query = query.where(KioskEvent.kiosk_id.in_(select(Kiosk.id).where(Kiosk.hall_id == self.hall_id)))
        return query

    def query_string(self) -> str:
        params = {"since": self.since.isoformat(), "until": self.until.isoformat()}
        return urlencode(params if self.hall_id is None else {**params, "hall": self.hall_id})


def period(since: Annotated[date | None, Query(description="first hall day (default: 29 days before until)")] = None,
           until: Annotated[date | None, Query(description="last hall day (default: today)")] = None,
           hall: Annotated[str, Query(pattern=r"^[0-9]{0,9}$",
                                      description="one hall's id; empty or absent: every hall")] = "") -> Period:
    if any(day is not None and not EARLIEST <= day <= LATEST for day in (since, until)):
        raise HTTPException(422, f"dates run from {EARLIEST} to {LATEST}")
    until = until or hall_today()
    since = since or until - timedelta(days=DEFAULT_DAYS - 1)
    if since > until:
        raise HTTPException(422, "since is after until")
    if (until - since).days >= MAX_DAYS:
        raise HTTPException(422, f"a report covers at most {MAX_DAYS} days")
    return Period(since, until, int(hall) if hall else None)


PeriodDep = Annotated[Period, Depends(period)]


def _minutes(a, b) -> float | None:
    return round((b - a).total_seconds() / 60, 1) if a and b and b >= a else None


def tickets_per_day(db, period: Period) -> list[dict[str, Any]]:
    counts: dict[str, int] = defaultdict(int)
    for day in db.scalars(period.tickets(select(Ticket.day))):
        counts[day] += 1
    return [{"day": d, "tickets": n} for d, n in sorted(counts.items())]


def tickets_per_hour(db, period: Period) -> list[dict[str, Any]]:
    """When the hall is busy: tickets by hour of the day over the period, and per open day."""
    counts: dict[int, int] = defaultdict(int)
    days: set[str] = set()
    for issued_at, day in db.execute(period.tickets(select(Ticket.issued_at, Ticket.day))):
        counts[(issued_at + HALL_UTC_OFFSET).hour] += 1
        days.add(day)
    return [{"hour": h, "tickets": n, "per_open_day": round(n / len(days), 1)}
            for h, n in sorted(counts.items())]


def service_times(db, period: Period) -> list[dict[str, Any]]:
    rows: dict[str, dict[str, list]] = defaultdict(lambda: {"wait": [], "serve": []})
    names = _service_names(db)
    counters = dict(db.execute(select(Counter.id, Counter.name)).all())
    for t in db.execute(period.tickets(select(Ticket.service_id, Ticket.counter_id, Ticket.status,
                                              Ticket.arrival_at, Ticket.called_at, Ticket.finished_at)
                                       .where(Ticket.called_at.is_not(None)))):
        key = f"{names.get(t.service_id, '?')} @ {counters.get(t.counter_id, '?')}"
        if (w := _minutes(t.arrival_at, t.called_at)) is not None:
            rows[key]["wait"].append(w)
        if t.status == "done" and (s := _minutes(t.called_at, t.finished_at)) is not None:
            rows[key]["serve"].append(s)
    avg = lambda xs: round(sum(xs) / len(xs), 1) if xs else None  # noqa: E731
    return [{"service_counter": k, "called": len(v["wait"]), "avg_wait_min": avg(v["wait"]),
             "avg_service_min": avg(v["serve"])} for k, v in sorted(rows.items())]


def satisfaction(db, period: Period) -> list[dict[str, Any]]:
    names = _service_names(db)
    by: dict[str, list[int]] = defaultdict(list)
    for service_id, score in db.execute(period.tickets(
            select(Rating.service_id, Rating.score).join(Ticket, Ticket.id == Rating.ticket_id))):
        by[names.get(service_id, "?")].append(score)
    return [{"service": k, "ratings": len(v), "average": round(sum(v) / len(v), 2)} for k, v in sorted(by.items())]


def no_shows(db, period: Period) -> list[dict[str, Any]]:
    names = _service_names(db)
    total: dict[str, int] = defaultdict(int)
    missed: dict[str, int] = defaultdict(int)
    for service_id, status in db.execute(period.tickets(
            select(Ticket.service_id, Ticket.status).where(Ticket.status.in_(("done", "no_show"))))):
        total[names.get(service_id, "?")] += 1
        missed[names.get(service_id, "?")] += status == "no_show"
    return [{"service": k, "finished": n, "no_shows": missed[k]} for k, n in sorted(total.items())]


def slips_printed(db, period: Period) -> list[dict[str, Any]]:
    counts: dict[str, int] = defaultdict(int)
    for occurred_at in db.scalars(period.events("job_print", KioskEvent.occurred_at)):
        counts[day_of(occurred_at)] += 1
    return [{"day": d, "slips": n} for d, n in sorted(counts.items())]


def quiz_completions(db, period: Period) -> list[dict[str, Any]]:
    """Quizzes finished per day (anonymous: only the code and scores are counted)."""
    counts: dict[str, int] = defaultdict(int)
    for occurred_at in db.scalars(period.events("quiz_result", KioskEvent.occurred_at)):
        counts[day_of(occurred_at)] += 1
    return [{"day": d, "completions": n} for d, n in sorted(counts.items())]


def quiz_interests(db, period: Period) -> list[dict[str, Any]]:
    """How often each RIASEC type leads a result, for planning guidance and training offers."""
    first: dict[str, int] = dict.fromkeys("RIASEC", 0)
    in_code: dict[str, int] = dict.fromkeys("RIASEC", 0)
    total = 0
    for payload in db.scalars(period.events("quiz_result", KioskEvent.payload)):
        code = str((payload or {}).get("code", ""))
        if len(code) != 3 or not set(code) <= set(first):
            continue
        total += 1
        first[code[0]] += 1
        for letter in set(code):
            in_code[letter] += 1
    return [{"type": t, "leading": first[t], "in_code": in_code[t],
             "leading_pct": round(100 * first[t] / total, 1) if total else 0.0} for t in "RIASEC"]


def top_searches(db, period: Period) -> list[dict[str, Any]]:
    """What visitors search for at the terminals, and how often they find nothing."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for payload in db.scalars(period.events("search", KioskEvent.payload)):
        query = str((payload or {}).get("query", ""))[:24]
        if query:
            counts[query][0] += 1
            counts[query][1] += not (payload or {}).get("results")
    top = sorted(counts.items(), key=lambda kv: (-kv[1][0], kv[0]))[:50]
    return [{"query": q, "searches": n, "no_results": z} for q, (n, z) in top]


def terminal_uptime(db, period: Period) -> list[dict[str, Any]]:
    """Each terminal's share of the last 7 days it was up (from its health samples); the
    samples are kept for a week, so this report does not follow the period, only the hall."""
    from central.health import SAMPLE_EVERY
    from central.models.health import HealthSample
    now = utcnow()
    start = now - timedelta(days=7)
    grace = SAMPLE_EVERY + timedelta(minutes=2)  # a beat may come late
    samples: dict[int, list[tuple]] = defaultdict(list)
    for row in db.execute(select(HealthSample.kiosk_id, HealthSample.at, HealthSample.state)
                          .where(HealthSample.at >= start).order_by(HealthSample.at)):
        samples[row.kiosk_id].append((row.at, row.state))
    out = []
    kiosks = select(Kiosk).where(Kiosk.revoked.is_(False)).order_by(Kiosk.name)
    if period.hall_id is not None:
        kiosks = kiosks.where(Kiosk.hall_id == period.hall_id)
    for k in db.scalars(kiosks):
        rows = samples.get(k.id, [])
        up = ok = timedelta()
        for (at, state), nxt in zip(rows, [*[r[0] for r in rows[1:]], now]):
            span = min(nxt - at, grace)
            up += span
            ok += span if state == "ok" else timedelta()
        since = max(start, k.enrolled_at or k.created_at)
        period = max(now - since, timedelta(seconds=1))
        out.append({"terminal": k.name, "uptime_pct": round(100 * min(up / period, 1), 1),
                    "all_devices_ok_pct": round(100 * min(ok / period, 1), 1),
                    "samples": len(rows)})
    return out


def audit_log(db, period: Period) -> list[dict[str, Any]]:
    """The period's staff actions, newest first (at most 500)."""
    users = dict(db.execute(select(StaffUser.id, StaffUser.username)).all())
    rows = db.scalars(select(AuditEntry).where(*period.covers(AuditEntry.at))
                      .order_by(AuditEntry.id.desc()).limit(500)).all()
    return [{"at": a.at.isoformat()[:19], "staff": users.get(a.staff_id, ""), "action": a.action,
             "target": a.target, "detail": a.detail} for a in rows]


def _service_names(db) -> dict[int, str]:
    return dict(db.execute(select(Service.id, Service.name)).all())


REPORTS: dict[str, tuple[str, Callable[[Any, Period], list[dict[str, Any]]]]] = {
    "tickets_per_day": ("Tickets per day", tickets_per_day),
    "tickets_per_hour": ("Tickets by hour of the day", tickets_per_hour),
    "service_times": ("Waiting and service time per service and counter", service_times),
    "satisfaction": ("Satisfaction", satisfaction),
    "no_shows": ("No-shows", no_shows),
    "slips_printed": ("Job slips printed", slips_printed),
    "quiz_completions": ("Career quizzes completed", quiz_completions),
    "quiz_interests": ("Leading interest types in quiz results", quiz_interests),
    "top_searches": ("Top searches at the terminals", top_searches),
    "terminal_uptime": ("Terminal uptime, last 7 days", terminal_uptime),
    "audit": ("Audit log of staff actions", audit_log),
}


@router.get("/api/reports/{name}")
def report(name: str, db: DbDep, period: PeriodDep, format: str = "json", user: StaffUser = Viewer):
    """One report for a period as JSON, or as CSV with ``?format=csv``."""
    if name not in REPORTS:
        raise HTTPException(404, "no such report")
    if name == "audit" and user.role not in ("admin", "hall_manager"):
        raise HTTPException(403, "requires role hall_manager")
    rows = REPORTS[name][1](db, period)
    if format != "csv":
        return rows
    buf = io.StringIO()
    if rows:
        writer = csv.DictWriter(buf, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return Response("\ufeff" + buf.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition":
                             f'attachment; filename="{name}_{period.since}_{period.until}.csv"'})


@router.get("/console/reports", response_class=HTMLResponse)
def reports_page(request: Request, db: DbDep, period: PeriodDep):
    """Every report for the period as a table with a bar chart of its main figure, and CSV links."""
    try:
        user = get_staff(request, db)
    except HTTPException:
        return RedirectResponse("/console/login", status_code=303)
    sections = []
    for name, (title, fn) in REPORTS.items():
        if name == "audit" and user.role not in ("admin", "hall_manager"):
            continue
        rows = fn(db, period)
        numeric = next((k for k in (rows[0] if rows else {}) if isinstance(rows[0][k], (int, float))
                        and k not in ("hour",)), None)
        peak = max((r[numeric] or 0 for r in rows), default=0) if numeric else 0
        sections.append({"name": name, "title": title, "rows": rows, "bar": numeric, "peak": peak or 1})
    return request.app.state.templates.TemplateResponse(request, "console/reports.html",
                                                        {"user": user, "sections": sections, "period": period,
                                                         "halls": db.execute(select(Hall.id, Hall.name)
                                                                             .order_by(Hall.id)).all()})
