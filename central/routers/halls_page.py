"""The console's Halls page (admins): each hall's names, address, opening hours, time zone,
wait target and how early its screens wake before opening (the power schedule)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from central.deps import DbDep, PageUserDep, bearer_token, check_csrf
from central.i18n import N_, catalogue, language_of
from central.models import utcnow
from central.pages import render
from central.schemas.common import DbInt
from central.schemas.halls import HallEditIn
from central.services import hall_admin
from central.services.errors import Forbidden, Invalid

__all__ = ["router"]

router = APIRouter(tags=["console"])
# a form field -> its label, for the message about a value that does not fit
_LABELS = {"name": N_("Name"), "name_en": N_("Name in English"), "address": N_("Address"),
           "timezone": N_("Time zone"), "wait_target_min": N_("Wait target"),
           "wake_before_min": N_("Wake screens before opening"), "opening_hours": N_("Opening hours")}


@router.get("/console/halls", response_class=HTMLResponse)
def halls_page(request: Request, db: DbDep, user: PageUserDep, saved: DbInt = 0) -> HTMLResponse:
    """The halls this admin may edit, with their hours and whether their screens sleep now."""
    halls = hall_admin.editable_halls(db, user)
    if not halls:
        raise Forbidden("requires role admin")
    gettext, now = catalogue(language_of(request)).gettext, utcnow()
    rows = [(h, hall_admin.hours_rows(h.opening_hours), hall_admin.schedule_words(h, now, gettext))
            for h in halls]
    return render(request, "console/halls.html", user=user, rows=rows, saved=saved)


@router.get("/console/halls/{hall_id}", response_class=HTMLResponse)
def hall_form(hall_id: DbInt, request: Request, db: DbDep, user: PageUserDep) -> HTMLResponse:
    """One hall's edit form."""
    hall = hall_admin.editable_hall(db, user, hall_id)
    return render(request, "console/hall_edit.html", user=user, hall=hall,
                  values=hall_admin.form_values(hall), weekdays=hall_admin.WEEKDAY_NAMES, error="")


@router.post("/console/halls/{hall_id}", response_class=HTMLResponse)
async def save_hall(hall_id: DbInt, request: Request, db: DbDep, user: PageUserDep):
    """Save the form (CSRF field); back to the list, or the form again with the reason."""
    form = await request.form()
    check_csrf(request, bearer_token(request) or "", str(form.get("csrf", "")))
    gettext = catalogue(language_of(request)).gettext
    try:
        hall_admin.update_hall(db, user, hall_id, HallEditIn.from_form(form))
    except ValidationError as exc:
        field = str(exc.errors()[0]["loc"][0])
        error = gettext(N_("Check this field: %(field)s")) % {"field": gettext(_LABELS.get(field, field))}
    except Invalid as exc:
        error = gettext(N_("Opening hours or time zone not accepted: %(reason)s")) % {"reason": str(exc)}
    else:
        return RedirectResponse(f"/console/halls?saved={hall_id}", status_code=303)
    db.rollback()
    page = render(request, "console/hall_edit.html", user=user, error=error,
                  hall=hall_admin.editable_hall(db, user, hall_id),
                  values={k: str(v) for k, v in form.items() if k != "csrf"},
                  weekdays=hall_admin.WEEKDAY_NAMES)
    page.status_code = 400
    return page
