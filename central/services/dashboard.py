"""The reports dashboard: a period's figures at a glance (tiles) and the same figures per day.

Every figure is aggregated by the database, once for the whole period (the tiles) and once
grouped by the hall's day (the lines); Python only fills the days without a row.

- *served*: a ticket called to a counter that was not a no-show; its wait runs from the
  visitor's arrival to the call.
- *within target*: a served ticket whose wait was at most its hall's ``wait_target_min``.
- *no-show rate*: no-shows among the tickets that ended at a counter (finished or no-show).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.orm import Session

from central.i18n import N_
from central.halltime import hall_today
from central.models import Hall, StaffUser
from central.models.queue import Rating, Ticket, TicketStatus
from central.schemas.reports import DashboardDayOut, DashboardOut, DashboardTilesOut
from central.services import access, exports, reports
from central.services.charts import line_chart
from central.services.reports import WAIT_MIN, Period, quiz_completions, slips_printed

__all__ = ["dashboard", "presets", "wait_target", "tiles", "charts", "tables",
           "page",
           "TILES", "DAY_COLUMNS"]

WAIT = WAIT_MIN
SERVED = and_(Ticket.called_at.is_not(None), Ticket.status != TicketStatus.no_show, WAIT >= 0)
WITHIN = and_(SERVED, WAIT <= Hall.wait_target_min)
NO_SHOW = Ticket.status == TicketStatus.no_show
ENDED = Ticket.status.in_((TicketStatus.done, TicketStatus.no_show))

# the tiles in the order shown: (key, label, unit); the labels are translated where shown
TILES = [("tickets", N_("Tickets"), ""), ("mean_wait_min", N_("Mean wait"), N_("min")),
         ("within_target_pct", N_("Served within the wait target"), "%"),
         ("satisfaction", N_("Satisfaction (out of 5)"), ""),
         ("no_show_rate_pct", N_("No-show rate"), "%"),
         ("slips", N_("Job slips printed"), ""), ("quizzes", N_("Career quizzes"), "")]
DAY_COLUMNS = ["day", "tickets", "served", "mean_wait_min", "within_target", "within_target_pct",
               "no_shows", "no_show_rate_pct", "ratings", "satisfaction", "slips", "quizzes"]


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _rounded(value, digits: int) -> float | None:
    return round(float(value), digits) if value is not None else None


def _ticket_figures(query: Select) -> Select:
    """The ticket figures as the columns of ``query`` (tickets joined to their hall)."""
    return (query.add_columns(func.count(), func.sum(case((SERVED, 1), else_=0)),
                              func.avg(case((SERVED, WAIT))), func.sum(case((WITHIN, 1), else_=0)),
                              func.sum(case((NO_SHOW, 1), else_=0)),
                              func.sum(case((ENDED, 1), else_=0)))
            .select_from(Ticket).join(Hall, Hall.id == Ticket.hall_id))


def _figures(tickets, served, wait, within, no_shows, ended, ratings, score,
             slips, quizzes) -> dict[str, Any]:
    tickets, served, within, no_shows, ended = (int(v or 0) for v in (tickets, served, within,
                                                                      no_shows, ended))
    return {"tickets": tickets, "served": served, "mean_wait_min": _rounded(wait, 1),
            "within_target": within, "within_target_pct": _pct(within, served),
            "no_shows": no_shows, "no_show_rate_pct": _pct(no_shows, ended),
            "ratings": int(ratings or 0), "satisfaction": _rounded(score, 2),
            "slips": slips, "quizzes": quizzes}


def dashboard(db: Session, period: Period) -> DashboardOut:
    """The period's tiles and its figures day by day (every day of the period, empty or not)."""
    totals = db.execute(period.tickets(_ticket_figures(select()))).one()
    rated = period.tickets(select(func.count(Rating.id), func.avg(Rating.score))
                           .select_from(Rating).join(Ticket, Ticket.id == Rating.ticket_id))
    ratings = db.execute(rated).one()
    slips = {r["day"]: r["slips"] for r in slips_printed(db, period)}
    quizzes = {r["day"]: r["completions"] for r in quiz_completions(db, period)}
    tiles = _figures(*totals, *ratings, sum(slips.values()), sum(quizzes.values()))

    per_day = {row[0]: row[1:] for row in db.execute(
        period.tickets(_ticket_figures(select(Ticket.day))).group_by(Ticket.day))}
    rated_per_day = {row[0]: row[1:] for row in db.execute(
        period.tickets(select(Ticket.day, func.count(Rating.id), func.avg(Rating.score))
                       .select_from(Rating).join(Ticket, Ticket.id == Rating.ticket_id))
        .group_by(Ticket.day))}
    days = []
    for offset in range((period.until - period.since).days + 1):
        day = (period.since + timedelta(days=offset)).isoformat()
        figures = _figures(*per_day.get(day, (0, 0, None, 0, 0, 0)), *rated_per_day.get(day, (0, None)),
                           slips.get(day, 0), quizzes.get(day, 0))
        days.append(DashboardDayOut(day=day, **figures))
    return DashboardOut(since=period.since.isoformat(), until=period.until.isoformat(),
                        tiles=DashboardTilesOut(**tiles), days=days)


