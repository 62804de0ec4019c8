"""Halls as the boundary between staff: who may do what in which hall.

A staff member holds one role in each hall they work in (``StaffRole``); an admin's role is
city-wide and reaches every hall. A role allows what every role before it in ``ROLES``
allows. Every staff route checks the hall of what it touches through ``require`` (one
record) or ``halls``/``visible`` (a list), and the answers follow one rule:

- something in a hall where the caller holds no role answers 404, as if it did not exist
  (a terminal, counter, ticket or config layer of another hall is not confirmed to exist);
- something in a hall where the caller's role there is too low answers 403.

The routes' coarse check (deps.Viewer, Counsellor, ...) asks only whether the caller holds
that role in some hall; the service then asks this module about the hall of the record.
"""

from __future__ import annotations

from typing import Any, Iterable, TypeVar

from sqlalchemy import ColumnElement, false, select, true
from sqlalchemy.orm import Session

from central.models import ROLES, Hall, StaffRole, StaffUser
from central.services.errors import Forbidden, NotFound

__all__ = ["CITY", "rank", "top_role", "role_in", "halls", "require", "get", "visible", "first_hall",
           "hall_choices", "describe", "grant"]

CITY = None   # the hall of a city-wide role
T = TypeVar("T")


def rank(role: str | None) -> int:
    """A role's place in ROLES (-1: no role)."""
    return ROLES.index(role) if role in ROLES else -1


def top_role(user: StaffUser) -> str | None:
    """The highest role the user holds in any hall (None: no role at all)."""
    return max((r.role for r in user.roles), key=rank, default=None)


def role_in(user: StaffUser, hall_id: int | None) -> str | None:
    """The user's role in ``hall_id``: a city-wide role counts in every hall."""
    held = [r.role for r in user.roles if r.hall_id is CITY or r.hall_id == hall_id]
    return max(held, key=rank, default=None)


def halls(user: StaffUser, minimum: str = "viewer") -> frozenset[int] | None:
    """The halls where the user's role is ``minimum`` or above; None for every hall (a
    city-wide role of that level)."""
    need = rank(minimum)
    if any(r.hall_id is CITY and rank(r.role) >= need for r in user.roles):
        return None
    return frozenset(r.hall_id for r in user.roles if rank(r.role) >= need)


def require(user: StaffUser, hall_id: int | None, minimum: str, what: str = "record") -> None:
    """Nothing if the user's role in ``hall_id`` is ``minimum`` or above; NotFound ("no such
    <what>") when they hold no role there, Forbidden when the role is too low."""
    held = role_in(user, hall_id)
    if held is None:
        raise NotFound(f"no such {what}")
    if rank(held) < rank(minimum):
        raise Forbidden(f"requires role {minimum} in this hall")


def get(db: Session, model: type[T], record_id: int, user: StaffUser, minimum: str,
        what: str) -> T:
    """The ``model`` row ``record_id`` (anything with a ``hall_id``) for a user whose role in
    its hall is ``minimum`` or above; NotFound when it does not exist or lies in another hall."""
    row = db.get(model, record_id)
    if row is None:
        raise NotFound(f"no such {what}")
    require(user, row.hall_id, minimum, what)
    return row


def visible(column: Any, user: StaffUser, minimum: str = "viewer") -> ColumnElement[bool]:
    """SQL condition: the hall in ``column`` is one of the user's halls at ``minimum``."""
    allowed = halls(user, minimum)
    if allowed is None:
        return true()
    return column.in_(sorted(allowed)) if allowed else false()


def first_hall(user: StaffUser, minimum: str = "viewer", default: int = 1) -> int | None:
    """The hall a page opens on: the user's lowest-numbered hall at ``minimum`` (``default``
    for a city-wide role; None when they have none)."""
    allowed = halls(user, minimum)
    if allowed is None:
        return default
    return min(allowed) if allowed else None


def hall_choices(db: Session, user: StaffUser, minimum: str = "viewer") -> list[Hall]:
    """The halls a hall picker offers the user, in id order."""
    return list(db.scalars(select(Hall).where(visible(Hall.id, user, minimum)).order_by(Hall.id)))


def describe(user: StaffUser) -> str:
    """The user's roles as the console header shows them: "admin" or "hall_manager@1, viewer@2"."""
    return ", ".join(r.role if r.hall_id is CITY else f"{r.role}@{r.hall_id}"
                     for r in sorted(user.roles, key=lambda r: (r.hall_id or 0, r.role)))


def grant(user: StaffUser, roles: Iterable[tuple[int | None, str]]) -> None:
    """Give ``user`` these (hall, role) pairs, replacing the role held in each hall.
    ValueError for an unknown role, a city-wide role that is not admin, or an admin role
    tied to one hall (an admin is the city's)."""
    for hall_id, role in roles:
        if role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}")
        if (role == "admin") != (hall_id is CITY):
            raise ValueError("admin is a city-wide role, and only admin is")
        held = next((r for r in user.roles if r.hall_id == hall_id), None)
        if held is not None:   # changed in place: one role per hall (a unique constraint)
            held.role = role
        else:
            user.roles.append(StaffRole(hall_id=hall_id, role=role))
