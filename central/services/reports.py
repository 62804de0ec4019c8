"""Reports for managers: tickets per day and hour, waiting and service times, satisfaction,
no-shows, slips printed, quizzes, searches, terminal uptime and the audit log.

Every report covers a ``Period`` of the hall's days (the last 30 days by default, at most a
year) and optionally one hall. The period is applied in SQL, on indexed columns
(``tickets.day``, ``kiosk_events.kind, occurred_at``), and every figure is aggregated by the
database (GROUP BY, window functions): a report reads one row per line it shows, so it costs
what its period holds, not the whole history, and nothing is counted row by row in Python.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, Callable
from urllib.parse import urlencode

from sqlalchemy import Float, Select, Text, and_, case, cast, distinct, func, literal, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from central.i18n import N_
from central.halltime import day_start, hall_day, hall_hour, hall_time, hall_today
from central.models import (Counter, Kiosk, KioskEvent, Service, StaffRole, StaffUser,
                            UTCDateTime, utcnow)
from central.models.fleet import AuditEntry
from central.models.health import HealthSample
from central.models.queue import Rating, Ticket, TicketStatus
from central.schemas.reports import ReportOut
from central.services import access, health, queue
from central.services.errors import Forbidden, Invalid, NotFound

__all__ = ["Period", "REPORTS", "DEFAULT_DAYS", "MAX_DAYS", "run", "page_sections",
           "tickets_per_day", "tickets_per_hour", "service_times", "satisfaction", "no_shows",
           "slips_printed", "quiz_completions", "quiz_interests", "top_searches",
           "terminal_uptime", "audit_log", "tables", "seconds_between", "WAIT_MIN",
           "SERVICE_MIN"]

DEFAULT_DAYS = 30
MAX_DAYS = 366
EARLIEST, LATEST = date(2000, 1, 1), date(2099, 12, 31)   # outside, a date is a typing error
TOP_SEARCHES = 50
RIASEC = "RIASEC"
# what a search event's "results" holds, as text, when the search found nothing
NO_RESULTS = ("", "0", "0.0", "[]", "{}", "false")


@dataclass(frozen=True)
class Period:
    """The hall days ``since``..``until`` (both included), of one hall (``hall_id``, the
    filter asked for) or of the reader's halls (``halls``; None: every hall)."""

    since: date
    until: date
    hall_id: int | None = None
    halls: frozenset[int] | None = None

    def for_reader(self, user: StaffUser, minimum: str = "viewer") -> "Period":
        """The period narrowed to what ``user`` may read at role ``minimum``: the hall asked
        for if they hold that role there (access.require: NotFound for a hall not theirs,
        Forbidden for a role too low), else every hall where they hold it (Forbidden: none)."""
        if self.hall_id is not None:
            access.require(user, self.hall_id, minimum, "hall")
            return self
        allowed = access.halls(user, minimum)
        if allowed is not None and not allowed:
            raise Forbidden(f"requires role {minimum}")
        return replace(self, halls=allowed)

    @property
    def covered(self) -> frozenset[int] | None:
        """The halls the period's reports count (None: every hall)."""
        return frozenset((self.hall_id,)) if self.hall_id is not None else self.halls

    @classmethod
    def of(cls, since: date | None, until: date | None, hall_id: int | None) -> "Period":
        """The period a request asks for: until today and 30 days long unless it says; Invalid
        for a period backwards, over a year long, or with a date that is a typing error."""
        if any(day is not None and not EARLIEST <= day <= LATEST for day in (since, until)):
            raise Invalid(f"dates run from {EARLIEST} to {LATEST}")
        until = until or hall_today()
        since = since or until - timedelta(days=DEFAULT_DAYS - 1)
        if since > until:
            raise Invalid("since is after until")
        if (until - since).days >= MAX_DAYS:
            raise Invalid(f"a report covers at most {MAX_DAYS} days")
        return cls(since, until, hall_id)

    @classmethod
    def month(cls, month: str | None, hall_id: int | None) -> "Period":
        """The whole calendar month ``month`` (``YYYY-MM``; default: this month); Invalid for
        a month that is no date or a typing error."""
        try:
            first = date.fromisoformat(f"{month}-01") if month else hall_today().replace(day=1)
        except ValueError:
            raise Invalid("a month is YYYY-MM") from None
        if not EARLIEST <= first <= LATEST:
            raise Invalid(f"dates run from {EARLIEST} to {LATEST}")
        following = (first + timedelta(days=32)).replace(day=1)
        return cls.of(first, following - timedelta(days=1), hall_id)

    def tickets(self, query: Select) -> Select:
        """``query`` (over tickets) narrowed to the period's tickets."""
        query = query.where(Ticket.day >= self.since.isoformat(), Ticket.day <= self.until.isoformat())
        return query if self.covered is None else query.where(Ticket.hall_id.in_(sorted(self.covered)))

    def covers(self, at) -> tuple:
        """The conditions that the UTC time column ``at`` falls on one of the period's days."""
        return at >= day_start(self.since), at < day_start(self.until + timedelta(days=1))

    def events(self, kind: str, *columns) -> Select:
        """The period's terminal events of ``kind``, as ``columns``."""
        query = select(*columns).where(KioskEvent.kind == kind, *self.covers(KioskEvent.occurred_at))
        if self.covered is not None:
            query = query.where(KioskEvent.kiosk_id.in_(
                select(Kiosk.id).where(Kiosk.hall_id.in_(sorted(self.covered)))))
        return query

    def query_string(self) -> str:
        params = {"since": self.since.isoformat(), "until": self.until.isoformat()}
        return urlencode(params if self.hall_id is None else {**params, "hall": self.hall_id})


