"""Staff login: argon2-checked password in, an opaque bearer token out (stored hashed); logout
ends that token, logout-everywhere every token of the person."""

from fastapi import APIRouter, Request

from central.deps import ClientDep, DbDep, LimitsDep, SettingsDep, StaffDep, bearer_token
from central.schemas.auth import LoginIn, LoginOut, LogoutOut
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


@router.post("/logout")
def logout(request: Request, user: StaffDep, db: DbDep) -> LogoutOut:
    """End the login this request was made with: its token stops working at once."""
    return LogoutOut(ended=int(auth.revoke_token(db, bearer_token(request)) is not None))


@router.post("/logout-everywhere")
def logout_everywhere(user: StaffDep, db: DbDep) -> LogoutOut:
    """End every login of the caller, on every browser and script."""
    return LogoutOut(ended=auth.revoke_all_tokens(db, user))
