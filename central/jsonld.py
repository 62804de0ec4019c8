"""schema.org JobPosting JSON-LD: export a posting, and read what other job sites publish.

Reading. ``parse_document`` accepts one object, a list, or an ``@graph``. Each top-level
record is flattened by PyLD on its own (one broken record cannot spoil the others), its
blank nodes renamed so records cannot collide, and the nodes of all records are pooled:
an organisation declared once in the ``@graph`` and referenced by ``@id`` from many
postings reads as if written inline in each (central.jobfields reads the fields).

No context is ever fetched: the document loader answers schema.org's own addresses with a
local context (``@vocab`` schema.org) and refuses every other address, so a document cannot
make the service call out. A record without a context is read as schema.org too.

Each JobPosting becomes a ``Parsed(index, columns)`` or a ``Rejected(index, reason)``;
non-postings that a posting refers to (its organisation, its places) are not reported.
``JsonLdError`` escapes only for a document that is not JSON at all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from pyld import jsonld as pyld

from central.i18n import N_
from central.jobfields import SCHEMA, Nodes, RecordError, posting_columns, types_of

__all__ = ["JsonLdError", "Parsed", "Rejected", "parse_document", "parse_posting", "to_jsonld"]

_CONTEXT = {"@vocab": SCHEMA}
_OPTIONS = {"compactArrays": False, "expandContext": _CONTEXT}
MAX_RECORDS = 5000


class JsonLdError(ValueError):
    """The document as a whole cannot be read."""


@dataclass(frozen=True)
class Rejected:
    """A record not imported: ``reason`` in English, ``msgid``/``params`` to translate it."""

    index: int
    reason: str
    msgid: str = ""
    params: dict[str, str] = field(default_factory=dict)
    title: str = ""

    @classmethod
    def of(cls, index: int, error: RecordError, title: str = "") -> "Rejected":
        return cls(index, str(error), error.msgid, error.params, title)


@dataclass(frozen=True)
class Parsed:
    index: int
    columns: dict[str, Any]


def _local_loader(url: str, options: Any = None) -> dict[str, Any]:
    """schema.org's context from memory; any other address refused (never fetched)."""
    try:
        host = urlsplit(str(url)).hostname or ""
    except ValueError:
        host = ""
    if host in ("schema.org", "www.schema.org"):
        return {"contextUrl": None, "documentUrl": url, "document": {"@context": _CONTEXT}}
    raise pyld.JsonLdError(f"remote context {str(url)[:80]} is not loaded", "jsonld.LoadDocumentError",
                           code="loading remote context failed")


def _renamed(value: Any, prefix: str) -> Any:
    """``value`` with its blank node ids made unique to one record."""
    if isinstance(value, list):
        return [_renamed(v, prefix) for v in value]
    if isinstance(value, dict):
        out = {k: _renamed(v, prefix) for k, v in value.items()}
        ident = out.get("@id")
        if isinstance(ident, str) and ident.startswith("_:"):
            out["@id"] = f"_:{prefix}{ident[2:]}"
        return out
    return value


def _flatten(record: dict, context: Any, index: int) -> list[dict]:
    doc = {"@context": context, "@graph": [record]} if context is not None else record
    try:
        flat = pyld.flatten(doc, _CONTEXT, {**_OPTIONS, "documentLoader": _local_loader})
    except pyld.JsonLdError as exc:
        raise RecordError(N_("not readable as JSON-LD: %(detail)s"),
                          detail=exc.code or exc.args[0] if exc.args else exc.type) from None
    except Exception as exc:  # noqa: BLE001 - the boundary of a foreign library
        # PyLD meets some malformed input with plain Python errors (TypeError, KeyError,
        # RecursionError, ...) rather than its own: each is this record's fault, not ours
        raise RecordError(N_("not readable as JSON-LD: %(detail)s"), detail=type(exc).__name__) from None
    return _renamed(flat.get("@graph", []), f"r{index}-")


def _records(data: Any) -> tuple[list[Any], Any]:
    """The top-level records and the context they share."""
    if isinstance(data, dict) and "@graph" in data:
        graph = data["@graph"]
        return (graph if isinstance(graph, list) else [graph]), data.get("@context")
    return (data if isinstance(data, list) else [data]), None


