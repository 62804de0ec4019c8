"""Staff accounts (the Staff page and its JSON) and a person's own password page."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from central.deps import PASSWORD_PAGE, DbDep, Manager, PageUserDep, bearer_token, check_csrf
from central.i18n import ROLE_LABELS
from central.pages import render
from central.schemas.common import DbInt
from central.schemas.staff import ActiveIn, OneTimePasswordOut, RolesIn, StaffIn, StaffOut
from central.services import access, catalogue, staff
from central.services.errors import Invalid

__all__ = ["router"]

router = APIRouter(tags=["staff"])


@router.get("/api/staff")
def listing(db: DbDep, user: Manager) -> list[StaffOut]:
    """The accounts with a role in the caller's halls (an admin: all)."""
    return staff.listing(db, user)


@router.post("/api/staff", status_code=201)
def create(body: StaffIn, db: DbDep, user: Manager) -> OneTimePasswordOut:
    """A new account; its one-time password is in this answer and nowhere else."""
    return staff.create(db, user, body)


@router.put("/api/staff/{staff_id}/roles")
def set_roles(staff_id: DbInt, body: RolesIn, db: DbDep, user: Manager) -> StaffOut:
    """Replace the account's roles per hall."""
    return staff.set_roles(db, user, staff_id, body.roles)


@router.post("/api/staff/{staff_id}/reset-password")
def reset_password(staff_id: DbInt, db: DbDep, user: Manager) -> OneTimePasswordOut:
    """A one-time password (shown once); the person sets their own at the next login."""
    return staff.reset_password(db, user, staff_id)


@router.put("/api/staff/{staff_id}/active")
def set_active(staff_id: DbInt, body: ActiveIn, db: DbDep, user: Manager) -> StaffOut:
    """Deactivate (logins end at once) or reactivate the account."""
    return staff.set_active(db, user, staff_id, body.active)


@router.get("/console/staff", response_class=HTMLResponse)
def staff_page(request: Request, db: DbDep, user: PageUserDep) -> HTMLResponse:
    """The accounts of the manager's halls: roles, reset password, deactivate."""
    _, halls = catalogue.page_hall(db, user, None)
    return render(request, "console/staff.html", user=user, halls=halls,
                  accounts=staff.listing(db, user), role_labels=ROLE_LABELS,
                  grantable=staff.grantable(user, halls), is_admin=access.top_role(user) == "admin")


@router.get(PASSWORD_PAGE, response_class=HTMLResponse)
def password_page(request: Request, user: PageUserDep, error: str = "") -> HTMLResponse:
    """Set one's own password (where a one-time password leads)."""
    known = error in staff.PASSWORD_REFUSALS.values()   # never a text someone put in a link
    return render(request, "console/password.html", user=user, error=error if known else "")


@router.post(PASSWORD_PAGE, response_class=RedirectResponse, status_code=303)
def change_password(request: Request, db: DbDep, user: PageUserDep, csrf: str = Form(""),
                    current: str = Form(..., max_length=200), new: str = Form(..., max_length=200),
                    repeat: str = Form(..., max_length=200)):
    """Check the current password and store the new one."""
    check_csrf(request, bearer_token(request) or "", csrf)
    try:
        if new != repeat:
            raise Invalid(staff.PASSWORD_REFUSALS["differ"])
        staff.change_password(db, user, current, new)
    except Invalid as exc:
        return RedirectResponse(f"{PASSWORD_PAGE}?{urlencode({'error': str(exc)})}", status_code=303)
    target = "/console/counter" if access.top_role(user) == "counsellor" else "/console/fleet"
    return RedirectResponse(target, status_code=303)
