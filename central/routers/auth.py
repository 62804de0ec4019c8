"""Staff login: argon2-checked password in, an opaque bearer token out (stored hashed)."""

from datetime import timedelta

from fastapi import APIRouter, HTTPException, Request, status
from sqlalchemy import select

from central.deps import DbDep, SettingsDep
from central.models import StaffToken, StaffUser, utcnow
from central.schemas import LoginIn, LoginOut
from central.security import STAFF_TOKEN_PREFIX, new_token, token_hash, verify_password

router = APIRouter(prefix="/api/auth", tags=["auth"])


def authenticate(request: Request, db, settings, username: str, password: str) -> StaffUser:
    """Check a login, rate-limited per user and address; raises 401 or 429."""
    limiter = request.app.state.login_limiter
    key = f"{username.lower()}|{request.client.host if request.client else '-'}"
    if not limiter.allow(key):
        raise HTTPException(status.HTTP_429_TOO_MANY_REQUESTS, "too many login attempts")
    user = db.scalar(select(StaffUser).where(StaffUser.username == username))
    if user is None or not user.active or not verify_password(user.password_hash, password):
        limiter.hit(key)
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "wrong username or password")
    limiter.reset(key)
    return user


def issue_token(db, settings, user: StaffUser) -> str:
    from central.audit import audit
    token = new_token(STAFF_TOKEN_PREFIX)
    audit(db, user, "login", f"staff:{user.id}")
    ttl = timedelta(seconds=settings.security.staff_token_ttl_s)
    db.add(StaffToken(user_id=user.id, token_hash=token_hash(token), expires_at=utcnow() + ttl))
    db.commit()
    return token


@router.post("/login", response_model=LoginOut)
def login(body: LoginIn, request: Request, db: DbDep, settings: SettingsDep) -> LoginOut:
    """Exchange a staff username and password for a bearer token."""
    user = authenticate(request, db, settings, body.username, body.password)
    return LoginOut(access_token=issue_token(db, settings, user), role=user.role)
