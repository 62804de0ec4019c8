"""Console pages of case management: a person, a counsellor's caseload, and the
case-management reports (as JSON, CSV and a page). The data comes from
central.services.casework_people and casework_reports; the pages' script calls the JSON API."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from central import casework_labels as labels
from central.deps import DbDep, PageUserDep, Viewer
from central.halltime import hall_today
from central.pages import render
from central.schemas.common import DbInt
from central.schemas.reports import ReportOut
from central.services import casework, casework_people, casework_reports, halls
from central.services.casework_reports import Window

__all__ = ["router"]

router = APIRouter(tags=["casework"])
Since = Annotated[date | None, Query(description="first hall day (default: 89 days before until)")]
Until = Annotated[date | None, Query(description="last hall day (default: today)")]
Hall = Annotated[str, Query(pattern=r"^[0-9]{0,9}$", description="one hall's id; empty: every hall")]


@router.get("/console/people/{person_id}", response_class=HTMLResponse)
def person_page(person_id: DbInt, request: Request, db: DbDep, user: PageUserDep) -> HTMLResponse:
    """A person's whole record for staff of their halls (the read is audited)."""
    sheet = casework_people.person_sheet(db, user, person_id)
    return render(request, "console/person.html", user=user, labels=labels, **sheet)


@router.get("/console/caseload", response_class=HTMLResponse)
def caseload_page(request: Request, db: DbDep, user: PageUserDep,
                  counsellor: DbInt | None = None) -> HTMLResponse:
    """The counsellor's people, what falls due first, with one-click follow-ups."""
    staff, rows = casework_people.caseload_for(db, user, counsellor)
    today = hall_today()
    return render(request, "console/caseload.html", user=user, labels=labels, staff=staff,
                  rows=rows, today=today, next_default=today + timedelta(days=14))


@router.get("/api/casework-reports/{name}", responses={200: {"content": {"text/csv": {}}}})
def report(name: str, db: DbDep, user: Viewer, since: Since = None, until: Until = None,
           hall: Hall = "", format: str = "json") -> ReportOut:
    """One case-management report as JSON, or as CSV with ``?format=csv``."""
    window = Window.of(user, since, until, int(hall) if hall else None)
    rows = casework_reports.run(db, name, window)
    if format != "csv":
        return rows
    return Response(casework_reports.csv_text(rows), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition":
                             f'attachment; filename="{name}_{window.since}_{window.until}.csv"'})


@router.get("/console/casework-reports", response_class=HTMLResponse)
def reports_page(request: Request, db: DbDep, user: PageUserDep, since: Since = None,
                 until: Until = None, hall: Hall = "") -> HTMLResponse:
    """Every case-management report for the period, as tables with CSV links."""
    window = Window.of(user, since, until, int(hall) if hall else None)
    sections = [(name, casework_reports.TITLES[name], casework_reports.run(db, name, window))
                for name in casework_reports.REPORTS]
    return render(request, "console/casework_reports.html", user=user, window=window,
                  halls=halls.names(db, user), sections=sections, labels=labels,
                  closures=casework.closure_sheet(db, user))
