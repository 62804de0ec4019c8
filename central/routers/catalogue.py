"""A hall's catalogue: its services and priority rules (the Services page and its JSON)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from central.deps import DbDep, Manager, PageUserDep
from central.i18n import PRIORITY_LABELS
from central.pages import render
from central.schemas.catalogue import PriorityRuleIn, PriorityRuleOut, ServiceEditOut, ServiceIn
from central.schemas.common import DbInt
from central.services import catalogue

__all__ = ["router"]

router = APIRouter(tags=["catalogue"])


@router.get("/api/halls/{hall_id}/services")
def services_of(hall_id: DbInt, db: DbDep, user: Manager) -> list[ServiceEditOut]:
    """Every service of the hall, active or not."""
    return catalogue.services_of(db, user, hall_id)


@router.post("/api/halls/{hall_id}/services", status_code=201)
def create_service(hall_id: DbInt, body: ServiceIn, db: DbDep, user: Manager) -> ServiceEditOut:
    """Add a service to the hall; terminals offer it after their next sync."""
    return catalogue.create_service(db, user, hall_id, body)


@router.put("/api/services/{service_id}")
def update_service(service_id: DbInt, body: ServiceIn, db: DbDep, user: Manager) -> ServiceEditOut:
    """Change a service; terminals show the change after their next sync."""
    return catalogue.update_service(db, user, service_id, body)


@router.get("/api/halls/{hall_id}/priority-rules")
def rules_of(hall_id: DbInt, db: DbDep, user: Manager) -> list[PriorityRuleOut]:
    """How far each priority group moves up in the hall's queues."""
    return catalogue.rules_of(db, user, hall_id)


@router.put("/api/halls/{hall_id}/priority-rules")
def set_rules(hall_id: DbInt, body: list[PriorityRuleIn], db: DbDep,
              user: Manager) -> list[PriorityRuleOut]:
    """Set the rules given (one per group)."""
    return catalogue.set_rules(db, user, hall_id, body)


@router.get("/console/services", response_class=HTMLResponse)
def services_page(request: Request, db: DbDep, user: PageUserDep, hall: DbInt | None = None) -> HTMLResponse:
    """The hall's services with their documents, conditions, steps and time limit; its
    priority rules."""
    chosen, choices = catalogue.page_hall(db, user, hall)
    return render(request, "console/services.html", user=user, hall_id=chosen, halls=choices,
                  services=catalogue.services_of(db, user, chosen),
                  rules=catalogue.rules_of(db, user, chosen), group_labels=PRIORITY_LABELS)
