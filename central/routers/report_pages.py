"""The console's report pages: the dashboard with the detailed reports under it, staff
performance (managers only), and the printable monthly summary."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from central.deps import DbDep, MonthDep, PageUserDep, PeriodDep
from central.pages import render
from central.services import dashboard, halls, performance

__all__ = ["router"]

router = APIRouter(tags=["console"])


@router.get("/console/reports", response_class=HTMLResponse)
def reports_page(request: Request, db: DbDep, period: PeriodDep, user: PageUserDep) -> HTMLResponse:
    """The dashboard for the period and hall chosen, and the detailed reports under it."""
    return render(request, "console/reports.html", user=user, period=period,
                  halls=halls.names(db, user), **dashboard.page(db, user, period))


@router.get("/console/reports/performance", response_class=HTMLResponse)
def performance_page(request: Request, db: DbDep, period: PeriodDep, user: PageUserDep) -> HTMLResponse:
    """Staff performance per staff member and per counter (hall managers and admins)."""
    report = performance.performance(db, period.for_reader(user, "hall_manager"))
    return render(request, "console/performance.html", user=user, period=period,
                  halls=halls.names(db, user), report=report, **performance.columns())


@router.get("/console/reports/monthly", response_class=HTMLResponse)
def monthly_page(request: Request, db: DbDep, user: PageUserDep, period: MonthDep) -> HTMLResponse:
    """A month's summary for one hall (or all the reader's), laid out to print on A4."""
    page = {**dashboard.page(db, user, period, details=False), **performance.columns()}
    staff = performance.for_page(db, user, period) if page["performance"] else None
    return render(request, "console/monthly.html", user=user, period=period, staff=staff,
                  halls=halls.names(db, user), **page)