def presets(today: date) -> list[tuple[str, date, date]]:
    """The periods offered with one click: (label, first day, last day)."""
    monday = today - timedelta(days=today.weekday())
    first = today.replace(day=1)
    last_month_end = first - timedelta(days=1)
    return [(N_("Today"), today, today), (N_("This week"), monday, today),
            (N_("Last 7 days"), today - timedelta(days=6), today), (N_("This month"), first, today),
            (N_("Last month"), last_month_end.replace(day=1), last_month_end)]


def wait_target(db: Session, period: Period) -> int | None:
    """The wait target of the period's hall, when it covers one hall only."""
    covered = period.covered
    if covered is None or len(covered) != 1:
        return None
    return db.scalar(select(Hall.wait_target_min).where(Hall.id == next(iter(covered))))


def tiles(report: DashboardOut) -> list[dict[str, Any]]:
    """The tiles as shown: (key, label, value, unit, the counts behind a share or a mean)."""
    t = report.tiles
    behind = {"mean_wait_min": (N_("%(n)s served"), t.served),
              "within_target_pct": (N_("%(n)s of %(of)s served"), t.within_target, t.served),
              "satisfaction": (N_("ratings: %(n)s"), t.ratings),
              "no_show_rate_pct": (N_("no-shows: %(n)s"), t.no_shows)}
    return [{"key": key, "label": name, "value": getattr(t, key), "unit": unit,
             "behind": behind.get(key)} for key, name, unit in TILES]


def charts(report: DashboardOut, target: int | None) -> list[dict[str, Any]]:
    """The dashboard's line charts over the period's days."""
    days = [d.day for d in report.days]

    def of(key: str) -> list:
        return [getattr(d, key) for d in report.days]

    return [
        {"title": N_("Tickets per day"), "names": [N_("Tickets"), N_("Served")],
         "chart": line_chart(days, [("tickets", of("tickets")), ("served", of("served"))])},
        {"title": N_("Mean wait per day (min)"), "names": [N_("Mean wait (min)")],
         "chart": line_chart(days, [("wait", of("mean_wait_min"))], guide=target)},
        {"title": N_("Satisfaction per day (out of 5)"), "names": [N_("Satisfaction (out of 5)")],
         "chart": line_chart(days, [("satisfaction", of("satisfaction"))], ceiling=5,
                                parts=5)},
        {"title": N_("Slips and quizzes per day"), "names": [N_("Job slips printed"), N_("Career quizzes")],
         "chart": line_chart(days, [("slips", of("slips")), ("quizzes", of("quizzes"))])},
    ]


def tables(report: DashboardOut) -> list[tuple[str, list[str], list[dict[str, Any]]]]:
    """The dashboard as tables to export: the period's figures, then day by day."""
    figures = [{"figure": exports.COLUMNS[key], "value": getattr(report.tiles, key)}
               for key, _, _ in TILES]
    return [(N_("Summary"), ["figure", "value"], figures),
            (N_("Per day"), DAY_COLUMNS, [d.model_dump() for d in report.days])]


def page(db: Session, user: StaffUser, period: Period, details: bool = True) -> dict[str, Any]:
    """What the dashboard page (and the monthly summary) shows to ``user``: the tiles, the
    charts, the days, the detailed reports (``details``), and whether they may read staff
    performance."""
    readable = period.for_reader(user)
    report = dashboard(db, readable)
    managed = access.halls(user, "hall_manager")
    hall = db.get(Hall, period.hall_id) if period.hall_id is not None else None
    return {"report": report, "tiles": tiles(report), "charts": charts(report, wait_target(db, readable)),
            "sections": reports.page_sections(db, user, period) if details else [],
            "day_columns": DAY_COLUMNS, "columns": exports.COLUMNS,
            "text_columns": exports.TEXT_COLUMNS, "shown": exports.shown, "hall": hall,
            "performance": managed is None or bool(managed),
            "presets": [(name, Period.of(since, until, period.hall_id).query_string())
                        for name, since, until in presets(hall_today())]}
