"""A hall's counters: the services each serves, open or closed, who sits there."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from central.deps import DbDep, Manager, PageUserDep
from central.pages import render
from central.schemas.catalogue import CounterIn, CounterOut
from central.schemas.common import DbInt
from central.services import catalogue, staff

__all__ = ["router"]

router = APIRouter(tags=["counters"])


@router.get("/api/halls/{hall_id}/counters")
def counters_of(hall_id: DbInt, db: DbDep, user: Manager) -> list[CounterOut]:
    """The hall's counters by number."""
    return catalogue.counters_of(db, user, hall_id)


@router.post("/api/halls/{hall_id}/counters", status_code=201)
def create_counter(hall_id: DbInt, body: CounterIn, db: DbDep, user: Manager) -> CounterOut:
    """Add a counter to the hall."""
    return catalogue.create_counter(db, user, hall_id, body)


@router.put("/api/counters/{counter_id}")
def update_counter(counter_id: DbInt, body: CounterIn, db: DbDep, user: Manager) -> CounterOut:
    """Change a counter: number, name, services, open or closed, who sits there."""
    return catalogue.update_counter(db, user, counter_id, body)


@router.get("/console/counters", response_class=HTMLResponse)
def counters_page(request: Request, db: DbDep, user: PageUserDep, hall: DbInt | None = None) -> HTMLResponse:
    """The hall's counters, each with its services (checkboxes), open or closed, its staff."""
    chosen, choices = catalogue.page_hall(db, user, hall)
    return render(request, "console/counters.html", user=user, hall_id=chosen, halls=choices,
                  counters=catalogue.counters_of(db, user, chosen),
                  services=catalogue.services_of(db, user, chosen),
                  staff=staff.counsellors_of(db, chosen))
