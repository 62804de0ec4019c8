"""Reports as JSON, or exported as CSV or an Excel workbook (``?format=csv|xlsx``): the
dashboard, staff performance (managers only) and every detailed report.

What each counts, over which period, is central.services (reports, dashboard, performance);
the column words and the file formats are central.services.exports.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from central.deps import DbDep, PeriodDep, Viewer
from central.i18n import catalogue, language_of
from central.schemas.reports import DashboardOut, PerformanceOut, ReportOut
from central.services import dashboard, exports, performance, reports
from central.services.reports import Period

__all__ = ["router"]

router = APIRouter(tags=["reports"])
Format = Annotated[Literal["json", "csv", "xlsx"], Query(description="json, csv or xlsx (Excel)")]
EXPORTED = {200: {"content": {"text/csv": {}, exports.XLSX_TYPE: {}}}}


def _export(request: Request, tables, name: str, period: Period, format: str) -> Response:
    """The tables as a file to download, headed in the reader's language."""
    gettext = catalogue(language_of(request)).gettext
    body, media = ((exports.csv_bytes(tables, gettext), exports.CSV_TYPE) if format == "csv"
                   else (exports.xlsx_bytes(tables, gettext), exports.XLSX_TYPE))
    filename = f"{name}_{period.since}_{period.until}.{format}"
    return Response(body, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@router.get("/api/reports/dashboard", responses=EXPORTED)
def dashboard_report(request: Request, db: DbDep, period: PeriodDep, user: Viewer,
                     format: Format = "json") -> DashboardOut:
    """The period's figures at a glance (tickets, waits, satisfaction, no-shows, slips, quizzes)
    and the same day by day."""
    report = dashboard.dashboard(db, period.for_reader(user))
    if format == "json":
        return report
    return _export(request, dashboard.tables(report), "dashboard", period, format)


@router.get("/api/reports/performance", responses=EXPORTED)
def performance_report(request: Request, db: DbDep, period: PeriodDep, user: Viewer,
                       format: Format = "json") -> PerformanceOut:
    """Staff performance per staff member and per counter (hall managers and admins)."""
    report = performance.performance(db, period.for_reader(user, "hall_manager"))
    if format == "json":
        return report
    return _export(request, performance.tables(report), "performance", period, format)


@router.get("/api/reports/{name}", responses=EXPORTED)
def report(request: Request, name: str, db: DbDep, period: PeriodDep, user: Viewer,
           format: Format = "json") -> ReportOut:
    """One detailed report for a period."""
    rows = reports.run(db, user, name, period)
    if format == "json":
        return rows
    return _export(request, reports.tables(name, rows), name, period, format)
