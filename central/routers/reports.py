"""Reports as JSON or CSV, and the console page that shows them all with bar charts.

The reports themselves (what each counts, over which period) are central.services.reports.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from central.deps import DbDep, PageUserDep, Viewer
from central.pages import render
from central.schemas.reports import ReportOut
from central.services import halls, reports
from central.services.reports import Period

__all__ = ["router"]

router = APIRouter(tags=["reports"])


def period(since: Annotated[date | None, Query(description="first hall day (default: 29 days before until)")] = None,
           until: Annotated[date | None, Query(description="last hall day (default: today)")] = None,
           hall: Annotated[str, Query(pattern=r"^[0-9]{0,9}$",
                                      description="one hall's id; empty or absent: every hall")] = "") -> Period:
    return Period.of(since, until, int(hall) if hall else None)


PeriodDep = Annotated[Period, Depends(period)]


@router.get("/api/reports/{name}", responses={200: {"content": {"text/csv": {}}}})
def report(name: str, db: DbDep, period: PeriodDep, user: Viewer,
           format: str = "json") -> ReportOut:
    """One report for a period as JSON, or as CSV with ``?format=csv``."""
    rows = reports.run(db, user, name, period)
    if format != "csv":
        return rows
    return Response(reports.csv_text(rows), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition":
                             f'attachment; filename="{name}_{period.since}_{period.until}.csv"'})


@router.get("/console/reports", response_class=HTMLResponse)
def reports_page(request: Request, db: DbDep, period: PeriodDep, user: PageUserDep) -> HTMLResponse:
    """Every report for the period as a table with a bar chart of its main figure, and CSV links."""
    return render(request, "console/reports.html", user=user, period=period,
                  halls=halls.names(db, user), sections=reports.page_sections(db, user, period))
