"""Reports: each is a list of flat rows (the same rows make the CSV and the console's tables);
the dashboard and staff performance have their own shapes."""

from __future__ import annotations

from typing import Union

from pydantic import BaseModel

__all__ = ["ReportRow", "ReportOut", "DashboardTilesOut", "DashboardDayOut", "DashboardOut",
           "StaffPerformanceOut", "CounterPerformanceOut", "PerformanceOut"]

#: one row of a report: column name -> a number, a text or nothing
ReportRow = dict[str, Union[int, float, str, None]]
ReportOut = list[ReportRow]


class DashboardTilesOut(BaseModel):
    """A period's figures: tickets, served (called, not a no-show), their mean wait in
    minutes, how many were served within their hall's wait target (and the share, %), no-shows
    (and their share of the tickets that ended at a counter, %), ratings and their mean score
    (1-5), job slips printed and career quizzes completed. A share or mean of nothing is null."""

    tickets: int
    served: int
    mean_wait_min: float | None
    within_target: int
    within_target_pct: float | None
    no_shows: int
    no_show_rate_pct: float | None
    ratings: int
    satisfaction: float | None
    slips: int
    quizzes: int


class DashboardDayOut(DashboardTilesOut):
    """The same figures for one hall day (``YYYY-MM-DD``)."""

    day: str


class DashboardOut(BaseModel):
    since: str
    until: str
    tiles: DashboardTilesOut
    days: list[DashboardDayOut]


class StaffPerformanceOut(BaseModel):
    """One staff member's period: tickets served (finished), mean service time in minutes
    (from sitting down, else from the call, to the finish), ratings and their mean score,
    referrals made and how many led to a hire, no-shows at their calls."""

    staff_id: int
    name: str
    served: int
    mean_service_min: float | None
    ratings: int
    satisfaction: float | None
    referrals: int
    hired: int
    no_shows: int


class CounterPerformanceOut(BaseModel):
    """One counter's period, as for staff (referrals are a person's, not a counter's)."""

    counter_id: int
    hall: str
    name: str
    served: int
    mean_service_min: float | None
    ratings: int
    satisfaction: float | None
    no_shows: int


class PerformanceOut(BaseModel):
    since: str
    until: str
    staff: list[StaffPerformanceOut]
    counters: list[CounterPerformanceOut]
