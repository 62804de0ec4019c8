"""Why a service refused, as one small hierarchy; the app maps each to its HTTP status::

    ServiceError         (status)  the request cannot be done
    ├── Unauthorised     401       who is asking could not be established
    ├── NotFound         404       what it names does not exist
    ├── Forbidden        403       the caller may not do this
    ├── Conflict         409       the record is in a state that does not allow it
    ├── Invalid          422       the input is well formed but not acceptable
    └── TooManyAttempts  429       the caller is going too fast (logins)
"""

from __future__ import annotations

__all__ = ["ServiceError", "Unauthorised", "NotFound", "Forbidden", "Conflict", "Invalid",
           "TooManyAttempts"]


class ServiceError(Exception):
    """A refusal with the HTTP status the app answers it with."""

    status = 400

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        if status is not None:
            self.status = status


class Unauthorised(ServiceError):
    status = 401


class NotFound(ServiceError):
    status = 404


class Forbidden(ServiceError):
    status = 403


class Conflict(ServiceError):
    status = 409


class Invalid(ServiceError):
    status = 422


class TooManyAttempts(ServiceError):
    status = 429
