"""Case-management reports: supply and demand (求人倍率) per occupation and per district,
follow-ups due and overdue, cases finished on time, caseload per counsellor, the tier mix
and how people move between tiers.

Every report covers a ``Window`` of hall days (the last 90 days by default: supply and
demand is a quarterly figure) and the reader's halls, or one of them. Figures are counted by
the database (GROUP BY, COUNT DISTINCT); Python only puts the grouped rows side by side.

Supply and demand. *Vacancies* are the sum of ``Job.vacancies`` over postings posted in the
window that were verified (still verified, or verified and since expired); withdrawn and
rejected postings count nothing. Postings belong to the city, not to a hall, so vacancies
are the city's whatever hall is chosen. *Seekers* are the distinct people whose job-seeker
registration (in the chosen halls) was made or renewed in the window and names the
occupation (or the district): a person registered in two halls, or who names the same
occupation twice, counts once. A registration that names no district counts in no district.
The *ratio* is vacancies per seeker, to two decimals (10 vacancies and 4 seekers: 2.50),
empty when nobody seeks it.

Follow-ups: a person's follow-up is *due* on the next date of their latest follow-up, and
*overdue* once that date has passed without a newer follow-up. Cases: *on time* means
closed on or before the due date; the share is of the cases closed in the window.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable

from sqlalchemy import and_, case, distinct, func, or_, select, true, union
from sqlalchemy.orm import Session

from central.halltime import day_start, hall_today
from central.i18n import N_
from central.models import Job, Occupation, Service, StaffUser
from central.models.casework import (Case, DifficultyCheck, FollowUp, Registration, TierChange,
                                     WantedItem)
from central.models.queue import Person, Ticket
from central.schemas.reports import ReportOut
from central.services import access
from central.services.errors import Forbidden, Invalid, NotFound

__all__ = ["Window", "REPORTS", "TITLES", "run", "csv_text", "supply_demand_occupation",
           "supply_demand_district", "follow_ups", "cases_on_time", "caseload",
           "tier_mix", "tier_movement", "DEFAULT_DAYS", "MAX_DAYS"]

DEFAULT_DAYS = 90
MAX_DAYS = 366
EARLIEST, LATEST = date(2000, 1, 1), date(2099, 12, 31)
VERIFIED = ("verified", "expired")


@dataclass(frozen=True)
class Window:
    """Hall days ``since``..``until`` (both included) and the halls counted (None: every hall)."""

    since: date
    until: date
    hall_id: int | None = None
    halls: frozenset[int] | None = None

    @classmethod
    def of(cls, user: StaffUser, since: date | None, until: date | None,
           hall_id: int | None) -> "Window":
        """What the request asks for, narrowed to the reader's halls (as access rules)."""
        if any(d is not None and not EARLIEST <= d <= LATEST for d in (since, until)):
            raise Invalid(f"dates run from {EARLIEST} to {LATEST}")
        until = until or hall_today()
        since = since or until - timedelta(days=DEFAULT_DAYS - 1)
        if since > until or (until - since).days >= MAX_DAYS:
            raise Invalid(f"since must be before until, at most {MAX_DAYS} days")
        if hall_id is not None:
            access.require(user, hall_id, "viewer", "hall")
            return cls(since, until, hall_id, frozenset((hall_id,)))
        allowed = access.halls(user, "viewer")
        if allowed is not None and not allowed:
            raise Forbidden("requires role viewer")
        return cls(since, until, None, allowed)

    def during(self, at) -> tuple:
        return at >= day_start(self.since), at < day_start(self.until + timedelta(days=1))

    def in_halls(self, column):
        return true() if self.halls is None else column.in_(sorted(self.halls))


def _ratio(vacancies: int, seekers: int) -> float | None:
    return round(vacancies / seekers, 2) if seekers else None


def _registrations(w: Window):
    return select(Registration.id).where(
        w.in_halls(Registration.hall_id),
        or_(and_(*w.during(Registration.created_at)), and_(*w.during(Registration.updated_at))))


