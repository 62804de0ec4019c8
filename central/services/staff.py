"""Staff accounts as hall managers keep them: who works in their halls, with which role.

- An admin keeps every account and may grant any role. A hall manager keeps the accounts
  whose every role lies in halls they manage, and grants roles up to their own, in those
  halls only. An account with a role elsewhere (or an admin's) is beyond them: 403; one
  with no role in their halls does not exist for them: 404.
- A password reset gives a one-time password, shown once to the manager who asked and
  stored as a hash only. It opens nothing but the change-password page: the person sets
  their own at the next login (``must_change_password``). Their logins end at once, as
  they do when the account is deactivated.
- No password is audited or logged; the audit says who reset whose.
"""

from __future__ import annotations

import secrets

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, object_session

from central.audit import audit
from central.i18n import N_
from central.models import ROLES, Hall, StaffRole, StaffToken, StaffUser
from central.schemas.staff import MIN_PASSWORD, OneTimePasswordOut, RoleIn, RoleOut, StaffIn, StaffOut
from central.security import hash_password, verify_password
from central.services import access
from central.services.errors import Conflict, Forbidden, Invalid, NotFound

__all__ = ["PASSWORD_REFUSALS", "grantable", "listing", "counsellors_of", "create", "set_roles", "reset_password", "set_active", "change_password",
           "one_time_password", "roles_in_words"]

MANAGER = "hall_manager"
# no 0/O, 1/l/I: read off a screen and typed on another keyboard
_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


#: why a new password was refused, as the password page says it
PASSWORD_REFUSALS = {
    "wrong": N_("The current password is wrong."),
    "short": N_("The new password needs at least 10 characters."),
    "same": N_("The new password must differ from the current one."),
    "differ": N_("The two new passwords differ."),
}


def roles_in_words(user: StaffUser, english: bool) -> list[tuple[str, str]]:
    """The logged-in person's roles for the console's header: (role, the hall's name, or ""
    for a city-wide role), in hall order. Names, not numbers: a counsellor knows their hall
    by its name."""
    roles = sorted(user.roles, key=lambda r: (r.hall_id or 0, r.role))
    ids = {r.hall_id for r in roles if r.hall_id is not None}
    db = object_session(user)
    names = {}
    if ids and db is not None:
        names = {i: (en if english and en else zh) for i, zh, en in
                 db.execute(select(Hall.id, Hall.name, Hall.name_en).where(Hall.id.in_(ids)))}
    return [(r.role, names.get(r.hall_id, str(r.hall_id)) if r.hall_id is not None else "")
            for r in roles]


def one_time_password() -> str:
    """Fifteen characters in three groups (about 86 random bits)."""
    return "-".join("".join(secrets.choice(_ALPHABET) for _ in range(5)) for _ in range(3))


def _out(user: StaffUser, editable: bool = True) -> StaffOut:
    roles = sorted(user.roles, key=lambda r: (r.hall_id or 0, r.role))
    return StaffOut(id=user.id, username=user.username, full_name=user.full_name,
                    active=user.active, must_change_password=user.must_change_password,
                    counter_id=user.counter_id, editable=editable,
                    roles=[RoleOut(hall_id=r.hall_id, role=r.role) for r in roles])


def grantable(user: StaffUser, halls: list[Hall]) -> list[tuple[int | None, list[str]]]:
    """Per hall the caller manages, the roles they may grant there; an admin also may grant
    the city-wide administrator role (hall None)."""
    out = [(h.id, [r for r in ROLES[:-1] if access.rank(r) <= access.rank(access.role_in(user, h.id))])
           for h in halls]
    return out + ([(None, ["admin"])] if access.top_role(user) == "admin" else [])


def listing(db: Session, user: StaffUser) -> list[StaffOut]:
    """The accounts the caller keeps sight of: anyone with a role in a hall they manage
    (an admin: everyone), by username."""
    managed = access.halls(user, MANAGER)
    query = select(StaffUser).order_by(StaffUser.username)
    if managed is not None:
        query = query.where(StaffUser.id.in_(select(StaffRole.user_id)
                                             .where(StaffRole.hall_id.in_(sorted(managed)))))
    return [_out(u, u.id != user.id and _standing(user, u) == "keeps") for u in db.scalars(query)]


def counsellors_of(db: Session, hall_id: int) -> list[StaffOut]:
    """The active accounts that may sit at the hall's counters (counsellor or manager there)."""
    query = (select(StaffUser).join(StaffRole).where(
        StaffRole.hall_id == hall_id, StaffRole.role.in_(("counsellor", MANAGER)), StaffUser.active)
        .order_by(StaffUser.username))
    return [_out(u) for u in db.scalars(query)]


