"""The staff web console (server-rendered): login, counter page, fleet page, hall display board.

Login sets an HttpOnly, SameSite=Strict cookie holding the staff token (Secure
in production); pages call the JSON API with that cookie and the CSRF token the
page carries. A page asked for without a login redirects to it (deps.PageUserDep).
The display board is public and live over server-sent events.
"""

from __future__ import annotations

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, StreamingResponse

from central.deps import (PASSWORD_PAGE, ClientDep, DbDep, LimitsDep, PageUserDep, SettingsDep,
                          bearer_token, check_csrf)
from central.i18n import (COMMAND_LABELS, LANG_COOKIE, LANGUAGES, PRIORITY_LABELS, REFERRAL_LABELS,
                          device_words, language_of, safe_next, words)
from central.pages import render
from central.schemas.common import NO_NUL, DbInt
from central.services import access, auth, halls
from central.services.board import BoardFull, BoardHub
from central.services.errors import ServiceError
from central.sse import HubStream

__all__ = ["router"]

router = APIRouter(tags=["console"])


@router.get("/console/login", response_class=HTMLResponse)
def login_page(request: Request, error: str = "") -> HTMLResponse:
    """The staff login form."""
    return render(request, "console/login.html", error=error)


@router.post("/console/login", response_class=RedirectResponse, status_code=303)
def login(client: ClientDep, db: DbDep, settings: SettingsDep, limits: LimitsDep,
          username: str = Form(..., pattern=NO_NUL), password: str = Form(...)):
    """Check the login and set the console cookie."""
    try:
        user = auth.authenticate(db, limits, client, username, password)
    except ServiceError as exc:
        return RedirectResponse(f"/console/login?error={exc.status}", status_code=303)
    token = auth.issue_token(db, user, settings.security.staff_token_ttl_s)
    target = "/console/counter" if access.top_role(user) == "counsellor" else "/console/fleet"
    if user.must_change_password:
        target = PASSWORD_PAGE
    response = RedirectResponse(target, status_code=303)
    response.set_cookie("staff_token", token, httponly=True, samesite="strict",
                        secure=settings.security.cookie_secure,
                        max_age=settings.security.staff_token_ttl_s)
    return response


@router.get("/console/language/{language}", response_class=RedirectResponse, status_code=303)
def switch_language(language: str, next: str = "/console/login"):
    """Show the console in ``language`` (zh_CN or en) from now on, back on the same page."""
    if language not in LANGUAGES:
        raise HTTPException(404, "no such language")
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(LANG_COOKIE, language, max_age=365 * 86400, samesite="lax")
    return response


@router.post("/console/logout", response_class=RedirectResponse, status_code=303)
def logout(request: Request, db: DbDep, settings: SettingsDep):
    """End this login (its token stops working) and forget the console cookie."""
    auth.revoke_token(db, request.cookies.get("staff_token"))
    return _logged_out(settings)


@router.post("/console/logout-everywhere", response_class=RedirectResponse, status_code=303)
def logout_everywhere(request: Request, db: DbDep, settings: SettingsDep, user: PageUserDep,
                      csrf: str = Form("")):
    """End every login of this person, on every browser and script."""
    check_csrf(request, bearer_token(request) or "", csrf)
    auth.revoke_all_tokens(db, user)
    return _logged_out(settings)


def _logged_out(settings) -> RedirectResponse:
    response = RedirectResponse("/console/login", status_code=303)
    response.delete_cookie("staff_token", httponly=True, samesite="strict",
                           secure=settings.security.cookie_secure)
    return response


@router.get("/console/counter", response_class=HTMLResponse)
def counter_page(request: Request, db: DbDep, user: PageUserDep) -> HTMLResponse:
    """Call next, start, recall, transfer, no-show, finish with a note; keyboard shortcuts;
    the visitor's documents, past services and referrals."""
    language = language_of(request)
    return render(request, "console/counter.html", user=user, **halls.counter_desk(db, user),
                  can_erase=auth.has_role(user, "hall_manager"),
                  groups=words(language, PRIORITY_LABELS),
                  referral_states=words(language, REFERRAL_LABELS))


@router.get("/console/fleet", response_class=HTMLResponse)
def fleet_page(request: Request, user: PageUserDep) -> HTMLResponse:
    """The terminals of the user's halls: health, last seen, alerts; commands and the last
    screenshot where they manage the hall."""
    language = language_of(request)
    return render(request, "console/fleet.html", user=user, managed=access.halls(user, "hall_manager"),
                  commands=words(language, COMMAND_LABELS), device_words=device_words(language))


@router.get("/board", response_class=HTMLResponse)
def board(request: Request, db: DbDep, hall: DbInt = halls.DEFAULT_HALL) -> HTMLResponse:
    """The hall's TV: numbers being called, at which counter, with a chime and a spoken call."""
    return render(request, "console/board.html", hall=halls.hall(db, hall))


@router.get("/api/halls/{hall_id}/stream", response_class=StreamingResponse,
            responses={200: {"content": {"text/event-stream": {}}, "description": "calls"},
                       503: {"description": "too many board streams open"}})
async def call_stream(hall_id: DbInt, request: Request) -> StreamingResponse:
    """Server-sent events: the latest calls whenever they change (any server replica); one
    poll per hall serves every stream of this process (services.board)."""
    hub: BoardHub = request.app.state.board
    try:
        queue = hub.subscribe(hall_id)
    except BoardFull as exc:
        raise HTTPException(503, str(exc), headers={"Retry-After": "30"}) from None
    return HubStream(hub, hall_id, queue)