class seconds_between(FunctionElement):
    """SQL: seconds from the time ``a`` to the time ``b`` (negative if ``b`` is earlier)."""

    type = Float()
    inherit_cache = True


@compiles(seconds_between, "sqlite")
def _seconds_sqlite(element, compiler, **kw):
    a, b = (compiler.process(c, **kw) for c in element.clauses)
    return f"((julianday({b}) - julianday({a})) * 86400.0)"


@compiles(seconds_between, "postgresql")
def _seconds_postgresql(element, compiler, **kw):
    a, b = (compiler.process(c, **kw) for c in element.clauses)
    return f"extract(epoch from ({b} - {a}))"


# minutes a visitor waited (arrival to call), and of service (from sitting down, else from
# the call, to the finish): every report measures them the same way
WAIT_MIN = seconds_between(Ticket.arrival_at, Ticket.called_at) / 60.0
SERVICE_MIN = seconds_between(queue.service_start(), Ticket.finished_at) / 60.0   # one rule: queue's


def _json_text(column, key: str):
    """A JSON column's member as text (numbers as their digits), NULL when absent.

    The key is a bound parameter, and PostgreSQL does not take an expression with a parameter
    in the select list for "the same" one in GROUP BY (each gets its own): such columns are
    computed in a subquery and grouped outside it."""
    return cast(column[key].as_string(), Text)


def _round(value, digits: int) -> float | None:
    return round(float(value), digits) if value is not None else None


def tickets_per_day(db: Session, period: Period) -> ReportOut:
    rows = db.execute(period.tickets(select(Ticket.day, func.count())).group_by(Ticket.day))
    return [{"day": d, "tickets": n} for d, n in sorted(rows)]


def tickets_per_hour(db: Session, period: Period) -> ReportOut:
    """When the hall is busy: tickets by hour of the day over the period, and per open day."""
    hour = hall_hour(Ticket.issued_at)
    rows = db.execute(period.tickets(select(hour, func.count())).group_by(hour)).all()
    days = db.scalar(period.tickets(select(func.count(distinct(Ticket.day))))) or 1
    return [{"hour": h, "tickets": n, "per_open_day": round(n / days, 1)} for h, n in sorted(rows)]


def service_times(db: Session, period: Period) -> ReportOut:
    """Mean minutes from arrival to call, and of service (from sitting down, else from the
    call, to the finish), per service and counter."""
    wait, serve = WAIT_MIN, SERVICE_MIN
    waited = wait >= 0
    rows = db.execute(period.tickets(
        select(Service.name, Counter.name, func.count(case((waited, 1))),
               func.avg(case((waited, wait))),
               func.avg(case((and_(Ticket.status == TicketStatus.done, serve >= 0), serve))))
        .join(Service, Service.id == Ticket.service_id)
        .outerjoin(Counter, Counter.id == Ticket.counter_id)
        .where(Ticket.called_at.is_not(None)))
        .group_by(Service.name, Counter.name)).all()
    return sorted(({"service_counter": f"{s} @ {c or '?'}", "called": n, "avg_wait_min": _round(w, 1),
                    "avg_service_min": _round(v, 1)} for s, c, n, w, v in rows),
                  key=lambda r: r["service_counter"])