def _supply_demand(db: Session, w: Window, column, kind: str) -> dict[str, tuple[int, int]]:
    supply = dict(db.execute(select(column, func.sum(Job.vacancies))
                             .where(Job.status.in_(VERIFIED), Job.verified_at.is_not(None),
                                    *w.during(Job.posted_at), column != "")
                             .group_by(column)).tuples().all())
    demand = dict(db.execute(select(WantedItem.value, func.count(distinct(WantedItem.person_id)))
                             .where(WantedItem.kind == kind,
                                    WantedItem.registration_id.in_(_registrations(w)))
                             .group_by(WantedItem.value)).tuples().all())
    return {key: (int(supply.get(key) or 0), int(demand.get(key) or 0))
            for key in sorted(set(supply) | set(demand))}


def supply_demand_occupation(db: Session, w: Window) -> ReportOut:
    """Vacancies against distinct seekers per occupation (codes with names)."""
    figures = _supply_demand(db, w, Job.occupation_code, "occupation")
    names = dict(db.execute(select(Occupation.code, Occupation.name)
                            .where(Occupation.code.in_(list(figures)))).tuples().all())
    return [{"occupation": code, "name": names.get(code, ""), "vacancies": v, "seekers": s,
             "ratio": _ratio(v, s)} for code, (v, s) in figures.items()]


def supply_demand_district(db: Session, w: Window) -> ReportOut:
    """Vacancies against distinct seekers per district."""
    return [{"district": d, "vacancies": v, "seekers": s, "ratio": _ratio(v, s)}
            for d, (v, s) in _supply_demand(db, w, Job.district, "district").items()]


def _people(w: Window):
    """The people of the window's halls (casework_people.person_halls, as one query)."""
    if w.halls is None:
        return select(Person.id)
    halls = sorted(w.halls)
    return union(select(Ticket.person_id).where(Ticket.hall_id.in_(halls), Ticket.person_id.is_not(None)),
                 select(Registration.person_id).where(Registration.hall_id.in_(halls)),
                 select(DifficultyCheck.person_id).where(DifficultyCheck.hall_id.in_(halls)))


def _count_if(condition):
    return func.sum(case((condition, 1), else_=0))


def _staff_names(db: Session) -> dict[int | None, str]:
    return {i: full or user for i, full, user in
            db.execute(select(StaffUser.id, StaffUser.full_name, StaffUser.username)).all()}


def follow_ups(db: Session, w: Window) -> ReportOut:
    """Per counsellor: follow-ups logged in the window, people due today and overdue now."""
    today = hall_today()
    latest = (select(func.max(FollowUp.id)).where(FollowUp.person_id.in_(_people(w)))
              .group_by(FollowUp.person_id))
    due = {staff: (int(d or 0), int(o or 0)) for staff, d, o in db.execute(
        select(FollowUp.staff_id, _count_if(FollowUp.next_on == today),
               _count_if(FollowUp.next_on < today))
        .where(FollowUp.id.in_(latest)).group_by(FollowUp.staff_id)).all()}
    logged = dict(db.execute(select(FollowUp.staff_id, func.count())
                             .where(*w.during(FollowUp.created_at), w.in_halls(FollowUp.hall_id))
                             .group_by(FollowUp.staff_id)).tuples().all())
    names = _staff_names(db)
    return [{"counsellor": names.get(s, ""), "logged": int(logged.get(s, 0)),
             "due_today": due.get(s, (0, 0))[0], "overdue": due.get(s, (0, 0))[1]}
            for s in sorted(set(logged) | set(due), key=lambda s: names.get(s, ""))]


def cases_on_time(db: Session, w: Window) -> ReportOut:
    """Per service: cases opened and closed in the window, closed on time and its share, and
    the open cases overdue today."""
    today = hall_today()
    in_window = lambda col: and_(col >= w.since, col <= w.until)  # noqa: E731
    rows = db.execute(
        select(Service.name, func.count(Case.id),
               _count_if(in_window(Case.opened_on)),
               _count_if(in_window(Case.closed_on)),
               _count_if(and_(in_window(Case.closed_on), Case.closed_on <= Case.due_on)),
               _count_if(and_(Case.state != "done", Case.due_on < today)))
        .join(Case, Case.service_id == Service.id)
        .where(w.in_halls(Case.hall_id), or_(in_window(Case.opened_on), in_window(Case.closed_on),
                                              Case.state != "done"))
        .group_by(Service.name).order_by(Service.name)).all()
    out = []
    for name, _all, opened, closed, on_time, overdue in rows:
        closed, on_time = int(closed or 0), int(on_time or 0)
        out.append({"service": name, "opened": int(opened or 0), "closed": closed,
                    "closed_on_time": on_time,
                    "on_time_share": round(on_time / closed, 3) if closed else None,
                    "open_overdue": int(overdue or 0)})
    return out


