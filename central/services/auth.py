"""Who is calling: staff logins (argon2 passwords, opaque tokens stored hashed, rate-limited),
terminal enrolment (a one-time code for the terminal's own token), the token lookups the
request dependencies use, and the role order.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.audit import audit
from central.models import ROLES, Hall, Kiosk, StaffToken, StaffUser, utcnow
from central.schemas.auth import EnrolOut
from central.schemas.halls import HallOut
from central.security import (KIOSK_TOKEN_PREFIX, STAFF_TOKEN_PREFIX, RateLimiter, new_token,
                              normalise_code, token_hash, verify_password)
from central.services.errors import Forbidden, TooManyAttempts, Unauthorised

__all__ = ["has_role", "check_role", "authenticate", "issue_token", "staff_for_token",
           "kiosk_for_token", "enrol"]


def has_role(user: StaffUser, minimum: str) -> bool:
    """The user holds ``minimum`` or above in some hall (ROLES runs from least to most
    powerful); which hall a record may be touched in is central.services.access's to say."""
    return any(ROLES.index(r.role) >= ROLES.index(minimum) for r in user.roles)


def check_role(user: StaffUser, minimum: str) -> StaffUser:
    """The user, if their role is ``minimum`` or above; Forbidden otherwise."""
    if not has_role(user, minimum):
        raise Forbidden(f"requires role {minimum}")
    return user


def authenticate(db: Session, limiter: RateLimiter, client: str, username: str,
                 password: str) -> StaffUser:
    """Check a login, rate-limited per user and address (``client``)."""
    key = f"{username.lower()}|{client}"
    if not limiter.allow(key):
        raise TooManyAttempts("too many login attempts")
    user = db.scalar(select(StaffUser).where(StaffUser.username == username))
    if user is None or not user.active or not verify_password(user.password_hash, password):
        limiter.hit(key)
        raise Unauthorised("wrong username or password")
    limiter.reset(key)
    return user


def issue_token(db: Session, user: StaffUser, ttl_s: int) -> str:
    """A new login token for ``user`` (only its hash is stored). Commits."""
    token = new_token(STAFF_TOKEN_PREFIX)
    audit(db, user, "login", f"staff:{user.id}")
    db.add(StaffToken(user_id=user.id, token_hash=token_hash(token),
                      expires_at=utcnow() + timedelta(seconds=ttl_s)))
    db.commit()
    return token


def staff_for_token(db: Session, token: str | None) -> StaffUser | None:
    """The active staff member a live login token belongs to, or None."""
    if not token or not token.startswith(STAFF_TOKEN_PREFIX):
        return None
    row = db.scalar(select(StaffToken).where(StaffToken.token_hash == token_hash(token)))
    if row is None or row.expires_at <= utcnow():
        return None
    user = db.get(StaffUser, row.user_id)
    return user if user is not None and user.active else None


def kiosk_for_token(db: Session, token: str) -> Kiosk | None:
    """The enrolled, unrevoked terminal holding ``token``, or None."""
    kiosk = db.scalar(select(Kiosk).where(Kiosk.token_hash == token_hash(token)))
    return kiosk if kiosk is not None and not kiosk.revoked else None


def enrol(db: Session, code: str) -> EnrolOut:
    """Exchange a one-time enrolment code for the terminal's own token. Commits."""
    kiosk = db.scalar(select(Kiosk).where(Kiosk.enrol_code_hash == token_hash(normalise_code(code))))
    if kiosk is None or kiosk.revoked:
        raise Forbidden("unknown or used enrolment code")
    if kiosk.enrol_code_expires_at and kiosk.enrol_code_expires_at <= utcnow():
        raise Forbidden("enrolment code expired")
    token = new_token(KIOSK_TOKEN_PREFIX)
    kiosk.token_hash = token_hash(token)
    kiosk.enrol_code_hash = None  # a code works once
    kiosk.enrol_code_expires_at = None
    kiosk.enrolled_at = utcnow()
    db.commit()
    return EnrolOut(kiosk_id=kiosk.id, token=token, name=kiosk.name,
                    hall=HallOut.model_validate(db.get(Hall, kiosk.hall_id)))
