"""schema.org JobPosting JSON-LD: export a posting, and parse imports (pure, no DB).

``parse_document`` accepts a single object, a list, or an ``@graph``; each record
becomes either a dict of Job columns or a ``Rejected(index, reason)``. Only
``JsonLdError`` escapes for a document that is not JSON-LD at all.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

__all__ = ["JsonLdError", "Rejected", "parse_document", "parse_posting", "to_jsonld"]

_UNIT_TO_MONTH = {"MONTH": 1.0, "YEAR": 1 / 12, "WEEK": 52 / 12, "DAY": 21.75, "HOUR": 174.0}
_TYPES = {"FULL_TIME": "full_time", "PART_TIME": "part_time", "CONTRACTOR": "full_time",
          "TEMPORARY": "part_time", "INTERN": "part_time", "PER_DIEM": "part_time"}


class JsonLdError(ValueError):
    """The document as a whole cannot be read."""


@dataclass(frozen=True)
class Rejected:
    index: int
    reason: str


def _text(value: Any, limit: int = 2000) -> str:
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or ""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), "")
    if value is None:
        return ""
    if not isinstance(value, (str, int, float)):
        raise ValueError("expected text")
    return re.sub(r"<[^>]+>", "", str(value)).strip()[:limit]


def _date(value: Any, field: str) -> datetime | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ValueError(f"{field} is not a date")
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{field} is not an ISO 8601 date: {value[:40]!r}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def _number(value: Any) -> float | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise ValueError("salary is not a number")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"salary is not a number: {str(value)[:20]!r}") from None
    if not (0 <= number < 1e9):
        raise ValueError("salary out of range")
    return number


def _salary(base: Any) -> tuple[int | None, int | None]:
    if base in (None, ""):
        return None, None
    if not isinstance(base, dict):
        value = _number(base)
        return (round(value), round(value)) if value is not None else (None, None)
    value = base.get("value", base)
    if not isinstance(value, dict):
        value = {"value": value}
    unit = str(value.get("unitText") or base.get("unitText") or "MONTH").upper()
    factor = _UNIT_TO_MONTH.get(unit)
    if factor is None:
        raise ValueError(f"unknown salary unit {unit[:10]!r}")
    low = _number(value.get("minValue", value.get("value")))
    high = _number(value.get("maxValue", value.get("value")))
    if low is not None and high is not None and low > high:
        raise ValueError("salary minimum above maximum")
    conv = lambda v: round(v * factor) if v is not None else None  # noqa: E731
    return conv(low), conv(high)


def _place(location: Any) -> tuple[str, str]:
    places = location if isinstance(location, list) else [location]
    for place in places:
        if isinstance(place, str):
            return "", place[:200]
        if isinstance(place, dict):
            addr = place.get("address", place)
            if isinstance(addr, str):
                return "", addr[:200]
            if isinstance(addr, dict):
                district = _text(addr.get("addressLocality") or addr.get("addressRegion"), 40)
                street = _text(addr.get("streetAddress"), 160)
                return district, " ".join(p for p in (district, street) if p)[:200]
    return "", ""


def parse_posting(obj: Any) -> dict[str, Any]:
    """One JobPosting object -> Job column values; ValueError says why not."""
    if not isinstance(obj, dict):
        raise ValueError("record is not an object")
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    if "JobPosting" not in kinds:
        raise ValueError(f"@type is {str(kind)[:30]!r}, not JobPosting")
    title = _text(obj.get("title"), 120)
    if not title:
        raise ValueError("title is missing")
    org = obj.get("hiringOrganization")
    employer = _text(org, 120)
    if not employer:
        raise ValueError("hiringOrganization is missing")
    posted = _date(obj.get("datePosted"), "datePosted")
    if posted is None:
        raise ValueError("datePosted is missing")
    expires = _date(obj.get("validThrough"), "validThrough")
    if expires is not None and expires < posted:
        raise ValueError("validThrough is before datePosted")
    salary_min, salary_max = _salary(obj.get("baseSalary"))
    district, address = _place(obj.get("jobLocation"))
    etype = obj.get("employmentType") or "FULL_TIME"
    etype = etype[0] if isinstance(etype, list) and etype else etype
    if not isinstance(etype, str):
        raise ValueError("employmentType is not text")
    ident = obj.get("identifier")
    if isinstance(ident, dict):
        ident = ident.get("value")
    occupation = obj.get("occupationalCategory")
    return {
        "external_id": _text(ident, 120) or None,
        "title": title,
        "employer": employer,
        "district": district,
        "address": address,
        "occupation_code": _text(occupation, 16) if isinstance(occupation, str) else "",
        "salary_min": salary_min,
        "salary_max": salary_max,
        "employment_type": _TYPES.get(etype.upper(), "full_time"),
        "description": _text(obj.get("description"), 4000),
        "requirements": _text(obj.get("qualifications") or obj.get("experienceRequirements")),
        "duties": _text(obj.get("responsibilities")),
        "hours": _text(obj.get("workHours"), 120),
        "posted_at": posted,
        "expires_at": expires,
        "source_url": _text(obj.get("url"), 400) or None,
    }


def parse_document(text: str | bytes) -> tuple[list[dict[str, Any]], list[Rejected]]:
    """A JSON-LD document -> (valid records, rejected records with reasons)."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise JsonLdError(f"not JSON: {exc}"[:200]) from None
    if isinstance(data, dict) and "@graph" in data:
        data = data["@graph"]
    records = data if isinstance(data, list) else [data]
    good, bad = [], []
    for index, record in enumerate(records):
        try:
            good.append(parse_posting(record))
        except (ValueError, TypeError, RecursionError) as exc:
            bad.append(Rejected(index, str(exc) or type(exc).__name__))
    return good, bad


def to_jsonld(job: Any, url: str) -> dict[str, Any]:
    """A posting as schema.org JobPosting, for the public page and export."""
    doc: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "identifier": {"@type": "PropertyValue", "value": str(job.id)},
        "title": job.title,
        "description": job.description or job.title,
        "datePosted": job.posted_at.isoformat(),
        "employmentType": job.employment_type.upper(),
        "hiringOrganization": {"@type": "Organization", "name": job.employer},
        "jobLocation": {"@type": "Place", "address": {
            "@type": "PostalAddress", "addressLocality": job.district,
            "streetAddress": job.address, "addressCountry": "CN"}},
        "occupationalCategory": job.occupation_code,
        "url": url,
    }
    if job.expires_at:
        doc["validThrough"] = job.expires_at.isoformat()
    if job.salary_min or job.salary_max:
        doc["baseSalary"] = {"@type": "MonetaryAmount", "currency": "CNY", "value": {
            "@type": "QuantitativeValue", "minValue": job.salary_min,
            "maxValue": job.salary_max, "unitText": "MONTH"}}
    if job.requirements:
        doc["qualifications"] = job.requirements
    if job.duties:
        doc["responsibilities"] = job.duties
    return doc
