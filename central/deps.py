"""Shared dependencies as Annotated aliases: settings, DB session, staff and kiosk callers,
role checks and the console's login check."""

from __future__ import annotations

import hashlib
import hmac
from datetime import date
from typing import Annotated, AsyncIterator, Callable

from fastapi import Depends, HTTPException, Query, Request, status
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session

from central.models import Kiosk, StaffUser
from central.security import KIOSK_TOKEN_PREFIX, STAFF_TOKEN_PREFIX
from central.services import auth
from central.services.identity import IdentityKeys
from central.services.ratelimit import Limits
from central.services.reports import Period
from central.settings import CentralSettings

__all__ = ["SettingsDep", "DbDep", "BaseUrlDep", "SecretDep", "IdentityDep", "LimitsDep", "ClientDep", "StaffDep", "KioskDep", "KioskTokenDep", "PageUserDep",
           "UNAUTHORISED", "LoginRequired", "PasswordChangeRequired", "PASSWORD_PAGE", "require_role", "bearer_token", "caller_token", "csrf_token",
           "check_csrf",
           "Viewer", "Counsellor", "Manager", "Admin", "PeriodDep", "MonthDep"]


def get_settings(request: Request) -> CentralSettings:
    return request.app.state.settings


async def get_db(request: Request) -> AsyncIterator[Session]:
    """The request's session, handed out only when the pool holds a connection for it.

    The wait is here, on the event loop, and costs no worker thread. Without it a burst (200
    terminals back online at once) fills every worker thread with requests waiting for a
    connection, while the requests holding the connections wait for a thread to finish in:
    every request then stalls until the pool times out.
    """
    async with request.app.state.db_admission:
        session = request.app.state.db.session()
        try:
            yield session
        finally:
            await run_in_threadpool(session.close)


def public_base_url(settings: Annotated[CentralSettings, Depends(get_settings)]) -> str:
    return settings.server.public_base_url


def secret_key(settings: Annotated[CentralSettings, Depends(get_settings)]) -> str:
    return settings.security.secret_key


def identity_keys(settings: Annotated[CentralSettings, Depends(get_settings)]) -> IdentityKeys:
    return IdentityKeys.from_settings(settings.security)


def rate_limits(settings: Annotated[CentralSettings, Depends(get_settings)]) -> Limits:
    return Limits.from_settings(settings.security)


def client_address(request: Request) -> str:
    return request.client.host if request.client else "-"


SettingsDep = Annotated[CentralSettings, Depends(get_settings)]
# the caller's address: the login rate limit's second key
ClientDep = Annotated[str, Depends(client_address)]
DbDep = Annotated[Session, Depends(get_db)]
# where phones reach us: ticket status links and posting pages are built on it
BaseUrlDep = Annotated[str, Depends(public_base_url)]
# the key of CSRF tokens
SecretDep = Annotated[str, Depends(secret_key)]
# the versioned keys of people's ID hashes and card proofs (not the CSRF secret: rotating
# that must not cut anyone off from their record)
IdentityDep = Annotated[IdentityKeys, Depends(identity_keys)]
# the database-backed rate limits every replica shares
LimitsDep = Annotated[Limits, Depends(rate_limits)]

PASSWORD_PAGE = "/console/password"   # where a one-time password leads, and nowhere else
UNAUTHORISED = HTTPException(status.HTTP_401_UNAUTHORIZED, "not authenticated",
                             headers={"WWW-Authenticate": "Bearer"})


class LoginRequired(Exception):
    """A console page was asked for without a valid login: the app redirects to the login."""

    target = "/console/login"


class PasswordChangeRequired(LoginRequired):
    """A console page asked for by someone holding a one-time password: the app redirects to
    the page where they set their own."""

    target = PASSWORD_PAGE