def _standing(user: StaffUser, target: StaffUser) -> str:
    """Whether the caller keeps ``target``: "keeps", "beyond" (a role elsewhere or above
    theirs) or "unseen" (no role in a hall they manage)."""
    managed = access.halls(user, MANAGER)
    if managed is None:
        return "keeps"
    if not any(r.hall_id in managed for r in target.roles):
        return "unseen"
    if all(r.hall_id in managed and access.rank(r.role) <= access.rank(access.role_in(user, r.hall_id))
           for r in target.roles):
        return "keeps"
    return "beyond"


def _keepable(db: Session, user: StaffUser, staff_id: int) -> StaffUser:
    """The account ``staff_id``, if the caller keeps it (see the module's rules)."""
    target = db.get(StaffUser, staff_id)
    standing = "unseen" if target is None else _standing(user, target)
    if standing == "unseen":
        raise NotFound("no such staff member")
    if standing == "beyond":
        raise Forbidden("this account has roles beyond your halls")
    return target


def _check_grants(db: Session, user: StaffUser, roles: list[RoleIn]) -> list[tuple[int | None, str]]:
    """The (hall, role) pairs, if the caller may grant each: a role up to their own, in a
    hall they manage; admin (city-wide) from an admin only."""
    if len({r.hall_id for r in roles}) != len(roles):
        raise Invalid("one role per hall")
    for r in roles:
        if (r.role == "admin") != (r.hall_id is None):
            raise Invalid("admin is a city-wide role, and only admin is")
        if r.hall_id is not None and db.get(Hall, r.hall_id) is None:
            raise NotFound("no such hall")
        if r.hall_id is None:
            if access.top_role(user) != "admin":
                raise Forbidden("only an administrator grants the administrator role")
            continue
        access.require(user, r.hall_id, MANAGER, "hall")
        if access.rank(r.role) > access.rank(access.role_in(user, r.hall_id)):
            raise Forbidden("you can grant roles up to your own")
    return [(r.hall_id, r.role) for r in roles]


def create(db: Session, user: StaffUser, body: StaffIn) -> OneTimePasswordOut:
    """A new account with its roles and a one-time password. Commits."""
    pairs = _check_grants(db, user, body.roles)
    if db.scalar(select(StaffUser.id).where(StaffUser.username == body.username)) is not None:
        raise Conflict("that username is taken")
    password = one_time_password()
    target = StaffUser(username=body.username, full_name=body.full_name,
                       password_hash=hash_password(password), must_change_password=True)
    access.grant(target, pairs)
    db.add(target)
    db.flush()
    audit(db, user, "staff_create", f"staff:{target.id}",
          f"{body.username}: {access.describe(target)}", security=True)
    db.commit()
    return OneTimePasswordOut(staff=_out(target), password=password)


def set_roles(db: Session, user: StaffUser, staff_id: int, roles: list[RoleIn]) -> StaffOut:
    """Replace the account's roles with ``roles``. Commits."""
    target = _keepable(db, user, staff_id)
    pairs = _check_grants(db, user, roles)
    if target.id == user.id:
        raise Conflict("ask another manager to change your own roles")
    before = access.describe(target)
    target.roles = [r for r in target.roles if r.hall_id in {h for h, _ in pairs}]
    access.grant(target, pairs)
    audit(db, user, "staff_roles", f"staff:{target.id}", f"{before} -> {access.describe(target)}",
          security=True)
    db.commit()
    return _out(target)


def reset_password(db: Session, user: StaffUser, staff_id: int) -> OneTimePasswordOut:
    """A one-time password for the account; its logins end now. Commits."""
    target = _keepable(db, user, staff_id)
    if target.id == user.id:
        raise Conflict("change your own password on the password page")
    password = one_time_password()
    target.password_hash, target.must_change_password = hash_password(password), True
    db.execute(delete(StaffToken).where(StaffToken.user_id == target.id))
    audit(db, user, "staff_reset_password", f"staff:{target.id}", target.username, security=True)
    db.commit()
    return OneTimePasswordOut(staff=_out(target), password=password)


def set_active(db: Session, user: StaffUser, staff_id: int, active: bool) -> StaffOut:
    """Deactivate (its logins end now) or reactivate the account. Commits."""
    target = _keepable(db, user, staff_id)
    if target.id == user.id:
        raise Conflict("you cannot deactivate yourself")
    target.active = active
    if not active:
        db.execute(delete(StaffToken).where(StaffToken.user_id == target.id))
    audit(db, user, "staff_activate" if active else "staff_deactivate", f"staff:{target.id}",
          target.username, security=True)
    db.commit()
    return _out(target)


def change_password(db: Session, user: StaffUser, current: str, new: str) -> None:
    """The person's own new password, given the one they logged in with. Commits."""
    if not verify_password(user.password_hash, current):
        raise Invalid(PASSWORD_REFUSALS["wrong"])
    if len(new) < MIN_PASSWORD:
        raise Invalid(PASSWORD_REFUSALS["short"])
    if new == current:
        raise Invalid(PASSWORD_REFUSALS["same"])
    user.password_hash, user.must_change_password = hash_password(new), False
    audit(db, user, "password_change", f"staff:{user.id}", security=True)
    db.commit()
