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
from central.security import (KIOSK_TOKEN_PREFIX, STAFF_TOKEN_PREFIX, new_token, normalise_code,
                              token_hash, verify_password)
from central.services import ratelimit
from central.services.ratelimit import Limits
from central.services.errors import Forbidden, TooManyAttempts, Unauthorised
from hallcore.sealing import new_key as new_seal_key

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


def authenticate(db: Session, limits: Limits, client: str, username: str,
                 password: str) -> StaffUser:
    """Check a login; failures are limited per user and, separately, per address (``client``),
    in counters every replica shares."""
    user_key = username.lower()
    if not (ratelimit.allowed(db, limits.login_user, user_key)
            and ratelimit.allowed(db, limits.login_address, client)):
        raise TooManyAttempts("too many login attempts")
    user = db.scalar(select(StaffUser).where(StaffUser.username == username))
    if user is None or not user.active or not verify_password(user.password_hash, password):
        ratelimit.hit(db, limits.login_user, user_key)
        ratelimit.hit(db, limits.login_address, client)
        db.commit()
        raise Unauthorised("wrong username or password")
    ratelimit.reset(db, limits.login_user, user_key)   # not the address: others may spray from it
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


def enrol(db: Session, limits: Limits, client: str, code: str) -> EnrolOut:
    """Exchange a one-time enrolment code for the terminal's own token; wrong codes are
    limited per address (``client``). Commits."""
    if not ratelimit.allowed(db, limits.enrol_address, client):
        raise TooManyAttempts("too many enrolment attempts")
    kiosk = db.scalar(select(Kiosk).where(Kiosk.enrol_code_hash == token_hash(normalise_code(code))))
    refusal = None
    if kiosk is None or kiosk.revoked:
        refusal = "unknown or used enrolment code"
    elif kiosk.enrol_code_expires_at and kiosk.enrol_code_expires_at <= utcnow():
        refusal = "enrolment code expired"
    if refusal:
        ratelimit.hit(db, limits.enrol_address, client)
        db.commit()
        raise Forbidden(refusal)
    token = new_token(KIOSK_TOKEN_PREFIX)
    kiosk.token_hash = token_hash(token)
    kiosk.enrol_code_hash = None  # a code works once
    kiosk.enrol_code_expires_at = None
    kiosk.enrolled_at = utcnow()
    kiosk.seal_key = new_seal_key()  # a new one on every enrolment; only the terminal gets it
    db.commit()
    return EnrolOut(kiosk_id=kiosk.id, token=token, seal_key=kiosk.seal_key, name=kiosk.name,
                    hall=HallOut.model_validate(db.get(Hall, kiosk.hall_id)))