def caller_token(request: Request) -> tuple[str | None, bool]:
    """The caller's token and whether it came from the login cookie: a Bearer header first,
    else the cookie (whatever other Authorization header comes with it)."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip(), False
    cookie = request.cookies.get("staff_token") or None
    return cookie, cookie is not None


def bearer_token(request: Request) -> str | None:
    return caller_token(request)[0]


def csrf_token(secret: str, session_token: str) -> str:
    """The CSRF token bound to a console login (double submit: page field or header)."""
    return hmac.new(secret.encode(), b"csrf:" + session_token.encode(), hashlib.sha256).hexdigest()


def check_csrf(request: Request, token: str, sent: str) -> None:
    """403 unless ``sent`` is the CSRF token of the login ``token`` (header or form field)."""
    expected = csrf_token(request.app.state.settings.security.secret_key, token)
    if not hmac.compare_digest(sent.encode(), expected.encode()):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "missing or wrong CSRF token")


def get_staff(request: Request, db: DbDep) -> StaffUser:
    """The logged-in staff member; a write with the login cookie must carry the CSRF token."""
    token, from_cookie = caller_token(request)
    if not token or not token.startswith(STAFF_TOKEN_PREFIX):
        raise UNAUTHORISED
    # decided by where the token came from: a browser sends the cookie by itself, so a write
    # with it needs the page's CSRF token, even when some other Authorization header comes too
    if from_cookie and request.method not in ("GET", "HEAD", "OPTIONS"):
        check_csrf(request, token, request.headers.get("x-csrf-token", ""))
    user = auth.staff_for_token(db, token)
    if user is None:
        raise UNAUTHORISED
    if user.must_change_password:   # a one-time password opens the password page only
        raise HTTPException(status.HTTP_403_FORBIDDEN, "set a new password first (console)")
    return _between_hops(db, user)


def get_page_user(request: Request, db: DbDep) -> StaffUser:
    """The logged-in staff member of a console page; without one, the page is the login."""
    user = auth.staff_for_token(db, bearer_token(request))
    if user is None:
        raise LoginRequired
    if user.must_change_password and request.url.path != PASSWORD_PAGE:
        raise PasswordChangeRequired
    return _between_hops(db, user)


async def kiosk_token(request: Request) -> str:
    """The caller's terminal token, its form checked; async, so it costs no worker thread."""
    token, from_cookie = caller_token(request)
    if from_cookie or not token or not token.startswith(KIOSK_TOKEN_PREFIX):
        raise UNAUTHORISED
    return token


KioskTokenDep = Annotated[str, Depends(kiosk_token)]


def get_kiosk(token: KioskTokenDep, db: DbDep) -> Kiosk:
    kiosk = auth.kiosk_for_token(db, token)
    if kiosk is None:
        raise UNAUTHORISED
    return _between_hops(db, kiosk)


def _between_hops(db: Session, caller):
    """End the lookup's transaction before FastAPI hops to another worker thread for the route,
    so the connection (and on SQLite the write lock, taken at BEGIN) is not held while the
    request waits for a thread. The caller stays loaded (no expiry on commit)."""
    db.commit()
    return caller


StaffDep = Annotated[StaffUser, Depends(get_staff)]
KioskDep = Annotated[Kiosk, Depends(get_kiosk)]
PageUserDep = Annotated[StaffUser, Depends(get_page_user)]


def require_role(minimum: str) -> Callable[[StaffUser], StaffUser]:
    """Dependency: the caller's role is ``minimum`` or above (auth.check_role)."""

    def check(user: StaffDep) -> StaffUser:
        return auth.check_role(user, minimum)   # Forbidden: 403

    return check


# The staff levels routes ask for, lowest first; a route takes the one it needs.
Viewer = Annotated[StaffUser, Depends(require_role("viewer"))]
Counsellor = Annotated[StaffUser, Depends(require_role("counsellor"))]
Manager = Annotated[StaffUser, Depends(require_role("hall_manager"))]
Admin = Annotated[StaffUser, Depends(require_role("admin"))]


HallQuery = Annotated[str, Query(pattern=r"^[0-9]{0,9}$",
                                 description="one hall's id; empty or absent: every hall")]


def report_period(since: Annotated[date | None, Query(description="first hall day (default: 29 days before until)")] = None,
                  until: Annotated[date | None, Query(description="last hall day (default: today)")] = None,
                  hall: HallQuery = "") -> Period:
    """The reports' period and hall from the query (Invalid: 422)."""
    return Period.of(since, until, int(hall) if hall else None)


def report_month(month: Annotated[str, Query(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$",
                                             description="YYYY-MM (default: this month)")] = "",
                 hall: HallQuery = "") -> Period:
    """A whole calendar month of the reports' hall days."""
    return Period.month(month or None, int(hall) if hall else None)


PeriodDep = Annotated[Period, Depends(report_period)]
MonthDep = Annotated[Period, Depends(report_month)]