def caseload(db: Session, w: Window) -> ReportOut:
    """Per named counsellor: their people by confirmed tier, and their open cases."""
    people = dict((staff, row) for staff, *row in db.execute(
        select(Person.counsellor_id, func.count(), _count_if(Person.tier == 1),
               _count_if(Person.tier == 2), _count_if(Person.tier == 3),
               _count_if(Person.tier.is_(None)))
        .where(Person.counsellor_id.is_not(None), Person.id.in_(_people(w)))
        .group_by(Person.counsellor_id)).all())
    open_cases = dict(db.execute(
        select(Person.counsellor_id, func.count(Case.id)).join(Case, Case.person_id == Person.id)
        .where(Person.counsellor_id.is_not(None), Case.state != "done", w.in_halls(Case.hall_id))
        .group_by(Person.counsellor_id)).tuples().all())
    names = _staff_names(db)
    return [{"counsellor": names.get(s, ""), "people": int(n), "tier_1": int(t1 or 0),
             "tier_2": int(t2 or 0), "tier_3": int(t3 or 0), "unconfirmed": int(u or 0),
             "open_cases": int(open_cases.get(s, 0))}
            for s, (n, t1, t2, t3, u) in sorted(people.items(), key=lambda kv: names.get(kv[0], ""))]


def tier_mix(db: Session, w: Window) -> ReportOut:
    """People of the halls by confirmed tier, and how many wait for a proposed tier's confirmation."""
    rows = dict(db.execute(select(Person.tier, func.count()).where(Person.id.in_(_people(w)))
                           .group_by(Person.tier)).tuples().all())
    waiting = db.scalar(select(func.count()).where(Person.id.in_(_people(w)),
                                                   Person.tier.is_(None),
                                                   Person.tier_proposed.is_not(None))) or 0
    return [{"tier": t, "people": int(rows.get(t, 0)),
             "proposed_unconfirmed": int(waiting) if t is None else 0} for t in (1, 2, 3, None)]


def tier_movement(db: Session, w: Window) -> ReportOut:
    """Confirmed tier changes in the window, from -> to (from empty: a first confirmation)."""
    rows = db.execute(select(TierChange.from_tier, TierChange.to_tier, func.count())
                      .where(*w.during(TierChange.created_at),
                             w.in_halls(TierChange.hall_id))
                      .group_by(TierChange.from_tier, TierChange.to_tier)).all()
    return sorted(({"from_tier": f, "to_tier": t, "people": int(n)} for f, t, n in rows),
                  key=lambda r: (r["from_tier"] or 0, r["to_tier"] or 0))


REPORTS: dict[str, Callable[[Session, Window], ReportOut]] = {
    "supply_demand_occupation": supply_demand_occupation,
    "supply_demand_district": supply_demand_district,
    "follow_ups": follow_ups, "cases_on_time": cases_on_time, "caseload": caseload,
    "tier_mix": tier_mix, "tier_movement": tier_movement,
}
TITLES = {"supply_demand_occupation": N_("Supply and demand by occupation"),
          "supply_demand_district": N_("Supply and demand by district"),
          "follow_ups": N_("Follow-ups due and overdue"),
          "cases_on_time": N_("Cases finished on time"), "caseload": N_("Caseload per counsellor"),
          "tier_mix": N_("Tier mix"), "tier_movement": N_("Movement between tiers")}


def run(db: Session, name: str, w: Window) -> ReportOut:
    if name not in REPORTS:
        raise NotFound(f"no report {name!r}"[:60])
    return REPORTS[name](db, w)


def csv_text(rows: ReportOut) -> str:
    """A report as CSV with a byte-order mark, so spreadsheet programs read it as UTF-8; a
    ratio is written with its two decimals (2.50), as the figure is published."""
    buf = io.StringIO()
    if rows:
        writer = csv.DictWriter(buf, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows({k: f"{v:.2f}" if k == "ratio" and v is not None else v
                          for k, v in row.items()} for row in rows)
    return "\ufeff" + buf.getvalue()
