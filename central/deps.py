"""Shared dependencies as Annotated aliases: settings, DB session, staff and kiosk callers."""

from __future__ import annotations

from typing import Annotated, AsyncIterator, Callable

from fastapi import Depends, HTTPException, Request, status
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import select
from sqlalchemy.orm import Session

from central.models import ROLES, Kiosk, StaffToken, StaffUser, utcnow
from central.security import KIOSK_TOKEN_PREFIX, STAFF_TOKEN_PREFIX, token_hash
from central.settings import CentralSettings

__all__ = ["SettingsDep", "DbDep", "StaffDep", "KioskDep", "KioskTokenDep", "UNAUTHORISED",
           "require_role", "bearer_token", "csrf_token"]


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


SettingsDep = Annotated[CentralSettings, Depends(get_settings)]
DbDep = Annotated[Session, Depends(get_db)]

UNAUTHORISED = HTTPException(status.HTTP_401_UNAUTHORIZED, "not authenticated",
                             headers={"WWW-Authenticate": "Bearer"})


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return request.cookies.get("staff_token") or None


def csrf_token(secret: str, session_token: str) -> str:
    """The CSRF token bound to a console login (double submit: page field or header)."""
    import hashlib
    import hmac
    return hmac.new(secret.encode(), b"csrf:" + session_token.encode(), hashlib.sha256).hexdigest()


def get_staff(request: Request, db: DbDep) -> StaffUser:
    token = bearer_token(request)
    if not token or not token.startswith(STAFF_TOKEN_PREFIX):
        raise UNAUTHORISED
    from_cookie = not request.headers.get("authorization")
    if from_cookie and request.method not in ("GET", "HEAD", "OPTIONS"):
        import hmac
        expected = csrf_token(request.app.state.settings.security.secret_key, token)
        if not hmac.compare_digest(request.headers.get("x-csrf-token", ""), expected):
            raise HTTPException(status.HTTP_403_FORBIDDEN, "missing or wrong CSRF token")
    row = db.scalar(select(StaffToken).where(StaffToken.token_hash == token_hash(token)))
    if row is None or row.expires_at <= utcnow():
        raise UNAUTHORISED
    user = db.get(StaffUser, row.user_id)
    if user is None or not user.active:
        raise UNAUTHORISED
    return _between_hops(db, user)


async def kiosk_token(request: Request) -> str:
    """The caller's terminal token, its form checked; async, so it costs no worker thread."""
    token = bearer_token(request) if request.headers.get("authorization") else None
    if not token or not token.startswith(KIOSK_TOKEN_PREFIX):
        raise UNAUTHORISED
    return token


KioskTokenDep = Annotated[str, Depends(kiosk_token)]


def get_kiosk(token: KioskTokenDep, db: DbDep) -> Kiosk:
    kiosk = db.scalar(select(Kiosk).where(Kiosk.token_hash == token_hash(token)))
    if kiosk is None or kiosk.revoked:
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


def require_role(minimum: str) -> Callable[[StaffUser], StaffUser]:
    """Dependency: the caller's role is ``minimum`` or above (ROLES order)."""
    rank = ROLES.index(minimum)

    def check(user: StaffDep) -> StaffUser:
        if ROLES.index(user.role) < rank:
            raise HTTPException(status.HTTP_403_FORBIDDEN, f"requires role {minimum}")
        return user

    return check
