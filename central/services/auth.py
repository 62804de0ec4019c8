"""Who is calling: staff logins (argon2 passwords, opaque tokens stored hashed, rate-limited),
logouts (one token, or every token of the person), terminal enrolment (a one-time code for
the terminal's own token), the token lookups the request dependencies use, and the role order.

A login costs one argon2 verification whether the username exists or not: an unknown or
inactive user is checked against a dummy hash, so the answer's timing does not tell which
usernames exist (it did: 3 ms unknown, 130 ms known).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from central.audit import audit
from central.models import ROLES, Hall, Kiosk, StaffToken, StaffUser, utcnow
from central.schemas.auth import EnrolOut
from central.schemas.halls import HallOut
from central.security import (KIOSK_TOKEN_PREFIX, STAFF_TOKEN_PREFIX, hash_password, new_token,
                              normalise_code, token_hash, verify_password)
from central.services import ratelimit
from central.services.ratelimit import Limits
from central.services.errors import Forbidden, TooManyAttempts, Unauthorised
from hallcore.sealing import new_key as new_seal_key

__all__ = ["has_role", "check_role", "authenticate", "issue_token", "staff_for_token",
           "revoke_token", "revoke_all_tokens", "purge_expired_tokens", "kiosk_for_token", "enrol"]


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
    known = user is not None and user.active
    # equal work either way: an unknown name costs the same argon2 run as a known one
    if not verify_password(user.password_hash if known else _dummy_hash(), password) or not known:
        ratelimit.hit(db, limits.login_user, user_key)
        ratelimit.hit(db, limits.login_address, client)
        db.commit()
        raise Unauthorised("wrong username or password")
    ratelimit.reset(db, limits.login_user, user_key)   # not the address: others may spray from it
    return user


@cache
def _dummy_hash() -> str:
    """An argon2 hash of a random password, made once per process, for logins of unknown users."""
    return hash_password(new_token(""))


def issue_token(db: Session, user: StaffUser, ttl_s: int) -> str:
    """A new login token for ``user`` (only its hash is stored); expired tokens of anyone go
    on the way (one indexed delete). Commits."""
    token = new_token(STAFF_TOKEN_PREFIX)
    purge_expired_tokens(db, utcnow())
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


def revoke_token(db: Session, token: str | None) -> StaffUser | None:
    """End one login: its token stops working at once. The user it belonged to (None for an
    unknown or expired token). Commits."""
    user = staff_for_token(db, token)
    if user is not None:
        db.execute(delete(StaffToken).where(StaffToken.token_hash == token_hash(token)))
        audit(db, user, "logout", f"staff:{user.id}")
        db.commit()
    return user


def revoke_all_tokens(db: Session, user: StaffUser) -> int:
    """Log ``user`` out everywhere: every token of theirs stops working. How many. Commits."""
    gone = db.execute(delete(StaffToken).where(StaffToken.user_id == user.id)).rowcount
    audit(db, user, "logout_everywhere", f"staff:{user.id}", f"{gone} logins ended")
    db.commit()
    return gone


def purge_expired_tokens(db: Session, now: datetime) -> int:
    """Delete the login tokens expired at ``now`` (`central purge` and every login call this);
    how many. The caller commits."""
    return db.execute(delete(StaffToken).where(StaffToken.expires_at <= now)).rowcount


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