def satisfaction(db: Session, period: Period) -> ReportOut:
    rows = db.execute(period.tickets(
        select(Service.name, func.count(Rating.id), func.avg(Rating.score))
        .select_from(Rating).join(Ticket, Ticket.id == Rating.ticket_id)
        .join(Service, Service.id == Rating.service_id))
        .group_by(Service.name)).all()
    return [{"service": s, "ratings": n, "average": _round(avg, 2)} for s, n, avg in sorted(rows)]


def no_shows(db: Session, period: Period) -> ReportOut:
    missed = func.sum(case((Ticket.status == TicketStatus.no_show, 1), else_=0))
    rows = db.execute(period.tickets(
        select(Service.name, func.count(), missed).join(Service, Service.id == Ticket.service_id)
        .where(Ticket.status.in_((TicketStatus.done, TicketStatus.no_show))))
        .group_by(Service.name)).all()
    return [{"service": s, "finished": n, "no_shows": int(m or 0)} for s, n, m in sorted(rows)]


def _events_per_day(db: Session, period: Period, kind: str, column: str) -> ReportOut:
    day = hall_day(KioskEvent.occurred_at)
    rows = db.execute(period.events(kind, day, func.count()).group_by(day)).all()
    return [{"day": d, column: n} for d, n in sorted(rows)]


def slips_printed(db: Session, period: Period) -> ReportOut:
    return _events_per_day(db, period, "job_print", "slips")


def quiz_completions(db: Session, period: Period) -> ReportOut:
    """Quizzes finished per day (anonymous: only the code and scores are counted)."""
    return _events_per_day(db, period, "quiz_result", "completions")


def quiz_interests(db: Session, period: Period) -> ReportOut:
    """How often each RIASEC type leads a result, for planning guidance and training offers.
    The database counts each three-letter code (at most 120 of them); the letters are
    tallied from those counts."""
    codes = period.events("quiz_result", _json_text(KioskEvent.payload, "code").label("code")).subquery()
    first, in_code = dict.fromkeys(RIASEC, 0), dict.fromkeys(RIASEC, 0)
    total = 0
    for value, n in db.execute(select(codes.c.code, func.count()).group_by(codes.c.code)):
        if value is None or len(value) != 3 or not set(value) <= set(RIASEC):
            continue
        total += n
        first[value[0]] += n
        for letter in set(value):
            in_code[letter] += n
    return [{"type": t, "leading": first[t], "in_code": in_code[t],
             "leading_pct": round(100 * first[t] / total, 1) if total else 0.0} for t in RIASEC]


def top_searches(db: Session, period: Period) -> ReportOut:
    """What visitors search for at the terminals, and how often they find nothing."""
    found = period.events(
        "search", func.substr(_json_text(KioskEvent.payload, "query"), 1, 24).label("query"),
        case((func.coalesce(_json_text(KioskEvent.payload, "results"), "").in_(NO_RESULTS), 1),
             else_=0).label("empty")).subquery()
    searches = func.count()
    rows = db.execute(select(found.c.query, searches, func.sum(found.c.empty))
                      .where(found.c.query.is_not(None), found.c.query != "")
                      .group_by(found.c.query).order_by(searches.desc(), found.c.query)
                      .limit(TOP_SEARCHES)).all()
    return [{"query": q, "searches": n, "no_results": int(z or 0)}
            for q, n, z in sorted(rows, key=lambda r: (-r[1], r[0]))]


def terminal_uptime(db: Session, period: Period) -> ReportOut:
    """Each terminal's share of the period it was up (from its health samples), counted from
    the period's first day or its enrolment, whichever is later, until the period's end or
    now. A sample counts until the next one, at most ``health.GRACE`` (a beat may come late)."""
    now = utcnow()
    start, end = day_start(period.since), min(now, day_start(period.until + timedelta(days=1)))
    following = func.lead(HealthSample.at).over(partition_by=HealthSample.kiosk_id,
                                                order_by=HealthSample.at)
    span = seconds_between(HealthSample.at, func.coalesce(following, literal(end, UTCDateTime)))
    spans = (select(HealthSample.kiosk_id, HealthSample.state, HealthSample.at, span.label("span"))
             .where(HealthSample.at >= start, HealthSample.at < end).subquery())
    grace = health.GRACE.total_seconds()
    left = seconds_between(spans.c.at, literal(end, UTCDateTime))   # no span runs past the end
    counted = case((spans.c.span > grace, grace), else_=spans.c.span)
    counted = case((counted > left, left), else_=counted)
    per_kiosk = {kiosk_id: (n, up or 0.0, ok or 0.0) for kiosk_id, n, up, ok in db.execute(
        select(spans.c.kiosk_id, func.count(), func.sum(counted),
               func.sum(case((spans.c.state == "ok", counted), else_=0.0)))
        .group_by(spans.c.kiosk_id))}
    kiosks = select(Kiosk).where(Kiosk.revoked.is_(False)).order_by(Kiosk.name)
    if period.covered is not None:
        kiosks = kiosks.where(Kiosk.hall_id.in_(sorted(period.covered)))
    out = []
    for k in db.scalars(kiosks):
        n, up, ok = per_kiosk.get(k.id, (0, 0.0, 0.0))
        known = (end - max(start, k.enrolled_at or k.created_at)).total_seconds()
        if known <= 0:
            continue   # not yet in the fleet in this period
        out.append({"terminal": k.name, "uptime_pct": round(100 * min(up / known, 1), 1),
                    "all_devices_ok_pct": round(100 * min(ok / known, 1), 1), "samples": n})
    return out


