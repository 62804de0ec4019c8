"""The staff web console (server-rendered): login, counter page, hall display board.

Login sets an HttpOnly, SameSite=Strict cookie holding the staff token (Secure
in production); pages call the JSON API with that cookie and the CSRF token the
page carries. The display board is public and live over server-sent events.
"""

from __future__ import annotations

import asyncio
import json

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, StreamingResponse
from sqlalchemy import select

from central.deps import DbDep, SettingsDep, bearer_token, csrf_token, get_staff
from central.models import Counter, Hall, Service
from central.routers.auth import authenticate, issue_token
from central.schemas import NO_NUL, DbInt

router = APIRouter(tags=["console"])


def _page(request: Request, name: str, **context) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, f"console/{name}", context)


@router.get("/console/login", response_class=HTMLResponse)
def login_page(request: Request, error: str = "") -> HTMLResponse:
    """The staff login form."""
    return _page(request, "login.html", error=error)


@router.post("/console/login", response_class=RedirectResponse, status_code=303)
def login(request: Request, db: DbDep, settings: SettingsDep,
          username: str = Form(..., pattern=NO_NUL), password: str = Form(...)):
    """Check the login and set the console cookie."""
    try:
        user = authenticate(request, db, settings, username, password)
    except HTTPException as exc:
        return RedirectResponse(f"/console/login?error={exc.status_code}", status_code=303)
    token = issue_token(db, settings, user)
    target = "/console/counter" if user.role == "counsellor" else "/console/fleet"
    response = RedirectResponse(target, status_code=303)
    response.set_cookie("staff_token", token, httponly=True, samesite="strict",
                        secure=settings.security.cookie_secure,
                        max_age=settings.security.staff_token_ttl_s)
    return response


@router.post("/console/logout", response_class=RedirectResponse, status_code=303)
def logout():
    response = RedirectResponse("/console/login", status_code=303)
    response.delete_cookie("staff_token")
    return response


@router.get("/console/counter", response_class=HTMLResponse)
def counter_page(request: Request, db: DbDep, settings: SettingsDep):
    """Call next, recall, transfer, no-show, finish with a note; keyboard shortcuts."""
    try:
        user = get_staff(request, db)
    except HTTPException:
        return RedirectResponse("/console/login", status_code=303)
    counters = db.scalars(select(Counter).where(Counter.hall_id == (user.hall_id or 1))
                          .order_by(Counter.number)).all()
    counter = next((c for c in counters if c.id == user.counter_id), counters[0] if counters else None)
    services = db.scalars(select(Service).where(Service.hall_id == (user.hall_id or 1))).all()
    token = bearer_token(request)
    return _page(request, "counter.html", user=user, counter=counter, counters=counters,
                 services=services, csrf=csrf_token(settings.security.secret_key, token))


@router.get("/console/fleet", response_class=HTMLResponse)
def fleet_page(request: Request, db: DbDep, settings: SettingsDep):
    """Every terminal: health, last seen, alerts, commands and the last screenshot."""
    try:
        user = get_staff(request, db)
    except HTTPException:
        return RedirectResponse("/console/login", status_code=303)
    return _page(request, "fleet.html", user=user,
                 csrf=csrf_token(settings.security.secret_key, bearer_token(request)))


@router.get("/board", response_class=HTMLResponse)
def board(request: Request, db: DbDep, hall: DbInt = 1) -> HTMLResponse:
    """The hall's TV: numbers being called, at which counter, with a chime and a spoken call."""
    hall_row = db.get(Hall, hall)
    if hall_row is None:
        raise HTTPException(404, "no such hall")
    return _page(request, "board.html", hall=hall_row)


def _calls(database, hall_id: int, recent_calls):
    with database.session() as db:
        return recent_calls(hall_id, db)


@router.get("/api/halls/{hall_id}/stream")
async def call_stream(hall_id: DbInt, request: Request):
    """Server-sent events: the latest calls whenever they change (any server replica)."""
    from central.routers.tickets import recent_calls

    async def events():
        last = None
        while not await request.is_disconnected():
            calls = await asyncio.to_thread(_calls, request.app.state.db, hall_id, recent_calls)
            body = json.dumps(calls, ensure_ascii=False)
            if body != last:
                last = body
                yield f"event: calls\ndata: {body}\n\n"
            else:
                yield ": keep-alive\n\n"
            await asyncio.sleep(0.3)

    return StreamingResponse(events(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})
