"""Field types shared by every schema: values the database columns can hold, refused as 422
before they reach a query; and the base of answers read from ORM rows."""

from __future__ import annotations

import math
from datetime import datetime, timezone
from typing import Annotated, Any

from pydantic import AfterValidator, Field

from hallcore.contract import OrmOut

__all__ = ["DbInt", "DbStr", "DbDateTime", "JsonObject", "INT32_MAX", "NO_NUL", "OrmOut",
           "IdNumber"]

INT32_MAX = 2**31 - 1
# An integer that fits the database's INTEGER column: larger ones overflow it (PostgreSQL
# int4, SQLite int64) and must be refused as 422 before they reach a query.
DbInt = Annotated[int, Field(ge=-INT32_MAX - 1, le=INT32_MAX)]
# Text a PostgreSQL column can hold: it has no room for NUL, refused here as 422 too.
NO_NUL = r"^[^\x00]*$"
DbStr = Annotated[str, Field(pattern=NO_NUL)]
# A resident ID number (or another card number) as a visitor's terminal reads it.
IdNumber = Annotated[str, Field(min_length=6, max_length=24, pattern=r"^[0-9A-Za-z]+$")]


def _in_utc(value: datetime) -> datetime:
    try:
        return value.replace(tzinfo=value.tzinfo or timezone.utc).astimezone(timezone.utc)
    except OverflowError:  # 0001-01-01T00:00+05:00 has no UTC time
        raise ValueError("date out of range in UTC") from None


# A moment stored in UTC (naive ones are taken as UTC, like UTCDateTime does).
DbDateTime = Annotated[datetime, AfterValidator(_in_utc)]


def _finite(value: dict[str, Any]) -> dict[str, Any]:
    stack: list[Any] = [value]  # not recursive: nesting is as deep as the client likes
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, float) and not math.isfinite(item):
            raise ValueError("NaN and Infinity are not JSON")
    return value


# Free-form JSON for a JSON column. Python's parser takes NaN and Infinity, PostgreSQL and
# our own JSON responses do not.
JsonObject = Annotated[dict[str, Any], AfterValidator(_finite)]
