"""Staff performance (绩效考核): workload, effect and satisfaction together, per staff member
and per counter, over a period of the reader's halls (hall managers and admins only).

- *served*: tickets the person (or counter) finished; *mean service time*: from when the
  visitor sat down (``serving_at``), else from the call, to the finish, in minutes.
- *satisfaction*: the ratings of the tickets they served, and the mean score (1-5).
- *referrals*: referrals to postings the person made in the period; *hired*: how many of
  those ended in a hire.
- *no-shows*: visitors they called who did not come.

The staff listed are the counsellors and managers of the halls, and anyone else who called
a ticket there in the period. Every figure is counted by the database.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from central.i18n import N_
from central.models import Counter, Hall, StaffRole, StaffUser
from central.models.queue import Rating, Referral, Ticket, TicketStatus
from central.schemas.reports import CounterPerformanceOut, PerformanceOut, StaffPerformanceOut
from central.services import exports
from central.services.errors import Forbidden
from central.services.reports import SERVICE_MIN, Period

__all__ = ["performance", "tables", "for_page", "columns", "STAFF_COLUMNS", "COUNTER_COLUMNS"]

DONE = Ticket.status == TicketStatus.done
SERVICE = SERVICE_MIN
STAFF_COLUMNS = ["name", "served", "mean_service_min", "ratings", "satisfaction", "referrals",
                 "hired", "no_shows"]
COUNTER_COLUMNS = ["hall", "name", "served", "mean_service_min", "ratings", "satisfaction",
                   "no_shows"]


def _rounded(value, digits: int) -> float | None:
    return round(float(value), digits) if value is not None else None


def _tickets_by(db: Session, period: Period, column) -> dict[int, tuple[int, float | None, int]]:
    """column value -> (served, mean service minutes, no-shows) over the period's tickets."""
    rows = db.execute(period.tickets(
        select(column, func.sum(case((DONE, 1), else_=0)),
               func.avg(case((and_(DONE, SERVICE >= 0), SERVICE))),
               func.sum(case((Ticket.status == TicketStatus.no_show, 1), else_=0)))
        .where(column.is_not(None))).group_by(column))
    return {key: (int(served or 0), _rounded(mean, 1), int(missed or 0))
            for key, served, mean, missed in rows}


def _ratings_by(db: Session, period: Period, column) -> dict[int, tuple[int, float | None]]:
    """column value -> (ratings, mean score) of the period's rated tickets."""
    rows = db.execute(period.tickets(
        select(column, func.count(Rating.id), func.avg(Rating.score))
        .select_from(Rating).join(Ticket, Ticket.id == Rating.ticket_id)
        .where(column.is_not(None))).group_by(column))
    return {key: (int(n), _rounded(mean, 2)) for key, n, mean in rows}


def _staff(db: Session, period: Period, active: set[int]) -> list[tuple[int, str]]:
    """(id, name) of the halls' counsellors and managers, and of anyone in ``active``."""
    roles = select(StaffRole.user_id).where(StaffRole.role.in_(("counsellor", "hall_manager")))
    if period.covered is not None:
        roles = roles.where(StaffRole.hall_id.in_(sorted(period.covered)))
    rows = db.execute(select(StaffUser.id, StaffUser.full_name, StaffUser.username)
                      .where(or_(StaffUser.id.in_(roles), StaffUser.id.in_(sorted(active))))
                      .order_by(StaffUser.username))
    return [(i, full or user) for i, full, user in rows]


def _referrals(db: Session, period: Period, staff: list[int]) -> dict[int, tuple[int, int]]:
    """staff id -> (referrals made in the period, how many led to a hire)."""
    rows = db.execute(select(Referral.staff_id, func.count(),
                             func.sum(case((Referral.state == "hired", 1), else_=0)))
                      .where(Referral.staff_id.in_(staff), *period.covers(Referral.created_at))
                      .group_by(Referral.staff_id))
    return {i: (int(n), int(hired or 0)) for i, n, hired in rows}


def performance(db: Session, period: Period) -> PerformanceOut:
    """Per staff member and per counter, the period's workload, effect and satisfaction."""
    by_staff = _tickets_by(db, period, Ticket.staff_id)
    staff = _staff(db, period, set(by_staff))
    rated = _ratings_by(db, period, Ticket.staff_id)
    referred = _referrals(db, period, [i for i, _ in staff])
    staff_rows = []
    for staff_id, name in staff:
        served, mean, missed = by_staff.get(staff_id, (0, None, 0))
        ratings, score = rated.get(staff_id, (0, None))
        made, hired = referred.get(staff_id, (0, 0))
        staff_rows.append(StaffPerformanceOut(
            staff_id=staff_id, name=name, served=served, mean_service_min=mean, ratings=ratings,
            satisfaction=score, referrals=made, hired=hired, no_shows=missed))

    by_counter = _tickets_by(db, period, Ticket.counter_id)
    rated = _ratings_by(db, period, Ticket.counter_id)
    counters = select(Counter.id, Hall.name, Counter.name).join(Hall, Hall.id == Counter.hall_id)
    if period.covered is not None:
        counters = counters.where(Counter.hall_id.in_(sorted(period.covered)))
    counter_rows = []
    for counter_id, hall, name in db.execute(counters.order_by(Counter.hall_id, Counter.number)):
        served, mean, missed = by_counter.get(counter_id, (0, None, 0))
        ratings, score = rated.get(counter_id, (0, None))
        counter_rows.append(CounterPerformanceOut(
            counter_id=counter_id, hall=hall, name=name, served=served, mean_service_min=mean,
            ratings=ratings, satisfaction=score, no_shows=missed))
    return PerformanceOut(since=period.since.isoformat(), until=period.until.isoformat(),
                          staff=staff_rows, counters=counter_rows)


def tables(report: PerformanceOut) -> list[tuple[str, list[str], list[dict[str, Any]]]]:
    """The report's two tables to export."""
    return [(N_("Staff"), STAFF_COLUMNS, [r.model_dump() for r in report.staff]),
            (N_("Counters"), COUNTER_COLUMNS, [r.model_dump() for r in report.counters])]


def for_page(db: Session, user: StaffUser, period: Period) -> PerformanceOut | None:
    """The report where ``user`` may read it for the period's hall(s), else None."""
    try:
        return performance(db, period.for_reader(user, "hall_manager"))
    except Forbidden:
        return None


def columns() -> dict[str, Any]:
    """The columns the performance tables show, and their words."""
    return {"staff_columns": STAFF_COLUMNS, "counter_columns": COUNTER_COLUMNS,
            "columns": exports.COLUMNS, "text_columns": exports.TEXT_COLUMNS}