def parse_document(text: str | bytes) -> tuple[list[Parsed], list[Rejected]]:
    """A JSON-LD document -> (postings read, records rejected with reasons), in file order."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise JsonLdError(f"not JSON: {exc}"[:200]) from None
    records, context = _records(data)
    if len(records) > MAX_RECORDS:
        raise JsonLdError(f"more than {MAX_RECORDS} records: split the file")
    pool: dict[str, dict] = {}
    per_record: list[list[str] | Rejected] = []
    for index, record in enumerate(records):
        if not isinstance(record, dict):
            per_record.append(Rejected.of(index, RecordError(N_("record is not an object"))))
            continue
        try:
            nodes = _flatten(record, context, index)
        except RecordError as exc:
            per_record.append(Rejected.of(index, exc))
            continue
        for node in nodes:
            merged = pool.setdefault(node["@id"], {"@id": node["@id"]})
            for key, value in node.items():
                if key != "@id":
                    merged[key] = merged.get(key, []) + value if isinstance(value, list) else value
        per_record.append([n["@id"] for n in nodes])
    return _read(pool, per_record)


def _referenced(pool: dict[str, dict]) -> set[str]:
    return {v["@id"] for node in pool.values() for values in node.values() if isinstance(values, list)
            for v in values if isinstance(v, dict) and "@id" in v}


def _roots(pool: dict[str, dict], ids: list[str]) -> set[str]:
    """The record's top nodes: those no other node of the same record points to."""
    inner = _referenced({i: pool[i] for i in ids})
    return {i for i in ids if i not in inner}


def _read(pool: dict[str, dict], per_record: list) -> tuple[list[Parsed], list[Rejected]]:
    nodes, referenced = Nodes(pool), _referenced(pool)
    good: list[Parsed] = []
    bad: list[Rejected] = []
    for index, ids in enumerate(per_record):
        if isinstance(ids, Rejected):
            bad.append(ids)
            continue
        postings = [pool[i] for i in ids if "JobPosting" in types_of(pool[i])]
        if not postings:
            if not any(i in referenced for i in _roots(pool, ids)):
                kinds = ", ".join(sorted(k for i in ids for k in types_of(pool[i]))) or "none"
                bad.append(Rejected.of(index, RecordError(N_("@type is %(type)s, not JobPosting"),
                                                          type=kinds[:30])))
            continue
        for posting in postings:
            try:
                good.append(Parsed(index, posting_columns(nodes, posting)))
            except RecordError as exc:
                bad.append(Rejected.of(index, exc, nodes.text(posting, "title", 120)))
            except (ValueError, TypeError, KeyError, AttributeError, RecursionError, OverflowError) as exc:
                bad.append(Rejected.of(index, RecordError(N_("unreadable record: %(detail)s"),
                                                          detail=type(exc).__name__)))
    return good, bad


def parse_posting(obj: Any) -> dict[str, Any]:
    """One JobPosting object (as a publisher writes it) -> Job column values; ValueError
    (a RecordError) says why not."""
    good, bad = parse_document(json.dumps(obj))
    if bad:
        raise RecordError(bad[0].msgid, **bad[0].params)
    if not good:
        raise RecordError(N_("record is not an object"))
    return good[0].columns


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
    if job.vacancies:
        doc["totalJobOpenings"] = job.vacancies
    if job.remote:
        doc["jobLocationType"] = "TELECOMMUTE"
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


def event_to_jsonld(event: Any, hall: Any, url: str, postings: list[tuple[Any, str]]) -> dict[str, Any]:
    """A hall event as schema.org Event; a job fair's postings as the JobPostings it is
    ``about`` (each with the address of its own page)."""
    doc: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "Event",
        "name": event.title,
        "description": event.description or event.title,
        "startDate": event.starts_at.isoformat(),
        "endDate": event.ends_at.isoformat(),
        "eventStatus": "https://schema.org/" + ("EventCancelled" if event.state == "cancelled"
                                                else "EventScheduled"),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {"@type": "Place", "name": event.place or hall.name, "address": {
            "@type": "PostalAddress", "streetAddress": hall.address, "addressCountry": "CN"}},
        "organizer": {"@type": "GovernmentOrganization", "name": hall.name},
        "maximumAttendeeCapacity": event.capacity,
        "remainingAttendeeCapacity": max(0, event.capacity - event.seats_taken),
        "isAccessibleForFree": True,
        "url": url,
    }
    if postings:
        doc["about"] = [{"@type": "JobPosting", "@id": job_url, "url": job_url, "title": job.title,
                         "hiringOrganization": {"@type": "Organization", "name": job.employer}}
                        for job, job_url in postings]
    return doc
