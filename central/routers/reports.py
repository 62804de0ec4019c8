"""Reports for managers: tickets per hour, waiting and service times, satisfaction, no-shows,
slips printed, terminal health; each as JSON or CSV, and a console page with bar charts."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import timedelta
from typing import Any, Callable

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from central.deps import DbDep, get_staff, require_role
from central.models import Counter, Kiosk, KioskEvent, Service, StaffUser, utcnow
from central.models.fleet import AuditEntry
from central.models.queue import Rating, Ticket
from central.queue import day_of

router = APIRouter(tags=["reports"])
Viewer = Depends(require_role("viewer"))


def _minutes(a, b) -> float | None:
    return round((b - a).total_seconds() / 60, 1) if a and b and b >= a else None


def tickets_per_hour(db) -> list[dict[str, Any]]:
    counts: dict[tuple, int] = defaultdict(int)
    for t in db.scalars(select(Ticket)):
        local = day_of(t.issued_at)
        hour = (t.issued_at.hour + 8) % 24
        counts[(local, hour)] += 1
    return [{"day": d, "hour": h, "tickets": n} for (d, h), n in sorted(counts.items())]


def service_times(db) -> list[dict[str, Any]]:
    rows: dict[str, dict[str, list]] = defaultdict(lambda: {"wait": [], "serve": []})
    names = {s.id: s.name for s in db.scalars(select(Service))}
    counters = {c.id: c.name for c in db.scalars(select(Counter))}
    for t in db.scalars(select(Ticket).where(Ticket.called_at.is_not(None))):
        key = f"{names.get(t.service_id, '?')} @ {counters.get(t.counter_id, '?')}"
        if (w := _minutes(t.arrival_at, t.called_at)) is not None:
            rows[key]["wait"].append(w)
        if t.status == "done" and (s := _minutes(t.called_at, t.finished_at)) is not None:
            rows[key]["serve"].append(s)
    avg = lambda xs: round(sum(xs) / len(xs), 1) if xs else None  # noqa: E731
    return [{"service_counter": k, "called": len(v["wait"]), "avg_wait_min": avg(v["wait"]),
             "avg_service_min": avg(v["serve"])} for k, v in sorted(rows.items())]


def satisfaction(db) -> list[dict[str, Any]]:
    names = {s.id: s.name for s in db.scalars(select(Service))}
    by: dict[str, list[int]] = defaultdict(list)
    for r in db.scalars(select(Rating)):
        by[names.get(r.service_id, "?")].append(r.score)
    return [{"service": k, "ratings": len(v), "average": round(sum(v) / len(v), 2)} for k, v in sorted(by.items())]


def no_shows(db) -> list[dict[str, Any]]:
    names = {s.id: s.name for s in db.scalars(select(Service))}
    total: dict[str, int] = defaultdict(int)
    missed: dict[str, int] = defaultdict(int)
    for t in db.scalars(select(Ticket).where(Ticket.status.in_(("done", "no_show")))):
        total[names.get(t.service_id, "?")] += 1
        missed[names.get(t.service_id, "?")] += t.status == "no_show"
    return [{"service": k, "finished": n, "no_shows": missed[k]} for k, n in sorted(total.items())]


def slips_printed(db) -> list[dict[str, Any]]:
    counts: dict[str, int] = defaultdict(int)
    for e in db.scalars(select(KioskEvent).where(KioskEvent.kind == "job_print")):
        counts[day_of(e.occurred_at)] += 1
    return [{"day": d, "slips": n} for d, n in sorted(counts.items())]


def quiz_completions(db) -> list[dict[str, Any]]:
    """Quizzes finished per day (anonymous: only the code and scores are counted)."""
    counts: dict[str, int] = defaultdict(int)
    for e in db.scalars(select(KioskEvent).where(KioskEvent.kind == "quiz_result")):
        counts[day_of(e.occurred_at)] += 1
    return [{"day": d, "completions": n} for d, n in sorted(counts.items())]


def quiz_interests(db) -> list[dict[str, Any]]:
    """How often each RIASEC type leads a result, for planning guidance and training offers."""
    first: dict[str, int] = dict.fromkeys("RIASEC", 0)
    in_code: dict[str, int] = dict.fromkeys("RIASEC", 0)
    total = 0
    for e in db.scalars(select(KioskEvent).where(KioskEvent.kind == "quiz_result")):
        code = str((e.payload or {}).get("code", ""))
        if len(code) != 3 or not set(code) <= set(first):
            continue
        total += 1
        first[code[0]] += 1
        for letter in set(code):
            in_code[letter] += 1
    return [{"type": t, "leading": first[t], "in_code": in_code[t],
             "leading_pct": round(100 * first[t] / total, 1) if total else 0.0} for t in "RIASEC"]


def top_searches(db) -> list[dict[str, Any]]:
    """What visitors search for at the terminals, and how often they find nothing."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for e in db.scalars(select(KioskEvent).where(KioskEvent.kind == "search")):
        query = str((e.payload or {}).get("query", ""))[:24]
        if query:
            counts[query][0] += 1
            counts[query][1] += not (e.payload or {}).get("results")
    top = sorted(counts.items(), key=lambda kv: (-kv[1][0], kv[0]))[:50]
    return [{"query": q, "searches": n, "no_results": z} for q, (n, z) in top]


def terminal_uptime(db) -> list[dict[str, Any]]:
    """Each terminal's share of the last 7 days it was up (from its health samples)."""
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
    for k in db.scalars(select(Kiosk).where(Kiosk.revoked.is_(False)).order_by(Kiosk.name)):
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


def audit_log(db) -> list[dict[str, Any]]:
    users = {u.id: u.username for u in db.scalars(select(StaffUser))}
    rows = db.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(500)).all()
    return [{"at": a.at.isoformat()[:19], "staff": users.get(a.staff_id, ""), "action": a.action,
             "target": a.target, "detail": a.detail} for a in rows]


REPORTS: dict[str, tuple[str, Callable]] = {
    "tickets_per_hour": ("Tickets per hour", tickets_per_hour),
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
def report(name: str, db: DbDep, format: str = "json", user: StaffUser = Viewer):
    """One report as JSON, or as CSV with ``?format=csv``."""
    if name not in REPORTS:
        raise HTTPException(404, "no such report")
    if name == "audit" and user.role not in ("admin", "hall_manager"):
        raise HTTPException(403, "requires role hall_manager")
    rows = REPORTS[name][1](db)
    if format != "csv":
        return rows
    buf = io.StringIO()
    if rows:
        writer = csv.DictWriter(buf, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return Response("\ufeff" + buf.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


@router.get("/console/reports", response_class=HTMLResponse)
def reports_page(request: Request, db: DbDep):
    """Every report as a table with a bar chart of its main figure, and CSV links."""
    try:
        user = get_staff(request, db)
    except HTTPException:
        return RedirectResponse("/console/login", status_code=303)
    sections = []
    for name, (title, fn) in REPORTS.items():
        if name == "audit" and user.role not in ("admin", "hall_manager"):
            continue
        rows = fn(db)
        numeric = next((k for k in (rows[0] if rows else {}) if isinstance(rows[0][k], (int, float))
                        and k not in ("hour",)), None)
        peak = max((r[numeric] or 0 for r in rows), default=0) if numeric else 0
        sections.append({"name": name, "title": title, "rows": rows, "bar": numeric, "peak": peak or 1})
    return request.app.state.templates.TemplateResponse(request, "console/reports.html",
                                                        {"user": user, "sections": sections})