def audit_log(db: Session, period: Period) -> ReportOut:
    """The period's staff actions, newest first (at most 500, at the hall's time); for some halls only, the
    actions of staff who work in one of them (city admins' own actions only city-wide)."""
    query = (select(AuditEntry, func.coalesce(StaffUser.username, ""))
             .outerjoin(StaffUser, StaffUser.id == AuditEntry.staff_id)
             .where(*period.covers(AuditEntry.at)))
    if period.covered is not None:
        query = query.where(AuditEntry.staff_id.in_(
            select(StaffRole.user_id).where(StaffRole.hall_id.in_(sorted(period.covered)))))
    rows = db.execute(query.order_by(AuditEntry.id.desc()).limit(500)).all()
    return [{"at": hall_time(a.at).strftime("%Y-%m-%d %H:%M:%S"), "staff": staff, "action": a.action,
             "target": a.target, "detail": a.detail, "security": a.security} for a, staff in rows]


REPORTS: dict[str, tuple[str, Callable[[Session, Period], ReportOut]]] = {
    "tickets_per_day": (N_("Tickets per day"), tickets_per_day),
    "tickets_per_hour": (N_("Tickets by hour of the day"), tickets_per_hour),
    "service_times": (N_("Waiting and service time per service and counter"), service_times),
    "satisfaction": (N_("Satisfaction"), satisfaction),
    "no_shows": (N_("No-shows"), no_shows),
    "slips_printed": (N_("Job slips printed"), slips_printed),
    "quiz_completions": (N_("Career quizzes completed"), quiz_completions),
    "quiz_interests": (N_("Leading interest types in quiz results"), quiz_interests),
    "top_searches": (N_("Top searches at the terminals"), top_searches),
    "terminal_uptime": (N_("Terminal uptime"), terminal_uptime),
    "audit": (N_("Audit log of staff actions"), audit_log),
}
# who may read which report, above the viewer every report needs
MINIMUM_ROLE = {"audit": "hall_manager"}


def run(db: Session, user: StaffUser, name: str, period: Period) -> ReportOut:
    """One report's rows over the halls the user may read it for; NotFound for an unknown
    report or a hall not theirs, Forbidden for a report above their role."""
    if name not in REPORTS:
        raise NotFound("no such report")
    return REPORTS[name][1](db, period.for_reader(user, MINIMUM_ROLE.get(name, "viewer")))


def page_sections(db: Session, user: StaffUser, period: Period) -> list[dict[str, Any]]:
    """Every report the user may read, each with the column its bar chart shows and its peak."""
    sections = []
    period.for_reader(user)   # a hall not theirs is refused, not shown empty
    for name, (title, report) in REPORTS.items():
        try:
            readable = period.for_reader(user, MINIMUM_ROLE.get(name, "viewer"))
        except Forbidden:
            continue
        rows = report(db, readable)
        first = rows[0] if rows else {}
        bar = next((k for k, v in first.items() if isinstance(v, (int, float)) and k != "hour"), None)
        peak = max((r[bar] or 0 for r in rows), default=0) if bar else 0
        sections.append({"name": name, "title": title, "rows": rows, "bar": bar, "peak": peak or 1})
    return sections


def tables(name: str, rows: ReportOut) -> list[tuple[str, list[str], ReportOut]]:
    """A report as one table to export, its columns those of its rows."""
    return [(REPORTS[name][0], list(rows[0]) if rows else [], rows)]
