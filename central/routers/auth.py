"""Staff login: argon2-checked password in, an opaque bearer token out (stored hashed)."""

from fastapi import APIRouter

from central.deps import ClientDep, DbDep, LimitsDep, SettingsDep
from central.schemas.auth import LoginIn, LoginOut
from central.services import access, auth

__all__ = ["router"]

router = APIRouter(prefix="/api/auth", tags=["auth"])


@router.post("/login")
def login(body: LoginIn, client: ClientDep, db: DbDep, limits: LimitsDep,
          settings: SettingsDep) -> LoginOut:
    """Exchange a staff username and password for a bearer token."""
    user = auth.authenticate(db, limits, client, body.username, body.password)
    token = auth.issue_token(db, user, settings.security.staff_token_ttl_s)
    return LoginOut(access_token=token, role=access.top_role(user) or "")
